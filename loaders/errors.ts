// Errors a user can cause: each names the file, line and column, what was found and what was expected.
import path from "node:path";

export interface ErrorLocation {
  file: string;
  line?: number;
  /** Column name as in the header, when known. */
  column?: string;
  /** 1-based column number, when known. */
  columnNumber?: number;
  /** A spreadsheet cell ("F7") or sheet ("blad tabell"), for XLSX sources. */
  cell?: string;
  /** Where in a JSON document ("value[17]", "data[3].varde"), for API responses. */
  path?: string;
}

/** Shows a path relative to the working directory when that is shorter, as a user typed it. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
}

/** Quotes a found value for a message; long values are cut so a message stays one readable line. */
export function quoteFound(value: unknown): string {
  if (value === undefined || value === null) return "inget värde";
  const s = String(value);
  if (s === "") return "ett tomt fält";
  const shown = s.length > 60 ? `${s.slice(0, 57)}…` : s;
  return `"${shown}"`;
}

/**
 * A problem in an input file. The message is Swedish (it is shown to users) and always reads
 * "<file>, rad <n>, kolumn <name> (<k>): fann <found>, förväntade <expected>."
 */
export class IngestError extends Error {
  readonly location: ErrorLocation;
  readonly found: string;
  readonly expected: string;

  constructor(location: ErrorLocation, found: string, expected: string) {
    super(IngestError.format(location, found, expected));
    this.name = "IngestError";
    this.location = location;
    this.found = found;
    this.expected = expected;
  }

  static format(location: ErrorLocation, found: string, expected: string): string {
    const parts = [displayPath(location.file)];
    if (location.cell !== undefined) parts.push(`cell ${location.cell}`);
    if (location.path !== undefined) parts.push(`i ${location.path}`);
    if (location.line !== undefined) parts.push(`rad ${location.line}`);
    if (location.column !== undefined) {
      parts.push(
        location.columnNumber !== undefined
          ? `kolumn ${location.column} (kolumn ${location.columnNumber})`
          : `kolumn ${location.column}`,
      );
    } else if (location.columnNumber !== undefined) {
      parts.push(`kolumn ${location.columnNumber}`);
    }
    return `${parts.join(", ")}: fann ${found}, förväntade ${expected}.`;
  }
}

/** A problem with how the ingest was called (arguments, missing directory), not with a file's content. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
