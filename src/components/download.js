// Download buttons for tables (CSV, Excel) and charts (PNG, SVG). Everything happens in the browser, offline:
// CSV from csv.js, .xlsx from write-excel-file (bundled from node_modules, loaded only when clicked), images from the
// chart's own SVG.
//
// Table downloads (issue #12): the cells that are försörjningsmåttet (exakt.js measureSpecs) get the exact value and
// their parts — fetched at click time from the site's _exakt/ folder, written at build (scripts/build-site.ts) — and
// every download says what it is: Excel has a second sheet "Om data", the CSV button also saves "<name>-om-data.txt"
// beside the CSV (omdata.js). What "Om data" needs from the build (time, source files) is data/om-data.json,
// fetched at click too; the page's own data stay as small as before.
import {FileAttachment} from "observablehq:stdlib";
import {fileSlug, toCsv, workbook} from "./csv.js";
import {EXAKT_KATALOG, behovdaFiler, lasFil, measureSpecs, neededKeys, withExactValues} from "./exakt.js";
import {bandText, omDataRader, omDataSheet, omDataText} from "./omdata.js";
import {omfattningFor, ERSATTNING_TEXT} from "./omfattning.js";

const META = FileAttachment("../data/meta.json");
const OM_DATA = FileAttachment("../data/om-data.json");
/** The site's root: this module is served from /_import/components/. */
const EXAKT_ROT = new URL(`../../${EXAKT_KATALOG}/`, import.meta.url);

/** Starts a download of a Blob under the given file name. */
export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.style.display = "none";
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A download button: disabled while it works; a failure is logged and put in its title. */
export function downloadButton(label, title, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "download-button";
  b.textContent = label;
  b.title = title;
  b.addEventListener("click", async () => {
    b.disabled = true;
    try {
      await onClick();
    } catch (error) {
      console.warn(`Nedladdningen misslyckades: ${error.message}`);
      b.title = `Nedladdningen misslyckades: ${error.message}`;
    } finally {
      b.disabled = false;
    }
  });
  return b;
}

function resolveRows(rows) {
  return typeof rows === "function" ? rows() : rows;
}

/** The page's heading and the heading nearest before the buttons (the table's), for "Om data". */
function rubriker(element) {
  const sida = document.querySelector("main h1, h1")?.textContent?.trim() || document.title;
  let tabell = "";
  for (const h of document.querySelectorAll("h2, h3")) {
    if (h.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING) {
      const text = h.textContent.trim();
      if (text) tabell = text;
    }
  }
  return {sida, tabell};
}

async function hamtaExakt(fil) {
  const url = new URL(fil, EXAKT_ROT);
  const response = await fetch(url, {cache: "no-cache"});
  if (!response.ok) throw new Error(`de exakta värdena kunde inte hämtas (${fil}: ${response.status})`);
  return response.json();
}

/** A group's scope for a download cell: "6 av 6: sjukpenning, …" ("" for a single ersättning). */
function omfattningsCell(omf) {
  return (ersattning, period) => {
    const o = omfattningFor(omf, ersattning, period);
    if (!o) return "";
    const lista = o.iOmfattning.map((e) => ERSATTNING_TEXT[e] ?? e).join(", ");
    const saknas = o.saknas.length ? ` — ${o.saknas.map((e) => ERSATTNING_TEXT[e] ?? e).join(", ")} saknas i underlaget` : "";
    const egen = ersattning === "totalt" && omf.standardTotalt === false ? "förbundets definition, " : "";
    return `${egen}${o.iOmfattning.length} av ${o.medlemmar.length}: ${lista}${saknas}`;
  };
}

/**
 * The rows and columns to write — the measure's cells exact, its parts appended — and the "Om data" rows.
 * Fetches meta.json, om-data.json and the exact values the table needs (only now, at click time).
 */
async function forbered(rows, columns, {titel, filnamn, om: extra = []}) {
  const [meta, om] = await Promise.all([META.json(), OM_DATA.json()]);
  const specs = measureSpecs(rows, columns, {ersattningar: meta.ersattningar.map((e) => e.id)});
  const nycklar = neededKeys(rows, specs);
  let rader = rows;
  let kolumner = columns;
  let anvanda = [];
  const namn = new Map();
  if (nycklar.length) {
    const filer = await Promise.all(behovdaFiler(nycklar).map(hamtaExakt));
    const lookup = new Map();
    for (const f of filer) lasFil(f, lookup, namn);
    ({rows: rader, columns: kolumner, used: anvanda} = withExactValues(rows, columns, specs, lookup, {
      band: bandText(meta.aldersband),
      omfattning: omfattningsCell(meta.omfattning)
    }));
  }
  const omRader = omDataRader({
    meta,
    om,
    matt: anvanda,
    namn,
    titel,
    filnamn,
    adress: location.href,
    nu: new Date(),
    extra
  });
  // Headers with plain spaces: a page's own label may hold a no-break space ("16–64 år"), the appended parts' labels
  // do not, and a column found by its name in Excel, R or pandas should not depend on which.
  kolumner = kolumner.map((c) => (typeof c.label === "string" && c.label.includes("\u00a0") ? {...c, label: c.label.replaceAll("\u00a0", " ")} : c));
  return {rader, kolumner, omRader};
}

/**
 * Two buttons, "Ladda ned CSV" and "Ladda ned Excel", for a table.
 * rows: array of objects (or a function returning them at click time);
 * columns: [{key, label (Swedish header), format?: "kr"|"tal"|"text", value?: (row) => any}] — a column of
 *   försörjningsmåttet may say which value it is (`matt`, see exakt.js measureSpecs; series rows need nothing), so
 *   the download has the exact value and its parts;
 * filename: without extension (made file-safe);
 * options (optional): {titel: {sida, tabell} (default: the page's h1 and the heading before the buttons),
 *   om: [[rubrik, text], …] more rows for "Om data" (e.g. a definition for a table that is not försörjningsmåttet)}.
 * CSV: "<filename>.csv" and "<filename>-om-data.txt" (the same "Om data"); Excel: sheets "Data" and "Om data".
 */
export function tableDownloads(rows, columns, filename, options = {}) {
  const base = fileSlug(filename);
  const div = document.createElement("div");
  div.className = "downloads table-downloads";
  div.setAttribute("role", "group");
  div.setAttribute("aria-label", "Ladda ned tabellen");
  const prepare = () =>
    forbered(resolveRows(rows), columns, {
      titel: options.titel ?? rubriker(div),
      filnamn: base,
      om: options.om ?? []
    });
  div.append(
    downloadButton("Ladda ned CSV", "CSV med semikolon och decimalkomma (öppnas direkt i svenskt Excel), fullständiga värden; beskrivningen (Om data) sparas bredvid som .txt", async () => {
      const {rader, kolumner, omRader} = await prepare();
      saveBlob(new Blob([toCsv(rader, kolumner)], {type: "text/csv;charset=utf-8"}), `${base}.csv`);
      saveBlob(new Blob([omDataText(omRader)], {type: "text/plain;charset=utf-8"}), `${base}-om-data.txt`);
    }),
    downloadButton("Ladda ned Excel", "Excel-fil (.xlsx) med svenska rubriker, riktiga tal med alla decimaler och bladet Om data", async () => {
      const [{default: writeXlsxFile}, {rader, kolumner, omRader}] = await Promise.all([import("write-excel-file/browser"), prepare()]);
      const blob = await writeXlsxFile(...workbook(rader, kolumner, omDataSheet(omRader))).toBlob();
      saveBlob(blob, `${base}.xlsx`);
    })
  );
  return div;
}

// SVG properties copied from the computed style into each element, so the file looks the same outside the page.
const STYLE_PROPS = [
  "fill",
  "fill-opacity",
  "stroke",
  "stroke-width",
  "stroke-opacity",
  "stroke-dasharray",
  "stroke-linecap",
  "stroke-linejoin",
  "opacity",
  "font-family",
  "font-size",
  "font-weight",
  "font-style",
  "font-variant-numeric",
  "text-anchor",
  "dominant-baseline",
  "paint-order",
  "visibility"
];

/** The chart's <svg> (the Plot figure may hold legends and the svg). */
function findSvg(target) {
  const el = typeof target === "function" ? target() : typeof target === "string" ? document.querySelector(target) : target;
  if (!el) return null;
  if (el instanceof SVGSVGElement) return el;
  return [...el.querySelectorAll("svg")].find((s) => !s.closest("[class$='-swatch']") && !s.closest("[class*='-swatches']")) ?? null;
}

/** Colour swatches of a Plot legend next to the svg: [{color, label}]. */
function legendItems(svg) {
  const figure = svg.closest("figure") ?? svg.parentElement;
  if (!figure) return [];
  return [...figure.querySelectorAll("[class$='-swatch']")].map((s) => {
    const shape = s.querySelector("rect, circle, path, line");
    const cs = shape ? getComputedStyle(shape) : null;
    const fill = shape?.getAttribute("fill") ?? cs?.fill;
    const color = fill && fill !== "none" ? fill : shape?.getAttribute("stroke") ?? cs?.stroke ?? "currentColor";
    return {color, label: s.textContent.trim()};
  });
}

const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * A stand-alone copy of a chart: computed styles inlined, tooltips removed, the page's background and text colour,
 * the legend drawn above the plot, an optional title. Returns {svg: string, width, height}.
 */
export function serializeChart(svg, {title} = {}) {
  const width = svg.width?.baseVal?.value || svg.getBoundingClientRect().width;
  const height = svg.height?.baseVal?.value || svg.getBoundingClientRect().height;
  const clone = svg.cloneNode(true);
  const originals = [svg, ...svg.querySelectorAll("*")];
  const copies = [clone, ...clone.querySelectorAll("*")];
  copies.forEach((copy, i) => {
    const cs = getComputedStyle(originals[i]);
    const style = STYLE_PROPS.map((p) => [p, cs.getPropertyValue(p)])
      .filter(([, v]) => v && v !== "normal" && v !== "auto")
      .map(([p, v]) => `${p}:${v}`)
      .join(";");
    if (style) copy.setAttribute("style", `${style};${copy.getAttribute("style") ?? ""}`);
  });
  clone.querySelectorAll("[aria-label=tip]").forEach((tip) => tip.remove());

  const bodyStyle = getComputedStyle(document.body);
  const background = bodyStyle.backgroundColor && bodyStyle.backgroundColor !== "rgba(0, 0, 0, 0)" ? bodyStyle.backgroundColor : "#ffffff";
  const foreground = bodyStyle.color || "#000000";
  const fontFamily = bodyStyle.fontFamily || "sans-serif";

  // Legend rows and title above the plot.
  const items = legendItems(svg);
  const lineHeight = 18;
  let y = 0;
  const header = document.createElementNS(SVG_NS, "g");
  header.setAttribute("font-family", fontFamily);
  header.setAttribute("font-size", "12");
  header.setAttribute("fill", foreground);
  if (title) {
    const t = document.createElementNS(SVG_NS, "text");
    t.setAttribute("x", "8");
    t.setAttribute("y", String(y + 16));
    t.setAttribute("font-size", "14");
    t.setAttribute("font-weight", "bold");
    t.textContent = title;
    header.appendChild(t);
    y += 24;
  }
  if (items.length) {
    let x = 8;
    y += 4;
    for (const item of items) {
      const w = 18 + item.label.length * 7 + 14;
      if (x + w > width && x > 8) {
        x = 8;
        y += lineHeight;
      }
      const r = document.createElementNS(SVG_NS, "rect");
      r.setAttribute("x", String(x));
      r.setAttribute("y", String(y + 3));
      r.setAttribute("width", "12");
      r.setAttribute("height", "12");
      r.setAttribute("fill", item.color);
      const t = document.createElementNS(SVG_NS, "text");
      t.setAttribute("x", String(x + 16));
      t.setAttribute("y", String(y + 13));
      t.textContent = item.label;
      header.append(r, t);
      x += w;
    }
    y += lineHeight + 4;
  }

  const root = document.createElementNS(SVG_NS, "svg");
  root.setAttribute("xmlns", SVG_NS);
  root.setAttribute("width", String(width));
  root.setAttribute("height", String(height + y));
  root.setAttribute("viewBox", `0 0 ${width} ${height + y}`);
  root.setAttribute("font-family", fontFamily);
  root.setAttribute("color", foreground);
  const bg = document.createElementNS(SVG_NS, "rect");
  bg.setAttribute("width", "100%");
  bg.setAttribute("height", "100%");
  bg.setAttribute("fill", background);
  root.appendChild(bg);
  root.appendChild(header);
  clone.setAttribute("x", "0");
  clone.setAttribute("y", String(y));
  clone.setAttribute("width", String(width));
  clone.setAttribute("height", String(height));
  root.appendChild(clone);
  const text = new XMLSerializer().serializeToString(root);
  return {svg: `<?xml version="1.0" encoding="UTF-8"?>\n${text}`, width, height: height + y};
}

/** Renders the stand-alone SVG on a canvas at `scale` (2 = sharp on high-density screens and in print). */
async function svgToPng(svgText, width, height, scale = 2) {
  const url = URL.createObjectURL(new Blob([svgText], {type: "image/svg+xml;charset=utf-8"}));
  try {
    const image = new Image();
    image.decoding = "sync";
    await new Promise((resolve, reject) => {
      image.onload = resolve;
      image.onerror = () => reject(new Error("SVG-bilden kunde inte ritas"));
      image.src = url;
    });
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const context = canvas.getContext("2d");
    context.scale(scale, scale);
    context.drawImage(image, 0, 0, width, height);
    return await new Promise((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("PNG kunde inte skapas"))), "image/png")
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/**
 * Two buttons, "PNG" and "SVG", for a chart. figureOrSvg: the Plot figure or svg, a CSS selector, or a function
 * returning it — looked up at click time, so it follows a chart that resize() has redrawn.
 * options.title: a title written above the chart in the file (the page's heading is not part of the svg).
 */
export function chartDownloads(figureOrSvg, filename, {title} = {}) {
  const base = fileSlug(filename);
  const div = document.createElement("div");
  div.className = "downloads chart-downloads";
  div.setAttribute("role", "group");
  div.setAttribute("aria-label", "Ladda ned diagrammet");
  const label = document.createElement("span");
  label.className = "downloads-label";
  label.textContent = "Ladda ned diagrammet:";
  const current = () => {
    const svg = findSvg(figureOrSvg);
    if (!svg) throw new Error("diagrammet hittades inte");
    return serializeChart(svg, {title: typeof title === "function" ? title() : title});
  };
  div.append(
    label,
    downloadButton("PNG", "Bild (PNG, dubbel upplösning)", async () => {
      const {svg, width, height} = current();
      saveBlob(await svgToPng(svg, width, height, 2), `${base}.png`);
    }),
    downloadButton("SVG", "Vektorbild (SVG) som går att redigera och skala", () => {
      const {svg} = current();
      saveBlob(new Blob([svg], {type: "image/svg+xml;charset=utf-8"}), `${base}.svg`);
    })
  );
  return div;
}
