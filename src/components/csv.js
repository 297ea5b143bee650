// Table serialisation for downloads: CSV as Swedish Excel opens it, and the cell list for .xlsx.
// Plain JavaScript with no browser or Node dependency, so unit tests run it in Node.
//
// CSV choice: UTF-8 with a byte-order mark (so Excel detects UTF-8 and shows å, ä, ö), semicolon as separator and
// decimal comma (what Excel with Swedish regional settings expects when a file is double-clicked), CRLF line ends,
// no thousands separator (so every number stays a number when opened), fields quoted only when they contain ; " or a
// line break. A missing value is an empty field.

export const BOM = "\ufeff";
export const SEPARATOR = ";";
export const NEWLINE = "\r\n";

/** Decimals written for each column format; "tal" keeps the value's own decimals. */
const DECIMALS = {kr: 2};

/** One number in Swedish CSV form: 52.3 → "52,30" (kr), 1234567 → "1234567", −0.5 → "-0,5" (ASCII minus, for Excel). */
export function csvNumber(value, format) {
  if (value == null || value === "") return "";
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n)) return "";
  const decimals = DECIMALS[format];
  let text = decimals === undefined ? String(n) : n.toFixed(decimals);
  if (/e/i.test(text)) text = n.toFixed(20).replace(/\.?0+$/, ""); // never scientific notation
  if (/^-0(\.0*)?$/.test(text)) text = text.slice(1); // −0 rounds to 0
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
 * rows: objects; columns: [{key, label, format?: "kr"|"tal"|"text", value?: (row) => any}].
 * Returns the CSV text (with BOM): a header row of the Swedish labels, then one line per row.
 */
export function toCsv(rows, columns) {
  const lines = [columns.map((c) => csvText(c.label)).join(SEPARATOR)];
  for (const row of rows) {
    lines.push(
      columns
        .map((c) => {
          const v = cellValue(row, c);
          return c.format === "kr" || c.format === "tal" ? csvNumber(v, c.format) : csvText(v);
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
 * (type Number) for "kr" and "tal" columns and text cells for the rest; a missing value is an empty cell.
 */
export function toSheetData(rows, columns) {
  const header = columns.map((c) => ({value: c.label, type: String, fontWeight: "bold"}));
  const body = rows.map((row) =>
    columns.map((c) => {
      const v = cellValue(row, c);
      if (c.format === "kr" || c.format === "tal") {
        const n = v == null || v === "" ? NaN : Number(v);
        return Number.isFinite(n) ? {value: n, type: Number, format: XLSX_FORMAT[c.format]} : null;
      }
      return v == null ? null : {value: String(v), type: String};
    })
  );
  return [header, ...body];
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
