// The fast path of the ingest for canonical deltagare*.csv files with a deltagare_id column (issue #10, case c):
// DuckDB reads the file itself (read_csv, every column as text) into a staging table and writes the participations
// and their sources of support straight into the new database's tables. No row passes through JavaScript.
//
// The rules are those of acceptDeltagare (loaders/canonical/accept-insatser.ts), applied so that the fast path accepts
// a subset of what the exact path accepts and converts it the same way:
// - Fields whose values repeat (insats, kön, födelseår, kommun, dates, avslutsanledning, sysselsättning, försörjning)
//   are checked once per distinct value, in JavaScript, by the exact path's own functions (datum, oneOf, forsorjning,
//   InsatsData.kommun); the few thousand distinct values are all that crosses over.
// - What depends on the row (an empty or personnummer-like deltagare_id, slutdatum before startdatum, a birth year after
//   the start year, the same participation twice — within the fast files or against a file read exactly) is checked
//   set-based in SQL after the rows are in.
// Anything it cannot decide sends the whole ingest to the exact path ({ exakt }), whose message names file, line and
// column. A file with a personnummer column is never a candidate: the keyed hash is made in JavaScript.
//
// deltagande_id follows the exact path's reading order over all files: a fast row's id is its place in its file plus
// every participation in the files before it (fast or exact); InsatsData.snabbaDeltaganden tells writeInsatser the
// fast rows per file so the exact rows are numbered around them. The notes come from InsatsData.notes(), fed with the
// fast files' counts (kommun read as code / code without zero / name, Felregistrering, name columns dropped).
import type { DuckDBConnection } from "@duckdb/node-api";
import { readHeader } from "./bulk.ts";
import { datum, forsorjning, type InsatsData, NAME_COLUMNS, oneOf, SYSSELSATTNING_LIST } from "./canonical/accept-insatser.ts";
import { MappedRecord } from "./canonical/record.ts";
import { displayPath, IngestError } from "./errors.ts";
import { FELREGISTRERING } from "./insatser/kodlistor.ts";
import type { Reference } from "./reference.ts";

/** The canonical columns of deltagare*.csv the fast path reads (a file may lack the optional ones). */
const COLUMNS = [
  "deltagare_id", "insats_id", "kon", "fodelsear", "kommunkod", "startdatum", "slutdatum", "avslutsanledning",
  "forsorjning_fore", "forsorjning_efter", "sysselsattning_fore", "sysselsattning_efter",
] as const;
type Column = (typeof COLUMNS)[number];

const sql = (s: string) => `'${s.replaceAll("'", "''")}'`;
const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** What JavaScript's trim() removes (white space and line terminators), as an RE2 character class body. */
const JS_WS = "\\s\\x{0b}\\pZ\\x{feff}";

/** DuckDB's trim(): spaces only. A value whose JavaScript trim differs is left to the exact path. */
const duckTrim = (s: string) => s.replace(/^ +| +$/g, "");

export interface BulkDeltagareFile {
  path: string;
  fileId: number;
}

/** Whether a deltagare*.csv file (by its header) may take the fast path: a deltagare_id column, no personnummer. */
export function isBulkDeltagare(header: string[] | null | undefined): header is string[] {
  return (
    !!header &&
    new Set(header).size === header.length &&
    header.includes("deltagare_id") &&
    header.includes("insats_id") &&
    header.includes("startdatum") &&
    !header.includes("personnummer")
  );
}

export type BulkDeltagareResult = { rows: Map<number, number> } | { exakt: string };

/**
 * Loads canonical deltagare files with deltagare_id into the tables deltagare and deltagare_forsorjning, registers their
 * insats references and per-file counts in `d`. Call after every file read exactly (their participations are in
 * d.deltagare) and before finishInsatser. Returns the rows per file id, or { exakt } when the ingest must be done on
 * the exact path (the tables are then left half-written: the caller discards the database).
 */
export async function bulkDeltagare(connection: DuckDBConnection, d: InsatsData, ref: Reference, files: BulkDeltagareFile[]): Promise<BulkDeltagareResult> {
  const sorted = [...files].sort((a, b) => a.fileId - b.fileId);
  const byId = new Map(sorted.map((f) => [f.fileId, f]));
  const refuse = (fileId: number | undefined, why?: string) => ({
    exakt: `${displayPath((fileId !== undefined ? byId.get(fileId) : undefined)?.path ?? sorted[0].path)} har rader som den snabba inläsningen inte avgör${why ? ` (${why})` : ""}`,
  });
  const headers = new Map<number, string[]>();
  try {
    await connection.run(`CREATE OR REPLACE TEMP TABLE bd_rad (fil_id INTEGER, ${COLUMNS.map((c) => `${c} VARCHAR`).join(", ")})`);
    // One read per file, in file order: the staging table's rowid is then the reading order over all fast files.
    for (const f of sorted) {
      const header = readHeader(f.path);
      if (!isBulkDeltagare(header)) return refuse(f.fileId);
      headers.set(f.fileId, header);
      const columns = `{${header.map((h) => `${sql(h)}: 'VARCHAR'`).join(", ")}}`;
      try {
        await connection.run(`INSERT INTO bd_rad SELECT ${f.fileId}, ${COLUMNS.map((c) => (header.includes(c) ? ident(c) : "NULL")).join(", ")}
          FROM read_csv(${sql(f.path)}, header = true, auto_detect = false, columns = ${columns}, delim = ',', quote = '"', escape = '"',
            strict_mode = true, null_padding = false, skip = 0, encoding = 'utf-8')`);
      } catch {
        return refuse(f.fileId, "en rad som DuckDB inte läser som kanonisk CSV");
      }
    }
    // From here on each row's id is computed from its place in bd_rad (its rowid), not from the order rows are written
    // in: DuckDB may then write deltagare and deltagare_forsorjning on every thread.
    await connection.run("SET preserve_insertion_order = false");
    return await checkAndInsert(connection, d, ref, sorted, headers, refuse);
  } finally {
    await connection.run("RESET preserve_insertion_order");
    await connection.run("DROP TABLE IF EXISTS bd_rad; DROP TABLE IF EXISTS bd_kommun; DROP TABLE IF EXISTS bd_forsorjning; DROP TABLE IF EXISTS bd_exakt");
  }
}

interface FileCounts {
  rows: number;
  kommunKod: number;
  kommunUtanNolla: number;
  kommunNamn: number;
  felregistrering: number;
}

async function checkAndInsert(
  connection: DuckDBConnection,
  d: InsatsData,
  ref: Reference,
  files: BulkDeltagareFile[],
  headers: Map<number, string[]>,
  refuse: (fileId: number | undefined, why?: string) => { exakt: string },
): Promise<BulkDeltagareResult> {
  // Rows per file; the rowids of each file must be the contiguous run after the files before it (reading order).
  const counts = new Map<number, FileCounts>();
  let expectedStart = 0;
  const perFile = (await connection.runAndReadAll("SELECT fil_id, count(*)::BIGINT, min(rowid)::BIGINT, max(rowid)::BIGINT FROM bd_rad GROUP BY fil_id ORDER BY fil_id")).getRows();
  for (const [fil, n, lo, hi] of perFile) {
    if (Number(lo) !== expectedStart || Number(hi) !== expectedStart + Number(n) - 1) return refuse(Number(fil), "radordningen");
    expectedStart += Number(n);
    counts.set(Number(fil), { rows: Number(n), kommunKod: 0, kommunUtanNolla: 0, kommunNamn: 0, felregistrering: 0 });
  }

  // Every distinct value of every column but deltagare_id per file, with how often it occurs (and where first).
  const distinct = (await connection.runAndReadAll(
    COLUMNS.filter((c) => c !== "deltagare_id").map((c) => `SELECT ${sql(c)} AS k, fil_id, ${c} AS v, count(*)::BIGINT AS n, min(rowid)::BIGINT AS nr FROM bd_rad GROUP BY fil_id, ${c}`).join(" UNION ALL ") + " ORDER BY nr",
  )).getRows();

  const kommunMap = new Map<string, string>();
  const forsorjningMap = new Map<string, string[]>();
  const felregistrering = new Set<string>();
  const insatsRefs = new Map<string, number>();
  // What the insert must do to each column's text (only what some value needs): trim it, turn an empty text into NULL,
  // cut a date's time off.
  const untrimmed = new Set<Column>();
  const empty = new Set<Column>();
  const withTime = new Set<Column>();
  for (const [kValue, filValue, raw, nValue] of distinct) {
    const k = String(kValue) as Column;
    const fil = Number(filValue);
    const n = Number(nValue);
    const v = raw === null ? "" : String(raw);
    const t = v.trim();
    if (t !== duckTrim(v)) return refuse(fil, `${k}: blanktecken som inte är mellanslag`);
    if (t !== v) untrimmed.add(k);
    if (raw !== null && t === "") empty.add(k);
    if (t.length > 10) withTime.add(k);
    const c = counts.get(fil)!;
    const rec = new MappedRecord(byPath(files, fil), { [k]: v });
    try {
      switch (k) {
        case "insats_id":
          if (t === "") return refuse(fil, "insats_id saknas");
          if (!insatsRefs.has(t)) insatsRefs.set(t, fil);
          break;
        case "kon":
          if (t !== "K" && t !== "M") return refuse(fil, "kon");
          break;
        case "fodelsear":
          if (t !== "" && !(/^\d{4}$/.test(t) && Number(t) >= 1900)) return refuse(fil, "fodelsear");
          break;
        case "kommunkod": {
          if (t === "") break;
          const hit = d.kommun(t, ref);
          if (!hit) return refuse(fil, "kommunkod");
          kommunMap.set(v, hit.kod);
          if (hit.hur === "kod") c.kommunKod += n;
          else if (hit.hur === "utanNolla") c.kommunUtanNolla += n;
          else c.kommunNamn += n;
          break;
        }
        case "startdatum":
        case "slutdatum":
          datum(rec, k, k === "startdatum");
          break;
        case "avslutsanledning":
          if (t !== "" && t.toLowerCase() === FELREGISTRERING) {
            felregistrering.add(t);
            c.felregistrering += n;
          }
          break;
        case "sysselsattning_fore":
        case "sysselsattning_efter":
          oneOf(rec, k, SYSSELSATTNING_LIST);
          break;
        case "forsorjning_fore":
        case "forsorjning_efter": {
          const kallor = forsorjning(rec, k);
          if (kallor) forsorjningMap.set(v, kallor);
          break;
        }
      }
    } catch (err) {
      if (err instanceof IngestError) return refuse(fil, k);
      throw err;
    }
  }

  // An insats list is given: every insats referred to must be in it by id (a name, or a missing insats: exact path).
  if (d.harInsatslista) {
    for (const [id, fil] of insatsRefs) if (!d.insatsRader.has(id)) return refuse(fil, `insats ${id} finns inte i insatslistan med det id:t`);
  }

  // deltagande_id: the row's place among the fast rows (rowid) plus the participations of the files read exactly
  // before its own.
  const exactBefore = new Map<number, number>();
  for (const f of files) exactBefore.set(f.fileId, 0);
  for (const row of d.deltagare) for (const f of files) if (row.fileId < f.fileId) exactBefore.set(f.fileId, exactBefore.get(f.fileId)! + 1);
  const offsets = [...new Set(exactBefore.values())];
  const offset =
    offsets.length === 1 ? String(offsets[0] + 1) : `CASE r.fil_id ${[...exactBefore].map(([id, n]) => `WHEN ${id} THEN ${n + 1}`).join(" ")} END`;
  const id = `(r.rowid + ${offset})`;

  // The kommun as read by InsatsData.kommun; the text itself when every value is a current code as written.
  const kommunAsIs = [...kommunMap].every(([raw, kod]) => raw === kod);
  if (!kommunAsIs) {
    await connection.run("CREATE OR REPLACE TEMP TABLE bd_kommun (raw VARCHAR PRIMARY KEY, kommunkod VARCHAR NOT NULL)");
    const a = await connection.createAppender("bd_kommun", "main", "temp");
    for (const [raw, kod] of kommunMap) {
      a.appendVarchar(raw);
      a.appendVarchar(kod);
      a.endRow();
    }
    a.closeSync();
  }
  const col = (c: Column) => (untrimmed.has(c) ? `trim(r.${c})` : `r.${c}`);
  const opt = (c: Column) => (empty.has(c) ? `nullif(${col(c)}, '')` : col(c));
  const date = (c: Column) => `CAST(${withTime.has(c) ? `left(${opt(c)}, 10)` : opt(c)} AS DATE)`;
  await connection.run(`INSERT INTO deltagare
    SELECT ${id}, coalesce(r.deltagare_id, ''), ${col("insats_id")}, ${col("kon")}, CAST(${opt("fodelsear")} AS SMALLINT),
      ${kommunAsIs ? opt("kommunkod") : "k.kommunkod"},
      ${date("startdatum")}, ${date("slutdatum")},
      ${opt("avslutsanledning")}, ${opt("sysselsattning_fore")}, ${opt("sysselsattning_efter")}, r.fil_id
    FROM bd_rad AS r${kommunAsIs ? "" : " LEFT JOIN bd_kommun AS k ON k.raw = r.kommunkod"}`);

  // Per row: a deltagare_id that is empty, has a blank at an end, or looks like a personnummer (the
  // exact path decides those: it checks the Luhn digit); slutdatum before startdatum unless Felregistrering; a birth
  // year after the start year.
  const fel = felregistrering.size ? `avslutsanledning IN (${[...felregistrering].map(sql).join(", ")})` : "false";
  // (The id is stored as read: one with a blank at an end, a space too, is left to the exact path, which trims it. An id
  // of printable ASCII without spaces needs no look for Unicode blanks; only an id that starts with a digit can look
  // like a personnummer.)
  const bad = await connection.runAndReadAll(`SELECT fil_id FROM deltagare WHERE
      deltagare_id = ''
      OR (NOT regexp_full_match(deltagare_id, '[!-~]+') AND regexp_matches(deltagare_id, '^[${JS_WS}]|[${JS_WS}]$'))
      OR (ascii(deltagare_id) BETWEEN 48 AND 57
          AND NOT regexp_matches(deltagare_id, '[^0-9+\\-${JS_WS}]')
          AND regexp_full_match(regexp_replace(deltagare_id, '[${JS_WS}]+', '', 'g'), '(\\d{6}|\\d{8})[-+]?\\d{4}'))
      OR (slutdatum < startdatum AND NOT ${fel})
      OR fodelsear > year(startdatum)
    LIMIT 1`);
  if (bad.getRows().length) return refuse(Number(bad.getRows()[0][0]), "en rad");

  // The same participation (deltagare, insats, startdatum) twice: within the fast files, or in a file read exactly.
  // (By a 64-bit hash first: only when two keys share one are the keys themselves compared.)
  const twice = async (key: string) => (await connection.runAndReadAll(`SELECT 1 FROM deltagare GROUP BY ${key} HAVING count(*) > 1 LIMIT 1`)).getRows().length > 0;
  if ((await twice("hash(deltagare_id, insats_id, startdatum)")) && (await twice("deltagare_id, insats_id, startdatum"))) {
    return refuse(undefined, "samma deltagande två gånger");
  }
  if (d.deltagare.length) {
    await connection.run("CREATE OR REPLACE TEMP TABLE bd_exakt (deltagare_id VARCHAR, insats_id VARCHAR, startdatum INTEGER)");
    const a = await connection.createAppender("bd_exakt", "main", "temp");
    for (const row of d.deltagare) {
      a.appendVarchar(row.deltagareId);
      a.appendVarchar(row.insatsId);
      a.appendInteger(row.startDays);
      a.endRow();
    }
    a.closeSync();
    const shared = await connection.runAndReadAll(`SELECT 1 FROM bd_exakt AS e JOIN deltagare AS r
      ON r.deltagare_id = e.deltagare_id AND r.insats_id = e.insats_id AND r.startdatum = DATE '1970-01-01' + e.startdatum LIMIT 1`);
    if (shared.getRows().length) return refuse(undefined, "samma deltagande i en fil som läses exakt");
  }

  // Sources of support: one row per source, as forsorjning() lists them (deduplicated, in order).
  if (forsorjningMap.size) {
    await connection.run("CREATE OR REPLACE TEMP TABLE bd_forsorjning (raw VARCHAR NOT NULL, kalla VARCHAR NOT NULL)");
    const a = await connection.createAppender("bd_forsorjning", "main", "temp");
    for (const [raw, kallor] of forsorjningMap) {
      for (const kalla of kallor) {
        a.appendVarchar(raw);
        a.appendVarchar(kalla);
        a.endRow();
      }
    }
    a.closeSync();
    await connection.run(`INSERT INTO deltagare_forsorjning
      SELECT ${id}, 'fore', m.kalla FROM bd_rad AS r JOIN bd_forsorjning AS m ON m.raw = r.forsorjning_fore
      UNION ALL
      SELECT ${id}, 'efter', m.kalla FROM bd_rad AS r JOIN bd_forsorjning AS m ON m.raw = r.forsorjning_efter`);
  }

  // What the exact path would have registered: the insats references (in order of first appearance), and per file the
  // counts its notes are made of.
  for (const [insatsId, fil] of insatsRefs) d.referera(insatsId, new MappedRecord(byPath(files, fil), { insats_id: insatsId }), "insats_id");
  const rows = new Map<number, number>();
  for (const f of files) {
    const c = counts.get(f.fileId);
    rows.set(f.fileId, c?.rows ?? 0);
    if (!c) continue; // no data rows: the exact path makes no statistics for the file either
    const s = d.statistik(f.fileId);
    s.kolumnerSedda = true;
    for (const name of NAME_COLUMNS) if (headers.get(f.fileId)!.includes(name)) s.borttagna.add(name);
    s.kommunKod += c.kommunKod;
    s.kommunUtanNolla += c.kommunUtanNolla;
    s.kommunNamn += c.kommunNamn;
    s.felregistrering += c.felregistrering;
    d.snabbaDeltaganden.set(f.fileId, c.rows);
  }
  return { rows };
}

function byPath(files: BulkDeltagareFile[], fileId: number): string {
  return files.find((f) => f.fileId === fileId)?.path ?? "";
}
