// Renders the scorecard's Vega-Lite chart from the JSON block beside it. Vega's expression
// interpreter is used instead of eval, so the page's CSP needs no 'unsafe-eval'.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var specEl = document.getElementById("pillar-chart-spec");
  var target = document.getElementById("pillar-chart");
  if (!specEl || !target || !window.vegaEmbed) { return; }
  var spec = JSON.parse(specEl.textContent);
  window.vegaEmbed(target, spec, {
    actions: false,
    renderer: "svg",
    ast: true,
    expr: window.vegaInterpreter.expressionInterpreter,
    defaultStyle: false,
    tooltip: false, // vega-tooltip injects a <style> element, which the CSP forbids
  }).then(function () {
    target.setAttribute("data-rendered", "true");
  }).catch(function (err) {
    target.setAttribute("data-error", String(err));
  });
});
