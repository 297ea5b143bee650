// Long tables (one row per region × period × kön × förmån, a belopp column) and the header-mapping files that
// let an analyst teach the ingest a new layout without code.
//
// readLongTable() is the engine: Försäkringskassan's and the a-kassa adapters build a LongSpec from the header
// they recognise, and a mapping file (data/mappings/*.json, or any *.mapping.json in the data directory) builds
// one from JSON. Every row becomes a MappedRecord for the shared validation (acceptUtbetalning,
// acceptRegionUtbetalning, acceptMottagare), with each field's cell or line and column, so a bad value is
// reported where it is. The schema of mapping files is documented in data/mappings/README.md.
import fs from "node:fs";
import path from "node:path";
import Decimal from "decimal.js";
import { type AcceptContext, type Kon, acceptMottagare, acceptRegionUtbetalning, acceptUtbetalning, STATUSAR } from "../canonical/accept.ts";
import { MappedRecord } from "../canonical/record.ts";
import { ERSATTNINGAR, type ErsattningId, PROJECT_ROOT } from "../config.ts";
import { displayPath, type ErrorLocation, IngestError, quoteFound } from "../errors.ts";
import { isMissingSymbol, monthFromName, resolveKon, resolveRegion, scaleDecimal } from "./common.ts";
import { FINSAM_MAL, FINSAM_TOP_KEYS, type FinsamMapping, parseFinsamMapping } from "./scb-finsam-mapping.ts";
import type { SourceAdapter, SourceFile } from "./types.ts";
import {
  type CellValue,
  type Table,
  type TableRow,
  cellError,
  cellLocation,
  cellNumber,
  cellText,
  isDelimitedText,
  isXlsx,
  peekTables,
  readTables,
  rowTexts,
} from "./xlsx.ts";

// ---------------------------------------------------------------------------------------------------------------
// Ersättningar and units named in text

/** Lower case without diacritics, so "Aktivitetsstöd", "aktivitetsstod" and "AKTIVITETSSTÖD" compare alike. */
export function fold(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

/** Benefits that are not part of försörjningsmåttet: a file about them is not read. */
const EXCLUDED: [RegExp, string][] = [
  [/tillfallig foraldrapenning|vard av barn|\bvab\b|tfp/, "tillfällig föräldrapenning (VAB)"],
  [/foraldrapenning|graviditetspenning|\bfp[a-z]*antal/, "föräldrapenning"],
  [/narstaendepenning/, "närståendepenning"],
  [/bostadsbidrag|bostadstillagg/, "bostadsbidrag/bostadstillägg"],
  [/barnbidrag|underhallsstod/, "barnbidrag/underhållsstöd"],
  [/assistansersattning|omvardnadsbidrag|merkostnadsersattning/, "assistans- eller merkostnadsersättning"],
  [/ohalsotal|sjukpenningtal/, "ohälsotal/sjukpenningtal (dagar, inte kronor)"],
];

const INCLUDED: [RegExp, ErsattningId][] = [
  [/sjuk.?och.?aktivitetsersattning|sjukersattning|aktivitetsersattning|\bsa[-_ ]?bestand|(^|[^a-z])sa([^a-z]|$)/, "sjuk_och_aktivitetsersattning"],
  [/sjukpenning|rehabiliteringspenning|\bsjp\b/, "sjukpenning"],
  [/aktivitetsstod|utvecklingsersattning/, "aktivitetsstod"],
  [/etableringsersattning|etableringstillagg/, "etableringsersattning"],
  [/arbetsloshetsersattning|arbetsloshetskass|a-?kassa|\biaf\b/, "arbetsloshetsersattning"],
  [/ekonomiskt.?bistand|forsorjningsstod/, "ekonomiskt_bistand"],
];

export type ErsattningGuess = { id: ErsattningId } | { excluded: string } | null;

/** The ersättning a text (a Förmån cell, a title, a sheet or file name) names, a benefit outside the measure, or null. */
export function ersattningFromText(text: string): ErsattningGuess {
  const t = fold(text).trim();
  if (!t) return null;
  const id = ERSATTNINGAR.find((e) => e.id === t);
  if (id) return { id: id.id };
  for (const [re, name] of EXCLUDED) if (re.test(t)) return { excluded: name };
  for (const [re, e] of INCLUDED) if (re.test(t)) return { id: e };
  return null;
}

/** A total over categories ("Samtliga", "Totalt", "Alla åldrar"). */
export function isTotalLabel(text: string): boolean {
  return /^(samtliga|totalt|total|alla|summa)\b/.test(fold(text).trim());
}

/** The factor from a unit written in a column header: tkr / 1000-tal kr / tusental kronor → 1000; kr → 1; mkr → 10⁶. */
export function unitFactor(header: string): { factor: number; enhet: string } | null {
  const t = fold(header);
  if (/\btkr\b|1 ?000-?tal|tusental|\btusen\b|\bksek\b/.test(t)) return { factor: 1000, enhet: "tkr" };
  if (/\bmkr\b|\bmiljoner\b|\bmnkr\b|\bmsek\b/.test(t)) return { factor: 1_000_000, enhet: "mkr" };
  if (/\bkr\b|\bkronor\b|\bsek\b/.test(t)) return { factor: 1, enhet: "kr" };
  return null;
}

export const ENHETER: Record<string, number> = { kr: 1, tkr: 1000, mkr: 1_000_000 };

// ---------------------------------------------------------------------------------------------------------------
// Periods in cells

/** A month cell: "09", "9", 9, "september" → 1–12; a total ("Helår", "Samtliga månader") → "ar"; else null. */
function monthOf(value: CellValue | undefined): number | "ar" | null {
  const t = cellText(value);
  if (/^\d{1,2}$/.test(t) && Number(t) >= 1 && Number(t) <= 12) return Number(t);
  const byName = monthFromName(t);
  if (byName) return byName;
  if (/^(helar|hela aret|samtliga|totalt|alla manader|ar)\b/.test(fold(t))) return "ar";
  return null;
}

/** A period cell: 2024-01, 2024-1, 2024M01, 202401, 2024H1, 2024 → canonical period text, or null. */
export function periodFromText(text: string): string | null {
  const t = text.trim();
  const m = /^(\d{4})(?:-|M|m|\/)(\d{1,2})$/.exec(t) ?? /^(\d{4})(\d{2})$/.exec(t);
  if (m) return Number(m[2]) >= 1 && Number(m[2]) <= 12 ? `${m[1]}-${m[2].padStart(2, "0")}` : null;
  const h = /^(\d{4})\s*[Hh]([12])$/.exec(t);
  if (h) return `${h[1]}H${h[2]}`;
  if (/^\d{4}$/.test(t)) return t;
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// The long-table engine

export interface LongSpec {
  /** Name of the layout, for notes ("Försäkringskassan", a mapping file's namn). */
  namn: string;
  mal: "utbetalningar" | "mottagare";
  /** 0-based index of the header row in table.rows. */
  headerIndex: number;
  kommun?: number;
  lan?: number;
  period: { ar: number; manad?: number } | { period: number };
  kon?: number;
  konstantKon?: Kon;
  /** Only rows where this column holds a total ("Samtliga 16-64 år") are read; age bands are skipped. */
  alder?: number;
  /** Other breakdown columns (Diagnoskapitel, Omfattning, …): only their total rows are read. */
  totaler?: number[];
  /** Per-row ersättning (Förmån/Delförmån column); parts of one ersättning are summed. */
  ersattningKolumn?: number;
  /** The ersättning of the whole file (title, sheet or file name, or a mapping's constant). */
  ersattning?: ErsattningId;
  /** Where the file-level ersättning was read, for the message when it is missing. */
  ersattningKalla?: string;
  belopp?: { column: number; factor: number; enhet: string };
  antal?: number;
  status?: number;
  /** Rows kept only where these columns hold one of these values. */
  endast?: { column: number; values: string[] }[];
  /** Read län and riket rows as published totals (utbetalningar only). */
  regionRader: boolean;
}

/** Column index of the first header matching. */
export function findColumn(headers: string[], test: RegExp | ((h: string) => boolean)): number | undefined {
  const i = headers.findIndex((h) => (typeof test === "function" ? test(h) : test.test(h)));
  return i === -1 ? undefined : i;
}

/** The first row (of the first `limit`) whose cells satisfy `test`. */
export function findHeaderRow(table: Table, test: (headers: string[]) => boolean, limit = 25): number | undefined {
  for (let i = 0; i < Math.min(limit, table.rows.length); i++) if (test(rowTexts(table.rows[i]))) return i;
  return undefined;
}

/** Text of the rows above the header (titles), for naming the ersättning. */
export function titleText(table: Table, headerIndex: number): string {
  return table.rows.slice(0, headerIndex).flatMap((r) => rowTexts(r)).filter(Boolean).join(" ");
}

const UNKNOWN_REGION = /okand|uppgift saknas|ej kand|utlandet|ovriga|ospecificerad|^saknas$/;

type Region = { regiontyp: "kommun" | "lan" | "riket"; kod: string };

interface Pending {
  values: Record<string, string>;
  locations: Record<string, Omit<ErrorLocation, "file">>;
  recordLocation: Omit<ErrorLocation, "file">;
  regiontyp: "kommun" | "lan" | "riket";
  parts: string[];
  sum: Decimal | null;
  status: string;
}

/**
 * Reads the data rows below spec.headerIndex. Rows end at the first row whose period cell is empty (notes and
 * footnotes follow tables). Returns the number of data rows read.
 */
export function readLongTable(table: Table, spec: LongSpec, ctx: AcceptContext): number {
  const headers = rowTexts(table.rows[spec.headerIndex]);
  const file = table.file;
  const where = (row: TableRow, col: number) => cellLocation(table, row, col, headers[col]);
  const fail = (row: TableRow, col: number, found: string, expected: string): never => {
    throw cellError(table, row, col, headers[col], found, expected);
  };
  const firstPeriodCol = "period" in spec.period ? spec.period.period : spec.period.ar;
  const pending = new Map<string, Pending>();
  const skipped = { alder: 0, breakdown: new Set<string>(), region: new Set<string>(), excluded: new Set<string>(), totals: new Set<string>(), regionMottagare: 0 };
  let read = 0;

  for (const row of table.rows.slice(spec.headerIndex + 1)) {
    const cell = (col: number | undefined) => (col === undefined ? null : row.cells[col] ?? null);
    const text = (col: number | undefined) => cellText(cell(col));
    if (row.cells.every((c) => cellText(c) === "")) continue;
    if (text(firstPeriodCol) === "") break;
    read++;
    if (spec.endast?.some((f) => !f.values.some((v) => fold(v) === fold(text(f.column))))) continue;
    if (spec.alder !== undefined && !isTotalLabel(text(spec.alder))) {
      skipped.alder++;
      continue;
    }
    const breakdown = spec.totaler?.find((c) => !isTotalLabel(text(c)));
    if (breakdown !== undefined) {
      skipped.breakdown.add(headers[breakdown]);
      continue;
    }

    // Region: a kommun row only when the Kommun cell names a kommun; FK's län rows repeat the län there.
    let region: Region | null = null;
    let regionCol = spec.kommun ?? spec.lan!;
    const kommunText = text(spec.kommun);
    const lanText = text(spec.lan);
    if (spec.kommun !== undefined && /^\d{4}(\D|$)/.test(kommunText)) {
      region = resolveRegion(kommunText, ctx.ref) ?? { regiontyp: "kommun", kod: kommunText.slice(0, 4) };
    } else {
      const label = kommunText && kommunText !== lanText ? kommunText : lanText || kommunText;
      regionCol = kommunText && kommunText !== lanText ? spec.kommun! : (spec.lan ?? spec.kommun!);
      if (label === "") fail(row, regionCol, quoteFound(label), "en kommun, ett län eller Riket");
      region = resolveRegion(label, ctx.ref);
      if (!region) {
        if (UNKNOWN_REGION.test(fold(label))) {
          skipped.region.add(label);
          continue;
        }
        fail(row, regionCol, quoteFound(label), "en kommun (kod eller namn, t.ex. 0180 eller 0180 Stockholm), ett län (t.ex. 01 Stockholms län) eller Riket");
      }
    }
    if (region!.regiontyp !== "kommun" && (!spec.regionRader || spec.mal !== "utbetalningar")) {
      skipped.regionMottagare++;
      continue;
    }

    // Period
    let period: string | null;
    let periodCol: number;
    if ("period" in spec.period) {
      periodCol = spec.period.period;
      const c = cell(periodCol);
      // A month Excel turned into a date (2024-01 → 2024-01-01) is read back as that month.
      period = c instanceof Date ? `${c.getUTCFullYear()}-${String(c.getUTCMonth() + 1).padStart(2, "0")}` : periodFromText(text(periodCol));
      if (!period) fail(row, periodCol, quoteFound(text(periodCol)), "en period som 2024-01, 2024M01, 202401, 2024H1 eller ett år 2024");
    } else {
      const ar = text(spec.period.ar);
      if (!/^\d{4}$/.test(ar)) fail(row, spec.period.ar, quoteFound(ar), "ett år med fyra siffror, t.ex. 2024");
      periodCol = spec.period.ar;
      if (spec.period.manad === undefined) period = ar;
      else {
        periodCol = spec.period.manad;
        const m = monthOf(cell(spec.period.manad));
        if (m === null) fail(row, spec.period.manad, quoteFound(text(spec.period.manad)), "en månad 01–12 eller ett månadsnamn (januari … december)");
        period = m === "ar" ? ar : `${ar}-${String(m).padStart(2, "0")}`;
      }
    }

    // Kön
    let kon: Kon | null = spec.konstantKon ?? "T";
    if (spec.kon !== undefined) {
      kon = resolveKon(text(spec.kon));
      if (!kon) fail(row, spec.kon, quoteFound(text(spec.kon)), "Kvinnor, Män eller Kvinnor och män (K, M, T)");
    }

    // Ersättning
    let ersattning = spec.ersattning;
    let part = "";
    if (spec.ersattningKolumn !== undefined) {
      part = text(spec.ersattningKolumn);
      const guess = ersattningFromText(part);
      if (guess && "excluded" in guess) {
        skipped.excluded.add(part);
        continue;
      }
      if (!guess) {
        if (isTotalLabel(part)) {
          skipped.totals.add(part);
          continue;
        }
        fail(row, spec.ersattningKolumn, quoteFound(part), `en förmån i försörjningsmåttet: ${ERSATTNINGAR.map((e) => `${e.namn.toLowerCase()} (${e.id})`).join(", ")}`);
      }
      ersattning = guess!.id;
    }
    if (!ersattning) {
      const col = spec.belopp?.column ?? spec.antal ?? 0;
      throw new IngestError(
        { file, ...where(table.rows[spec.headerIndex], col) },
        `ingen förmån${spec.ersattningKalla ? ` i ${spec.ersattningKalla}` : ""}`,
        "att filen säger vilken förmån beloppen gäller: en kolumn Förmån/Delförmån, eller förmånens namn i titeln, bladnamnet eller filnamnet (t.ex. sjukpenning_belopp_2024.xlsx); eller en mappningsfil i data/mappings/ med konstanter.ersattning",
      );
    }

    // Value
    const valueCol = spec.mal === "utbetalningar" ? spec.belopp!.column : spec.antal!;
    const raw = cell(valueCol);
    let status = "";
    if (spec.status !== undefined) {
      const s = fold(text(spec.status));
      status = /rojd|undertryck|sekretess/.test(s) ? "undertryckt" : /saknas|bortfall/.test(s) ? "saknas" : /prel/.test(s) ? "preliminar" : s;
      if (!(STATUSAR as readonly string[]).includes(status)) fail(row, spec.status, quoteFound(text(spec.status)), `ett tomt fält eller en av ${STATUSAR.filter(Boolean).join(", ")}`);
    }
    let value: string | null = null;
    const number = cellNumber(raw);
    if (number === undefined) {
      if (/^(x|\.\.|-|--|…)$/i.test(cellText(raw)) || isMissingSymbol(cellText(raw))) value = null;
      else fail(row, valueCol, quoteFound(cellText(raw)), spec.mal === "utbetalningar" ? `ett belopp i ${spec.belopp!.enhet} (t.ex. 151665 eller 151 665,5), eller -- / .. för ett saknat värde` : "ett antal (heltal), eller -- / .. för ett saknat värde");
    } else value = number;
    if (value === null && status === "") status = "saknas";
    if (value !== null && (status === "saknas" || status === "undertryckt")) value = null;
    if (value !== null && spec.mal === "utbetalningar") value = scaleDecimal(value, spec.belopp!.factor);

    const regionField = region!.regiontyp === "kommun" ? "kommunkod" : "regionkod";
    const valueField = spec.mal === "utbetalningar" ? "belopp_kr" : "antal";
    const values: Record<string, string> = { [regionField]: region!.kod, period: period!, ersattning, kon: kon!, [valueField]: value ?? "", status };
    const locations: Record<string, Omit<ErrorLocation, "file">> = {
      [regionField]: where(row, regionCol),
      period: where(row, periodCol),
      ersattning: where(row, spec.ersattningKolumn ?? valueCol),
      kon: where(row, spec.kon ?? valueCol),
      [valueField]: where(row, valueCol),
      status: where(row, spec.status ?? valueCol),
    };
    const recordLocation = { line: row.line };
    const key = `${region!.regiontyp}|${region!.kod}|${period}|${ersattning}|${kon}`;
    const seen = pending.get(key);
    if (seen && spec.ersattningKolumn !== undefined && !seen.parts.includes(part)) {
      // Parts of one ersättning (sjukpenning + rehabiliteringspenning): summed exactly; a missing part makes the sum missing.
      seen.parts.push(part);
      if (seen.sum !== null && value !== null) {
        seen.sum = seen.sum.plus(value);
        if (status === "preliminar") seen.status = "preliminar";
      } else if (seen.sum !== null) {
        seen.sum = null;
        seen.status = status || "saknas";
      }
      continue;
    }
    const entry: Pending = { values, locations, recordLocation, regiontyp: region!.regiontyp, parts: [part], sum: value === null ? null : new Decimal(value), status };
    if (seen) {
      // A second row for the same key: hand both, in file order, to the shared validation, which names both rows.
      pending.delete(key);
      accept(seen, ctx, file, spec);
      accept(entry, ctx, file, spec);
      continue;
    }
    pending.set(key, entry);
  }

  for (const entry of pending.values()) {
    if (entry.parts.length > 1) {
      const field = spec.mal === "utbetalningar" ? "belopp_kr" : "antal";
      entry.values[field] = entry.sum === null ? "" : entry.sum.toFixed();
      entry.values.status = entry.sum === null && entry.status !== "undertryckt" ? "saknas" : entry.status;
      ctx.data.notes.add(`${displayPath(file)}: ${entry.parts.join(" + ")} har summerats till ${entry.values.ersattning}.`);
    }
    accept(entry, ctx, file, spec);
  }
  const name = displayPath(file);
  if (skipped.alder) ctx.data.notes.add(`${name}: ${skipped.alder} rader för åldersgrupper hoppades över; bara raden för alla åldrar (Samtliga) läses in.`);
  if (skipped.breakdown.size) ctx.data.notes.add(`${name}: rader uppdelade på ${[...skipped.breakdown].join(", ")} hoppades över; bara summaraderna (Samtliga/Totalt) läses in.`);
  if (skipped.region.size) ctx.data.notes.add(`${name}: rader utan kommun (${[...skipped.region].join(", ")}) lästes inte in; de ingår i läns- och riksvärden men inte i någon kommun.`);
  if (skipped.excluded.size) ctx.data.notes.add(`${name}: ${[...skipped.excluded].join(", ")} ingår inte i försörjningsmåttet och lästes inte in.`);
  if (skipped.totals.size) ctx.data.notes.add(`${name}: summaraderna ${[...skipped.totals].join(", ")} lästes inte in; delförmånerna summeras i stället.`);
  if (skipped.regionMottagare && spec.mal === "mottagare") ctx.data.notes.add(`${name}: ${skipped.regionMottagare} rader för län och riket lästes inte in (mottagare sparas per kommun).`);
  return read;
}

function accept(entry: Pending, ctx: AcceptContext, file: string, spec: LongSpec): void {
  const rec = new MappedRecord(file, entry.values, entry.locations, entry.recordLocation);
  if (spec.mal === "mottagare") acceptMottagare(rec, ctx);
  else if (entry.regiontyp === "kommun") acceptUtbetalning(rec, ctx);
  else acceptRegionUtbetalning(rec, ctx);
}

// ---------------------------------------------------------------------------------------------------------------
// Mapping files

export interface Mapping {
  file: string;
  namn: string;
  kolumner: string[];
  filnamn?: RegExp;
  blad?: string;
  mal: "utbetalningar" | "mottagare" | typeof FINSAM_MAL;
  rubrikrad?: number;
  avgransare?: "," | ";" | "\t";
  falt: {
    kommunkod: string;
    lan?: string;
    period?: string;
    ar?: string;
    manad?: string;
    kon?: string;
    ersattning?: string;
    alder?: string;
    belopp_kr?: { kolumn: string; enhet: string };
    antal?: string;
    status?: string;
  };
  konstanter: { ersattning?: ErsattningId; kon?: Kon };
  endast: { kolumn: string; varden: string[] }[];
  /** A mapping for SCB's försörjningsmått delivery (mal "scb_forsorjningsmatt"), read by scb-finsam.ts. */
  finsam?: FinsamMapping;
}

const TOP_KEYS = ["namn", "beskrivning", "kanner_igen", "mal", "rubrikrad", "avgransare", "blad", "kolumner", "konstanter", "endast"];
const COLUMN_KEYS = ["kommunkod", "lan", "period", "ar", "manad", "kon", "ersattning", "alder", "belopp_kr", "antal", "status"];

/** Reads and checks a mapping file; every problem names the file, the JSON path, what was found and what was expected. */
export function parseMapping(file: string, text: string): Mapping {
  const err = (p: string, found: string, expected: string) => new IngestError({ file, path: p }, found, expected);
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    throw new IngestError({ file }, `JSON som inte går att tolka (${(e as Error).message})`, "ett giltigt JSON-objekt, se data/mappings/README.md");
  }
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  const show = (v: unknown) => (v === undefined ? "inget värde" : quoteFound(typeof v === "string" ? v : JSON.stringify(v)));
  if (!isObj(json)) throw err("$", show(json), "ett JSON-objekt med namn, kanner_igen, mal och kolumner");
  const topKeys = json.mal === FINSAM_MAL ? [...TOP_KEYS, ...FINSAM_TOP_KEYS] : TOP_KEYS;
  for (const k of Object.keys(json)) if (!topKeys.includes(k)) throw err(k, `den okända nyckeln ${quoteFound(k)}`, `en av ${topKeys.join(", ")}`);
  const str = (v: unknown, p: string, expected: string): string => {
    if (typeof v !== "string" || v.trim() === "") throw err(p, show(v), expected);
    return v.trim();
  };
  const namn = str(json.namn, "namn", "ett namn på layouten (text)");
  if (!isObj(json.kanner_igen)) throw err("kanner_igen", show(json.kanner_igen), 'ett objekt, t.ex. {"kolumner": ["Kommun", "Period", "Belopp tkr"]}');
  for (const k of Object.keys(json.kanner_igen)) if (!["kolumner", "filnamn", "blad"].includes(k)) throw err(`kanner_igen.${k}`, `den okända nyckeln ${quoteFound(k)}`, "kolumner, filnamn eller blad");
  const kk = json.kanner_igen.kolumner;
  if (!Array.isArray(kk) || kk.length === 0) throw err("kanner_igen.kolumner", show(kk), "en lista med minst en kolumnrubrik som filen ska ha");
  const kolumner = kk.map((c, i) => str(c, `kanner_igen.kolumner[${i}]`, "en kolumnrubrik (text)"));
  let filnamn: RegExp | undefined;
  if (json.kanner_igen.filnamn !== undefined) {
    const f = str(json.kanner_igen.filnamn, "kanner_igen.filnamn", "ett filnamnsmönster, t.ex. iaf_*.csv");
    filnamn = new RegExp(`^${f.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
  }
  const blad = json.kanner_igen.blad === undefined ? undefined : str(json.kanner_igen.blad, "kanner_igen.blad", "bladets namn");
  if (json.blad !== undefined) throw err("blad", show(json.blad), "bladet anges under kanner_igen.blad");
  const mal = json.mal;
  if (mal !== "utbetalningar" && mal !== "mottagare" && mal !== FINSAM_MAL) throw err("mal", show(mal), `"utbetalningar" (belopp), "mottagare" (antal) eller "${FINSAM_MAL}" (SCB:s försörjningsmått, finsam.se)`);
  let rubrikrad: number | undefined;
  if (json.rubrikrad !== undefined) {
    if (!Number.isInteger(json.rubrikrad) || (json.rubrikrad as number) < 1) throw err("rubrikrad", show(json.rubrikrad), "radnumret för kolumnrubrikerna, ett heltal från 1");
    rubrikrad = json.rubrikrad as number;
  }
  let avgransare: Mapping["avgransare"];
  if (json.avgransare !== undefined) {
    const a = json.avgransare === "tab" || json.avgransare === "\\t" ? "\t" : json.avgransare;
    if (a !== "," && a !== ";" && a !== "\t") throw err("avgransare", show(json.avgransare), '";", "," eller "tab"');
    avgransare = a;
  }
  if (mal === FINSAM_MAL) {
    return { file, namn, kolumner, filnamn, blad, mal, rubrikrad, avgransare, falt: { kommunkod: "" }, konstanter: {}, endast: [], finsam: parseFinsamMapping(file, json) };
  }
  if (!isObj(json.kolumner)) throw err("kolumner", show(json.kolumner), 'ett objekt som säger vilken kolumn som är vad, t.ex. {"kommunkod": "Kommun", "period": "Period", "belopp_kr": {"kolumn": "Belopp tkr", "enhet": "tkr"}}');
  const kol = json.kolumner;
  for (const k of Object.keys(kol)) if (!COLUMN_KEYS.includes(k)) throw err(`kolumner.${k}`, `den okända nyckeln ${quoteFound(k)}`, `en av ${COLUMN_KEYS.join(", ")}`);
  const colName = (k: string, required: boolean): string | undefined => {
    if (kol[k] === undefined && !required) return undefined;
    return str(kol[k], `kolumner.${k}`, "kolumnens rubrik i filen (text)");
  };
  const falt: Mapping["falt"] = { kommunkod: colName("kommunkod", true)! };
  for (const k of ["lan", "period", "ar", "manad", "kon", "ersattning", "alder", "antal", "status"] as const) falt[k] = colName(k, false);
  if (falt.period === undefined && falt.ar === undefined) throw err("kolumner.period", "varken period eller ar", 'en kolumn "period" (2024-01, 2024M01, 2024H1 eller 2024), eller kolumnerna "ar" och "manad"');
  if (falt.period !== undefined && (falt.ar !== undefined || falt.manad !== undefined)) throw err("kolumner.period", "både period och ar/manad", "antingen period eller ar (med manad), inte båda");
  if (falt.manad !== undefined && falt.ar === undefined) throw err("kolumner.ar", "inget värde", "en kolumn för året när manad anges");
  if (mal === "utbetalningar") {
    const b = kol.belopp_kr;
    if (typeof b === "string") throw err("kolumner.belopp_kr", show(b), `ett objekt med kolumn och enhet, t.ex. {"kolumn": ${JSON.stringify(b)}, "enhet": "tkr"} (enheten måste anges: ${Object.keys(ENHETER).join(", ")})`);
    if (!isObj(b)) throw err("kolumner.belopp_kr", show(b), '{"kolumn": "<rubrik>", "enhet": "kr" | "tkr" | "mkr"}');
    for (const k of Object.keys(b)) if (!["kolumn", "enhet"].includes(k)) throw err(`kolumner.belopp_kr.${k}`, `den okända nyckeln ${quoteFound(k)}`, "kolumn eller enhet");
    const kolumn = str(b.kolumn, "kolumner.belopp_kr.kolumn", "beloppskolumnens rubrik i filen");
    if (typeof b.enhet !== "string" || !(b.enhet in ENHETER)) throw err("kolumner.belopp_kr.enhet", show(b.enhet), `en av ${Object.keys(ENHETER).map((e) => `"${e}"`).join(", ")} (tkr = tusental kronor, räknas om till kronor ×1000)`);
    falt.belopp_kr = { kolumn, enhet: b.enhet };
  } else {
    if (falt.antal === undefined) throw err("kolumner.antal", "inget värde", "antalskolumnens rubrik när mal är mottagare");
    if (kol.belopp_kr !== undefined) throw err("kolumner.belopp_kr", show(kol.belopp_kr), "ingen beloppskolumn när mal är mottagare");
  }
  const konstanter: Mapping["konstanter"] = {};
  if (json.konstanter !== undefined) {
    if (!isObj(json.konstanter)) throw err("konstanter", show(json.konstanter), 'ett objekt, t.ex. {"ersattning": "arbetsloshetsersattning", "kon": "T"}');
    for (const [k, v] of Object.entries(json.konstanter)) {
      if (k === "ersattning") {
        if (typeof v !== "string" || !ERSATTNINGAR.some((e) => e.id === v)) throw err("konstanter.ersattning", show(v), `en av ${ERSATTNINGAR.map((e) => e.id).join(", ")}`);
        konstanter.ersattning = v as ErsattningId;
      } else if (k === "kon") {
        if (v !== "K" && v !== "M" && v !== "T") throw err("konstanter.kon", show(v), '"K", "M" eller "T"');
        konstanter.kon = v;
      } else throw err(`konstanter.${k}`, `den okända nyckeln ${quoteFound(k)}`, "ersattning eller kon");
    }
  }
  if (falt.ersattning === undefined && !konstanter.ersattning) throw err("konstanter.ersattning", "inget värde", "en kolumn kolumner.ersattning eller en konstant konstanter.ersattning (t.ex. arbetsloshetsersattning)");
  if (falt.kon !== undefined && konstanter.kon) throw err("konstanter.kon", show(konstanter.kon), "antingen kolumner.kon eller konstanter.kon, inte båda");
  const endast: Mapping["endast"] = [];
  if (json.endast !== undefined) {
    if (!isObj(json.endast)) throw err("endast", show(json.endast), 'ett objekt {"<kolumn>": "<värde>" eller ["<värde>", …]}');
    for (const [k, v] of Object.entries(json.endast)) {
      const list = typeof v === "string" ? [v] : Array.isArray(v) && v.every((x) => typeof x === "string") && v.length ? (v as string[]) : null;
      if (!list) throw err(`endast.${k}`, show(v), "ett värde eller en lista med värden (text)");
      endast.push({ kolumn: k, varden: list });
    }
  }
  return { file, namn, kolumner, filnamn, blad, mal, rubrikrad, avgransare, falt, konstanter, endast };
}

const sameHeader = (a: string, b: string) => fold(a).replace(/\s+/g, " ").trim() === fold(b).replace(/\s+/g, " ").trim();

/** The header row of a mapping in a table: its rubrikrad, or the first row holding every kanner_igen column. */
export function mappingHeader(m: Mapping, table: Table): number | undefined {
  const has = (headers: string[]) => m.kolumner.every((k) => headers.some((h) => sameHeader(h, k)));
  if (m.rubrikrad !== undefined) {
    const i = table.rows.findIndex((r) => r.line === m.rubrikrad);
    return i !== -1 && has(rowTexts(table.rows[i])) ? i : undefined;
  }
  return findHeaderRow(table, has);
}

export function mappingMatches(m: Mapping, file: SourceFile, tables: Table[]): Table | undefined {
  if (m.filnamn && !m.filnamn.test(file.name)) return undefined;
  return tables.find((t) => (!m.blad || t.sheet === m.blad) && mappingHeader(m, t) !== undefined);
}

/** Builds the engine's spec for a table the mapping matched; a column the mapping names but the file lacks is an error. */
function mappingSpec(m: Mapping, table: Table): LongSpec {
  const headerIndex = mappingHeader(m, table)!;
  const headerRow = table.rows[headerIndex];
  const headers = rowTexts(headerRow);
  const col = (name: string | undefined, key: string): number | undefined => {
    if (name === undefined) return undefined;
    const i = headers.findIndex((h) => sameHeader(h, name));
    if (i === -1) {
      throw new IngestError(
        { file: table.file, ...(table.kind === "xlsx" ? { cell: `rad ${headerRow.line}${table.sheet ? ` (blad ${table.sheet})` : ""}` } : { line: headerRow.line }) },
        `rubrikraden ${quoteFound(headers.filter(Boolean).join(", "))} utan kolumnen ${quoteFound(name)}`,
        `kolumnen som mappningsfilen ${displayPath(m.file)} anger i kolumner.${key}`,
      );
    }
    return i;
  };
  const f = m.falt;
  return {
    namn: m.namn,
    mal: m.mal as LongSpec["mal"],
    headerIndex,
    kommun: col(f.kommunkod, "kommunkod"),
    lan: col(f.lan, "lan"),
    period: f.period !== undefined ? { period: col(f.period, "period")! } : { ar: col(f.ar, "ar")!, manad: col(f.manad, "manad") },
    kon: col(f.kon, "kon"),
    konstantKon: m.konstanter.kon,
    alder: col(f.alder, "alder"),
    ersattningKolumn: col(f.ersattning, "ersattning"),
    ersattning: m.konstanter.ersattning,
    belopp: f.belopp_kr ? { column: col(f.belopp_kr.kolumn, "belopp_kr.kolumn")!, factor: ENHETER[f.belopp_kr.enhet], enhet: f.belopp_kr.enhet } : undefined,
    antal: col(f.antal, "antal"),
    status: col(f.status, "status"),
    endast: m.endast.map((e) => ({ column: col(e.kolumn, `endast.${e.kolumn}`)!, values: e.varden })),
    regionRader: true,
  };
}

/** The project's own mapping files (data/mappings/*.json). */
export const MAPPINGS_DIR = path.join(PROJECT_ROOT, "data", "mappings");

export const isMappingFileName = (name: string) => /\.mapping\.json$/i.test(name);

export function dataDirOf(file: SourceFile): string {
  const parts = file.relative.split("/").length;
  let dir = file.path;
  for (let i = 0; i < parts; i++) dir = path.dirname(dir);
  return dir;
}

/** The mapping files per data directory while an ingest runs (see withMappingList). */
let listed: Map<string, string[]> | null = null;

/**
 * Lists each data directory's mapping files once while `run` runs (an ingest: its files do not change meanwhile, and
 * every file's detection would otherwise walk the whole directory again).
 */
export async function withMappingList<T>(run: () => Promise<T>): Promise<T> {
  const outer = listed;
  listed ??= new Map();
  try {
    return await run();
  } finally {
    listed = outer;
  }
}

function listMappingFiles(dataDir: string): string[] {
  const known = listed?.get(dataDir);
  if (known) return known;
  const found = walkMappingFiles(dataDir);
  listed?.set(dataDir, found);
  return found;
}

function walkMappingFiles(dataDir: string): string[] {
  const own: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (e.name.startsWith(".") || e.name === "node_modules") continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (isMappingFileName(e.name)) own.push(full);
    }
  };
  if (fs.existsSync(dataDir)) walk(dataDir);
  const project = fs.existsSync(MAPPINGS_DIR)
    ? fs.readdirSync(MAPPINGS_DIR).filter((n) => n.endsWith(".json")).sort().map((n) => path.join(MAPPINGS_DIR, n))
    : [];
  return [...own, ...project.filter((p) => !own.includes(p))];
}

const parsedMappings = new Map<string, { mtimeMs: number; size: number; mapping: Mapping }>();

/** Every mapping that applies to files in a data directory: its own *.mapping.json files first, then data/mappings/. */
export function loadMappings(dataDir: string): Mapping[] {
  return listMappingFiles(dataDir).map((p) => {
    const st = fs.statSync(p);
    const cached = parsedMappings.get(p);
    if (cached && cached.mtimeMs === st.mtimeMs && cached.size === st.size) return cached.mapping;
    const mapping = parseMapping(p, fs.readFileSync(p, "utf8"));
    parsedMappings.set(p, { mtimeMs: st.mtimeMs, size: st.size, mapping });
    return mapping;
  });
}

function findMapping(file: SourceFile, tables: Table[]): { mapping: Mapping; table: Table } | undefined {
  for (const mapping of loadMappings(dataDirOf(file))) {
    if (mapping.finsam) continue; // read by the försörjningsmått adapter (scb-finsam.ts)
    const sep = mapping.avgransare;
    const candidates = sep && isDelimitedText(file) ? peekTables(file, sep) : tables;
    const table = mappingMatches(mapping, file, candidates);
    if (table) return { mapping, table };
  }
  return undefined;
}

export const mappingAdapter: SourceAdapter = {
  id: "mappning",
  namn: "Egen kolumnmappning (data/mappings/*.json eller *.mapping.json i datakatalogen)",
  detect(file) {
    if (isMappingFileName(file.name)) {
      parseMapping(file.path, file.bytes.toString("utf8")); // a broken mapping is refused as clearly as bad data
      return { ok: true };
    }
    if (!isXlsx(file) && !isDelimitedText(file)) return { ok: false, reason: "varken XLSX eller textfil" };
    const found = findMapping(file, peekTables(file));
    return found ? { ok: true } : { ok: false, reason: "ingen mappningsfil känner igen rubrikraden" };
  },
  async read(file, ctx) {
    if (isMappingFileName(file.name)) {
      ctx.data.notes.add(`${file.relative}: mappningsfil, används för filer vars rubrikrad den känner igen.`);
      return 0;
    }
    const found = findMapping(file, peekTables(file))!;
    const tables = await readTables(file, found.mapping.avgransare);
    const table = mappingMatches(found.mapping, file, tables);
    if (!table) throw new IngestError({ file: file.path }, "en fil vars rubrikrad inte går att hitta vid full läsning", `rubrikerna ${found.mapping.kolumner.join(", ")}`);
    ctx.data.notes.add(`${file.relative}: läst med mappningen "${found.mapping.namn}" (${displayPath(found.mapping.file)}).`);
    return readLongTable(table, mappingSpec(found.mapping, table), ctx);
  },
};
