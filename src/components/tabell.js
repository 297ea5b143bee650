// A plain, accessible HTML table from the same column list the download buttons use (download.js), so what a user
// sees and what a user downloads are the same rows and columns. Numbers go through format.js (Swedish formats).
import {formatKr, formatNumber} from "./format.js";
import {formatPeriod} from "./perioder.js";

function cellText(value, column) {
  if (column.text) return column.text(value);
  if (value == null || value === "") return "–";
  if (column.format === "kr") return formatKr(value);
  if (column.format === "tal") return formatNumber(value, column.decimals ?? 0);
  if (column.key === "period") return formatPeriod(value);
  return String(value);
}

/**
 * rows: objects; columns: [{key, label, format?, value?, text?(v), decimals?, href?(row)}] (href makes the cell a link);
 * options: caption, rowClass(row),
 * cellTitle(row, column) for a tooltip (e.g. the previous value of a revised half-year), testid.
 */
export function dataTabell(rows, columns, {caption, rowClass, cellTitle, testid} = {}) {
  const table = document.createElement("table");
  table.className = "value-table";
  if (testid) table.dataset.testid = testid;
  if (caption) table.createCaption().textContent = caption;
  const hr = table.createTHead().insertRow();
  for (const c of columns) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = c.label;
    if (c.format === "kr" || c.format === "tal") th.className = "num";
    hr.appendChild(th);
  }
  const tbody = table.createTBody();
  for (const row of rows) {
    const tr = tbody.insertRow();
    const cls = rowClass?.(row);
    if (cls) tr.className = cls;
    columns.forEach((c, i) => {
      const value = typeof c.value === "function" ? c.value(row) : row[c.key];
      const cell = i === 0 ? document.createElement("th") : tr.insertCell();
      if (i === 0) {
        cell.scope = "row";
        tr.appendChild(cell);
      }
      const href = c.href?.(row);
      if (href) {
        const a = document.createElement("a");
        a.href = href;
        a.textContent = cellText(value, c);
        cell.appendChild(a);
      } else cell.textContent = cellText(value, c);
      if (c.format === "kr" || c.format === "tal") cell.classList.add("num");
      const title = cellTitle?.(row, c);
      if (title) {
        cell.title = title;
        cell.classList.add("andrad");
      }
    });
  }
  return table;
}
