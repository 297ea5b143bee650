// Tables from spreadsheets and delimited text, for the publishers' adapters: one shape (rows of cells with their
// sheet row or text line) so an adapter reads an XLSX download and its CSV conversion alike, and every cell
// knows its place for error messages ("cell F7 (blad tabell)" or "rad 7, kolumn Belopp").
//
// Full reads of XLSX use read-excel-file (maintained, small, reads numbers as their exact stored text through
// its parseNumber option, so tkr → kr stays exact). Adapters' detect() is synchronous, so recognising a file
// uses peekTable(): a minimal synchronous look at the first rows of each sheet (ZIP central directory + zlib,
// reading only the start of each sheet's XML). Only detection uses the peek; data always comes from the library.
import zlib from "node:zlib";
import { parse as parseCsv } from "csv-parse/sync";
import Decimal from "decimal.js";
import readExcelFile from "read-excel-file/node";
import { IngestError, type ErrorLocation } from "../errors.ts";
import { decodeText, parseNumber, sniffSeparator } from "./common.ts";
import type { SourceFile } from "./types.ts";

/** A numeric XLSX cell, kept as the exact decimal text stored in the file (never a binary float). */
export class ExactNumber {
  constructor(readonly text: string) {}
}

export type CellValue = string | ExactNumber | number | boolean | Date | null;

export interface TableRow {
  /** Sheet row number (XLSX, 1-based) or text line (CSV, 1-based). */
  line: number;
  cells: CellValue[];
}

export interface Table {
  /** Path of the file, as used in error messages. */
  file: string;
  kind: "xlsx" | "csv";
  /** Sheet name for XLSX, null for CSV. */
  sheet: string | null;
  rows: TableRow[];
}

/** True when the bytes are a ZIP archive (an XLSX workbook). */
export function isXlsx(file: SourceFile): boolean {
  return file.bytes.length > 4 && file.bytes.readUInt32LE(0) === 0x04034b50;
}

/** True for the text files a table can come from. */
export function isDelimitedText(file: SourceFile): boolean {
  return /\.(csv|txt|tsv)$/i.test(file.name);
}

/** Column letters of a 0-based column index: 0 → A, 26 → AA. */
export function columnLetters(index: number): string {
  let s = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Where a cell is, for an error: "cell F7 (blad tabell)" for XLSX, line and column for CSV. */
export function cellLocation(table: Table, row: TableRow, col: number, header?: string): Omit<ErrorLocation, "file"> {
  if (table.kind === "xlsx") {
    // line: undefined so a record's row number does not repeat the cell in messages
    return { cell: `${columnLetters(col)}${row.line}${table.sheet ? ` (blad ${table.sheet})` : ""}`, column: header, line: undefined };
  }
  return { line: row.line, column: header, columnNumber: col + 1 };
}

/** The error for a cell: file, place, found, expected. */
export function cellError(table: Table, row: TableRow, col: number, header: string | undefined, found: string, expected: string): IngestError {
  return new IngestError({ file: table.file, ...cellLocation(table, row, col, header) }, found, expected);
}

/** A cell as trimmed text ("" when empty); numbers as their exact decimal text, dates as YYYY-MM-DD. */
export function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return "";
  if (value instanceof ExactNumber) return value.text.trim();
  if (typeof value === "number") return Number.isFinite(value) ? new Decimal(value).toFixed() : String(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return value.trim();
}

/**
 * A cell as an exact decimal string; null when the cell is empty or holds a missing-value symbol ("--", "..");
 * undefined when it is not a number (the caller reports it). Numeric XLSX cells are exact; text is read as
 * publishers write numbers (decimal comma or point, spaces as thousands separators).
 */
export function cellNumber(value: CellValue | undefined): string | null | undefined {
  if (value === null || value === undefined) return null;
  if (value instanceof ExactNumber) {
    const t = value.text.trim();
    return /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(t) ? new Decimal(t).toFixed() : undefined;
  }
  if (typeof value === "number" || typeof value === "string") return parseNumber(value);
  return undefined;
}

export function isEmptyRow(row: TableRow): boolean {
  return row.cells.every((c) => cellText(c) === "");
}

/** Header cells of a row as trimmed text. */
export function rowTexts(row: TableRow | undefined): string[] {
  return row ? row.cells.map((c) => cellText(c)) : [];
}

// ---------------------------------------------------------------------------------------------------------------
// Delimited text

/** The separator of a text table: sniffed on the line (of the first ten) with the most candidate separators. */
export function sniffTextSeparator(text: string): "," | ";" | "\t" {
  let best = "";
  let bestCount = -1;
  for (const line of text.split(/\r?\n/, 10)) {
    const count = (line.match(/[,;\t]/g) ?? []).length;
    if (count > bestCount) {
      best = line;
      bestCount = count;
    }
  }
  return sniffSeparator(best);
}

function csvRows(file: string, text: string, separator: string, toLine?: number): TableRow[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(text, {
      delimiter: separator,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      info: true,
      to_line: toLine,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    const e = err as { code?: string; lines?: number; message?: string };
    throw new IngestError(
      { file, line: e.lines },
      `en rad som inte går att läsa som text med avgränsaren ${JSON.stringify(separator)} (${e.code ?? e.message ?? "okänt fel"})`,
      'fält åtskilda av avgränsaren, där ett fält som börjar med " slutar med "',
    );
  }
  return records.map(({ record, info }) => ({ line: info.lines, cells: record.map((c) => (c === "" ? null : c)) }));
}

const decoded = new WeakMap<Buffer, string>();

function textOf(file: SourceFile): string {
  let text = decoded.get(file.bytes);
  if (text === undefined) decoded.set(file.bytes, (text = decodeText(file.bytes).text));
  return text;
}

/** A delimited text file as a table (UTF-8 or Windows-1252; separator sniffed unless given). */
export function readTextTable(file: SourceFile, separator?: string): Table {
  const text = textOf(file);
  return { file: file.path, kind: "csv", sheet: null, rows: csvRows(file.path, text, separator ?? sniffTextSeparator(text)) };
}

// ---------------------------------------------------------------------------------------------------------------
// XLSX, full read through read-excel-file

/** Every sheet of a workbook as tables, numbers kept exact. */
export async function readXlsxTables(file: SourceFile): Promise<Table[]> {
  let sheets: { sheet: string; data: CellValue[][] }[];
  try {
    sheets = (await readExcelFile(file.bytes, { parseNumber: (s: string) => new ExactNumber(s) })) as unknown as { sheet: string; data: CellValue[][] }[];
  } catch (err) {
    const message = (err as Error).message;
    // The library names a broken cell by row and column numbers ("<c/> at row 7, col 6: #DIV/0!").
    const at = /row (\d+),? col(?:umn)? (\d+)/i.exec(message);
    throw new IngestError(
      { file: file.path, cell: at ? `${columnLetters(Number(at[2]) - 1)}${at[1]}` : undefined },
      `en arbetsbok som inte går att läsa (${message})`,
      "en hel och oskadad .xlsx-fil, sparad av Excel eller hämtad direkt från utgivaren",
    );
  }
  return sheets.map((s) => ({
    file: file.path,
    kind: "xlsx" as const,
    sheet: s.sheet,
    rows: s.data.map((cells, i) => ({ line: i + 1, cells })),
  }));
}

/** The tables of a file: every sheet of an XLSX workbook, or the one table of a text file. */
export async function readTables(file: SourceFile, separator?: string): Promise<Table[]> {
  return isXlsx(file) ? readXlsxTables(file) : [readTextTable(file, separator)];
}

// ---------------------------------------------------------------------------------------------------------------
// Synchronous peek (detection only)

const PEEK_ROWS = 40;
const PEEK_BYTES = 96 * 1024;
const peeked = new WeakMap<Buffer, Table[]>();

/**
 * The first rows of every sheet (XLSX) or of the text, read synchronously for detect(). Returns [] when the file
 * cannot be read (the adapter then says it does not recognise it; the full read reports the real problem).
 */
export function peekTables(file: SourceFile, separator?: string): Table[] {
  const key = file.bytes;
  const cached = separator === undefined ? peeked.get(key) : undefined;
  if (cached) return cached;
  let tables: Table[] = [];
  try {
    if (isXlsx(file)) tables = peekXlsx(file);
    else if (isDelimitedText(file)) {
      const text = textOf(file);
      const head = text.split(/\n/, PEEK_ROWS).join("\n");
      tables = [{ file: file.path, kind: "csv", sheet: null, rows: csvRows(file.path, head, separator ?? sniffTextSeparator(text)) }];
    }
  } catch {
    tables = [];
  }
  if (separator === undefined) peeked.set(key, tables);
  return tables;
}

interface ZipEntry {
  method: number;
  compressedSize: number;
  offset: number;
}

function zipEntries(bytes: Buffer): Map<string, ZipEntry> {
  const entries = new Map<string, ZipEntry>();
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65557); i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return entries;
  const count = bytes.readUInt16LE(eocd + 10);
  let p = bytes.readUInt32LE(eocd + 16);
  for (let n = 0; n < count && p + 46 <= bytes.length && bytes.readUInt32LE(p) === 0x02014b50; n++) {
    const nameLength = bytes.readUInt16LE(p + 28);
    const name = bytes.subarray(p + 46, p + 46 + nameLength).toString("utf8");
    entries.set(name.replace(/^\//, ""), {
      method: bytes.readUInt16LE(p + 10),
      compressedSize: bytes.readUInt32LE(p + 20),
      offset: bytes.readUInt32LE(p + 42),
    });
    p += 46 + nameLength + bytes.readUInt16LE(p + 30) + bytes.readUInt16LE(p + 32);
  }
  return entries;
}

/** An entry's text; with `limit`, only about that many compressed bytes are inflated (the start of the entry). */
function zipText(bytes: Buffer, entry: ZipEntry | undefined, limit?: number): string {
  if (!entry) return "";
  const local = entry.offset;
  if (bytes.readUInt32LE(local) !== 0x04034b50) return "";
  const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
  const size = limit !== undefined ? Math.min(entry.compressedSize, limit) : entry.compressedSize;
  const data = bytes.subarray(start, start + size);
  if (entry.method === 0) return data.toString("utf8");
  const partial = size < entry.compressedSize;
  return zlib.inflateRawSync(data, partial ? { finishFlush: zlib.constants.Z_SYNC_FLUSH } : {}).toString("utf8");
}

const unescapeXml = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    if (e[0] === "#") return String.fromCodePoint(e[1] === "x" || e[1] === "X" ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[e.toLowerCase()]!;
  });

/** Namespace prefixes on element names (<x:row>) are dropped so one set of patterns reads every writer. */
const stripPrefixes = (xml: string) => xml.replace(/<(\/?)[A-Za-z_][\w.-]*:/g, "<$1");

const textRuns = (xml: string) => [...xml.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((m) => unescapeXml(m[1])).join("");

function cellIndex(ref: string): number {
  const letters = /^[A-Z]+/.exec(ref)?.[0] ?? "A";
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

function peekXlsx(file: SourceFile): Table[] {
  const entries = zipEntries(file.bytes);
  const workbook = stripPrefixes(zipText(file.bytes, entries.get("xl/workbook.xml")));
  const rels = stripPrefixes(zipText(file.bytes, entries.get("xl/_rels/workbook.xml.rels")));
  const targets = new Map([...rels.matchAll(/<Relationship\b[^>]*>/g)].map((m) => [/\bId="([^"]*)"/.exec(m[0])?.[1], /\bTarget="([^"]*)"/.exec(m[0])?.[1]]));
  const shared = [...stripPrefixes(zipText(file.bytes, entries.get("xl/sharedStrings.xml"))).matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    textRuns(m[1].replace(/<rPh\b[\s\S]*?<\/rPh>/g, "")),
  );
  const tables: Table[] = [];
  for (const m of workbook.matchAll(/<sheet\b[^>]*>/g)) {
    const name = unescapeXml(/\bname="([^"]*)"/.exec(m[0])?.[1] ?? "");
    const rid = /\bid="([^"]*)"/.exec(m[0])?.[1];
    let target = (rid && targets.get(rid)) || "";
    target = target.startsWith("/") ? target.slice(1) : `xl/${target}`;
    const xml = stripPrefixes(zipText(file.bytes, entries.get(target), PEEK_BYTES));
    const rows: TableRow[] = [];
    let line = 0;
    for (const r of xml.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
      line = Number(/\br="(\d+)"/.exec(r[1])?.[1] ?? line + 1);
      const cells: CellValue[] = [];
      for (const c of (r[2] ?? "").matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const ref = /\br="([A-Z]+)\d*"/.exec(c[1])?.[1];
        const col = ref ? cellIndex(ref) : cells.length;
        const type = /\bt="([^"]*)"/.exec(c[1])?.[1];
        const body = c[2] ?? "";
        const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
        let value: CellValue = null;
        if (type === "s" && v !== undefined) value = shared[Number(v)] ?? null;
        else if (type === "inlineStr") value = textRuns(body);
        else if (v !== undefined) value = type === "str" || type === "e" ? unescapeXml(v) : type === "b" ? v === "1" : new ExactNumber(v);
        while (cells.length < col) cells.push(null);
        cells[col] = value;
      }
      rows.push({ line, cells });
      if (rows.length >= PEEK_ROWS) break;
    }
    tables.push({ file: file.path, kind: "xlsx", sheet: name, rows });
  }
  return tables;
}
