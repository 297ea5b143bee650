// What a source adapter is: it recognises a publisher's file by its content and turns its rows into canonical
// FieldRecords for the shared validation (loaders/canonical/accept.ts). A new format is one new adapter file.
import type { AcceptContext } from "../canonical/accept.ts";

export interface SourceFile {
  /** Absolute path. */
  path: string;
  /** File name without folders. */
  name: string;
  /** Path relative to the data directory, "/" separators. */
  relative: string;
  /** The file's bytes (adapters decode them; see text.ts for UTF-8/Windows-1252 decoding). */
  bytes: Buffer;
  /** Retrieval date YYYY-MM-DD when the file lies under a dated folder (data/raw/<källa>/<ÅÅÅÅ-MM-DD>/…), else null. */
  hamtad: string | null;
}

export type Detection = { ok: true } | { ok: false; reason: string };

export interface SourceAdapter {
  /** Stable id, stored with every file read (e.g. "kanonisk", "scb-pxweb"). */
  id: string;
  /** Swedish name shown to users ("SCB PxWeb, json-stat2 och CSV"). */
  namn: string;
  /**
   * Whether this adapter reads the file, judged by content (and name where the content is ambiguous).
   * A refusal carries a short Swedish reason; when no adapter takes a file, the reasons are shown.
   */
  detect(file: SourceFile): Detection;
  /** Reads the file, handing every row to an accept* function with ctx; returns the number of rows read. */
  read(file: SourceFile, ctx: AcceptContext): Promise<number>;
}
