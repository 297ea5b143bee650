// Framework archive loader: one small JSON per samordningsförbund, forbund/<forbund_id>.json, for the förbund pages
// (/forbund/<id>). ONE process for all förbund: a few queries, then a zip.
//
// Each file: { id, namn, kalla, medlemmar: [{kod, namn, fran, till, delomrade}], bara_delomraden,
//   perioder, serier: {"forbund:<id>": serie T (all ersättningar) with antal_kommuner/antal_kommuner_i_regionen,
//     "riket:00": serie T (totalt and groups), "kommun:<kod>": serie T (totalt and groups) per member},
//   medlem_period: {"<kod>": [0|1 per half-year: counted for the förbund that half-year]},
//   andringar: [...] }
import { strToU8, zipSync } from "fflate";
import { GRUPPER, buildSerier, isoDate, num, openDb, readAndringar, readForandringar, readMeta, serieSql, type Serie } from "./lib.ts";

/** The first day of a half-year, "2024H2" → "2024-07-01" (the day membership must be valid on). */
function halvarStart(period: string): string {
  return `${period.slice(0, 4)}-${period.endsWith("H1") ? "01" : "07"}-01`;
}

const db = await openDb();
try {
  const meta = await readMeta(db);
  const { perioder } = meta;
  const forbund = await db.all("SELECT forbund_id, forbund_namn FROM forbund ORDER BY forbund_id");
  const medlemmar = await db.all(
    `SELECT m.forbund_id, m.kommunkod, k.kommunnamn, m.fran::VARCHAR AS fran, m.till::VARCHAR AS till, m.delomrade
     FROM forbund_medlem m JOIN kommun k USING (kommunkod) ORDER BY m.forbund_id, k.kommunnamn`,
  );
  const forbundSerier = buildSerier(await db.all(serieSql("regiontyp = 'forbund' AND kon = 'T'")), perioder, { kon: ["T"] });
  const tackning = await db.all(
    `SELECT regionkod, period, antal_kommuner, antal_kommuner_i_regionen FROM forsorjningsmatt_utokad
     WHERE regiontyp = 'forbund' AND kon = 'T' AND ersattning = 'totalt'`,
  );
  const ovriga = buildSerier(
    await db.all(serieSql(`regiontyp IN ('kommun', 'riket') AND kon = 'T' AND ersattning IN (${GRUPPER.map((g) => `'${g}'`).join(", ")})`)),
    perioder,
    { kon: ["T"], ersattningar: GRUPPER },
  );
  const andringar = await readAndringar(db, "regiontyp = 'forbund'");
  const forandringar = await readForandringar(db, "regiontyp = 'forbund' AND ersattning = 'totalt'");
  const pIndex = new Map(perioder.map((p, i) => [p, i]));

  const files: Record<string, Uint8Array> = {};
  for (const f of forbund) {
    const id = String(f.forbund_id);
    const egna = medlemmar.filter((m) => m.forbund_id === id);
    const serier: Record<string, Serie> = {};
    const egen = forbundSerier.get(`forbund:${id}`);
    if (egen) {
      const antal = perioder.map(() => null as number | null);
      const iRegionen = perioder.map(() => null as number | null);
      for (const t of tackning.filter((t) => t.regionkod === id)) {
        const i = pIndex.get(String(t.period));
        if (i === undefined) continue;
        antal[i] = num(t.antal_kommuner);
        iRegionen[i] = num(t.antal_kommuner_i_regionen);
      }
      serier[`forbund:${id}`] = { ...egen, antal_kommuner: antal, antal_kommuner_i_regionen: iRegionen };
    }
    const riket = ovriga.get("riket:00");
    if (riket) serier["riket:00"] = riket;
    const medlemPeriod: Record<string, number[]> = {};
    for (const m of egna) {
      const kod = String(m.kommunkod);
      const s = ovriga.get(`kommun:${kod}`);
      if (s) serier[`kommun:${kod}`] = s;
      const fran = isoDate(m.fran);
      const till = isoDate(m.till);
      // The same rule as the view (ar_medlem): valid on the half-year's first day; district-only members never count.
      medlemPeriod[kod] = perioder.map((p) => {
        const start = halvarStart(p);
        return m.delomrade == null && (fran == null || fran <= start) && (till == null || till >= start) ? 1 : 0;
      });
    }
    const doc = {
      id,
      namn: String(f.forbund_namn),
      kalla: meta.forbundKalla,
      medlemmar: egna.map((m) => ({
        kod: String(m.kommunkod),
        namn: String(m.kommunnamn),
        fran: isoDate(m.fran),
        till: isoDate(m.till),
        delomrade: m.delomrade == null ? null : String(m.delomrade),
      })),
      bara_delomraden: egna.length > 0 && egna.every((m) => m.delomrade != null),
      perioder,
      serier,
      medlem_period: medlemPeriod,
      andringar: andringar.filter((a) => a.region === `forbund:${id}`),
      forandring: forandringar.get(`forbund:${id}`) ?? {},
    };
    files[`${id}.json`] = strToU8(JSON.stringify(doc));
  }
  process.stdout.write(zipSync(files, { level: 6 }));
} finally {
  db.close();
}
