// Table serialisation for downloads: CSV as Swedish Excel opens it, and the cell list for .xlsx.
// Plain JavaScript with no browser or Node dependency, so unit tests run it in Node.
//
// CSV choice: UTF-8 with a byte-order mark (so Excel detects UTF-8 and shows å, ä, ö), semicolon as separator and
// decimal comma (what Excel with Swedish regional settings expects when a file is double-clicked), CRLF line ends,
// no thousands separator (so every number stays a number when opened), fields quoted only when they contain ; " or a
// line break. A missing value is an empty field.
//
// Precision (issue #12): a number is written in full — every digit JavaScript needs to give the same number back
// (String(n), never scientific notation), an exact decimal string (a DECIMAL from the database) as it is — and is
// never rounded; a column's minimum decimals ("kr": 2, or `decimals`) only pads with zeros (52.3 → "52,30"). Excel
// shows two decimals through the cell format instead.

export const BOM = "\ufeff";
export const SEPARATOR = ";";
export const NEWLINE = "\r\n";

/** Decimals a column format is padded to at least; "tal" keeps the value's own decimals. */
const DECIMALS = {kr: 2};

/** A number's full decimal form without exponent: 1.5e-7 → "0.00000015", 1e21 → "1000000000000000000000". */
export function fullDecimal(n) {
  const s = String(n);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, first, frac = "", expText] = m;
  const exp = Number(expText);
  const digits = first + frac;
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  return exp >= frac.length ? `${sign}${digits}${"0".repeat(exp - frac.length)}` : `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/**
 * One number in Swedish CSV form, in full: 52.3 → "52,30" (kr), 52.31141592653589 → "52,31141592653589" (kr),
 * "2617826815.28" → "2617826815,28", 1234567 → "1234567", −0.5 → "-0,5" (ASCII minus, for Excel).
 * minDecimals pads (never rounds); by default 2 for "kr".
 */
export function csvNumber(value, format, minDecimals = DECIMALS[format]) {
  if (value == null || value === "") return "";
  let text;
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim())) text = value.trim();
  else {
    const n = typeof value === "number" ? value : Number(value);
    if (!Number.isFinite(n)) return "";
    text = fullDecimal(n);
  }
  if (/^-0(\.0*)?$/.test(text)) text = text.slice(1); // −0 is 0
  if (minDecimals) {
    const [heltal, decimaler = ""] = text.split(".");
    if (decimaler.length < minDecimals) text = `${heltal}.${decimaler.padEnd(minDecimals, "0")}`;
  }
  return text.replace(".", ",");
}

/** One text field, quoted when it holds the separator, a quote or a line break. */
export function csvText(value) {
  if (value == null) return "";
  const text = String(value);
  return /[;"\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function cellValue(row, column) {
  return typeof column.value === "function" ? column.value(row) : row[column.key];
}

/**
 * rows: objects; columns: [{key, label, format?: "kr"|"tal"|"text", value?: (row) => any, decimals?}].
 * Returns the CSV text (with BOM): a header row of the Swedish labels, then one line per row.
 */
export function toCsv(rows, columns) {
  const lines = [columns.map((c) => csvText(c.label)).join(SEPARATOR)];
  for (const row of rows) {
    lines.push(
      columns
        .map((c) => {
          const v = cellValue(row, c);
          return c.format === "kr" || c.format === "tal" ? csvNumber(v, c.format, c.format === "kr" ? undefined : c.decimals) : csvText(v);
        })
        .join(SEPARATOR)
    );
  }
  return BOM + lines.join(NEWLINE) + NEWLINE;
}

/** Excel number formats (format codes are locale-neutral: Swedish Excel shows "1 234,50"). */
const XLSX_FORMAT = {kr: "#,##0.00", tal: "#,##0.##########"};

/**
 * The sheet for write-excel-file: a bold header row of Swedish labels, then rows with real numeric cells
 * (type Number, the full value) for "kr" and "tal" columns — formatted by the column's `xlsxFormat` or its format's
 * (two decimals for "kr") — and text cells for the rest; a missing value is an empty cell.
 */
export function toSheetData(rows, columns) {
  const header = columns.map((c) => ({value: c.label, type: String, fontWeight: "bold"}));
  const body = rows.map((row) =>
    columns.map((c) => {
      const v = cellValue(row, c);
      if (c.format === "kr" || c.format === "tal") {
        const n = v == null || v === "" ? NaN : Number(v);
        return Number.isFinite(n) ? {value: n, type: Number, format: c.xlsxFormat ?? XLSX_FORMAT[c.format]} : null;
      }
      return v == null ? null : {value: String(v), type: String};
    })
  );
  return [header, ...body];
}

/**
 * The workbook's default styles, as a spreadsheet program writes them: write-excel-file leaves out the cell style
 * ("Normal": <cellStyleXfs> and <cellStyles>) that every <xf> of <cellXfs> is based on, and the attributes its <xf>
 * elements may omit. Added here so Excel and LibreOffice open the file without repairing it. A pure string transform
 * of xl/styles.xml (idempotent).
 */
export function withDefaultStyles(xml) {
  let out = xml;
  if (!/<cellStyleXfs[\s>]/.test(out)) {
    out = out.replace(/<cellXfs[\s>]/, (m) => `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>${m}`);
  }
  out = out.replace(/<cellXfs([^>]*)>([\s\S]*?)<\/cellXfs>/, (m, attrs, inner) => {
    const xfs = inner.replace(/<xf(\s[^>]*?)?(\/?)>/g, (x, a = "", slash) => {
      let at = a.trimEnd();
      for (const k of ["numFmtId", "fontId", "fillId", "borderId", "xfId"]) if (!new RegExp(`\\s${k}=`).test(at)) at += ` ${k}="0"`;
      return `<xf${at}${slash}>`;
    });
    return `<cellXfs${attrs}>${xfs}</cellXfs>`;
  });
  if (!/<cellStyles[\s>]/.test(out)) {
    out = out.replace("</cellXfs>", '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>');
  }
  return out;
}

/** A write-excel-file feature that gives the workbook its default styles (withDefaultStyles). */
export const DEFAULT_STYLES = {files: {transform: {"xl/styles.xml": {transform: (xml) => withDefaultStyles(xml)}}}};

/**
 * The arguments of write-excel-file for a table download: sheet "Data" (the table, header row frozen) and sheet
 * "Om data" (omSheet: rows from omdata.js omDataSheet), Calibri 11 and the default styles.
 */
export function workbook(rows, columns, omSheet) {
  return [
    [
      {
        data: toSheetData(rows, columns),
        sheet: "Data",
        columns: columns.map((c) => ({width: Math.max(10, Math.min(40, String(c.label).length + 2))})),
        stickyRowsCount: 1
      },
      {data: omSheet, sheet: "Om data", columns: [{width: 28}, {width: 110}]}
    ],
    {fontFamily: "Calibri", fontSize: 11, features: [DEFAULT_STYLES]}
  ];
}

/** A safe file name: "Försörjningsmått Uppsala 2024H1" → "forsorjningsmatt-uppsala-2024h1". */
export function fileSlug(name) {
  return (
    String(name)
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "data"
  );
}
