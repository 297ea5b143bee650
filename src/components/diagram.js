// Accessible charts (issue #11, WCAG 2.1 AA). Every chart component passes its Plot figure through diagram(), which
//   - makes the chart's <svg> an image with a name (the title) and a description (the summary below it), and takes
//     Plot's aria-label off the <g> of each mark (a <g> has no role, so the attribute is not allowed there; axe
//     aria-prohibited-attr) — also when Plot redraws a mark later (the tooltip on pointer move);
//   - writes a one-sentence summary under the chart, generated from the data (tidsserieText, delarText, ytterText);
//   - puts the chart's data in a table behind "Visa som tabell", one click away.
// Colours and symbols: farger.js. Pure functions (the texts, the table rows, label spreading) are unit-tested in
// test/site/diagram.test.ts; numbers go through format.js.
import {formatKr, formatNumber} from "./format.js";
import {formatPeriod} from "./perioder.js";
import {dataTabell} from "./tabell.js";

export {SERIE_FARGER, SERIE_SYMBOLER, SYMBOL_TECKEN, blanda, kontrast, luminans, morktLage} from "./farger.js";

// ---- Summaries (one sentence, Swedish, numbers via format.js) ----

function medVarden(punkter) {
  return (punkter ?? []).filter((p) => p.varde != null && !Number.isNaN(p.varde));
}

/** A region's name inside a sentence: "riket", not "Riket". */
export function iText(namn) {
  return namn === "Riket" ? "riket" : namn;
}

function versal(text) {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

/**
 * A time series in one sentence: "Försörjningsmåttet i Flen sjönk från 51,08 kr till 48,78 kr mellan 1:a halvåret
 * 2014 och 2:a halvåret 2025 (högst 55,20 kr 2:a halvåret 2016, lägst 48,78 kr 2:a halvåret 2025)." — and a short
 * sentence on the other series: their first and last values (up to three), or which was highest and lowest at the
 * end (more than three).
 * serier: [{namn, punkter: [{period, varde}]}], the first is the one the chart is about; matt: what is measured
 * ("Försörjningsmåttet", "Sjukpenning"), or subjekt: (series name) → the sentence's subject ("Sjukpenning för
 * kvinnor i Flen"); fmt: a value as text (formatKr by default).
 * @param {{namn: string, punkter: {period: string, varde: number | null}[]}[]} serier
 * @param {{matt?: string, subjekt?: ((namn: string) => string) | null, fmt?: (v: number) => string}} [options]
 * @returns {string}
 */
export function tidsserieText(serier, {matt = "Värdet", subjekt: subjektFor = null, fmt = formatKr} = {}) {
  const [fokus, ...ovriga] = serier.filter((s) => medVarden(s.punkter).length);
  if (!fokus) return `${versal(matt)}: inga värden att visa.`;
  const p = medVarden(fokus.punkter);
  const subjekt = versal(subjektFor ? subjektFor(iText(fokus.namn)) : `${matt} i ${iText(fokus.namn)}`);
  let text;
  if (p.length === 1) {
    text = `${subjekt} var ${fmt(p[0].varde)} ${formatPeriod(p[0].period)}.`;
  } else {
    const forsta = p[0];
    const sista = p.at(-1);
    const max = p.reduce((a, b) => (b.varde > a.varde ? b : a));
    const min = p.reduce((a, b) => (b.varde < a.varde ? b : a));
    const andring = sista.varde - forsta.varde;
    const oforandrat = Math.abs(andring) <= 0.005 * Math.max(Math.abs(forsta.varde), 1e-9) || fmt(sista.varde) === fmt(forsta.varde);
    const verb = oforandrat ? "var i stort sett oförändrat" : andring > 0 ? "steg" : "sjönk";
    text =
      `${subjekt} ${verb}${oforandrat ? ", " : " "}från ${fmt(forsta.varde)} till ${fmt(sista.varde)} mellan ` +
      `${formatPeriod(forsta.period)} och ${formatPeriod(sista.period)}` +
      (p.length > 2 ? ` (högst ${fmt(max.varde)} ${formatPeriod(max.period)}, lägst ${fmt(min.varde)} ${formatPeriod(min.period)})` : "") +
      ".";
  }
  if (!ovriga.length) return text;
  if (ovriga.length <= 3) {
    const delar = ovriga.map((s) => {
      const q = medVarden(s.punkter);
      return q.length === 1 ? `${iText(s.namn)} ${fmt(q[0].varde)}` : `${iText(s.namn)} från ${fmt(q[0].varde)} till ${fmt(q.at(-1).varde)}`;
    });
    return `${text} Som jämförelse: ${delar.join(", ")}.`;
  }
  // Many series (a förbund's members): who is highest and lowest in the focus series' last period.
  const sistaPeriod = p.at(-1).period;
  const vid = ovriga
    .map((s) => ({namn: s.namn, varde: medVarden(s.punkter).find((q) => q.period === sistaPeriod)?.varde}))
    .filter((x) => x.varde != null);
  if (vid.length < 2) return text;
  const hog = vid.reduce((a, b) => (b.varde > a.varde ? b : a));
  const lag = vid.reduce((a, b) => (b.varde < a.varde ? b : a));
  return `${text} Av de ${ovriga.length} övriga linjerna låg ${iText(hog.namn)} högst (${fmt(hog.varde)}) och ${iText(lag.namn)} lägst (${fmt(lag.varde)}) ${formatPeriod(sistaPeriod)}.`;
}

/**
 * Parts of a whole in one period (stacked bars): "2:a halvåret 2025 var ekonomiskt bistånd den största delen av
 * försörjningsmåttet i Flen, 15,20 kr av 48,78 kr, och etableringsersättning den minsta, 0,40 kr."
 * delar: [{namn, varde}]; helhet: the total (or null); vad: "försörjningsmåttet i Flen".
 * @param {{namn: string, varde: number | null}[]} delar
 * @param {{period?: string, helhet?: number | null, vad?: string, fmt?: (v: number) => string}} [options]
 * @returns {string}
 */
export function delarText(delar, {period, helhet = null, vad = "totalen", fmt = formatKr} = {}) {
  const d = delar.filter((x) => x.varde != null && !Number.isNaN(x.varde));
  if (!d.length) return `Inga värden ${period ? formatPeriod(period) : ""}`.trim() + ".";
  const storst = d.reduce((a, b) => (b.varde > a.varde ? b : a));
  const minst = d.reduce((a, b) => (b.varde < a.varde ? b : a));
  const nar = period ? `${versal(formatPeriod(period))} var ` : "";
  const forst = `${nar}${nar ? storst.namn.toLowerCase() : versal(storst.namn)} den största delen av ${vad}, ${fmt(storst.varde)}${helhet != null ? ` av ${fmt(helhet)}` : ""}`;
  return d.length === 1 ? `${forst}.` : `${forst}, och ${minst.namn.toLowerCase()} den minsta, ${fmt(minst.varde)}.`;
}

/**
 * The highest and lowest of a set of values (bars, a map): "Högst: Tibro, 85,71 kr; lägst: Värmdö, 22,11 kr
 * (290 kommuner med värde)." poster: [{namn, varde}]; vad: what the count is of ("kommuner").
 * @param {{namn: string, varde: number | null}[]} poster
 * @param {{fmt?: (v: number) => string, vad?: string | null, inledning?: string}} [options]
 * @returns {string}
 */
export function ytterText(poster, {fmt = formatKr, vad = null, inledning = ""} = {}) {
  const p = poster.filter((x) => x.varde != null && !Number.isNaN(x.varde));
  if (!p.length) return `${inledning}Inga värden.`.trim();
  const hog = p.reduce((a, b) => (b.varde > a.varde ? b : a));
  const lag = p.reduce((a, b) => (b.varde < a.varde ? b : a));
  const antal = vad ? ` (${formatNumber(p.length)} ${vad} med värde)` : "";
  return p.length === 1
    ? `${inledning}${hog.namn}: ${fmt(hog.varde)}${antal}.`
    : `${inledning}${inledning ? "högst" : "Högst"}: ${hog.namn}, ${fmt(hog.varde)}; lägst: ${lag.namn}, ${fmt(lag.varde)}${antal}.`;
}

// ---- The data behind a chart as a table ----

/**
 * A time series chart's table: one row per period (latest first), a column per series.
 * serier: [{namn, punkter: [{period, varde}]}]; fmt: a value as text. Returns {rader, kolumner} for dataTabell.
 * @param {{namn: string, punkter: {period: string, varde: number | null}[]}[]} serier
 * @param {{fmt?: (v: number) => string, periodRubrik?: string}} [options]
 * @returns {{rader: Record<string, any>[], kolumner: {key: string, label: string, format?: string, text?: (v: any) => string}[]}}
 */
export function tidsserieTabell(serier, {fmt = formatKr, periodRubrik = "Period"} = {}) {
  const perioder = [...new Set(serier.flatMap((s) => medVarden(s.punkter).map((p) => p.period)))].sort().reverse();
  const varden = serier.map((s) => new Map(medVarden(s.punkter).map((p) => [p.period, p.varde])));
  return {
    kolumner: [
      {key: "period", label: periodRubrik},
      ...serier.map((s, i) => ({key: `s${i}`, label: s.namn, format: "tal", text: (v) => (v == null ? "–" : fmt(v))}))
    ],
    rader: perioder.map((period) => Object.fromEntries([["period", period], ...varden.map((m, i) => [`s${i}`, m.get(period) ?? null])]))
  };
}

// ---- Direct labels at the end of lines / beside bars ----

/**
 * Spreads label positions (pixels, one per label) so no two are closer than `avstand`, moving each as little as
 * possible and keeping them within [min, max]. Returns the new positions in the input's order.
 * @param {number[]} positioner
 * @param {{avstand?: number, min?: number, max?: number}} [options]
 * @returns {number[]}
 */
export function spridEtiketter(positioner, {avstand = 12, min = -Infinity, max = Infinity} = {}) {
  const ordning = positioner.map((y, i) => ({y, i})).sort((a, b) => a.y - b.y || a.i - b.i);
  const n = ordning.length;
  if (!n) return [];
  // Clusters of labels that touch are placed around their mean (the classic greedy merge), then clamped.
  let kluster = [];
  for (const o of ordning) {
    kluster.push({start: o.y, summa: o.y, antal: 1, medlemmar: [o]});
    while (kluster.length > 1) {
      const b = kluster.at(-1);
      const a = kluster.at(-2);
      const aSlut = a.start + (a.antal - 1) * avstand;
      if (aSlut + avstand <= b.start) break;
      const m = {summa: a.summa + b.summa, antal: a.antal + b.antal, medlemmar: [...a.medlemmar, ...b.medlemmar]};
      // start such that the cluster's mean position equals the mean of its members' wishes
      const medel = m.summa / m.antal;
      m.start = medel - ((m.antal - 1) * avstand) / 2;
      kluster.splice(-2, 2, m);
    }
  }
  const ut = new Array(n);
  const platser = kluster.flatMap((k) => k.medlemmar.map((o, j) => ({i: o.i, y: k.start + j * avstand})));
  // Clamp to [min, max] keeping the spacing: push down from the top, then up from the bottom.
  for (let j = 0; j < platser.length; j++) platser[j].y = Math.max(platser[j].y, j === 0 ? min : platser[j - 1].y + avstand);
  for (let j = platser.length - 1; j >= 0; j--) platser[j].y = Math.min(platser[j].y, j === platser.length - 1 ? max : platser[j + 1].y - avstand);
  for (const p of platser) ut[p.i] = p.y;
  return ut;
}

/** A label for the end of a line: the name, shortened to `max` characters. */
export function kortNamn(namn, max = 22) {
  const s = String(namn);
  return s.length <= max ? s : `${s.slice(0, max - 1).trimEnd()}…`;
}

/**
 * After Plot has drawn it: moves the texts of the mark with className `klass` (end-of-line labels) apart so none
 * overlap, and draws a short leader from a moved label to its point.
 */
export function spridPlotEtiketter(plot, klass, {avstand = 12} = {}) {
  const svg = arSvg(plot) ? plot : plot.querySelector?.(`svg:has(g.${klass})`);
  const g = svg?.querySelector(`g.${klass}`);
  if (!g) return plot;
  const texter = [...g.querySelectorAll("text")];
  const las = (t) => {
    const m = /translate\(([-\d.e]+),\s*([-\d.e]+)\)/.exec(t.getAttribute("transform") ?? "");
    return m ? {x: Number(m[1]), y: Number(m[2]), transform: true} : {x: Number(t.getAttribute("x")), y: Number(t.getAttribute("y")), transform: false};
  };
  const pos = texter.map(las);
  const hojd = Number(svg.getAttribute("height")) || Infinity;
  const nya = spridEtiketter(pos.map((p) => p.y), {avstand, min: 6, max: hojd - 20});
  texter.forEach((t, i) => {
    const {x, y, transform} = pos[i];
    if (Math.abs(nya[i] - y) < 0.5) return;
    if (transform) t.setAttribute("transform", `translate(${x},${nya[i]})`);
    else t.setAttribute("y", String(nya[i]));
    const linje = document.createElementNS("http://www.w3.org/2000/svg", "line");
    linje.setAttribute("x1", String(x - 5));
    linje.setAttribute("y1", String(y));
    linje.setAttribute("x2", String(x - 1));
    linje.setAttribute("y2", String(nya[i]));
    linje.setAttribute("stroke", "currentColor");
    linje.setAttribute("stroke-opacity", "0.5");
    g.append(linje);
  });
  return plot;
}

// ---- DOM: the chart, its summary and its table ----

const behandlade = new WeakSet();

function arSvg(el) {
  return typeof SVGSVGElement !== "undefined" && el instanceof SVGSVGElement;
}

/**
 * Takes Plot's per-mark aria-label (and aria-description) off every <g> of an svg. The mark's type stays readable to
 * code as data-mark ("line", "dot", "bar", "geo", "x-axis tick", "tip"): tests and the benchmark select marks by it.
 */
function rensaGrupper(svg) {
  for (const g of svg.querySelectorAll("g[aria-label], g[aria-description]")) {
    const typ = g.getAttribute("aria-label");
    if (typ && !g.hasAttribute("data-mark")) g.setAttribute("data-mark", typ);
    g.removeAttribute("aria-label");
    g.removeAttribute("aria-description");
  }
}

/**
 * Makes every Plot svg in `root` (a figure, an svg, or any element holding charts) accessible: legends are hidden
 * from assistive technology (their text is beside them, the values in the summary and table), marks lose their
 * aria-label (now and when Plot redraws them), and a chart with a name and no links becomes role="img". A chart
 * with links (the map's areas) stays a group its links can be reached in. Safe to call more than once.
 */
export function tillgangligPlot(root) {
  if (!root || typeof root.querySelectorAll !== "function") return;
  const svgs = arSvg(root) ? [root] : [...root.querySelectorAll("svg")];
  for (const svg of svgs) {
    const cls = svg.getAttribute("class") ?? "";
    if (!/(^|\s)plot-/.test(cls) && !svg.closest("[class^='plot-'], [class*=' plot-']")) continue;
    if (/-(swatch|ramp)/.test(cls) || svg.closest("[class*='-swatch']")) {
      svg.setAttribute("aria-hidden", "true");
      continue;
    }
    if (svg.parentElement?.closest("svg")) continue; // a nested svg inside a chart
    rensaGrupper(svg);
    if (!svg.hasAttribute("role") && svg.getAttribute("aria-label") && !svg.querySelector("a")) svg.setAttribute("role", "img");
    if (svg.getAttribute("role") !== "img" && svg.querySelector("a")) svg.setAttribute("role", "group");
    if (!behandlade.has(svg)) {
      behandlade.add(svg);
      // The pointer's tooltip is rendered again on every move, with aria-label="tip".
      if (typeof MutationObserver === "function") new MutationObserver(() => rensaGrupper(svg)).observe(svg, {childList: true, subtree: true});
    }
  }
}

let raknare = 0;

/**
 * A chart with its text alternative: `plot` (Plot's figure or svg) followed by the summary sentence and a "Visa som
 * tabell" disclosure holding the data table. Returns a <div class="diagram">.
 * options: titel (the accessible name; Plot's ariaLabel when already set), sammanfattning (one sentence),
 * tabell ({rader, kolumner, caption} for dataTabell, or null when the page shows the values beside the chart).
 */
export function diagram(plot, {titel, sammanfattning, tabell} = {}) {
  const id = `diagram-${++raknare}`;
  const wrap = document.createElement("div");
  wrap.className = "diagram";
  wrap.append(plot);
  const svg =
    arSvg(plot)
      ? plot
      : [...plot.querySelectorAll("svg")].find((s) => !/-(swatch|ramp)/.test(s.getAttribute("class") ?? "") && !s.closest("[class*='-swatch']") && !s.parentElement?.closest("svg"));
  if (svg && titel && !svg.getAttribute("aria-label")) svg.setAttribute("aria-label", titel);
  tillgangligPlot(plot);
  if (sammanfattning) {
    const p = document.createElement("p");
    p.className = "diagram-sammanfattning";
    p.id = `${id}-sammanfattning`;
    p.textContent = sammanfattning;
    wrap.append(p);
    if (svg) svg.setAttribute("aria-describedby", p.id);
  }
  if (tabell?.rader?.length) {
    // The table is made when the disclosure first opens: a page's own tables stay the only ones in the document until
    // a reader asks for a chart's (and a page with many charts stays light).
    const details = document.createElement("details");
    details.className = "diagram-tabell";
    const summary = document.createElement("summary");
    summary.textContent = "Visa som tabell";
    details.append(summary);
    const visa = () => {
      if (!details.open || details.querySelector("table")) return;
      const ruta = document.createElement("div");
      ruta.className = "table-scroll";
      ruta.append(dataTabell(tabell.rader, tabell.kolumner, {caption: tabell.caption ?? titel ?? svg?.getAttribute("aria-label") ?? undefined}));
      details.append(ruta);
      scrollRuta(ruta);
    };
    details.addEventListener("toggle", visa);
    wrap.append(details);
  }
  return wrap;
}

// ---- Scrolling regions (tables, code) a keyboard user can scroll ----

function regionNamn(el) {
  const caption = el.querySelector("caption")?.textContent?.trim();
  if (caption) return caption.length > 140 ? `${caption.slice(0, 137)}…` : caption;
  let prev = el.previousElementSibling;
  while (prev && !/^H[1-6]$|^SUMMARY$/.test(prev.tagName) && !prev.querySelector?.("h2, h3, h4")) prev = prev.previousElementSibling;
  const rubrik = prev ? (/^H[1-6]$|^SUMMARY$/.test(prev.tagName) ? prev : prev.querySelector("h2, h3, h4"))?.textContent?.trim() : null;
  return rubrik || (el.tagName === "PRE" ? "Kod" : "Tabell");
}

const rutor = new Set();
let kontrollPlanerad = false;

/** Whether a region overflows now; sets or removes its tabindex, role and name accordingly. */
function uppdateraRuta(el) {
  const rullar = el.isConnected && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1);
  if (rullar) {
    if (el.getAttribute("tabindex") !== "0") el.setAttribute("tabindex", "0");
    el.setAttribute("role", "region");
    el.setAttribute("aria-label", regionNamn(el));
    el.classList.add("rullar");
  } else if (el.classList.contains("rullar")) {
    el.removeAttribute("tabindex");
    el.removeAttribute("role");
    el.removeAttribute("aria-label");
    el.classList.remove("rullar");
  }
}

/** Checks every region again on the next frame (the window or the text size changed, a <details> opened). */
function kontrolleraAlla() {
  if (kontrollPlanerad) return;
  kontrollPlanerad = true;
  requestAnimationFrame(() => {
    kontrollPlanerad = false;
    for (const el of rutor) {
      if (!el.isConnected) rutor.delete(el);
      else uppdateraRuta(el);
    }
  });
}

let sidObservatorer = false;
function observeraSidan() {
  if (sidObservatorer || typeof document === "undefined" || typeof ResizeObserver !== "function") return;
  sidObservatorer = true;
  // The page's size changes with the window and with the text size (zoom); a <details> opening shows its content.
  new ResizeObserver(kontrolleraAlla).observe(document.documentElement);
  addEventListener("resize", kontrolleraAlla);
  document.addEventListener("toggle", kontrolleraAlla, true);
}

/**
 * Makes a scrolling container reachable by keyboard while its content overflows (WCAG 2.1.1; axe
 * scrollable-region-focusable): tabindex="0", role="region" and a name from the table's caption (or the heading
 * before it). Follows size changes (zoom, a narrower window, a <details> opening) and new content.
 */
export function scrollRuta(el) {
  if (!el || rutor.has(el)) return el;
  rutor.add(el);
  observeraSidan();
  uppdateraRuta(el);
  if (typeof ResizeObserver === "function") {
    const ro = new ResizeObserver(() => uppdateraRuta(el));
    const folj = () => {
      ro.observe(el);
      for (const t of el.querySelectorAll("table")) ro.observe(t);
    };
    folj();
    if (typeof MutationObserver === "function") {
      new MutationObserver(() => {
        folj();
        uppdateraRuta(el);
      }).observe(el, {childList: true, subtree: true});
    }
  }
  return el;
}

/** A table in a scrolling container made with scrollRuta: <div class="table-scroll">table</div>. */
export function tabellRuta(table) {
  const div = document.createElement("div");
  div.className = "table-scroll";
  div.append(table);
  return scrollRuta(div);
}
