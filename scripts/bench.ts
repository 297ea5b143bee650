// The benchmark of issue #10 (a benchmark, not a test: it prints figures and marks goals, it never fails a build).
//
//   npm run bench                          every case, a–f
//   npm run bench -- --fall b              one case (or a list: --fall a,b,d)
//   npm run bench -- --snabb               a quick smoke run of the ingest cases (a–d) at small scale
//   npm run bench -- --json bench.json     the same figures as JSON (for the README table)
//   other options: --minnestak <GB> (default 6: a measured process is stopped above it, so the shared machine
//   survives an ingest that would need more), --webbdata demo|nationell (the database (e) and (f) build from),
//   --laddningar <n> (page loads per page type in (f), default 3)
//
// Cases (each ingest and each floor in its own child process, scripts/bench/child.ts, peak memory read there):
//   (a) the bundled demo (data/demo)
//   (b) the national-scale set: 290 kommuner × every month 2000–2025 × six ersättningar × K/M, population by
//       single-year age × kön every 31 December (scripts/bench/generate-national.ts, ~2.67 M rows, ~88 MB)
//   (c) 1 000 000 participations in ~300 insatser (scripts/bench/generate-deltagare.ts); skipped with a note while
//       the pipeline does not read the insatser files
//   (d) (b)'s payouts × 10 as far as valid canonical input allows (a longer history, then kön T beside K and M:
//       7.67× — see generate-national.ts), to show how time and memory grow with the rows
//   (e) `npm run build`: clean, nothing changed, one page changed (src/metod.md touched and restored)
//   (f) per page type: data and JS the page references (bytes, gzip) and navigation → first chart in Chromium
// Each ingest case is compared with a floor measured in the same run, in turn with the pipeline: the same files loaded
// with DuckDB's read_csv into a DuckDB file and the same measure in plain SQL (försörjningsmåttet at every level,
// half-years and years), no validation (scripts/bench/floor.ts); the measure's row count and a checksum must agree
// with the pipeline's.
//
// Generated data goes to tmp/bench-data/ (git-ignored; BENCH_DATA=<dir> elsewhere) and is reused while its
// generator version and options are the same. Progress goes to stderr, the results to stdout.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEMO_DIR, PROJECT_ROOT } from "../loaders/config.ts";
import { formatNumber } from "@forsorjningsmatt/delat/format.js";
import { measureIngest } from "./bench-insatser.ts";
import { generateDeltagare } from "./bench/generate-deltagare.ts";
import { generateNational } from "./bench/generate-national.ts";
import { type Measured, runChild } from "./bench/measure.ts";
import { benchBuilds, benchPages, DIST, htmlPages, npmBuild, type BuildTimes, type PageResult } from "./bench/site.ts";

// ---------------------------------------------------------------------------------------------------------------
// Goals (issue #10)

/** Runs of the floor and of the pipeline per case, in turn (the median of each counts); one with --snabb; (d)'s pipeline once. */
const RUNS = 5;

const GOAL = {
  floorRatio: 1.5,
  peakBytes: 2e9,
  /** (d): time at most 1.1 × the row ratio × (b)'s time (11× for 10× the rows); peak not growing with the rows. */
  growthSlack: 1.1,
  growthPeakRatio: 1.5,
  cleanBuildMs: 180_000,
  pageChangedMs: 15_000,
  unchangedMs: 2_000,
  pageGzipBytes: 300_000,
  firstChartMs: 1_500,
};

// ---------------------------------------------------------------------------------------------------------------
// Options

const USAGE = `Användning: npm run bench [-- --fall a,b,c,d,e,f] [--snabb] [--json <fil>] [--minnestak <GB>] [--webbdata demo|nationell] [--laddningar <n>]`;

interface Options {
  fall: Set<string>;
  snabb: boolean;
  json?: string;
  limitBytes: number;
  webbdata: "demo" | "nationell";
  loads: number;
}

function parseOptions(argv: string[]): Options {
  const value = (name: string) => {
    const i = argv.indexOf(name);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    if (v === undefined || v.startsWith("--")) throw new Error(`${name} behöver ett värde`);
    return v;
  };
  const known = new Set(["--fall", "--snabb", "--json", "--minnestak", "--webbdata", "--laddningar", "--help", "-h"]);
  for (const a of argv) if (a.startsWith("-") && !known.has(a)) throw new Error(`okänd flagga ${a}`);
  const snabb = argv.includes("--snabb");
  const fall = new Set((value("--fall") ?? (snabb ? "a,b,c,d" : "a,b,c,d,e,f")).split(",").map((s) => s.trim().toLowerCase()).filter(Boolean));
  for (const f of fall) if (!"abcdef".includes(f) || f.length !== 1) throw new Error(`okänt fall "${f}" (a–f)`);
  const gb = Number(value("--minnestak") ?? 6);
  const webbdata = value("--webbdata") ?? "demo";
  if (webbdata !== "demo" && webbdata !== "nationell") throw new Error(`--webbdata ska vara demo eller nationell`);
  const loads = Number(value("--laddningar") ?? 3);
  if (!(gb > 0) || !(loads >= 1)) throw new Error("--minnestak och --laddningar ska vara positiva tal");
  return { fall, snabb, json: value("--json"), limitBytes: gb * 1e9, webbdata, loads: Math.round(loads) };
}

// ---------------------------------------------------------------------------------------------------------------
// Formatting (Swedish, as the site writes numbers)

const s = (ms: number | null | undefined) => (ms == null ? "–" : `${formatNumber(ms / 1000, ms < 10_000 ? 2 : 1)} s`);
const gb = (bytes: number | null | undefined) => (bytes == null || !bytes ? "–" : `${formatNumber(bytes / 1e9, bytes < 1e9 ? 2 : 1)} GB`);
const kb = (bytes: number) => `${formatNumber(bytes / 1000, 0)} kB`;
const times = (x: number | null) => (x == null || !Number.isFinite(x) ? "–" : `${formatNumber(x, x < 10 ? 2 : 1)}×`);
const mark = (ok: boolean | null) => (ok === null ? "–" : ok ? "✓" : "✗");
const progress = (text: string) => process.stderr.write(`… ${text}\n`);

// ---------------------------------------------------------------------------------------------------------------
// Ingest cases (a)–(d)

interface IngestCaseResult {
  fall: string;
  namn: string;
  kind: "utbetalning" | "deltagare";
  data: { katalog: string; rader: number | null; byte: number | null; filer: number | null; kalla: string; genereringS?: number; anmarkning?: string };
  hoppadesOver?: string;
  pipeline: Measured | null;
  golv: Measured | null;
  /** Pipeline: ingest + the measure read back; floor: read_csv + the measure. */
  tidMs: number | null;
  golvTidMs: number | null;
  /** Every floor run's time (the median run counts). */
  golvTider: number[];
  /** Every pipeline run's time (the median run counts). */
  pipelineTider: number[];
  kvot: number | null;
  raderPerS: number | null;
  kontroll: { raderLika: boolean | null; summaLika: boolean | null };
  mal: Record<string, boolean | null>;
  belastning: { fore: number[]; efter: number[] };
}

interface Prepared {
  dir: string;
  rows: number | null;
  bytes: number | null;
  files: number | null;
  source: string;
  seconds?: number;
  note?: string;
}

function dataRoot(): string {
  return path.resolve(process.env.BENCH_DATA ?? path.join(PROJECT_ROOT, "tmp", "bench-data"));
}

function csvStats(dir: string): { rows: number; bytes: number; files: number } {
  let rows = 0;
  let bytes = 0;
  let files = 0;
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith(".csv"))) {
    const buf = fs.readFileSync(path.join(dir, f));
    bytes += buf.length;
    files++;
    let lines = 0;
    for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) lines++;
    rows += Math.max(0, lines - 1);
  }
  return { rows, bytes, files };
}

function prepare(fall: string, opts: Options): Prepared {
  const root = dataRoot();
  const suffix = opts.snabb ? "-snabb" : "";
  const base = opts.snabb ? { fran: 2024, till: 2025 } : { fran: 2000, till: 2025 };
  if (fall === "a") {
    const st = csvStats(DEMO_DIR);
    return { dir: DEMO_DIR, rows: st.rows, bytes: st.bytes, files: st.files, source: "medföljer (data/demo)" };
  }
  if (fall === "b" || fall === "d") {
    const dir = path.join(root, `nationell${suffix}${fall === "d" ? "-x10" : ""}`);
    progress(`(${fall}) data i ${path.relative(PROJECT_ROOT, dir)}`);
    const { manifest, plan, reused } = generateNational({ out: dir, ...base, skala: fall === "d" ? 10 : 1 });
    const rows = manifest.rows.befolkning + manifest.rows.utbetalningar;
    return {
      dir,
      rows,
      bytes: manifest.bytes,
      files: manifest.files,
      source: reused ? "återanvänd" : "genererad",
      seconds: reused ? undefined : manifest.seconds,
      note:
        `utbetalningar ${plan.payoutYears.join("–")} kön ${plan.kon.join("/")}: ${formatNumber(manifest.rows.utbetalningar)} rader` +
        (fall === "d"
          ? ` = ${times(plan.payoutRows / plan.baseRows)} (b):s${plan.payoutRows < 9.99 * plan.baseRows ? " (så långt giltiga rader räcker: åren 1968–2100 och kön T, se generate-national.ts)" : ""}`
          : "") +
        `; befolkning ${plan.populationYears.join("–")}: ${formatNumber(manifest.rows.befolkning)} rader`,
    };
  }
  const dir = path.join(root, `deltagare${suffix}`);
  progress(`(c) data i ${path.relative(PROJECT_ROOT, dir)}`);
  const { manifest, reused } = generateDeltagare({ out: dir, ...(opts.snabb ? { antal: 50_000, insatser: 30 } : {}) });
  return {
    dir,
    rows: Object.values(manifest.rows).reduce((a, b) => a + b, 0),
    bytes: manifest.bytes,
    files: manifest.files,
    source: reused ? "återanvänd" : "genererad",
    seconds: reused ? undefined : manifest.seconds,
    note: Object.entries(manifest.rows).map(([k, n]) => `${k} ${formatNumber(n)}`).join(", "),
  };
}

/** Null when the pipeline has an adapter for every data file in `dir`; otherwise why not. */
async function unreadable(dir: string): Promise<string | null> {
  const { pickAdapter } = await import("../loaders/ingest.ts");
  const unknown: string[] = [];
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith(".csv")).sort()) {
    const full = path.join(dir, name);
    const fd = fs.openSync(full, "r");
    const buf = Buffer.alloc(65_536);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    fs.closeSync(fd);
    const adapter = pickAdapter({ path: full, name, relative: name, bytes: buf.subarray(0, n), hamtad: null });
    if (!("id" in adapter)) unknown.push(name);
  }
  return unknown.length ? `pipelinen känner inte igen ${unknown.join(", ")} (inget format i loaders/sources/ läser dem ännu)` : null;
}

const LABEL: Record<string, string> = {
  a: "demodata",
  b: "nationell skala",
  c: "1 000 000 deltaganden",
  d: "10× utbetalningar",
};

async function ingestCase(fall: string, opts: Options): Promise<IngestCaseResult> {
  const kind = fall === "c" ? "deltagare" : "utbetalning";
  const namn = fall === "c" && opts.snabb ? "50 000 deltaganden" : LABEL[fall];
  const p = prepare(fall, opts);
  const dbDir = path.join(dataRoot(), "db");
  fs.rmSync(dbDir, { recursive: true, force: true });
  fs.mkdirSync(dbDir, { recursive: true });
  const r: IngestCaseResult = {
    fall,
    namn,
    kind,
    data: { katalog: path.relative(PROJECT_ROOT, p.dir) || p.dir, rader: p.rows, byte: p.bytes, filer: p.files, kalla: p.source, genereringS: p.seconds, anmarkning: p.note },
    pipeline: null,
    golv: null,
    tidMs: null,
    golvTidMs: null,
    golvTider: [],
    pipelineTider: [],
    kvot: null,
    raderPerS: null,
    kontroll: { raderLika: null, summaLika: null },
    mal: {},
    belastning: { fore: os.loadavg(), efter: [] },
  };
  // Floor and pipeline run in turn, RUNS times each for (a)–(c) (once each for the large (d), whose floor still runs
  // RUNS times), and the median run of each counts: both meet the same moments of a busy machine. The pipeline's peak
  // is the highest of its runs.
  const skip = await unreadable(p.dir);
  const runs = opts.snabb ? 1 : RUNS;
  const floors: Measured[] = [];
  const pipelines: Measured[] = [];
  const total = (m: Measured) => m.loadMs + m.measureMs;
  for (let i = 0; i < runs; i++) {
    if (!floors.length || floors[floors.length - 1].ok) {
      progress(`(${fall}) golv ${i + 1}: read_csv + mått i SQL`);
      floors.push(await runChild({ mode: "floor", kind, dataDir: p.dir, dbPath: path.join(dbDir, "golv.duckdb") }, opts.limitBytes));
    }
    if (!skip && (i === 0 || (fall !== "d" && pipelines[pipelines.length - 1].ok))) {
      progress(`(${fall}) pipeline ${i + 1}: ingest() + måttet ur vyerna`);
      pipelines.push(await runChild({ mode: "pipeline", kind, dataDir: p.dir, dbPath: path.join(dbDir, "pipeline.duckdb") }, opts.limitBytes));
    }
  }
  const median = (ms: Measured[]): Measured => {
    const ok = ms.filter((m) => m.ok).sort((x, y) => total(x) - total(y));
    return ok.length === ms.length ? ok[Math.floor(ok.length / 2)] : ms[ms.length - 1];
  };
  r.golv = median(floors);
  r.golvTider = floors.filter((g) => g.ok).map(total);
  if (r.golv.ok) r.golvTidMs = total(r.golv);
  if (skip) {
    r.hoppadesOver = skip;
  } else {
    r.pipeline = { ...median(pipelines), peakBytes: Math.max(...pipelines.map((m) => m.peakBytes)) };
    r.pipelineTider = pipelines.filter((m) => m.ok).map(total);
    if (r.pipeline.ok) {
      r.tidMs = total(r.pipeline);
      r.raderPerS = r.pipeline.rows / (r.tidMs / 1000);
      if (r.golvTidMs) r.kvot = r.tidMs / r.golvTidMs;
      if (r.golv.ok && r.pipeline.measureRows !== null && r.golv.measureRows !== null) {
        r.kontroll.raderLika = r.pipeline.measureRows === r.golv.measureRows;
        const a = r.pipeline.checksum ?? NaN;
        const b = r.golv.checksum ?? NaN;
        r.kontroll.summaLika = Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
      }
    }
    if (fall !== "d") {
      r.mal.kvot = r.kvot === null ? false : r.kvot <= GOAL.floorRatio;
      r.mal.topp = r.pipeline.ok ? r.pipeline.peakBytes < GOAL.peakBytes : false;
    }
  }
  r.belastning.efter = os.loadavg();
  return r;
}

function ingestLines(r: IngestCaseResult, b?: IngestCaseResult): string[] {
  const head = `(${r.fall}) ${r.namn.padEnd(22)}${(r.data.rader === null ? "–" : formatNumber(r.data.rader)).padStart(11)} rader`;
  const golv = r.golv?.ok ? `golv ${s(r.golvTidMs)} / ${gb(r.golv.peakBytes)}` : `golv fel: ${r.golv?.error ?? "–"}`;
  const golvRuns = r.golvTider.length > 1 ? ` (median av ${r.golvTider.map((t) => s(t)).join(", ")})` : "";
  const lines: string[] = [];
  if (r.hoppadesOver) {
    lines.push(`${head}  hoppar över: ${r.hoppadesOver}  ${golv}`);
  } else if (!r.pipeline?.ok) {
    const why = r.pipeline?.killedAtBytes
      ? `avbruten vid ${gb(r.pipeline.killedAtBytes)} efter ${s(r.pipeline.processMs)} (minnestak --minnestak)`
      : `fel efter ${s(r.pipeline?.processMs)}: ${r.pipeline?.error ?? "–"}`;
    lines.push(`${head}  ${why}  topp ${gb(r.pipeline?.peakBytes)}  ${golv}  ✗`);
  } else {
    const pl = r.pipeline;
    let line = `${head}  tid ${s(r.tidMs).padStart(7)}  topp ${gb(pl.peakBytes).padStart(7)}  ${formatNumber(r.raderPerS ?? 0).padStart(9)} rader/s  ${golv}  kvot ${times(r.kvot)}`;
    if (r.fall !== "d") line += `  mål ≤ ${formatNumber(GOAL.floorRatio, 1)}× ${mark(r.mal.kvot)}  topp < ${gb(GOAL.peakBytes)} ${mark(r.mal.topp)}`;
    lines.push(line);
  }
  const detail: string[] = [];
  const pipelineRuns = r.pipelineTider.length > 1 ? ` (median av ${r.pipelineTider.map((t) => s(t)).join(", ")})` : "";
  if (r.pipeline?.ok) detail.push(`inläsning ${s(r.pipeline.loadMs)} + mått ${s(r.pipeline.measureMs)}${pipelineRuns}`);
  if (r.golv?.ok) detail.push(`golv read_csv ${s(r.golv.loadMs)} + mått ${s(r.golv.measureMs)}${golvRuns}`);
  const what = r.kind === "utbetalning" ? "rader i forsorjningsmatt" : "rader i insats_resultat";
  if (r.pipeline?.ok && r.pipeline.measureRows === null) detail.push(`${what}: pipelinen har ingen sådan vy (${r.pipeline.measureError ?? "–"})`);
  else if (r.kontroll.raderLika !== null) {
    detail.push(
      `${what} ${formatNumber(r.pipeline!.measureRows!)} ${r.kontroll.raderLika ? "=" : "≠"} golvets ${formatNumber(r.golv!.measureRows!)} ${mark(r.kontroll.raderLika)}, kontrollsumma ${r.kontroll.summaLika ? "lika" : "olika"} ${mark(r.kontroll.summaLika)}`,
    );
  } else if (r.golv?.ok) detail.push(`${what} i golvet ${formatNumber(r.golv.measureRows ?? 0)}`);
  if (r.fall === "d" && b?.pipeline?.ok && r.pipeline?.ok && b.tidMs && r.data.rader && b.data.rader) {
    const rowRatio = r.data.rader / b.data.rader;
    const limit = GOAL.growthSlack * rowRatio;
    const timeRatio = r.tidMs! / b.tidMs;
    const peakRatio = r.pipeline.peakBytes / b.pipeline.peakBytes;
    r.mal.tillvaxtTid = timeRatio <= limit;
    r.mal.tillvaxtTopp = peakRatio <= GOAL.growthPeakRatio;
    lines[0] += `  mot (b): tid ${times(timeRatio)} för ${times(rowRatio)} raderna, mål ≤ ${times(limit)} ${mark(r.mal.tillvaxtTid)}; topp ${times(peakRatio)}, mål ≤ ${times(GOAL.growthPeakRatio)} ${mark(r.mal.tillvaxtTopp)}`;
  } else if (r.fall === "d") {
    r.mal.tillvaxtTid = false;
    r.mal.tillvaxtTopp = r.pipeline?.ok === false ? false : null;
    lines[0] += `  mot (b): – ✗`;
  }
  detail.push(`data ${r.data.kalla}${r.data.genereringS ? ` på ${s(r.data.genereringS * 1000)}` : ""}: ${r.data.byte ? `${formatNumber(r.data.byte / 1e6, 1)} MB i ${r.data.filer} filer` : ""}${r.data.anmarkning ? `; ${r.data.anmarkning}` : ""}`);
  detail.push(`belastning ${r.belastning.fore.map((x) => formatNumber(x, 1)).join(" / ")} → ${r.belastning.efter.map((x) => formatNumber(x, 1)).join(" / ")}`);
  lines.push(`    ${detail.join("; ")}`);
  return lines;
}

// ---------------------------------------------------------------------------------------------------------------
// Site cases (e), (f)

interface SiteResult {
  databas: string;
  bygge: BuildTimes | null;
  sidor: PageResult[] | null;
  fel?: string;
  mal: Record<string, boolean | null>;
}

async function siteDatabase(opts: Options, fresh: boolean): Promise<string> {
  const dir = path.join(dataRoot(), "webbplats");
  const db = path.join(dir, `${opts.webbdata}.duckdb`);
  if (!fresh && fs.existsSync(db)) return db;
  const data = opts.webbdata === "demo" ? DEMO_DIR : prepare("b", { ...opts, snabb: false }).dir;
  fs.mkdirSync(dir, { recursive: true });
  progress(`(e/f) databas för webbplatsen: npm run ingest -- --data ${path.relative(PROJECT_ROOT, data)}`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "loaders/cli/ingest.ts", "--data", data, "--db", db], { cwd: PROJECT_ROOT, stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`inläsningen för webbplatsen misslyckades: ${err.trim().split("\n").slice(-2).join(" ")}`))));
  });
  return db;
}

async function siteCases(opts: Options): Promise<SiteResult> {
  const out: SiteResult = { databas: "", bygge: null, sidor: null, mal: {} };
  const logDir = path.join(dataRoot(), "loggar");
  try {
    const db = await siteDatabase(opts, opts.fall.has("e"));
    out.databas = path.relative(PROJECT_ROOT, db);
    const pages = async () => {
      if (!opts.fall.has("f")) return;
      progress(`(f) sidor i Chromium, ${opts.loads} laddningar per sidtyp`);
      out.sidor = await benchPages(opts.loads);
    };
    if (opts.fall.has("e")) {
      progress("(e) npm run build: från början, utan ändring, efter en ändrad sida");
      out.bygge = await benchBuilds(db, logDir, pages);
    } else {
      progress("(f) npm run build (ej mätt) så att dist/ är byggd från databasen");
      await npmBuild(db, path.join(logDir, "bygge-for-sidor.log"));
      await pages();
    }
  } catch (error) {
    out.fel = (error as Error).message;
  }
  return out;
}

function siteLines(r: SiteResult, opts: Options): string[] {
  const lines: string[] = [];
  if (opts.fall.has("e")) {
    const b = r.bygge;
    r.mal.byggeFranBorjan = b?.cleanMs == null ? false : b.cleanMs < GOAL.cleanBuildMs;
    r.mal.byggeAndradSida = b?.pageChangedMs == null ? false : b.pageChangedMs < GOAL.pageChangedMs;
    r.mal.byggeUtanAndring = b?.unchangedMs == null ? false : b.unchangedMs < GOAL.unchangedMs;
    const pages = b ? `${formatNumber(b.pages)} sidor` : "";
    lines.push(`(e) bygge från början      ${s(b?.cleanMs).padStart(8)}  mål < ${s(GOAL.cleanBuildMs)} ${mark(r.mal.byggeFranBorjan)}  ${pages}, databas ${r.databas || "–"}`);
    lines.push(`    bygge efter ändrad sida ${s(b?.pageChangedMs).padStart(8)}  mål < ${s(GOAL.pageChangedMs)} ${mark(r.mal.byggeAndradSida)}  (src/metod.md ändrad och återställd)`);
    lines.push(`    bygge utan ändring      ${s(b?.unchangedMs).padStart(8)}  mål < ${s(GOAL.unchangedMs)} ${mark(r.mal.byggeUtanAndring)}`);
  }
  if (opts.fall.has("f")) {
    let allData = true;
    let allCharts = true;
    for (const [i, p] of (r.sidor ?? []).entries()) {
      // The goal is on what the page fetches when it opens (as sent); the registered files are an upper bound (a
      // page such as Jämför registers one file per kind of period and kön and fetches the one chosen).
      const dataOk = p.oppnad ? p.oppnad.bytes < GOAL.pageGzipBytes : p.data.gzipBytes < GOAL.pageGzipBytes;
      const chartOk = p.firstChartMs.length === 0 || p.firstChartMs[0] === null ? null : p.medianMs !== null && p.medianMs < GOAL.firstChartMs;
      allData &&= dataOk;
      if (chartOk === false) allCharts = false;
      const chart = p.error
        ? `fel: ${p.error}`
        : p.medianMs !== null
          ? `första diagram ${s(p.medianMs)} (median av ${p.firstChartMs.length}) ${mark(chartOk)}`
          : "första diagram – (inget diagram inom 15 s)";
      lines.push(
        `${i === 0 ? "(f)" : "   "} ${p.type.padEnd(20)} data vid öppning ${p.oppnad ? `${kb(p.oppnad.bytes).padStart(7)} i ${p.oppnad.files} filer` : "–".padStart(7)} ${mark(dataOk)} (registrerade ${kb(p.data.bytes)}, gzip ${kb(p.data.gzipBytes)}, i ${p.data.files} filer)  JS ${kb(p.js.bytes).padStart(7)} (gzip ${kb(p.js.gzipBytes).padStart(6)}) i ${String(p.js.files).padStart(2)} filer  ${chart}`,
      );
    }
    r.mal.dataPerSida = r.sidor ? allData : false;
    r.mal.forstaDiagram = r.sidor ? allCharts : false;
    if (r.sidor) lines.push(`    mål: data vid öppning per sida < ${kb(GOAL.pageGzipBytes)} komprimerat ${mark(r.mal.dataPerSida)}, första diagram < ${s(GOAL.firstChartMs)} ${mark(r.mal.forstaDiagram)}`);
  }
  if (r.fel) lines.push(`    fel: ${r.fel}`);
  return lines;
}

// ---------------------------------------------------------------------------------------------------------------

function machine(): Record<string, unknown> {
  const git = (...args: string[]) => {
    try {
      return execFileSync("git", args, { cwd: PROJECT_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    } catch {
      return "";
    }
  };
  const duckdb = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "node_modules", "@duckdb", "node-api", "package.json"), "utf8")).version as string;
  return {
    tid: new Date().toISOString(),
    commit: git("rev-parse", "--short", "HEAD"),
    gren: git("rev-parse", "--abbrev-ref", "HEAD"),
    andradeFiler: git("status", "--porcelain", "--", "loaders", "src", "scripts").split("\n").filter(Boolean).length,
    node: process.version,
    duckdb,
    karnor: os.availableParallelism(),
    minneGB: os.totalmem() / 1e9,
    belastning: os.loadavg(),
  };
}

/**
 * Beside case (c): the demo's SUS-style export (data/demo/sus: Excel, Windows-1252 CSV with personnummer, a register)
 * through the exact path — every number checked and hashed — in its own process; no floor (DuckDB cannot read it).
 */
function susDemoLine(): string {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bench-sus-"));
  try {
    const m = measureIngest(path.join(PROJECT_ROOT, "data", "demo", "sus"), path.join(tmp, "sus.duckdb"));
    return `    SUS-demoexporten (data/demo/sus): ${formatNumber(m.rows)} rader  tid ${formatNumber(m.seconds, 1)} s  topp ${formatNumber(m.maxRss / 1e9, 2)} GB  ${formatNumber(m.rows / m.seconds)} rader/s (exakt väg: personnummer kontrolleras och nyckelhashas)`;
  } catch (error) {
    return `    SUS-demoexporten: fel: ${(error as Error).message.slice(0, 200)}`;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  let opts: Options;
  try {
    if (process.argv.includes("--help") || process.argv.includes("-h")) {
      console.log(USAGE);
      return 0;
    }
    opts = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const m = machine();
  console.log(
    `npm run bench${opts.snabb ? " --snabb" : ""} — ${String(m.tid).slice(0, 16).replace("T", " ")} UTC, ${m.gren} ${m.commit}${m.andradeFiler ? ` (+${m.andradeFiler} ändrade filer)` : ""}, ` +
      `Node ${m.node}, DuckDB ${m.duckdb}, ${m.karnor} kärnor, ${formatNumber(m.minneGB as number, 0)} GB minne, belastning ${(m.belastning as number[]).map((x) => formatNumber(x, 1)).join(" / ")} (1/5/15 min)`,
  );
  const report: { maskin: Record<string, unknown>; mal: typeof GOAL; fall: IngestCaseResult[]; webbplats: SiteResult | null; belastningEfter?: number[] } = {
    maskin: m,
    mal: GOAL,
    fall: [],
    webbplats: null,
  };
  const save = () => {
    if (opts.json) fs.writeFileSync(opts.json, `${JSON.stringify(report, null, 2)}\n`);
  };
  // (d) is judged against (b): measure (b) too.
  const ingestCases = ["a", "b", "c", "d"].filter((f) => opts.fall.has(f) || (f === "b" && opts.fall.has("d")));
  let b: IngestCaseResult | undefined;
  for (const fall of ingestCases) {
    const r = await ingestCase(fall, opts);
    if (fall === "b") b = r;
    report.fall.push(r);
    for (const line of ingestLines(r, b)) console.log(line);
    if (fall === "c") console.log(susDemoLine());
    save();
  }
  if (opts.fall.has("e") || opts.fall.has("f")) {
    const r = await siteCases(opts);
    report.webbplats = r;
    for (const line of siteLines(r, opts)) console.log(line);
    // A page-changed rebuild leaves dist/ with the touched page; the next npm run build rebuilds it.
    if (opts.fall.has("e") && htmlPages(DIST).length === 0) console.log("    obs: dist/ är tom efter mätningen");
  }
  report.belastningEfter = os.loadavg();
  console.log(`belastning efteråt ${report.belastningEfter.map((x) => formatNumber(x, 1)).join(" / ")} (1/5/15 min)`);
  save();
  return 0;
}

process.exitCode = await main();
