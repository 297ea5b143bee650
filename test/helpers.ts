// Test helpers: write small data directories, ingest them into temp databases, and query the result.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";

/** A fresh temp directory, removed by the caller's afterAll via cleanup(). */
export function tempDir(prefix = "forsorjning-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Writes files {name: content} into dir (content lines joined with \n, ending with \n). */
export function writeFiles(dir: string, files: Record<string, string | string[]>): void {
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(dir, name);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, Array.isArray(content) ? `${content.join("\n")}\n` : content);
  }
}

export type Row = Record<string, unknown>;

/** Runs a query read-only and returns rows as JSON-friendly objects (decimals as strings, as DuckDB prints them). */
export async function query(db: string, sql: string): Promise<Row[]> {
  const instance = await DuckDBInstance.create(db, { access_mode: "READ_ONLY" });
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(sql);
    return reader.getRowObjectsJson() as Row[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

export function sha256OfFile(file: string): string {
  return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/** Monthly rows "kommunkod,YYYY-MM,ersattning,kon,belopp" for the six months of a half-year. */
export function monthlyRows(kommunkod: string, halvar: string, ersattning: string, kon: string, belopp: string): string[] {
  const ar = halvar.slice(0, 4);
  const first = halvar.endsWith("1") ? 1 : 7;
  return Array.from({ length: 6 }, (_, i) => `${kommunkod},${ar}-${String(first + i).padStart(2, "0")},${ersattning},${kon},${belopp}`);
}

/**
 * The ingest's own digests in table installning (schema version, data folder, other inputs): 16 hex characters, in
 * which a run of ten digits happens by chance. A test looking for personnummer in text columns leaves them out.
 */
export const INSTALLNING_DIGESTS = "nyckel IN ('schemaversion', 'datakatalog', 'ovrigt_underlag')";
