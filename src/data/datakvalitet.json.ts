// Framework data loader for Datakvalitet (/datakvalitet, issue 3 §5): what the database holds and how complete it is.
//   - coverage per ersättning × month (how many kommuner have a reported value, by status) and the kommun × month
//     cells that are not plainly reported (missing, suppressed, zero, zero-that-may-be-missing, preliminary), as runs;
//   - status counts (missing vs reported zero), preliminary values (publisher's flag and preliminary population);
//   - kommun sums against the publishers' own län/riket totals (utbetalning_region), per half-year;
//   - every file read (inlast_fil) per source with retrieval dates, the files no adapter recognised (okand_fil);
//   - the revisions list (forsorjningsmatt_andring: changed since the previous download).
import { statSync } from "node:fs";
import { ERSATTNINGAR } from "../../loaders/config.ts";
import { num, withDatabase, type Database } from "./readonly-db.ts";

/** Cell classes of the coverage heatmap, in priority order (the best status of a kommun × month wins). */
const KLASSER = ["rapporterad", "preliminar", "noll", "noll_kan_vara_bortfall", "undertryckt", "saknas", "ingen_rad"] as const;
const MAX_ANDRINGAR = 2000;
const MAX_LUCKOR = 5000;

// Every payout row spread to the months it covers: monthly rows as they are, half-year rows over their six months.
// Annual rows (halvar NULL) are counted apart, never spread.
const CELLER = `
  WITH rad AS (
    SELECT kommunkod, ersattning, manad, belopp_kr, status FROM utbetalning WHERE manad IS NOT NULL
    UNION ALL
    SELECT u.kommunkod, u.ersattning, strftime(halvar_start(u.halvar) + to_months(t.i::INTEGER), '%Y-%m'), u.belopp_kr, u.status
    FROM utbetalning AS u, range(6) AS t(i) WHERE u.manad IS NULL AND u.halvar IS NOT NULL
  )
  SELECT kommunkod, ersattning, manad,
    CASE
      WHEN bool_or(belopp_kr IS NOT NULL AND belopp_kr <> 0 AND status = '') THEN 'rapporterad'
      WHEN bool_or(status = 'preliminar' AND belopp_kr IS NOT NULL) THEN 'preliminar'
      WHEN bool_or(belopp_kr = 0 AND status = '') THEN 'noll'
      WHEN bool_or(status = 'noll_kan_vara_bortfall') THEN 'noll_kan_vara_bortfall'
      WHEN bool_or(status = 'undertryckt') THEN 'undertryckt'
      ELSE 'saknas'
    END AS klass
  FROM rad GROUP BY ALL`;

async function tackning(db: Database) {
  const ersIds = ERSATTNINGAR.map((e) => e.id as string);
  const kalla = await db.all(
    `SELECT u.ersattning, string_agg(DISTINCT f.kalla, ', ' ORDER BY f.kalla) AS kallor, count(DISTINCT f.fil_id)::INTEGER AS filer
     FROM utbetalning AS u JOIN inlast_fil AS f USING (fil_id) GROUP BY u.ersattning`,
  );
  // The grid's kommuner: those with at least one payout row of any ersättning. A data set may cover only some
  // kommuner (an analyst's own län); kommuner without any row are counted apart, not drawn as 290 empty rows.
  await db.connection.run(`CREATE TEMP TABLE cell AS ${CELLER}`);
  await db.connection.run("CREATE TEMP TABLE med_data AS SELECT DISTINCT kommunkod FROM utbetalning");
  const antalKommuner = Number((await db.all("SELECT count(*)::INTEGER AS n FROM med_data"))[0].n);
  const utanData = await db.all(
    "SELECT kommunkod FROM kommun WHERE kommunkod NOT IN (SELECT kommunkod FROM med_data) ORDER BY kommunkod",
  );
  // The grid: every such kommun × every month between the ersättning's first and last month; absent cells are 'ingen_rad'.
  await db.connection.run(`
    CREATE TEMP TABLE grid AS
    WITH spann AS (SELECT ersattning, min(manad) AS forst, max(manad) AS sist FROM cell GROUP BY ersattning),
    manader AS (
      SELECT s.ersattning, strftime(CAST(forst || '-01' AS DATE) + to_months(t.i::INTEGER), '%Y-%m') AS manad
      FROM spann AS s, range(0, 600) AS t(i)
      WHERE CAST(forst || '-01' AS DATE) + to_months(t.i::INTEGER) <= CAST(sist || '-01' AS DATE)
    )
    SELECT m.ersattning, k.kommunkod, m.manad, coalesce(c.klass, 'ingen_rad') AS klass
    FROM manader AS m CROSS JOIN med_data AS k
    LEFT JOIN cell AS c ON c.ersattning = m.ersattning AND c.kommunkod = k.kommunkod AND c.manad = m.manad`);
  const sammanfattning = await db.all(
    `SELECT ersattning, manad, ${KLASSER.map((k) => `count(*) FILTER (WHERE klass = '${k}')::INTEGER AS "${k}"`).join(", ")}
     FROM grid GROUP BY ALL ORDER BY ersattning, manad`,
  );
  // Runs of consecutive months with the same non-reported class per kommun (gaps-and-islands).
  const luckor = await db.all(
    `WITH g AS (
       SELECT *, row_number() OVER (PARTITION BY ersattning, kommunkod ORDER BY manad)
                 - row_number() OVER (PARTITION BY ersattning, kommunkod, klass ORDER BY manad) AS grp
       FROM grid)
     SELECT ersattning, kommunkod, klass, min(manad) AS fran, max(manad) AS till, count(*)::INTEGER AS manader
     FROM g WHERE klass <> 'rapporterad' GROUP BY ersattning, kommunkod, klass, grp
     ORDER BY ersattning, kommunkod, fran LIMIT ${MAX_LUCKOR + 1}`,
  );
  const arsvarden = await db.all(
    "SELECT ersattning, count(*)::INTEGER AS rader, min(ar)::INTEGER AS fran, max(ar)::INTEGER AS till FROM utbetalning WHERE halvar IS NULL GROUP BY ALL",
  );
  // Yearly rows (SCB's finsam.se delivery): per ersättning and year, the kommuner with a value and with a row.
  const arstackning = await db.all(
    `SELECT ersattning, ar::INTEGER AS ar,
            count(DISTINCT kommunkod) FILTER (WHERE belopp_kr IS NOT NULL)::INTEGER AS med_varde,
            count(DISTINCT kommunkod)::INTEGER AS med_rad
     FROM utbetalning WHERE halvar IS NULL GROUP BY ALL ORDER BY ersattning, ar`,
  );
  const perErs = new Map<string, { manader: string[]; antal: number[][] }>();
  for (const r of sammanfattning) {
    const e = String(r.ersattning);
    if (!perErs.has(e)) perErs.set(e, { manader: [], antal: [] });
    const x = perErs.get(e)!;
    x.manader.push(String(r.manad));
    x.antal.push(KLASSER.map((k) => Number(r[k])));
  }
  const ordning = [...ersIds, ...[...new Set([...perErs.keys(), ...arstackning.map((r) => String(r.ersattning))])].filter((e) => !ersIds.includes(e))];
  return {
    antalKommuner,
    kommunerUtanData: utanData.map((r) => String(r.kommunkod)),
    klasser: KLASSER,
    kommuner: (await db.all("SELECT kommunkod, kommunnamn FROM kommun ORDER BY kommunkod")).map((r) => [String(r.kommunkod), String(r.kommunnamn)]),
    ersattningar: ordning
      .filter((e) => perErs.has(e))
      .map((e) => ({
        id: e,
        namn: ERSATTNINGAR.find((x) => x.id === e)?.namn ?? e,
        kallor: String(kalla.find((k) => k.ersattning === e)?.kallor ?? ""),
        filer: Number(kalla.find((k) => k.ersattning === e)?.filer ?? 0),
        ...perErs.get(e)!,
      })),
    luckor: luckor.slice(0, MAX_LUCKOR).map((r) => [String(r.ersattning), String(r.kommunkod), String(r.klass), String(r.fran), String(r.till), Number(r.manader)]),
    luckorAvkortade: luckor.length > MAX_LUCKOR,
    arsvarden: arsvarden.map((r) => ({ ersattning: String(r.ersattning), rader: Number(r.rader), fran: Number(r.fran), till: Number(r.till) })),
    arstackning: ordning
      .filter((e) => arstackning.some((r) => r.ersattning === e))
      .map((e) => ({
        id: e,
        namn: ERSATTNINGAR.find((x) => x.id === e)?.namn ?? e,
        ar: arstackning.filter((r) => r.ersattning === e).map((r) => [Number(r.ar), Number(r.med_varde), Number(r.med_rad)]),
      })),
  };
}

async function statusar(db: Database) {
  const tabell = async (t: string, varde: string) =>
    (await db.exists(t))
      ? await db.all(
          `SELECT '${t}' AS tabell, ersattning, status,
                  count(*)::INTEGER AS rader,
                  count(*) FILTER (WHERE ${varde} = 0)::INTEGER AS nollor,
                  count(*) FILTER (WHERE ${varde} IS NULL)::INTEGER AS tomma
           FROM ${t} GROUP BY ALL ORDER BY ersattning, status`,
        )
      : [];
  return [...(await tabell("utbetalning", "belopp_kr")), ...(await tabell("helarsekvivalent", "helarsekvivalenter"))].map((r) => ({
    tabell: String(r.tabell),
    ersattning: String(r.ersattning),
    status: String(r.status),
    rader: Number(r.rader),
    nollor: Number(r.nollor),
    tomma: Number(r.tomma),
  }));
}

async function preliminara(db: Database) {
  const befolkning = await db.all(
    `SELECT period, regiontyp, count(DISTINCT regionkod)::INTEGER AS regioner
     FROM forsorjningsmatt WHERE preliminar AND kon = 'T' AND ersattning = 'totalt' GROUP BY ALL ORDER BY period, regiontyp`,
  );
  const utgivare = await db.all(
    `SELECT ersattning, min(period) AS fran, max(period) AS till, count(*)::INTEGER AS rader
     FROM utbetalning WHERE status = 'preliminar' GROUP BY ALL ORDER BY ersattning`,
  );
  const senasteBefolkning = await db.all("SELECT strftime(max(datum), '%Y-%m-%d') AS datum FROM befolkning");
  return {
    befolkning: befolkning.map((r) => ({ period: String(r.period), regiontyp: String(r.regiontyp), regioner: Number(r.regioner) })),
    utgivare: utgivare.map((r) => ({ ersattning: String(r.ersattning), fran: String(r.fran), till: String(r.till), rader: Number(r.rader) })),
    senasteBefolkning: senasteBefolkning[0]?.datum ? String(senasteBefolkning[0].datum) : null,
  };
}

/** Kommun sums against the publisher's own län/riket totals, per half-year or year (every row of the period summed on both sides). */
async function regionsummor(db: Database) {
  if (!(await db.exists("utbetalning_region"))) return [];
  if (!Number((await db.all("SELECT count(*)::INTEGER AS n FROM utbetalning_region"))[0].n)) return [];
  const rows = await db.all(
    `WITH pub AS (
       SELECT regiontyp, regionkod, coalesce(halvar, CAST(ar AS VARCHAR)) AS period, ersattning, kon, sum(belopp_kr) AS publicerat
       FROM utbetalning_region WHERE belopp_kr IS NOT NULL GROUP BY ALL
     ),
     kom AS (
       SELECT r.regiontyp, r.regionkod, coalesce(u.halvar, CAST(u.ar AS VARCHAR)) AS period, u.ersattning, u.kon,
              sum(u.belopp_kr) AS kommunsumma, count(DISTINCT u.kommunkod)::INTEGER AS kommuner
       FROM utbetalning AS u
       JOIN region_medlem AS r ON r.kommunkod = u.kommunkod AND r.regiontyp IN ('lan', 'riket')
       WHERE u.belopp_kr IS NOT NULL
       GROUP BY ALL
     )
     SELECT p.regiontyp, p.regionkod, coalesce(l.lansnamn, 'Riket') AS regionnamn, p.period, p.ersattning, p.kon,
            round(p.publicerat, 0)::DOUBLE AS publicerat, round(k.kommunsumma, 0)::DOUBLE AS kommunsumma, k.kommuner
     FROM pub AS p
     LEFT JOIN kom AS k USING (regiontyp, regionkod, period, ersattning, kon)
     LEFT JOIN lan AS l ON p.regiontyp = 'lan' AND l.lanskod = p.regionkod
     ORDER BY p.regiontyp DESC, p.regionkod, p.period, p.ersattning, p.kon`,
  );
  return rows.map((r) => ({
    regiontyp: String(r.regiontyp),
    regionkod: String(r.regionkod),
    regionnamn: String(r.regionnamn),
    period: String(r.period),
    ersattning: String(r.ersattning),
    kon: String(r.kon),
    publicerat: num(r.publicerat),
    kommunsumma: num(r.kommunsumma),
    kommuner: num(r.kommuner),
  }));
}

async function filer(db: Database) {
  const perKalla = await db.all(
    `SELECT kalla, count(*)::INTEGER AS filer, sum(rader_lasta)::BIGINT::VARCHAR AS rader_lasta,
            sum(rader_inlasta)::BIGINT::VARCHAR AS rader_inlasta,
            strftime(min(hamtad), '%Y-%m-%d') AS forsta_hamtning, strftime(max(hamtad), '%Y-%m-%d') AS senaste_hamtning
     FROM inlast_fil GROUP BY kalla ORDER BY kalla`,
  );
  const lista = await db.all(
    `SELECT fil, kalla, strftime(hamtad, '%Y-%m-%d') AS hamtad, sha256, rader_lasta, rader_inlasta FROM inlast_fil ORDER BY kalla, fil`,
  );
  const okanda = (await db.exists("okand_fil")) ? await db.all("SELECT fil, orsak FROM okand_fil ORDER BY fil") : [];
  return {
    perKalla: perKalla.map((r) => ({
      kalla: String(r.kalla),
      filer: Number(r.filer),
      raderLasta: Number(r.rader_lasta),
      raderInlasta: Number(r.rader_inlasta),
      forstaHamtning: r.forsta_hamtning ? String(r.forsta_hamtning) : null,
      senasteHamtning: r.senaste_hamtning ? String(r.senaste_hamtning) : null,
    })),
    lista: lista.map((r) => ({
      fil: String(r.fil),
      kalla: String(r.kalla),
      hamtad: r.hamtad ? String(r.hamtad) : null,
      sha256: String(r.sha256),
      raderLasta: Number(r.rader_lasta),
      raderInlasta: Number(r.rader_inlasta),
    })),
    okanda: okanda.map((r) => ({ fil: String(r.fil), orsak: String(r.orsak) })),
  };
}

// Kept in full (at most MAX_ANDRINGAR rows): the page formats them, the table download writes them exactly.
async function andringar(db: Database) {
  if (!(await db.exists("forsorjningsmatt_andring"))) return { antal: 0, rader: [] };
  // Without an earlier vintage nothing can have changed; the view is costly (the measure computed twice), so skip it.
  const versioner = (await db.exists("utbetalning_version"))
    ? Number((await db.all("SELECT count(*)::INTEGER AS n FROM utbetalning_version"))[0].n)
    : 0;
  if (!versioner) return { antal: 0, rader: [] };
  const rader = await db.all(
    `SELECT regiontyp, regionkod, regionnamn, period, ersattning, kon,
            tidigare_belopp_kr::DOUBLE AS tidigare_belopp_kr, belopp_kr::DOUBLE AS belopp_kr,
            tidigare_kr_per_invanare_och_dag AS tidigare_varde, kr_per_invanare_och_dag AS varde,
            count(*) OVER ()::INTEGER AS antal
     FROM forsorjningsmatt_andring
     ORDER BY period DESC, CASE regiontyp WHEN 'riket' THEN 0 WHEN 'lan' THEN 1 WHEN 'forbund' THEN 2 ELSE 3 END, regionkod, ersattning, kon
     LIMIT ${MAX_ANDRINGAR}`,
  );
  const antal = Number(rader[0]?.antal ?? 0);
  return {
    antal,
    rader: rader.map((r) => ({
      regiontyp: String(r.regiontyp),
      regionkod: String(r.regionkod),
      regionnamn: String(r.regionnamn),
      period: String(r.period),
      ersattning: String(r.ersattning),
      kon: String(r.kon),
      tidigareBelopp: num(r.tidigare_belopp_kr),
      belopp: num(r.belopp_kr),
      tidigareVarde: num(r.tidigare_varde),
      varde: num(r.varde),
    })),
  };
}

const DEBUG = process.env.FORSORJNING_LOADER_TIMING === "1";
async function timed<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const t = Date.now();
  const result = await fn();
  if (DEBUG) console.error(`${name}: ${Date.now() - t} ms`);
  return result;
}

const output = await withDatabase(async (db) => {
  const installning = await db.installning();
  return {
    demodata: installning.get("demodata") === "ja",
    ersattningNamn: Object.fromEntries(ERSATTNINGAR.map((e) => [e.id, e.namn])),
    // The database file's modification time is when the ingest last swapped a new database in.
    senasteInlasning: statSync(db.path).mtime.toISOString(),
    tackning: await timed("tackning", () => tackning(db)),
    statusar: await timed("statusar", () => statusar(db)),
    preliminara: await timed("preliminara", () => preliminara(db)),
    regionsummor: await timed("regionsummor", () => regionsummor(db)),
    filer: await timed("filer", () => filer(db)),
    andringar: await timed("andringar", () => andringar(db)),
  };
});
process.stdout.write(JSON.stringify(output));
