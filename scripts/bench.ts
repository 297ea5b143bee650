// Benchmark: measures what the project promises about speed and prints the figures (tests never assert timings).
//   npm run bench                 ingest, insatser, clean build, rebuild without change, payload per page
//   npm run bench -- --ingest     only the ingest
//   npm run bench -- --insatser   only the insatser import: the demo SUS export and a generated 1 000 000-participation
//                                 export (rows per second and peak memory, each in its own process)
// Goals (issue texts): clean build of every page < 180 s and a rebuild with no data change < 30 s on 2 cores.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEFAULT_DB, DEMO_DIR, PROJECT_ROOT } from "../loaders/config.ts";
import { ingest } from "../loaders/ingest.ts";
import { formatNumber } from "../src/components/format.js";
import { type IngestMeasure, measureIngest, writeLargeExport } from "./bench-insatser.ts";

const onlyIngest = process.argv.includes("--ingest");
const onlyInsatser = process.argv.includes("--insatser");
const seconds = (ms: number) => `${formatNumber(ms / 1000, 1)} s`;
const kb = (bytes: number) => `${formatNumber(bytes / 1024, 0)} kB`;

function timed<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const r = fn();
  return [r, performance.now() - t];
}

async function benchIngest(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bench-"));
  const db = path.join(tmp, "bench.duckdb");
  const t = performance.now();
  const result = await ingest({ dataDir: DEMO_DIR, dbPath: db });
  const ms = performance.now() - t;
  console.log(`ingest demo: ${formatNumber(result.rows)} rader i ${seconds(ms)} (${formatNumber(result.rows / (ms / 1000))} rader/s), databas ${kb(fs.statSync(db).size)}`);
  fs.rmSync(tmp, { recursive: true, force: true });
}

function npm(script: string): void {
  execFileSync("npm", ["run", "-s", script], { cwd: PROJECT_ROOT, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true" } });
}

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

function benchBuild(): void {
  if (!fs.existsSync(DEFAULT_DB)) {
    console.log("bygg: hoppar över (ingen databas; kör npm run ingest -- --data data/demo --db data/forsorjning.duckdb)");
    return;
  }
  fs.rmSync(path.join(PROJECT_ROOT, "src", ".observablehq", "cache"), { recursive: true, force: true });
  fs.rmSync(path.join(PROJECT_ROOT, "dist"), { recursive: true, force: true });
  const [, clean] = timed(() => npm("build"));
  const dist = path.join(PROJECT_ROOT, "dist");
  const pages = walk(dist).filter((f) => f.endsWith(".html"));
  console.log(`bygg från början: ${seconds(clean)} för ${formatNumber(pages.length)} sidor (mål < 180 s)`);
  const [, again] = timed(() => npm("build"));
  console.log(`bygg igen utan ändrade data: ${seconds(again)} (mål < 30 s)`);
  // Payload: the data files each page type references (one example page per type).
  const types = new Map<string, string>();
  for (const page of pages) {
    const rel = path.relative(dist, page);
    const type = rel.includes("/") ? `${rel.split("/")[0]}/…` : rel;
    if (!types.has(type)) types.set(type, page);
  }
  for (const [type, page] of [...types].sort()) {
    const html = fs.readFileSync(page, "utf8");
    const files = [...new Set([...html.matchAll(/["'(]\.?\.?\/?((?:\.\.\/)*_file\/[^"')]+)["')]/g)].map((m) => m[1].replace(/^(\.\.\/)+/, "")))];
    // A page registers every view's file but fetches only the one shown: the year view (…/ar.json, …/ar-T.json) and
    // kön K/M (…-K.json, …-M.json) are alternatives to the default half-year, kön T file, so they are not counted.
    const hamtas = files.filter((f) => !/\/(ar|ar-[TKM]|halvar-[KM])\.[0-9a-f]+\.json$/.test(f));
    const bytes = hamtas.reduce((sum, f) => sum + (fs.existsSync(path.join(dist, f)) ? fs.statSync(path.join(dist, f)).size : 0), 0);
    console.log(`data per sida ${type}: ${kb(bytes)} i ${hamtas.length} filer (när sidan öppnas)`);
  }
}

async function benchInsatser(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bench-insatser-"));
  const env = { FORSORJNING_NYCKEL: path.join(tmp, "nyckel") };
  const mb = (bytes: number) => `${formatNumber(bytes / 1024 / 1024, 0)} MB`;
  const show = (what: string, m: IngestMeasure) =>
    console.log(`ingest ${what}: ${formatNumber(m.rows)} rader i ${seconds(m.seconds * 1000)} (${formatNumber(m.rows / m.seconds)} rader/s), högsta minne ${mb(m.maxRss)}`);
  try {
    show("insatser, demoexporten data/demo/sus", measureIngest(path.join(DEMO_DIR, "sus"), path.join(tmp, "demo.duckdb"), env));
    const stor = path.join(tmp, "stor");
    writeLargeExport(stor, 1_000_000);
    show("insatser, genererad SUS-export med 1 000 000 deltaganden", measureIngest(stor, path.join(tmp, "stor.duckdb"), env));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (!onlyInsatser) await benchIngest();
if (!onlyIngest) await benchInsatser();
if (!onlyIngest && !onlyInsatser) benchBuild();
