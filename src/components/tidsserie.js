// Line charts over periods (half-years or years, one kind at a time) for one or more regions (kommun against län and
// riket, förbund against its members, kvinnor against män). Plain functions: data in, Plot figure out. Colours work on
// light and dark backgrounds.
import * as Plot from "npm:@observablehq/plot";
import {diagram, kortNamn, spridPlotEtiketter, tidsserieTabell, tidsserieText} from "./diagram.js";
import {ROLL_FARG, SERIE_FARGER, SERIE_SYMBOLER} from "./farger.js";
import {formatKr, formatNumber} from "./format.js";
import {PERIODTYP_NAMN, PERIODTYP_ORD, formatPeriod, periodNummer, periodTyp} from "./perioder.js";

/**
 * Line styles per role: the region in focus strong, references dashed, each with its own dot symbol, so lines are
 * told apart by colour, dash, marker and (on wide charts) a label at the line's end. Colours: farger.js (≥ 3:1 on
 * the light and the dark theme).
 */
export const ROLL_STIL = {
  region: {stroke: ROLL_FARG.region, strokeWidth: 3, symbol: "circle"},
  forbund: {stroke: ROLL_FARG.forbund, strokeWidth: 3.5, symbol: "circle"},
  lan: {stroke: ROLL_FARG.lan, strokeWidth: 2, strokeDasharray: "6,3", symbol: "square"},
  riket: {stroke: ROLL_FARG.riket, strokeWidth: 2, strokeDasharray: "2,3", symbol: "triangle"},
  K: {stroke: ROLL_FARG.K, strokeWidth: 2.5, symbol: "circle"},
  M: {stroke: ROLL_FARG.M, strokeWidth: 2.5, symbol: "square"}
};
// Members: the series colours without the focus blue and the riket grey; symbols cycle too (and a dash from the
// second round on), so no two members look alike.
const MEDLEM_FARGER = SERIE_FARGER.filter((c) => c !== ROLL_STIL.region.stroke && c !== ROLL_STIL.riket.stroke);
const MEDLEM_SYMBOLER = SERIE_SYMBOLER.filter((s) => s !== "circle" && s !== "triangle");

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
 * The summary's subject for a series name: "Försörjningsmåttet i Flen" (totalt), "Sjukpenning, kvinnor i Flen" (from
 * a title "Sjukpenning, kvinnor: Flen, …"), "Ohälsa för kvinnor i Flen" (kön series, title "Ohälsa för kvinnor och
 * män, Flen").
 */
function subjektFranTitel(key, titel, roll) {
  const t = String(titel ?? "");
  if (roll === "K" || roll === "M") {
    const [matt, region] = t.split(/ för kvinnor och män,? ?/);
    return (namn) => `${key === "totalt" ? "Försörjningsmåttet" : matt || "Värdet"} för ${namn.toLowerCase()}${region ? ` i ${region}` : ""}`;
  }
  const matt = key === "totalt" ? "Försörjningsmåttet" : t.split(":")[0].trim() || "Värdet";
  return (namn) => `${matt} i ${namn}`;
}

/**
 * series: [{namn, roll: "region"|"forbund"|"lan"|"riket"|"K"|"M"|"medlem", rader}]; key: the ersättning shown.
 * andrade: [{period, tidigare_kr, kr}] half-years of the focus series revised since the previous report (drawn as
 * diamonds with the old and new value in the tooltip). Preliminary values are open symbols.
 * subjekt: (series name) → the summary's subject ("Sjukpenning i Flen"; from the title by default).
 * Returns the chart with its summary and its table (diagram.js).
 */
export function tidsserieLinjer(series, {key, width, titel, ylabel, andrade = [], beskrivning = "", subjekt}) {
  const synliga = series.filter((s) => s.rader.some((r) => r[key] != null));
  let medlemNr = 0;
  const stilar = synliga.map((s) => {
    if (s.roll !== "medlem") return ROLL_STIL[s.roll] ?? ROLL_STIL.region;
    const i = medlemNr++;
    return {
      stroke: MEDLEM_FARGER[i % MEDLEM_FARGER.length],
      strokeWidth: 1.5,
      symbol: MEDLEM_SYMBOLER[i % MEDLEM_SYMBOLER.length],
      strokeDasharray: i >= MEDLEM_FARGER.length ? "4,2" : null
    };
  });
  const punkter = synliga.flatMap((s) => s.rader.filter((r) => r[key] != null).map((r) => ({...r, serie: s.namn, roll: s.roll})));
  const fokus = synliga[0];
  const andradePunkter = fokus
    ? andrade.map((a) => ({...a, datum: fokus.rader.find((r) => r.period === a.period)?.datum})).filter((a) => a.datum && a.kr != null)
    : [];
  const senaste = fokus?.rader.filter((r) => r[key] != null).at(-1);
  const typ = periodTyp(punkter[0]?.period) ?? "halvar";
  const ord = PERIODTYP_ORD[typ];
  // Labels at the lines' ends where there is room for them (the legend and the symbols tell the lines apart anyway).
  const etiketter = width >= 560;
  const slut = synliga.map((s) => ({...s.rader.filter((r) => r[key] != null).at(-1), serie: s.namn}));
  const langst = Math.max(0, ...synliga.map((s) => kortNamn(s.namn).length));
  const plot = Plot.plot({
    width,
    height: Math.max(260, Math.min(420, width * 0.45)),
    marginLeft: 48,
    marginRight: etiketter ? Math.min(170, 14 + langst * 6.2) : 16,
    ariaLabel: titel,
    ariaDescription:
      `Linjediagram, ${ylabel}, ${ord.per} för ${synliga.map((s) => s.namn).join(", ")}.` +
      (senaste ? ` Senaste värde för ${fokus.namn}: ${formatKr(senaste[key])} (${formatPeriod(senaste.period)}).` : "") +
      (beskrivning ? ` ${beskrivning}` : ""),
    x: {type: "utc", label: null, domain: arDoman(punkter), ticks: width < 560 ? "4 years" : "2 years", tickFormat: "%Y"},
    y: {grid: true, zero: true, label: ylabel, tickFormat: (d) => formatNumber(d, 0)},
    color: {domain: synliga.map((s) => s.namn), range: stilar.map((s) => s.stroke)},
    symbol: {domain: synliga.map((s) => s.namn), range: stilar.map((s) => s.symbol), legend: true, fill: "color", stroke: "none"},
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
      Plot.dot(punkter.filter((d) => !d.preliminar), {x: "datum", y: key, fill: "serie", symbol: "serie", r: (d) => (d.roll === "region" || d.roll === "forbund" ? 3.5 : d.roll === "medlem" ? 2.5 : 3)}),
      Plot.dot(punkter.filter((d) => d.preliminar), {x: "datum", y: key, stroke: "serie", symbol: "serie", fill: "none", strokeWidth: 1.5, r: 4}),
      Plot.dot(andradePunkter, {x: "datum", y: "kr", symbol: "diamond", r: 7, stroke: "#c4443f", strokeWidth: 2, fill: "none"}),
      etiketter
        ? Plot.text(slut, {x: "datum", y: key, text: (d) => kortNamn(d.serie), fill: "currentColor", textAnchor: "start", dx: 8, fontSize: 11, className: "slutetikett"})
        : null,
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
  if (etiketter) spridPlotEtiketter(plot, "slutetikett");
  const tabellSerier = synliga.map((s) => ({namn: s.namn, punkter: s.rader.map((r) => ({period: r.period, varde: r[key]}))}));
  return diagram(plot, {
    titel,
    sammanfattning: tidsserieText(tabellSerier, {subjekt: subjekt ?? subjektFranTitel(key, titel, fokus?.roll)}),
    tabell: {...tidsserieTabell(tabellSerier, {periodRubrik: PERIODTYP_NAMN[typ]}), caption: `${titel}, ${ylabel}`}
  });
}
