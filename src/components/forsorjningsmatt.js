// Charts and helpers for försörjningsmåttet (kr per invånare och dag) — plain functions, no page state.
// Every number shown goes through format.js (Swedish formats).
import * as Plot from "npm:@observablehq/plot";
import {delarText, diagram, iText, kortNamn, spridPlotEtiketter, tidsserieTabell, tidsserieText} from "./diagram.js";
import {ERSATTNING_FARG, ROLL_FARG} from "./farger.js";
import {formatKr, formatNumber} from "./format.js";
import {PERIODTYP_NAMN, PERIODTYP_ORD, formatPeriod, periodMitt, periodNummer, periodSekvens, periodTyp} from "./perioder.js";

/** Fixed colours per ersättning (farger.js: the same on every chart, ≥ 3:1 on both themes). */
export {ERSATTNING_FARG};

/** Region, län, riket: colour, width, dash and dot symbol, so the lines differ in more than colour. */
const SERIE_STIL = {
  region: {stroke: ROLL_FARG.region, strokeWidth: 3, strokeDasharray: null, symbol: "circle"},
  lan: {stroke: ROLL_FARG.lan, strokeWidth: 2, strokeDasharray: "6,3", symbol: "square"},
  riket: {stroke: ROLL_FARG.riket, strokeWidth: 2, strokeDasharray: "2,3", symbol: "triangle"}
};

/**
 * Turns the loader's wide JSON (one kind of period) into lookups: region by key "typ:kod", rows per region as objects.
 * Returns {typ, regioner, perioder, ersattningar, aldersband, demodata, region(key), rader(key), ofullstandig(key),
 * forandring(key)}.
 */
export function indexData(data) {
  const kol = Object.fromEntries(data.kolumner.map((k, i) => [k, i]));
  const byKey = new Map(data.regioner.map((r, i) => [`${r.typ}:${r.kod}`, i]));
  const lanByKod = new Map(data.regioner.filter((r) => r.typ === "lan").map((r) => [r.kod, r]));
  function rader(key) {
    const i = byKey.get(key);
    if (i === undefined) return [];
    const region = data.regioner[i];
    const out = [];
    data.varden[i].forEach((v, p) => {
      if (!v) return;
      const row = {
        regionnyckel: key,
        regionnamn: region.namn,
        period: data.perioder[p],
        datum: periodMitt(data.perioder[p]),
        totalt: v[kol.totalt],
        belopp_kr: v[kol.belopp_kr],
        befolkning: v[kol.befolkning],
        preliminar: v[kol.preliminar] === 1
      };
      for (const e of data.ersattningar) row[e.id] = v[kol[e.id]];
      out.push(row);
    });
    return out;
  }
  return {
    typ: data.typ,
    regioner: data.regioner,
    perioder: data.perioder,
    ersattningar: data.ersattningar,
    aldersband: data.aldersband,
    demodata: data.demodata,
    region: (key) => data.regioner[byKey.get(key)],
    lan: (kod) => lanByKod.get(kod),
    rader,
    ofullstandig: (key) => data.ofullstandig?.[key] ?? [],
    forandring: (key) => data.forandring?.[key] ?? null
  };
}

/** The regions to compare with: a kommun → its län and riket; a län → riket; riket → none. */
export function referensregioner(idx, region) {
  if (!region) return [];
  const refs = [];
  if (region.typ === "kommun" && region.lan) {
    const lan = idx.lan(region.lan);
    if (lan) refs.push({roll: "lan", region: lan});
  }
  if (region.typ !== "riket") {
    const riket = idx.regioner.find((r) => r.typ === "riket");
    if (riket) refs.push({roll: "riket", region: riket});
  }
  return refs;
}

/** Every period from first to last inclusive, of their kind: ("2023H2", "2024H2") → ["2023H2", "2024H1", "2024H2"]. */
export const halvarSekvens = periodSekvens;

/** Rows with a value, with a break (y = NaN) wherever a period is missing, so a line never bridges a gap. */
function medLuckor(rader, key) {
  const out = [];
  let prev;
  for (const r of rader) {
    if (r[key] == null) {
      out.push({...r, [key]: NaN});
      continue;
    }
    if (prev !== undefined && periodNummer(r.period) - prev > 1) out.push({...r, [key]: NaN});
    out.push(r);
    prev = periodNummer(r.period);
  }
  return out;
}

/** Whole calendar years around the periods shown, so each half-year sits in its own half of a year and a year in its middle. */
function arDoman(punkter) {
  const ar = punkter.map((d) => d.datum.getUTCFullYear());
  if (!ar.length) return undefined;
  return [new Date(Date.UTC(Math.min(...ar), 0, 1)), new Date(Date.UTC(Math.max(...ar) + 1, 0, 1))];
}

/**
 * Line chart: försörjningsmåttet (totalt, kön T) per period for the chosen region, with reference lines.
 * series: [{roll: "region"|"lan"|"riket", namn, rader}]; preliminary values are drawn as open circles.
 */
export function forsorjningsmattLinje(series, {width, aldersband, titel}) {
  const punkter = series.flatMap((s) =>
    s.rader.filter((r) => r.totalt != null).map((r) => ({...r, roll: s.roll, serie: s.namn}))
  );
  const namn = series.map((s) => s.namn);
  const stil = series.map((s) => SERIE_STIL[s.roll]);
  const band = `${aldersband.fran}–${aldersband.till}`;
  const senaste = series[0]?.rader.filter((r) => r.totalt != null).at(-1);
  const typ = periodTyp(punkter[0]?.period) ?? "halvar";
  const ord = PERIODTYP_ORD[typ];
  const etiketter = width >= 560;
  const slut = series.map((s) => s.rader.filter((r) => r.totalt != null).at(-1)).map((r, i) => r && {...r, serie: series[i].namn}).filter(Boolean);
  const langst = Math.max(0, ...namn.map((n) => kortNamn(n).length));
  const plot = Plot.plot({
    width,
    height: Math.max(260, Math.min(420, width * 0.45)),
    marginLeft: 48,
    marginRight: etiketter ? Math.min(170, 14 + langst * 6.2) : 16,
    ariaLabel: titel,
    ariaDescription:
      `Linjediagram över försörjningsmåttet, kronor per invånare ${band} år och dag, ${ord.per} för ${namn.join(", ")}.` +
      (senaste ? ` Senaste värde för ${senaste.regionnamn}: ${formatKr(senaste.totalt)} (${formatPeriod(senaste.period)}).` : ""),
    x: {type: "utc", label: null, domain: arDoman(punkter), ticks: width < 560 ? "4 years" : "2 years", tickFormat: "%Y"},
    y: {grid: true, zero: true, label: `kr per invånare ${band} år och dag`, tickFormat: (d) => formatNumber(d, 0)},
    color: {domain: namn, range: stil.map((s) => s.stroke)},
    symbol: {domain: namn, range: stil.map((s) => s.symbol), legend: true, fill: "color", stroke: "none"},
    marks: [
      Plot.ruleY([0]),
      ...series.map((s) =>
        Plot.lineY(
          medLuckor(s.rader, "totalt"),
          {
            x: "datum",
            y: "totalt",
            stroke: () => s.namn,
            strokeWidth: SERIE_STIL[s.roll].strokeWidth,
            strokeDasharray: SERIE_STIL[s.roll].strokeDasharray,
            curve: "linear"
          }
        )
      ),
      // Final values as filled symbols, preliminary ones as open symbols (fill is a literal there, not a series).
      Plot.dot(
        punkter.filter((d) => !d.preliminar),
        {x: "datum", y: "totalt", fill: "serie", symbol: "serie", r: (d) => (d.roll === "region" ? 3.5 : 3)}
      ),
      Plot.dot(
        punkter.filter((d) => d.preliminar),
        {x: "datum", y: "totalt", stroke: "serie", symbol: "serie", fill: "none", strokeWidth: 1.5, r: (d) => (d.roll === "region" ? 4 : 3.5)}
      ),
      etiketter
        ? Plot.text(slut, {x: "datum", y: "totalt", text: (d) => kortNamn(d.serie), fill: "currentColor", textAnchor: "start", dx: 8, fontSize: 11, className: "slutetikett"})
        : null,
      Plot.tip(
        punkter,
        Plot.pointer({
          x: "datum",
          y: "totalt",
          title: (d) =>
            `${d.serie}\n${formatPeriod(d.period)}\n${formatKr(d.totalt)} per invånare och dag` +
            (d.preliminar ? "\nPreliminärt värde" : "")
        })
      )
    ]
  });
  if (etiketter) spridPlotEtiketter(plot, "slutetikett");
  const tabellSerier = series.map((s) => ({namn: s.namn, punkter: s.rader.map((r) => ({period: r.period, varde: r.totalt}))}));
  return diagram(plot, {
    titel,
    sammanfattning: tidsserieText(tabellSerier, {matt: "Försörjningsmåttet"}),
    tabell: {...tidsserieTabell(tabellSerier, {periodRubrik: PERIODTYP_NAMN[typ]}), caption: `${titel}, kr per invånare ${band} år och dag`}
  });
}

/** The band axis's labels: every other year at H1 for half-years; for years every year, or every other when many. */
function periodTick(perioder) {
  if (periodTyp(perioder[0]) === "ar") return (p) => (perioder.length <= 12 || Number(p) % 2 === 0 ? p : "");
  return (p) => (p.endsWith("H1") && Number(p.slice(0, 4)) % 2 === 0 ? p.slice(0, 4) : "");
}

/**
 * Stacked bars: the six ersättningar per period (kr per invånare och dag) for one region, with the parts of the latest
 * bar named beside it (wide charts), a summary of the latest period and the values as a table.
 * region: the region's name, for the summary ("försörjningsmåttet i Flen"; from the title by default).
 */
export function komponenterStaplar(rader, ersattningar, {width, aldersband, titel, region}) {
  const lang = rader.flatMap((r) =>
    ersattningar
      .filter((e) => r[e.id] != null)
      .map((e) => ({
        period: r.period,
        ersattning: e.kortnamn,
        id: e.id,
        varde: r[e.id],
        totalt: r.totalt,
        preliminar: r.preliminar
      }))
  );
  const domain = ersattningar.map((e) => e.kortnamn);
  const band = `${aldersband.fran}–${aldersband.till}`;
  const perioder = rader.length ? periodSekvens(rader[0].period, rader.at(-1).period) : [];
  const typ = periodTyp(perioder[0]) ?? "halvar";
  const ord = PERIODTYP_ORD[typ];
  // The latest bar's parts, named at their middle height to the right of the bar.
  const sistaPeriod = lang.at(-1)?.period;
  let hojd = 0;
  const sistaDelar = domain
    .map((namn) => lang.find((d) => d.period === sistaPeriod && d.ersattning === namn))
    .filter((d) => d && d.varde > 0)
    .map((d) => {
      const mitt = hojd + d.varde / 2;
      hojd += d.varde;
      return {...d, mitt};
    });
  const etiketter = width >= 560 && sistaDelar.length > 0;
  const marginRight = etiketter ? Math.min(200, 20 + Math.max(...sistaDelar.map((d) => kortNamn(d.ersattning, 30).length)) * 6.2) : 16;
  const steg = (width - 48 - marginRight) / Math.max(1, perioder.length);
  const plot = Plot.plot({
    width,
    height: Math.max(260, Math.min(420, width * 0.45)),
    marginLeft: 48,
    marginRight,
    ariaLabel: titel,
    ariaDescription: `Staplat stapeldiagram: försörjningsmåttet ${ord.per} uppdelat på ${ersattningar
      .map((e) => e.kortnamn.toLowerCase())
      .join(", ")}; kronor per invånare ${band} år och dag.`,
    x: {
      type: "band",
      label: null,
      domain: perioder,
      tickFormat: periodTick(perioder),
      tickSize: 0
    },
    y: {grid: true, label: `kr per invånare ${band} år och dag`, tickFormat: (d) => formatNumber(d, 0)},
    color: {domain, range: ersattningar.map((e) => ERSATTNING_FARG[e.id] ?? "#808080"), legend: true},
    marks: [
      // Preliminary parts are lighter, and outlined in the text colour so they keep 3:1 against the background.
      Plot.barY(lang, {
        x: "period",
        y: "varde",
        fill: "ersattning",
        order: domain,
        fillOpacity: (d) => (d.preliminar ? 0.55 : 1),
        stroke: (d) => (d.preliminar ? "currentColor" : "none"),
        strokeWidth: 1,
        inset: 0.5
      }),
      Plot.ruleY([0]),
      etiketter
        ? Plot.text(sistaDelar, {x: "period", y: "mitt", text: (d) => kortNamn(d.ersattning, 30), fill: "currentColor", textAnchor: "start", dx: (steg * 0.9) / 2 + 8, fontSize: 11, className: "slutetikett"})
        : null,
      Plot.tip(
        lang,
        Plot.pointerX(
          Plot.stackY({
            x: "period",
            y: "varde",
            order: domain,
            fill: "ersattning",
            title: (d) =>
              `${d.ersattning}\n${formatPeriod(d.period)}\n${formatKr(d.varde)} av totalt ${formatKr(d.totalt)}` +
              (d.preliminar ? "\nPreliminärt värde" : "")
          })
        )
      )
    ]
  });
  if (etiketter) spridPlotEtiketter(plot, "slutetikett");
  const sista = rader.filter((r) => r.totalt != null || ersattningar.some((e) => r[e.id] != null)).at(-1);
  const regionNamn = region ?? sista?.regionnamn ?? String(titel ?? "").split(", ").slice(1).join(", ");
  const tabellSerier = [
    {namn: "Totalt", punkter: rader.map((r) => ({period: r.period, varde: r.totalt}))},
    ...ersattningar.map((e) => ({namn: e.kortnamn, punkter: rader.map((r) => ({period: r.period, varde: r[e.id]}))}))
  ];
  return diagram(plot, {
    titel,
    sammanfattning: sista
      ? delarText(ersattningar.map((e) => ({namn: e.kortnamn, varde: sista[e.id]})), {
          period: sista.period,
          helhet: sista.totalt,
          vad: `försörjningsmåttet${regionNamn ? ` i ${iText(regionNamn)}` : ""}`
        })
      : "Inga värden.",
    tabell: {...tidsserieTabell(tabellSerier, {periodRubrik: PERIODTYP_NAMN[typ]}), caption: `${titel}, kr per invånare ${band} år och dag`}
  });
}

/** Soft hyphens before common word endings, so long Swedish compounds can break in narrow table headers. */
function brytbar(text) {
  return text.replace(/(?<=\p{L}{4})(ersättning|stöd|penning)/gu, "\u00ad$1");
}

/** A plain, accessible HTML table of the values per period (latest first); omfattning(period) adds a scope column. */
export function vardeTabell(rader, ersattningar, {caption, omfattning} = {}) {
  const table = document.createElement("table");
  table.className = "value-table";
  if (caption) table.createCaption().textContent = caption;
  const thead = table.createTHead();
  const hr = thead.insertRow();
  const kolumner = [
    {label: PERIODTYP_NAMN[periodTyp(rader[0]?.period) ?? "halvar"], num: false},
    {label: "Totalt, kr per invånare och dag", num: true},
    {label: "Belopp", num: true},
    {label: "Befolkning", num: true},
    ...ersattningar.map((e) => ({label: e.kortnamn, num: true, title: e.namn})),
    ...(omfattning ? [{label: "Omfattning av totalt", num: false}] : [])
  ];
  for (const k of kolumner) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = brytbar(k.label);
    if (k.title) th.title = k.title;
    if (k.num) th.className = "num";
    hr.appendChild(th);
  }
  const tbody = table.createTBody();
  for (const r of [...rader].reverse()) {
    const tr = tbody.insertRow();
    if (r.preliminar) tr.className = "preliminar";
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = formatPeriod(r.period) + (r.preliminar ? " (prel.)" : "");
    tr.appendChild(th);
    const celler = [
      formatKr(r.totalt),
      r.belopp_kr == null ? "–" : `${formatNumber(r.belopp_kr, 0)}\u00a0kr`,
      formatNumber(r.befolkning, 0),
      ...ersattningar.map((e) => formatKr(r[e.id]))
    ];
    for (const text of celler) {
      const td = tr.insertCell();
      td.className = "num";
      td.textContent = text;
    }
    if (omfattning) tr.insertCell().textContent = omfattning(r.period);
  }
  return table;
}
