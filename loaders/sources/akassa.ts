// Arbetslöshetsersättning (a-kassa) per kommun, "as published".
//
// ASSUMPTION (FORMATS.md §5): no public file with paid arbetslöshetsersättning per kommun and month was found;
// IAF publishes national monthly totals in "tusental kronor" and sells special extracts. This adapter reads a
// plausible IAF-style long table, recognised by its header, in CSV (`,` `;` or TAB, UTF-8 or Windows-1252) or
// XLSX, with the header on any of the first rows (titles above it are allowed):
//   - a kommun column: "Kommun", "Kommunkod" or "Kommunnamn" (codes "0180", "0180 Stockholm", or names);
//     optionally "Län" (län and riket rows are kept as published totals, as for Försäkringskassan);
//   - the period: "År" + "Månad" (01–12 or month names), or one column "Period"/"Månad"/"Tid" holding
//     2024-01, 2024M01, 202401, 2024H1 or a year 2024 (annual figures stay annual);
//   - optionally "Kön" (Kvinnor/Män/Totalt, K/M/T; without it the amounts are totals, T);
//   - the amount: a column whose header says belopp or utbetal… with its unit ("tkr", "tusental kronor",
//     "1000-tal kr" → ×1000 exactly; "kr"; "mkr"), e.g. "Utbetalt belopp tkr";
//   - and something that says the file is about arbetslöshetsersättning: the title rows, the sheet name, the
//     file name (akassa…, a-kassa…, arbetsloshet…, iaf…) or an "Ersättning"/"Förmån" column.
// Anything else — another publisher's layout, other column names — is taught with a mapping file
// (data/mappings/README.md), the general escape hatch, without code.
import type { LongSpec } from "./mapping.ts";
import { ersattningFromText, findColumn, findHeaderRow, fold, readLongTable, titleText, unitFactor } from "./mapping.ts";
import type { SourceAdapter, SourceFile } from "./types.ts";
import { type Table, cellError, isDelimitedText, isXlsx, peekTables, readTables, rowTexts } from "./xlsx.ts";

const h = (s: string) => fold(s).replace(/\s+/g, " ").trim();
const KOMMUN = (x: string) => /^kommun(kod|namn)?$/.test(h(x));
const AR = (x: string) => h(x) === "ar";
const MANAD = (x: string) => h(x) === "manad";
const PERIOD = (x: string) => /^(period|tid|manad|ar ?och ?manad|ar-manad)$/.test(h(x));
const BELOPP = (x: string) => /belopp|utbetal/.test(h(x)) && !/per |medel|genomsnitt|andel/.test(h(x));
const ERSATTNING = (x: string) => /^((del)?forman|ersattning(styp)?)$/.test(h(x));

function hasPeriod(headers: string[]): boolean {
  return (headers.some(AR) && headers.some(MANAD)) || headers.some(PERIOD) || headers.some(AR);
}

export function isAkassaHeader(headers: string[]): boolean {
  return headers.some(KOMMUN) && hasPeriod(headers) && headers.some(BELOPP);
}

interface Layout {
  table: Table;
  headerIndex: number;
  headers: string[];
  /** Where the file says it is about arbetslöshetsersättning, or undefined. */
  sagtAv?: string;
}

function layoutOf(file: SourceFile, tables: Table[]): Layout | { near: true } | undefined {
  let near = false;
  for (const table of tables) {
    const headerIndex = findHeaderRow(table, isAkassaHeader);
    if (headerIndex === undefined) continue;
    near = true;
    const headers = rowTexts(table.rows[headerIndex]);
    const ersCol = findColumn(headers, ERSATTNING);
    const candidates: [string, string][] = [
      ["titeln", titleText(table, headerIndex)],
      ["bladnamnet", table.sheet ?? ""],
      ["filnamnet", file.name],
      ["kolumnrubrikerna", headers.join(" ")],
      ["kolumnen Ersättning", ersCol !== undefined ? rowTexts(table.rows[headerIndex + 1])[ersCol] ?? "" : ""],
    ];
    const hit = candidates.find(([where, text]) => {
      if (where === "filnamnet" && /arbetsloshet|a-?kassa|(^|[^a-z])iaf([^a-z]|$)/.test(fold(text))) return true;
      const g = ersattningFromText(text.replace(/[_]/g, " "));
      return g !== null && "id" in g && g.id === "arbetsloshetsersattning";
    });
    if (hit) return { table, headerIndex, headers, sagtAv: hit[0] };
  }
  return near ? { near: true } : undefined;
}

function spec(layout: Layout): LongSpec {
  const { table, headerIndex, headers } = layout;
  const headerRow = table.rows[headerIndex];
  const beloppCols = headers.map((x, i) => [x, i] as const).filter(([x]) => BELOPP(x)).map(([, i]) => i);
  if (beloppCols.length > 1) {
    throw cellError(table, headerRow, beloppCols[1], headers[beloppCols[1]], `flera beloppskolumner (${beloppCols.map((i) => headers[i]).join(", ")})`, "en beloppskolumn per fil, eller en mappningsfil i data/mappings/ som säger vilken som gäller");
  }
  const column = beloppCols[0];
  const unit = unitFactor(headers[column]) ?? unitFactor(titleText(table, headerIndex));
  if (!unit) {
    throw cellError(table, headerRow, column, headers[column], `beloppskolumnen "${headers[column]}" utan enhet`, 'en enhet i rubriken eller titeln: "tkr" / "tusental kronor" (×1000), "kr" eller "mkr"; skriv t.ex. "Utbetalt belopp tkr"');
  }
  const ar = findColumn(headers, AR);
  const manad = findColumn(headers, MANAD);
  const period = findColumn(headers, (x) => PERIOD(x) && !(ar !== undefined && MANAD(x)));
  const ersCol = findColumn(headers, ERSATTNING);
  return {
    namn: "A-kassa",
    mal: "utbetalningar",
    headerIndex,
    kommun: findColumn(headers, KOMMUN),
    lan: findColumn(headers, (x) => h(x) === "lan"),
    period: ar !== undefined ? { ar, manad } : { period: period! },
    kon: findColumn(headers, (x) => h(x) === "kon"),
    alder: findColumn(headers, (x) => /^alder/.test(h(x))),
    ersattningKolumn: ersCol,
    ersattning: ersCol === undefined ? "arbetsloshetsersattning" : undefined,
    belopp: { column, factor: unit.factor, enhet: unit.enhet },
    regionRader: true,
  };
}

export const akassa: SourceAdapter = {
  id: "akassa",
  namn: "Arbetslöshetsersättning per kommun (IAF-liknande tabell)",
  detect(file) {
    if (!isXlsx(file) && !isDelimitedText(file)) return { ok: false, reason: "varken XLSX eller textfil" };
    const layout = layoutOf(file, peekTables(file));
    if (!layout) return { ok: false, reason: "ingen rubrikrad med Kommun, År/Månad eller Period och ett utbetalt belopp" };
    if ("near" in layout) {
      return { ok: false, reason: "rubrikraden liknar en a-kassetabell, men varken titel, bladnamn, filnamn eller en kolumn säger arbetslöshetsersättning (döp t.ex. filen till akassa_….csv, eller beskriv den med en mappningsfil)" };
    }
    return { ok: true };
  },
  async read(file, ctx) {
    const layout = layoutOf(file, await readTables(file)) as Layout;
    return readLongTable(layout.table, spec(layout), ctx);
  },
};
