// Types of the data package export (loaders/export/).

/** One row as the exporter hands it to a publish transform: JSON values (exact decimals and big integers as strings). */
export type ExportRow = Record<string, string | number | boolean | null>;

/**
 * A resource's publish step: receives every row of the resource (exact values, as the view gives them) and returns
 * the rows that may be published — e.g. with cells of fewer than 5 persons set to null (DESIGN.md §2.3). It may not
 * add columns; a column it leaves out is written as missing. Throw PublishNotReadyError to leave the resource out of
 * the package with a note (never export it unpublished).
 */
export type PublishTransform = (rows: ExportRow[], db: { all(sql: string): Promise<ExportRow[]> }) => ExportRow[] | Promise<ExportRow[]>;

/** Thrown by a publish transform that is not implemented yet: the resource is skipped, the rest is exported. */
export class PublishNotReadyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PublishNotReadyError";
  }
}

/** A problem the user can fix (missing database, database without the views, unsafe output folder). Swedish text. */
export class ExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ExportError";
  }
}

export interface ExportResource {
  /** Resource name and file base name: <name>.csv, <name>.parquet. Lower case, digits and _. */
  name: string;
  /** Swedish title and description (datapackage.json and README.md). */
  title: string;
  description: string;
  /**
   * A SELECT (no ORDER BY) over relations of PUBLIC_RELATIONS only, with an explicit column list so the file's
   * columns and their order never change when a view gains a column.
   */
  select: string;
  /** Columns that order the rows totally (deterministic files); normally the primary key. */
  orderBy: string[];
  primaryKey?: string[];
  /** Every output column, in order, with its Swedish description. */
  fields: Record<string, string>;
  /** Left out of the package when it has no rows (areas below kommun exist only in some data sets). */
  skipWhenEmpty?: boolean;
  /** Left out with a note when its relations are not in the database (views another part of the pipeline adds). */
  optional?: boolean;
  /** Applied to the rows before they are written; required for relations in NEEDS_PUBLISH. */
  publish?: PublishTransform;
}
