// Tables and charts of the insats pages (Insatser, an insats, Jämför insatser, Nytta). The values come suppressed
// from the data loaders (loaders/insatser/publicera.ts): a count that must not be shown is the string ".." (PRICK) and
// stays "..", on screen and in downloads; null is "not applicable" ("–"). Nothing here adds counts up. The words and
// numbers (formats, sentences, sorting, CSV) are in insatstext.js, re-exported here.
import * as Plot from "npm:@observablehq/plot";
import * as d3 from "npm:d3";
import {fileSlug} from "./csv.js";
import {downloadButton, saveBlob} from "./download.js";
import {formatKr, formatNumber, formatPercent} from "./format.js";
import {NUMERISK, PRICK, dold, formatAndel, formatAntal, formatIntervall, formatKronor, formatUtfall, insatsCsv, nedladdningsRubrik, nedladdningsVarde, tal, vardeAv} from "./insatstext.js";

export * from "./insatstext.js";

// ---- Tables ----------------------------------------------------------------------------------------------------------

function cellText(value, c) {
  if (c.text) return c.text(value);
  if (dold(value)) return PRICK;
  if (value == null || value === "") return "–";
  switch (c.format) {
    case "antal":
      return formatAntal(value);
    case "kr":
      return formatKronor(value);
    case "andel":
      return formatAndel(value);
    case "tal":
      return formatNumber(value, c.decimals ?? 0);
    default:
      return String(value);
  }
}


/**
 * A table of published values: ".." for suppressed, "–" for not applicable, Swedish numbers. columns: [{key, label,
 * format: "antal"|"kr"|"andel"|"tal"|"text", value?(row), text?(value), cell?(row) → Node, href?(row), sortable?}].
 * sort: {key, riktning} and onSort(key) make the headers buttons (aria-sort shows the order).
 */
export function insatsTabell(rader, kolumner, {caption, testid, sort, onSort, rowTestid} = {}) {
  const table = document.createElement("table");
  table.className = "value-table insats-tabell";
  if (testid) table.dataset.testid = testid;
  if (caption) table.createCaption().textContent = caption;
  const hr = table.createTHead().insertRow();
  for (const c of kolumner) {
    const th = document.createElement("th");
    th.scope = "col";
    if (NUMERISK.has(c.format) || c.num) th.className = "num";
    if (onSort && c.sortable !== false) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "sort-knapp";
      b.textContent = c.label;
      b.dataset.key = c.key;
      const aktiv = sort?.key === c.key;
      th.setAttribute("aria-sort", aktiv ? (sort.riktning === "fallande" ? "descending" : "ascending") : "none");
      if (aktiv) b.append(sort.riktning === "fallande" ? " ▼" : " ▲");
      b.addEventListener("click", () => onSort(c.key));
      th.append(b);
    } else th.textContent = c.label;
    hr.appendChild(th);
  }
  const tbody = table.createTBody();
  for (const row of rader) {
    const tr = tbody.insertRow();
    if (rowTestid) tr.dataset.testid = rowTestid(row);
    kolumner.forEach((c, i) => {
      const cell = i === 0 ? document.createElement("th") : tr.insertCell();
      if (i === 0) {
        cell.scope = "row";
        tr.appendChild(cell);
      }
      cell.dataset.key = c.key;
      if (c.cell) cell.append(c.cell(row));
      else {
        const text = cellText(vardeAv(row, c), c);
        const href = c.href?.(row);
        if (href) {
          const a = document.createElement("a");
          a.href = href;
          a.textContent = text;
          cell.append(a);
        } else cell.textContent = text;
      }
      if (NUMERISK.has(c.format) || c.num) cell.classList.add("num");
      if (dold(vardeAv(row, c))) cell.classList.add("dold");
    });
  }
  return table;
}

/** "Ladda ned CSV" and "Ladda ned Excel" for a table of published values (".." stays ".." in both). */
export function insatsNedladdningar(rader, kolumner, filnamn) {
  const base = fileSlug(filnamn);
  const div = document.createElement("div");
  div.className = "downloads table-downloads";
  div.setAttribute("role", "group");
  div.setAttribute("aria-label", "Ladda ned tabellen");
  const rows = () => (typeof rader === "function" ? rader() : rader);
  div.append(
    downloadButton("Ladda ned CSV", "CSV med semikolon och decimalkomma; .. = färre än 5 personer (dolt)", () =>
      saveBlob(new Blob([insatsCsv(rows(), kolumner)], {type: "text/csv;charset=utf-8"}), `${base}.csv`)
    ),
    downloadButton("Ladda ned Excel", "Excel-fil (.xlsx); .. = färre än 5 personer (dolt)", async () => {
      const {default: writeXlsxFile} = await import("write-excel-file/browser");
      const cols = kolumner.filter((c) => c.download !== false);
      const data = [
        cols.map((c) => ({value: nedladdningsRubrik(c), type: String, fontWeight: "bold"})),
        ...rows().map((row) =>
          cols.map((c) => {
            const v = nedladdningsVarde(row, c);
            if (dold(v)) return {value: PRICK, type: String, align: "right"};
            if (tal(v)) return {value: v, type: Number};
            return v == null || v === "" ? null : {value: String(v), type: String};
          })
        )
      ];
      const blob = await writeXlsxFile(data, {
        columns: cols.map((c) => ({width: Math.max(10, Math.min(40, nedladdningsRubrik(c).length + 2))})),
        sheet: "Data",
        stickyRowsCount: 1
      }).toBlob();
      saveBlob(blob, `${base}.xlsx`);
    })
  );
  return div;
}

// ---- Charts ----------------------------------------------------------------------------------------------------------

const SVG_NS = "http://www.w3.org/2000/svg";
const svgEl = (name, attrs = {}) => {
  const e = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
};

/**
 * A small bar for a table cell: the share to arbete/studier (0–100 %) with its 95 % Wilson interval as a whisker;
 * ".." when suppressed.
 */
export function intervallStapel(v, {width = 120, height = 16} = {}) {
  if (!v || !tal(v.andel_arbete_eller_studier)) {
    const span = document.createElement("span");
    span.className = "intervall-tom";
    span.textContent = v && dold(v.andel_arbete_eller_studier) ? PRICK : "–";
    return span;
  }
  const x = (p) => 1 + p * (width - 2);
  const svg = svgEl("svg", {width, height, viewBox: `0 0 ${width} ${height}`, class: "intervall-stapel", role: "img"});
  svg.setAttribute("aria-label", `${formatAndel(v.andel_arbete_eller_studier)}, 95 % intervall ${formatIntervall(v)}`);
  svg.append(
    svgEl("rect", {x: 1, y: 3, width: width - 2, height: height - 6, class: "intervall-bakgrund"}),
    svgEl("rect", {x: 1, y: 3, width: Math.max(0, x(v.andel_arbete_eller_studier) - 1), height: height - 6, class: "intervall-andel"}),
    svgEl("line", {x1: x(v.wilson_lag), x2: x(v.wilson_hog), y1: height / 2, y2: height / 2, class: "intervall-linje"}),
    svgEl("line", {x1: x(v.wilson_lag), x2: x(v.wilson_lag), y1: 2, y2: height - 2, class: "intervall-linje"}),
    svgEl("line", {x1: x(v.wilson_hog), x2: x(v.wilson_hog), y1: 2, y2: height - 2, class: "intervall-linje"})
  );
  return svg;
}

/**
 * The share to arbete/studier per row (insats, kön or åldersgrupp) with its 95 % Wilson interval, on one 0–100 %
 * scale. rader: [{namn, v}] where v holds andel_arbete_eller_studier, wilson_lag, wilson_hog, till_arbete_eller_studier,
 * avslutade_med_uppgift. Suppressed rows are listed with "..", not drawn.
 */
export function intervallDiagram(rader, {width, titel, referens} = {}) {
  const data = rader.map((r) => ({
    namn: r.namn,
    andel: tal(r.v?.andel_arbete_eller_studier) ? r.v.andel_arbete_eller_studier : null,
    lag: tal(r.v?.wilson_lag) ? r.v.wilson_lag : null,
    hog: tal(r.v?.wilson_hog) ? r.v.wilson_hog : null,
    etikett: formatUtfall(r.v)
  }));
  const rita = data.filter((d) => d.andel != null);
  return Plot.plot({
    width,
    height: 40 + 30 * data.length,
    marginLeft: Math.min(220, 12 + 7 * d3.max(data, (d) => d.namn.length) || 60),
    marginRight: 130,
    ariaLabel: titel,
    x: {domain: [0, 1], label: "Andel till arbete eller studier →", tickFormat: (p) => formatPercent(p * 100, 0), grid: true},
    y: {domain: data.map((d) => d.namn), label: null},
    marks: [
      Plot.barX(rita, {y: "namn", x1: 0, x2: "andel", fill: "var(--theme-foreground-focus)", fillOpacity: 0.35}),
      Plot.ruleY(rita, {y: "namn", x1: "lag", x2: "hog", stroke: "currentColor", strokeWidth: 2}),
      Plot.tickX(rita, {y: "namn", x: "lag", stroke: "currentColor", strokeWidth: 2}),
      Plot.tickX(rita, {y: "namn", x: "hog", stroke: "currentColor", strokeWidth: 2}),
      Plot.dot(rita, {y: "namn", x: "andel", fill: "currentColor", r: 3.5}),
      Plot.text(data, {y: "namn", x: 1, text: "etikett", textAnchor: "start", dx: 8, fontVariant: "tabular-nums"}),
      referens != null && tal(referens.andel) ? Plot.ruleX([referens.andel], {stroke: "#b45309", strokeDasharray: "4,3"}) : null,
      Plot.tip(
        rita,
        Plot.pointerY({
          y: "namn",
          x: "andel",
          title: (d) => `${d.namn}\n${d.etikett}\n95 % intervall ${formatNumber(d.lag * 100)}–${formatPercent(d.hog * 100, 0)}`
        })
      )
    ]
  });
}

const GRUPP_FARG = {
  ohalsa: "#b45309",
  arbetsmarknad: "#2563eb",
  ekonomiskt_bistand: "#9333ea",
  lon_studiemedel: "#15803d",
  annan: "#64748b",
  ingen: "#0891b2",
  uppgift_saknas: "#a3a3a3"
};

/** Words into lines of at most `max` characters (a longer word keeps its own line). */
function radbryt(text, max) {
  const rader = [];
  for (const ord of text.split(" ")) {
    const sista = rader.at(-1);
    if (sista !== undefined && sista.length + 1 + ord.length <= max) rader[rader.length - 1] = `${sista} ${ord}`;
    else rader.push(ord);
  }
  return rader;
}

/** Whether a before → after matrix has a shown flow to draw (all hidden: say so instead of an empty chart). */
export function harSynligaFloden(flode) {
  return Boolean(flode) && flode.celler.some((rad) => rad.some((v) => tal(v) && v > 0));
}

/**
 * Before → after as a two-column alluvial: the primary source's group before (left) and after (right), a ribbon per
 * shown flow, its width the number of participations. Suppressed flows are not drawn: their share of a node is left
 * blank, and the node's label shows its total (or ".."). flode: {grupper, celler, radsummor, kolumnsummor, totalt};
 * namn: group id → name.
 */
export function flodesDiagram(flode, namn, {width = 640, titel} = {}) {
  const G = flode.grupper;
  const radVarde = (i) => (tal(flode.radsummor[i]) ? flode.radsummor[i] : d3.sum(flode.celler[i].filter(tal)));
  const kolVarde = (j) => (tal(flode.kolumnsummor[j]) ? flode.kolumnsummor[j] : d3.sum(flode.celler.map((r) => r[j]).filter(tal)));
  const vanster = G.map((g, i) => ({g, i, v: radVarde(i), etikett: flode.radsummor[i]})).filter((n) => n.v > 0 || dold(n.etikett));
  const hoger = G.map((g, j) => ({g, j, v: kolVarde(j), etikett: flode.kolumnsummor[j]})).filter((n) => n.v > 0 || dold(n.etikett));
  const narrow = width < 520;
  const labelW = narrow ? Math.max(90, Math.round(width * 0.36)) : 190;
  const nodeW = 14;
  const gap = 10;
  const summa = Math.max(d3.sum(vanster, (n) => n.v), d3.sum(hoger, (n) => n.v), 1);
  const minH = 6;
  const height = Math.max(220, Math.min(520, 40 + 26 * Math.max(vanster.length, hoger.length) + summa * 0.6));
  const inner = height - 30 - gap * (Math.max(vanster.length, hoger.length) - 1);
  const k = inner / summa;
  const hojd = (v) => Math.max(minH, v * k);
  const x0 = labelW;
  const x1 = width - labelW;
  let y = 20;
  for (const n of vanster) {
    n.y = y;
    n.h = hojd(n.v);
    n.fri = n.y;
    y += n.h + gap;
  }
  y = 20;
  for (const n of hoger) {
    n.y = y;
    n.h = hojd(n.v);
    n.fri = n.y;
    y += n.h + gap;
  }
  const svg = svgEl("svg", {width, height, viewBox: `0 0 ${width} ${height}`, class: "flodesdiagram", role: "img"});
  if (titel) svg.setAttribute("aria-label", titel);
  const band = svgEl("g", {class: "flodesband"});
  svg.append(band);
  for (const l of vanster) {
    for (const r of hoger) {
      const v = flode.celler[l.i][r.j];
      if (!tal(v) || v === 0) continue;
      const t = v * k;
      const ya = l.fri;
      const yb = r.fri;
      l.fri += t;
      r.fri += t;
      const cx = (x0 + nodeW + x1) / 2;
      const d = `M${x0 + nodeW},${ya}C${cx},${ya} ${cx},${yb} ${x1},${yb}L${x1},${yb + t}C${cx},${yb + t} ${cx},${ya + t} ${x0 + nodeW},${ya + t}Z`;
      const p = svgEl("path", {d, fill: GRUPP_FARG[l.g] ?? "#888", "fill-opacity": 0.45, "data-fore": l.g, "data-efter": r.g, "data-antal": v});
      const title = svgEl("title");
      title.textContent = `${namn(l.g)} → ${namn(r.g)}: ${formatNumber(v)}`;
      p.append(title);
      band.append(p);
    }
  }
  const nod = (n, x, anchor, tx) => {
    const g = svgEl("g", {class: "flodesnod", "data-grupp": n.g});
    g.append(svgEl("rect", {x, y: n.y, width: nodeW, height: n.h, fill: GRUPP_FARG[n.g] ?? "#888"}));
    const fontSize = narrow ? 10 : 12;
    const rader = radbryt(`${namn(n.g)} ${formatAntal(n.etikett)}`, Math.floor((labelW - nodeW - 8) / (fontSize * 0.6)));
    const t = svgEl("text", {x: tx, y: n.y + n.h / 2 - ((rader.length - 1) * fontSize * 1.1) / 2, "text-anchor": anchor, "dominant-baseline": "middle", "font-size": fontSize});
    rader.forEach((rad, i) => {
      const ts = svgEl("tspan", {x: tx, dy: i === 0 ? 0 : `${1.1}em`});
      ts.textContent = rad;
      t.append(ts);
    });
    g.append(t);
    return g;
  };
  for (const n of vanster) svg.append(nod(n, x0, "end", x0 - 6));
  for (const n of hoger) svg.append(nod(n, x1, "start", x1 + nodeW + 6));
  const rubrik = (text, x, anchor) => {
    const t = svgEl("text", {x, y: 12, "text-anchor": anchor, "font-weight": 600, "font-size": 12});
    t.textContent = text;
    return t;
  };
  svg.append(rubrik("Före", x0 + nodeW, "end"), rubrik("Efter (vid avslut)", x1, "start"));
  return svg;
}

/** Budget and utfall per year as paired bars (kronor). rader: [{ar, budget_kr, utfall_kr}]. */
export function ekonomiDiagram(rader, {width, titel} = {}) {
  const data = rader.flatMap((r) => [
    {ar: String(r.ar), typ: "Budget", kr: r.budget_kr},
    {ar: String(r.ar), typ: "Utfall", kr: r.utfall_kr}
  ]).filter((d) => tal(d.kr));
  const tkr = (d3.max(data, (d) => d.kr) ?? 0) < 2e6;
  return Plot.plot({
    width,
    height: 260,
    marginLeft: 70,
    ariaLabel: titel,
    fx: {label: null, padding: 0.15},
    x: {axis: null, domain: ["Budget", "Utfall"]},
    y: {label: "kronor", grid: true, tickFormat: (v) => (tkr ? `${formatNumber(v / 1e3)} tkr` : `${formatNumber(v / 1e6, 1)} mnkr`)},
    color: {domain: ["Budget", "Utfall"], range: ["#94a3b8", "#2563eb"], legend: true},
    marks: [
      Plot.barY(data, {fx: "ar", x: "typ", y: "kr", fill: "typ"}),
      Plot.ruleY([0]),
      Plot.tip(data, Plot.pointer({fx: "ar", x: "typ", y: "kr", title: (d) => `${d.ar} ${d.typ.toLowerCase()}: ${formatKr(d.kr, 0)}`}))
    ]
  });
}
