// Helårsekvivalenter (SCB): lookups over the page's loader output (data/helarsekvivalenter.zip.ts), the
// share-over-time chart, the bars by ersättning and kön, the table. Plain functions; numbers via format.js.
import * as Plot from "npm:@observablehq/plot";
import {diagram, kortNamn, spridPlotEtiketter, tidsserieTabell, tidsserieText, ytterText} from "./diagram.js";
import {KON_FARG, ROLL_FARG} from "./farger.js";
import {formatHalvarKort, formatNumber, formatPercent} from "./format.js";
import {PERIODTYP_NAMN, formatPeriod as formatHalvar, periodMitt, periodTyp} from "./perioder.js";

export const KON_TEXT = {K: "Kvinnor", M: "Män", T: "Kvinnor och män"};

/**
 * Rows as objects with lookups over the page's meta (data/helarsekvivalenter/meta.json) and the parts fetched for the
 * view (omraden-<typ>, kommuner-<typ>-<ersättning>): filter(f) → [{regionnyckel, region, period, ersattning, kon, hek,
 * befolkning, andel}]. Rows come in the order region, ersättning, kön, period (the indexes of meta's lists) whichever
 * parts they came from; a value in two parts (a kommun's latest period) is one row.
 */
export function hekIndex(meta, delar) {
  const nE = meta.ersattningar.length;
  const nK = meta.kon.length;
  const nP = meta.perioder.length;
  const perNyckel = new Map();
  for (const block of delar.flatMap((d) => d.delar)) {
    const avvikelse = new Map(block.befolkningAvvikelser.map(([r, e, k, p, bef]) => [`${r}|${e}|${k}|${p}`, bef]));
    block.hek.forEach((perErs, r) =>
      perErs.forEach((perKon, e) =>
        perKon.forEach((perPeriod, k) =>
          perPeriod.forEach((hek, p) => {
            if (hek == null) return;
            const befolkning = avvikelse.get(`${r}|${e}|${k}|${p}`) ?? block.befolkning[r][k][p];
            const [ri, ei, pi] = [block.regioner[r], block.ersattningar[e], block.perioder[p]];
            perNyckel.set(((ri * nE + ei) * nK + k) * nP + pi, {
              regionnyckel: `${meta.regioner[ri].typ}:${meta.regioner[ri].kod}`,
              region: meta.regioner[ri],
              period: meta.perioder[pi],
              ersattning: meta.ersattningar[ei].id,
              ersattningNamn: meta.ersattningar[ei].namn,
              kon: meta.kon[k],
              hek,
              befolkning,
              andel: befolkning ? hek / befolkning : null
            });
          })
        )
      )
    );
  }
  const rader = [...perNyckel.keys()].sort((a, b) => a - b).map((n) => perNyckel.get(n));
  return {
    ...meta,
    alla: rader,
    region: (key) => meta.regioner.find((r) => `${r.typ}:${r.kod}` === key),
    filter: (f) => rader.filter((x) => Object.entries(f).every(([k, v]) => x[k] === v))
  };
}

// Region, its län, riket: colour, dash and dot symbol (the same roles as tidsserie.js; farger.js).
const ANDEL_STIL = [
  {stroke: ROLL_FARG.region, strokeWidth: 3, symbol: "circle", strokeDasharray: null},
  {stroke: ROLL_FARG.lan, strokeWidth: 2, symbol: "square", strokeDasharray: "6,3"},
  {stroke: ROLL_FARG.riket, strokeWidth: 2, symbol: "triangle", strokeDasharray: "2,3"}
];

/**
 * Share of the 20–64 population (percent) over time for a region and its län and riket. serier: [{namn, rader}].
 * Returns the chart with its summary and table (diagram.js).
 */
export function andelLinje(serier, {width, titel, beskrivning}) {
  const punkter = serier.flatMap((s) => s.rader.map((r) => ({...r, namn: s.namn, datum: periodMitt(r.period), procent: r.andel * 100})));
  const ar = punkter.map((d) => d.datum.getUTCFullYear());
  const antalAr = ar.length ? Math.max(...ar) - Math.min(...ar) + 1 : 1;
  const stilar = serier.map((_, i) => ANDEL_STIL[i % ANDEL_STIL.length]);
  const etiketter = width >= 560;
  const slut = serier.map((s) => punkter.filter((p) => p.namn === s.namn).at(-1)).filter(Boolean);
  const langst = Math.max(0, ...serier.map((s) => kortNamn(s.namn).length));
  const plot = Plot.plot({
    width,
    height: Math.max(260, Math.min(400, width * 0.42)),
    marginLeft: 52,
    marginRight: etiketter ? Math.min(170, 14 + langst * 6.2) : 20,
    ariaLabel: titel,
    ariaDescription: beskrivning,
    x: {
      type: "utc",
      label: null,
      domain: ar.length ? [new Date(Date.UTC(Math.min(...ar), 0, 1)), new Date(Date.UTC(Math.max(...ar) + 1, 0, 1))] : undefined,
      ticks: antalAr > 12 || width < 600 ? "2 years" : "1 year",
      tickFormat: "%Y"
    },
    y: {grid: true, zero: true, label: "procent av befolkningen 20–64 år", tickFormat: (d) => formatNumber(d, 1)},
    color: {domain: serier.map((s) => s.namn), range: stilar.map((s) => s.stroke)},
    symbol: {domain: serier.map((s) => s.namn), range: stilar.map((s) => s.symbol), legend: true, fill: "color", stroke: "none"},
    marks: [
      Plot.ruleY([0]),
      ...serier.map((s, i) =>
        Plot.lineY(
          punkter.filter((p) => p.namn === s.namn),
          {x: "datum", y: "procent", stroke: "namn", strokeWidth: stilar[i].strokeWidth, strokeDasharray: stilar[i].strokeDasharray}
        )
      ),
      Plot.dot(punkter, {x: "datum", y: "procent", fill: "namn", symbol: "namn", r: 3}),
      etiketter
        ? Plot.text(slut, {x: "datum", y: "procent", text: (d) => kortNamn(d.namn), fill: "currentColor", textAnchor: "start", dx: 8, fontSize: 11, className: "slutetikett"})
        : null,
      Plot.tip(
        punkter,
        Plot.pointer({
          x: "datum",
          y: "procent",
          title: (d) => `${d.namn}\n${formatHalvar(d.period)}\n${formatPercent(d.procent, 2)} av befolkningen 20–64 år\n${formatNumber(d.hek, 0)} helårsekvivalenter`
        })
      )
    ]
  });
  if (etiketter) spridPlotEtiketter(plot, "slutetikett");
  const tabellSerier = serier.map((s) => ({namn: s.namn, punkter: s.rader.map((r) => ({period: r.period, varde: r.andel == null ? null : r.andel * 100}))}));
  const fmt = (v) => formatPercent(v, 2);
  const typ = periodTyp(punkter[0]?.period) ?? "halvar";
  return diagram(plot, {
    titel,
    sammanfattning: tidsserieText(tabellSerier, {subjekt: (namn) => `Andelen i ${namn}`, fmt}),
    tabell: {...tidsserieTabell(tabellSerier, {fmt, periodRubrik: PERIODTYP_NAMN[typ]}), caption: `${titel}, procent av befolkningen 20–64 år`}
  });
}

/** Bars: share per ersättning, grouped by kön, for one region and half-year; each bar says its kön and share. */
export function andelStaplar(rader, {width, titel, beskrivning}) {
  const data = rader.map((r) => ({...r, procent: r.andel * 100, konText: KON_TEXT[r.kon] ?? r.kon}));
  const konDomain = ["Kvinnor", "Män", "Kvinnor och män"];
  const plot = Plot.plot({
    width,
    height: Math.max(240, 40 + 26 * new Set(data.map((d) => d.ersattning)).size * 3),
    marginLeft: 220,
    marginRight: 130,
    ariaLabel: titel,
    ariaDescription: beskrivning,
    x: {grid: true, label: "procent av befolkningen 20–64 år", tickFormat: (d) => formatNumber(d, 1)},
    y: {axis: null, domain: konDomain},
    fy: {label: null, axis: "left"},
    color: {domain: konDomain, range: konDomain.map((k) => KON_FARG[k]), legend: true},
    marks: [
      Plot.barX(data, {x: "procent", y: "konText", fy: "ersattningNamn", fill: "konText", sort: {fy: "-x"}}),
      Plot.ruleX([0]),
      // The kön in the label too, so a bar is told apart by more than its colour.
      Plot.text(data, {x: "procent", y: "konText", fy: "ersattningNamn", text: (d) => `${d.konText}: ${formatPercent(d.procent, 2)}`, dx: 4, textAnchor: "start", fontSize: 10}),
      Plot.tip(data, Plot.pointerY({x: "procent", y: "konText", fy: "ersattningNamn", title: (d) => `${d.ersattningNamn}, ${d.konText}\n${formatPercent(d.procent, 2)}\n${formatNumber(d.hek, 0)} helårsekvivalenter av ${formatNumber(d.befolkning, 0)} invånare 20–64 år`}))
    ]
  });
  const perErs = [...new Set(data.map((d) => d.ersattningNamn))];
  const tabell = {
    kolumner: [
      {key: "ersattning", label: "Ersättning"},
      ...konDomain.map((k) => ({key: k, label: `${k}, procent`, format: "tal", text: (v) => (v == null ? "–" : formatPercent(v, 2))}))
    ],
    rader: perErs.map((e) => ({ersattning: e, ...Object.fromEntries(konDomain.map((k) => [k, data.find((d) => d.ersattningNamn === e && d.konText === k)?.procent ?? null]))}))
  };
  return diagram(plot, {
    titel,
    sammanfattning: ytterText(
      data.filter((d) => d.kon === "T").map((d) => ({namn: d.ersattningNamn.toLowerCase(), varde: d.procent})),
      {fmt: (v) => formatPercent(v, 2), inledning: "Kvinnor och män: "}
    ),
    tabell: {...tabell, caption: titel}
  });
}

/** Table: one row per half-year (latest first) with helårsekvivalenter, befolkning and andel per kön. */
export function hekTabell(rader, {caption}) {
  const table = document.createElement("table");
  table.className = "value-table hek-tabell";
  if (caption) table.createCaption().textContent = caption;
  const konLista = ["K", "M", "T"].filter((k) => rader.some((r) => r.kon === k));
  const hr = table.createTHead().insertRow();
  const kolumner = [PERIODTYP_NAMN[periodTyp(rader[0]?.period) ?? "halvar"], ...konLista.flatMap((k) => [`${KON_TEXT[k]}: helårsekvivalenter`, `${KON_TEXT[k]}: andel`]), "Befolkning 20–64 år (kvinnor och män)"];
  kolumner.forEach((text, i) => {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = text;
    if (i > 0) th.className = "num";
    hr.appendChild(th);
  });
  const tbody = table.createTBody();
  const perioder = [...new Set(rader.map((r) => r.period))].sort().reverse();
  for (const period of perioder) {
    const tr = tbody.insertRow();
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = formatHalvar(period);
    tr.appendChild(th);
    for (const k of konLista) {
      const r = rader.find((x) => x.period === period && x.kon === k);
      const a = tr.insertCell();
      a.className = "num";
      a.textContent = r ? formatNumber(r.hek, 1) : "–";
      const b = tr.insertCell();
      b.className = "num";
      b.textContent = r ? formatPercent(r.andel * 100, 2) : "–";
    }
    const t = rader.find((x) => x.period === period && x.kon === "T");
    const c = tr.insertCell();
    c.className = "num";
    c.textContent = t ? formatNumber(t.befolkning, 0) : "–";
  }
  return table;
}

export {formatHalvarKort};
