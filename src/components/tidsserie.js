// Line charts over periods (half-years or years, one kind at a time) for one or more regions (kommun against län and
// riket, förbund against its members, kvinnor against män). Plain functions: data in, Plot figure out. Colours work on
// light and dark backgrounds.
import * as Plot from "npm:@observablehq/plot";
import {formatKr, formatNumber} from "./format.js";
import {PERIODTYP_ORD, formatPeriod, periodNummer, periodTyp} from "./perioder.js";

/** Line styles per role: the region in focus strong, references dashed. */
export const ROLL_STIL = {
  region: {stroke: "#3d7cc9", strokeWidth: 3},
  forbund: {stroke: "#3d7cc9", strokeWidth: 3.5},
  lan: {stroke: "#d9822b", strokeWidth: 2, strokeDasharray: "6,3"},
  riket: {stroke: "#8c8c8c", strokeWidth: 2, strokeDasharray: "2,3"},
  K: {stroke: "#b8509b", strokeWidth: 2.5},
  M: {stroke: "#2f9e8f", strokeWidth: 2.5}
};
const MEDLEM_FARGER = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

/** Rows with a break (NaN) where a period is missing, so a line never bridges a gap. */
function medLuckor(rader, key) {
  const out = [];
  let prev;
  for (const r of rader) {
    if (r[key] == null) continue;
    if (prev !== undefined && periodNummer(r.period) - prev > 1) out.push({...r, [key]: NaN});
    out.push(r);
    prev = periodNummer(r.period);
  }
  return out;
}

function arDoman(punkter) {
  const ar = punkter.map((d) => d.datum.getUTCFullYear());
  if (!ar.length) return undefined;
  return [new Date(Date.UTC(Math.min(...ar), 0, 1)), new Date(Date.UTC(Math.max(...ar) + 1, 0, 1))];
}

/**
 * series: [{namn, roll: "region"|"forbund"|"lan"|"riket"|"K"|"M"|"medlem", rader}]; key: the ersättning shown.
 * andrade: [{period, tidigare_kr, kr}] half-years of the focus series revised since the previous report (drawn as
 * diamonds with the old and new value in the tooltip). Preliminary values are open circles.
 */
export function tidsserieLinjer(series, {key, width, titel, ylabel, andrade = [], beskrivning = ""}) {
  const synliga = series.filter((s) => s.rader.some((r) => r[key] != null));
  let medlemNr = 0;
  const stilar = synliga.map((s) => (s.roll === "medlem" ? {stroke: MEDLEM_FARGER[medlemNr++ % MEDLEM_FARGER.length], strokeWidth: 1.5} : ROLL_STIL[s.roll] ?? ROLL_STIL.region));
  const punkter = synliga.flatMap((s) => s.rader.filter((r) => r[key] != null).map((r) => ({...r, serie: s.namn, roll: s.roll})));
  const fokus = synliga[0];
  const andradePunkter = fokus
    ? andrade.map((a) => ({...a, datum: fokus.rader.find((r) => r.period === a.period)?.datum})).filter((a) => a.datum && a.kr != null)
    : [];
  const senaste = fokus?.rader.filter((r) => r[key] != null).at(-1);
  const ord = PERIODTYP_ORD[periodTyp(punkter[0]?.period) ?? "halvar"];
  return Plot.plot({
    width,
    height: Math.max(260, Math.min(420, width * 0.45)),
    marginLeft: 48,
    marginRight: 16,
    ariaLabel: titel,
    ariaDescription:
      `Linjediagram, ${ylabel}, ${ord.per} för ${synliga.map((s) => s.namn).join(", ")}.` +
      (senaste ? ` Senaste värde för ${fokus.namn}: ${formatKr(senaste[key])} (${formatPeriod(senaste.period)}).` : "") +
      (beskrivning ? ` ${beskrivning}` : ""),
    x: {type: "utc", label: null, domain: arDoman(punkter), ticks: width < 560 ? "4 years" : "2 years", tickFormat: "%Y"},
    y: {grid: true, zero: true, label: ylabel, tickFormat: (d) => formatNumber(d, 0)},
    color: {domain: synliga.map((s) => s.namn), range: stilar.map((s) => s.stroke), legend: true},
    marks: [
      Plot.ruleY([0]),
      ...synliga.map((s, i) =>
        Plot.lineY(medLuckor(s.rader, key), {
          x: "datum",
          y: key,
          stroke: () => s.namn,
          strokeWidth: stilar[i].strokeWidth,
          strokeDasharray: stilar[i].strokeDasharray ?? null
        })
      ),
      Plot.dot(punkter.filter((d) => !d.preliminar && (d.roll !== "medlem")), {x: "datum", y: key, fill: "serie", r: (d) => (d.roll === "region" || d.roll === "forbund" ? 3 : 2)}),
      Plot.dot(punkter.filter((d) => d.preliminar), {x: "datum", y: key, stroke: "serie", fill: "none", strokeWidth: 1.5, r: 4}),
      Plot.dot(andradePunkter, {x: "datum", y: "kr", symbol: "diamond", r: 7, stroke: "#c0392b", strokeWidth: 2, fill: "none"}),
      Plot.tip(
        punkter,
        Plot.pointer({
          x: "datum",
          y: key,
          title: (d) => {
            const a = d.serie === fokus?.namn ? andrade.find((x) => x.period === d.period) : null;
            return (
              `${d.serie}\n${formatPeriod(d.period)}\n${formatKr(d[key])} per invånare och dag` +
              (d.preliminar ? "\nPreliminärt värde" : "") +
              (a ? `\nÄndrad sedan förra rapporten: tidigare ${formatKr(a.tidigare_kr)}` : "")
            );
          }
        })
      )
    ]
  });
}
