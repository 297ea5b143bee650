// Framework data loader for Metod (/metod): the method as the pipeline itself states it, so the page cannot drift
// from the code — the configuration (loaders/config.ts), the database's settings (installning), the SQL the ingest
// ran (loaders/measures/views.sql via viewsSql, loaders/db/schema.sql), the files read (inlast_fil), the reference
// data's provenance notes, and the gaps found in the database.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import {
  DEFAULT_AGE_BAND,
  DOCUMENTED_AGE_BANDS,
  ERSATTNINGAR,
  GRUPPER,
  HELARSEKVIVALENT_AGE_BAND,
  KON_NAMN,
  PROJECT_ROOT,
  REFERENCE_DIR,
} from "../../loaders/config.ts";
import { viewsSql } from "../../loaders/measures/views.ts";
import { readOmfattning } from "../../loaders/site/lib.ts";
import { aldersband, num, withDatabase } from "./readonly-db.ts";

/** The SQL statements quoted on the page, in the order the page explains them (name → file it is defined in). */
const SQL_NAMN = [
  "halvar_start",
  "halvar_dagar",
  "period_start",
  "period_dagar",
  "befolkning_arsskifte",
  "befolkning_halvar",
  "befolkning_ar",
  "region_medlem",
  "region_enhet",
  "ar_medlem",
  "utbetalning_halvar",
  "utbetalning_halvar_kon",
  "utbetalning_ar",
  "ersattning_i_omfattning",
  "grupp_omfattning",
  "utbetalning_kommun",
  "forsorjningsmatt_kommun",
  "forsorjningsmatt_utokad",
  "forsorjningsmatt",
  "helarsekvivalenter_halvar",
  "helarsekvivalenter",
];

/** Each CREATE statement with the comment lines directly above it: name → {kommentar, sql}. */
function statements(text: string, fil: string): Map<string, { fil: string; kommentar: string; sql: string }> {
  const out = new Map<string, { fil: string; kommentar: string; sql: string }>();
  const re = /((?:^--[^\n]*\n)*)^(CREATE (?:OR REPLACE )?(?:VIEW|MACRO|TABLE) (\w+)[\s\S]*?;)\s*$/gm;
  for (const m of text.matchAll(re)) {
    if (out.has(m[3])) continue; // the first instance (current values), not the _forra copy
    const kommentar = m[1]
      .split("\n")
      .map((l) => l.replace(/^--\s?/, ""))
      .filter((l) => l && !l.includes("{{"))
      .join(" ");
    out.set(m[3], { fil, kommentar, sql: m[2] });
  }
  return out;
}

/** First heading and file name of each PROVENANCE*.md under data/reference/ (where the built-in data come from). */
function referensdata(): { mapp: string; fil: string; titel: string }[] {
  const out: { mapp: string; fil: string; titel: string }[] = [];
  for (const mapp of readdirSync(REFERENCE_DIR).sort()) {
    let filer: string[];
    try {
      filer = readdirSync(path.join(REFERENCE_DIR, mapp));
    } catch {
      continue;
    }
    for (const fil of filer.filter((f) => /^PROVENANCE.*\.md$/.test(f)).sort()) {
      const text = readFileSync(path.join(REFERENCE_DIR, mapp, fil), "utf8");
      const titel = /^#\s+(.+)$/m.exec(text)?.[1]?.trim() ?? fil;
      out.push({ mapp: `data/reference/${mapp}`, fil, titel });
    }
  }
  return out;
}

const output = await withDatabase(async (db) => {
  const installning = await db.installning();
  const band = aldersband(installning);
  const sql = new Map([
    ...statements(readFileSync(path.join(PROJECT_ROOT, "loaders", "db", "schema.sql"), "utf8"), "loaders/db/schema.sql"),
    ...statements(viewsSql(band), "loaders/measures/views.sql"),
  ]);
  const saknas = SQL_NAMN.filter((n) => !sql.has(n));
  if (saknas.length) throw new Error(`Metod: hittar inte ${saknas.join(", ")} i schema.sql/views.sql — har en vy bytt namn?`);

  // The periods of the measure, half-years and years, with their first day and real number of days.
  const perioder = await db.all(
    `SELECT period, period_dagar(period)::INTEGER AS dagar, strftime(period_start(period), '%Y-%m-%d') AS start
     FROM (SELECT DISTINCT period FROM forsorjningsmatt) ORDER BY length(period), period`,
  );
  const befolkningAr = await db.all(
    "SELECT DISTINCT strftime(datum, '%Y-%m-%d') AS datum FROM befolkning ORDER BY datum",
  );
  const preliminaraPerioder = await db.all(
    "SELECT DISTINCT period FROM forsorjningsmatt WHERE preliminar AND regiontyp = 'riket' AND kon = 'T' ORDER BY period",
  );
  // Per ersättning and kind of period: the periods in the data and how many kommun × period values the measure lacks.
  const tackning = await db.all(
    `WITH p AS (SELECT DISTINCT period, CASE WHEN length(period) = 4 THEN 'ar' ELSE 'halvar' END AS typ FROM forsorjningsmatt WHERE regiontyp = 'riket'),
     k AS (SELECT ersattning, CASE WHEN length(period) = 4 THEN 'ar' ELSE 'halvar' END AS typ,
                  count(*)::INTEGER AS varden, min(period) AS fran, max(period) AS till
           FROM forsorjningsmatt WHERE regiontyp = 'kommun' AND kon = 'T' GROUP BY ALL)
     SELECT k.*, ((SELECT count(*) FROM p WHERE p.typ = k.typ) * (SELECT count(*) FROM kommun))::INTEGER AS mojliga
     FROM k LEFT JOIN ersattning_typ AS t USING (ersattning) ORDER BY k.typ DESC, t.ordning, k.ersattning`,
  );
  const kodandringar = await db.all(
    "SELECT kod, ny_kod, strftime(giltig_fran, '%Y-%m-%d') AS giltig_fran, typ, beskrivning FROM kommunkod_andring ORDER BY giltig_fran",
  );
  const filer = await db.all(
    `SELECT kalla, count(*)::INTEGER AS filer, sum(rader_inlasta)::BIGINT::VARCHAR AS rader,
            strftime(max(hamtad), '%Y-%m-%d') AS senast_hamtad, list(fil ORDER BY fil) AS filnamn
     FROM inlast_fil GROUP BY kalla ORDER BY kalla`,
  );
  const antal = async (t: string) => ((await db.exists(t)) ? Number((await db.all(`SELECT count(*)::INTEGER AS n FROM ${t}`))[0].n) : 0);
  const forbund = await db.all(
    `SELECT count(DISTINCT forbund_id)::INTEGER AS forbund, count(*) FILTER (WHERE delomrade IS NULL)::INTEGER AS medlemskap,
            count(*) FILTER (WHERE delomrade IS NOT NULL)::INTEGER AS delomraden FROM forbund_medlem`,
  );

  return {
    demodata: installning.get("demodata") === "ja",
    installning: Object.fromEntries(installning),
    aldersband: band,
    standardAldersband: DEFAULT_AGE_BAND,
    dokumenteradeAldersband: DOCUMENTED_AGE_BANDS,
    helarsekvivalentAldersband: HELARSEKVIVALENT_AGE_BAND,
    ersattningar: ERSATTNINGAR,
    grupper: GRUPPER,
    konNamn: KON_NAMN,
    sql: Object.fromEntries(SQL_NAMN.map((n) => [n, sql.get(n)!])),
    perioder: perioder.map((r) => ({ period: String(r.period), dagar: Number(r.dagar), start: String(r.start) })),
    // Group scope (grupp_omfattning) and the totalt definition (installning.totalt_ersattningar, set with --totalt).
    omfattning: await readOmfattning(db),
    totaltErsattningar: (installning.get("totalt_ersattningar") ?? "").split(",").map((s) => s.trim()).filter(Boolean),
    befolkningsdatum: befolkningAr.map((r) => String(r.datum)),
    preliminaraPerioder: preliminaraPerioder.map((r) => String(r.period)),
    tackning: tackning.map((r) => ({
      ersattning: String(r.ersattning),
      typ: String(r.typ),
      varden: Number(r.varden),
      mojliga: Number(r.mojliga),
      fran: String(r.fran),
      till: String(r.till),
    })),
    kodandringar: kodandringar.map((r) => ({
      kod: String(r.kod),
      nyKod: String(r.ny_kod),
      giltigFran: String(r.giltig_fran),
      typ: String(r.typ),
      beskrivning: String(r.beskrivning),
    })),
    filer: filer.map((r) => ({
      kalla: String(r.kalla),
      filer: Number(r.filer),
      rader: Number(r.rader),
      senastHamtad: r.senast_hamtad ? String(r.senast_hamtad) : null,
      filnamn: (r.filnamn as string[]).map(String),
    })),
    referensdata: referensdata(),
    antal: {
      helarsekvivalent: await antal("helarsekvivalent"),
      utbetalningRegion: await antal("utbetalning_region"),
      kontextindikator: await antal("kontextindikator"),
      okandFil: await antal("okand_fil"),
      arsvarden: Number((await db.all("SELECT count(*)::INTEGER AS n FROM utbetalning WHERE halvar IS NULL"))[0].n),
      delomradesvarden: await antal("utbetalning_delomrade"),
    },
    forbund: { antal: num(forbund[0]?.forbund), medlemskap: num(forbund[0]?.medlemskap), delomraden: num(forbund[0]?.delomraden) },
  };
});
process.stdout.write(JSON.stringify(output));
