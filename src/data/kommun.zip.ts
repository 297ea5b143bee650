// Framework archive loader: one small JSON per kommun, kommun/<kommunkod>.json, for the kommun pages
// (/kommun/<kod>). ONE process for all kommuner (never one loader per kommun): a few queries, then a zip.
//
// Each file: { kod, namn, lan: {kod, namn}, forbund: [{id, adress, namn, fran, till, delomrade}],
//   perioder: {halvar: [...], ar: [...]},
//   serier: {halvar: {"kommun:<kod>", "lan:<kod>", "riket:00": series with T/K/M (loaders/site/lib.ts)}, ar: {…}},
//   rang: {halvar|ar: {period, alla: {plats, antal}, lan: {plats, antal}} | null} (1 = highest totalt, kön T, the
//     latest period of the kind, ranked on the exact values),
//   forandring: {halvar|ar: {<ersättning>: {period, tidigare_period, kr, procent}}} (year-on-year, exact values),
//   andringar: [{region, period, ersattning, kon, tidigare_kr, kr, tidigare_belopp_kr, belopp_kr}] }
import { strToU8, zipSync } from "fflate";
import { forbundAdresser } from "../../loaders/site/adress.ts";
import {
  PERIODTYPER,
  type Periodtyp,
  type Serie,
  buildSerierPerTyp,
  isoDate,
  openDb,
  periodtypSql,
  readAndringar,
  readForandringar,
  readMeta,
  serieSql,
} from "../../loaders/site/lib.ts";

const db = await openDb();
try {
  const { perioder } = await readMeta(db);
  const kommuner = await db.all(
    `SELECT k.kommunkod, k.kommunnamn, k.lanskod, l.lansnamn FROM kommun k JOIN lan l USING (lanskod)
     WHERE k.kommunkod IN (SELECT DISTINCT regionkod FROM forsorjningsmatt WHERE regiontyp = 'kommun')
     ORDER BY k.kommunkod`,
  );
  // Every kommun, its län and riket with kön K and M beside T: the page's kön choice shows all three by kön.
  const serier = buildSerierPerTyp(await db.all(serieSql("regiontyp IN ('kommun', 'lan', 'riket')")), perioder);
  const adresser = forbundAdresser((await db.all("SELECT forbund_id FROM forbund")).map((r) => String(r.forbund_id)));
  const medlemskap = await db.all(
    `SELECT m.kommunkod, f.forbund_id, f.forbund_namn, m.fran::VARCHAR AS fran, m.till::VARCHAR AS till, m.delomrade
     FROM forbund_medlem m JOIN forbund f USING (forbund_id) ORDER BY m.kommunkod, m.fran NULLS FIRST, f.forbund_namn`,
  );
  const andringar = await readAndringar(db, "regiontyp = 'kommun'");
  const forandringar = await readForandringar(db, "regiontyp = 'kommun'");

  // Rank of totalt (kön T) on the exact values, per period, among all kommuner and within the län: 1 = highest
  // kr per invånare och dag. Each page shows the latest period of each kind where the kommun has a value.
  const rangRader = await db.all(
    `WITH f AS (
       SELECT f.regionkod AS kod, f.period, ${periodtypSql("f.period")} AS typ, k.lanskod, f.kr_per_invanare_och_dag AS kr
       FROM forsorjningsmatt f JOIN kommun k ON k.kommunkod = f.regionkod
       WHERE f.regiontyp = 'kommun' AND f.ersattning = 'totalt' AND f.kon = 'T'
     )
     SELECT kod, period, typ,
       rank() OVER (PARTITION BY period ORDER BY kr DESC)::INTEGER AS plats_alla,
       count(*) OVER (PARTITION BY period)::INTEGER AS antal_alla,
       rank() OVER (PARTITION BY period, lanskod ORDER BY kr DESC)::INTEGER AS plats_lan,
       count(*) OVER (PARTITION BY period, lanskod)::INTEGER AS antal_lan
     FROM f
     QUALIFY period = max(period) OVER (PARTITION BY kod, typ)`,
  );
  const rangPerKommun = new Map(rangRader.map((r) => [`${r.kod}|${r.typ}`, r]));
  function rang(kod: string, typ: Periodtyp) {
    const r = rangPerKommun.get(`${kod}|${typ}`);
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
    const perTyp = (typ: Periodtyp) => {
      const ut: Record<string, Serie> = {};
      for (const key of [`kommun:${kod}`, `lan:${lanskod}`, "riket:00"]) {
        const s = serier[typ].get(key);
        if (s) ut[key] = s;
      }
      return ut;
    };
    const doc = {
      kod,
      namn: String(k.kommunnamn),
      lan: { kod: lanskod, namn: String(k.lansnamn) },
      forbund: medlemskap
        .filter((m) => m.kommunkod === kod)
        .map((m) => ({
          id: String(m.forbund_id),
          adress: adresser.get(String(m.forbund_id))!,
          namn: String(m.forbund_namn),
          fran: isoDate(m.fran),
          till: isoDate(m.till),
          delomrade: m.delomrade == null ? null : String(m.delomrade),
        })),
      perioder,
      serier: Object.fromEntries(PERIODTYPER.map((t) => [t, perTyp(t)])),
      rang: Object.fromEntries(PERIODTYPER.map((t) => [t, rang(kod, t)])),
      forandring: forandringar.get(`kommun:${kod}`) ?? { halvar: {}, ar: {} },
      andringar: andringar.filter((a) => a.region === `kommun:${kod}`),
    };
    files[`${kod}.json`] = strToU8(JSON.stringify(doc));
  }
  process.stdout.write(zipSync(files, { level: 6 }));
} finally {
  db.close();
}
