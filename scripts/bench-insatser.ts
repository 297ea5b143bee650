// Benchmark helper for the insatser import (issue #8): measures the ingest of a directory (the demo's SUS-style export)
// in a child process (rows per second, peak memory). Used by scripts/bench.ts beside case (c); tests never assert
// timings.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { PROJECT_ROOT } from "../loaders/config.ts";

export interface IngestMeasure {
  rows: number;
  seconds: number;
  /** Peak resident memory of the ingesting process, bytes. */
  maxRss: number;
}

/** Ingests a directory in a fresh Node process and reports rows, time and peak memory. */
export function measureIngest(dataDir: string, dbPath: string, env: NodeJS.ProcessEnv = {}): IngestMeasure {
  const child = spawnSync(
    process.execPath,
    ["--import", "tsx", path.join(PROJECT_ROOT, "scripts", "bench-insatser.ts"), "--child", dataDir, dbPath],
    { cwd: PROJECT_ROOT, encoding: "utf8", maxBuffer: 1 << 24, env: { ...process.env, ...env } },
  );
  if (child.status !== 0) throw new Error(`ingest of ${dataDir} failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split("\n").pop()!) as IngestMeasure;
}

if (process.argv[2] === "--child") {
  const { ingest } = await import("../loaders/ingest.ts");
  const t = performance.now();
  const result = await ingest({ dataDir: process.argv[3], dbPath: process.argv[4] });
  const seconds = (performance.now() - t) / 1000;
  console.log(JSON.stringify({ rows: result.rows, seconds, maxRss: process.resourceUsage().maxRSS * 1024 }));
}
