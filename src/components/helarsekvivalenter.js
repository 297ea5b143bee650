// Helårsekvivalenter (SCB): lookups over the page's loader output, the share-over-time chart, the bars by
// ersättning and kön, the table. Plain functions; numbers via format.js.
import * as Plot from "npm:@observablehq/plot";
import {formatHalvarKort, formatNumber, formatPercent} from "./format.js";
import {PERIODTYP_NAMN, formatPeriod as formatHalvar, periodMitt, periodTyp} from "./perioder.js";

export const KON_TEXT = {K: "Kvinnor", M: "Män", T: "Kvinnor och män"};

/** Rows as objects with lookups: rader(filter) → [{regionnyckel, region, period, ersattning, kon, hek, befolkning, andel}]. */
export function hekIndex(data) {
  const avvikelse = new Map(data.befolkningAvvikelser.map(([r, e, k, p, bef]) => [`${r}|${e}|${k}|${p}`, bef]));
  const rader = [];
  data.hek.forEach((perErs, r) =>
    perErs.forEach((perKon, e) =>
      perKon.forEach((perPeriod, k) =>
        perPeriod.forEach((hek, p) => {
          if (hek == null) return;
          const befolkning = avvikelse.get(`${r}|${e}|${k}|${p}`) ?? data.befolkning[r][k][p];
          rader.push({
            regionnyckel: `${data.regioner[r].typ}:${data.regioner[r].kod}`,
            region: data.regioner[r],
            period: data.perioder[p],
            ersattning: data.ersattningar[e].id,
            ersattningNamn: data.ersattningar[e].namn,
            kon: data.kon[k],
            hek,
            befolkning,
            andel: befolkning ? hek / befolkning : null
          });
        })
      )
    )
  );
  return {
    ...data,
    alla: rader,
    region: (key) => data.regioner.find((r) => `${r.typ}:${r.kod}` === key),
    filter: (f) => rader.filter((x) => Object.entries(f).every(([k, v]) => x[k] === v))
  };
}

/** Share of the 20–64 population (percent) over time for a region and its län and riket. serier: [{namn, rader}]. */
export function andelLinje(serier, {width, titel, beskrivning}) {
  const punkter = serier.flatMap((s) => s.rader.map((r) => ({...r, namn: s.namn, datum: periodMitt(r.period), procent: r.andel * 100})));
  const ar = punkter.map((d) => d.datum.getUTCFullYear());
  const antalAr = ar.length ? Math.max(...ar) - Math.min(...ar) + 1 : 1;
  return Plot.plot({
    width,
    height: Math.max(260, Math.min(400, width * 0.42)),
    marginLeft: 52,
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
    color: {domain: serier.map((s) => s.namn), range: ["#1f3b57", "#d9822b", "#6b6b6b"], legend: true},
    marks: [
      Plot.ruleY([0]),
      Plot.lineY(punkter, {x: "datum", y: "procent", stroke: "namn", strokeWidth: 2.5}),
      Plot.dot(punkter, {x: "datum", y: "procent", fill: "namn", r: 2.5}),
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
}

/** Bars: share per ersättning, grouped by kön, for one region and half-year. */
export function andelStaplar(rader, {width, titel, beskrivning}) {
  const data = rader.map((r) => ({...r, procent: r.andel * 100, konText: KON_TEXT[r.kon] ?? r.kon}));
  return Plot.plot({
    width,
    height: Math.max(240, 40 + 26 * new Set(data.map((d) => d.ersattning)).size * 3),
    marginLeft: 220,
    ariaLabel: titel,
    ariaDescription: beskrivning,
    x: {grid: true, label: "procent av befolkningen 20–64 år", tickFormat: (d) => formatNumber(d, 1)},
    y: {axis: null, domain: ["Kvinnor", "Män", "Kvinnor och män"]},
    fy: {label: null, axis: "left"},
    color: {domain: ["Kvinnor", "Män", "Kvinnor och män"], range: ["#c4443f", "#2f6ea5", "#6b6b6b"], legend: true},
    marks: [
      Plot.barX(data, {x: "procent", y: "konText", fy: "ersattningNamn", fill: "konText", sort: {fy: "-x"}}),
      Plot.ruleX([0]),
      Plot.text(data, {x: "procent", y: "konText", fy: "ersattningNamn", text: (d) => formatPercent(d.procent, 2), dx: 4, textAnchor: "start", fontSize: 10}),
      Plot.tip(data, Plot.pointerY({x: "procent", y: "konText", fy: "ersattningNamn", title: (d) => `${d.ersattningNamn}, ${d.konText}\n${formatPercent(d.procent, 2)}\n${formatNumber(d.hek, 0)} helårsekvivalenter av ${formatNumber(d.befolkning, 0)} invånare 20–64 år`}))
    ]
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
