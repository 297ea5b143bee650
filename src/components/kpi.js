// KPI cards: value of the latest period, change against the same period a year earlier (the same half-year a year
// before, or the year before) in kr and %, a sparkline of the whole series, and the definition, source and period
// beside the figure.
import * as Plot from "npm:@observablehq/plot";
import {tillgangligPlot} from "./diagram.js";
import {formatKr, formatKrChange, formatPercent} from "./format.js";
import {PERIODTYP_ORD, formatPeriod, periodTyp} from "./perioder.js";
import {forandring} from "./serier.js";

/**
 * A small line of the whole series (no axes); preliminary half-years as open circles. An image named by its first
 * and last value (the card around it states the latest value and the change in text).
 */
export function sparkline(rader, key, {width = 220, height = 44, namn = ""} = {}) {
  const punkter = rader.filter((r) => r[key] != null);
  const plot = Plot.plot({
    width,
    height,
    margin: 4,
    axis: null,
    ariaLabel: `Utveckling över tid${namn ? `, ${namn}` : ""}`,
    ariaDescription: punkter.length
      ? `Från ${formatKr(punkter[0][key])} (${formatPeriod(punkter[0].period)}) till ${formatKr(punkter.at(-1)[key])} (${formatPeriod(punkter.at(-1).period)}).`
      : "Inga värden.",
    x: {type: "utc"},
    y: {zero: false},
    marks: [
      Plot.lineY(punkter, {x: "datum", y: key, stroke: "currentColor", strokeWidth: 1.5}),
      Plot.dot(punkter.slice(-1), {x: "datum", y: key, r: 3, fill: (d) => (d.preliminar ? "none" : "currentColor"), stroke: "currentColor"})
    ]
  });
  tillgangligPlot(plot);
  return plot;
}

/**
 * One card. rader: rows with `key`; titel: the measure's name; definition and kalla: short texts under the figure.
 * The change is green-free on purpose: more or less support is not good or bad in itself.
 * exakt: the loader's change on the exact values ({period, tidigare_period, kr, procent}), used when given.
 * omfattning: the scope phrase of a group for the latest period (omfattning.js), shown under the figure.
 */
export function kpiKort(rader, key, {titel, definition, kalla, testid, exakt, omfattning}) {
  const {senaste, tidigare, kr, procent} = forandring(rader, key, exakt);
  const card = document.createElement("div");
  card.className = "card kpi-card";
  if (testid) card.dataset.testid = testid;
  const h = document.createElement("h3");
  h.textContent = titel;
  const varde = document.createElement("div");
  varde.className = "kpi";
  varde.textContent = senaste ? formatKr(senaste[key]) : "–";
  const period = document.createElement("div");
  period.className = "kpi-period";
  period.textContent = senaste
    ? `per invånare och dag, ${formatPeriod(senaste.period)}${senaste.preliminar ? " (preliminärt)" : ""}`
    : "Inga värden";
  const ord = PERIODTYP_ORD[periodTyp(senaste?.period ?? rader[0]?.period) ?? "halvar"];
  const change = document.createElement("div");
  change.className = "kpi-change";
  change.textContent =
    kr == null ? ord.ingenJamforelse : `${formatKrChange(kr)} (${formatPercent(procent, 1, {signed: true})}) mot ${formatPeriod(tidigare.period)}`;
  const spark = document.createElement("div");
  spark.className = "kpi-spark";
  spark.append(sparkline(rader, key, {namn: titel}));
  const note = document.createElement("p");
  note.className = "kpi-note";
  note.textContent = [definition, kalla].filter(Boolean).join(" ");
  card.append(h, varde, period);
  if (omfattning) {
    const o = document.createElement("div");
    o.className = "kpi-omfattning";
    o.dataset.testid = "omfattning";
    o.textContent = `${omfattning.charAt(0).toUpperCase()}${omfattning.slice(1)}.`;
    card.append(o);
  }
  card.append(change, spark, note);
  return card;
}
