// Karta: the choropleth of kommuner or län, ranks, the period stepper and the ranked table. Plain functions;
// the page (src/karta.md) holds the state. Boundaries: SCB "Digitala gränser" (CC0) as TopoJSON.
import * as Plot from "npm:@observablehq/plot";
import * as topojson from "npm:topojson-client";
import {diagram, ytterText} from "./diagram.js";
import {INGET_VARDE_FARG, kartFarger, morktLage} from "./farger.js";
import {formatHalvarKort, formatKr, formatNumber} from "./format.js";
import {PERIODTYP_NAMN, formatPeriod, periodTyp} from "./perioder.js";

/** Kommun and län features from the TopoJSON (id = kommunkod / länskod); a cut-out of one län has kommuner only. */
export function kartGeometri(topo) {
  return {
    kommun: topojson.feature(topo, topo.objects.kommuner),
    lan: topo.objects.lan ? topojson.feature(topo, topo.objects.lan) : null,
    lansgranser: topo.objects.lan ? topojson.mesh(topo, topo.objects.lan, (a, b) => a !== b) : null
  };
}

/**
 * The values of one level (kommun or län) for a period and ersättning, ranked: rank 1 = the highest value.
 * Equal values share a rank. Returns a Map kod → {kod, namn, lan, varde, rank, antal, preliminar, tackning}, where
 * tackning is {antal, iRegionen} when a län's value rests on fewer kommuner than it has.
 */
export function rangordna(data, {niva, period, ersattning}) {
  const p = data.perioder.indexOf(period);
  const e = data.ersattningar.findIndex((x) => x.id === ersattning);
  const rader = [];
  data.regioner.forEach((r, i) => {
    if (r.typ !== niva) return;
    const varde = p >= 0 && e >= 0 ? data.varden[i][e][p] : null;
    const prel = (data.preliminar[`${r.typ}:${r.kod}`] ?? []).includes(p);
    const t = (data.ofullstandig?.[`${r.typ}:${r.kod}`]?.[ersattning] ?? []).find(([i]) => i === p);
    rader.push({kod: r.kod, namn: r.namn, lan: r.lan, varde, preliminar: prel, tackning: t ? {antal: t[1], iRegionen: t[2]} : null});
  });
  const medVarde = rader.filter((r) => r.varde != null).sort((a, b) => b.varde - a.varde);
  let rank = 0;
  medVarde.forEach((r, i) => {
    if (i === 0 || r.varde !== medVarde[i - 1].varde) rank = i + 1;
    r.rank = rank;
    r.antal = medVarde.length;
  });
  return new Map(rader.map((r) => [r.kod, r]));
}

/** Which way the map's colours go, for the text beside it: "mörkare" (light theme) or "ljusare" (dark theme). */
export function merFarg() {
  return morktLage() ? "ljusare" : "mörkare";
}

/**
 * Each area of the map as a link a keyboard reaches (Tab) and opens (Enter, or Space like a button): the area's
 * description moves from Plot's <path> onto the <a> (the link's name), a focused area is outlined (style.css).
 */
function kartLankar(plot) {
  for (const a of plot.querySelectorAll("svg a")) {
    const path = a.querySelector("path[aria-label]");
    if (path) {
      a.setAttribute("aria-label", path.getAttribute("aria-label"));
      path.removeAttribute("aria-label");
    }
    const href = a.getAttribute("href") ?? a.getAttribute("xlink:href") ?? a.getAttributeNS("http://www.w3.org/1999/xlink", "href");
    if (href && !a.getAttribute("href")) a.setAttribute("href", href);
    a.classList.add("karta-omrade");
    a.addEventListener("keydown", (event) => {
      if (event.key === " " || event.key === "Spacebar") {
        event.preventDefault();
        a.dispatchEvent(new MouseEvent("click", {bubbles: true, cancelable: true, view: window}));
      }
    });
  }
  return plot;
}

/**
 * The choropleth. features: a FeatureCollection (id = code); varden: from rangordna; lank(kod) → href or null.
 * Colour: quantile classes (kartFarger); grey = no value. Each area is a link (keyboard: Tab, Enter) named by its
 * value and rank. height: the map's height (Sweden's shape by default); null lets the projection's aspect ratio decide
 * (a län). Returns the map with a summary sentence (highest, lowest); the page shows the ranked table beside it.
 */
export function koropletkarta(features, varden, {width, enhet, titel, beskrivning, lank, lansgranser, visaLansgranser, height, klasser = 7}) {
  const w = Math.min(width, 560);
  const text = (f) => {
    const v = varden.get(f.id);
    if (!v) return f.properties.kommun ?? f.properties.lan ?? f.id;
    return v.varde == null
      ? `${v.namn}: inget värde`
      : `${v.namn}: ${formatKr(v.varde)} per invånare och dag${v.preliminar ? " (preliminärt)" : ""}, plats ${v.rank} av ${v.antal}${v.tackning ? `, ${v.tackning.antal} av ${v.tackning.iRegionen} kommuner har värden` : ""}`;
  };
  const antalKlasser = Math.max(1, Math.min(klasser, new Set([...varden.values()].map((v) => v.varde).filter((v) => v != null)).size));
  const plot = Plot.plot({
    width: w,
    ...(height === null ? {} : {height: height ?? Math.round(w * 1.9)}),
    margin: 4,
    ariaLabel: titel,
    ariaDescription: beskrivning,
    projection: {type: "transverse-mercator", rotate: [-15, 0], domain: features, inset: 4},
    color: {
      type: "quantile",
      n: antalKlasser,
      range: kartFarger(antalKlasser),
      legend: true,
      label: enhet,
      unknown: INGET_VARDE_FARG,
      tickFormat: (d) => formatNumber(d, 1),
      width: Math.min(w, 420)
    },
    marks: [
      // Grey underneath: an area without a value stays visible and reads as "no value".
      Plot.geo(features, {fill: INGET_VARDE_FARG, stroke: "var(--theme-background, white)", strokeWidth: 0.4}),
      Plot.geo(features, {
        fill: (f) => varden.get(f.id)?.varde ?? NaN,
        stroke: "var(--theme-background, white)",
        strokeWidth: 0.4,
        href: (f) => lank(f.id),
        ariaLabel: text
      }),
      visaLansgranser ? Plot.geo(lansgranser, {stroke: "var(--theme-foreground, #222)", strokeWidth: 0.9, strokeOpacity: 0.6}) : null,
      Plot.tip(
        features.features,
        Plot.pointer(
          Plot.geoCentroid({
            title: (f) => {
              const v = varden.get(f.id);
              if (!v) return f.id;
              return v.varde == null
                ? `${v.namn}\nInget värde`
                : `${v.namn}\n${formatKr(v.varde)} per invånare och dag${v.preliminar ? " (preliminärt)" : ""}\nPlats ${v.rank} av ${v.antal} (1 = högst)` +
                  (v.tackning ? `\n${v.tackning.antal} av ${v.tackning.iRegionen} kommuner har värden` : "");
            }
          })
        )
      )
    ]
  });
  kartLankar(plot);
  const poster = [...varden.values()].map((v) => ({namn: v.namn, varde: v.varde}));
  const vad = features.features[0]?.properties?.kommun != null ? "kommuner" : "län";
  return diagram(plot, {
    titel,
    sammanfattning: `${ytterText(poster, {vad})} Alla värden står i tabellen bredvid kartan.`,
    tabell: null
  });
}

/**
 * A control to move through periods (half-years or years): previous/next buttons, a slider (arrow keys, Home/End)
 * and the label. A Framework view: .value is the period, "input" is dispatched on change.
 */
export function halvarStegare(perioder, {value, label = PERIODTYP_NAMN[periodTyp(perioder[0]) ?? "halvar"]} = {}) {
  const enhet = periodTyp(perioder[0]) === "ar" ? "år" : "halvår";
  const form = document.createElement("form");
  form.className = "karta-stegare";
  form.addEventListener("submit", (event) => event.preventDefault());
  const id = `stegare-${Math.random().toString(36).slice(2, 8)}`;
  let i = Math.max(0, perioder.indexOf(value));
  if (perioder.indexOf(value) < 0) i = perioder.length - 1;

  const rubrik = document.createElement("label");
  rubrik.htmlFor = `${id}-range`;
  rubrik.textContent = label;
  const forra = document.createElement("button");
  forra.type = "button";
  forra.textContent = "◀ Föregående";
  forra.setAttribute("aria-label", `Föregående ${enhet}`);
  const range = document.createElement("input");
  range.type = "range";
  range.id = `${id}-range`;
  range.name = periodTyp(perioder[0]) === "ar" ? "ar" : "halvar";
  range.min = "0";
  range.max = String(perioder.length - 1);
  range.step = "1";
  const nasta = document.createElement("button");
  nasta.type = "button";
  nasta.textContent = "Nästa ▶";
  nasta.setAttribute("aria-label", `Nästa ${enhet}`);
  const output = document.createElement("output");
  output.htmlFor = range.id;
  output.setAttribute("aria-live", "polite");
  // Play: one period every 1.5 s to the last, then stop; a second press pauses.
  const spela = document.createElement("button");
  spela.type = "button";
  spela.className = "karta-spela";
  let timer = null;
  function stoppa() {
    if (timer) clearInterval(timer);
    timer = null;
    spela.textContent = "▶ Spela upp";
    spela.setAttribute("aria-pressed", "false");
  }
  spela.addEventListener("click", () => {
    if (timer) return stoppa();
    if (i === perioder.length - 1) satt(0, true);
    spela.textContent = "❚❚ Pausa";
    spela.setAttribute("aria-pressed", "true");
    timer = setInterval(() => {
      if (!form.isConnected || i >= perioder.length - 1) return stoppa();
      satt(i + 1, true);
      if (i >= perioder.length - 1) stoppa();
    }, 1500);
  });
  stoppa();

  function satt(next, notify) {
    i = Math.max(0, Math.min(perioder.length - 1, next));
    range.value = String(i);
    range.setAttribute("aria-valuetext", formatPeriod(perioder[i]));
    output.textContent = formatPeriod(perioder[i]);
    forra.disabled = i === 0;
    nasta.disabled = i === perioder.length - 1;
    form.value = perioder[i];
    if (notify) form.dispatchEvent(new Event("input", {bubbles: true}));
  }
  range.addEventListener("input", (event) => {
    event.stopPropagation();
    stoppa();
    satt(Number(range.value), true);
  });
  forra.addEventListener("click", () => {
    stoppa();
    satt(i - 1, true);
  });
  nasta.addEventListener("click", () => {
    stoppa();
    satt(i + 1, true);
  });
  form.append(rubrik, forra, range, nasta, output, spela);
  satt(i, false);
  return form;
}

/** The ranked table (rank order; areas without a value last). */
export function rangTabell(varden, {niva, enhet, caption, lank}) {
  const table = document.createElement("table");
  table.className = "value-table karta-tabell";
  if (caption) table.createCaption().textContent = caption;
  const hr = table.createTHead().insertRow();
  for (const [text, num] of [["Plats", true], [niva === "kommun" ? "Kommun" : "Län", false], ["Kod", false], [enhet, true]]) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = text;
    if (num) th.className = "num";
    hr.appendChild(th);
  }
  const tbody = table.createTBody();
  const rader = [...varden.values()].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.namn.localeCompare(b.namn, "sv"));
  for (const r of rader) {
    const tr = tbody.insertRow();
    tr.dataset.kod = r.kod;
    const plats = tr.insertCell();
    plats.className = "num";
    plats.textContent = r.rank ?? "–";
    const namn = document.createElement("th");
    namn.scope = "row";
    const href = lank(r.kod);
    if (href) {
      const a = document.createElement("a");
      a.href = href;
      a.textContent = r.namn;
      namn.appendChild(a);
    } else namn.textContent = r.namn;
    tr.appendChild(namn);
    tr.insertCell().textContent = r.kod;
    const v = tr.insertCell();
    v.className = "num";
    v.textContent = formatKr(r.varde) + (r.preliminar ? " (prel.)" : "");
    if (r.tackning) {
      const t = document.createElement("small");
      t.className = "tackning";
      t.textContent = ` (${r.tackning.antal} av ${r.tackning.iRegionen} kommuner)`;
      v.append(t);
    }
  }
  return table;
}

/** "H1 2024"-style label for compact places. */
export {formatHalvarKort};
