// Framework data loader: riket's series for the Översikt page — totalt, the three groups and the six ersättningar
// (kön T), belopp and befolkning per half-year, the preliminary flags, the kommun coverage per half-year, and the
// year-on-year change of the latest half-year computed on the exact values.
import { buildSerier, num, openDb, readForandringar, readMeta, serieSql } from "./lib.ts";

const db = await openDb();
try {
  const meta = await readMeta(db);
  const serier = buildSerier(await db.all(serieSql("regiontyp = 'riket' AND kon = 'T'")), meta.perioder, { kon: ["T"] });
  const tackning = await db.all(
    `SELECT period, antal_kommuner, antal_kommuner_i_regionen FROM forsorjningsmatt_utokad
     WHERE regiontyp = 'riket' AND kon = 'T' AND ersattning = 'totalt' ORDER BY period`,
  );
  process.stdout.write(
    JSON.stringify({
      perioder: meta.perioder,
      riket: serier.get("riket:00") ?? null,
      forandring: (await readForandringar(db, "regiontyp = 'riket'")).get("riket:00") ?? {},
      tackning: tackning.map((t) => ({ period: String(t.period), antal: num(t.antal_kommuner), i_regionen: num(t.antal_kommuner_i_regionen) })),
    }),
  );
} finally {
  db.close();
}
