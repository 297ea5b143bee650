// Framework archive loader: one small JSON per kommun, kommun/<kommunkod>.json, for the kommun pages
// (/kommun/<kod>). ONE process for all kommuner (never one loader per kommun): a few queries, then a zip.
//
// Each file: { kod, namn, lan: {kod, namn}, forbund: [{id, namn, fran, till, delomrade}],
//   perioder, serier: {"kommun:<kod>": serie with T/K/M, "lan:<kod>": serie T, "riket:00": serie T},
//   rang: {period, alla: {plats, antal}, lan: {plats, antal}} (1 = highest totalt, kön T, latest half-year),
//   forandring: {totalt: {period, tidigare_period, kr, procent}} (year-on-year, on the exact values),
//   andringar: [{region, period, ersattning, kon, tidigare_kr, kr, tidigare_belopp_kr, belopp_kr}] }
import { strToU8, zipSync } from "fflate";
import { buildSerier, isoDate, openDb, readAndringar, readForandringar, readMeta, serieSql, type Serie } from "./lib.ts";

const db = await openDb();
try {
  const { perioder } = await readMeta(db);
  const kommuner = await db.all(
    `SELECT k.kommunkod, k.kommunnamn, k.lanskod, l.lansnamn FROM kommun k JOIN lan l USING (lanskod)
     WHERE k.kommunkod IN (SELECT DISTINCT regionkod FROM forsorjningsmatt WHERE regiontyp = 'kommun')
     ORDER BY k.kommunkod`,
  );
  const kommunSerier = buildSerier(await db.all(serieSql("regiontyp = 'kommun'")), perioder);
  const refSerier = buildSerier(await db.all(serieSql("regiontyp IN ('lan', 'riket') AND kon = 'T'")), perioder, { kon: ["T"] });
  const medlemskap = await db.all(
    `SELECT m.kommunkod, f.forbund_id, f.forbund_namn, m.fran::VARCHAR AS fran, m.till::VARCHAR AS till, m.delomrade
     FROM forbund_medlem m JOIN forbund f USING (forbund_id) ORDER BY m.kommunkod, m.fran NULLS FIRST, f.forbund_namn`,
  );
  const andringar = await readAndringar(db, "regiontyp = 'kommun'");
  const forandringar = await readForandringar(db, "regiontyp = 'kommun' AND ersattning = 'totalt'");

  // Rank of totalt (kön T) on the exact values, per half-year, among all kommuner and within the län: 1 = highest
  // kr per invånare och dag. Each page shows the latest half-year where the kommun has a value.
  const rangRader = await db.all(
    `SELECT f.regionkod AS kod, f.period,
       rank() OVER (PARTITION BY f.period ORDER BY f.kr_per_invanare_och_dag DESC)::INTEGER AS plats_alla,
       count(*) OVER (PARTITION BY f.period)::INTEGER AS antal_alla,
       rank() OVER (PARTITION BY f.period, k.lanskod ORDER BY f.kr_per_invanare_och_dag DESC)::INTEGER AS plats_lan,
       count(*) OVER (PARTITION BY f.period, k.lanskod)::INTEGER AS antal_lan
     FROM forsorjningsmatt f JOIN kommun k ON k.kommunkod = f.regionkod
     WHERE f.regiontyp = 'kommun' AND f.ersattning = 'totalt' AND f.kon = 'T'
     QUALIFY f.period = max(f.period) OVER (PARTITION BY f.regionkod)`,
  );
  const rangPerKommun = new Map(rangRader.map((r) => [String(r.kod), r]));
  function rang(kod: string) {
    const r = rangPerKommun.get(kod);
    if (!r) return null;
    return {
      period: String(r.period),
      alla: { plats: Number(r.plats_alla), antal: Number(r.antal_alla) },
      lan: { plats: Number(r.plats_lan), antal: Number(r.antal_lan) },
    };
  }

  const files: Record<string, Uint8Array> = {};
  for (const k of kommuner) {
    const kod = String(k.kommunkod);
    const lanskod = String(k.lanskod);
    const serier: Record<string, Serie> = {};
    for (const key of [`kommun:${kod}`, `lan:${lanskod}`, "riket:00"]) {
      const s = kommunSerier.get(key) ?? refSerier.get(key);
      if (s) serier[key] = s;
    }
    const doc = {
      kod,
      namn: String(k.kommunnamn),
      lan: { kod: lanskod, namn: String(k.lansnamn) },
      forbund: medlemskap
        .filter((m) => m.kommunkod === kod)
        .map((m) => ({ id: String(m.forbund_id), namn: String(m.forbund_namn), fran: isoDate(m.fran), till: isoDate(m.till), delomrade: m.delomrade == null ? null : String(m.delomrade) })),
      perioder,
      serier,
      rang: rang(kod),
      forandring: forandringar.get(`kommun:${kod}`) ?? {},
      andringar: andringar.filter((a) => a.region === `kommun:${kod}`),
    };
    files[`${kod}.json`] = strToU8(JSON.stringify(doc));
  }
  process.stdout.write(zipSync(files, { level: 6 }));
} finally {
  db.close();
}
