// Metod: building blocks for the generated method page — quoted SQL, small tables, source lists. The content comes
// from the page's loader (configuration, installning, the SQL the ingest ran, inlast_fil), never typed in here.
import {html} from "npm:htl";
import {formatDatum, formatNumber} from "./format.js";
import {formatPeriodSpann, periodTyp} from "./perioder.js";

/** A SQL statement as the ingest ran it, with its own comment and the file it is defined in. */
export function sqlBlock(namn, entry, {open = false} = {}) {
  return html`<details class="sql-block" open=${open} data-sql=${namn}>
    <summary>SQL: <code>${namn}</code> (${entry.fil})</summary>
    ${entry.kommentar ? html`<p class="figur-not">Kommentar i koden: <span lang="en">${entry.kommentar}</span></p>` : ""}
    <pre><code>${entry.sql}</code></pre>
  </details>`;
}

/** A plain table: rows of objects, columns [{label, value: (row) => text, num?}]. */
export function enkelTabell(rows, columns, {caption, className = ""} = {}) {
  const table = document.createElement("table");
  table.className = `value-table ${className}`;
  if (caption) table.createCaption().textContent = caption;
  const hr = table.createTHead().insertRow();
  for (const c of columns) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = c.label;
    if (c.num) th.className = "num";
    hr.appendChild(th);
  }
  const tbody = table.createTBody();
  for (const r of rows) {
    const tr = tbody.insertRow();
    for (const c of columns) {
      const td = tr.insertCell();
      const v = c.value(r);
      if (v instanceof Node) td.appendChild(v);
      else td.textContent = v == null ? "–" : String(v);
      if (c.num) td.className = "num";
    }
  }
  return table;
}

/** "1:a halvåret 2014 – 2:a halvåret 2025 (24 halvår)" or "2014–2025 (12 år)" from a sorted list of one kind. */
export function periodOmfang(perioder) {
  const ord = periodTyp(perioder[0]) === "ar" ? "år" : "halvår";
  if (!perioder.length) return "inga perioder";
  return `${formatPeriodSpann(perioder)} (${formatNumber(perioder.length)} ${ord})`;
}

/** A date or "–". */
export function datumText(d) {
  return d ? formatDatum(d) : "–";
}
