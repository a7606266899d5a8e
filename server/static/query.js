// The query page: YASGUI on this server's endpoint, with the named queries as examples.
// Loaded as a file (not inline) so the Content-Security-Policy can forbid inline scripts.
(function () {
  "use strict";
  var settings = JSON.parse(document.getElementById("aikg-query-settings").textContent);
  var endpoint = new URL(settings.endpoint, window.location.href).href;
  var examples = settings.examples;
  // No request may leave this server: the LOV class/property completers and the map plugin are switched off.
  Yasgui.Yasqe.defaults.autocompleters = ["prefixes", "variables"];
  Yasgui.Yasr.defaults.pluginOrder = ["table", "response"];
  Yasgui.Yasr.defaults.prefixes = {};
  function exampleText(example) {
    var names = Object.keys(example.values || {});
    if (!names.length) { return example.text; }
    // The documented example of each parameter, joined to the query's solutions; edit it to ask about another.
    return example.text.replace(/\s*$/, "\n") + "# parameters (documented examples; edit them):\nVALUES (" +
      names.map(function (n) { return "?" + n; }).join(" ") + ") { (" +
      names.map(function (n) { return example.values[n]; }).join(" ") + ") }\n";
  }
  function exampleNamed(name) {
    return examples.find(function (e) { return e.name === name; });
  }
  function hashExample() {
    var found = /^#example=(.+)$/.exec(window.location.hash);
    return found ? exampleNamed(decodeURIComponent(found[1])) : undefined;
  }
  var first = hashExample();
  var initial = first ? exampleText(first) : settings.initial;
  var yasqeConfig = { autocompleters: ["prefixes", "variables"] };
  if (initial) { yasqeConfig.value = initial; }
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    persistenceId: null,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    yasqe: yasqeConfig,
    yasr: { pluginOrder: ["table", "response"], defaultPlugin: "table" }
  });
  window.yasgui = yasgui;

  function load(example) {
    if (!example) { return; }
    var tab = yasgui.getTab();
    tab.getYasqe().setValue(exampleText(example));
    if (tab.setName) { tab.setName(example.title || example.name); }
    document.getElementById("yasgui").scrollIntoView();
  }
  document.getElementById("examples").addEventListener("click", function (event) {
    var link = event.target.closest("a[data-example]");
    if (link) {
      event.preventDefault();
      history.replaceState(null, "", "#example=" + link.dataset.example);
      load(exampleNamed(link.dataset.example));
    }
  });
  window.addEventListener("hashchange", function () { load(hashExample()); });
  document.getElementById("example-select").addEventListener("change", function (event) {
    if (event.target.value) {
      history.replaceState(null, "", "#example=" + event.target.value);
      load(exampleNamed(event.target.value));
    }
  });
})();
