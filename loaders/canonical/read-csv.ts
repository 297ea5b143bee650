// Reads a canonical CSV file record by record with csv-parse, checking the header and the field count,
// and turns every parser complaint into an IngestError that names file, line and column.
import fs from "node:fs";
import { CsvError } from "csv-parse";
import { parse as parseSync } from "csv-parse/sync";
import { type ErrorLocation, IngestError, quoteFound } from "../errors.ts";
import { FieldRecord } from "./record.ts";

export interface CsvLayout {
  /** Columns that must be in the header (any order). */
  required: readonly string[];
  /** Columns that may be present. */
  optional?: readonly string[];
}

/**
 * Line numbers of a file's records, found only when a message needs one: parsing with csv-parse's `info`
 * costs about twice as much as without, and good files never need a line number.
 */
class LineIndex {
  private lines: number[] | undefined;
  constructor(private readonly bytes: Buffer) {}

  of(recordIndex: number | undefined): number | undefined {
    if (recordIndex === undefined) return undefined;
    if (!this.lines) {
      const records = parseSync(this.bytes, { ...PARSE_OPTIONS, info: true }) as unknown as { info: { lines: number } }[];
      this.lines = records.map((r) => r.info.lines);
    }
    return this.lines[recordIndex];
  }
}

/** One data record of a CSV file: access to its fields by column name; its line is found when needed. */
export class CsvRecord extends FieldRecord {
  constructor(
    file: string,
    private readonly recordIndex: number,
    private readonly fields: string[],
    private readonly index: Map<string, number>,
    private readonly lines: LineIndex,
  ) {
    super(file);
  }

  get line(): number | undefined {
    return this.lines.of(this.recordIndex);
  }

  override get position(): number {
    return this.recordIndex;
  }

  override lineOf(position: number | undefined): number | undefined {
    return this.lines.of(position);
  }

  has(column: string): boolean {
    return this.index.has(column);
  }

  /** The trimmed field of a column, "" for an optional column the file does not have. */
  get(column: string): string {
    const i = this.index.get(column);
    return i === undefined ? "" : (this.fields[i] ?? "").trim();
  }

  where(column: string): ErrorLocation {
    const i = this.index.get(column);
    return { file: this.file, line: this.line, column, columnNumber: i === undefined ? undefined : i + 1 };
  }
}

const PARSE_OPTIONS = { bom: true, relax_column_count: true, skip_empty_lines: true } as const;

const QUOTE_ERRORS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: "ett citattecken som öppnas men aldrig stängs före filens slut",
  CSV_INVALID_CLOSING_QUOTE: "tecken direkt efter ett avslutande citattecken",
  INVALID_OPENING_QUOTE: "ett citattecken mitt i ett fält som inte är citerat",
  CSV_INVALID_OPENING_QUOTE: "ett citattecken mitt i ett fält som inte är citerat",
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: "tecken efter ett avslutande citattecken",
};

function translateParserError(file: string, err: unknown): never {
  if (err instanceof CsvError || (err as { code?: string })?.code) {
    const e = err as CsvError & { lines?: number; index?: number };
    const found = QUOTE_ERRORS[e.code] ?? `en rad som inte går att tolka som CSV (${e.code})`;
    throw new IngestError(
      { file, line: e.lines, columnNumber: typeof e.index === "number" ? e.index + 1 : undefined },
      found,
      'korrekt citerade fält: ett fält som börjar med " slutar med " följt av komma eller radslut, och " inuti fältet skrivs ""',
    );
  }
  throw err;
}

/**
 * The data records of a CSV file with a header row (UTF-8, with or without BOM, comma-separated).
 * Refuses a missing column, a record with too few or too many fields and broken quoting.
 */
export function* readCsvSync(file: string, layout: CsvLayout, bytes: Buffer = fs.readFileSync(file)): Generator<CsvRecord> {
  let records: string[][];
  try {
    records = parseSync(bytes, PARSE_OPTIONS) as string[][];
  } catch (err) {
    translateParserError(file, err);
  }
  const lines = new LineIndex(bytes);
  if (records.length === 0) {
    throw new IngestError({ file, line: 1 }, "en tom fil", `en rubrikrad med kolumnerna ${layout.required.join(",")}`);
  }
  const header = records[0].map((h) => h.trim());
  const index = new Map(header.map((h, i) => [h, i]));
  for (const column of layout.required) {
    if (!index.has(column)) {
      throw new IngestError(
        { file, line: lines.of(0), column },
        `rubrikraden ${quoteFound(header.join(","))} där kolumnen ${column} saknas`,
        `en rubrikrad med kolumnerna ${layout.required.join(",")}`,
      );
    }
  }
  for (let i = 1; i < records.length; i++) {
    const record = records[i];
    if (record.length !== header.length) {
      const few = record.length < header.length;
      throw new IngestError(
        { file, line: lines.of(i), columnNumber: few ? record.length + 1 : header.length + 1 },
        `${record.length} fält (${few ? "för få" : "för många"})`,
        `${header.length} fält som rubrikraden (${header.join(",")})`,
      );
    }
    yield new CsvRecord(file, i, record, index, lines);
  }
}

/** The same as readCsvSync, for callers that iterate with for await (a stream is read to its end first). */
export async function* readCsv(file: string, layout: CsvLayout, source?: NodeJS.ReadableStream | Buffer): AsyncGenerator<CsvRecord> {
  let bytes: Buffer | undefined;
  if (Buffer.isBuffer(source)) bytes = source;
  else if (source) {
    const chunks: Buffer[] = [];
    for await (const chunk of source) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
    bytes = Buffer.concat(chunks);
  }
  yield* readCsvSync(file, layout, bytes);
}
