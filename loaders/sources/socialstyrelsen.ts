// Socialstyrelsen's statistikdatabas "Ekonomiskt bistånd månad" (FORMATS.md §3.2), three layouts:
//
// 1. The web export (XLSX, or its CSV conversion): A1 = "<mått>, <bakgrund>", row 2 = Region, År, Januari …
//    December, data rows until the first row whose År is empty (footnotes follow). Values in tkr for
//    "Utbetalt ekonomiskt bistånd tkr"; "--" = missing (status "saknas", never 0). Region = names (kommuner,
//    län, Riket), matched through the reference lists. A Region cell left empty under a filled one repeats it.
// 2. The older semicolon CSV: line 1 title, line 2 the year of every month column (each year ×12), line 3
//    Region;Mått;Januari;…;December;Januari;…, one row per region × measure, empty = missing, a footer after.
// 3. An annual layout: Region, År and one column per measure (header = the measure's name) → period "YYYY"
//    (annual figures stay annual; they are never spread over months or half-years).
//
// Measures: "Utbetalt ekonomiskt bistånd tkr" → utbetalningar (kr = tkr × 1000 exactly, ekonomiskt_bistand,
// kön T): kommun rows as kommun values, län and riket rows as published totals. "Antal biståndsmottagare" →
// mottagare (kommun rows). "Antal hushåll" is not read (households are not persons, and the mottagare table
// counts persons): skipped with a note. The background (UTRIKES_HUSH) after the title's last comma must be the
// total over all households: an export for a subgroup (e.g. households with a foreign-born adult) would count the
// same kronor twice if summed with the total, so such a file is skipped with a note naming it.
import { acceptMottagare, acceptRegionUtbetalning, acceptUtbetalning, type AcceptContext } from "../canonical/accept.ts";
import { MappedRecord } from "../canonical/record.ts";
import { displayPath, IngestError, quoteFound } from "../errors.ts";
import { monthFromName, resolveRegion, scaleDecimal } from "./common.ts";
import { findHeaderRow, fold, unitFactor } from "./mapping.ts";
import type { SourceAdapter, SourceFile } from "./types.ts";
import { type Table, type TableRow, cellError, cellLocation, cellNumber, cellText, isDelimitedText, isXlsx, peekTables, readTables, rowTexts } from "./xlsx.ts";

const h = (s: string) => fold(s).replace(/\s+/g, " ").trim();

type Measure = { kind: "belopp"; factor: number } | { kind: "mottagare" } | { kind: "hushall" };

/** A measure's name → what it is; null when it is not one of the database's measures. */
export function measureOf(text: string): Measure | null {
  const t = h(text);
  if (/utbetalt|ekonomiskt bistand.*(kr|kronor)/.test(t)) {
    const unit = unitFactor(t);
    return { kind: "belopp", factor: unit?.factor ?? Number.NaN };
  }
  if (/bistandsmottagare|antal mottagare/.test(t)) return { kind: "mottagare" };
  if (/hushall/.test(t) && /antal|bistandshushall/.test(t)) return { kind: "hushall" };
  return null;
}

/** A background that is the total over all households (or no background at all). */
function isTotalBackground(text: string): boolean {
  return /^(samtliga|alla|totalt|total|hushall totalt|samtliga hushall|alla hushall)\b/.test(h(text));
}

type Kind = "manad" | "gammal" | "ar";

interface Layout {
  kind: Kind;
  table: Table;
  headerIndex: number;
  headers: string[];
}

const isRegion = (x: string) => h(x) === "region";
const isAr = (x: string) => h(x) === "ar";
const isMatt = (x: string) => h(x) === "matt";
const monthCols = (headers: string[]) => headers.map((x, i) => [monthFromName(x), i] as const).filter(([m]) => m !== null) as [number, number][];

function layoutOf(tables: Table[]): Layout | undefined {
  for (const table of tables) {
    const headerIndex = findHeaderRow(table, (hs) => hs.some(isRegion) && (hs.some(isAr) || hs.some(isMatt)), 10);
    if (headerIndex === undefined) continue;
    const headers = rowTexts(table.rows[headerIndex]);
    const months = monthCols(headers).length;
    if (headers.some(isAr) && months > 0) return { kind: "manad", table, headerIndex, headers };
    if (headers.some(isMatt) && months > 0) return { kind: "gammal", table, headerIndex, headers };
    if (headers.some(isAr) && headers.some((x) => measureOf(x) !== null)) return { kind: "ar", table, headerIndex, headers };
  }
  return undefined;
}

/** The title (A1, or line 1): the first non-empty cell above the header. */
function titleOf(layout: Layout): { text: string; row?: TableRow; col: number } {
  for (const row of layout.table.rows.slice(0, layout.headerIndex)) {
    const col = row.cells.findIndex((c) => cellText(c) !== "");
    if (col !== -1) return { text: cellText(row.cells[col]), row, col };
  }
  return { text: "", col: 0 };
}

const REGION_EXPECTED = "ett kommunnamn (t.ex. Upplands Väsby), ett länsnamn (t.ex. Stockholms län) eller Riket, som i Socialstyrelsens statistikdatabas";

class Reader {
  read = 0;
  hushall = 0;
  regionMottagare = 0;
  private region = "";
  private regionCell: { row: TableRow; col: number } | undefined;
  constructor(
    private readonly layout: Layout,
    private readonly ctx: AcceptContext,
  ) {}

  /** The Region of a row (an empty cell repeats the one above). */
  regionOf(row: TableRow, col: number): string {
    const t = cellText(row.cells[col]);
    if (t !== "") {
      this.region = t;
      this.regionCell = { row, col };
    }
    return this.region;
  }

  /** One value: a measure for a region and period, handed to the shared validation. */
  value(row: TableRow, col: number, regionLabel: string, regionCol: number, period: string, periodRow: TableRow, periodCol: number, measure: Measure, header: string): void {
    const { table } = this.layout;
    if (measure.kind === "hushall") {
      this.hushall++;
      return;
    }
    const label = regionLabel.trim();
    const where = this.regionCell && cellText(row.cells[regionCol]) === "" ? this.regionCell : { row, col: regionCol };
    const region = /^hela riket$/i.test(label) ? { regiontyp: "riket" as const, kod: "00" } : resolveRegion(label, this.ctx.ref);
    if (!region) throw cellError(table, where.row, where.col, "Region", quoteFound(label), REGION_EXPECTED);
    if (measure.kind === "mottagare" && region.regiontyp !== "kommun") {
      this.regionMottagare++;
      return;
    }
    const raw = row.cells[col];
    const n = cellNumber(raw);
    if (n === undefined) {
      throw cellError(table, row, col, header, quoteFound(cellText(raw)), measure.kind === "belopp" ? "ett belopp i tkr (t.ex. 151665) eller -- för ett saknat värde" : "ett antal eller -- för ett saknat värde");
    }
    const status = n === null ? "saknas" : "";
    const amount = n === null ? "" : measure.kind === "belopp" ? scaleDecimal(n, measure.factor) : n;
    const regionField = region.regiontyp === "kommun" ? "kommunkod" : "regionkod";
    const valueField = measure.kind === "belopp" ? "belopp_kr" : "antal";
    const loc = (r: TableRow, c: number, hd?: string) => cellLocation(table, r, c, hd);
    const rec = new MappedRecord(
      table.file,
      { [regionField]: region.kod, period, ersattning: "ekonomiskt_bistand", kon: "T", [valueField]: amount, status },
      { [regionField]: loc(where.row, where.col, "Region"), period: loc(periodRow, periodCol), [valueField]: loc(row, col, header), status: loc(row, col, header), ersattning: loc(row, col, header), kon: loc(row, col, header) },
      { line: row.line },
    );
    this.read++;
    if (measure.kind === "mottagare") acceptMottagare(rec, this.ctx);
    else if (region.regiontyp === "kommun") acceptUtbetalning(rec, this.ctx);
    else acceptRegionUtbetalning(rec, this.ctx);
  }
}

function unitError(layout: Layout, row: TableRow | undefined, col: number, text: string): IngestError {
  return row
    ? cellError(layout.table, row, col, undefined, quoteFound(text), 'måttet "Utbetalt ekonomiskt bistånd tkr" (med enheten tkr)')
    : new IngestError({ file: layout.table.file }, quoteFound(text), 'måttet "Utbetalt ekonomiskt bistånd tkr" (med enheten tkr)');
}

function readMonthly(layout: Layout, ctx: AcceptContext): Reader | string {
  const { table, headerIndex, headers } = layout;
  const title = titleOf(layout);
  const comma = title.text.lastIndexOf(",");
  const mattText = comma === -1 ? title.text : title.text.slice(0, comma);
  const bakgrund = comma === -1 ? "" : title.text.slice(comma + 1).trim();
  const mattCol = headers.findIndex(isMatt);
  const measure = mattCol !== -1 ? measureOf(mattText) ?? { kind: "hushall" as const } : measureOf(mattText);
  if (!measure) {
    throw title.row
      ? cellError(table, title.row, title.col, undefined, quoteFound(title.text), 'en titel "<mått>, <bakgrund>" med måttet Utbetalt ekonomiskt bistånd tkr, Antal biståndsmottagare eller Antal hushåll')
      : new IngestError({ file: table.file, line: table.rows[headerIndex].line }, "ingen titelrad ovanför rubrikraden", 'en titel "<mått>, <bakgrund>" i cell A1 (Socialstyrelsens export)');
  }
  if (mattCol === -1 && measure.kind === "belopp" && Number.isNaN(measure.factor)) throw unitError(layout, title.row, title.col, title.text);
  if (bakgrund && !isTotalBackground(bakgrund) && (mattCol === -1 || /utrikes|inrikes|fodd|hushall med/.test(h(bakgrund)))) {
    return `bakgrunden "${bakgrund}" är en delmängd av hushållen; bara exporten för samtliga hushåll läses in (annars räknas samma kronor två gånger)`;
  }
  const regionCol = headers.findIndex(isRegion);
  const arCol = headers.findIndex(isAr);
  const months = monthCols(headers);
  const reader = new Reader(layout, ctx);
  for (const row of table.rows.slice(headerIndex + 1)) {
    const ar = cellText(row.cells[arCol]);
    if (ar === "") break;
    if (!/^\d{4}$/.test(ar)) throw cellError(table, row, arCol, "År", quoteFound(ar), "ett år med fyra siffror, t.ex. 2024");
    const region = reader.regionOf(row, regionCol);
    // With a Mått column (a layout with the measure in the stub) every row names its own measure.
    let rowMeasure: Measure = measure;
    if (mattCol !== -1) {
      const matt = cellText(row.cells[mattCol]);
      const m = measureOf(matt);
      if (!m) throw cellError(table, row, mattCol, "Mått", quoteFound(matt), "Utbetalt ekonomiskt bistånd tkr, Antal biståndsmottagare eller Antal hushåll");
      if (m.kind === "belopp" && Number.isNaN(m.factor)) throw unitError(layout, row, mattCol, matt);
      rowMeasure = m;
    }
    for (const [m, col] of months) {
      reader.value(row, col, region, regionCol, `${ar}-${String(m).padStart(2, "0")}`, row, arCol, rowMeasure, headers[col]);
    }
  }
  return reader;
}

function readOld(layout: Layout, ctx: AcceptContext): Reader | string {
  const { table, headerIndex, headers } = layout;
  const title = titleOf(layout);
  if (/utrikes|inrikes|fodd/.test(h(title.text))) {
    return `titeln "${title.text}" gäller en delmängd av hushållen; bara samtliga hushåll läses in (annars räknas samma kronor två gånger)`;
  }
  const yearRow = table.rows[headerIndex - 1];
  if (!yearRow) throw new IngestError({ file: table.file, line: table.rows[headerIndex].line }, "ingen rad med år ovanför rubrikraden", "raden med året för varje månadskolumn (Socialstyrelsens äldre CSV-export)");
  const regionCol = headers.findIndex(isRegion);
  const mattCol = headers.findIndex(isMatt);
  const months = monthCols(headers).map(([m, col]) => {
    const ar = cellText(yearRow.cells[col]);
    if (!/^\d{4}$/.test(ar)) throw cellError(table, yearRow, col, undefined, quoteFound(ar), "året för månadskolumnen (fyra siffror), som i raden ovanför rubrikerna");
    return { period: `${ar}-${String(m).padStart(2, "0")}`, col };
  });
  const reader = new Reader(layout, ctx);
  for (const row of table.rows.slice(headerIndex + 1)) {
    const matt = cellText(row.cells[mattCol]);
    if (matt === "") break;
    const measure = measureOf(matt);
    if (!measure) throw cellError(table, row, mattCol, "Mått", quoteFound(matt), "Utbetalt ekonomiskt bistånd tkr, Antal biståndsmottagare eller Antal hushåll");
    if (measure.kind === "belopp" && Number.isNaN(measure.factor)) throw unitError(layout, row, mattCol, matt);
    const region = reader.regionOf(row, regionCol);
    for (const { period, col } of months) reader.value(row, col, region, regionCol, period, yearRow, col, measure, headers[col]);
  }
  return reader;
}

function readAnnual(layout: Layout, ctx: AcceptContext): Reader | string {
  const { table, headerIndex, headers } = layout;
  const title = titleOf(layout);
  const comma = title.text.lastIndexOf(",");
  if (comma !== -1 && !isTotalBackground(title.text.slice(comma + 1)) && /utrikes|inrikes|fodd/.test(h(title.text))) {
    return `titeln "${title.text}" gäller en delmängd av hushållen; bara samtliga hushåll läses in`;
  }
  const regionCol = headers.findIndex(isRegion);
  const arCol = headers.findIndex(isAr);
  const measures = headers.map((x, i) => [measureOf(x), i] as const).filter(([m]) => m !== null) as [Measure, number][];
  for (const [m, col] of measures) {
    if (m.kind === "belopp" && Number.isNaN(m.factor)) throw unitError(layout, table.rows[headerIndex], col, headers[col]);
  }
  const reader = new Reader(layout, ctx);
  for (const row of table.rows.slice(headerIndex + 1)) {
    const ar = cellText(row.cells[arCol]);
    if (ar === "") break;
    if (!/^\d{4}$/.test(ar)) throw cellError(table, row, arCol, "År", quoteFound(ar), "ett år med fyra siffror, t.ex. 2024");
    const region = reader.regionOf(row, regionCol);
    for (const [m, col] of measures) reader.value(row, col, region, regionCol, ar, row, arCol, m, headers[col]);
  }
  return reader;
}

function canRead(file: SourceFile): boolean {
  return isXlsx(file) || isDelimitedText(file);
}

export const socialstyrelsen: SourceAdapter = {
  id: "socialstyrelsen",
  namn: "Socialstyrelsen, Ekonomiskt bistånd månad (XLSX- och CSV-export)",
  detect(file) {
    if (!canRead(file)) return { ok: false, reason: "varken XLSX eller textfil" };
    return layoutOf(peekTables(file))
      ? { ok: true }
      : { ok: false, reason: "ingen rubrikrad med Region och År (eller Mått) följda av månader eller ett mått" };
  },
  async read(file, ctx) {
    const layout = layoutOf(await readTables(file))!;
    const result = layout.kind === "manad" ? readMonthly(layout, ctx) : layout.kind === "gammal" ? readOld(layout, ctx) : readAnnual(layout, ctx);
    const name = displayPath(file.path);
    if (typeof result === "string") {
      ctx.data.notes.add(`${name} lästes inte in: ${result}.`);
      return 0;
    }
    if (result.hushall) ctx.data.notes.add(`${name}: ${result.hushall} värden för Antal hushåll lästes inte in (hushåll är inte personer; mottagare räknas i personer).`);
    if (result.regionMottagare) ctx.data.notes.add(`${name}: ${result.regionMottagare} värden för biståndsmottagare i län och riket lästes inte in (mottagare sparas per kommun).`);
    return result.read;
  },
};
