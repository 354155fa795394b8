// Realpolitik's plotly.js: the traces the explorer draws, and nothing else.
var Plotly = require('plotly.js/lib/core');
Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/scattergeo'),
    require('plotly.js/lib/scattergl'),
]);
module.exports = Plotly;
