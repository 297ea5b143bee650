// Reads a canonical CSV file record by record with csv-parse, checking the header and the field count,
// and turns every parser complaint into an IngestError that names file, line and column.
import fs from "node:fs";
import { parse, CsvError } from "csv-parse";
import { type ErrorLocation, IngestError, quoteFound } from "../errors.ts";
import { FieldRecord } from "./record.ts";

export interface CsvLayout {
  /** Columns that must be in the header (any order). */
  required: readonly string[];
  /** Columns that may be present. */
  optional?: readonly string[];
}

/** One data record of a CSV file: its line number and access to its fields by column name. */
export class CsvRecord extends FieldRecord {
  constructor(
    file: string,
    private readonly lineNumber: number,
    private readonly fields: string[],
    private readonly index: Map<string, number>,
  ) {
    super(file);
  }

  get line(): number {
    return this.lineNumber;
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
    return { file: this.file, line: this.lineNumber, column, columnNumber: i === undefined ? undefined : i + 1 };
  }
}

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
 * Yields the data records of a CSV file with a header row (UTF-8, with or without BOM, comma-separated).
 * Refuses a missing column, a record with too few or too many fields and broken quoting.
 */
export async function* readCsv(file: string, layout: CsvLayout, source?: NodeJS.ReadableStream): AsyncGenerator<CsvRecord> {
  const parser = (source ?? fs.createReadStream(file)).pipe(
    parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true }),
  );
  let header: string[] | undefined;
  let index = new Map<string, number>();
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!header) {
        header = record.map((h) => h.trim());
        index = new Map(header.map((h, i) => [h, i]));
        for (const column of layout.required) {
          if (!index.has(column)) {
            throw new IngestError(
              { file, line: info.lines, column },
              `rubrikraden ${quoteFound(header.join(","))} där kolumnen ${column} saknas`,
              `en rubrikrad med kolumnerna ${layout.required.join(",")}`,
            );
          }
        }
        continue;
      }
      if (record.length !== header.length) {
        const few = record.length < header.length;
        throw new IngestError(
          { file, line: info.lines, columnNumber: few ? record.length + 1 : header.length + 1 },
          `${record.length} fält (${few ? "för få" : "för många"})`,
          `${header.length} fält som rubrikraden (${header.join(",")})`,
        );
      }
      yield new CsvRecord(file, info.lines, record, index);
    }
  } catch (err) {
    if (err instanceof IngestError) throw err;
    translateParserError(file, err);
  }
  if (!header) {
    throw new IngestError({ file, line: 1 }, "en tom fil", `en rubrikrad med kolumnerna ${layout.required.join(",")}`);
  }
}
