// SUS-style exports of insatser and deltagare as a förbund holds them: an Excel workbook (one table per sheet) or a
// CSV saved from Excel (`;` or `,`, UTF-8 with or without BOM, or Windows-1252). Recognised by content: a header row
// (within the first 15 rows of a table) that names the insats and, after the aliases in data/alias/sus.json
// (FORSORJNING_SUS_ALIAS overrides the path), the columns of one of five tables — deltagare, insatser, budget,
// anonymous counts, and counts from Uppföljning Finsam. See data/alias/README.md for the table shapes.
//
// ASSUMPTION (shared/research/sus.md §4–5): no real column headers of SUS downloads or Uppföljning Finsam exports
// were found. The headers are modelled on SUS's field labels; the Uppföljning Finsam layout (per insats and year,
// Kvinnor/Män/Totalt columns or Kön + Antal) is our own. Analysts extend the aliases without code.
//
// Every row becomes a record with canonical field names and values for the shared validation
// (loaders/canonical/accept-insatser.ts), each field pointing at its cell, so errors name file, cell or line and
// column, the value found and what was expected. An unknown label names the alias file to extend. Personnummer are
// masked in any message (birth date and ****).
import fs from "node:fs";
import path from "node:path";
import Decimal from "decimal.js";
import {
  acceptDeltagare,
  acceptDeltagareAnonyma,
  acceptDeltagareAntal,
  acceptInsats,
  acceptInsatsEkonomi,
  type InsatsContext,
} from "../canonical/accept-insatser.ts";
import { FieldRecord } from "../canonical/record.ts";
import { PROJECT_ROOT } from "../config.ts";
import { displayPath, type ErrorLocation, IngestError, quoteFound, UsageError } from "../errors.ts";
import { FORSORJNING_IDS, INRIKTNINGAR, MATNINGSMETODER, SYSSELSATTNING, SYSSELSATTNING_IDS } from "../insatser/kodlistor.ts";
import { maskeraPersonnummerIText } from "../insatser/personnummer.ts";
import { decodeText, parseNumber } from "./common.ts";
import type { SourceAdapter, SourceFile } from "./types.ts";
import {
  type CellValue,
  type Table,
  type TableRow,
  cellError,
  cellLocation,
  cellText,
  ExactNumber,
  isDelimitedText,
  isXlsx,
  peekTables,
  readXlsxTables,
  rowTexts,
  sniffTextSeparator,
} from "./xlsx.ts";

export const ALIAS_FIL = path.join(PROJECT_ROOT, "data", "alias", "sus.json");

/** The alias file in use (FORSORJNING_SUS_ALIAS for another file, e.g. in tests). */
export function aliasFil(): string {
  return process.env.FORSORJNING_SUS_ALIAS ? path.resolve(process.env.FORSORJNING_SUS_ALIAS) : ALIAS_FIL;
}

const FALT = [
  "personnummer", "deltagare_id", "insats_id", "insats_namn", "forbund_id", "kon", "fodelsear", "kommunkod",
  "startdatum", "slutdatum", "avslutsanledning", "forsorjning_fore", "forsorjning_efter", "sysselsattning_fore",
  "sysselsattning_efter", "inriktning", "matningsmetod", "malgrupp", "planerade_deltagare", "ar", "budgettyp",
  "budget_kr", "utfall_kr", "anonyma_kvinnor", "anonyma_man", "anonyma_antal", "kvinnor", "man", "totalt", "antal",
] as const;
type Falt = (typeof FALT)[number];

const VARDETYPER = ["kon", "forsorjning", "sysselsattning", "inriktning", "matningsmetod", "avslutsanledning"] as const;
type Vardetyp = (typeof VARDETYPER)[number];
const VARDE_NAMN: Record<Vardetyp, string> = {
  kon: "kön",
  forsorjning: "försörjningskälla",
  sysselsattning: "sysselsättning",
  inriktning: "inriktning",
  matningsmetod: "mätningsmetod",
  avslutsanledning: "avslutsanledning",
};
const GILTIGA: Record<Exclude<Vardetyp, "avslutsanledning">, Set<string>> = {
  kon: new Set(["K", "M"]),
  forsorjning: FORSORJNING_IDS,
  sysselsattning: SYSSELSATTNING_IDS,
  inriktning: new Set(INRIKTNINGAR),
  matningsmetod: new Set(MATNINGSMETODER),
};

const nycklar = new Map<string, string>();

/** Lower case, without diacritics and without anything but letters and digits: how headers and labels compare. */
export function nyckel(text: string): string {
  let k = nycklar.get(text);
  if (k === undefined) {
    k = text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "");
    // Labels repeat in every row: remember them (a bounded cache, so free text cannot grow it without end).
    if (nycklar.size < 50_000) nycklar.set(text, k);
  }
  return k;
}

export interface Alias {
  fil: string;
  rubriker: Map<string, Falt>;
  borttagna: Set<string>;
  varden: Record<Vardetyp, Map<string, string>>;
  /** The labels of each value type as written in the file, for messages. */
  etiketter: Record<Vardetyp, string[]>;
}

let cached: { fil: string; mtimeMs: number; alias: Alias } | undefined;

/** Reads and checks the alias file (cached while unchanged). A broken file is a clear UsageError naming it. */
export function lasAlias(fil: string = aliasFil()): Alias {
  const mtimeMs = fs.existsSync(fil) ? fs.statSync(fil).mtimeMs : -1;
  if (cached && cached.fil === fil && cached.mtimeMs === mtimeMs) return cached.alias;
  const fel = (vad: string) => new UsageError(`Aliasfilen ${displayPath(fil)} går inte att använda: ${vad}.`);
  if (mtimeMs < 0) throw fel("filen finns inte");
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(fil, "utf8"));
  } catch (err) {
    throw fel(`den är inte giltig JSON (${(err as Error).message})`);
  }
  const obj = json as { rubriker?: Record<string, unknown>; borttagna?: unknown; varden?: Record<string, Record<string, unknown>> };
  const strings = (v: unknown, where: string): string[] => {
    if (!Array.isArray(v) || v.some((s) => typeof s !== "string")) throw fel(`${where} ska vara en lista av texter`);
    return v as string[];
  };
  const rubriker = new Map<string, Falt>();
  for (const [falt, list] of Object.entries(obj.rubriker ?? {})) {
    if (!(FALT as readonly string[]).includes(falt)) throw fel(`rubriker.${falt} är inget känt fält (kända: ${FALT.join(", ")})`);
    for (const r of strings(list, `rubriker.${falt}`)) {
      const k = nyckel(r);
      const other = rubriker.get(k);
      if (other && other !== falt) throw fel(`rubriken "${r}" står både under ${other} och ${falt}`);
      rubriker.set(k, falt as Falt);
    }
  }
  const borttagna = new Set(strings(obj.borttagna ?? [], "borttagna").map(nyckel));
  const varden = {} as Alias["varden"];
  const etiketter = {} as Alias["etiketter"];
  for (const typ of VARDETYPER) {
    varden[typ] = new Map();
    etiketter[typ] = [];
    for (const [varde, list] of Object.entries(obj.varden?.[typ] ?? {})) {
      if (typ !== "avslutsanledning" && !GILTIGA[typ].has(varde)) {
        throw fel(`varden.${typ}.${varde} är inget kanoniskt värde (kända: ${[...GILTIGA[typ]].join(", ")})`);
      }
      for (const e of strings(list, `varden.${typ}.${varde}`)) {
        const k = nyckel(e);
        const other = varden[typ].get(k);
        if (other !== undefined && other !== varde) throw fel(`etiketten "${e}" står både under ${other} och ${varde} i varden.${typ}`);
        varden[typ].set(k, varde);
        etiketter[typ].push(e);
      }
    }
  }
  const alias: Alias = { fil, rubriker, borttagna, varden, etiketter };
  cached = { fil, mtimeMs, alias };
  return alias;
}

// ---------------------------------------------------------------------------------------------------------------
// Tables and their kinds

type Slag = "deltagare" | "insatser" | "ekonomi" | "anonyma" | "antal";
const SLAG_NAMN: Record<Slag, string> = {
  deltagare: "deltagare",
  insatser: "insatser",
  ekonomi: "budget och utfall",
  anonyma: "anonyma deltagare",
  antal: "antal deltagare (Uppföljning Finsam)",
};

interface Layout {
  table: Table;
  headerIndex: number;
  slag: Slag;
  headers: string[];
  cols: Partial<Record<Falt, number>>;
  borttagna: string[];
  olasta: string[];
}

/** The field a header names: as written, or without a unit ("Budget (tkr)", "Utfall kr"). */
function faltFor(header: string, alias: Alias): Falt | "borttagen" | undefined {
  const k = nyckel(header);
  if (!k) return undefined;
  if (alias.borttagna.has(k)) return "borttagen";
  const direct = alias.rubriker.get(k);
  if (direct) return direct;
  const utanEnhet = nyckel(header.replace(/\([^)]*\)/g, " ").replace(/\b(tkr|kr|kronor|sek|mkr|mnkr|tusental|1000-tal|1 000-tal)\b/gi, " "));
  return utanEnhet && utanEnhet !== k ? alias.rubriker.get(utanEnhet) : undefined;
}

function slagFor(cols: Partial<Record<Falt, number>>): Slag | undefined {
  const has = (f: Falt) => cols[f] !== undefined;
  const insats = has("insats_id") || has("insats_namn");
  if (!insats) return undefined;
  if (has("startdatum") && (has("personnummer") || has("deltagare_id"))) return "deltagare";
  if (has("ar") && (has("budget_kr") || has("utfall_kr"))) return "ekonomi";
  if (has("ar") && (has("anonyma_kvinnor") || has("anonyma_man") || (has("kon") && has("anonyma_antal")))) return "anonyma";
  if (has("ar") && (has("kvinnor") || has("man") || has("totalt") || (has("kon") && has("antal")))) return "antal";
  if (has("insats_id") && ["insats_namn", "forbund_id", "inriktning", "matningsmetod", "malgrupp", "planerade_deltagare"].some((f) => has(f as Falt))) return "insatser";
  return undefined;
}

/** How far down a table its header row may be (titles above it are allowed). */
const HEADER_ROWS = 15;

function layoutOf(table: Table, alias: Alias): Layout | undefined {
  for (let i = 0; i < Math.min(HEADER_ROWS, table.rows.length); i++) {
    const headers = rowTexts(table.rows[i]);
    const cols: Partial<Record<Falt, number>> = {};
    const borttagna: string[] = [];
    const olasta: string[] = [];
    headers.forEach((h, c) => {
      const f = faltFor(h, alias);
      if (f === "borttagen") borttagna.push(h);
      else if (f && cols[f] === undefined) cols[f] = c;
      else if (h) olasta.push(h);
    });
    const slag = slagFor(cols);
    if (slag) return { table, headerIndex: i, slag, headers, cols, borttagna, olasta };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Records

/** A row of a SUS table as canonical fields, each pointing at its cell. */
class SusRecord extends FieldRecord {
  constructor(
    private readonly table: Table,
    private readonly row: TableRow,
    private readonly headers: string[],
    private readonly values: Record<string, string>,
    private readonly cols: Record<string, number>,
  ) {
    super(table.file);
  }

  get(field: string): string {
    return (this.values[field] ?? "").trim();
  }

  has(field: string): boolean {
    return field in this.values;
  }

  where(field: string): ErrorLocation {
    const c = this.cols[field];
    if (c === undefined) return { file: this.file, line: this.row.line };
    return { file: this.file, ...cellLocation(this.table, this.row, c, this.headers[c]) };
  }

  get line(): number {
    return this.row.line;
  }
}

/** Reads the rows of one recognised table, handing each record to the shared validation. */
class TableReader {
  private readonly slashOrder = new Map<number, "dm" | "md">();
  private readonly unitNoted = new Set<number>();

  constructor(
    private readonly layout: Layout,
    private readonly alias: Alias,
    private readonly ctx: InsatsContext,
    /** The data rows below the header, from the start each time it is called (a text file is read as a stream). */
    private readonly dataRows: () => Iterable<TableRow>,
  ) {}

  private get table(): Table {
    return this.layout.table;
  }

  private fail(row: TableRow, col: number, found: string, expected: string): never {
    throw cellError(this.table, row, col, this.layout.headers[col], found, expected);
  }

  /** A label through the alias file; unknown labels are refused, naming the file to extend. */
  private label(typ: Vardetyp, row: TableRow, col: number, text: string): string {
    const v = this.alias.varden[typ].get(nyckel(text));
    if (v !== undefined) return v;
    const known = this.alias.etiketter[typ];
    this.fail(
      row,
      col,
      `${quoteFound(text)} (en okänd etikett för ${VARDE_NAMN[typ]})`,
      `en av ${known.slice(0, 12).join(", ")}${known.length > 12 ? " …" : ""} — eller lägg till "${text}" under varden.${typ} i ${displayPath(this.alias.fil)}`,
    );
  }

  /** Several labels in one cell, separated by , | or ; (a whole-cell label is tried first). */
  private labels(typ: Vardetyp, row: TableRow, col: number, text: string): string[] {
    const whole = this.alias.varden[typ].get(nyckel(text));
    if (whole !== undefined) return [whole];
    const out: string[] = [];
    for (const part of text.split(/[|,;]/).map((p) => p.trim()).filter(Boolean)) {
      const v = this.label(typ, row, col, part);
      if (!out.includes(v)) out.push(v);
    }
    return out;
  }

  /** A date cell as YYYY-MM-DD: an Excel date, YYYY-MM-DD (with a time), YYYYMMDD, D.M.YYYY, or D/M/YYYY and
   * M/D/YYYY when the column tells which (some day above 12); else the text as it is, for the validation to refuse. */
  private datum(row: TableRow, col: number, cell: CellValue): string {
    const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
    if (cell instanceof Date) return iso(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate());
    if (cell instanceof ExactNumber && this.table.kind === "xlsx" && /^\d+(\.\d+)?$/.test(cell.text)) {
      // A date cell without a date format: Excel's serial day number (1900 system).
      const d = new Date(Date.UTC(1899, 11, 30) + Math.floor(Number(cell.text)) * 86_400_000);
      return iso(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
    }
    const t = cellText(cell);
    let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$/.exec(t);
    if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
    m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
    if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
    m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?: .*)?$/.exec(t);
    if (m) return iso(Number(m[3]), Number(m[2]), Number(m[1]));
    m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: .*)?$/.exec(t);
    if (m) {
      const order = this.slashOrderOf(row, col);
      return order === "dm" ? iso(Number(m[3]), Number(m[2]), Number(m[1])) : iso(Number(m[3]), Number(m[1]), Number(m[2]));
    }
    if (t !== "" && !/^\d{4}-/.test(t)) {
      this.fail(row, col, quoteFound(t), "ett datum: ÅÅÅÅ-MM-DD, ÅÅÅÅMMDD, D.M.ÅÅÅÅ, en datumcell i Excel, eller D/M/ÅÅÅÅ där kolumnen visar vad som är dag (någon dag över 12)");
    }
    return t;
  }

  /** Whether a column's slash dates are day/month or month/day: decided by the whole column, never guessed. */
  private slashOrderOf(row: TableRow, col: number): "dm" | "md" {
    const known = this.slashOrder.get(col);
    if (known) return known;
    let dm: TableRow | undefined;
    let md: TableRow | undefined;
    for (const r of this.dataRows()) {
      const m = /^(\d{1,2})\/(\d{1,2})\/\d{4}/.exec(cellText(r.cells[col]));
      if (!m) continue;
      if (Number(m[1]) > 12) dm ??= r;
      if (Number(m[2]) > 12) md ??= r;
    }
    if (dm && md) {
      this.fail(md, col, `${quoteFound(cellText(md.cells[col]))}, medan ${quoteFound(cellText(dm.cells[col]))} på rad ${dm.line} har dagen först`, "samma datumformat i hela kolumnen (helst ÅÅÅÅ-MM-DD)");
    }
    if (!dm && !md) {
      this.fail(row, col, `${quoteFound(cellText(row.cells[col]))}, där ingen dag i kolumnen är över 12 så att dag och månad inte går att skilja åt`, "datum skrivna ÅÅÅÅ-MM-DD (spara kolumnen med det formatet i Excel)");
    }
    const order = dm ? "dm" : "md";
    this.slashOrder.set(col, order);
    return order;
  }

  /** A whole number as text ("12", "12,0" → "12"); anything else as written, for the validation to refuse. */
  private heltal(cell: CellValue): string {
    if (cell instanceof ExactNumber) return /^\d+(\.0+)?$/.test(cell.text) ? cell.text.replace(/\.0+$/, "") : cell.text;
    const t = cellText(cell);
    const n = parseNumber(t);
    return n !== null && n !== undefined && /^\d+$/.test(n) ? n : t;
  }

  /** An amount in kronor as exact decimal text, scaled from the header's unit (tkr × 1000). */
  private belopp(field: Falt, cell: CellValue): string {
    const header = this.layout.headers[this.layout.cols[field]!];
    const t = cellText(cell);
    if (t === "") return "";
    const n = cell instanceof ExactNumber ? (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(cell.text) ? new Decimal(cell.text).toFixed() : undefined) : parseNumber(t);
    if (n === null || n === undefined) return t;
    // The unit from the header's words ("Budget (tkr)", "Utfall, tusental kronor"); "Budget kr" is kronor.
    const h = header.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    const factor = /\btkr\b|\btusental\b|\b1 ?000-?tal\b/.test(h) ? 1000 : /\bmkr\b|\bmnkr\b|\bmiljoner\b/.test(h) ? 1_000_000 : 1;
    const col = this.layout.cols[field]!;
    if (factor === 1 && !/\bkr\b|kronor|\bsek\b/i.test(header) && !this.unitNoted.has(col)) {
      this.unitNoted.add(col);
      this.ctx.data.notes.add(`${this.ctx.data.files[this.ctx.fileId].fil}: kolumnen ${header} har ingen enhet i rubriken och lästes som kronor (skriv t.ex. "${header} (tkr)" för tusental kronor).`);
    }
    return new Decimal(n).times(factor).toFixed();
  }

  private value(field: Falt, row: TableRow, col: number): string {
    const cell = row.cells[col] ?? null;
    const text = cellText(cell);
    switch (field) {
      case "kon":
        return text === "" ? "" : this.label("kon", row, col, text);
      case "inriktning":
      case "matningsmetod":
        return text === "" ? "" : this.label(field, row, col, text);
      case "avslutsanledning":
        return text === "" ? "" : (this.alias.varden.avslutsanledning.get(nyckel(text)) ?? text);
      case "forsorjning_fore":
      case "forsorjning_efter":
        return text === "" ? "" : this.labels("forsorjning", row, col, text).join("|");
      case "sysselsattning_fore":
      case "sysselsattning_efter": {
        if (text === "") return "";
        const ids = this.labels("sysselsattning", row, col, text);
        if (ids.length > 1) this.ctx.data.insatser.anmarkning(this.ctx.fileId, "flera sysselsättningar i en cell; den högsta i ordningen förvärvsarbete > studier > arbetssökande > annan > ingen användes");
        return SYSSELSATTNING.find((s) => ids.includes(s.id))!.id;
      }
      case "startdatum":
      case "slutdatum":
        return this.datum(row, col, cell);
      case "fodelsear":
      case "ar":
      case "planerade_deltagare":
      case "anonyma_kvinnor":
      case "anonyma_man":
      case "anonyma_antal":
      case "kvinnor":
      case "man":
      case "totalt":
      case "antal":
        return this.heltal(cell);
      case "budget_kr":
      case "utfall_kr":
        return this.belopp(field, cell);
      default:
        return text;
    }
  }

  /** The record of a row over the given fields (only those the table has), renamed where asked. */
  private record(row: TableRow, fields: Falt[], rename: Partial<Record<Falt, string>> = {}, extra: Record<string, [string, number]> = {}): SusRecord {
    const values: Record<string, string> = {};
    const cols: Record<string, number> = {};
    for (const f of fields) {
      const c = this.layout.cols[f];
      if (c === undefined) continue;
      const name = rename[f] ?? f;
      values[name] = this.value(f, row, c);
      cols[name] = c;
    }
    for (const [name, [value, col]] of Object.entries(extra)) {
      values[name] = value;
      cols[name] = col;
    }
    return new SusRecord(this.table, row, this.layout.headers, values, cols);
  }

  /** The insats a row names: its id, or its name where the table has no id column. */
  private get insatsFalt(): Partial<Record<Falt, string>> {
    return this.layout.cols.insats_id === undefined ? { insats_namn: "insats_id" } : {};
  }

  private insatsFields(): Falt[] {
    return this.layout.cols.insats_id === undefined ? ["insats_namn"] : ["insats_id"];
  }

  read(): number {
    const { slag, cols } = this.layout;
    let n = 0;
    for (const row of this.dataRows()) {
      if (row.cells.every((c) => cellText(c) === "")) continue;
      n++;
      switch (slag) {
        case "deltagare":
          acceptDeltagare(
            this.record(row, [
              ...this.insatsFields(), "personnummer", "deltagare_id", "kon", "fodelsear", "kommunkod", "startdatum", "slutdatum", "avslutsanledning",
              "forsorjning_fore", "forsorjning_efter", "sysselsattning_fore", "sysselsattning_efter",
            ], this.insatsFalt),
            this.ctx,
          );
          break;
        case "insatser":
          acceptInsats(
            this.record(row, ["insats_id", "forbund_id", "insats_namn", "inriktning", "matningsmetod", "startdatum", "slutdatum", "malgrupp", "planerade_deltagare"]),
            this.ctx,
          );
          break;
        case "ekonomi":
          acceptInsatsEkonomi(this.record(row, [...this.insatsFields(), "ar", "budgettyp", "budget_kr", "utfall_kr"], this.insatsFalt), this.ctx);
          break;
        case "anonyma":
        case "antal": {
          const accept = slag === "anonyma" ? acceptDeltagareAnonyma : (r: FieldRecord, c: InsatsContext) => acceptDeltagareAntal(r, c, "uppfoljning_finsam");
          const wide: [Falt, "K" | "M" | "T"][] =
            slag === "anonyma" ? [["anonyma_kvinnor", "K"], ["anonyma_man", "M"]] : [["kvinnor", "K"], ["man", "M"], ["totalt", "T"]];
          const longCount: Falt = slag === "anonyma" ? "anonyma_antal" : "antal";
          if (cols.kon !== undefined && cols[longCount] !== undefined) {
            const konText = cellText(row.cells[cols.kon]);
            const k = slag === "antal" && /^(t|totalt|samtliga|alla|kvinnorochman|bada)$/.test(nyckel(konText)) ? "T" : konText === "" ? "" : this.label("kon", row, cols.kon, konText);
            accept(this.record(row, [...this.insatsFields(), "ar"], this.insatsFalt, { kon: [k, cols.kon], antal: [this.heltal(row.cells[cols[longCount]!] ?? null), cols[longCount]!] }), this.ctx);
          } else {
            for (const [falt, k] of wide) {
              const c = cols[falt];
              if (c === undefined || cellText(row.cells[c]) === "") continue;
              accept(this.record(row, [...this.insatsFields(), "ar"], this.insatsFalt, { kon: [k, c], antal: [this.heltal(row.cells[c] ?? null), c] }), this.ctx);
            }
          }
          break;
        }
      }
    }
    return n;
  }
}

/**
 * The records of delimited text, one at a time, each with the line it starts on: fields separated by `separator`,
 * records by CRLF or LF; a field that starts with " runs to the next lone " ("" inside is one "), and may hold the
 * separator and line breaks. A quote inside an unquoted field is an ordinary character (as Excel writes it).
 */
export function* delimitedRows(file: string, text: string, separator: string): Generator<TableRow> {
  const n = text.length;
  const sep = separator.charCodeAt(0);
  let i = 0;
  let line = 1;
  while (i < n) {
    const startLine = line;
    const cells: CellValue[] = [];
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === 34) {
        // A quoted field.
        let buf = "";
        let j = i + 1;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q === -1) {
            throw new IngestError(
              { file, line: startLine },
              "ett citattecken som öppnas men aldrig stängs före filens slut",
              'korrekt citerade fält: ett fält som börjar med " slutar med " följt av avgränsaren eller radslut, och " inuti fältet skrivs ""',
            );
          }
          const part = text.slice(j, q);
          for (let k = part.indexOf("\n"); k !== -1; k = part.indexOf("\n", k + 1)) line++;
          buf += part;
          if (text.charCodeAt(q + 1) === 34) {
            buf += '"';
            j = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        // Characters between the closing quote and the separator are kept as written.
        let k = i;
        while (k < n && text.charCodeAt(k) !== sep && text.charCodeAt(k) !== 10 && text.charCodeAt(k) !== 13) k++;
        value = buf + text.slice(i, k);
        i = k;
      } else {
        let k = i;
        while (k < n) {
          const c = text.charCodeAt(k);
          if (c === sep || c === 10 || c === 13) break;
          k++;
        }
        value = text.slice(i, k);
        i = k;
      }
      cells.push(value === "" ? null : value);
      if (i < n && text.charCodeAt(i) === sep) {
        i++;
        continue;
      }
      if (i < n && text.charCodeAt(i) === 13) i++;
      if (i < n && text.charCodeAt(i) === 10) i++;
      line++;
      break;
    }
    yield { line: startLine, cells };
  }
}

function layouts(tables: Table[], alias: Alias): Layout[] {
  return tables.map((t) => layoutOf(t, alias)).filter((l): l is Layout => l !== undefined);
}

/** A message with any personnummer in it masked (a number in the wrong column must not reach a log). */
function masked(err: unknown): unknown {
  if (!(err instanceof IngestError)) return err;
  const found = maskeraPersonnummerIText(err.found);
  const expected = maskeraPersonnummerIText(err.expected);
  return found === err.found && expected === err.expected ? err : new IngestError(err.location, found, expected);
}

export const sus: SourceAdapter = {
  id: "sus",
  namn: "SUS-liknande export av insatser och deltagare, och antal från Uppföljning Finsam (XLSX eller CSV)",
  detect(file: SourceFile) {
    if (!isXlsx(file) && !isDelimitedText(file)) return { ok: false, reason: "varken XLSX eller textfil" };
    const found = layouts(peekTables(file), lasAlias());
    if (found.length === 0) {
      return { ok: false, reason: `ingen rubrikrad med insats och kolumner för deltagare, insatser, budget eller antal (rubrikerna står i ${displayPath(aliasFil())})` };
    }
    return { ok: true };
  },
  async read(file, ctx) {
    const alias = lasAlias();
    let tables: Table[];
    let dataRows: (layout: Layout) => () => Iterable<TableRow>;
    if (isXlsx(file)) {
      tables = await readXlsxTables(file);
      dataRows = (layout) => () => layout.table.rows.slice(layout.headerIndex + 1);
    } else {
      // Text is read as a stream of rows: a large export is never held as a table (the header comes from the start).
      const text = decodeText(file.bytes).text;
      const separator = sniffTextSeparator(text);
      const head: TableRow[] = [];
      for (const row of delimitedRows(file.path, text, separator)) if (head.push(row) >= HEADER_ROWS) break;
      tables = [{ file: file.path, kind: "csv", sheet: null, rows: head }];
      dataRows = (layout) =>
        function* () {
          let i = 0;
          for (const row of delimitedRows(file.path, text, separator)) if (i++ > layout.headerIndex) yield row;
        };
    }
    const found = layouts(tables, alias);
    const stats = ctx.data.insatser.statistik(ctx.fileId);
    let n = 0;
    for (const layout of found) {
      for (const h of layout.borttagna) stats.borttagna.add(h);
      for (const h of layout.olasta) stats.olasta.add(h);
      const where = layout.table.sheet ? `bladet ${layout.table.sheet}` : "tabellen";
      ctx.data.notes.add(`${ctx.data.files[ctx.fileId].fil}: ${where} lästes som ${SLAG_NAMN[layout.slag]} (rubriker på rad ${layout.table.rows[layout.headerIndex].line}).`);
      try {
        n += new TableReader(layout, alias, ctx, dataRows(layout)).read();
      } catch (err) {
        throw masked(err);
      }
    }
    for (const t of tables) {
      if (t.sheet && !found.some((l) => l.table === t) && t.rows.some((r) => r.cells.some((c) => cellText(c) !== ""))) {
        ctx.data.insatser.anmarkning(ctx.fileId, `bladet ${t.sheet} känns inte igen som en tabell över insatser eller deltagare och lästes inte`);
      }
    }
    return n;
  },
};
