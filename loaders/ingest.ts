// The ingest: every canonical file under a data directory → validated rows → a new DuckDB file, swapped in
// atomically. A refused or interrupted ingest leaves the existing database exactly as it was.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import {
  DuckDBConnection,
  DuckDBDecimalValue,
  DuckDBDateValue,
  DuckDBInstance,
} from "@duckdb/node-api";
import {
  type AgeBand,
  DEFAULT_AGE_BAND,
  DEMO_MARKER_FILE,
  ERSATTNINGAR,
  GRUPPER,
  HELARSEKVIVALENT_AGE_BAND,
  MAX_AGE,
  REFERENCE_DIR,
} from "./config.ts";
import { CANONICAL_LAYOUTS, CanonicalData, type CanonicalKind, canonicalKindOf, READERS } from "./canonical/files.ts";
import { displayPath, UsageError } from "./errors.ts";
import { epochDays, parseDatum } from "./periods.ts";
import { loadReference } from "./reference.ts";
import { formatNumber } from "../src/components/format.js";

export interface IngestOptions {
  dataDir: string;
  dbPath: string;
  ageBand?: AgeBand;
  /** Progress lines (one per file, then a summary); silent when omitted. */
  log?: (line: string) => void;
}

export interface IngestedFile {
  /** Path relative to the data directory, with / separators. */
  fil: string;
  typ: CanonicalKind;
  sha256: string;
  raderLasta: number;
  raderInlasta: number;
}

export interface IngestResult {
  files: IngestedFile[];
  notes: string[];
  demodata: boolean;
  forbundKalla: string;
  rows: number;
}

const SCHEMA_SQL = new URL("./db/schema.sql", import.meta.url);
const VIEWS_SQL = new URL("./measures/views.sql", import.meta.url);

/** Canonical files under a directory (recursively, sorted so the result never depends on the file system). */
export function findDataFiles(dataDir: string): { canonical: { file: string; kind: CanonicalKind }[]; demo: boolean; ignored: string[] } {
  const canonical: { file: string; kind: CanonicalKind }[] = [];
  const ignored: string[] = [];
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
      } else {
        const kind = canonicalKindOf(entry.name);
        if (kind) canonical.push({ file: full, kind });
        else if (/\.(csv|xlsx|json|px)$/i.test(entry.name)) ignored.push(full);
      }
    }
  };
  walk(dataDir);
  return { canonical, demo, ignored };
}

function sha256(file: string): string {
  return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

function parseAgeBand(band: AgeBand): AgeBand {
  if (!Number.isInteger(band.fran) || !Number.isInteger(band.till) || band.fran < 0 || band.till > MAX_AGE || band.fran > band.till) {
    throw new UsageError(`Åldersbandet ${band.fran}–${band.till} går inte att använda: ange två hela åldrar 0–${MAX_AGE}, den första inte större än den andra (t.ex. 16-64).`);
  }
  return band;
}

async function appendRows<T>(
  connection: DuckDBConnection,
  table: string,
  rows: readonly T[],
  append: (appender: Awaited<ReturnType<DuckDBConnection["createAppender"]>>, row: T) => void,
): Promise<void> {
  const appender = await connection.createAppender(table);
  for (const row of rows) {
    append(appender, row);
    appender.endRow();
  }
  appender.closeSync();
}

async function writeDatabase(file: string, data: CanonicalData, result: IngestResult, ageBand: AgeBand): Promise<void> {
  const ref = loadReference();
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  try {
    await connection.run(fs.readFileSync(SCHEMA_SQL, "utf8"));
    const settings: [string, string][] = [
      ["alder_fran", String(ageBand.fran)],
      ["alder_till", String(ageBand.till)],
      ["demodata", result.demodata ? "ja" : "nej"],
      ["forbund_kalla", result.forbundKalla],
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
    const medlemmar = GRUPPER.flatMap((g) => g.medlemmar.map((m) => [g.id, m] as const));
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
      if (f.delomrade === null) a.appendNull();
      else a.appendVarchar(f.delomrade);
    });
    await appendRows(connection, "befolkning", data.befolkning, (a, b) => {
      a.appendVarchar(b.kommunkod);
      a.appendDate(new DuckDBDateValue(b.datumDays));
      a.appendSmallInt(b.alder);
      a.appendVarchar(b.kon);
      a.appendInteger(b.antal);
    });
    await appendRows(connection, "utbetalning", data.utbetalningar, (a, u) => {
      a.appendVarchar(u.kommunkod);
      a.appendVarchar(u.period);
      if (u.manad === null) a.appendNull();
      else a.appendVarchar(u.manad);
      a.appendVarchar(u.halvar);
      a.appendVarchar(u.ersattning);
      a.appendVarchar(u.kon);
      a.appendDecimal(new DuckDBDecimalValue(u.beloppOre, 18, 2));
    });
    await appendRows(connection, "helarsekvivalent", data.helarsekvivalenter, (a, h) => {
      a.appendVarchar(h.kommunkod);
      a.appendVarchar(h.manad);
      a.appendVarchar(h.halvar);
      a.appendVarchar(h.ersattning);
      a.appendVarchar(h.kon);
      a.appendDecimal(new DuckDBDecimalValue(h.helarsekvivalenterHundradelar, 18, 2));
    });
    await appendRows(connection, "inlast_fil", result.files, (a, f) => {
      a.appendVarchar(f.fil);
      a.appendVarchar(f.typ);
      a.appendVarchar(f.sha256);
      a.appendInteger(f.raderLasta);
      a.appendInteger(f.raderInlasta);
    });
    const views = fs
      .readFileSync(VIEWS_SQL, "utf8")
      .replaceAll("{{ALDER_FRAN}}", String(ageBand.fran))
      .replaceAll("{{ALDER_TILL}}", String(ageBand.till))
      .replaceAll("{{HEK_FRAN}}", String(HELARSEKVIVALENT_AGE_BAND.fran))
      .replaceAll("{{HEK_TILL}}", String(HELARSEKVIVALENT_AGE_BAND.till));
    await connection.run(views);
    await connection.run("CHECKPOINT");
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * Reads every canonical file under `dataDir`, validates all of it, and only then replaces `dbPath` with a
 * freshly built database (written beside it and renamed into place). Throws IngestError on bad input.
 */
export async function ingest(options: IngestOptions): Promise<IngestResult> {
  const log = options.log ?? (() => {});
  const ageBand = parseAgeBand(options.ageBand ?? DEFAULT_AGE_BAND);
  const dataDir = path.resolve(options.dataDir);
  const dbPath = path.resolve(options.dbPath);
  if (!fs.existsSync(dataDir) || !fs.statSync(dataDir).isDirectory()) {
    throw new UsageError(`Datakatalogen ${displayPath(dataDir)} finns inte (ange den med --data <katalog>).`);
  }
  if (!fs.existsSync(path.dirname(dbPath))) {
    throw new UsageError(`Katalogen för databasen, ${displayPath(path.dirname(dbPath))}, finns inte.`);
  }
  const ref = loadReference();
  const found = findDataFiles(dataDir);
  if (found.canonical.length === 0) {
    throw new UsageError(
      `Hittade inga datafiler i ${displayPath(dataDir)}: förväntade filer som heter ${Object.values(CANONICAL_LAYOUTS)
        .map((l) => l.pattern.source.replace(/^\^|\$$/g, "").replace(".*\\.", "*."))
        .join(", ")}.`,
    );
  }
  for (const file of found.ignored) log(`${displayPath(file)}: hoppas över (inget känt filnamn för kanoniska filer)`);

  const data = new CanonicalData();
  const result: IngestResult = { files: [], notes: [], demodata: found.demo, forbundKalla: "", rows: 0 };
  const order: CanonicalKind[] = ["forbund", "befolkning", "utbetalningar", "helarsekvivalenter"];
  const files = order.flatMap((kind) => found.canonical.filter((f) => f.kind === kind));
  const userForbund = files.some((f) => f.kind === "forbund");
  if (!userForbund) {
    // No forbund*.csv in the data: the built-in 2012 membership applies.
    await READERS.forbund(ref.forbundFile, ref, data);
    result.forbundKalla = "inbyggd: samordningsförbund juni 2012 (data/reference/forbund/forbund_2012.csv)";
  } else {
    result.forbundKalla = `egna filer: ${files.filter((f) => f.kind === "forbund").map((f) => path.relative(dataDir, f.file)).join(", ")}`;
  }
  for (const { file, kind } of files) {
    const before = lengthOf(data, kind);
    const read = await READERS[kind](file, ref, data);
    const loaded = lengthOf(data, kind) - before;
    result.files.push({ fil: path.relative(dataDir, file).split(path.sep).join("/"), typ: kind, sha256: sha256(file), raderLasta: read, raderInlasta: loaded });
    result.rows += loaded;
    log(`${displayPath(file)}: ${formatNumber(read)} rader lästa, ${formatNumber(loaded)} inlästa`);
  }
  result.notes = [...data.notes];

  // Build beside the target and swap in: the target is never half-written, whatever happens to this process.
  const tmp = `${dbPath}.tmp-${process.pid}`;
  removeAbandonedTempFiles(dbPath);
  try {
    await writeDatabase(tmp, data, result, ageBand);
    fs.rmSync(`${tmp}.wal`, { force: true });
    // A WAL beside the target belongs to the old file; it must not be replayed onto the new one.
    fs.rmSync(`${dbPath}.wal`, { force: true });
    fs.renameSync(tmp, dbPath);
  } finally {
    for (const f of [tmp, `${tmp}.wal`]) fs.rmSync(f, { force: true });
  }
  return result;
}

/** Removes temp files of earlier ingests that were killed (their process no longer exists). */
function removeAbandonedTempFiles(dbPath: string): void {
  const prefix = `${path.basename(dbPath)}.tmp-`;
  for (const name of fs.readdirSync(path.dirname(dbPath))) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number.parseInt(name.slice(prefix.length), 10);
    if (pid !== process.pid && Number.isInteger(pid) && isRunning(pid)) continue;
    fs.rmSync(path.join(path.dirname(dbPath), name), { force: true });
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

function lengthOf(data: CanonicalData, kind: CanonicalKind): number {
  return kind === "befolkning"
    ? data.befolkning.length
    : kind === "utbetalningar"
      ? data.utbetalningar.length
      : kind === "helarsekvivalenter"
        ? data.helarsekvivalenter.length
        : data.forbund.length;
}
