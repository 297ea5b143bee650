// The fast path of the ingest for the large canonical CSV files (befolkning*, utbetalningar*, helarsekvivalenter*):
// DuckDB reads the file itself (read_csv, all columns as text) into a staging table, one set-based SQL pass checks
// every field by the same rules as the shared validation (loaders/canonical/accept.ts), and the converted rows go
// straight into the new database's tables. No row passes through JavaScript.
//
// The fast path accepts a subset of what the shared validation accepts, and converts it the same way. Whatever it
// cannot decide — a malformed line, a value it does not recognise, a kommun written in a form it has no lookup for —
// sends the file to the exact path (the adapter and accept.ts), which either reads it with its broader rules or
// refuses it with the usual message naming file, line, column, found and expected. So a refusal reads the same
// whichever path found it, and test/ingest/bulk.test.ts checks that both paths give the same tables.
import fs from "node:fs";
import { parse as parseSync } from "csv-parse/sync";
import type { DuckDBConnection } from "@duckdb/node-api";
import { ERSATTNINGAR, MAX_AGE } from "./config.ts";
import { STATUSAR } from "./canonical/accept.ts";
import { displayPath } from "./errors.ts";
import { MAX_YEAR, MIN_YEAR } from "./periods.ts";
import type { Reference } from "./reference.ts";

export type BulkKind = "befolkning" | "utbetalningar" | "helarsekvivalenter";

const LAYOUTS: Record<BulkKind, { required: string[]; optional: string[]; table: string }> = {
  befolkning: { required: ["kommunkod", "datum", "alder", "kon", "antal"], optional: [], table: "befolkning" },
  utbetalningar: { required: ["kommunkod", "period", "ersattning", "kon", "belopp_kr"], optional: ["status"], table: "utbetalning" },
  helarsekvivalenter: { required: ["kommunkod", "manad", "ersattning", "kon", "helarsekvivalenter"], optional: ["status"], table: "helarsekvivalent" },
};

/** The table each kind's rows go to (for taking an unchanged file's rows from the previous database). */
export function bulkTable(kind: BulkKind): string {
  return LAYOUTS[kind].table;
}

export function isBulkKind(kind: string | undefined): kind is BulkKind {
  return kind === "befolkning" || kind === "utbetalningar" || kind === "helarsekvivalenter";
}

const sql = (s: string) => `'${s.replaceAll("'", "''")}'`;
const list = (xs: readonly string[]) => xs.map(sql).join(", ");

/** The header of a CSV file (trimmed names), or null when it cannot be read simply (then the exact path decides). */
export function readHeader(path: string): string[] | null {
  const fd = fs.openSync(path, "r");
  try {
    // A header fits in the first 4 kB but for odd files; up to 64 kB is read for those.
    let text = "";
    let end = -1;
    for (const size of [4 * 1024, 64 * 1024]) {
      const buf = Buffer.alloc(size);
      const n = fs.readSync(fd, buf, 0, buf.length, 0);
      text = buf.subarray(0, n).toString("utf8").replace(/^\uFEFF/, "");
      end = text.search(/\r?\n/);
      if (end >= 0 || n < size) break;
    }
    if (end <= 0) return null;
    const line = text.slice(0, end);
    // Without quotes a header is its fields between commas; a quoted one is parsed as CSV.
    if (!line.includes('"')) return line.split(",").map((h) => h.trim());
    const records = parseSync(line, { relax_column_count: true }) as string[][];
    return records[0]?.map((h) => h.trim()) ?? null;
  } catch {
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The kommun lookup of the fast path: every text the shared validation reads as a kommun without ambiguity, and how
 * (a current code, a code Excel stripped of its leading zero, a recoded old code, a name). Made once per ingest.
 */
export async function createKommunLookup(connection: DuckDBConnection, ref: Reference): Promise<void> {
  const rows: [string, string, string][] = [];
  const norm = (s: string) => s.normalize("NFC").toLowerCase().replace(/\s+/g, " ").trim();
  for (const k of ref.kommuner) {
    rows.push([k.kommunkod, k.kommunkod, "kod"]);
    if (k.kommunkod.startsWith("0")) rows.push([k.kommunkod.slice(1), k.kommunkod, "utan_nolla"]);
  }
  for (const [kod, a] of ref.omkodning) {
    rows.push([kod, a.nyKod, "omkodning"]);
    if (kod.startsWith("0") && !ref.kommunByKod.has(kod)) rows.push([kod.slice(1), a.nyKod, "utan_nolla_omkodning"]);
  }
  // Names: only those that name exactly one kommun and no län (as resolveRegion reads them).
  const byName = new Map<string, string[]>();
  for (const k of ref.kommuner) {
    for (const n of [norm(k.kommunnamn), norm(`${k.kommunnamn} kommun`)]) byName.set(n, [...(byName.get(n) ?? []), k.kommunkod]);
  }
  for (const [n, kods] of byName) if (kods.length === 1) rows.push([n, kods[0], "namn"]);
  await connection.run(`CREATE OR REPLACE TEMP TABLE bulk_kommun (text VARCHAR, kommunkod VARCHAR, hur VARCHAR)`);
  const a = await connection.createAppender("bulk_kommun", "main", "temp");
  const seen = new Set<string>();
  for (const [text, kod, hur] of rows) {
    if (seen.has(text)) continue;
    seen.add(text);
    a.appendVarchar(text);
    a.appendVarchar(kod);
    a.appendVarchar(hur);
    a.endRow();
  }
  a.closeSync();
  // The population's dates and ages as the canonical format writes them, with their values: the direct load joins on
  // these (a join on a short list is cheaper per row than parsing and checking the text).
  await connection.run(`CREATE OR REPLACE TEMP TABLE bulk_datum AS
    SELECT CAST(ar AS VARCHAR) || '-12-31' AS v, make_date(CAST(ar AS INTEGER), 12, 31) AS datum FROM range(${MIN_YEAR}, ${MAX_YEAR + 1}) AS t(ar)`);
  await connection.run(`CREATE OR REPLACE TEMP TABLE bulk_alder AS SELECT CAST(a AS VARCHAR) AS v, CAST(a AS SMALLINT) AS alder FROM range(0, ${MAX_AGE + 1}) AS t(a)`);
  const andringar = ref.andringar.filter((x) => x.typ === "omkodning" || x.typ === "delning");
  await connection.run(`CREATE OR REPLACE TEMP TABLE bulk_andring AS SELECT * FROM (VALUES ${
    andringar.length ? andringar.map((x) => `(${sql(x.kod)}, ${sql(x.nyKod)}, ${sql(x.giltigFran)}, ${sql(x.typ)}, ${sql(x.beskrivning)})`).join(", ") : "(NULL, NULL, NULL, NULL, NULL)"
  }) AS t(kod, ny_kod, giltig_fran, typ, beskrivning) WHERE kod IS NOT NULL`);
}

/** How many groups of files each load read, since the process started (for tests: which load decided what). */
export const bulkLoads = { direct: 0, staged: 0 };

export interface BulkResult {
  /** Rows read (= rows loaded: the fast path refuses anything it would have to drop). */
  rows: number;
  /** Notes for the ingest summary, in the order the shared validation would give them. */
  notes: string[];
}

/** The SQL expression of a trimmed field ("" when the file has no such column). */
function field(name: string, header: string[], alias = ""): string {
  return header.includes(name) ? `trim(coalesce(${alias ? `${alias}.` : ""}"${name}", ''))` : "''";
}

const YEAR_OK = (ar: string) => `(${ar} BETWEEN ${MIN_YEAR} AND ${MAX_YEAR})`;
const ERSATTNING_IDS = list(ERSATTNINGAR.map((e) => e.id));
const STATUS_LIST = list(STATUSAR);
/** An exact decimal with at most n decimals, and whether it may be negative (accept.ts exactScaled). */
const DECIMAL_OK = (v: string, n: number, negative: boolean) => `(${v} SIMILAR TO '${negative ? "-?" : ""}[0-9]+([.][0-9]{1,${n}})?' AND length(${v}) <= 17)`;

/** The note on a split kommun's data from before the split (columns kod, giltig_fran, ny_kod, beskrivning of bulk_andring). */
const DELNING_NOTE = (a: string) =>
  `'Uppgifter för ' || ${a}kod || ' före ' || ${a}giltig_fran || ' omfattar även det område som blev ' || ${a}ny_kod || ': ' || ${a}beskrivning || '. De har lästs in som de är, utan att delas.'`;

/** Each distinct value of a field per file, with the first row it is on (values repeat: checking them once is cheap). */
const distinct = (expr: string) => `SELECT fil_id, ${expr} AS v, min(rowid) AS nr FROM bulk_rad GROUP BY ALL`;

/**
 * A month YYYY-MM, half-year YYYYH1/H2 or year YYYY in text v: whether it is one in the accepted range (one regular
 * expression), and its parts (by its length, for a v that is one).
 */
function periodParts(v: string, allowHalfAndYear: boolean): { manad: string; halvar: string; ar: string; start: string; ok: string } {
  const form = allowHalfAndYear ? "\\d{4}(-(0[1-9]|1[0-2])|H[12])?" : "\\d{4}-(0[1-9]|1[0-2])";
  return {
    manad: `CASE WHEN length(${v}) = 7 THEN ${v} END`,
    halvar: `CASE length(${v}) WHEN 7 THEN left(${v}, 4) || CASE WHEN substr(${v}, 6, 2) <= '06' THEN 'H1' ELSE 'H2' END WHEN 6 THEN ${v} END`,
    ar: `TRY_CAST(left(${v}, 4) AS INTEGER)`,
    start: `CASE length(${v}) WHEN 7 THEN ${v} || '-01' WHEN 6 THEN left(${v}, 4) || CASE right(${v}, 1) WHEN '1' THEN '-01-01' ELSE '-07-01' END ELSE ${v} || '-01-01' END`,
    ok: `coalesce(regexp_full_match(${v}, '${form}') AND ${YEAR_OK(`TRY_CAST(left(${v}, 4) AS INTEGER)`)}, false)`,
  };
}

/** Each distinct period text per file with its parts (periodParts). */
function periodMap(p: string, allowHalfAndYear: boolean): string {
  const x = periodParts("v", allowHalfAndYear);
  return `SELECT fil_id, v, nr, ${x.manad} AS manad, ${x.halvar} AS halvar, ${x.ar} AS ar, ${x.start} AS start, ${x.ok} AS ok
    FROM (${distinct(p)})`;
}

/** A 31 December in the accepted range (befolkning's datum). */
const DATUM_OK = (v: string) => `coalesce(regexp_full_match(${v}, '\\d{4}-12-31') AND ${YEAR_OK(`TRY_CAST(left(${v}, 4) AS INTEGER)`)}, false)`;

/** Each distinct kommun text mapped through the lookup (exactly as written, else normalised like resolveRegion). */
const kommunMap = (k: string) => `SELECT d.fil_id, d.v, d.nr, coalesce(a.kommunkod, b.kommunkod) AS kommunkod, coalesce(a.hur, b.hur) AS hur
    FROM (${distinct(k)}) AS d
    LEFT JOIN bulk_kommun AS a ON a.text = d.v
    LEFT JOIN bulk_kommun AS b ON a.text IS NULL AND b.text = lower(regexp_replace(nfc_normalize(d.v), '\\s+', ' ', 'g'))`;

export interface BulkFile {
  path: string;
  fileId: number;
}

/**
 * Loads canonical files of one kind through the fast path into their table, each with its fil_id. Files with the same
 * header are read by one read_csv. Returns, per file id, what was loaded — or null for a file that must take the exact
 * path instead (nothing of it is left behind).
 */
export async function bulkLoad(connection: DuckDBConnection, kind: BulkKind, files: BulkFile[]): Promise<Map<number, BulkResult | null>> {
  const out = new Map<number, BulkResult | null>();
  const groups = new Map<string, { header: string[]; files: BulkFile[] }>();
  for (const f of files) {
    const header = readHeader(f.path);
    if (!header || new Set(header).size !== header.length || LAYOUTS[kind].required.some((c) => !header.includes(c))) {
      out.set(f.fileId, null);
      continue;
    }
    const key = header.join(",");
    if (!groups.has(key)) groups.set(key, { header, files: [] });
    groups.get(key)!.files.push(f);
  }
  for (const { header, files: group } of groups.values()) {
    let results = await directLoad(connection, kind, header, group);
    if (results) bulkLoads.direct++;
    else {
      bulkLoads.staged++;
      results = await loadGroup(connection, kind, header, group);
    }
    if (!results && group.length > 1) {
      // One unreadable file spoils a joint read: read the files one by one, so only the bad one takes the exact path.
      results = new Map();
      for (const f of group) for (const [id, r] of (await loadGroup(connection, kind, header, [f])) ?? new Map([[f.fileId, null]])) results.set(id, r);
    }
    for (const f of group) out.set(f.fileId, results?.get(f.fileId) ?? null);
  }
  return out;
}

/**
 * The files of a read as a table expression: filename (the path as read_csv's filename column gives it), fil_id,
 * visning (the path as shown).
 */
const fileValues = (files: BulkFile[]) =>
  `(VALUES ${files.map((f) => `(${sql(f.path)}, ${f.fileId}, ${sql(displayPath(f.path))})`).join(", ")}) AS t(filename, fil_id, visning)`;

/** fileValues as the temporary table bulk_fil (the staged load's). */
async function createFileTable(connection: DuckDBConnection, files: BulkFile[]): Promise<void> {
  await connection.run(`CREATE OR REPLACE TEMP TABLE bulk_fil AS SELECT * FROM ${fileValues(files)}`);
}

/** read_csv over files with the same header, every column as text, strictly canonical CSV, with each row's file. */
function readCsvSql(header: string[], files: BulkFile[]): string {
  const columns = `{${header.map((h) => `${sql(h)}: 'VARCHAR'`).join(", ")}}`;
  return `read_csv([${files.map((f) => sql(f.path)).join(", ")}], header = true, auto_detect = false,
        columns = ${columns}, delim = ',', quote = '"', escape = '"', strict_mode = true, null_padding = false, skip = 0,
        encoding = 'utf-8', filename = true)`;
}

/**
 * A whole number from 0 to max written as the number itself (no sign, blank or leading zero): the text is the number's
 * own text. (Cheaper per row than a regular expression; a leading zero is left to the staged load.)
 */
const canonicalInteger = (v: string, type: string, max: number) =>
  `coalesce(CAST(TRY_CAST(${v} AS ${type}) AS VARCHAR) = ${v} AND TRY_CAST(${v} AS ${type}) BETWEEN 0 AND ${max}, false)`;

/**
 * The direct load: one read_csv straight into the table, each row checked as it passes, for files written exactly as
 * the canonical format writes them (a current kommunkod, a period as written, every value in canonical form). The
 * first row that is not stops the statement (DuckDB's error(), the table is left as it was) and null is returned:
 * the staged load (loadGroup) then reads the files with the broader rules. Accepts a subset of what the staged load
 * accepts and converts it the same way, so the tables are the same whichever load read a file.
 */
async function directLoad(connection: DuckDBConnection, kind: BulkKind, header: string[], files: BulkFile[]): Promise<Map<number, BulkResult | null> | null> {
  const c = (name: string) => (header.includes(name) ? `r."${name}"` : "NULL");
  const status = header.includes("status") ? `coalesce(r."status", '')` : "''";
  // Values: an exact decimal (at most two decimals), empty where the status says missing or suppressed.
  const value = (v: string, negative: boolean) => ({
    ok: `CASE WHEN ${status} IN ('saknas', 'undertryckt') THEN ${c(v)} IS NULL ELSE coalesce(${DECIMAL_OK(c(v), 2, negative)}, false) END`,
    sql: `CASE WHEN ${status} IN ('saknas', 'undertryckt') THEN NULL ELSE CAST(${c(v)} AS DECIMAL(18, 2)) END`,
  });
  // The files' ids are written into the statement, so the load is one statement that starts at once.
  const from = `FROM ${readCsvSql(header, files)} AS r
      JOIN (SELECT * FROM ${fileValues(files)}) AS f USING (filename)
      LEFT JOIN bulk_kommun AS k ON k.text = ${c("kommunkod")} AND k.hur = 'kod'`;
  const stop = (ok: string) => `WHERE CASE WHEN k.kommunkod IS NOT NULL AND ${ok} THEN true ELSE error('direktinläsningen avgör inte raden') END`;
  const table = LAYOUTS[kind].table;
  const ids = files.map((f) => f.fileId).join(", ");
  let insert: string;
  let start: string;
  // The periods' form is checked once per distinct period after the rows are in (a regular expression per row costs
  // more than the rest of the checks together); a period that fails takes the files to the staged load.
  let badPeriods = "";
  if (kind === "befolkning") {
    insert = `INSERT INTO befolkning
      SELECT k.kommunkod, d.datum, a.alder, ${c("kon")}, CAST(${c("antal")} AS INTEGER), f.fil_id
      ${from}
      LEFT JOIN bulk_datum AS d ON d.v = ${c("datum")}
      LEFT JOIN bulk_alder AS a ON a.v = ${c("alder")}
      ${stop(`d.v IS NOT NULL AND a.v IS NOT NULL AND ${c("kon")} IN ('K', 'M') AND ${canonicalInteger(c("antal"), "INTEGER", 999_999_999)}`)}`;
    start = "CAST(t.datum AS VARCHAR)";
  } else {
    const utb = kind === "utbetalningar";
    const v = value(utb ? "belopp_kr" : "helarsekvivalenter", utb);
    const p = periodParts(c(utb ? "period" : "manad"), utb);
    const common = `${from}
      ${stop(`${c("ersattning")} IN (${ERSATTNING_IDS}) AND ${c("kon")} IN ('K', 'M', 'T') AND ${status} IN (${STATUS_LIST}) AND ${v.ok}`)}`;
    insert = utb
      ? `INSERT INTO utbetalning
      SELECT k.kommunkod, ${c("period")}, ${p.manad}, ${p.halvar}, ${p.ar}, ${c("ersattning")}, ${c("kon")}, ${v.sql}, ${status}, f.fil_id
      ${common}`
      : `INSERT INTO helarsekvivalent
      SELECT k.kommunkod, ${c("manad")}, ${p.halvar}, ${c("ersattning")}, ${c("kon")}, ${v.sql}, ${status}, f.fil_id
      ${common}`;
    start = utb ? periodParts("t.period", true).start : "t.manad || '-01'";
    const column = utb ? "period" : "manad";
    badPeriods = `UNION ALL
      SELECT NULL, count(*)::INTEGER, NULL FROM (SELECT DISTINCT ${column} AS v FROM ${table} WHERE fil_id IN (${ids}))
      WHERE NOT ${periodParts("v", utb).ok}`;
  }
  try {
    await connection.run(insert);
  } catch {
    return null; // a row the direct load does not decide (or a line DuckDB cannot read): the staged load reads the files
  }
  // Each file's rows, the one note a file of current codes can have (a split kommun's data from before the split, as
  // the staged load), and the periods not in canonical form, in one query.
  const counts = new Map<number, number>();
  const notes = new Map<number, string[]>();
  let bad = 0;
  const rows = (await connection.runAndReadAll(`
      SELECT fil_id, count(*)::INTEGER AS rader, NULL AS notering FROM ${table} WHERE fil_id IN (${ids}) GROUP BY fil_id
      UNION ALL
      SELECT t.fil_id, NULL, ${DELNING_NOTE("a.")}
      FROM ${table} AS t JOIN bulk_andring AS a ON a.typ = 'delning' AND a.kod = t.kommunkod
      WHERE t.fil_id IN (${ids}) AND ${start} < a.giltig_fran
      GROUP BY ALL
      ${badPeriods}`)).getRows();
  for (const [id, rader, text] of rows) {
    if (id === null) bad = Number(rader);
    else if (rader !== null) counts.set(Number(id), Number(rader));
    else notes.set(Number(id), [...(notes.get(Number(id)) ?? []), String(text)]);
  }
  // Several split kommuner in one file (their notes follow the file's row order, which the staged load keeps), or a
  // period the direct load does not decide: the staged load reads the files.
  if (bad > 0 || [...notes.values()].some((n) => n.length > 1)) {
    await connection.run(`DELETE FROM ${table} WHERE fil_id IN (${ids})`);
    return null;
  }
  return new Map(files.map((file) => [file.fileId, counts.has(file.fileId) ? { rows: counts.get(file.fileId)!, notes: notes.get(file.fileId) ?? [] } : null]));
}

/** One read_csv over files with the same header; null when DuckDB cannot read them as canonical CSV. */
async function loadGroup(connection: DuckDBConnection, kind: BulkKind, header: string[], files: BulkFile[]): Promise<Map<number, BulkResult | null> | null> {
  await createFileTable(connection, files);
  try {
    // Rows keep the files' order (rowid), which the notes' first examples follow.
    await connection.run(`CREATE OR REPLACE TEMP TABLE bulk_rad AS
      SELECT f.fil_id, r.* EXCLUDE (filename) FROM ${readCsvSql(header, files)} AS r
      JOIN bulk_fil AS f USING (filename)`);
  } catch {
    await connection.run("DROP TABLE IF EXISTS bulk_fil");
    return null; // a line DuckDB cannot read as it expects: the exact path names it
  }
  try {
    return await checkAndInsert(connection, kind, header, files);
  } finally {
    await connection.run("DROP TABLE IF EXISTS bulk_fil; DROP TABLE IF EXISTS bulk_rad; DROP TABLE IF EXISTS bulk_k; DROP TABLE IF EXISTS bulk_p; DROP TABLE IF EXISTS bulk_fel; DROP TABLE IF EXISTS bulk_kv; DROP TABLE IF EXISTS bulk_pv");
  }
}

async function checkAndInsert(connection: DuckDBConnection, kind: BulkKind, header: string[], files: BulkFile[]): Promise<Map<number, BulkResult | null>> {
  const f = (name: string, alias = "") => field(name, header, alias);
  await connection.run(`CREATE OR REPLACE TEMP TABLE bulk_k AS ${kommunMap(f("kommunkod"))}`);
  // The files with a row the fast path does not accept as given (they take the exact path).
  let fel: string;
  if (kind === "utbetalningar" || kind === "helarsekvivalenter") {
    const p = kind === "utbetalningar" ? "period" : "manad";
    const v = kind === "utbetalningar" ? "belopp_kr" : "helarsekvivalenter";
    await connection.run(`CREATE OR REPLACE TEMP TABLE bulk_p AS ${periodMap(f(p), kind === "utbetalningar")}`);
    fel = `SELECT fil_id FROM bulk_k WHERE kommunkod IS NULL
      UNION SELECT fil_id FROM bulk_p WHERE NOT ok
      UNION SELECT fil_id FROM (${distinct(f("ersattning"))}) WHERE v NOT IN (${ERSATTNING_IDS})
      UNION SELECT fil_id FROM (${distinct(f("kon"))}) WHERE v NOT IN ('K', 'M', 'T')
      UNION SELECT fil_id FROM (${distinct(f("status"))}) WHERE v NOT IN (${STATUS_LIST})
      UNION SELECT DISTINCT fil_id FROM (SELECT fil_id, ${f("status")} AS st, ${f(v)} AS v FROM bulk_rad)
        WHERE NOT coalesce(CASE WHEN st IN ('saknas', 'undertryckt') THEN v = '' ELSE ${DECIMAL_OK("v", 2, kind === "utbetalningar")} END, false)`;
  } else {
    await connection.run(`CREATE OR REPLACE TEMP TABLE bulk_p AS
      SELECT fil_id, v, nr, v AS start, ${DATUM_OK("v")} AS ok
      FROM (${distinct(f("datum"))})`);
    fel = `SELECT fil_id FROM bulk_k WHERE kommunkod IS NULL
      UNION SELECT fil_id FROM bulk_p WHERE NOT ok
      UNION SELECT fil_id FROM (${distinct(f("kon"))}) WHERE v NOT IN ('K', 'M')
      UNION SELECT fil_id FROM (${distinct(f("alder"))}) WHERE NOT coalesce(v SIMILAR TO '[0-9]{1,3}' AND TRY_CAST(v AS INTEGER) <= ${MAX_AGE}, false)
      UNION SELECT DISTINCT fil_id FROM bulk_rad WHERE NOT coalesce(${f("antal")} SIMILAR TO '[0-9]{1,9}', false)`;
  }
  await connection.run(`CREATE OR REPLACE TEMP TABLE bulk_fel AS ${fel}`);
  const felIds = new Set((await connection.runAndReadAll("SELECT fil_id FROM bulk_fel")).getRows().map((r) => Number(r[0])));
  const counts = await connection.runAndReadAll(`SELECT fil_id, count(*)::INTEGER FROM bulk_rad GROUP BY fil_id`);
  const rows = new Map<number, number>(counts.getRows().map((r) => [Number(r[0]), Number(r[1])] as [number, number]).filter(([id]) => !felIds.has(id)));
  if (rows.size === 0) return new Map(files.map((file) => [file.fileId, null]));
  // Values map the same in every file: join on the value alone (one row per distinct value).
  await connection.run("CREATE OR REPLACE TEMP TABLE bulk_kv AS SELECT DISTINCT v, kommunkod FROM bulk_k WHERE kommunkod IS NOT NULL");
  if (kind !== "befolkning") await connection.run("CREATE OR REPLACE TEMP TABLE bulk_pv AS SELECT DISTINCT v, manad, halvar, ar FROM bulk_p WHERE ok");
  const ok = felIds.size ? `r.fil_id NOT IN (${[...felIds].join(", ")})` : "true";
  const status = f("status", "r");
  const value = (v: string) => `CASE WHEN ${status} IN ('saknas', 'undertryckt') THEN NULL ELSE CAST(${f(v, "r")} AS DECIMAL(18, 2)) END`;
  const joinK = `JOIN bulk_kv AS k ON k.v = ${f("kommunkod", "r")}`;
  if (kind === "utbetalningar") {
    await connection.run(`INSERT INTO utbetalning
      SELECT k.kommunkod, p.v, p.manad, p.halvar, p.ar, ${f("ersattning", "r")}, ${f("kon", "r")}, ${value("belopp_kr")}, ${status}, r.fil_id
      FROM bulk_rad AS r ${joinK} JOIN bulk_pv AS p ON p.v = ${f("period", "r")} WHERE ${ok}`);
  } else if (kind === "helarsekvivalenter") {
    await connection.run(`INSERT INTO helarsekvivalent
      SELECT k.kommunkod, p.v, p.halvar, ${f("ersattning", "r")}, ${f("kon", "r")}, ${value("helarsekvivalenter")}, ${status}, r.fil_id
      FROM bulk_rad AS r ${joinK} JOIN bulk_pv AS p ON p.v = ${f("manad", "r")} WHERE ${ok}`);
  } else {
    await connection.run(`INSERT INTO befolkning
      SELECT k.kommunkod, CAST(p.v AS DATE), CAST(${f("alder", "r")} AS SMALLINT), ${f("kon", "r")}, CAST(${f("antal", "r")} AS INTEGER), r.fil_id
      FROM bulk_rad AS r ${joinK} JOIN (SELECT DISTINCT v FROM bulk_p WHERE ok) AS p ON p.v = ${f("datum", "r")} WHERE ${ok}`);
  }

  // The notes the shared validation would give, in its order: per row, the kommun as read, a recode, a split.
  const noteRows = await connection.runAndReadAll(`
    WITH k AS (SELECT * FROM bulk_k WHERE fil_id NOT IN (SELECT fil_id FROM bulk_fel)),
    forsta AS (
      SELECT fil_id, CASE WHEN hur = 'namn' THEN 'namn' ELSE 'utan_nolla' END AS hur, min(nr) AS nr,
        arg_min(v, nr) AS exempel, arg_min(kommunkod, nr) AS kod
      FROM k WHERE hur IN ('utan_nolla', 'utan_nolla_omkodning', 'namn') GROUP BY 1, 2
    ),
    omkod AS (
      SELECT k.fil_id, k.nr, CASE WHEN k.hur = 'omkodning' THEN k.v ELSE '0' || k.v END AS kod, a.ny_kod, a.beskrivning
      FROM k JOIN bulk_andring AS a ON a.typ = 'omkodning' AND a.kod = CASE WHEN k.hur = 'omkodning' THEN k.v ELSE '0' || k.v END
      WHERE k.hur IN ('omkodning', 'utan_nolla_omkodning')
    ),
    delning AS (
      -- The first row of a split kommun whose period starts before the split.
      SELECT r.fil_id, min(r.rowid) AS nr, a.kod, a.giltig_fran, a.ny_kod, a.beskrivning
      FROM bulk_rad AS r
      JOIN k ON k.fil_id = r.fil_id AND k.v = ${f("kommunkod", "r")} AND k.hur IN ('kod', 'utan_nolla', 'namn')
      JOIN bulk_andring AS a ON a.typ = 'delning' AND a.kod = k.kommunkod
      JOIN bulk_p AS p ON p.fil_id = r.fil_id AND p.v = ${f(kind === "befolkning" ? "datum" : kind === "utbetalningar" ? "period" : "manad", "r")} AND p.start < a.giltig_fran
      GROUP BY ALL
    )
    SELECT f.fil_id, nr, 1 AS del, CASE WHEN hur = 'namn'
        THEN b.visning || ': kommuner angivna med namn har lästs via kommunlistan (t.ex. "' || exempel || '" → ' || kod || ').'
        ELSE b.visning || ': kommunkoder med tre siffror (t.ex. ' || exempel || ') har lästs som koder vars inledande nolla tagits bort (' || exempel || ' → 0' || exempel || ').'
      END AS text FROM forsta AS f JOIN bulk_fil AS b USING (fil_id)
    UNION ALL
    SELECT fil_id, nr, 2, 'Kommunkod ' || kod || ' har räknats om till ' || ny_kod || ': ' || beskrivning || '.' FROM omkod
    UNION ALL
    SELECT fil_id, nr, 3, ${DELNING_NOTE("")} FROM delning
    ORDER BY nr, del`);
  const notes = new Map<number, string[]>();
  for (const r of noteRows.getRows()) notes.set(Number(r[0]), [...(notes.get(Number(r[0])) ?? []), String(r[3])]);
  return new Map(files.map((file) => [file.fileId, rows.has(file.fileId) ? { rows: rows.get(file.fileId)!, notes: notes.get(file.fileId) ?? [] } : null]));
}
