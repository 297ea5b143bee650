// One measured run of the benchmark, in its own process so its peak memory is its own (scripts/bench.ts starts it
// with `node --import tsx` and reads the last line). Two modes:
//   pipeline — loaders/ingest.ts's ingest() into a new DuckDB file, then the measure read back from its views;
//   floor    — DuckDB read_csv of the same files into a new DuckDB file and the measure in plain SQL (floor.ts).
// The last line on stdout is `BENCH-RESULT {json}` with the times, the rows, the measure's row count and checksum, and
// process.resourceUsage().maxRSS (the peak resident set, native DuckDB memory included).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { deltagareFloorSql, payoutFloorSql, PIPELINE_DELTAGARE_RESULT, PIPELINE_PAYOUT_RESULT } from "./floor.ts";

export interface ChildRequest {
  mode: "pipeline" | "floor";
  kind: "utbetalning" | "deltagare";
  dataDir: string;
  dbPath: string;
}

export interface ChildResult {
  ok: boolean;
  error?: string;
  /** Reading the files: ingest() for the pipeline, read_csv for the floor. */
  loadMs: number;
  /** Computing the measure (kommun rows or insats_resultat) from what was loaded. */
  measureMs: number;
  /** Rows read from the files (the pipeline: rows ingest() reports as loaded). */
  rows: number;
  /** Rows of the measure and a checksum over them; null when the pipeline has no such view. */
  measureRows: number | null;
  checksum: number | null;
  measureError?: string;
  maxRssBytes: number;
}

export const RESULT_PREFIX = "BENCH-RESULT ";

function num(v: unknown): number {
  return typeof v === "bigint" ? Number(v) : Number(v ?? NaN);
}

async function readResult(sql: string, run: (sql: string) => Promise<Record<string, unknown>[]>): Promise<{ rader: number; kontroll: number; indata?: number }> {
  const [row] = await run(sql);
  return { rader: num(row.rader), kontroll: num(row.kontroll), indata: row.indata === undefined ? undefined : num(row.indata) };
}

/** FORSORJNING_TRADAR limits DuckDB's threads here as in the ingest (loaders/ingest.ts), so floor and pipeline compare alike. */
async function limitThreads(connection: { run(sql: string): Promise<unknown> }): Promise<void> {
  if (process.env.FORSORJNING_TRADAR) await connection.run(`SET threads = ${Math.max(1, Number.parseInt(process.env.FORSORJNING_TRADAR, 10) || 1)}`);
}

async function main(req: ChildRequest): Promise<ChildResult> {
  const result: ChildResult = { ok: false, loadMs: 0, measureMs: 0, rows: 0, measureRows: null, checksum: null, maxRssBytes: 0 };
  for (const f of [req.dbPath, `${req.dbPath}.wal`]) fs.rmSync(f, { force: true });
  if (req.mode === "pipeline") {
    const { ingest } = await import("../../loaders/ingest.ts");
    let t = performance.now();
    const r = await ingest({ dataDir: req.dataDir, dbPath: req.dbPath });
    result.loadMs = performance.now() - t;
    result.rows = r.rows;
    t = performance.now();
    const instance = await DuckDBInstance.create(req.dbPath, { access_mode: "READ_ONLY" });
    const connection = await instance.connect();
    await limitThreads(connection);
    try {
      const run = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjects() as Record<string, unknown>[];
      const m = await readResult(req.kind === "utbetalning" ? PIPELINE_PAYOUT_RESULT : PIPELINE_DELTAGARE_RESULT, run);
      result.measureRows = m.rader;
      result.checksum = m.kontroll;
    } catch (error) {
      result.measureError = (error as Error).message.split("\n")[0];
    } finally {
      result.measureMs = performance.now() - t;
      connection.closeSync();
      instance.closeSync();
    }
  } else {
    const sql = req.kind === "utbetalning" ? payoutFloorSql(req.dataDir) : deltagareFloorSql(req.dataDir);
    if (!sql) throw new Error(`inga filer för ${req.kind} i ${req.dataDir}`);
    let t = performance.now();
    const instance = await DuckDBInstance.create(req.dbPath);
    const connection = await instance.connect();
    await limitThreads(connection);
    let open = true;
    try {
      for (const s of sql.load) await connection.run(s);
      result.loadMs = performance.now() - t;
      t = performance.now();
      for (const s of sql.measure) await connection.run(s);
      const m = await readResult(sql.result, async (q) => (await connection.runAndReadAll(q)).getRowObjects() as Record<string, unknown>[]);
      // Closed within the time, as ingest() closes its database within the pipeline's.
      connection.closeSync();
      instance.closeSync();
      open = false;
      result.measureMs = performance.now() - t;
      result.rows = m.indata ?? 0;
      result.measureRows = m.rader;
      result.checksum = m.kontroll;
    } finally {
      if (open) {
        connection.closeSync();
        instance.closeSync();
      }
    }
  }
  result.ok = true;
  return result;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const req = JSON.parse(process.argv[2] ?? "{}") as ChildRequest;
  let out: ChildResult;
  try {
    out = await main(req);
  } catch (error) {
    out = { ok: false, error: (error as Error).message.split("\n").slice(0, 3).join(" "), loadMs: 0, measureMs: 0, rows: 0, measureRows: null, checksum: null, maxRssBytes: 0 };
  }
  for (const f of [req.dbPath, `${req.dbPath}.wal`]) fs.rmSync(f, { force: true });
  // maxRSS is in kilobytes (Linux getrusage).
  out.maxRssBytes = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(`\n${RESULT_PREFIX}${JSON.stringify(out)}\n`);
}
