// Turns views.sql into the statements the ingest runs: the configured age band filled in, and the payout section
// instantiated twice (current values, and the previous download's values with suffix _forra).
import fs from "node:fs";
import { type AgeBand, ERSATTNINGAR, GRUPPER, HELARSEKVIVALENT_AGE_BAND, KON } from "../config.ts";

const VIEWS_SQL = new URL("./views.sql", import.meta.url);
/** The förbund's economy (statens_fordelning, medlemsandel), built on the views of views.sql. */
const EKONOMI_SQL = new URL("./ekonomi.sql", import.meta.url);
const SECTION = /-- \{\{BEGIN UTBETALNING\}\}\n([\s\S]*?)-- \{\{END UTBETALNING\}\}\n/;

/**
 * The SQL of views.sql and ekonomi.sql; `keyBand` is the age band of the medlemsandel key (default: ageBand).
 * With `revisions: false` (a database whose utbetalning_version is empty: no source was downloaded twice) each _forra
 * view is the current view under the other name. utbetalning_forra is then utbetalning row for row, so every _forra
 * view would give its current view's rows; aliases give them without binding the whole section a second time (about
 * a quarter of a second at every ingest).
 */
export function viewsSql(ageBand: AgeBand, keyBand: AgeBand = ageBand, { revisions = true }: { revisions?: boolean } = {}): string {
  const text = [fs.readFileSync(VIEWS_SQL, "utf8"), fs.readFileSync(EKONOMI_SQL, "utf8")]
    .join("\n")
    .replaceAll("{{NYCKEL_FRAN}}", String(keyBand.fran))
    .replaceAll("{{NYCKEL_TILL}}", String(keyBand.till))
    .replaceAll("{{ALDER_FRAN}}", String(ageBand.fran))
    .replaceAll("{{ALDER_TILL}}", String(ageBand.till))
    .replaceAll("{{HEK_FRAN}}", String(HELARSEKVIVALENT_AGE_BAND.fran))
    .replaceAll("{{HEK_TILL}}", String(HELARSEKVIVALENT_AGE_BAND.till));
  const section = SECTION.exec(text);
  if (!section) throw new Error("views.sql: the UTBETALNING section is missing");
  const instance = (table: string, suffix: string) => section[1].replaceAll("{{UTBETALNING}}", table).replaceAll("{{S}}", suffix);
  const forra = revisions
    ? instance("utbetalning_forra", "_forra")
    : [...section[1].matchAll(/CREATE VIEW (\w+)\{\{S\}\} AS/g)].map(([, v]) => `CREATE VIEW ${v}_forra AS SELECT * FROM ${v};`).join("\n");
  return text.replace(SECTION, instance("utbetalning", "")).replace("-- {{INSTANCE forra}}", forra);
}

/** How the ingest keeps a view it computes once (buildSql). */
interface Lagring {
  view: string;
  /** Computed into a temporary table for the build only: the views created above it while the ingest runs read it. */
  bygg?: boolean;
  /**
   * Kept in the database as this table: the rows `rader` of the view (all when not given); the columns `koder` are
   * stored as the ENUM types of KODTYPER and read back as text.
   */
  tabell?: { namn: string; rader?: string; koder?: Record<string, keyof typeof KODTYPER> };
  /** The year of a row, as text (default: the first four characters of period), for an incremental ingest's reuse. */
  ar?: string;
  /** What the view reads once the database is built (default: the view as defined, or its table). */
  sedan?: string;
}

/**
 * Closed lists of codes, stored in the kept tables as DuckDB ENUM types: a value is one byte, and a table of them is
 * stored in about two thirds of the time text takes (the views give them back as text).
 */
export const KODTYPER = {
  regiontyp_kod: ["kommun", "lan", "riket", "forbund"],
  ersattning_kod: [...new Set([...ERSATTNINGAR.map((e) => e.id), ...GRUPPER.map((g) => g.id)])],
  kon_kod: [...KON],
} as const;

/**
 * The views computed once at ingest, in the order views.sql and ekonomi.sql create them (each is computed from the
 * ones before it). Writing a table to the database costs about as much as computing it, so only what pages and
 * reports read is kept: the measure at every level (forsorjningsmatt_utokad), the measure's parts for areas below a
 * kommun (its kommun rows are forsorjningsmatt_utokad's), the ersättningar in scope, and the economy's payouts per
 * unit and year. utbetalning_period is the building block of all of them and lives only while they are computed;
 * afterwards it is the view as defined.
 */
export const LAGRING: readonly Lagring[] = [
  { view: "utbetalning_halvar_kon", bygg: true, ar: "left(halvar, 4)" },
  { view: "utbetalning_period", bygg: true },
  { view: "ersattning_i_omfattning", tabell: { namn: "ersattning_i_omfattning_tabell" } },
  {
    view: "forsorjningsmatt_kommun",
    bygg: true,
    tabell: { namn: "forsorjningsmatt_enhet_tabell", rader: "enhetstyp <> 'kommun'" },
    sedan: `SELECT 'kommun' AS enhetstyp, regionkod AS enhetskod, regionkod AS kommunkod, period, ersattning, kon, belopp_kr, befolkning, dagar, preliminar
  FROM forsorjningsmatt_utokad WHERE regiontyp = 'kommun'
  UNION ALL
  SELECT * FROM forsorjningsmatt_enhet_tabell`,
  },
  {
    view: "forsorjningsmatt_utokad",
    tabell: { namn: "forsorjningsmatt_utokad_tabell", koder: { regiontyp: "regiontyp_kod", ersattning: "ersattning_kod", kon: "kon_kod" } },
  },
  { view: "fordelning_belopp_enhet", tabell: { namn: "fordelning_belopp_enhet_tabell" }, ar: "CAST(ar AS VARCHAR)" },
];

/** The tables the ingest keeps (LAGRING), in the order they are made. */
export const MATERIALISERADE = LAGRING.flatMap((l) => (l.tabell ? [l.tabell.namn] : []));

/** The statements that compute one view of LAGRING once (see buildSql). */
function materializeView(l: Lagring, reuse?: { from: string; years: number[] }): string {
  const v = l.view;
  // Only the periods of the changed years are computed; the others are copied from the previous database's table.
  // (An empty list is written as a condition, never as IN (): NOT IN with a NULL would keep no row.)
  const ar = l.ar ?? "left(period, 4)";
  const changed = !reuse ? "true" : reuse.years.length ? `${ar} IN (${reuse.years.map((y) => `'${y}'`).join(", ")})` : "false";
  const out: string[] = [];
  if (l.bygg) out.push(`CREATE TEMP TABLE ${v}_bygg AS SELECT * FROM ${v} WHERE ${changed};`, `CREATE TEMP VIEW ${v} AS SELECT * FROM ${v}_bygg;`);
  if (l.tabell) {
    const rader = l.tabell.rader ?? "true";
    const koder = Object.entries(l.tabell.koder ?? {});
    const replace = (as: (typ: string) => string) => (koder.length ? ` REPLACE (${koder.map(([c, typ]) => `CAST(${c} AS ${as(typ)}) AS ${c}`).join(", ")})` : "");
    out.push(`CREATE TABLE ${l.tabell.namn} AS SELECT *${replace((typ) => typ)} FROM ${v} WHERE ${rader} AND ${changed};`);
    if (reuse) out.push(`INSERT INTO ${l.tabell.namn} SELECT * FROM ${reuse.from}.${l.tabell.namn} WHERE NOT (${changed});`);
    if (!l.bygg && !l.sedan) out.push(`CREATE OR REPLACE VIEW ${v} AS SELECT *${replace(() => "VARCHAR")} FROM ${l.tabell.namn};`);
  }
  return out.join("\n");
}

/**
 * views.sql and ekonomi.sql with the views of LAGRING computed once, each right after it is created: kept as a table
 * and/or held in a temporary table while the ingest runs, and the view pointed at it before the views built on it are
 * created. DuckDB binds a view's whole query when it is created, so the views above then bind against a table, not
 * against every view below it. At the end the temporary tables go, and each view reads what was kept (`sedan`).
 * With `reuse`, the rows of every period outside the years `reuse.years` are copied from the same table of the
 * attached database `reuse.from` (an incremental ingest: only the periods of the years whose input changed are
 * computed again). `revisions`: see viewsSql.
 */
export function buildSql(ageBand: AgeBand, keyBand: AgeBand = ageBand, reuse?: { from: string; years: number[] }, revisions = true): string {
  const typer = Object.entries(KODTYPER).map(([typ, koder]) => `CREATE TYPE ${typ} AS ENUM (${koder.map((k) => `'${k}'`).join(", ")});`);
  let sql = `${typer.join("\n")}\n${viewsSql(ageBand, keyBand, { revisions })}`;
  for (const l of LAGRING) {
    const created = new RegExp(`CREATE (?:OR REPLACE )?VIEW ${l.view} AS[\\s\\S]*?;\\n`).exec(sql);
    if (!created) throw new Error(`views.sql: the view ${l.view} is missing`);
    const end = created.index + created[0].length;
    sql = `${sql.slice(0, end)}${materializeView(l, reuse)}\n${sql.slice(end)}`;
  }
  const slut = LAGRING.flatMap((l) => [
    ...(l.bygg ? [`DROP VIEW temp.${l.view};`, `DROP TABLE temp.${l.view}_bygg;`] : []),
    ...(l.sedan ? [`CREATE OR REPLACE VIEW ${l.view} AS\n  ${l.sedan};`] : []),
  ]);
  return `${sql}\n${slut.join("\n")}\n`;
}

/**
 * SQL that computes the materialised views again from the tables (for a database whose base tables were changed in
 * place, e.g. by a test): the views are created anew from views.sql, then materialised.
 */
export function refreshSql(ageBand: AgeBand, keyBand: AgeBand = ageBand): string {
  const drop = [...[...MATERIALISERADE].reverse().map((t) => `DROP TABLE IF EXISTS ${t};`), ...Object.keys(KODTYPER).map((t) => `DROP TYPE IF EXISTS ${t};`)].join("\n");
  return `${drop}\n${buildSql(ageBand, keyBand).replace(/CREATE (VIEW|MACRO)/g, "CREATE OR REPLACE $1")}`;
}
