// Datakvalitet: the coverage heatmaps and the tables of the data-quality page. Plain functions; numbers via format.js.
import * as Plot from "npm:@observablehq/plot";
import {diagram} from "./diagram.js";
import {KLASS_FARG, TACKNING_FARGER} from "./farger.js";
import {formatManad, formatNumber, formatPercent} from "./format.js";

/**
 * The cell classes (loader order) with their Swedish names and colours (farger.js: distinct hues, ≥ 3:1 on both
 * themes); every cell's class is also in the tooltip and the table beside the chart.
 */
export const KLASS = {
  rapporterad: {namn: "Rapporterat värde", farg: KLASS_FARG.rapporterad},
  preliminar: {namn: "Preliminärt värde", farg: KLASS_FARG.preliminar},
  noll: {namn: "Rapporterad nolla", farg: KLASS_FARG.noll},
  noll_kan_vara_bortfall: {namn: "0 som kan betyda saknad månad", farg: KLASS_FARG.noll_kan_vara_bortfall},
  undertryckt: {namn: "Undertryckt (sekretess)", farg: KLASS_FARG.undertryckt},
  saknas: {namn: "Saknas (markerat av utgivaren)", farg: KLASS_FARG.saknas},
  ingen_rad: {namn: "Ingen rad i filerna", farg: KLASS_FARG.ingen_rad}
};

export const STATUS_NAMN = {
  "": "rapporterat",
  saknas: "saknas",
  undertryckt: "undertryckt",
  noll_kan_vara_bortfall: "0, kan vara bortfall",
  preliminar: "preliminärt"
};

const KORT_MANAD = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];

/** A time axis over months: years for long spans, "mar 2023"-style ticks every few months for short ones. */
function manadsAxel(forsta, sista) {
  const span = (sista.getUTCFullYear() - forsta.getUTCFullYear()) * 12 + sista.getUTCMonth() - forsta.getUTCMonth();
  if (span > 36) return {ticks: span > 120 ? "2 years" : "1 year", tickFormat: "%Y"};
  return {ticks: span > 12 ? "3 months" : "1 month", tickFormat: (d) => `${KORT_MANAD[d.getUTCMonth()]} ${d.getUTCFullYear()}`};
}

function manadDatum(manad) {
  return new Date(Date.UTC(Number(manad.slice(0, 4)), Number(manad.slice(5, 7)) - 1, 1));
}

/**
 * Heatmap ersättning × month: the share of kommuner with a value (reported, preliminary or a reported zero).
 * tackning: the loader's tackning object.
 */
export function tackningsKarta(tackning, {width, titel, beskrivning}) {
  const klasser = tackning.klasser;
  const celler = tackning.ersattningar.flatMap((e) =>
    e.manader.map((manad, i) => {
      const antal = Object.fromEntries(klasser.map((k, j) => [k, e.antal[i][j]]));
      const medVarde = antal.rapporterad + antal.preliminar + antal.noll;
      return {ersattning: e.namn, manad, datum: manadDatum(manad), antal, andel: medVarde / tackning.antalKommuner, medVarde};
    })
  );
  const datum = celler.map((c) => c.datum);
  const axel = datum.length ? manadsAxel(new Date(Math.min(...datum)), new Date(Math.max(...datum))) : {};
  const plot = Plot.plot({
    width,
    height: 60 + 28 * tackning.ersattningar.length,
    marginLeft: 230,
    marginBottom: 30,
    ariaLabel: titel,
    ariaDescription: beskrivning,
    x: {type: "utc", label: null, ...axel},
    y: {label: null, domain: tackning.ersattningar.map((e) => e.namn)},
    color: {type: "linear", domain: [0, 1], range: TACKNING_FARGER, legend: true, label: "andel kommuner med värde", tickFormat: (d) => formatPercent(d * 100, 0)},
    marks: [
      Plot.barX(celler, {
        x1: "datum",
        x2: (d) => new Date(Date.UTC(d.datum.getUTCFullYear(), d.datum.getUTCMonth() + 1, 1)),
        y: "ersattning",
        fill: "andel",
        inset: 0
      }),
      Plot.tip(
        celler,
        Plot.pointer({
          x: "datum",
          y: "ersattning",
          title: (d) =>
            `${d.ersattning}, ${formatManad(d.manad)}\n${formatNumber(d.medVarde)} av ${formatNumber(tackning.antalKommuner)} kommuner har värde (${formatPercent(d.andel * 100, 1)})` +
            klasser
              .filter((k) => k !== "rapporterad" && d.antal[k])
              .map((k) => `\n${KLASS[k].namn}: ${formatNumber(d.antal[k])}`)
              .join("")
        })
      )
    ]
  });
  return diagram(plot, {
    titel,
    sammanfattning: tackningText(celler.map((c) => ({namn: c.ersattning, tid: formatManad(c.manad), medVarde: c.medVarde, andel: c.andel})), tackning.antalKommuner, "månad"),
    tabell: tackningTabell(celler.map((c) => ({rad: c.manad, text: formatManad(c.manad), kolumn: c.ersattning, andel: c.andel})), tackning.ersattningar.map((e) => e.namn), "Månad", titel)
  });
}

/**
 * Coverage in one sentence: the lowest cell, and how many cells have every kommun.
 * celler: [{namn, tid, medVarde, andel}].
 */
export function tackningText(celler, antalKommuner, enhet) {
  if (!celler.length) return "Inga värden.";
  const lagst = celler.reduce((a, b) => (b.andel < a.andel ? b : a));
  const fulla = celler.filter((c) => c.andel >= 1).length;
  return (
    `Lägst täckning: ${lagst.namn.toLowerCase()}, ${lagst.tid}, ${formatNumber(lagst.medVarde)} av ${formatNumber(antalKommuner)} kommuner (${formatPercent(lagst.andel * 100, 1)}); ` +
    `${formatNumber(fulla)} av ${formatNumber(celler.length)} kombinationer av ersättning och ${enhet} har värden i alla kommuner.`
  );
}

/** A coverage heatmap as a table: one row per month or year (latest first), one column per ersättning, percent. */
function tackningTabell(celler, kolumnNamn, radRubrik, titel) {
  const rader = new Map();
  for (const c of celler) {
    if (!rader.has(c.rad)) rader.set(c.rad, {rad: c.rad, text: c.text});
    rader.get(c.rad)[`k${kolumnNamn.indexOf(c.kolumn)}`] = c.andel;
  }
  return {
    caption: `${titel}: andel kommuner med värde, procent`,
    kolumner: [
      {key: "rad", label: radRubrik, text: (v) => rader.get(v)?.text ?? v},
      ...kolumnNamn.map((namn, i) => ({key: `k${i}`, label: namn, format: "tal", text: (v) => (v == null ? "–" : formatPercent(v * 100, 1))}))
    ],
    rader: [...rader.values()].sort((a, b) => (a.rad < b.rad ? 1 : -1))
  };
}

/**
 * Heatmap kommun × month for one ersättning: only the kommuner with a cell that is not a plainly reported value.
 * luckor: rows [ersättning, kommunkod, klass, från, till, månader]; kommunNamn: Map kod → namn.
 */
export function luckKarta(luckor, {kommunNamn, forsta, sista, width, titel, beskrivning}) {
  const celler = luckor.flatMap(([, kod, klass, fran, till]) => {
    const out = [];
    for (let d = manadDatum(fran); d <= manadDatum(till); d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))) {
      out.push({kommun: `${kommunNamn.get(kod) ?? kod} (${kod})`, kod, klass, datum: d});
    }
    return out;
  });
  const kommuner = [...new Set(celler.map((c) => c.kommun))];
  const klasser = Object.keys(KLASS).filter((k) => celler.some((c) => c.klass === k));
  const plot = Plot.plot({
    width,
    height: 70 + 16 * kommuner.length,
    marginLeft: 200,
    ariaLabel: titel,
    ariaDescription: beskrivning,
    x: {type: "utc", label: null, ...manadsAxel(manadDatum(forsta), manadDatum(sista)), domain: [manadDatum(forsta), new Date(Date.UTC(Number(sista.slice(0, 4)), Number(sista.slice(5, 7)), 1))]},
    y: {label: null, domain: kommuner},
    color: {domain: klasser.map((k) => KLASS[k].namn), range: klasser.map((k) => KLASS[k].farg), legend: true},
    marks: [
      Plot.barX(celler, {
        x1: "datum",
        x2: (d) => new Date(Date.UTC(d.datum.getUTCFullYear(), d.datum.getUTCMonth() + 1, 1)),
        y: "kommun",
        fill: (d) => KLASS[d.klass].namn
      }),
      Plot.tip(celler, Plot.pointer({x: "datum", y: "kommun", title: (d) => `${d.kommun}\n${formatManad(d.datum.toISOString().slice(0, 7))}\n${KLASS[d.klass].namn}`}))
    ]
  });
  // The page lists the same gaps in a table right below the chart.
  const perKommun = new Map();
  for (const c of celler) perKommun.set(c.kommun, (perKommun.get(c.kommun) ?? 0) + 1);
  const flest = [...perKommun].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], "sv"))[0];
  return diagram(plot, {
    titel,
    sammanfattning: flest
      ? `${formatNumber(kommuner.length)} ${kommuner.length === 1 ? "kommun har" : "kommuner har"} minst en månad utan vanligt rapporterat värde; flest sådana månader har ${flest[0]} (${formatNumber(flest[1])}). Alla luckor står i tabellen under diagrammet.`
      : "Inga luckor."
  });
}

/**
 * Heatmap ersättning × year for yearly rows (SCB's finsam.se delivery): the share of the kommuner with data that
 * have a value that year. arstackning: [{id, namn, ar: [[år, med värde, med rad], …]}]; antalKommuner: the denominator.
 */
export function arsTackningsKarta(arstackning, antalKommuner, {width, titel, beskrivning}) {
  const celler = arstackning.flatMap((e) =>
    e.ar.map(([ar, medVarde, medRad]) => ({ersattning: e.namn, ar: String(ar), medVarde, medRad, andel: medVarde / antalKommuner}))
  );
  const ar = [...new Set(celler.map((c) => c.ar))].sort();
  const plot = Plot.plot({
    width,
    height: 60 + 28 * arstackning.length,
    marginLeft: 230,
    marginBottom: 30,
    ariaLabel: titel,
    ariaDescription: beskrivning,
    x: {type: "band", domain: ar, label: null, tickFormat: (d) => (ar.length <= 16 || Number(d) % 2 === 0 ? d : "")},
    y: {label: null, domain: arstackning.map((e) => e.namn)},
    color: {type: "linear", domain: [0, 1], range: TACKNING_FARGER, legend: true, label: "andel kommuner med värde", tickFormat: (d) => formatPercent(d * 100, 0)},
    marks: [
      Plot.cell(celler, {x: "ar", y: "ersattning", fill: "andel", inset: 0.5}),
      Plot.tip(
        celler,
        Plot.pointer({
          x: "ar",
          y: "ersattning",
          title: (d) => `${d.ersattning}, ${d.ar}\n${formatNumber(d.medVarde)} av ${formatNumber(antalKommuner)} kommuner har årsvärde (${formatPercent(d.andel * 100, 1)})${d.medRad > d.medVarde ? `\n${formatNumber(d.medRad - d.medVarde)} rader utan värde` : ""}`
        })
      )
    ]
  });
  return diagram(plot, {
    titel,
    sammanfattning: tackningText(celler.map((c) => ({namn: c.ersattning, tid: c.ar, medVarde: c.medVarde, andel: c.andel})), antalKommuner, "år"),
    tabell: tackningTabell(celler.map((c) => ({rad: c.ar, text: c.ar, kolumn: c.ersattning, andel: c.andel})), arstackning.map((e) => e.namn), "År", titel)
  });
}
