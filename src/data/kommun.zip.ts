// Framework archive loader: one small JSON per kommun, kommun/<kommunkod>.json, for the kommun pages
// (/kommun/<kod>). ONE process for all kommuner (never one loader per kommun): a few queries, then a zip.
//
// Each file: { kod, namn, lan: {kod, namn}, forbund: [{id, namn, fran, till, delomrade}],
//   perioder, serier: {"kommun:<kod>": serie with T/K/M, "lan:<kod>": serie T, "riket:00": serie T},
//   rang: {period, alla: {plats, antal}, lan: {plats, antal}} (1 = highest totalt, kön T, latest half-year),
//   andringar: [{region, period, ersattning, kon, tidigare_kr, kr, tidigare_belopp_kr, belopp_kr}] }
import { strToU8, zipSync } from "fflate";
import { buildSerier, isoDate, openDb, readAndringar, readMeta, serieSql, type Serie } from "./lib.ts";

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

  // Rank of totalt (kön T) in the latest half-year where the kommun has a value: 1 = highest kr per invånare och dag.
  const totalt = new Map<string, (number | null)[]>();
  for (const [key, s] of kommunSerier) totalt.set(key.slice("kommun:".length), s.T.totalt ?? []);
  function rang(kod: string, lanskod: string) {
    const egen = totalt.get(kod) ?? [];
    let i = egen.length - 1;
    while (i >= 0 && egen[i] == null) i--;
    if (i < 0) return null;
    const varde = egen[i]!;
    const alla = kommuner.filter((k) => totalt.get(String(k.kommunkod))?.[i] != null);
    const iLan = alla.filter((k) => String(k.lanskod) === lanskod);
    const plats = (lista: typeof alla) => 1 + lista.filter((k) => totalt.get(String(k.kommunkod))![i]! > varde).length;
    return { period: perioder[i], alla: { plats: plats(alla), antal: alla.length }, lan: { plats: plats(iLan), antal: iLan.length } };
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
      rang: rang(kod, lanskod),
      andringar: andringar.filter((a) => a.region === `kommun:${kod}`),
    };
    files[`${kod}.json`] = strToU8(JSON.stringify(doc));
  }
  process.stdout.write(zipSync(files, { level: 6 }));
} finally {
  db.close();
}
