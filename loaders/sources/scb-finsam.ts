// SCB's försörjningsmått delivery on finsam.se (Excel, 2019–2023), read by content.
//
// What is verified about the delivery (research/board-report.md §2.2, finsam.se/information/forsorjningsmatt): yearly
// totals per benefit in thousands of kronor — sjukpenning incl. rehabiliteringspenning; aktivitetsersättning;
// sjukersättning; a-kassa; aktivitetsstöd incl. utvecklingsersättning; etableringsersättning incl. etableringstillägg
// and bostadsersättning; försörjningsstöd — each separately and in three groups (Ohälsa, Arbetsmarknadsstöd,
// Ekonomiskt bistånd); "genomsnittlig utbetalning per individ" (also tkr); the number of invånare in the age band
// (16–65 in this delivery, 16–64 in older ones); helårsekvivalenter as a complement; rows for riket, län, kommun,
// stadsdel (Stockholm, Göteborg, Malmö), valdistrikt and Göteborg's four samordningsförbund.
//
// The column layout itself has NOT been seen, so this adapter recognises a family of plausible layouts by their
// headers (the fixture in test/fixtures/scb-finsam/ is one of them, made from the description):
// - wide: a header row (within the first 25 rows, below any title) with region columns — Regiontyp/Nivå, Regionkod/Kod,
//   Region/Regionnamn/Namn (code and name may share a cell, "0180 Stockholm"), optionally Kommun (the kommun of a
//   stadsdel, valdistrikt or förbund row) — optionally År and Kön, and one column per benefit naming at least three
//   of the benefits. The header may be two rows (the benefit above "Totalt utbetalt belopp (tkr)" / "Genomsnittlig
//   utbetalning per individ (tkr)"). Amounts are those whose header, title or sheet name gives a money unit (tkr ×
//   1000 exactly); a header or sheet saying helårsekvivalenter makes them helårsekvivalenter.
// - long: the same region columns, a Förmån/Ersättning column and value columns (Belopp/Totalt utbetalt belopp with
//   its unit, Helårsekvivalenter, Antal invånare), when the title, sheet or file name says försörjningsmått or there is
//   an invånare or Regiontyp column.
// Every sheet of the workbook that looks like this is read (sheets per year, a helårsekvivalenter sheet); the year
// comes from an År column, else from the sheet name or the title. A user whose file differs writes a header-mapping
// file with mal "scb_forsorjningsmatt" (data/mappings/README.md; example in data/mappings/examples/).
//
// What goes where: kommun rows → utbetalning (period 'YYYY'); län and riket → utbetalning_region (the published
// totals Datakvalitet compares with); stadsdel, valdistrikt and förbund rows → delomrade + utbetalning_delomrade (a
// förbund as typ 'forbundsomrade' under its kommun: a Kommun column, else the kommun its name mentions, else Göteborg,
// whose four förbund are the only ones the delivery is described with; the summary says so). Sjukersättning
// and aktivitetsersättning are kept in utbetalning_del and their exact sum is sjuk_och_aktivitetsersattning;
// försörjningsstöd is ekonomiskt_bistand. The groups and the total are not stored (the pipeline derives groups itself)
// but, where present, must equal the sum of their parts exactly — a difference means a misread column, and the file is
// refused. "Genomsnittlig utbetalning per individ" and counts of individuals are not stored (not needed for the
// measure; an average cannot be summed). The invånare column → befolkning_angiven with the band from its header or
// title ("Antal invånare 16-65 år"); helårsekvivalenter → helarsekvivalent_ar. Missing values (.., -, x, empty) are
// stored as missing with status 'saknas', never 0. Numeric cells are read as Excel shows them (at most 15
// significant digits, so a binary float's tail such as 1000.3000000000001 is 1000.3) and then scaled exactly.
import Decimal from "decimal.js";
import { type AcceptContext, acceptRegionUtbetalning, acceptUtbetalning, type Kon } from "../canonical/accept.ts";
import { acceptBefolkningAngiven, acceptDelomrade, acceptHelarsekvivalentAr, acceptUtbetalningDel, acceptUtbetalningDelomrade } from "../canonical/accept-omrade.ts";
import type { Omradestyp } from "../canonical/omrade-data.ts";
import { MappedRecord } from "../canonical/record.ts";
import type { ErsattningId } from "../config.ts";
import { displayPath, type ErrorLocation, IngestError, quoteFound } from "../errors.ts";
import { resolveKon, resolveRegion } from "./common.ts";
import { dataDirOf, fold, loadMappings, type Mapping, mappingHeader, mappingMatches, titleText, unitFactor } from "./mapping.ts";
import { FORMAN_ROLLER, type FormanRoll, foldLabel } from "./scb-finsam-mapping.ts";
import type { SourceAdapter, SourceFile } from "./types.ts";
import { type CellValue, ExactNumber, type Table, type TableRow, cellError, cellLocation, cellNumber, cellText, isDelimitedText, isXlsx, peekTables, readTables, rowTexts } from "./xlsx.ts";

const h = (s: string) => fold(s).replace(/\s+/g, " ").trim();

// ---------------------------------------------------------------------------------------------------------------
// Headers

type MetaKind = "regiontyp" | "regionkod" | "regionnamn" | "kommun" | "ar" | "kon" | "forman" | "manad";
const META: [MetaKind, RegExp][] = [
  ["regiontyp", /^(regiontyp|region ?typ|regionniva|niva|omradestyp|omradesniva|typ av (region|omrade)|geografisk niva|geografi|redovisningsniva|indelning|regionindelning|omradesindelning|typ)$/],
  ["regionkod", /^(regionkod|region ?kod|kod|omradeskod|omrades ?kod|regkod|geokod|region \(kod\))$/],
  ["regionnamn", /^(region|regionnamn|region ?namn|namn|omrade|omradesnamn|omrades ?namn|geografiskt omrade|region \(namn\))$/],
  ["kommun", /^(kommun|kommunkod|kommunnamn|kommun ?\((kod|namn)\)|tillhor kommun|ingar i kommun|kommun ?kod)$/],
  ["ar", /^(ar|artal|tid|year|redovisningsar|utbetalningsar|statistikar)$/],
  ["kon", /^(kon|sex)$/],
  ["forman", /^(forman|formaner|formanstyp|ersattning|ersattningar|ersattningstyp|ersattningsslag|stodform|forsorjningsform)$/],
  ["manad", /^(manad|month)$/],
];

function metaOf(header: string): MetaKind | null {
  const t = h(header);
  for (const [kind, re] of META) if (re.test(t)) return kind;
  return null;
}

type RollGuess = { roll: FormanRoll } | { delforman: string; ingar: string } | null;

/** The benefit, part, group or total a header or a Förmån value names; a sub-benefit named alone is reported as such. */
export function rollOf(text: string): RollGuess {
  const t = h(text);
  if (!t) return null;
  if (/(^|[^a-z])ohalsa(?!tal)/.test(t)) return { roll: "ohalsa" };
  if (/^arbetsmarknad|arbetsmarknadsstod/.test(t)) return { roll: "arbetsmarknad" };
  if (/sjuk.{0,4}och.{0,4}aktivitetsersattning/.test(t)) return { roll: "sjuk_och_aktivitetsersattning" };
  if (/sjukersattning/.test(t)) return { roll: "sjukersattning" };
  if (/aktivitetsersattning/.test(t)) return { roll: "aktivitetsersattning" };
  if (/sjukpenning/.test(t)) return { roll: "sjukpenning" };
  if (/rehabiliteringspenning/.test(t)) return { delforman: "rehabiliteringspenning", ingar: "sjukpenning" };
  if (/arbetsloshetsersattning|(^|[^a-z])a-?kassa|arbetsloshetskass/.test(t)) return { roll: "arbetsloshetsersattning" };
  if (/aktivitetsstod/.test(t)) return { roll: "aktivitetsstod" };
  if (/utvecklingsersattning/.test(t)) return { delforman: "utvecklingsersättning", ingar: "aktivitetsstöd" };
  if (/etableringsersattning/.test(t)) return { roll: "etableringsersattning" };
  if (/etableringstillagg/.test(t)) return { delforman: "etableringstillägg", ingar: "etableringsersättning" };
  if (/bostadsersattning/.test(t)) return { delforman: "bostadsersättning", ingar: "etableringsersättning" };
  if (/forsorjningsstod/.test(t)) return { roll: "forsorjningsstod" };
  if (/ekonomiskt bistand/.test(t)) return { roll: "ekonomiskt_bistand" };
  if (/^(totalt|total|summa|samtliga|alla)( |$|,)|(samtliga|alla) formaner/.test(t)) return { roll: "totalt" };
  return null;
}

const IGNORED = /genomsnitt|per individ|per invanare|medelbelopp|medelutbetalning|andel|procent|kr\/inv|antal (individer|personer|mottagare|ersattningstagare|unika)|(^|[^a-z])individer|mottagare|ersattningsdagar|(^|[^a-z])dagar([^a-z]|$)|ohalsotal|sjukpenningtal/;
const POPULATION = /invanare|befolkning|folkmangd/;
const HELARS = /helarsekvivalent/;

/** A lower header cell that names only a measure ("Totalt utbetalt belopp (tkr)", "Genomsnittlig …", "Helårsekvivalenter"). */
function isMeasureOnly(text: string): boolean {
  const t = h(text);
  const g = rollOf(t);
  const totalMeasure = g !== null && "roll" in g && g.roll === "totalt" && /utbetal|belopp|genomsnitt/.test(t); // "Totalt utbetalt belopp (tkr)"
  if (!t || (g && !totalMeasure) || metaOf(t) || POPULATION.test(t)) return false;
  return /belopp|genomsnitt|per individ|utbetal|helarsekvivalent|^antal|^summa|\btkr\b|kronor|^kr$/.test(t);
}

/** Two header rows as one: a measure-only lower cell takes the benefit above it (merged cells carry to the right). */
function combine(upper: string[], lower: string[]): string[] {
  const out: string[] = [];
  let carry = "";
  for (let c = 0; c < Math.max(upper.length, lower.length); c++) {
    const u = upper[c] ?? "";
    const l = lower[c] ?? "";
    if (u) carry = u;
    if (l === "") out.push(u);
    else if (isMeasureOnly(l)) out.push(carry ? `${carry} ${l}` : l);
    else out.push(l);
  }
  return out;
}

interface Band {
  fran: number;
  till: number;
}

/** An age band written in a text: "16-65 år", "16–64", "20 till 64 år". */
export function bandOf(text: string): Band | null {
  const m = /(?<!\d)(\d{1,3})\s*(?:-|–|—|till)\s*(\d{1,3})(?!\d)/.exec(fold(text));
  if (!m) return null;
  const fran = Number(m[1]);
  const till = Number(m[2]);
  return fran <= till && till <= 100 ? { fran, till } : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Layouts

interface ValueCol {
  col: number;
  roll?: FormanRoll;
  factor?: number;
  enhet?: string;
  band?: Band | null;
}

type Meta = Partial<Record<Exclude<MetaKind, "manad">, number>>;

interface Layout {
  table: Table;
  /** 0-based index of the (last) header row; data follow it. */
  headerIndex: number;
  headers: string[];
  form: "bred" | "lang";
  meta: Meta;
  belopp: ValueCol[];
  helars: ValueCol[];
  befolkning?: ValueCol;
  /** Headers of columns that are not stored (averages, counts of individuals), and unrecognised ones. */
  ignorerade: string[];
  okanda: string[];
  /** The year of the whole table when there is no År column, and where it was read. */
  ar?: { ar: number; kalla: string };
  /** Title rows and sheet name: units, bands, helårsekvivalenter. */
  context: string;
  /** 0-based index of the first header row (the title is above it). */
  firstHeaderRow: number;
  /** Problems found while recognising, reported (as errors) only when the file is read. */
  problem?: IngestError;
  mapping?: Mapping;
}

/** The year of a table without an År column: the sheet name, else the only year in the title. */
function tableYear(table: Table, headerIndex: number): { ar: number; kalla: string } | undefined {
  const sheet = (table.sheet ?? "").trim();
  const years = (text: string) => [...new Set([...text.matchAll(/(?<!\d)(19[6-9]\d|20\d\d)(?!\d)/g)].map((m) => Number(m[1])))];
  const fromSheet = years(sheet);
  if (fromSheet.length === 1) return { ar: fromSheet[0], kalla: `bladnamnet "${sheet}"` };
  const fromTitle = years(titleText(table, headerIndex));
  if (fromTitle.length === 1) return { ar: fromTitle[0], kalla: "titeln" };
  return undefined;
}

function headerError(table: Table, headerIndex: number, col: number, header: string, found: string, expected: string): IngestError {
  return cellError(table, table.rows[headerIndex], col, header, found, expected);
}

/**
 * Builds a layout from header texts by the built-in synonyms; undefined when the headers are not the delivery's.
 * Rows above `firstHeaderRow` are the title (units, age band, year, "helårsekvivalenter").
 */
function builtInLayout(file: SourceFile, table: Table, headerIndex: number, headers: string[], firstHeaderRow = headerIndex): Layout | undefined {
  const meta: Meta = {};
  for (const [i, x] of headers.entries()) {
    const kind = metaOf(x);
    if (kind === "manad") return undefined; // monthly tables are Försäkringskassan's and the a-kassor's
    if (kind && meta[kind] === undefined) meta[kind] = i;
  }
  if (meta.regiontyp === undefined && meta.regionkod === undefined && meta.regionnamn === undefined && meta.kommun === undefined) return undefined;
  const context = `${titleText(table, firstHeaderRow)} ${table.sheet ?? ""}`;
  const contextUnit = unitFactor(context);
  const contextHelars = HELARS.test(fold(context));
  const layout: Layout = { table, headerIndex, headers, form: meta.forman !== undefined ? "lang" : "bred", meta, belopp: [], helars: [], ignorerade: [], okanda: [], context, firstHeaderRow };
  const metaCols = new Set(Object.values(meta));
  for (const [col, header] of headers.entries()) {
    if (metaCols.has(col) || header === "") continue;
    const t = h(header);
    if (IGNORED.test(t)) {
      layout.ignorerade.push(header);
      continue;
    }
    if (POPULATION.test(t)) {
      if (!layout.befolkning) layout.befolkning = { col, band: bandOf(header) ?? bandOf(context) };
      else layout.ignorerade.push(header);
      continue;
    }
    const unit = unitFactor(header);
    if (layout.form === "lang") {
      if (HELARS.test(t)) layout.helars.push({ col, band: bandOf(header) ?? bandOf(context) });
      else if (/belopp|utbetal|summa|kronor|\btkr\b/.test(t)) layout.belopp.push({ col, factor: (unit ?? contextUnit)?.factor, enhet: (unit ?? contextUnit)?.enhet });
      else layout.okanda.push(header);
      continue;
    }
    const guess = rollOf(header);
    if (!guess) {
      layout.okanda.push(header);
      continue;
    }
    if ("delforman" in guess) {
      layout.problem ??= headerError(
        table, headerIndex, col, header,
        `kolumnen ${quoteFound(header)}, som redovisar ${guess.delforman} för sig`,
        `${guess.delforman} inräknad i ${guess.ingar}, som i SCB:s leverans på finsam.se; beskriv filen med en mappningsfil (data/mappings/README.md) om den ska läsas på annat sätt`,
      );
      continue;
    }
    if (HELARS.test(t) || (!unit && contextHelars && !contextUnit)) {
      layout.helars.push({ col, roll: guess.roll, band: bandOf(header) ?? bandOf(context) });
    } else {
      const u = unit ?? (contextHelars ? null : contextUnit);
      layout.belopp.push({ col, roll: guess.roll, factor: u?.factor, enhet: u?.enhet });
    }
  }
  if (layout.form === "lang") {
    if (layout.belopp.length + layout.helars.length === 0) return undefined;
    const signal = /forsorjningsmatt/.test(fold(`${context} ${file.name}`)) || layout.befolkning !== undefined || meta.regiontyp !== undefined;
    if (!signal) return undefined;
    if (layout.belopp.length > 1 || layout.helars.length > 1) {
      const extra = layout.belopp[1] ?? layout.helars[1];
      layout.problem ??= headerError(table, headerIndex, extra.col, headers[extra.col], `flera kolumner för samma mått (${[...layout.belopp, ...layout.helars].map((v) => headers[v.col]).join(", ")})`, "en beloppskolumn och högst en kolumn med helårsekvivalenter när förmånen står i en egen kolumn");
    }
  } else {
    // At least three benefits named (groups and totals do not count): one benefit per file is Försäkringskassan's,
    // Socialstyrelsen's or the a-kassor's layout.
    const benefits = new Set([...layout.belopp, ...layout.helars].map((v) => v.roll).filter((r) => r !== "ohalsa" && r !== "arbetsmarknad" && r !== "totalt"));
    if (benefits.size < 3) return undefined;
  }
  checkLayout(layout);
  return layout;
}

/** Checks that hold for every layout (built in or mapped): units, bands, duplicate roles, the year. */
function checkLayout(layout: Layout): void {
  const { table, headerIndex, headers } = layout;
  if (layout.meta.ar === undefined && !layout.ar) {
    layout.ar = tableYear(table, layout.firstHeaderRow);
    if (!layout.ar) {
      layout.problem ??= new IngestError(
        { file: table.file, cell: `rad ${table.rows[headerIndex].line}${table.sheet ? ` (blad ${table.sheet})` : ""}` },
        "ingen kolumn År och inget enskilt år i bladnamnet eller titeln",
        "en kolumn År, eller ett blad per år med året som bladnamn (t.ex. 2023) eller i titeln",
      );
    }
  }
  for (const v of layout.belopp) {
    if (v.factor === undefined) {
      layout.problem ??= headerError(
        table, headerIndex, v.col, headers[v.col],
        `beloppskolumnen ${quoteFound(headers[v.col])} utan enhet`,
        'en enhet i kolumnrubriken eller titeln ovanför, t.ex. "Sjukpenning, tkr" eller "Totalt utbetalt belopp i tusental kronor (tkr)" (tkr räknas om ×1000 exakt)',
      );
    }
  }
  if (layout.befolkning && !layout.befolkning.band) {
    const col = layout.befolkning.col;
    layout.problem ??= headerError(table, headerIndex, col, headers[col], `invånarkolumnen ${quoteFound(headers[col])} utan åldersband`, 'åldersbandet i rubriken eller titeln, t.ex. "Antal invånare 16-65 år" (eller aldersband i en mappningsfil)');
  }
  if (layout.form === "bred") {
    for (const list of [layout.belopp, layout.helars]) {
      const seen = new Map<string, number>();
      for (const v of list) {
        const other = seen.get(v.roll!);
        if (other !== undefined) {
          layout.problem ??= headerError(table, headerIndex, v.col, headers[v.col], `två kolumner för ${v.roll}: ${quoteFound(headers[other])} och ${quoteFound(headers[v.col])}`, "en kolumn per förmån och mått (beskriv filen med en mappningsfil om rubrikerna är tvetydiga)");
        }
        seen.set(v.roll!, v.col);
      }
    }
  }
}

/** The layout of a table by the built-in synonyms: a one-row header, or two rows (benefit above measure). */
function findBuiltInLayout(file: SourceFile, table: Table): Layout | undefined {
  const limit = Math.min(25, table.rows.length);
  for (let i = 0; i < limit; i++) {
    const row = rowTexts(table.rows[i]);
    const next = i + 1 < table.rows.length ? rowTexts(table.rows[i + 1]) : undefined;
    if (next && row.filter((x) => rollOf(x) !== null).length >= 2 && next.filter(isMeasureOnly).length >= 2) {
      const layout = builtInLayout(file, table, i + 1, combine(row, next), i);
      if (layout) return layout;
    }
    const layout = builtInLayout(file, table, i, row);
    if (layout) return layout;
  }
  return undefined;
}

/** The layout a mapping file describes; a column it names that the file lacks is an error. */
function mappedLayout(mapping: Mapping, table: Table): Layout {
  const m = mapping.finsam!;
  const headerIndex = mappingHeader(mapping, table)!;
  const headers = rowTexts(table.rows[headerIndex]);
  const context = `${titleText(table, headerIndex)} ${table.sheet ?? ""}`;
  const same = (a: string, b: string) => h(a) === h(b);
  const col = (name: string, key: string): number => {
    const i = headers.findIndex((x) => same(x, name));
    if (i === -1) {
      throw new IngestError(
        { file: table.file, cell: `rad ${table.rows[headerIndex].line}${table.sheet ? ` (blad ${table.sheet})` : ""}` },
        `rubrikraden ${quoteFound(headers.filter(Boolean).join(", "))} utan kolumnen ${quoteFound(name)}`,
        `kolumnen som mappningsfilen ${displayPath(mapping.file)} anger i kolumner.${key}`,
      );
    }
    return i;
  };
  const k = m.kolumner;
  const meta: Meta = {};
  for (const key of ["regiontyp", "regionkod", "regionnamn", "kommun", "ar", "kon", "forman"] as const) if (k[key]) meta[key] = col(k[key]!, key);
  const contextUnit = unitFactor(context);
  const unitOf = (header: string) => m.enhet ?? unitFactor(header) ?? contextUnit ?? undefined;
  const layout: Layout = { table, headerIndex, headers, form: k.forman ? "lang" : "bred", meta, belopp: [], helars: [], ignorerade: [], okanda: [], context, firstHeaderRow: headerIndex, mapping };
  const values = (spec: typeof k.belopp, key: "belopp" | "helarsekvivalenter", target: ValueCol[]) => {
    if (spec === undefined) return;
    if (typeof spec === "string") {
      const c = col(spec, key);
      const u = unitOf(headers[c]);
      target.push(key === "belopp" ? { col: c, factor: u?.factor, enhet: u && ("namn" in u ? u.namn : u.enhet) } : { col: c, band: bandOf(headers[c]) ?? bandOf(context) });
      return;
    }
    for (const roll of FORMAN_ROLLER) {
      const name = spec[roll];
      if (!name) continue;
      const c = col(name, `${key}.${roll}`);
      const u = unitOf(headers[c]);
      target.push(key === "belopp" ? { col: c, roll, factor: u?.factor, enhet: u && ("namn" in u ? u.namn : u.enhet) } : { col: c, roll, band: bandOf(headers[c]) ?? bandOf(context) });
    }
  };
  values(k.belopp, "belopp", layout.belopp);
  values(k.helarsekvivalenter, "helarsekvivalenter", layout.helars);
  if (k.befolkning) {
    const c = col(k.befolkning, "befolkning");
    layout.befolkning = { col: c, band: m.aldersband ?? bandOf(headers[c]) ?? bandOf(context) };
  }
  checkLayout(layout);
  return layout;
}

function finsamMappings(file: SourceFile): Mapping[] {
  return loadMappings(dataDirOf(file)).filter((m) => m.finsam);
}

/** The first finsam mapping whose header (and file name, sheet) a file matches. */
function findMapping(file: SourceFile, tables: Table[]): Mapping | undefined {
  return finsamMappings(file).find((m) => mappingMatches(m, file, tables) !== undefined);
}

// ---------------------------------------------------------------------------------------------------------------
// Regions

interface Ref {
  row: TableRow;
  col: number;
}

interface Region {
  typ: Omradestyp;
  /** Riket "00", länskod, kommunkod, or the delområde's code (its name when there is none). */
  kod: string;
  kommunkod: string | null;
  namn: string;
  /** How a kommun was identified, for the summary. */
  hur?: string;
  /** Where the region's code (or name), its name and its kommun were read, for messages. */
  kodRef: Ref;
  namnRef: Ref;
  kommunRef: Ref;
}

const TYP_TEXT = "Riket, Län, Kommun, Stadsdel, Valdistrikt eller Samordningsförbund";
/** Singular, plural and definite form. */
const TYP_NAMN: Record<Omradestyp, [string, string, string]> = {
  riket: ["riket", "riket", "riket"],
  lan: ["län", "län", "länet"],
  kommun: ["kommun", "kommuner", "kommunen"],
  stadsdel: ["stadsdel", "stadsdelar", "stadsdelen"],
  valdistrikt: ["valdistrikt", "valdistrikt", "valdistriktet"],
  forbundsomrade: ["förbundsområde", "förbundsområden", "förbundsområdet"],
};

/** A Regiontyp value → the kind of region (and a kommun it names, "Stadsdel Stockholm"); null when unknown. */
function typOf(text: string, layout: Layout): { typ: Omradestyp; rest: string } | null {
  const mapped = layout.mapping?.finsam?.regiontypVarden.get(foldLabel(text));
  if (mapped) return { typ: mapped, rest: "" };
  const t = h(text);
  const rest = (re: RegExp) => text.replace(re, "").replace(/^\s*(i|inom|,|-|–|:)\s*/i, "").trim();
  if (/^(riket|hela riket|hela landet|sverige|riksniva|rike)$/.test(t)) return { typ: "riket", rest: "" };
  if (/^(lan|lansniva|lanet|lan totalt)$/.test(t)) return { typ: "lan", rest: "" };
  if (/^(kommun|kommuner|kommunniva)$/.test(t)) return { typ: "kommun", rest: "" };
  if (/^stads(dels?)?(omrade|del|delsnamnd)(ar|er|en|na)?\b/.test(t)) return { typ: "stadsdel", rest: rest(/^\s*stads\S*/i) };
  if (/^valdistrikt/.test(t)) return { typ: "valdistrikt", rest: rest(/^\s*valdistrikt\S*/i) };
  if (/samordningsforbund|^forbund|finsam/.test(t)) return { typ: "forbundsomrade", rest: "" };
  return null;
}

const digits = (s: string) => /^\d+$/.test(s);

/** A code cell as text: numbers as their digits (Excel drops leading zeros: 180 stays "180" here, padded by level). */
function codeText(value: CellValue | undefined): string {
  if (value instanceof ExactNumber || typeof value === "number") {
    const t = cellText(value);
    return /^\d+(\.0+)?$/.test(t) ? t.replace(/\.0+$/, "") : t;
  }
  return cellText(value);
}

/** Göteborg: the kommun of the delivery's förbund rows ("de fyra samordningsförbunden" in Göteborg). */
const GOTEBORG = "1480";

class RegionReader {
  readonly counts = new Map<Omradestyp, number>();
  /** Förbund whose row says no kommun and whose name mentions none: placed under Göteborg. */
  readonly forbundUtanKommun = new Set<string>();
  readonly kommunHur = new Map<string, number>();
  constructor(
    private readonly layout: Layout,
    private readonly ctx: AcceptContext,
  ) {}

  private fail(ref: Ref, found: string, expected: string): never {
    const { table, headers } = this.layout;
    throw cellError(table, ref.row, ref.col, headers[ref.col], found, expected);
  }

  /** A kommun from a code (Excel-stripped 180 → 0180) or a name; records how. */
  private kommunFrom(text: string, ref: Ref, what: string): { kod: string; hur: string } {
    const t = text.trim();
    const split = /^(\d{3,4})(?:\s*-\s*|\s+)(.+)$/.exec(t);
    const code = digits(t) ? t : split?.[1];
    if (code && (code.length === 3 || code.length === 4)) {
      const kod = code.padStart(4, "0");
      if (split) {
        const byName = resolveRegion(split[2], this.ctx.ref);
        if (byName?.regiontyp === "kommun" && byName.kod !== (this.ctx.ref.omkodning.get(kod)?.nyKod ?? kod)) {
          this.fail(ref, quoteFound(t), `en kommunkod och ett namn som hör ihop (${split[2]} har kod ${byName.kod})`);
        }
      }
      return { kod, hur: code.length === 3 ? "kod utan inledande nolla" : "kod" };
    }
    const r = resolveRegion(t, this.ctx.ref);
    if (r?.regiontyp === "kommun") return { kod: r.kod, hur: "namn" };
    return this.fail(ref, quoteFound(t), `en kommun med kod (t.ex. 0180 eller 180) eller namn (t.ex. Upplands Väsby) bland Sveriges 290 kommuner${what ? ` (${what})` : ""}`);
  }

  /** The only kommun a förbund's name mentions ("Samordningsförbundet Göteborg Centrum" → 1480), or null. */
  private kommunNamedIn(name: string): string | null {
    const t = ` ${h(name).replace(/[^a-z0-9]+/g, " ")} `;
    const hits = this.ctx.ref.kommuner.filter((k) => t.includes(` ${h(k.kommunnamn).replace(/[^a-z0-9]+/g, " ")} `) || t.includes(` ${h(k.kommunnamn).replace(/[^a-z0-9]+/g, " ")}s `));
    return hits.length === 1 ? hits[0].kommunkod : null;
  }

  read(row: TableRow): Region {
    const { meta } = this.layout;
    const ref = (col: number | undefined): Ref | undefined => (col === undefined ? undefined : { row, col });
    const text = (col: number | undefined) => (col === undefined ? "" : cellText(row.cells[col]));
    let kod = meta.regionkod !== undefined ? codeText(row.cells[meta.regionkod]) : "";
    let namn = text(meta.regionnamn);
    let kodRef = ref(meta.regionkod) ?? ref(meta.regionnamn) ?? ref(meta.kommun)!;
    const namnRef = ref(meta.regionnamn) ?? kodRef;
    // One cell with code and name ("0180 Stockholm", "01 Stockholms län", "01140101 Vilunda").
    if (meta.regionkod === undefined && namn) {
      const split = /^(\d+)(?:\s*-\s*|\s+)(\D.*)$/.exec(namn);
      if (split) [kod, namn] = [split[1], split[2].trim()];
      else if (digits(codeText(row.cells[meta.regionnamn!]))) [kod, namn] = [codeText(row.cells[meta.regionnamn!]), ""];
      kodRef = namnRef;
    }
    const kommunText = meta.kommun !== undefined ? codeText(row.cells[meta.kommun]) : "";
    const kommunRef = ref(meta.kommun);
    // A file whose only region column is Kommun (a kommun table).
    if (meta.regionkod === undefined && meta.regionnamn === undefined && meta.regiontyp === undefined) {
      const k = this.kommunFrom(kommunText, kommunRef!, "kommunen som raden hör till");
      return this.count({ typ: "kommun", kod: k.kod, kommunkod: k.kod, namn: kommunText, hur: k.hur, kodRef: kommunRef!, namnRef: kommunRef!, kommunRef: kommunRef! });
    }

    // The kind of region: the Regiontyp column, else from the code or name.
    let typ: Omradestyp;
    let rest = "";
    if (meta.regiontyp !== undefined) {
      const typText = text(meta.regiontyp);
      const t = typOf(typText, this.layout);
      if (!t) this.fail(ref(meta.regiontyp)!, quoteFound(typText), TYP_TEXT);
      ({ typ, rest } = t!);
    } else if (/^(00?|riket|hela riket|sverige)$/i.test(kod || namn)) typ = "riket";
    else if (digits(kod) && kod.length <= 2) typ = "lan";
    else if (digits(kod) && kod.length <= 4) typ = "kommun";
    else if (digits(kod) && kod.length <= 8 && kod.length >= 7) typ = "valdistrikt";
    else {
      const r = resolveRegion(namn, this.ctx.ref);
      if (!r) this.fail(kodRef, quoteFound(kod || namn), `riket, ett län eller en kommun (kod eller namn); för stadsdelar, valdistrikt och förbund behövs en kolumn Regiontyp med ${TYP_TEXT}`);
      typ = r!.regiontyp;
    }

    const region = (r: Omit<Region, "kodRef" | "namnRef" | "kommunRef"> & Partial<Pick<Region, "kodRef" | "kommunRef">>): Region =>
      this.count({ kodRef, namnRef, kommunRef: kommunRef ?? kodRef, ...r });
    if (typ === "riket") return region({ typ, kod: "00", kommunkod: null, namn: "Riket" });
    if (typ === "lan") {
      if (digits(kod) && kod.length <= 2) {
        const lanskod = kod.padStart(2, "0");
        if (!this.ctx.ref.lan.some((l) => l.lanskod === lanskod)) this.fail(kodRef, quoteFound(kod), "en av de 21 länskoderna (01, 03, …, 25)");
        return region({ typ, kod: lanskod, kommunkod: null, namn });
      }
      const r = resolveRegion(namn, this.ctx.ref);
      if (r?.regiontyp !== "lan") this.fail(namnRef, quoteFound(namn || kod), "ett län med kod (t.ex. 01) eller namn (t.ex. Stockholms län)");
      return region({ typ, kod: r!.kod, kommunkod: null, namn });
    }
    if (typ === "kommun") {
      const k = kod ? this.kommunFrom(kod, kodRef, "") : this.kommunFrom(namn, namnRef, "");
      if (kod && namn) {
        // A code and a name that do not belong together mean a shifted or misread row.
        const byName = resolveRegion(namn, this.ctx.ref);
        const current = this.ctx.ref.omkodning.get(k.kod)?.nyKod ?? k.kod;
        if (byName?.regiontyp === "kommun" && byName.kod !== current) {
          const own = this.ctx.ref.kommunByKod.get(current)?.kommunnamn;
          this.fail(namnRef, quoteFound(namn), `namnet på kommun ${k.kod}${own ? ` (${own})` : ""}, som koden på samma rad anger (${namn} har kod ${byName.kod})`);
        }
      }
      if (kommunText) {
        const other = this.kommunFrom(kommunText, kommunRef!, "kommunen som raden hör till");
        if (other.kod !== k.kod) this.fail(kommunRef!, quoteFound(kommunText), `samma kommun som raden själv (${k.kod})`);
      }
      return region({ typ, kod: k.kod, kommunkod: k.kod, namn, hur: k.hur });
    }

    // Below kommun: the kommun from the Kommun column, the Regiontyp text, the code's first digits or the name.
    let kommunkod: string | null = null;
    let kRef: Ref = kommunRef ?? kodRef;
    if (kommunText) kommunkod = this.kommunFrom(kommunText, kommunRef!, "kommunen som raden hör till").kod;
    else if (rest) kommunkod = this.kommunFrom(rest, ref(meta.regiontyp)!, "kommunen som regiontypen nämner").kod;
    if (typ === "valdistrikt") {
      if (digits(kod) && (kod.length === 7 || kod.length === 8)) {
        kod = kod.padStart(8, "0");
        const prefix = kod.slice(0, 4);
        const current = this.ctx.ref.omkodning.get(prefix)?.nyKod ?? prefix;
        if (kommunkod && kommunkod !== current) this.fail(kodRef, quoteFound(kod), `ett valdistrikt i kommun ${kommunkod} (koden börjar med kommunkoden)`);
        if (!this.ctx.ref.kommunByKod.has(current)) this.fail(kodRef, quoteFound(kod), "en valdistriktskod med 8 siffror som börjar med en kommunkod, t.ex. 01140101");
        kommunkod = current;
        kRef = kodRef;
      } else if (kod) {
        this.fail(kodRef, quoteFound(kod), "en valdistriktskod med 8 siffror som börjar med kommunkoden, t.ex. 01140101");
      }
    } else if (!kommunkod && digits(kod) && kod.length >= 5) {
      const padded = kod.length % 2 === 1 ? `0${kod}` : kod;
      if (this.ctx.ref.kommunByKod.has(padded.slice(0, 4))) {
        kommunkod = padded.slice(0, 4);
        kod = padded;
        kRef = kodRef;
      }
    }
    if (!kommunkod && typ === "forbundsomrade") {
      // The delivery's förbund rows are Göteborg's four (finsam.se): a name that mentions no kommun is Göteborg's.
      kommunkod = this.kommunNamedIn(namn || kod);
      if (!kommunkod) {
        kommunkod = GOTEBORG;
        this.forbundUtanKommun.add(namn || kod);
      }
    }
    if (!kommunkod) {
      this.fail(
        kod ? kodRef : namnRef, quoteFound(namn || kod),
        `att raden säger vilken kommun ${TYP_NAMN[typ][2]} hör till: en kolumn Kommun (lägg till den i filen om den saknas), en kod som börjar med kommunkoden, eller regiontypen med kommunens namn (t.ex. "Stadsdel Stockholm")`,
      );
    }
    if (!kod && !namn) this.fail(kodRef, quoteFound(""), `${TYP_NAMN[typ][2]}s kod eller namn`);
    return region({ typ, kod: kod || namn, kommunkod, namn: namn || kod, kodRef: kod ? kodRef : namnRef, kommunRef: kRef });
  }

  private count(r: Region): Region {
    this.counts.set(r.typ, (this.counts.get(r.typ) ?? 0) + 1);
    if (r.hur) this.kommunHur.set(r.hur, (this.kommunHur.get(r.hur) ?? 0) + 1);
    return r;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Observations: one region × year × kön with its values, from a wide row or from the long rows that belong together

interface ValueRef extends Ref {
  v: ValueCol;
}

interface Obs {
  row: TableRow;
  ar: number;
  arRef?: Ref;
  kon: Kon;
  konRef?: Ref;
  belopp: Map<FormanRoll, ValueRef>;
  helars: Map<FormanRoll, ValueRef>;
  befolkning?: ValueRef;
}

const ERSATTNING_AV: Partial<Record<FormanRoll, ErsattningId>> = {
  sjukpenning: "sjukpenning",
  sjuk_och_aktivitetsersattning: "sjuk_och_aktivitetsersattning",
  arbetsloshetsersattning: "arbetsloshetsersattning",
  aktivitetsstod: "aktivitetsstod",
  etableringsersattning: "etableringsersattning",
  forsorjningsstod: "ekonomiskt_bistand",
};
const DELAR: FormanRoll[] = ["sjukersattning", "aktivitetsersattning"];

/** The members of each group and of the total, as ersättningar (ekonomiskt bistånd = försörjningsstöd). */
const GRUPPER: [FormanRoll, string, ErsattningId[]][] = [
  ["ohalsa", "Ohälsa", ["sjukpenning", "sjuk_och_aktivitetsersattning"]],
  ["arbetsmarknad", "Arbetsmarknadsstöd", ["arbetsloshetsersattning", "aktivitetsstod", "etableringsersattning"]],
  ["ekonomiskt_bistand", "Ekonomiskt bistånd", ["ekonomiskt_bistand"]],
  ["totalt", "Totalt", ["sjukpenning", "sjuk_och_aktivitetsersattning", "arbetsloshetsersattning", "aktivitetsstod", "etableringsersattning", "ekonomiskt_bistand"]],
];

const sv = (d: Decimal) => d.toFixed().replace(".", ",");

class Reader {
  read = 0;
  floatTails = 0;
  groupsChecked = new Set<string>();
  readonly years = new Set<number>();
  readonly regions: RegionReader;
  /** "Ekonomiskt bistånd" is the group (checked, not stored) when försörjningsstöd is given on its own. */
  ekbIsGroup: boolean;
  constructor(
    private readonly layout: Layout,
    private readonly ctx: AcceptContext,
  ) {
    this.regions = new RegionReader(layout, ctx);
    this.ekbIsGroup = layout.form === "bred" ? layout.belopp.some((v) => v.roll === "forsorjningsstod") || layout.helars.some((v) => v.roll === "forsorjningsstod") : false;
  }

  private loc(ref: Ref): Omit<ErrorLocation, "file"> {
    return cellLocation(this.layout.table, ref.row, ref.col, this.layout.headers[ref.col]);
  }

  private fail(ref: Ref, found: string, expected: string): never {
    throw cellError(this.layout.table, ref.row, ref.col, this.layout.headers[ref.col], found, expected);
  }

  /** A numeric cell as an exact decimal as Excel shows it; null when missing; fails when not a number. */
  private number(ref: Ref, expected: string): Decimal | null {
    const raw = ref.row.cells[ref.col];
    let value: string | null | undefined;
    if (raw instanceof ExactNumber && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(raw.text.trim())) {
      const d = new Decimal(raw.text.trim());
      if (d.precision() > 15) this.floatTails++;
      value = (d.precision() > 15 ? d.toSignificantDigits(15) : d).toFixed();
    } else value = cellNumber(raw);
    if (value === undefined) this.fail(ref, quoteFound(cellText(raw)), expected);
    return value === null ? null : new Decimal(value);
  }

  /** An amount in kronor (exact), or null when missing. */
  private amount(ref: ValueRef): Decimal | null {
    const { factor, enhet } = ref.v;
    const maxDecimals = 2 + Math.round(Math.log10(factor!));
    const d = this.number(ref, `ett belopp i ${enhet} (t.ex. 12345,678), eller .. / - / x för ett saknat värde`);
    if (d === null) return null;
    if (d.decimalPlaces() > maxDecimals) this.fail(ref, quoteFound(cellText(ref.row.cells[ref.col])), `ett belopp i ${enhet} med högst ${maxDecimals} decimaler (hela ören)`);
    return d.times(factor!);
  }

  private helarsekvivalenter(ref: ValueRef): Decimal | null {
    const d = this.number(ref, "ett antal helårsekvivalenter, eller .. / - / x för ett saknat värde");
    if (d !== null && d.decimalPlaces() > 2) this.fail(ref, quoteFound(cellText(ref.row.cells[ref.col])), "ett antal helårsekvivalenter med högst 2 decimaler");
    return d;
  }

  /**
   * The six ersättningar of one observation from its columns: parts summed exactly (a missing part makes the sum
   * missing unless the file gives the whole), a given whole and every group checked against its parts.
   */
  private ersattningar(values: Map<FormanRoll, ValueRef>, read: (r: ValueRef) => Decimal | null, unit: (d: Decimal, r: ValueRef) => string) {
    const got = new Map<FormanRoll, Decimal | null>();
    for (const [roll, ref] of values) got.set(roll, read(ref));
    const out = new Map<ErsattningId, { value: Decimal | null; ref: ValueRef; parts?: [FormanRoll, ValueRef, Decimal | null][] }>();
    for (const [roll, ersattning] of Object.entries(ERSATTNING_AV) as [FormanRoll, ErsattningId][]) {
      const ref = values.get(roll);
      if (ref) out.set(ersattning, { value: got.get(roll)!, ref });
    }
    if (!this.ekbIsGroup && values.has("ekonomiskt_bistand")) out.set("ekonomiskt_bistand", { value: got.get("ekonomiskt_bistand")!, ref: values.get("ekonomiskt_bistand")! });
    // Sjukersättning + aktivitetsersättning → sjuk_och_aktivitetsersattning.
    const parts = DELAR.filter((d) => values.has(d)).map((d) => [d, values.get(d)!, got.get(d)!] as [FormanRoll, ValueRef, Decimal | null]);
    if (parts.length === DELAR.length) {
      const sum = parts.every(([, , v]) => v !== null) ? parts.reduce((s, [, , v]) => s.plus(v!), new Decimal(0)) : null;
      const whole = out.get("sjuk_och_aktivitetsersattning");
      if (whole) {
        this.check(whole.ref, "Sjuk- och aktivitetsersättning", whole.value, parts.map(([, r, v]) => [r, v]), unit);
        out.set("sjuk_och_aktivitetsersattning", { value: sum ?? whole.value, ref: whole.ref, parts });
      } else out.set("sjuk_och_aktivitetsersattning", { value: sum, ref: parts[0][1], parts });
    } else if (parts.length) {
      const whole = out.get("sjuk_och_aktivitetsersattning");
      if (whole) whole.parts = parts;
    }
    // Groups and the total: checked, never stored.
    for (const [roll, namn, members] of GRUPPER) {
      if (roll === "ekonomiskt_bistand" && !this.ekbIsGroup) continue;
      const ref = values.get(roll);
      const value = got.get(roll);
      if (!ref || value === null || value === undefined) continue;
      if (!members.every((e) => out.has(e) && out.get(e)!.value !== null)) continue;
      this.check(ref, namn, value, members.map((e) => [out.get(e)!.ref, out.get(e)!.value]), unit, members.map((e) => out.get(e)!));
      this.groupsChecked.add(namn);
    }
    return out;
  }

  private check(
    ref: ValueRef, namn: string, value: Decimal | null, parts: [ValueRef, Decimal | null][],
    unit: (d: Decimal, r: ValueRef) => string, derived?: { ref: ValueRef; parts?: [FormanRoll, ValueRef, Decimal | null][] }[],
  ): void {
    if (value === null || parts.some(([, v]) => v === null)) return;
    const sum = parts.reduce((s, [, v]) => s.plus(v!), new Decimal(0));
    if (sum.equals(value)) return;
    const { table, headers } = this.layout;
    // Name every cell that went into the sum (the parts of a summed ersättning by their own cells).
    const terms: string[] = [];
    parts.forEach(([r, v], i) => {
      const sub = derived?.[i]?.parts;
      if (sub && derived![i].ref === sub[0][1]) for (const [, pr, pv] of sub) terms.push(`${headers[pr.col]} (${this.cellName(pr)}) ${unit(pv!, pr)}`);
      else terms.push(`${headers[r.col]} (${this.cellName(r)}) ${unit(v!, r)}`);
    });
    throw cellError(
      table, ref.row, ref.col, headers[ref.col],
      `${namn} ${unit(value, ref)}, men delarna summerar till ${unit(sum, ref)} (skillnad ${unit(value.minus(sum), ref)})`,
      `att ${namn} är exakt summan av sina delar: ${terms.join(" + ")}. En skillnad tyder på en felläst kolumn: kontrollera rubrikerna, eller lär inläsningen filens rubriker med en mappningsfil (data/mappings/README.md) — utan gruppkolumnen om leveransen avrundar grupperna för sig`,
    );
  }

  private cellName(r: Ref): string {
    const l = this.loc(r);
    return l.cell ? l.cell.replace(/ \(blad .*\)$/, "") : `rad ${l.line}`;
  }

  /** One observation → the canonical rows. */
  emit(obs: Obs): void {
    const region = this.regions.read(obs.row);
    const { table } = this.layout;
    const file = table.file;
    const ar = String(obs.ar);
    this.years.add(obs.ar);
    const periodLoc = (fallback: Ref) => this.loc(obs.arRef ?? fallback);
    const konLoc = (fallback: Ref) => this.loc(obs.konRef ?? fallback);
    const regionValues = (): Record<string, string> => ({ regiontyp: region.typ, regionkod: region.kod, kommunkod: region.kommunkod ?? "" });
    const regionLocs = () => ({ regiontyp: this.loc(region.kodRef), regionkod: this.loc(region.kodRef), kommunkod: this.loc(region.kommunRef) });
    const delomrade = region.typ !== "riket" && region.typ !== "lan" && region.typ !== "kommun";
    if (delomrade) {
      acceptDelomrade(
        new MappedRecord(file, { kommunkod: region.kommunkod!, typ: region.typ, kod: region.kod, namn: region.namn }, { kommunkod: this.loc(region.kommunRef), kod: this.loc(region.kodRef), namn: this.loc(region.namnRef), typ: this.loc(region.kodRef) }, { line: obs.row.line }),
        this.ctx,
      );
    }

    // Amounts.
    const kr = (d: Decimal) => d.toFixed();
    const tkr = (d: Decimal, r: ValueRef) => `${sv(d)} ${r.v.enhet}`;
    const amounts = this.ersattningar(obs.belopp, (r) => this.amount(r), (d, r) => tkr(d.dividedBy(r.v.factor!), r));
    for (const [ersattning, { value, ref, parts }] of amounts) {
      const values: Record<string, string> = { period: ar, ersattning, kon: obs.kon, belopp_kr: value === null ? "" : kr(value), status: value === null ? "saknas" : "" };
      const locs: Record<string, Omit<ErrorLocation, "file">> = { period: periodLoc(ref), ersattning: this.loc(ref), kon: konLoc(ref), belopp_kr: this.loc(ref), status: this.loc(ref) };
      if (region.typ === "kommun") {
        acceptUtbetalning(new MappedRecord(file, { kommunkod: region.kod, ...values }, { kommunkod: this.loc(region.kodRef), ...locs }, { line: ref.row.line }), this.ctx);
      } else if (region.typ === "riket" || region.typ === "lan") {
        acceptRegionUtbetalning(new MappedRecord(file, { regionkod: region.kod, ...values }, { regionkod: this.loc(region.kodRef), ...locs }, { line: ref.row.line }), this.ctx);
      } else {
        acceptUtbetalningDelomrade(
          new MappedRecord(file, { kommunkod: region.kommunkod!, typ: region.typ, kod: region.kod, ...values }, { kommunkod: this.loc(region.kommunRef), typ: this.loc(region.kodRef), kod: this.loc(region.kodRef), ...locs }, { line: ref.row.line }),
          this.ctx,
        );
      }
      for (const [del, pref, pvalue] of parts ?? []) {
        acceptUtbetalningDel(
          new MappedRecord(
            file,
            { ...regionValues(), period: ar, ersattning, del, kon: obs.kon, belopp_kr: pvalue === null ? "" : kr(pvalue), status: pvalue === null ? "saknas" : "" },
            { ...regionLocs(), period: periodLoc(pref), ersattning: this.loc(pref), del: this.loc(pref), kon: konLoc(pref), belopp_kr: this.loc(pref), status: this.loc(pref) },
            { line: pref.row.line },
          ),
          this.ctx,
        );
      }
    }

    // Population of the age band.
    if (obs.befolkning) {
      const ref = obs.befolkning;
      const d = this.number(ref, "ett antal invånare (heltal), eller .. / - / x för ett saknat värde");
      if (d !== null && !d.isInteger()) this.fail(ref, quoteFound(cellText(ref.row.cells[ref.col])), "ett antal invånare: ett heltal");
      const band = ref.v.band!;
      acceptBefolkningAngiven(
        new MappedRecord(
          file,
          { ...regionValues(), ar, kon: obs.kon, alder_fran: String(band.fran), alder_till: String(band.till), antal: d === null ? "" : d.toFixed(), status: d === null ? "saknas" : "" },
          { ...regionLocs(), ar: periodLoc(ref), kon: konLoc(ref), alder_fran: this.loc(ref), alder_till: this.loc(ref), antal: this.loc(ref), status: this.loc(ref) },
          { line: ref.row.line },
        ),
        this.ctx,
      );
    }

    // Helårsekvivalenter.
    const hek = this.ersattningar(obs.helars, (r) => this.helarsekvivalenter(r), (d) => sv(d));
    for (const [ersattning, { value, ref }] of hek) {
      const band = ref.v.band ?? null;
      acceptHelarsekvivalentAr(
        new MappedRecord(
          file,
          {
            ...regionValues(), ar, ersattning, kon: obs.kon,
            alder_fran: band ? String(band.fran) : "", alder_till: band ? String(band.till) : "",
            helarsekvivalenter: value === null ? "" : value.toFixed(), status: value === null ? "saknas" : "",
          },
          { ...regionLocs(), ar: periodLoc(ref), ersattning: this.loc(ref), kon: konLoc(ref), alder_fran: this.loc(ref), alder_till: this.loc(ref), helarsekvivalenter: this.loc(ref), status: this.loc(ref) },
          { line: ref.row.line },
        ),
        this.ctx,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Reading a table

function yearAndKon(layout: Layout, row: TableRow): Pick<Obs, "ar" | "arRef" | "kon" | "konRef"> {
  const { meta, table, headers } = layout;
  let ar = layout.ar?.ar ?? 0;
  let arRef: Ref | undefined;
  if (meta.ar !== undefined) {
    arRef = { row, col: meta.ar };
    const t = codeText(row.cells[meta.ar]);
    if (!/^\d{4}$/.test(t)) throw cellError(table, row, meta.ar, headers[meta.ar], quoteFound(t), "ett år med fyra siffror, t.ex. 2023");
    ar = Number(t);
  }
  let kon: Kon = "T";
  let konRef: Ref | undefined;
  if (meta.kon !== undefined) {
    konRef = { row, col: meta.kon };
    const t = cellText(row.cells[meta.kon]);
    const k = resolveKon(t);
    if (!k) throw cellError(table, row, meta.kon, headers[meta.kon], quoteFound(t), "Kvinnor, Män eller Totalt (K, M, T)");
    kon = k;
  }
  return { ar, arRef, kon, konRef };
}

/** A footnote or a repeated header below the data: a row with a single text cell, or the header texts again. */
function isNoteRow(layout: Layout, row: TableRow): boolean {
  const texts = rowTexts(row);
  const filled = texts.filter((t) => t !== "");
  if (filled.length === 1 && typeof row.cells[texts.findIndex((t) => t !== "")] === "string") return true;
  return texts.every((t, i) => t === "" || h(t) === h(layout.headers[i] ?? ""));
}

function readLayout(layout: Layout, ctx: AcceptContext): Reader {
  if (layout.problem) throw layout.problem;
  const reader = new Reader(layout, ctx);
  const { table, headers, meta } = layout;
  const rows = table.rows.slice(layout.headerIndex + 1).filter((r) => !r.cells.every((c) => cellText(c) === "") && !isNoteRow(layout, r));
  if (layout.form === "bred") {
    for (const row of rows) {
      reader.read++;
      const obs: Obs = { row, ...yearAndKon(layout, row), belopp: new Map(), helars: new Map() };
      for (const v of layout.belopp) obs.belopp.set(v.roll!, { row, col: v.col, v });
      for (const v of layout.helars) obs.helars.set(v.roll!, { row, col: v.col, v });
      if (layout.befolkning) obs.befolkning = { row, col: layout.befolkning.col, v: layout.befolkning };
      reader.emit(obs);
    }
    return reader;
  }
  // Long: rows of one region × year × kön belong together; the Förmån column says what each value is.
  const groups = new Map<string, Obs>();
  const regionCols = [meta.regiontyp, meta.regionkod, meta.regionnamn, meta.kommun].filter((c) => c !== undefined) as number[];
  for (const row of rows) {
    reader.read++;
    const yk = yearAndKon(layout, row);
    const key = [...regionCols.map((c) => h(codeText(row.cells[c]))), yk.ar, yk.kon].join("\u0001");
    let obs = groups.get(key);
    if (!obs) groups.set(key, (obs = { row, ...yk, belopp: new Map(), helars: new Map() }));
    const formanCol = meta.forman!;
    const formanText = cellText(row.cells[formanCol]);
    const mapped = layout.mapping?.finsam?.formanVarden.get(foldLabel(formanText));
    const guess: RollGuess = mapped ? { roll: mapped } : rollOf(formanText);
    if (!guess) throw cellError(table, row, formanCol, headers[formanCol], quoteFound(formanText), "en förmån i försörjningsmåttet (Sjukpenning, Sjukersättning, Aktivitetsersättning, Arbetslöshetsersättning, Aktivitetsstöd, Etableringsersättning, Försörjningsstöd), en grupp (Ohälsa, Arbetsmarknadsstöd, Ekonomiskt bistånd) eller Totalt");
    if ("delforman" in guess) throw cellError(table, row, formanCol, headers[formanCol], quoteFound(formanText), `${guess.delforman} inräknad i ${guess.ingar}, som i SCB:s leverans på finsam.se`);
    for (const [list, target] of [[layout.belopp, obs.belopp], [layout.helars, obs.helars]] as const) {
      for (const v of list) {
        if (target.has(guess.roll)) throw cellError(table, row, formanCol, headers[formanCol], `${quoteFound(formanText)} en gång till för samma region, år och kön (första gången på rad ${target.get(guess.roll)!.row.line})`, "en rad per region, år, kön och förmån");
        target.set(guess.roll, { row, col: v.col, v });
      }
    }
    // The population repeats on every row of the region: read it once, and it must be the same everywhere.
    if (layout.befolkning) {
      const ref = { row, col: layout.befolkning.col, v: layout.befolkning };
      if (!obs.befolkning) obs.befolkning = ref;
      else if (cellText(row.cells[ref.col]) !== cellText(obs.befolkning.row.cells[ref.col])) {
        throw cellError(table, row, ref.col, headers[ref.col], quoteFound(cellText(row.cells[ref.col])), `samma antal invånare som på rad ${obs.befolkning.row.line} för samma region, år och kön (${cellText(obs.befolkning.row.cells[ref.col])})`);
      }
    }
  }
  // In a long file "Ekonomiskt bistånd" is the group when Försörjningsstöd is a förmån of its own.
  const ekbIsGroup = [...groups.values()].some((o) => o.belopp.has("forsorjningsstod") || o.helars.has("forsorjningsstod"));
  reader.ekbIsGroup = ekbIsGroup;
  for (const obs of groups.values()) reader.emit(obs);
  return reader;
}

// ---------------------------------------------------------------------------------------------------------------
// The adapter

function summary(file: SourceFile, layout: Layout, reader: Reader): string {
  const { table } = layout;
  const where = `${file.relative}${table.sheet ? `, blad ${table.sheet}` : ""}`;
  const parts: string[] = [];
  const counts = [...reader.regions.counts.entries()].map(([typ, n]) => `${TYP_NAMN[typ][n === 1 ? 0 : 1]} ${n}`);
  parts.push(`${layout.mapping ? `mappningen "${layout.mapping.namn}" (${displayPath(layout.mapping.file)})` : "SCB:s försörjningsmått"}, ${layout.form === "bred" ? "en kolumn per förmån" : "en rad per förmån"}: ${reader.read} rader (${counts.join(", ")})`);
  const years = [...reader.years].sort();
  parts.push(`år ${years.length > 1 ? `${years[0]}–${years[years.length - 1]}` : years[0] ?? "–"} ${layout.ar ? `från ${layout.ar.kalla}` : `från kolumnen ${layout.headers[layout.meta.ar!]}`}`);
  const hur = [...reader.regions.kommunHur.entries()].map(([how, n]) => `${n} efter ${how}`);
  if (hur.length) parts.push(`kommunrader ${hur.join(", ")}`);
  const enheter = [...new Set(layout.belopp.map((v) => `${v.enhet} × ${v.factor}`))];
  if (enheter.length) parts.push(`belopp i ${enheter.join(", ")} (exakt)`);
  const rolls = new Set(layout.belopp.map((v) => v.roll));
  if (rolls.has("sjukersattning") !== rolls.has("aktivitetsersattning") && !rolls.has("sjuk_och_aktivitetsersattning")) {
    parts.push("bara en av sjukersättning och aktivitetsersättning finns, så sjuk- och aktivitetsersättning lästes inte in");
  }
  if (layout.befolkning?.band) parts.push(`invånare ${layout.befolkning.band.fran}–${layout.befolkning.band.till} år`);
  if (layout.helars.length) parts.push("helårsekvivalenter");
  if (reader.groupsChecked.size) parts.push(`${[...reader.groupsChecked].join(", ")} kontrollerade mot sina delar (inte sparade)`);
  if (layout.ignorerade.length) parts.push(`lästes inte in: ${layout.ignorerade.join("; ")} (genomsnitt och antal individer sparas inte)`);
  if (layout.okanda.length) parts.push(`okända kolumner som inte lästes: ${layout.okanda.join("; ")}`);
  if (reader.regions.forbundUtanKommun.size) parts.push(`förbunden ${[...reader.regions.forbundUtanKommun].join(", ")} nämner ingen kommun och har lagts under Göteborg (1480), vars fyra förbund leveransen enligt finsam.se redovisar`);
  if (reader.floatTails) parts.push(`${reader.floatTails} tal med binära avrundningsrester lästa som Excel visar dem (15 siffror)`);
  return `${where}: ${parts.join("; ")}.`;
}

function canRead(file: SourceFile): boolean {
  return isXlsx(file) || isDelimitedText(file);
}

export const scbFinsam: SourceAdapter = {
  id: "scb-finsam",
  namn: "SCB:s försörjningsmått (finsam.se-leveransen, Excel)",
  detect(file) {
    if (!canRead(file)) return { ok: false, reason: "varken XLSX eller textfil" };
    const tables = peekTables(file);
    if (findMapping(file, tables)) return { ok: true };
    return tables.some((t) => findBuiltInLayout(file, t))
      ? { ok: true }
      : { ok: false, reason: 'ingen rubrikrad med region och minst tre förmåner i försörjningsmåttet (eller Förmån och belopp); en annan layout kan läras in med en mappningsfil med mal "scb_forsorjningsmatt"' };
  },
  async read(file, ctx) {
    const mapping = findMapping(file, peekTables(file));
    const tables = await readTables(file, mapping?.avgransare);
    const layouts: Layout[] = [];
    const skipped: string[] = [];
    if (mapping) {
      const table = mappingMatches(mapping, file, tables);
      if (!table) throw new IngestError({ file: file.path }, "en fil vars rubrikrad inte går att hitta vid full läsning", `rubrikerna ${mapping.kolumner.join(", ")}`);
      layouts.push(mappedLayout(mapping, table));
    } else {
      for (const table of tables) {
        const layout = findBuiltInLayout(file, table);
        if (layout) layouts.push(layout);
        else if (table.sheet) skipped.push(table.sheet);
      }
    }
    let read = 0;
    for (const layout of layouts) {
      const reader = readLayout(layout, ctx);
      read += reader.read;
      ctx.data.notes.add(summary(file, layout, reader));
    }
    if (skipped.length && layouts.length) ctx.data.notes.add(`${file.relative}: ${skipped.length === 1 ? "bladet" : "bladen"} ${skipped.join(", ")} ${skipped.length === 1 ? "har ingen tabell" : "har inga tabeller"} i försörjningsmåttets form och lästes inte.`);
    return read;
  },
};
