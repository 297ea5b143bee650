// Charts and labels for the förbund's economy (Statens fördelning, the förbund page's economy section).
// The arithmetic lives in fordelning.js (the state's model) and medlemsandel.js (the calculator); this file draws.
import * as Plot from "npm:@observablehq/plot";
import {formatBelopp, formatNumber} from "./format.js";

/** A förbund's name without the word every name starts with, for chart axes: "Samordningsförbundet RAR i Södermanland" → "RAR i Södermanland", "Sjuhärads Samordningsförbund" → "Sjuhärads". */
export function kortForbundsnamn(namn) {
  const kort = String(namn).replace(/^(Samordningsförbundet|Samordningsförbund)\s+(i\s+|för\s+)?/i, "").replace(/\s+samordningsförbund$/i, "").trim();
  return kort ? kort.charAt(0).toUpperCase() + kort.slice(1) : String(namn);
}

// Horizontal bars of every förbund's modelled allocation, largest first; the base amount G as a rule; förbund without
// data (G alone) in grey.
export function tilldelningStaplar(rader, {width, grundbeloppKr, titel}) {
  const data = rader.filter((r) => r.beraknad_tilldelning_kr != null).map((r) => ({...r, kort: kortForbundsnamn(r.namn)}));
  const smal = width < 560;
  const langsta = Math.max(...data.map((r) => r.kort.length), 10);
  const marginLeft = Math.min(smal ? 150 : 280, 12 + langsta * 6.4);
  const maxTecken = Math.floor((marginLeft - 12) / 6.4);
  return Plot.plot({
    width,
    height: data.length * 15 + 60,
    marginLeft,
    marginRight: 16,
    marginTop: 36,
    ariaLabel: titel,
    ariaDescription: `Liggande stapeldiagram: beräknad tilldelning per förbund i miljoner kronor, störst först; den lodräta linjen är grundbeloppet ${formatBelopp(grundbeloppKr)}. Grå staplar: förbund utan utbetalningar i underlaget, som får bara grundbeloppet.`,
    x: {axis: "top", grid: true, label: "Beräknad tilldelning, miljoner kr", tickFormat: (d) => formatNumber(d / 1e6, 0)},
    y: {label: null, tickFormat: (d) => (d.length > maxTecken ? `${d.slice(0, maxTecken - 1)}…` : d), tickSize: 0},
    marks: [
      Plot.barX(data, {
        x: "beraknad_tilldelning_kr",
        y: "kort",
        sort: {y: "-x"},
        fill: (d) => (d.utan_data ? "#9a9a9a" : "#3d7cc9"),
        inset: 0.5
      }),
      Plot.ruleX([grundbeloppKr], {stroke: "currentColor", strokeDasharray: "3,3"}),
      Plot.ruleX([0]),
      Plot.tip(
        data,
        Plot.pointerY({
          x: "beraknad_tilldelning_kr",
          y: "kort",
          title: (d) => `${d.namn}\n${formatBelopp(d.beraknad_tilldelning_kr)}${d.utan_data ? "\nUtan data: bara grundbeloppet" : ""}`
        })
      )
    ]
  });
}

/** Appends a sum row to a table made by dataTabell (tabell.js): cells are texts, the first the row's header; num marks numeric cells. */
export function summarad(tabell, celler, {num = () => true, testid} = {}) {
  const rad = tabell.createTFoot().insertRow();
  celler.forEach((text, i) => {
    const cell = document.createElement(i === 0 ? "th" : "td");
    if (i === 0) cell.scope = "row";
    else if (num(i)) cell.className = "num";
    cell.textContent = text;
    rad.appendChild(cell);
  });
  if (testid) rad.dataset.testid = testid;
  return tabell;
}

/** The key of a budget year in words: "befolkning 16–64 år den 31 december 2025" or "egen nyckel från medlemsnyckel.csv". */
export function nyckelText(andelAr, installning, nyckelfiler = []) {
  if (andelAr.nyckeltyp === "egen_nyckel") return `egen nyckel från ${nyckelfiler.length ? nyckelfiler.map((f) => f.split(/[\\/]/).pop()).join(", ") : "medlemsnyckel*.csv"}`;
  return `befolkning ${installning.nyckel_fran}–${installning.nyckel_till}\u00a0år den 31 december ${andelAr.ar - installning.nyckel_ar_fore}`;
}
