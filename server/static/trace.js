// The trace page: the trace as a cytoscape.js graph (data from /analysis/trace.json).
// Loaded as a file (not inline) so the Content-Security-Policy can forbid inline scripts.
(function () {
  var box = document.getElementById('cy');
  var info = document.getElementById('info');
  if (typeof cytoscape === 'undefined') {
    info.textContent = 'The graph view needs cytoscape.js (run scripts/vendor-analysis-js.sh); the text tree below has the same trace.';
    box.style.display = 'none';
    return;
  }
  var colours = {law: '#f6d55c', national: '#9ecae1', local: '#a1d99b', row: '#e5f5e0', other: '#ffffff'};
  fetch(box.dataset.url).then(function (r) { return r.json(); }).then(function (data) {
    var cy = cytoscape({
      container: box,
      elements: data.nodes.concat(data.edges),
      wheelSensitivity: 0.3,
      style: [
        {selector: 'node', style: {
          'shape': 'round-rectangle', 'label': 'data(label)', 'text-wrap': 'wrap', 'text-max-width': 180,
          'font-size': 10, 'text-valign': 'center', 'width': 200, 'height': 54, 'border-width': 1,
          'border-color': '#666', 'background-color': function (n) { return colours[n.data('kind')] || '#fff'; }}},
        {selector: 'node[?root]', style: {'border-width': 4, 'border-color': '#1f3b57'}},
        {selector: 'edge', style: {
          'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'width': 1.5, 'line-color': '#777',
          'target-arrow-color': '#777', 'label': 'data(label)', 'font-size': 9, 'text-background-color': '#fff',
          'text-background-opacity': 0.8}}
      ],
      layout: {name: 'breadthfirst', directed: false, roots: '#' + data.root, spacingFactor: 1.1, padding: 20}
    });
    cy.on('tap', 'node', function (event) {
      var node = event.target.data();
      window.location = box.dataset.trace + '?thing=' + encodeURIComponent(node.iri);
    });
    cy.on('mouseover', 'node', function (event) {
      var node = event.target.data();
      info.textContent = node.label + ' — ' + node.iri;
    });
    window.aikgTrace = cy;
    box.dataset.ready = String(cy.nodes().length);
  }).catch(function (error) { info.textContent = 'Could not load the trace: ' + error; });
})();
