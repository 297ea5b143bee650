// Loaded on every page (the header in observablehq.config.ts), so every page — also those added later — gets these
// without doing anything (issue #11):
//   - every Plot chart: marks without aria-label, a named chart as role="img", legends hidden from assistive
//     technology (diagram.js tillgangligPlot; the chart components do the same and add summary and table);
//   - every scrolling table or code block (.table-scroll, pre, an Inputs.table): reachable and scrollable by keyboard
//     while it overflows, as a named region (diagram.js scrollRuta);
//   - an Inputs.range's slider: Observable Inputs labels only the number box beside it (<label for>), so the slider
//     gets the same name (aria-label).
// It only sets attributes: the nodes a page's cells rendered stay the nodes Framework tracks (and later replaces).
// A MutationObserver applies both to what the page's cells render later (a chart redrawn after a choice).
import {scrollRuta, tillgangligPlot} from "./diagram.js";

const RULLANDE = '.table-scroll, pre, form[class*="inputs-"][class$="-table"]';

function behandla(el) {
  if (el.nodeType !== 1) return;
  if (el.matches("svg") || el.querySelector("svg")) tillgangligPlot(el.matches("svg") ? el.ownerSVGElement ?? el : el);
  if (el.matches(RULLANDE)) scrollRuta(el);
  for (const r of el.querySelectorAll(RULLANDE)) scrollRuta(r);
  for (const r of el.matches("input[type=range]") ? [el] : el.querySelectorAll("input[type=range]")) namnaReglage(r);
}

/** A slider without a name of its own takes its form's label ("Vikt för utbetalt belopp"). */
function namnaReglage(input) {
  if (input.hasAttribute("aria-label") || input.labels?.length) return;
  const text = input.closest("form")?.querySelector("label")?.textContent?.trim();
  if (text) input.setAttribute("aria-label", text);
}

function init() {
  // Framework's sidebar toggle has an English tooltip ("Toggle sidebar Alt-B"); the build gives it a Swedish name.
  for (const el of document.querySelectorAll("#observablehq-sidebar-toggle, label[for='observablehq-sidebar-toggle']")) {
    el.title = "Visa eller dölj sidomenyn (Alt-B)";
  }
  behandla(document.body);
  new MutationObserver((mutations) => {
    for (const m of mutations) for (const node of m.addedNodes) behandla(node);
  }).observe(document.body, {childList: true, subtree: true});
}

if (typeof document !== "undefined") {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
}
