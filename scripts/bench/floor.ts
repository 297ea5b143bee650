// The benchmark's floor (issue #10): the same files loaded with DuckDB's read_csv and the same measure computed in
// plain SQL, with no validation, into a DuckDB file — what the pipeline's ingest is compared with. Faithful to
// loaders/measures/views.sql (försörjningsmåttet at every level, half-years and years, DESIGN.md §2.1) and to
// DESIGN.md §2.3 (insats_resultat), but it trusts its input: no code crosswalk, no duplicate or overlap checks, no
// notes, no revisions. Its rows must equal the pipeline's for the same files; the benchmark checks that.
import fs from "node:fs";
import path from "node:path";
import { DEFAULT_AGE_BAND, GRUPPER } from "../../loaders/config.ts";
import { REFERENCE_FILES } from "../../loaders/reference.ts";

/** Files under a directory whose name matches (recursively, sorted; hidden folders skipped, as the ingest does). */
export function filesMatching(dir: string, pattern: RegExp): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.name.startsWith(".")) continue;
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (pattern.test(e.name)) out.push(full);
    }
  };
  walk(dir);
  return out;
}

const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;
const fileList = (files: string[]) => `[${files.map(sqlString).join(", ")}]`;
const typesOf = (t: Record<string, string>) => `{${Object.entries(t).map(([k, v]) => `${sqlString(k)}: ${sqlString(v)}`).join(", ")}}`;

/**
 * read_csv over the files with the columns' types given. Where every file has the same header (the usual case) the
 * columns are given outright and nothing is sniffed (DuckDB's fastest path); otherwise by name across files.
 */
function readCsv(files: string[], types: Record<string, string>): string {
  const headers = files.map((f) => header(f).join(","));
  const cols = headers[0].split(",");
  if (headers.every((h) => h === headers[0]) && cols.every((c) => c in types)) {
    return `read_csv(${fileList(files)}, header = true, auto_detect = false, delim = ',', quote = '"', columns = ${typesOf(Object.fromEntries(cols.map((c) => [c, types[c]])))})`;
  }
  return `read_csv(${fileList(files)}, header = true, union_by_name = true, auto_detect = true, types = ${typesOf(types)})`;
}

/** The first line of a file (its header), split on commas. */
function header(file: string): string[] {
  const fd = fs.openSync(file, "r");
  try {
    const buf = Buffer.alloc(4096);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString("utf8").replace(/^\uFEFF/, "").split(/\r?\n/)[0].split(",").map((c) => c.trim().replace(/^"|"$/g, ""));
  } finally {
    fs.closeSync(fd);
  }
}

export interface FloorSql {
  /** Statements that load the files into tables (timed as "load"). */
  load: string[];
  /** Statements that compute the measure into table `matt` (timed as "measure"). */
  measure: string[];
  /** One row: rader (rows of the measure), kontroll (a checksum), indata (rows read). */
  result: string;
}

/**
 * Försörjningsmåttet as the pipeline keeps it (forsorjningsmatt, DESIGN.md §2.1): every kommun, län, riket and
 * förbund; half-years and calendar years; the six ersättningar and the groups; kön K, M and T. The same files are read
 * as the ingest reads: the data folder's population, payouts and helårsekvivalenter, the kommun list (which kommun is
 * in which län) and the förbund membership (the folder's own förbund file, else the built-in one). The measure is
 * computed the way views.sql defines it, trusting the input (no code crosswalk, no checks of any kind, no delområden,
 * no yearly rows or given half-year sums beside months); the benchmark checks that its rows are the pipeline's.
 */
export function payoutFloorSql(dataDir: string): FloorSql | null {
  const befolkning = filesMatching(dataDir, /^befolkning.*\.csv$/i);
  const utbetalningar = filesMatching(dataDir, /^utbetalningar.*\.csv$/i);
  // Helårsekvivalenter files in the same folder (the demo has them) are loaded too: the floor reads the same files.
  const helarsekvivalenter = filesMatching(dataDir, /^helarsekvivalenter.*\.csv$/i);
  const egnaForbund = filesMatching(dataDir, /^forbund.*\.csv$/i);
  if (!befolkning.length || !utbetalningar.length) return null;
  // Every other CSV file in the folder (the demo's SUS exports) is loaded too, as the publisher wrote it (its own
  // columns and separator, found by DuckDB's sniffer): the floor reads the same files as the ingest, as far as
  // read_csv reads them — not an .xlsx workbook, nor text in Windows-1252 (DuckDB reads UTF-8 and Latin-1 only).
  const kanda = new Set([...befolkning, ...utbetalningar, ...helarsekvivalenter, ...egnaForbund]);
  const ovriga = filesMatching(dataDir, /\.csv$/i)
    .filter((f) => !kanda.has(f))
    .map((f) => ({ f, encoding: encodingOf(f) }))
    .filter((x) => x.encoding !== null);
  const { fran, till } = DEFAULT_AGE_BAND;
  const v = "VARCHAR";
  // Each group with its members (a group that is its one member is that ersättning itself, as in grupp_omfattning).
  const grupper = GRUPPER.flatMap((g) => g.medlemmar.filter((m) => m !== g.id).map((m) => `(${sqlString(g.id)}, ${sqlString(m)})`)).join(", ");
  const leap = (y: string) => `((${y}) % 4 = 0 AND (${y}) % 100 <> 0 OR (${y}) % 400 = 0)`;
  const year = "CAST(left(period, 4) AS INTEGER)";
  return {
    load: [
      `CREATE TABLE befolkning AS SELECT kommunkod, datum, alder, kon, antal FROM ${readCsv(befolkning, { kommunkod: v, datum: "DATE", alder: "INTEGER", kon: v, antal: "BIGINT" })}`,
      `CREATE TABLE utbetalning AS SELECT kommunkod, period, ersattning, kon, belopp_kr FROM ${readCsv(utbetalningar, { kommunkod: v, period: v, ersattning: v, kon: v, belopp_kr: "DECIMAL(18,2)" })}`,
      ...(helarsekvivalenter.length
        ? [`CREATE TABLE helarsekvivalent AS SELECT kommunkod, manad, ersattning, kon, helarsekvivalenter FROM ${readCsv(helarsekvivalenter, { kommunkod: v, manad: v, ersattning: v, kon: v, helarsekvivalenter: "DOUBLE" })}`]
        : []),
      `CREATE TABLE kommun AS SELECT municipality_code AS kommunkod, county_code AS lanskod FROM ${readCsv([REFERENCE_FILES.kommuner], { municipality_code: v, municipality_name: v, municipality_name_short: v, county_code: v })}`,
      `CREATE TABLE forbund_medlem AS SELECT forbund_id, kommunkod, fran, till FROM ${readCsv(egnaForbund.length ? egnaForbund : [REFERENCE_FILES.forbund], { forbund_id: v, forbund_namn: v, kommunkod: v, fran: "DATE", till: "DATE", delomrade: v })} WHERE delomrade IS NULL`,
      ...ovriga.map(({ f, encoding }, i) => `CREATE TABLE ovrig_${i} AS SELECT * FROM read_csv(${sqlString(f)}, header = true, encoding = '${encoding}')`),
    ],
    measure: [
      `CREATE TABLE matt AS
       WITH pop AS (
         SELECT kommunkod, year(datum) AS ar, kon, CAST(sum(antal) AS BIGINT) AS antal
         FROM befolkning WHERE alder BETWEEN ${fran} AND ${till} GROUP BY ALL
       ),
       popt AS (
         SELECT * FROM pop
         UNION ALL SELECT kommunkod, ar, 'T', CAST(sum(antal) AS BIGINT) FROM pop GROUP BY kommunkod, ar HAVING count(*) = 2
       ),
       bef AS (
         -- Half-years interpolated between the year-ends around them, years their mean (views.sql befolkning_halvar, _ar).
         SELECT a.kommunkod, a.kon, CAST(a.ar + 1 AS VARCHAR) || 'H' || CAST(h.nr AS VARCHAR) AS period,
                CAST(CASE WHEN b.antal IS NULL THEN a.antal
                          WHEN h.nr = 1 THEN 0.75 * a.antal + 0.25 * b.antal
                          ELSE 0.25 * a.antal + 0.75 * b.antal END AS DECIMAL(18, 2)) AS befolkning
         FROM popt AS a CROSS JOIN (VALUES (1), (2)) AS h(nr)
         LEFT JOIN popt AS b ON b.kommunkod = a.kommunkod AND b.kon = a.kon AND b.ar = a.ar + 1
         UNION ALL
         SELECT a.kommunkod, a.kon, CAST(a.ar + 1 AS VARCHAR),
                CAST(CASE WHEN b.antal IS NULL THEN a.antal ELSE 0.5 * a.antal + 0.5 * b.antal END AS DECIMAL(18, 2))
         FROM popt AS a LEFT JOIN popt AS b ON b.kommunkod = a.kommunkod AND b.kon = a.kon AND b.ar = a.ar + 1
       ),
       u AS (
         SELECT kommunkod, ersattning, kon, belopp_kr, period,
                CASE WHEN length(period) = 7 THEN left(period, 4) || CASE WHEN CAST(right(period, 2) AS INTEGER) <= 6 THEN 'H1' ELSE 'H2' END
                     WHEN period LIKE '____H_' THEN period END AS halvar,
                length(period) = 7 AS manad
         FROM utbetalning
       ),
       uh AS (
         -- A half-year from all six months (or a half-year row), never from part of it.
         SELECT kommunkod, halvar, ersattning, kon, sum(belopp_kr) AS belopp_kr
         FROM u WHERE halvar IS NOT NULL
         GROUP BY ALL
         HAVING count(belopp_kr) = count(*) AND (bool_and(NOT manad) OR count(DISTINCT period) = 6)
       ),
       uht AS (
         SELECT * FROM uh
         UNION ALL
         SELECT kommunkod, halvar, ersattning, 'T', sum(belopp_kr) FROM uh
         GROUP BY kommunkod, halvar, ersattning HAVING count(*) FILTER (WHERE kon = 'T') = 0 AND count(*) = 2
       ),
       up AS (
         -- Years from both half-years.
         SELECT kommunkod, halvar AS period, ersattning, kon, belopp_kr FROM uht
         UNION ALL
         SELECT kommunkod, left(halvar, 4), ersattning, kon, sum(belopp_kr) FROM uht GROUP BY kommunkod, left(halvar, 4), ersattning, kon HAVING count(*) = 2
       ),
       omfattning AS (SELECT DISTINCT period, ersattning FROM up),
       gm AS (SELECT * FROM (VALUES ${grupper}) AS g(grupp, ersattning)),
       gn AS (
         SELECT p.period, gm.grupp, count(o.ersattning) AS n
         FROM (SELECT DISTINCT period FROM omfattning) AS p CROSS JOIN gm
         LEFT JOIN omfattning AS o ON o.period = p.period AND o.ersattning = gm.ersattning
         GROUP BY ALL
       ),
       alla AS (
         -- A group where the kommun has a value for every member in scope that period.
         SELECT * FROM up
         UNION ALL
         SELECT up.kommunkod, up.period, gm.grupp, up.kon, sum(up.belopp_kr)
         FROM up JOIN gm USING (ersattning) JOIN gn ON gn.period = up.period AND gn.grupp = gm.grupp
         GROUP BY up.kommunkod, up.period, gm.grupp, up.kon, gn.n HAVING count(*) = gn.n
       ),
       k AS (
         SELECT a.*, b.befolkning,
                CASE WHEN length(a.period) = 4 THEN 365 WHEN right(a.period, 1) = '1' THEN 181 ELSE 184 END
                + CASE WHEN (length(a.period) = 4 OR right(a.period, 1) = '1') AND ${leap(year.replace("period", "a.period"))} THEN 1 ELSE 0 END AS dagar,
                CASE WHEN length(a.period) = 4 THEN make_date(${year.replace("period", "a.period")}, 1, 1)
                     ELSE make_date(${year.replace("period", "a.period")}, CASE right(a.period, 1) WHEN '1' THEN 1 ELSE 7 END, 1) END AS start
         FROM alla AS a JOIN bef AS b ON b.kommunkod = a.kommunkod AND b.period = a.period AND b.kon = a.kon
       ),
       region AS (
         SELECT 'lan' AS regiontyp, lanskod AS regionkod, kommunkod, CAST(NULL AS DATE) AS fran, CAST(NULL AS DATE) AS till FROM kommun
         UNION ALL SELECT 'riket', '00', kommunkod, NULL, NULL FROM kommun
         UNION ALL SELECT 'forbund', forbund_id, kommunkod, fran, till FROM forbund_medlem
       ),
       r AS (
         -- Ratios of sums over the member kommuner with a value (a förbund's membership valid on the period's first day).
         SELECT 'kommun' AS regiontyp, kommunkod AS regionkod, period, ersattning, kon, belopp_kr, befolkning, dagar FROM k
         UNION ALL
         SELECT g.regiontyp, g.regionkod, k.period, k.ersattning, k.kon, sum(k.belopp_kr), sum(k.befolkning), any_value(k.dagar)
         FROM k JOIN region AS g ON g.kommunkod = k.kommunkod AND (g.fran IS NULL OR g.fran <= k.start) AND (g.till IS NULL OR g.till >= k.start)
         GROUP BY ALL
       )
       SELECT *, CAST(belopp_kr AS DOUBLE) / (CAST(befolkning AS DOUBLE) * dagar) AS kr_per_invanare_och_dag FROM r`,
      // Stored, as the ingest stores what it computed.
      "CHECKPOINT",
    ],
    result: `SELECT (SELECT count(*) FROM matt) AS rader, (SELECT sum(kr_per_invanare_och_dag) FROM matt) AS kontroll,
                    (SELECT count(*) FROM befolkning) + (SELECT count(*) FROM utbetalning)${helarsekvivalenter.length ? " + (SELECT count(*) FROM helarsekvivalent)" : ""}${ovriga.map((_, i) => ` + (SELECT count(*) FROM ovrig_${i})`).join("")} AS indata`,
  };
}

/** The encoding read_csv reads a file in: UTF-8, else Latin-1 (no byte 0x80–0x9F), else none (Windows-1252). */
function encodingOf(file: string): "utf-8" | "latin-1" | null {
  const bytes = fs.readFileSync(file);
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return "utf-8";
  } catch {
    return bytes.some((b) => b >= 0x80 && b <= 0x9f) ? null : "latin-1";
  }
}

/** The same rows from the pipeline's view of the data contract: forsorjningsmatt, every row. */
export const PIPELINE_PAYOUT_RESULT = "SELECT count(*) AS rader, sum(kr_per_invanare_och_dag) AS kontroll FROM forsorjningsmatt";

/** insats_resultat per insats × period (each year of its data, and 'alla') × kön (DESIGN.md §2.3). */
export function deltagareFloorSql(dataDir: string): FloorSql | null {
  const named = filesMatching(dataDir, /^deltagare.*\.csv$/i);
  // Anonymous counts share the name deltagare*: the header tells them apart (no startdatum; ar and antal).
  const anonyma = named.filter((f) => !header(f).includes("startdatum"));
  const deltagare = named.filter((f) => header(f).includes("startdatum"));
  const insatser = filesMatching(dataDir, /^insatser.*\.csv$/i);
  const ekonomi = filesMatching(dataDir, /^insats_ekonomi.*\.csv$/i);
  if (!deltagare.length || !insatser.length) return null;
  const v = "VARCHAR";
  const empty = (cols: string) => `SELECT ${cols} WHERE false`;
  return {
    load: [
      `CREATE TABLE insats AS SELECT insats_id FROM ${readCsv(insatser, { insats_id: v })}`,
      `CREATE TABLE ekonomi AS ${ekonomi.length ? `SELECT insats_id, ar, utfall_kr FROM ${readCsv(ekonomi, { insats_id: v, ar: "INTEGER", budget_kr: "DECIMAL(18,2)", utfall_kr: "DECIMAL(18,2)" })}` : empty("CAST(NULL AS VARCHAR) AS insats_id, CAST(NULL AS INTEGER) AS ar, CAST(NULL AS DECIMAL(18,2)) AS utfall_kr")}`,
      `CREATE TABLE anonyma AS ${anonyma.length ? `SELECT insats_id, ar, kon, antal FROM ${readCsv(anonyma, { insats_id: v, ar: "INTEGER", kon: v, antal: "INTEGER" })}` : empty("CAST(NULL AS VARCHAR) AS insats_id, CAST(NULL AS INTEGER) AS ar, CAST(NULL AS VARCHAR) AS kon, CAST(NULL AS INTEGER) AS antal")}`,
      `CREATE TABLE deltagare AS SELECT * FROM ${readCsv(deltagare, {
        deltagare_id: v, insats_id: v, kon: v, fodelsear: "INTEGER", kommunkod: v, startdatum: "DATE", slutdatum: "DATE", avslutsanledning: v,
        forsorjning_fore: v, forsorjning_efter: v, sysselsattning_fore: v, sysselsattning_efter: v,
      })}`,
    ],
    measure: [
      `CREATE TABLE matt AS
       WITH d AS (
         SELECT insats_id, kon, startdatum, slutdatum, sysselsattning_efter
         FROM deltagare WHERE avslutsanledning IS NULL OR lower(trim(avslutsanledning)) <> 'felregistrering'
       ),
       sista AS (
         SELECT max(ar) AS ar FROM (
           SELECT year(startdatum) AS ar FROM d UNION ALL SELECT year(slutdatum) FROM d
           UNION ALL SELECT ar FROM anonyma UNION ALL SELECT ar FROM ekonomi)
       ),
       per AS (
         SELECT insats_id, CAST(ar AS VARCHAR) AS period, kon,
                year(startdatum) = ar AS startade, coalesce(year(slutdatum) = ar, false) AS avslutade,
                slutdatum IS NULL OR year(slutdatum) > ar AS pagaende, sysselsattning_efter
         FROM (SELECT d.*, unnest(generate_series(year(d.startdatum), coalesce(year(d.slutdatum), s.ar))) AS ar FROM d CROSS JOIN sista AS s)
         UNION ALL
         SELECT insats_id, 'alla', kon, true, slutdatum IS NOT NULL, slutdatum IS NULL, sysselsattning_efter FROM d
       ),
       dd AS (
         SELECT insats_id, period, CASE WHEN grouping(kon) = 1 THEN 'T' ELSE kon END AS kon,
                count(*) FILTER (WHERE startade) AS startade,
                count(*) FILTER (WHERE avslutade) AS avslutade,
                count(*) FILTER (WHERE pagaende) AS pagaende,
                count(*) FILTER (WHERE avslutade AND sysselsattning_efter IS NOT NULL) AS med_uppgift,
                count(*) FILTER (WHERE avslutade AND sysselsattning_efter IN ('arbete', 'studier')) AS till_arbete,
                count(*) AS overlappar
         FROM per GROUP BY GROUPING SETS ((insats_id, period, kon), (insats_id, period))
       ),
       an AS (
         SELECT insats_id, period, CASE WHEN grouping(kon) = 1 THEN 'T' ELSE kon END AS kon, sum(antal) AS anonyma
         FROM (SELECT insats_id, CAST(ar AS VARCHAR) AS period, kon, antal FROM anonyma UNION ALL SELECT insats_id, 'alla', kon, antal FROM anonyma)
         GROUP BY GROUPING SETS ((insats_id, period, kon), (insats_id, period))
       ),
       ek AS (
         SELECT insats_id, period, sum(utfall_kr) AS utfall_kr
         FROM (SELECT insats_id, CAST(ar AS VARCHAR) AS period, utfall_kr FROM ekonomi UNION ALL SELECT insats_id, 'alla', utfall_kr FROM ekonomi)
         GROUP BY ALL
       ),
       span AS (
         SELECT insats_id, min(ar) AS fran, max(ar) AS till FROM (
           SELECT insats_id, year(startdatum) AS ar FROM d
           UNION ALL SELECT d.insats_id, coalesce(year(d.slutdatum), s.ar) FROM d CROSS JOIN sista AS s
           UNION ALL SELECT insats_id, ar FROM anonyma UNION ALL SELECT insats_id, ar FROM ekonomi)
         GROUP BY insats_id
       ),
       perioder AS (
         SELECT insats_id, CAST(unnest(generate_series(fran, till)) AS VARCHAR) AS period FROM span
         UNION ALL SELECT insats_id, 'alla' FROM insats
       ),
       r AS (
         SELECT p.insats_id, p.period, k.kon,
                coalesce(dd.startade, 0) AS startade, coalesce(dd.avslutade, 0) AS avslutade, coalesce(dd.pagaende, 0) AS pagaende,
                coalesce(dd.med_uppgift, 0) AS avslutade_med_uppgift, coalesce(dd.till_arbete, 0) AS till_arbete_eller_studier,
                coalesce(an.anonyma, 0) AS anonyma, coalesce(dd.overlappar, 0) + coalesce(an.anonyma, 0) AS deltagare_under_perioden,
                CASE WHEN k.kon = 'T' THEN ek.utfall_kr END AS utfall_kr
         FROM perioder AS p CROSS JOIN (VALUES ('K'), ('M'), ('T')) AS k(kon)
         LEFT JOIN dd ON dd.insats_id = p.insats_id AND dd.period = p.period AND dd.kon = k.kon
         LEFT JOIN an ON an.insats_id = p.insats_id AND an.period = p.period AND an.kon = k.kon
         LEFT JOIN ek ON ek.insats_id = p.insats_id AND ek.period = p.period
       )
       SELECT *,
              CASE WHEN avslutade_med_uppgift > 0 THEN CAST(till_arbete_eller_studier AS DOUBLE) / avslutade_med_uppgift END AS andel,
              CASE WHEN avslutade_med_uppgift > 0 THEN
                ((till_arbete_eller_studier / avslutade_med_uppgift) + 1.959963984540054 ^ 2 / (2 * avslutade_med_uppgift)
                 - 1.959963984540054 * sqrt((till_arbete_eller_studier / avslutade_med_uppgift) * (1 - till_arbete_eller_studier / avslutade_med_uppgift) / avslutade_med_uppgift
                                            + 1.959963984540054 ^ 2 / (4 * avslutade_med_uppgift ^ 2)))
                / (1 + 1.959963984540054 ^ 2 / avslutade_med_uppgift) END AS wilson_lag,
              CASE WHEN deltagare_under_perioden > 0 THEN CAST(utfall_kr AS DOUBLE) / deltagare_under_perioden END AS kostnad_per_deltagare
       FROM r`,
      "CHECKPOINT",
    ],
    result: `SELECT (SELECT count(*) FROM matt) AS rader, (SELECT sum(deltagare_under_perioden) FROM matt) AS kontroll,
                    (SELECT count(*) FROM insats) + (SELECT count(*) FROM ekonomi) + (SELECT count(*) FROM anonyma) + (SELECT count(*) FROM deltagare) AS indata`,
  };
}

/** The same rows from the pipeline's view, once it has one (the insatser work): insats_resultat. */
export const PIPELINE_DELTAGARE_RESULT = "SELECT count(*) AS rader, sum(deltagare_under_perioden) AS kontroll FROM insats_resultat";
