// Builds the page's vendored scripts into the folder given (../../assets):
// - plotly-realpolitik.min.js: plotly.js with only the traces the explorer draws (scatter,
//   scattergeo, scattergl, bar), built with plotly.js's own esbuild settings. dcc.Graph uses
//   window.Plotly when a page defines it, so the full 4.6 MB bundle is never loaded.
// - regenerator-runtime.js: what Dash's components need of the Babel polyfill the app leaves
//   out (ui/layout.py page_scripts).
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');
const { environmentPlugin } = require('esbuild-plugin-environment');
const { glsl } = require('esbuild-plugin-glsl');
const InlineCSSPlugin = require('esbuild-plugin-inline-css');

const folder = process.argv[2];
esbuild.build({
    entryPoints: ['./entry.js'],
    outfile: path.join(folder, 'plotly-realpolitik.min.js'),
    format: 'iife',
    globalName: 'Plotly',
    bundle: true,
    minify: true,
    legalComments: 'eof',
    plugins: [InlineCSSPlugin(), glsl({ minify: true }), environmentPlugin({ NODE_DEBUG: false })],
    alias: { regl: '@plotly/regl', stream: 'stream-browserify' },
    define: { global: 'window', 'define.amd': 'false' },
    target: 'es2016',
    logLevel: 'warning',
}).then(() => {
    fs.copyFileSync(require.resolve('regenerator-runtime/runtime.js'),
                    path.join(folder, 'regenerator-runtime.js'));
}).catch(() => process.exit(1));
