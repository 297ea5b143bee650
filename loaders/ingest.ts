// The ingest: every canonical file under a data directory → validated rows → a new DuckDB file, swapped in
// atomically. A refused or interrupted ingest leaves the existing database exactly as it was.
import crypto from "node:crypto";
import fs from "node:fs";
import { setImmediate as setImmediatePromise } from "node:timers/promises";
import path from "node:path";
import {
  type DuckDBConnection,
  DuckDBDecimalValue,
  DuckDBDateValue,
  DuckDBInstance,
} from "@duckdb/node-api";
import {
  type AgeBand,
  DEFAULT_AGE_BAND,
  DEFAULT_ECONOMY,
  DEMO_MARKER_FILE,
  type EconomySettings,
  ERSATTNINGAR,
  type ErsattningId,
  GRUPPER,
  HELARSEKVIVALENT_AGE_BAND,
  MAX_AGE,
  REFERENCE_DIR,
  ingestMemoryLimit,
} from "./config.ts";
import { CanonicalData, type FileInfo, type UtbetalningRow } from "./canonical/accept.ts";
import { displayPath, IngestError, quoteFound, UsageError } from "./errors.ts";
import { CANONICAL_LAYOUTS, canonicalCsv, canonicalKindOf, readCanonicalFile } from "./sources/canonical-csv.ts";
import { type BulkFile, type BulkKind, type BulkResult, bulkLoad, bulkTable, createKommunLookup, isBulkKind, readHeader } from "./bulk.ts";
import { bulkDeltagare, type BulkDeltagareFile, isBulkDeltagare } from "./bulk-deltagare.ts";
import { ADAPTERS, DATA_FILE } from "./sources/index.ts";
import { withMappingList } from "./sources/mapping.ts";
import type { SourceAdapter, SourceFile } from "./sources/types.ts";
import { epochDays, parseDatum } from "./periods.ts";
import { loadReference, REFERENCE_FILES } from "./reference.ts";
import { formatNumber } from "@forsorjningsmatt/delat/format.js";
import { buildSql } from "./measures/views.ts";
import { befolkningBandNotes } from "./canonical/accept-omrade.ts";
import { writeOmraden } from "./db/write-omraden.ts";
import { finishInsatser } from "./canonical/accept-insatser.ts";
import { insatserViewsSql, writeInsatser } from "./insatser/db.ts";

export interface IngestOptions {
  dataDir: string;
  dbPath: string;
  ageBand?: AgeBand;
  /** The förbund's own totalt: which ersättningar the group totalt sums (DESIGN.md §2.1); all six by default. */
  totalt?: readonly string[];
  /** Settings of the förbund's economy (statens fördelningsmodell, medlemsandelar); DEFAULT_ECONOMY where omitted. */
  ekonomi?: Partial<EconomySettings>;
  /** Large canonical CSV files through DuckDB's own reader (default true); false reads every file on the exact path. */
  snabb?: boolean;
  /**
   * Take an unchanged canonical file's rows (same path, size and modification time) from the database being replaced
   * instead of reading the file again (default true; false reads every file).
   */
  inkrementell?: boolean;
  /** Progress lines (one per file, then a summary); silent when omitted. */
  log?: (line: string) => void;
}

export interface IngestedFile extends FileInfo {
  /** Read on the fast path (DuckDB's reader and set-based checks) rather than row by row. */
  fast?: boolean;
  /** Unchanged since the previous ingest: its rows were taken from the database being replaced, the file not read. */
  reused?: boolean;
  sha256: string;
  raderLasta: number;
  raderInlasta: number;
}

export interface IngestResult {
  files: IngestedFile[];
  /** Data files no adapter recognised, with the reasons. */
  unknown: { fil: string; orsak: string }[];
  notes: string[];
  demodata: boolean;
  forbundKalla: string;
  rows: number;
}

const SCHEMA_SQL = new URL("./db/schema.sql", import.meta.url);

/** Candidate data files under a directory (recursively, sorted so the result never depends on the file system). */
export function findDataFiles(dataDir: string): { files: string[]; demo: boolean } {
  const files: string[] = [];
  let demo = false;
  const referenceDir = path.resolve(REFERENCE_DIR);
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (entry.name.startsWith(".")) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        // The built-in reference data is loaded on its own, never as the user's data.
        if (path.resolve(full) !== referenceDir && entry.name !== "node_modules") walk(full);
      } else if (entry.name === DEMO_MARKER_FILE) {
        demo = true;
      } else if (DATA_FILE.test(entry.name)) {
        files.push(full);
      }
    }
  };
  walk(dataDir);
  return { files, demo };
}

/** The retrieval date of a file from a dated folder in its path (data/raw/<källa>/<ÅÅÅÅ-MM-DD>/…). */
export function retrievalDate(relative: string): string | null {
  const dated = relative.split("/").slice(0, -1).filter((part) => /^\d{4}-\d{2}-\d{2}$/.test(part) && parseDatum(part));
  return dated.length ? dated[dated.length - 1] : null;
}

/** The first adapter that recognises a file, or every adapter's reason for not doing so. */
export function pickAdapter(file: SourceFile, adapters: SourceAdapter[] = ADAPTERS): SourceAdapter | { reasons: string[] } {
  const reasons: string[] = [];
  for (const adapter of adapters) {
    const d = adapter.detect(file);
    if (d.ok) return adapter;
    reasons.push(`${adapter.namn}: ${d.reason}`);
  }
  return { reasons };
}

function sha256(bytes: Buffer): string {
  return crypto.createHash("sha256").update(bytes).digest("hex");
}

function parseAgeBand(band: AgeBand): AgeBand {
  if (!Number.isInteger(band.fran) || !Number.isInteger(band.till) || band.fran < 0 || band.till > MAX_AGE || band.fran > band.till) {
    throw new UsageError(`Åldersbandet ${band.fran}–${band.till} går inte att använda: ange två hela åldrar 0–${MAX_AGE}, den första inte större än den andra (t.ex. 16-64).`);
  }
  return band;
}

type Appender = Awaited<ReturnType<DuckDBConnection["createAppender"]>>;

function appendNullable(a: Appender, value: string | null): void {
  if (value === null) a.appendNull();
  else a.appendVarchar(value);
}

async function appendRows<T>(
  connection: DuckDBConnection,
  table: string,
  rows: readonly T[],
  append: (appender: Appender, row: T) => void,
): Promise<void> {
  if (rows.length === 0) return;
  const appender = await connection.createAppender(table);
  for (const row of rows) {
    append(appender, row);
    appender.endRow();
  }
  appender.closeSync();
}

/** The ersättningar of totalt: all six, or the förbund's own definition (each a known id, at least one). */
export function parseTotalt(ids: readonly string[] | undefined): ErsattningId[] {
  if (ids === undefined) return ERSATTNINGAR.map((e) => e.id);
  const known = new Map(ERSATTNINGAR.map((e) => [e.id as string, e.id]));
  const wrong = ids.filter((id) => !known.has(id));
  if (wrong.length || ids.length === 0) {
    throw new UsageError(
      `Totalt kan inte definieras som ${ids.length ? ids.map((id) => `"${id}"`).join(", ") : "(inga ersättningar)"}: ange en eller flera av ${ERSATTNINGAR.map((e) => e.id).join(", ")}, med komma emellan${wrong.length ? ` (okänd: ${wrong.join(", ")})` : ""}.`,
    );
  }
  return ERSATTNINGAR.map((e) => e.id).filter((id) => ids.includes(id));
}

/** The economy settings with defaults filled in, checked: B ≥ 0, G ≥ 0, weights ≥ 0 summing to 1, a valid key band. */
export function parseEconomy(given: Partial<EconomySettings> | undefined): EconomySettings {
  const e = { ...DEFAULT_ECONOMY, ...(given ?? {}) };
  const bad = (what: string) => new UsageError(`Inställningen för förbundets ekonomi går inte att använda: ${what}.`);
  if (!(e.budgetKr >= 0) || !(e.grundbeloppKr >= 0)) throw bad(`budget (${e.budgetKr}) och grundbelopp (${e.grundbeloppKr}) ska vara belopp i kronor, 0 eller mer`);
  if (!(e.viktBelopp >= 0) || !(e.viktBefolkning >= 0) || Math.abs(e.viktBelopp + e.viktBefolkning - 1) > 1e-9) {
    throw bad(`vikterna ${e.viktBelopp} och ${e.viktBefolkning} ska vara 0 eller mer och summera till 1 (t.ex. 0.75,0.25)`);
  }
  if (!Number.isInteger(e.nyckelArFore) || e.nyckelArFore < 0 || e.nyckelArFore > 5) throw bad(`år före budgetåret (${e.nyckelArFore}) ska vara ett heltal 0–5`);
  if (e.nyckelAldersband) parseAgeBand(e.nyckelAldersband);
  return e;
}

/** Appends everything read on the exact path, the reference data and the settings to the new database's tables. */
async function appendAll(connection: DuckDBConnection, data: CanonicalData, result: IngestResult, ageBand: AgeBand, totalt: ErsattningId[], ekonomi: EconomySettings): Promise<void> {
  const ref = loadReference();
  {
    const settings: [string, string][] = [
      ["alder_fran", String(ageBand.fran)],
      ["alder_till", String(ageBand.till)],
      ["demodata", result.demodata ? "ja" : "nej"],
      ["forbund_kalla", result.forbundKalla],
      // Which ersättningar totalt sums (comma-separated ids); all six unless the förbund defined its own totalt.
      ["totalt_ersattningar", totalt.join(",")],
      // The förbund's economy (DESIGN.md §2.4): read by loaders/measures/ekonomi.sql and shown beside its figures.
      ["fordelning_budget_kr", String(ekonomi.budgetKr)],
      ["fordelning_grundbelopp_kr", String(ekonomi.grundbeloppKr)],
      ["fordelning_vikt_belopp", String(ekonomi.viktBelopp)],
      ["fordelning_vikt_befolkning", String(ekonomi.viktBefolkning)],
      ["medlemsandel_alder_fran", String((ekonomi.nyckelAldersband ?? ageBand).fran)],
      ["medlemsandel_alder_till", String((ekonomi.nyckelAldersband ?? ageBand).till)],
      ["medlemsandel_befolkning_ar_fore", String(ekonomi.nyckelArFore)],
    ];
    await appendRows(connection, "installning", settings, (a, [k, v]) => {
      a.appendVarchar(k);
      a.appendVarchar(v);
    });
    await appendRows(connection, "lan", ref.lan, (a, l) => {
      a.appendVarchar(l.lanskod);
      a.appendVarchar(l.lansnamn);
    });
    await appendRows(connection, "kommun", ref.kommuner, (a, k) => {
      a.appendVarchar(k.kommunkod);
      a.appendVarchar(k.kommunnamn);
      a.appendVarchar(k.lanskod);
    });
    await appendRows(connection, "kommunkod_andring", ref.andringar, (a, c) => {
      a.appendVarchar(c.kod);
      a.appendVarchar(c.nyKod);
      a.appendDate(new DuckDBDateValue(epochDays(parseDatum(c.giltigFran)!)));
      a.appendVarchar(c.typ);
      a.appendVarchar(c.beskrivning);
    });
    const typer = [
      ...ERSATTNINGAR.map((e) => ({ id: e.id as string, namn: e.namn, kortnamn: e.kortnamn, grupp: false })),
      ...GRUPPER.filter((g) => g.medlemmar.length > 1).map((g) => ({ id: g.id as string, namn: g.namn, kortnamn: g.namn, grupp: true })),
    ];
    await appendRows(connection, "ersattning_typ", typer, (a, t) => {
      a.appendVarchar(t.id);
      a.appendVarchar(t.namn);
      a.appendVarchar(t.kortnamn);
      a.appendBoolean(t.grupp);
      a.appendInteger(typer.indexOf(t) + 1);
    });
    const medlemmar = GRUPPER.flatMap((g) => (g.id === "totalt" ? totalt : g.medlemmar).map((m) => [g.id, m] as const));
    await appendRows(connection, "grupp_medlem", medlemmar, (a, [g, m]) => {
      a.appendVarchar(g);
      a.appendVarchar(m);
    });
    const forbund = [...new Map(data.forbund.map((f) => [f.forbundId, f.forbundNamn])).entries()];
    await appendRows(connection, "forbund", forbund, (a, [id, namn]) => {
      a.appendVarchar(id);
      a.appendVarchar(namn);
    });
    await appendRows(connection, "forbund_medlem", data.forbund, (a, f) => {
      a.appendVarchar(f.forbundId);
      a.appendVarchar(f.kommunkod);
      if (f.franDays === null) a.appendNull();
      else a.appendDate(new DuckDBDateValue(f.franDays));
      if (f.tillDays === null) a.appendNull();
      else a.appendDate(new DuckDBDateValue(f.tillDays));
      appendNullable(a, f.delomrade);
    });
    await appendRows(connection, "befolkning", data.befolkning, (a, b) => {
      a.appendVarchar(b.kommunkod);
      a.appendDate(new DuckDBDateValue(b.datumDays));
      a.appendSmallInt(b.alder);
      a.appendVarchar(b.kon);
      a.appendInteger(b.antal);
      a.appendInteger(b.fileId);
    });
    // Kommun rows and the published län/riket totals share every column after the region.
    const appendPayout = (a: Appender, u: Omit<UtbetalningRow, "kommunkod">) => {
      a.appendVarchar(u.period);
      appendNullable(a, u.manad);
      appendNullable(a, u.halvar);
      a.appendInteger(u.ar);
      a.appendVarchar(u.ersattning);
      a.appendVarchar(u.kon);
      if (u.beloppOre === null) a.appendNull();
      else a.appendDecimal(new DuckDBDecimalValue(u.beloppOre, 18, 2));
      a.appendVarchar(u.status);
      a.appendInteger(u.fileId);
    };
    const appendUtbetalning = (a: Appender, u: UtbetalningRow) => {
      a.appendVarchar(u.kommunkod);
      appendPayout(a, u);
    };
    await appendRows(connection, "utbetalning", data.utbetalningar, appendUtbetalning);
    await appendRows(connection, "utbetalning_version", data.utbetalningVersioner, appendUtbetalning);
    await appendRows(connection, "utbetalning_region", data.regionUtbetalningar, (a, u) => {
      a.appendVarchar(u.regiontyp);
      a.appendVarchar(u.regionkod);
      appendPayout(a, u);
    });
    await appendRows(connection, "helarsekvivalent", data.helarsekvivalenter, (a, h) => {
      a.appendVarchar(h.kommunkod);
      a.appendVarchar(h.manad);
      a.appendVarchar(h.halvar);
      a.appendVarchar(h.ersattning);
      a.appendVarchar(h.kon);
      if (h.hundradelar === null) a.appendNull();
      else a.appendDecimal(new DuckDBDecimalValue(h.hundradelar, 18, 2));
      a.appendVarchar(h.status);
      a.appendInteger(h.fileId);
    });
    await appendRows(connection, "kontextindikator", data.kontext, (a, k) => {
      a.appendVarchar(k.kpi);
      a.appendVarchar(k.kpiNamn);
      a.appendVarchar(k.regiontyp);
      a.appendVarchar(k.regionkod);
      a.appendInteger(k.ar);
      a.appendVarchar(k.kon);
      if (k.varde === null) a.appendNull();
      else a.appendDouble(k.varde);
      a.appendVarchar(k.status);
      a.appendInteger(k.fileId);
    });
    await appendRows(connection, "mottagare", data.mottagare, (a, m) => {
      a.appendVarchar(m.kommunkod);
      a.appendVarchar(m.period);
      a.appendVarchar(m.ersattning);
      a.appendVarchar(m.kon);
      if (m.antal === null) a.appendNull();
      else a.appendInteger(m.antal);
      a.appendVarchar(m.status);
      a.appendInteger(m.fileId);
    });
    await appendRows(connection, "medlemsnyckel", data.medlemsnyckel, (a, n) => {
      a.appendVarchar(n.forbundId);
      a.appendInteger(n.ar);
      a.appendVarchar(n.kommunkod);
      a.appendDecimal(new DuckDBDecimalValue(n.varde, 18, 4));
      a.appendInteger(n.fileId);
    });
    await writeOmraden(connection, data.omraden);
    await appendRows(connection, "inlast_fil", result.files, (a, f) => {
      a.appendInteger(result.files.indexOf(f));
      a.appendVarchar(f.fil);
      a.appendVarchar(f.kalla);
      if (f.hamtad === null) a.appendNull();
      else a.appendDate(new DuckDBDateValue(epochDays(parseDatum(f.hamtad)!)));
      a.appendVarchar(f.sha256);
      a.appendInteger(f.raderLasta);
      a.appendInteger(f.raderInlasta);
    });
    await appendRows(connection, "okand_fil", result.unknown, (a, u) => {
      a.appendVarchar(u.fil);
      a.appendVarchar(u.orsak);
    });
  }
}

/**
 * Creates the views over the tables and writes the database to disk. The measures' views are computed while the
 * insatser's tables are still being written (`insatser`, on another connection with the insatser's own views: the
 * measures read neither); the insatser's views over the measures' views come once both are done. Nothing is written
 * when `abandon` says the database is not to be kept; returns whether it was written. `revisions`: whether
 * utbetalning_version has rows (without, the previous download's views are the current ones: viewsSql).
 */
async function finishDatabase(
  connection: DuckDBConnection,
  ageBand: AgeBand,
  ekonomi: EconomySettings,
  revisions: boolean,
  waitFor: { insatser: Promise<void>; abandon: Promise<boolean> | null },
  reuse?: { from: string; years: number[] },
): Promise<boolean> {
  await connection.run(buildSql(ageBand, ekonomi.nyckelAldersband ?? ageBand, reuse, revisions));
  await waitFor.insatser;
  await connection.run(insatserViewsSql("over_matten"));
  if (waitFor.abandon && (await waitFor.abandon)) return false;
  await connection.run("CHECKPOINT");
  return true;
}

/**
 * Reads every canonical file under `dataDir`, validates all of it, and only then replaces `dbPath` with a
 * freshly built database (written beside it and renamed into place). Throws IngestError on bad input.
 *
 * Large canonical CSV files take the fast path (loaders/bulk.ts: DuckDB reads and checks them itself); every other
 * file, and any file the fast path cannot decide, takes the exact path (its adapter and the shared validation). When
 * something only all files together can tell — a key given twice, overlapping periods, revisions — involves a file
 * read on the fast path, the whole ingest is done again on the exact path, so its messages and its tables are
 * exactly those of the exact path.
 */
export async function ingest(options: IngestOptions): Promise<IngestResult> {
  const log = options.log ?? (() => {});
  const settings: BuildSettings = {
    ageBand: parseAgeBand(options.ageBand ?? DEFAULT_AGE_BAND),
    totalt: parseTotalt(options.totalt),
    ekonomi: parseEconomy(options.ekonomi),
    dataDir: path.resolve(options.dataDir),
    dbPath: path.resolve(options.dbPath),
    incremental: options.inkrementell ?? true,
    log,
  };
  const dbPath = path.resolve(options.dbPath);
  if (!fs.existsSync(settings.dataDir) || !fs.statSync(settings.dataDir).isDirectory()) {
    throw new UsageError(`Datakatalogen ${displayPath(settings.dataDir)} finns inte (ange den med --data <katalog>).`);
  }
  if (!fs.existsSync(path.dirname(dbPath))) {
    throw new UsageError(`Katalogen för databasen, ${displayPath(path.dirname(dbPath))}, finns inte.`);
  }

  // Build beside the target and swap in: the target is never half-written, whatever happens to this process.
  const tmp = `${dbPath}.tmp-${process.pid}`;
  removeAbandonedTempFiles(dbPath);
  try {
    // Each data directory's mapping files are listed once for the whole ingest (its files do not change meanwhile).
    let result = await withMappingList(() => build(tmp, settings, options.snabb ?? true));
    if ("exakt" in result) {
      for (const f of [tmp, `${tmp}.wal`]) fs.rmSync(f, { force: true });
      log(`${result.exakt}: läser om allt med den exakta kontrollen.`);
      result = (await withMappingList(() => build(tmp, settings, false))) as IngestResult;
    }
    fs.rmSync(`${tmp}.wal`, { force: true });
    // A WAL beside the target belongs to the old file; it must not be replayed onto the new one.
    fs.rmSync(`${dbPath}.wal`, { force: true });
    fs.renameSync(tmp, dbPath);
    return result;
  } finally {
    for (const f of [tmp, `${tmp}.wal`, `${tmp}.spill`]) fs.rmSync(f, { force: true, recursive: true });
  }
}

interface BuildSettings {
  ageBand: AgeBand;
  totalt: ErsattningId[];
  ekonomi: EconomySettings;
  dataDir: string;
  /** The database being replaced: an unchanged file's rows are taken from it (incremental ingest). */
  dbPath: string;
  /** Whether to take unchanged files' rows from the previous database (default true). */
  incremental: boolean;
  log: (line: string) => void;
}

/** A file the previous database read on the fast path, as it recorded it (inlast_fil + inlast_fil_snabb). */
interface PreviousFile {
  filId: number;
  typ: string;
  storlek: number;
  andradMs: number;
  sha256: string;
  rader: number;
  noteringar: string[];
}

/** The version of the stored rows' layout: the schema and the fast path (an older database is never reused). */
function schemaVersion(): string {
  const hash = crypto.createHash("sha256");
  for (const f of ["./db/schema.sql", "./bulk.ts", "./measures/views.sql", "./measures/ekonomi.sql", "./measures/views.ts"]) {
    hash.update(fs.readFileSync(new URL(f, import.meta.url)));
  }
  return hash.digest("hex").slice(0, 16);
}

/**
 * Everything besides the fast-path files that the measure's stored periods depend on: the other files (by content),
 * the settings and the reference data. When it is unchanged, an incremental ingest computes again only the periods
 * of the years whose fast-path files changed.
 */
function otherInputs(files: IngestedFile[], s: BuildSettings): string {
  const hash = crypto.createHash("sha256");
  // Every file but the canonical kinds the fast path reads (whichever path read them this time).
  const fastKind = (f: IngestedFile) => f.kalla === canonicalCsv.id && isBulkKind(canonicalKindOf(path.basename(f.fil)));
  for (const f of files.filter((f) => !fastKind(f))) hash.update(`${f.fil}\0${f.sha256}\n`);
  hash.update(JSON.stringify([s.ageBand, s.totalt, s.ekonomi]));
  for (const f of Object.values(REFERENCE_FILES)) hash.update(fs.readFileSync(f));
  return hash.digest("hex").slice(0, 16);
}

/**
 * Attaches the database being replaced (read-only, as "forra") and lists the files it read on the fast path, by their
 * path relative to the data directory — or null when there is none, or it was written by another version.
 */
async function attachPrevious(connection: DuckDBConnection, dbPath: string, dataDir: string): Promise<Map<string, PreviousFile> | null> {
  if (!fs.existsSync(dbPath)) return null;
  try {
    await connection.run(`ATTACH ${sqlText(dbPath)} AS forra (READ_ONLY)`);
  } catch {
    return null; // locked or unreadable: read everything
  }
  try {
    const meta = (await connection.runAndReadAll("SELECT nyckel, varde FROM forra.installning WHERE nyckel IN ('schemaversion', 'datakatalog')")).getRows();
    const get = (k: string) => meta.find((r) => r[0] === k)?.[1];
    if (get("schemaversion") !== schemaVersion() || get("datakatalog") !== dataDirId(dataDir)) return null;
    const rows = await connection.runAndReadAll(`
      SELECT f.fil, f.fil_id, s.typ, s.storlek, s.andrad_ms, f.sha256, f.rader_inlasta, s.noteringar
      FROM forra.inlast_fil AS f JOIN forra.inlast_fil_snabb AS s USING (fil_id)`);
    return new Map(
      rows.getRows().map((r) => [
        String(r[0]),
        { filId: Number(r[1]), typ: String(r[2]), storlek: Number(r[3]), andradMs: Number(r[4]), sha256: String(r[5]), rader: Number(r[6]), noteringar: JSON.parse(String(r[7])) as string[] },
      ]),
    );
  } catch {
    return null;
  }
}

const sqlText = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** Which data directory a database was read from, without storing the user's path: a hash of it. */
const dataDirId = (dir: string) => crypto.createHash("sha256").update(dir).digest("hex").slice(0, 16);

/**
 * SHA-256 of each file, one file after the other (a read buffer at a time however many files there are), each
 * promise resolving as its file is done.
 */
function hashFiles(files: string[]): Promise<string>[] {
  let previous: Promise<unknown> = Promise.resolve();
  return files.map((file) => {
    const hash = previous.then(() => hashFile(file));
    previous = hash.catch(() => {}); // also marks a failure as handled until the caller awaits it
    return hash;
  });
}

/** SHA-256 of a file, read in chunks into one buffer (a large file is never held whole, and no chunk is copied). */
async function hashFile(file: string): Promise<string> {
  const hash = crypto.createHash("sha256");
  const handle = await fs.promises.open(file, "r");
  try {
    const buffer = Buffer.allocUnsafe(1 << 20);
    for (let n; (n = (await handle.read(buffer, 0, buffer.length, null)).bytesRead) > 0; ) hash.update(buffer.subarray(0, n));
  } finally {
    await handle.close();
  }
  return hash.digest("hex");
}

/**
 * Builds the database in `file`. With `fast`, large canonical files take the fast path; returns "exakt" when the
 * files must be read again on the exact path (see ingest).
 */
async function build(file: string, s: BuildSettings, fast: boolean): Promise<IngestResult | { exakt: string }> {
  const { dataDir, log } = s;
  const ref = loadReference();
  const found = findDataFiles(dataDir);
  const data = new CanonicalData();
  const result: IngestResult = { files: [], unknown: [], notes: [], demodata: found.demo, forbundKalla: "", rows: 0 };
  // DuckDB's memory is bounded (INGEST_MEMORY_LIMIT): what does not fit spills to a folder beside the file.
  const instance = await DuckDBInstance.create(file, { memory_limit: ingestMemoryLimit(), temp_directory: `${file}.spill` });
  const connection = await instance.connect();
  // A second connection for the cross-file checks (below), and their outcome: true when only the exact path can judge.
  let checks: DuckDBConnection | null = null;
  let conflict: Promise<boolean> | null = null;
  // A third for the insatser: their own views, created as soon as the schema exists (binding them is work for one
  // core, done while the files are read), then their tables, written while the measures' views are computed.
  let side: DuckDBConnection | null = null;
  let insatserViews: Promise<void> = Promise.resolve();
  let insatserWritten: Promise<void> = Promise.resolve();
  // The large files' loads, one after the other on `connection` (below).
  let bulkDone: Promise<void> = Promise.resolve();
  try {
    await connection.run(fs.readFileSync(SCHEMA_SQL, "utf8"));
    side = await instance.connect();
    insatserViews = side.run(insatserViewsSql("egna")).then(() => {});
    insatserViews.catch(() => {});
    // FORSORJNING_TRADAR limits DuckDB's threads (a shared machine; measurements); DuckDB's default is every core.
    if (process.env.FORSORJNING_TRADAR) await connection.run(`SET threads = ${Math.max(1, Number.parseInt(process.env.FORSORJNING_TRADAR, 10) || 1)}`);
    // The stored text columns are codes and names from short lists, which dictionary compression stores as well as
    // FSST does; leaving FSST out makes every table written here about a sixth quicker to store (same file size).
    await connection.run("SET disabled_compression_methods = 'fsst'");
    if (fast) await createKommunLookup(connection, ref);
    const previous = fast && s.incremental ? await attachPrevious(connection, s.dbPath, dataDir) : null;
    const fastMeta = new Map<number, { typ: BulkKind; storlek: number; andradMs: number }>();
    const reused: { gammal: number; ny: number; tabell: string }[] = [];
    // Each file's notes, so they can be given in file order whichever path read the file.
    const notesOf = new Map<number, string[]>();
    const fastCandidates = new Map<BulkKind, (BulkFile & { info: FileInfo })[]>();
    const deltagareCandidates: (BulkDeltagareFile & { info: FileInfo })[] = [];
    // The files read on the exact path, read after every file has its id (see below).
    const later: { path: string; read: () => Promise<void> }[] = [];

    // The large files go to DuckDB, which reads them on its own threads while the other files are read here. Each
    // kind starts as soon as the ids of its files are known (ids are given in file order), and the kinds are read
    // one after the other; the large files' checksums are computed meanwhile.
    const headers = found.files.map((full) => (fast ? readHeader(full) : null));
    const kinds = found.files.map((full, i) => (fast ? canonicalKindOf(path.basename(full), headers[i] ?? undefined) : undefined));
    const lastOfKind = new Map(kinds.map((k, i) => [k, i]));
    const bulkStarted = new Set<BulkKind>();
    const bulkLoaded = new Map<BulkKind, Map<number, BulkResult | null>>();
    /** Starts the load of each kind whose last file comes before file `i`. */
    const startBulk = async (i: number) => {
      const ready = [...fastCandidates].filter(([kind]) => !bulkStarted.has(kind) && lastOfKind.get(kind)! < i);
      for (const [kind, candidates] of ready) {
        bulkStarted.add(kind);
        bulkDone = bulkDone.then(async () => void bulkLoaded.set(kind, await bulkLoad(connection, kind, candidates)));
        bulkDone.catch(() => {});
      }
      // A moment's wait, so that a load is started before the loop goes on.
      if (ready.length) await null;
    };
    for (const [i, full] of found.files.entries()) {
      await startBulk(i);
      const relative = path.relative(dataDir, full).split(path.sep).join("/");
      const hamtad = retrievalDate(relative);
      const name = path.basename(full);
      const header = headers[i];
      const bulkKind = kinds[i];
      if (fast && bulkKind === "deltagare" && isBulkDeltagare(header)) {
        // Participations with deltagare_id: read below (loaders/bulk-deltagare.ts), after the files read exactly.
        const info: FileInfo = { fil: relative, path: full, kalla: canonicalCsv.id, hamtad };
        deltagareCandidates.push({ path: full, fileId: data.addFile(info), info });
        continue;
      }
      if (fast && isBulkKind(bulkKind)) {
        // Read below, together with the other files of its kind.
        const info: FileInfo = { fil: relative, path: full, kalla: canonicalCsv.id, hamtad };
        const fileId = data.addFile(info);
        const stat = fs.statSync(full);
        fastMeta.set(fileId, { typ: bulkKind, storlek: stat.size, andradMs: stat.mtimeMs });
        const old = previous?.get(relative);
        if (old && old.typ === bulkKind && old.storlek === stat.size && old.andradMs === stat.mtimeMs) {
          // Unchanged since the previous ingest: its rows are taken from the database being replaced (below).
          reused.push({ gammal: old.filId, ny: fileId, tabell: bulkTable(bulkKind) });
          notesOf.set(fileId, old.noteringar);
          result.files.push({ ...info, fast: true, reused: true, sha256: old.sha256, raderLasta: old.rader, raderInlasta: old.rader });
          result.rows += old.rader;
          log(`${displayPath(full)}: oförändrad sedan förra inläsningen, ${formatNumber(old.rader)} rader återanvända (${canonicalCsv.id}${hamtad ? `, hämtad ${hamtad}` : ""})`);
          continue;
        }
        if (!fastCandidates.has(bulkKind)) fastCandidates.set(bulkKind, []);
        fastCandidates.get(bulkKind)!.push({ path: full, fileId, info });
        continue;
      }
      const sourceFile: SourceFile = { path: full, name, relative, bytes: fs.readFileSync(full), hamtad };
      const adapter = pickAdapter(sourceFile);
      if (!("id" in adapter)) {
        const orsak = adapter.reasons.join("; ");
        result.unknown.push({ fil: relative, orsak });
        later.push({ path: full, read: async () => log(`${displayPath(full)}: hoppas över, inget format känns igen (${orsak})`) });
        continue;
      }
      const info: FileInfo = { fil: relative, path: full, kalla: adapter.id, hamtad };
      const fileId = data.addFile(info);
      later.push({
        path: full,
        read: async () => {
          const before = data.loaded;
          const notesBefore = data.notes.size;
          const read = await adapter.read(sourceFile, { ref, data, fileId });
          notesOf.set(fileId, [...data.notes].slice(notesBefore));
          const loaded = data.loaded - before;
          result.files.push({ ...info, sha256: sha256(sourceFile.bytes), raderLasta: read, raderInlasta: loaded });
          result.rows += loaded;
          log(`${displayPath(full)}: ${formatNumber(read)} rader lästa, ${formatNumber(loaded)} inlästa (${adapter.id}${hamtad ? `, hämtad ${hamtad}` : ""})`);
        },
      });
    }
    await startBulk(found.files.length);
    const fastFileList = [...fastCandidates.values()].flat();
    const fastHashes = hashFiles(fastFileList.map((c) => c.path));
    const checksums = new Map(fastFileList.map((c, i) => [c.fileId, fastHashes[i]] as const));
    for (const file of later) {
      // A turn of the event loop before each file, so DuckDB's finished statements are answered promptly (reading a
      // file is JavaScript that would otherwise keep the loads waiting).
      await setImmediatePromise();
      try {
        await file.read();
      } catch (err) {
        await bulkDone.catch(() => {});
        // A file before this one is still to be read on the fast path: the exact path decides which refusal comes first.
        if (err instanceof IngestError && (fastCandidates.size || deltagareCandidates.length)) return { exakt: `${displayPath(file.path)} avvisas` };
        throw err;
      }
    }
    await bulkDone;
    for (const [kind, candidates] of fastCandidates) {
      const loaded = bulkLoaded.get(kind)!;
      for (const c of candidates) {
        const bulk = loaded.get(c.fileId);
        // A file the fast path cannot decide is read exactly — and then all files are, so every message and every
        // cross-file check reads as on the exact path.
        if (!bulk) return { exakt: `${displayPath(c.path)} har rader som den snabba inläsningen inte avgör` };
        notesOf.set(c.fileId, bulk.notes);
        result.files.push({ ...c.info, fast: true, sha256: await checksums.get(c.fileId)!, raderLasta: bulk.rows, raderInlasta: bulk.rows });
        result.rows += bulk.rows;
        log(`${displayPath(c.path)}: ${formatNumber(bulk.rows)} rader lästa, ${formatNumber(bulk.rows)} inlästa (${canonicalCsv.id}${c.info.hamtad ? `, hämtad ${c.info.hamtad}` : ""})`);
      }
    }
    if (deltagareCandidates.length) {
      const hashes = hashFiles(deltagareCandidates.map((c) => c.path));
      const loaded = await bulkDeltagare(connection, data.insatser, ref, deltagareCandidates);
      if ("exakt" in loaded) return loaded;
      for (const [i, c] of deltagareCandidates.entries()) {
        const rows = loaded.rows.get(c.fileId) ?? 0;
        notesOf.set(c.fileId, []);
        result.files.push({ ...c.info, fast: true, sha256: await hashes[i], raderLasta: rows, raderInlasta: rows });
        result.rows += rows;
        log(`${displayPath(c.path)}: ${formatNumber(rows)} rader lästa, ${formatNumber(rows)} inlästa (${canonicalCsv.id}${c.info.hamtad ? `, hämtad ${c.info.hamtad}` : ""})`);
      }
    }
    const fastFiles = fastMeta.size + deltagareCandidates.length;
    if (reused.length) {
      await connection.run(`CREATE TEMP TABLE forra_fil AS SELECT * FROM (VALUES ${reused.map((r) => `(${r.gammal}, ${r.ny}, ${sqlText(r.tabell)})`).join(", ")}) AS t(gammal, ny, tabell)`);
      for (const tabell of new Set(reused.map((r) => r.tabell))) {
        await connection.run(`INSERT INTO ${tabell} SELECT t.* REPLACE (k.ny AS fil_id) FROM forra.${tabell} AS t JOIN forra_fil AS k ON k.gammal = t.fil_id AND k.tabell = ${sqlText(tabell)}`);
      }
    }
    // result.files in file order: its index is the file's id (inlast_fil.fil_id); notes in file order too.
    result.files.sort((a, b) => data.files.findIndex((f) => f.path === a.path) - data.files.findIndex((f) => f.path === b.path));
    if (fastFiles) {
      const inOrder = [...notesOf].sort((a, b) => a[0] - b[0]).flatMap(([, n]) => n);
      data.notes.clear();
      for (const n of inOrder) data.notes.add(n);
    }
    if (result.files.length === 0) {
      throw new UsageError(
        `Hittade inga datafiler som känns igen i ${displayPath(dataDir)}: förväntade t.ex. ${Object.values(CANONICAL_LAYOUTS)
          .map((l) => l.pattern.source.replace(/^\^|\$$/g, "").replace(".*\\.", "*."))
          .join(", ")}${result.unknown.length ? ` (okända filer: ${result.unknown.map((u) => u.fil).join(", ")})` : ""}.`,
      );
    }
    if (data.forbund.length === 0) {
      // No förbund membership in the data: the built-in 2012 membership applies.
      const fileId = data.addFile({ fil: "data/reference/forbund/forbund_2012.csv", path: ref.forbundFile, kalla: "inbyggd", hamtad: null });
      await readCanonicalFile(ref.forbundFile, "forbund", { ref, data, fileId });
      data.files.pop(); // reference data is not one of the user's files
      result.forbundKalla = "inbyggd: samordningsförbund juni 2012 (data/reference/forbund/forbund_2012.csv)";
    } else {
      const own = [...new Set(data.forbund.map((f) => data.files[f.fileId].fil))];
      result.forbundKalla = `egna filer: ${own.join(", ")}`;
    }
    // A key for a förbund the data does not have is a typo in either file: refuse it where it is written.
    const forbundIds = new Set(data.forbund.map((f) => f.forbundId));
    for (const n of data.medlemsnyckel) {
      if (!forbundIds.has(n.forbundId)) {
        throw new IngestError(
          n.forbundIdWhere,
          quoteFound(n.forbundId),
          `ett förbund i förbundslistan (${result.forbundKalla}): ${[...forbundIds].slice(0, 5).join(", ")}${forbundIds.size > 5 ? " …" : ""}`,
        );
      }
    }
    finishInsatser(data);
    // The cross-file checks run on a second connection beside the appending of the other files' rows and the views,
    // which leave a core idle; they start once every row of the tables they read is there, and are awaited before
    // the database is stored.
    const fastTablesComplete = data.befolkning.length + data.utbetalningar.length + data.helarsekvivalenter.length === 0;
    if (fastFiles > 0) checks = await instance.connect();
    const startChecks = () => {
      conflict = crossFileConflict(checks!);
      conflict.catch(() => {});
    };
    if (checks && fastTablesComplete) startChecks();
    await appendAll(connection, data, result, s.ageBand, s.totalt, s.ekonomi);
    if (checks && !conflict) startChecks();
    // What the next ingest needs to reuse this one's fast-path files.
    const ovrigt = otherInputs(result.files, s);
    await connection.run(
      `INSERT INTO installning VALUES ('schemaversion', ${sqlText(schemaVersion())}), ('datakatalog', ${sqlText(dataDirId(dataDir))}), ('ovrigt_underlag', ${sqlText(ovrigt)})`,
    );
    if (fastMeta.size) {
      const rows = [...fastMeta].map(
        ([fileId, m]) =>
          `(${result.files.findIndex((f) => f.path === data.files[fileId].path)}, ${sqlText(m.typ)}, ${m.storlek}, ${m.andradMs}, ${sqlText(JSON.stringify(notesOf.get(fileId) ?? []))})`,
      );
      await connection.run(`INSERT INTO inlast_fil_snabb VALUES ${rows.join(", ")}`);
    }
    result.notes = [...data.notes];
    const fastBefolkning = Number((await connection.runAndReadAll("SELECT count(*) FROM befolkning")).getRows()[0][0]);
    result.notes.push(...befolkningBandNotes(data, s.ageBand, fastBefolkning));
    // Incremental: when only fast-path files changed, the stored periods of the other years are taken as they were.
    let reuse: { from: string; years: number[] } | undefined;
    if (previous && reused.length) {
      const same = (await connection.runAndReadAll(`SELECT varde FROM forra.installning WHERE nyckel = 'ovrigt_underlag'`)).getRows()[0]?.[0] === ovrigt;
      if (same) reuse = { from: "forra", years: await changedYears(connection, reused, [...fastMeta.keys()]) };
    }
    // The insatser's tables are written on a connection of their own while the measures' views are computed. Their
    // own views are created first (long done on any sizeable data), so the two connections never create catalog
    // entries at the same time.
    await insatserViews;
    const insatser = side!;
    insatserWritten = writeInsatser(insatser, data.insatser);
    insatserWritten.catch(() => {});
    // utbetalning_version's rows come only from files read exactly (appendAll).
    const revisions = data.utbetalningVersioner.length > 0;
    if (!(await finishDatabase(connection, s.ageBand, s.ekonomi, revisions, { insatser: insatserWritten, abandon: conflict }, reuse))) {
      return { exakt: "Filerna hänger ihop över filgränser (samma nyckel i flera filer, överlappande perioder eller revideringar)" };
    }
    if (reuse) {
      log(
        reuse.years.length
          ? `Måttet räknades om för ${reuse.years.length === 1 ? "året" : "åren"} ${reuse.years.join(", ")}; övriga perioder togs oförändrade från förra inläsningen.`
          : "Inga indata har ändrats: måttet togs oförändrat från förra inläsningen.",
      );
    }
    if (previous) await connection.run("DETACH forra");
    return result;
  } finally {
    // Nothing is closed under a running statement.
    await bulkDone.catch(() => {});
    await (conflict as Promise<boolean> | null)?.catch(() => {});
    await insatserViews.catch(() => {});
    await insatserWritten.catch(() => {});
    checks?.closeSync();
    (side as DuckDBConnection | null)?.closeSync();
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * The years whose stored periods depend on a fast-path file that is new, changed or gone since the previous ingest:
 * a payout's year, and a population's year and the next (a year-end counts for the periods on both sides of it).
 */
async function changedYears(connection: DuckDBConnection, reused: { gammal: number; ny: number }[], fastIds: number[]): Promise<number[]> {
  const kept = (col: "gammal" | "ny") => reused.map((r) => r[col]).join(", ");
  // This ingest's fast-path files read anew, and the previous ingest's fast-path files not taken over.
  const ny = `fil_id IN (${fastIds.join(", ")}) AND fil_id NOT IN (${kept("ny")})`;
  const gammal = `fil_id IN (SELECT fil_id FROM forra.inlast_fil_snabb) AND fil_id NOT IN (${kept("gammal")})`;
  const rows = await connection.runAndReadAll(`
    SELECT DISTINCT ar FROM utbetalning WHERE ${ny}
    UNION SELECT DISTINCT ar FROM forra.utbetalning WHERE ${gammal}
    UNION SELECT DISTINCT year(datum) + d FROM befolkning, (VALUES (0), (1)) AS t(d) WHERE ${ny}
    UNION SELECT DISTINCT year(datum) + d FROM forra.befolkning, (VALUES (0), (1)) AS t(d) WHERE ${gammal}
    ORDER BY 1`);
  return rows.getRows().map((r) => Number(r[0]));
}

/**
 * Whether the tables hold something only the exact path judges: a key given twice (in one file or several) or
 * overlapping periods of one kommun, ersättning and kön (a month and its half-year, a year and a part of it).
 *
 * Each check groups on all of the key but its finest part — the age, the month, the period within the year — which
 * leaves a few thousand groups instead of a group per row. Within a group that part's values are set as bits (age 0–100
 * of a 128-bit number; a year 0, months 1–12 and half-years 13–14 within a year) and a key is given twice exactly
 * when the group has more rows than bits set. A value outside those ranges sets no bit, so it too is left to the
 * exact path.
 */
export async function crossFileConflict(connection: DuckDBConnection): Promise<boolean> {
  const found = async (q: string) => (await connection.runAndReadAll(q)).getRows().length > 0;
  /** More rows than the distinct bits `bit` (an INTEGER from `from` to `to`) sets in the group. */
  const twice = (bit: string, from: number, to: number, one = "1") =>
    `count(*) <> coalesce(bit_count(bit_or(CASE WHEN ${bit} BETWEEN ${from} AND ${to} THEN ${one} << ${bit} END)), 0)`;
  if (await found(`SELECT 1 FROM befolkning GROUP BY kommunkod, datum, kon
    HAVING ${twice("CAST(alder AS INTEGER)", 0, MAX_AGE, "CAST(1 AS HUGEINT)")} LIMIT 1`)) {
    return true;
  }
  if (await found(`SELECT 1 FROM helarsekvivalent GROUP BY kommunkod, ersattning, kon, left(manad, 4)
    HAVING ${twice("CASE WHEN length(manad) = 7 THEN TRY_CAST(substr(manad, 6, 2) AS INTEGER) END", 1, 12)} LIMIT 1`)) {
    return true;
  }
  // Payouts: a key twice, or overlapping periods (a year beside a part of it, a month beside its half-year), in one
  // pass over the years.
  return found(`SELECT 1 FROM (
      SELECT kommunkod, ersattning, kon, ar, manad, halvar, CASE
        WHEN period = CAST(ar AS VARCHAR) THEN 0
        WHEN length(period) = 7 AND left(period, 5) = CAST(ar AS VARCHAR) || '-' AND TRY_CAST(substr(period, 6, 2) AS INTEGER) BETWEEN 1 AND 12
          THEN TRY_CAST(substr(period, 6, 2) AS INTEGER)
        WHEN period = CAST(ar AS VARCHAR) || 'H1' THEN 13
        WHEN period = CAST(ar AS VARCHAR) || 'H2' THEN 14
      END AS bit
      FROM utbetalning)
    GROUP BY kommunkod, ersattning, kon, ar
    HAVING ${twice("bit", 0, 14)}
        OR (bool_or(halvar IS NULL) AND bool_or(halvar IS NOT NULL))
        OR (bool_or(manad IS NULL AND halvar LIKE '%H1') AND bool_or(manad IS NOT NULL AND halvar LIKE '%H1'))
        OR (bool_or(manad IS NULL AND halvar LIKE '%H2') AND bool_or(manad IS NOT NULL AND halvar LIKE '%H2'))
    LIMIT 1`);
}

/** Removes temp files of earlier ingests that were killed (their process no longer exists). */
function removeAbandonedTempFiles(dbPath: string): void {
  const prefix = `${path.basename(dbPath)}.tmp-`;
  for (const name of fs.readdirSync(path.dirname(dbPath))) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number.parseInt(name.slice(prefix.length), 10);
    if (pid !== process.pid && Number.isInteger(pid) && isRunning(pid)) continue;
    fs.rmSync(path.join(path.dirname(dbPath), name), { force: true, recursive: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
  // A killed process that nobody has reaped yet (a zombie) still answers signal 0 on Linux.
  try {
    return !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return true;
  }
}

