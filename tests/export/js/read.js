#!/usr/bin/env node
// Reads a GEXF or GraphML file with graphology's parsers (the ones behind Gephi Lite) and
// prints what they saw as JSON: graph type, order, size, graph attributes, every node's and
// every edge's attributes. Used by tests/export/test_independent_readers.py.
//
// usage: node read.js gexf|graphml FILE
'use strict';

const fs = require('fs');
const Graph = require('graphology');
const gexf = require('graphology-gexf');
const graphml = require('graphology-graphml');

function main(argv) {
  const [format, file] = argv;
  if (!['gexf', 'graphml'].includes(format) || !file) {
    process.stderr.write('usage: node read.js gexf|graphml FILE\n');
    return 2;
  }
  const text = fs.readFileSync(file, 'utf8');
  const parser = format === 'gexf' ? gexf : graphml;
  const graph = parser.parse(Graph, text);
  const nodes = {};
  graph.forEachNode((node, attributes) => {
    nodes[node] = attributes;
  });
  const edges = [];
  graph.forEachEdge((edge, attributes, source, target) => {
    edges.push({key: edge, source, target, attributes});
  });
  const summary = {
    type: graph.type,
    multi: graph.multi,
    order: graph.order,
    size: graph.size,
    attributes: graph.getAttributes(),
    nodes,
    edges,
  };
  process.stdout.write(JSON.stringify(summary));
  return 0;
}

process.exitCode = main(process.argv.slice(2));
