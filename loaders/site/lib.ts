// Shared code of the site's data loaders (not itself a loader: no output extension in its name).
// Opens the DuckDB file read-only, reads the settings, and turns long rows of the views into compact per-region
// series: one array per ersättning and kön with one entry per period (null where missing). Half-years and calendar
// years are never mixed in one series: loaders ship them apart, {halvar: …, ar: …}.
//
// Series shape (what pages read, see src/components/serier.js):
//   { typ, kod, namn, T: {totalt: [..], ohalsa: [..], sjukpenning: [..], …}, K: {…}, M: {…},
//     belopp_kr: [..] (totalt, kön T), befolkning: [..] (kön T), preliminar: [0|1, ..],
//     ofullstandig?: {<ersättning>: [[periodindex, antal_kommuner, antal_kommuner_i_regionen], …]} (kön T, only
//       where a region's value rests on fewer member kommuner than it has) }
// kr per invånare och dag are rounded in SQL to the 2 decimals pages show (no value is rounded twice; the pages stay
// small), belopp and befolkning kept as stored (DECIMAL with 2 decimals). A table download does not use these: it
// fetches the exact values and their parts when clicked (src/components/exakt.js, written by loaders/site/exakt.ts).
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { existsSync } from "node:fs";
import { databasePath, ERSATTNINGAR as ERSATTNING_DEFS, GRUPPER as GRUPP_DEFS } from "../config.ts";

export type Row = Record<string, unknown>;

/** The six ersättningar and the groups, in display order, from the pipeline's one configuration. */
export const ERSATTNINGAR: readonly string[] = ERSATTNING_DEFS.map((e) => e.id);
export const GRUPPER: readonly string[] = ["totalt", ...GRUPP_DEFS.filter((g) => g.id !== "totalt").map((g) => g.id)];
export const ALLA: readonly string[] = ["totalt", "ohalsa", "arbetsmarknad", ...ERSATTNINGAR];

export interface Db {
  connection: DuckDBConnection;
  all(sql: string): Promise<Row[]>;
  /** Computes the measure once for this process (see openDb); called by all() and by readonly-db.ts. */
  materialize(sql: string): Promise<void>;
  close(): void;
}

/**
 * Opens the database read-only. The measure's views are recomputed on every query that reads them (~8 s on the demo,
 * whatever the WHERE clause), so the first query that names forsorjningsmatt computes forsorjningsmatt_utokad once
 * into a TEMP table of the same name: DuckDB resolves the temp schema first — for the loader's own SQL and inside the
 * views forsorjningsmatt and forsorjningsmatt_andring — so every later query reads the same rows, computed once.
 */
export async function openDb(): Promise<Db> {
  const dbPath = databasePath();
  if (!existsSync(dbPath)) {
    throw new Error(`Databasen ${dbPath} finns inte. Kör först: npm run ingest -- --data data/demo --db data/forsorjning.duckdb`);
  }
  const instance = await DuckDBInstance.create(dbPath, { access_mode: "READ_ONLY" });
  const connection = await instance.connect();
  let materialized: Promise<void> | null = null;
  async function materialize(sql: string): Promise<void> {
    if (!/forsorjningsmatt/.test(sql)) return;
    materialized ??= (async () => {
      const [{ katalog, finns }] = (
        await connection.runAndReadAll(
          // A database from the current ingest keeps the measure as a table already (loaders/measures/views.ts
          // LAGRING): then there is nothing to compute here.
          `SELECT current_database() AS katalog,
             (SELECT count(*) FROM duckdb_views() WHERE view_name = 'forsorjningsmatt_utokad' AND NOT temporary)::INTEGER
             - (SELECT count(*) FROM duckdb_tables() WHERE table_name = 'forsorjningsmatt_utokad_tabell')::INTEGER AS finns`,
        )
      ).getRowObjects() as Row[];
      if (Number(finns) === 0) return;
      const namn = String(katalog).replaceAll('"', '""');
      await connection.run(`CREATE TEMP TABLE forsorjningsmatt_utokad AS SELECT * FROM "${namn}".main.forsorjningsmatt_utokad`);
    })();
    await materialized;
  }
  return {
    connection,
    materialize,
    all: async (sql) => {
      await materialize(sql);
      return (await connection.runAndReadAll(sql)).getRowObjects() as Row[];
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

export function num(value: unknown, decimals?: number): number | null {
  if (value === null || value === undefined || value === "") return null;
  const n = Number(value);
  if (!Number.isFinite(n)) return null;
  return decimals === undefined ? n : Number(n.toFixed(decimals));
}

export function str(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value && typeof value === "object" && "toString" in value) return String(value);
  return String(value);
}

/** The two kinds of period. A period's kind: 'YYYY' is a year, 'YYYYH1'/'YYYYH2' a half-year. */
export type Periodtyp = "halvar" | "ar";
export const PERIODTYPER: readonly Periodtyp[] = ["halvar", "ar"];
export const periodtyp = (period: string): Periodtyp => (period.length === 4 ? "ar" : "halvar");
/** The same in SQL, for a column holding periods. */
export const periodtypSql = (column = "period") => `CASE WHEN length(${column}) = 4 THEN 'ar' ELSE 'halvar' END`;
/** The same period a year earlier, in SQL: '2025H1' → '2024H1', '2025' → '2024'. */
export const aretInnanSql = (column = "period") =>
  `CASE WHEN length(${column}) = 4 THEN CAST(CAST(${column} AS INTEGER) - 1 AS VARCHAR) ELSE CAST(CAST(left(${column}, 4) AS INTEGER) - 1 AS VARCHAR) || right(${column}, 2) END`;

export type Perioder = Record<Periodtyp, string[]>;

/** A sorted list of periods split by kind. */
export function splitPerioder(perioder: Iterable<string>): Perioder {
  const alla = [...new Set(perioder)].sort();
  return { halvar: alla.filter((p) => periodtyp(p) === "halvar"), ar: alla.filter((p) => periodtyp(p) === "ar") };
}

/**
 * Group scope (view grupp_omfattning, DESIGN.md §2.1): the members of each derived group (totalt as the database
 * defines it: all six, or the förbund's own --totalt), and per period the members in scope — only for the periods
 * and groups where that is fewer than all members. Shape read by src/components/omfattning.js.
 */
export async function readOmfattning(db: { all(sql: string): Promise<Row[]> }) {
  const installning = new Map((await db.all("SELECT nyckel, varde FROM installning")).map((r) => [String(r.nyckel), String(r.varde)]));
  const medlemRader = await db.all(
    `SELECT g.grupp, g.ersattning FROM grupp_medlem AS g JOIN ersattning_typ AS t USING (ersattning)
     WHERE g.grupp <> g.ersattning ORDER BY g.grupp, t.ordning`,
  );
  const medlemmar: Record<string, string[]> = {};
  for (const r of medlemRader) (medlemmar[String(r.grupp)] ??= []).push(String(r.ersattning));
  const rader = await db.all(
    `SELECT o.period, o.grupp, string_agg(o.ersattning, ',' ORDER BY t.ordning) FILTER (WHERE o.i_omfattning) AS i_omfattning
     FROM grupp_omfattning AS o JOIN ersattning_typ AS t USING (ersattning)
     WHERE o.antal_i_omfattning < o.antal_medlemmar
     GROUP BY o.period, o.grupp ORDER BY o.period, o.grupp`,
  );
  const perioder: Record<string, Record<string, string[]>> = {};
  for (const r of rader) (perioder[String(r.period)] ??= {})[String(r.grupp)] = r.i_omfattning == null ? [] : String(r.i_omfattning).split(",");
  const totalt = (installning.get("totalt_ersattningar") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  return {
    // totalt_ersattningar is written at every ingest (all six unless --totalt); an older database without it has all six.
    standardTotalt: totalt.length === 0 || ERSATTNINGAR.every((e) => totalt.includes(e)),
    medlemmar,
    perioder,
  };
}

/** Settings, ersättning names, periods per kind, group scope and the demo flag: what every page's captions need. */
export async function readMeta(db: Db) {
  const installning = new Map((await db.all("SELECT nyckel, varde FROM installning")).map((r) => [String(r.nyckel), String(r.varde)]));
  const fran = Number(installning.get("alder_fran") ?? NaN);
  const till = Number(installning.get("alder_till") ?? NaN);
  if (!Number.isInteger(fran) || !Number.isInteger(till)) throw new Error("Tabellen installning saknar alder_fran/alder_till (åldersbandet).");
  const typer = await db.all("SELECT ersattning, namn, kortnamn, ar_grupp FROM ersattning_typ ORDER BY ordning");
  const perioder = splitPerioder((await db.all("SELECT DISTINCT period FROM forsorjningsmatt")).map((r) => String(r.period)));
  // The kön with values anywhere: K and M only where the data splits amounts by kön.
  const konFinns = new Set((await db.all("SELECT DISTINCT kon FROM forsorjningsmatt")).map((r) => String(r.kon)));
  return {
    demodata: installning.get("demodata") === "ja",
    aldersband: { fran, till },
    forbundKalla: installning.get("forbund_kalla") ?? null,
    ersattningar: typer.map((t) => ({ id: String(t.ersattning), namn: String(t.namn), kortnamn: String(t.kortnamn ?? t.namn), grupp: t.ar_grupp === true })),
    perioder,
    kon: ["T", "K", "M"].filter((k) => konFinns.has(k)),
    omfattning: await readOmfattning(db),
  };
}

export interface Serie {
  typ: string;
  kod: string;
  namn: string;
  T: Record<string, (number | null)[]>;
  K?: Record<string, (number | null)[]>;
  M?: Record<string, (number | null)[]>;
  belopp_kr: (number | null)[];
  befolkning: (number | null)[];
  preliminar: number[];
  ofullstandig?: Record<string, [number, number, number][]>;
  [extra: string]: unknown;
}

/**
 * Groups long rows (regiontyp, regionkod, regionnamn, period, ersattning, kon, kr, belopp_kr, befolkning,
 * preliminar, antal_kommuner, antal_kommuner_i_regionen) into series keyed "typ:kod", over ONE kind of period (rows of
 * other periods are skipped). `kon` limits the kön kept; `ersattningar` which ersättningar.
 */
export function buildSerier(rows: Row[], perioder: string[], { kon = ["T", "K", "M"], ersattningar = ALLA as readonly string[] } = {}) {
  const pIndex = new Map(perioder.map((p, i) => [p, i]));
  const serier = new Map<string, Serie>();
  const keep = new Set(ersattningar);
  for (const r of rows) {
    const key = `${r.regiontyp}:${r.regionkod}`;
    let s = serier.get(key);
    if (!s) {
      s = {
        typ: String(r.regiontyp),
        kod: String(r.regionkod),
        namn: String(r.regionnamn),
        T: {},
        belopp_kr: perioder.map(() => null),
        befolkning: perioder.map(() => null),
        preliminar: perioder.map(() => 0),
      };
      serier.set(key, s);
    }
    const i = pIndex.get(String(r.period));
    if (i === undefined) continue;
    const k = String(r.kon);
    const e = String(r.ersattning);
    if (!kon.includes(k) || !keep.has(e)) continue;
    const byKon = ((s as Record<string, unknown>)[k] ??= {}) as Record<string, (number | null)[]>;
    (byKon[e] ??= perioder.map(() => null))[i] = num(r.kr);
    if (k === "T" && e === "totalt") {
      s.belopp_kr[i] = num(r.belopp_kr, 2);
      s.befolkning[i] = num(r.befolkning, 2);
      if (r.preliminar === true) s.preliminar[i] = 1;
    }
    const antal = num(r.antal_kommuner);
    const iRegionen = num(r.antal_kommuner_i_regionen);
    if (k === "T" && s.typ !== "kommun" && antal != null && iRegionen != null && antal < iRegionen) {
      ((s.ofullstandig ??= {})[e] ??= []).push([i, antal, iRegionen]);
    }
  }
  for (const s of serier.values()) for (const lista of Object.values(s.ofullstandig ?? {})) lista.sort((a, b) => a[0] - b[0]);
  return serier;
}

/** buildSerier for each kind of period: {halvar: Map, ar: Map}. */
export function buildSerierPerTyp(rows: Row[], perioder: Perioder, options: Parameters<typeof buildSerier>[2] = {}) {
  return { halvar: buildSerier(rows, perioder.halvar, options), ar: buildSerier(rows, perioder.ar, options) };
}

/** The long-row query of forsorjningsmatt (with its coverage columns) for a WHERE clause (columns as buildSerier expects). */
export function serieSql(where: string): string {
  return `SELECT regiontyp, regionkod, regionnamn, period, ersattning, kon,
      round(kr_per_invanare_och_dag, 2)::DOUBLE AS kr, belopp_kr::DOUBLE AS belopp_kr, befolkning::DOUBLE AS befolkning, preliminar,
      antal_kommuner, antal_kommuner_i_regionen
    FROM forsorjningsmatt_utokad WHERE ${where}`;
}

/**
 * Revisions (forsorjningsmatt_andring) as compact rows, or [] when the view does not exist. The values are kept in
 * full (the few revised cells; a download of them writes them exactly), belopp as the exact DECIMAL.
 */
export async function readAndringar(db: Db, where: string) {
  const exists = await db.all("SELECT 1 FROM duckdb_views() WHERE view_name = 'forsorjningsmatt_andring'");
  if (!exists.length) return [];
  // Without an earlier download nothing can have changed; the view computes the measure a second time, so skip it.
  const versioner = await db.all("SELECT count(*)::INTEGER AS n FROM utbetalning_version");
  if (!Number(versioner[0]?.n)) return [];
  const rows = await db.all(
    `SELECT regiontyp, regionkod, period, ersattning, kon,
       tidigare_belopp_kr::DOUBLE AS tidigare_belopp_kr, belopp_kr::DOUBLE AS belopp_kr,
       tidigare_kr_per_invanare_och_dag AS tidigare_kr, kr_per_invanare_och_dag AS kr
     FROM forsorjningsmatt_andring WHERE ${where}
     ORDER BY regiontyp, regionkod, period, ersattning, kon`,
  );
  return rows.map((r) => ({
    region: `${r.regiontyp}:${r.regionkod}`,
    period: String(r.period),
    ersattning: String(r.ersattning),
    kon: String(r.kon),
    tidigare_belopp_kr: num(r.tidigare_belopp_kr),
    belopp_kr: num(r.belopp_kr),
    tidigare_kr: num(r.tidigare_kr),
    kr: num(r.kr),
  }));
}

/** A date value from DuckDB as "YYYY-MM-DD" (or null). */
export function isoDate(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value);
  return /^\d{4}-\d{2}-\d{2}/.test(text) ? text.slice(0, 10) : text;
}

export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Year-on-year change on the exact values (not the rounded ones shown): for each region, ersättning and kind of period
 * (kön T) the latest period against the same period a year earlier (the same half-year a year before; the year
 * before). Map "typ:kod" → {halvar: {ersättning: {period, tidigare_period, kr (2 decimals), procent (1 decimal)}},
 * ar: {…}}; kr and procent are null without a comparable period.
 */
export async function readForandringar(db: Db, where: string) {
  const rows = await db.all(
    `WITH s AS (
       SELECT regiontyp, regionkod, ersattning, period, ${periodtypSql()} AS typ, kr_per_invanare_och_dag AS kr
       FROM forsorjningsmatt WHERE kon = 'T' AND ${where}
     ),
     senaste AS (SELECT * FROM s QUALIFY period = max(period) OVER (PARTITION BY regiontyp, regionkod, ersattning, typ))
     SELECT l.regiontyp, l.regionkod, l.ersattning, l.typ, l.period, p.period AS tidigare_period,
       round(l.kr - p.kr, 2)::DOUBLE AS kr,
       CASE WHEN p.kr <> 0 THEN round((l.kr / p.kr - 1) * 100, 1)::DOUBLE END AS procent
     FROM senaste l
     LEFT JOIN s p ON p.regiontyp = l.regiontyp AND p.regionkod = l.regionkod AND p.ersattning = l.ersattning
       AND p.period = ${aretInnanSql("l.period")}`,
  );
  type Forandring = { period: string; tidigare_period: string | null; kr: number | null; procent: number | null };
  const out = new Map<string, Record<Periodtyp, Record<string, Forandring>>>();
  for (const r of rows) {
    const key = `${r.regiontyp}:${r.regionkod}`;
    const entry = out.get(key) ?? { halvar: {}, ar: {} };
    entry[r.typ as Periodtyp][String(r.ersattning)] = {
      period: String(r.period),
      tidigare_period: r.tidigare_period == null ? null : String(r.tidigare_period),
      kr: r.tidigare_period == null ? null : num(r.kr),
      procent: r.tidigare_period == null ? null : num(r.procent),
    };
    out.set(key, entry);
  }
  return out;
}
