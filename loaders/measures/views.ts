// Turns views.sql into the statements the ingest runs: the configured age band filled in, and the payout section
// instantiated twice (current values, and the previous download's values with suffix _forra).
import fs from "node:fs";
import { type AgeBand, HELARSEKVIVALENT_AGE_BAND } from "../config.ts";

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

/**
 * The views computed once at ingest and kept as tables (each view then reads its table): the measure's building
 * blocks that every page and every other view use. Order matters — each is computed from the ones before it.
 */
export const MATERIALISERADE = ["utbetalning_period", "forsorjningsmatt_kommun", "forsorjningsmatt_utokad"] as const;

/** The statements that store one materialised view as the table <name>_tabell and point the view at it (see buildSql). */
function materializeView(v: string, reuse?: { from: string; years: number[] }): string {
  if (!reuse) return `CREATE TABLE ${v}_tabell AS SELECT * FROM ${v};\nCREATE OR REPLACE VIEW ${v} AS SELECT * FROM ${v}_tabell;`;
  // (An empty list is written as a condition, never as IN (): NOT IN with a NULL would keep no row.)
  const changed = reuse.years.length ? `left(period, 4) IN (${reuse.years.map((y) => `'${y}'`).join(", ")})` : "false";
  return [
    `CREATE TABLE ${v}_tabell AS SELECT * FROM ${v} WHERE ${changed};`,
    `INSERT INTO ${v}_tabell SELECT * FROM ${reuse.from}.${v}_tabell WHERE NOT (${changed});`,
    `CREATE OR REPLACE VIEW ${v} AS SELECT * FROM ${v}_tabell;`,
  ].join("\n");
}

/**
 * views.sql and ekonomi.sql with each materialised view stored as the table <name>_tabell right after it is created,
 * and the view pointed at the table, before the views built on it are created. DuckDB binds a view's whole query
 * when it is created, so the views above then bind against a table, not against every view below it.
 * With `reuse`, the rows of every period outside the years `reuse.years` are copied from the same table of the
 * attached database `reuse.from` (an incremental ingest: only the periods of the years whose input changed are
 * computed again). `revisions`: see viewsSql.
 */
export function buildSql(ageBand: AgeBand, keyBand: AgeBand = ageBand, reuse?: { from: string; years: number[] }, revisions = true): string {
  let sql = viewsSql(ageBand, keyBand, { revisions });
  for (const v of MATERIALISERADE) {
    const created = new RegExp(`CREATE (?:OR REPLACE )?VIEW ${v} AS[\\s\\S]*?;\\n`).exec(sql);
    if (!created) throw new Error(`views.sql: the view ${v} is missing`);
    const end = created.index + created[0].length;
    sql = `${sql.slice(0, end)}${materializeView(v, reuse)}\n${sql.slice(end)}`;
  }
  return sql;
}

/**
 * SQL that computes the materialised views again from the tables (for a database whose base tables were changed in
 * place, e.g. by a test): the views are created anew from views.sql, then materialised.
 */
export function refreshSql(ageBand: AgeBand, keyBand: AgeBand = ageBand): string {
  const drop = [...MATERIALISERADE].reverse().map((v) => `DROP TABLE IF EXISTS ${v}_tabell;`).join("\n");
  return `${drop}\n${buildSql(ageBand, keyBand).replace(/CREATE (VIEW|MACRO)/g, "CREATE OR REPLACE $1")}`;
}
