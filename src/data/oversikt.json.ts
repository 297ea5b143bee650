// Framework data loader: riket's series for the Översikt page — totalt, the three groups and the six ersättningar
// (kön T), belopp and befolkning per half-year, the preliminary flags, and the kommun coverage per half-year.
import { buildSerier, num, openDb, readMeta, serieSql } from "./lib.ts";

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
      tackning: tackning.map((t) => ({ period: String(t.period), antal: num(t.antal_kommuner), i_regionen: num(t.antal_kommuner_i_regionen) })),
    }),
  );
} finally {
  db.close();
}
