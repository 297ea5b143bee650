// Download buttons for tables (CSV, Excel) and charts (PNG, SVG). Everything happens in the browser, offline:
// CSV from csv.js, .xlsx from write-excel-file (bundled from node_modules, loaded only when clicked), images from the
// chart's own SVG.
import {fileSlug, toCsv, toSheetData} from "./csv.js";

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

function button(label, title, onClick) {
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

/**
 * Two buttons, "Ladda ned CSV" and "Ladda ned Excel", for a table.
 * rows: array of objects (or a function returning them at click time);
 * columns: [{key, label (Swedish header), format?: "kr"|"tal"|"text", value?: (row) => any}];
 * filename: without extension (made file-safe).
 */
export function tableDownloads(rows, columns, filename) {
  const base = fileSlug(filename);
  const div = document.createElement("div");
  div.className = "downloads table-downloads";
  div.setAttribute("role", "group");
  div.setAttribute("aria-label", "Ladda ned tabellen");
  div.append(
    button("Ladda ned CSV", "CSV med semikolon och decimalkomma (öppnas direkt i svenskt Excel)", () => {
      const text = toCsv(resolveRows(rows), columns);
      saveBlob(new Blob([text], {type: "text/csv;charset=utf-8"}), `${base}.csv`);
    }),
    button("Ladda ned Excel", "Excel-fil (.xlsx) med svenska rubriker och riktiga tal", async () => {
      const {default: writeXlsxFile} = await import("write-excel-file/browser");
      const data = toSheetData(resolveRows(rows), columns);
      const blob = await writeXlsxFile(data, {
        columns: columns.map((c) => ({width: Math.max(10, Math.min(40, String(c.label).length + 2))})),
        sheet: "Data",
        stickyRowsCount: 1
      }).toBlob();
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
    button("PNG", "Bild (PNG, dubbel upplösning)", async () => {
      const {svg, width, height} = current();
      saveBlob(await svgToPng(svg, width, height, 2), `${base}.png`);
    }),
    button("SVG", "Vektorbild (SVG) som går att redigera och skala", () => {
      const {svg} = current();
      saveBlob(new Blob([svg], {type: "image/svg+xml;charset=utf-8"}), `${base}.svg`);
    })
  );
  return div;
}
