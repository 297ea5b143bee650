// A record of canonical fields with checked access: every adapter hands its rows to the shared validation
// (accept.ts) as FieldRecords, so all formats give the same clear errors naming file, place, found and expected.
import { type ErrorLocation, IngestError, quoteFound } from "../errors.ts";

export abstract class FieldRecord {
  constructor(readonly file: string) {}

  /** The trimmed value of a canonical field, "" when the source has none. */
  abstract get(field: string): string;

  /** Whether the source has this field at all (for optional fields). */
  abstract has(field: string): boolean;

  /** Where a field's value was read: line and column, cell, or JSON path. */
  abstract where(field: string): ErrorLocation;

  /** The first line (or row) of the record, for messages about the record as a whole. */
  abstract get line(): number | undefined;

  /**
   * A cheap number that identifies the record within its file, for remembering where a key was first seen.
   * By default the line itself; a reader that finds lines lazily (CSV) gives its record index and resolves it.
   */
  get position(): number | undefined {
    return this.line;
  }

  /** The line of a position this reader handed out (see position). */
  lineOf(position: number | undefined): number | undefined {
    return position;
  }

  /** The standard error for a field (use with `throw`, so the compiler sees the narrowing). */
  error(field: string, found: string, expected: string): IngestError {
    return new IngestError(this.where(field), found, expected);
  }

  fail(field: string, found: string, expected: string): never {
    throw this.error(field, found, expected);
  }

  /** The field, refused with a clear message when empty. */
  required(field: string, expected: string): string {
    const value = this.get(field);
    if (value === "") this.fail(field, quoteFound(value), expected);
    return value;
  }
}

/**
 * A record an adapter built from a publisher's layout: canonical field → value, and for each field where in
 * the source file it came from (its own column name, line, cell or JSON path), so errors point there.
 */
export class MappedRecord extends FieldRecord {
  constructor(
    file: string,
    private readonly values: Record<string, string>,
    private readonly locations: Record<string, Omit<ErrorLocation, "file">> = {},
    private readonly recordLocation: Omit<ErrorLocation, "file"> = {},
  ) {
    super(file);
  }

  get(field: string): string {
    return (this.values[field] ?? "").trim();
  }

  has(field: string): boolean {
    return field in this.values;
  }

  where(field: string): ErrorLocation {
    return { file: this.file, ...this.recordLocation, ...(this.locations[field] ?? {}) };
  }

  get line(): number | undefined {
    return this.recordLocation.line;
  }
}
