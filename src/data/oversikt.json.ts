// Framework data loader: riket's series for the Översikt page — totalt, the three groups and the six ersättningar
// (kön T), belopp and befolkning per period, the preliminary flags, the kommun coverage per period, and the
// year-on-year change of the latest period computed on the exact values — once per kind of period:
//   { perioder: {halvar, ar}, riket: {halvar: serie, ar: serie}, forandring: {halvar: {...}, ar: {...}},
//     tackning: {halvar: [{period, antal, i_regionen}], ar: [...]} }
import { PERIODTYPER, buildSerierPerTyp, num, openDb, periodtyp, readForandringar, readMeta, serieSql } from "../../loaders/site/lib.ts";

const db = await openDb();
try {
  const meta = await readMeta(db);
  const serier = buildSerierPerTyp(await db.all(serieSql("regiontyp = 'riket' AND kon = 'T'")), meta.perioder, { kon: ["T"] });
  const tackning = await db.all(
    `SELECT period, antal_kommuner, antal_kommuner_i_regionen FROM forsorjningsmatt_utokad
     WHERE regiontyp = 'riket' AND kon = 'T' AND ersattning = 'totalt' ORDER BY period`,
  );
  const forandring = (await readForandringar(db, "regiontyp = 'riket'")).get("riket:00");
  process.stdout.write(
    JSON.stringify({
      perioder: meta.perioder,
      riket: Object.fromEntries(PERIODTYPER.map((t) => [t, serier[t].get("riket:00") ?? null])),
      forandring: Object.fromEntries(PERIODTYPER.map((t) => [t, forandring?.[t] ?? {}])),
      tackning: Object.fromEntries(
        PERIODTYPER.map((t) => [
          t,
          tackning
            .filter((r) => periodtyp(String(r.period)) === t)
            .map((r) => ({ period: String(r.period), antal: num(r.antal_kommuner), i_regionen: num(r.antal_kommuner_i_regionen) })),
        ]),
      ),
    }),
  );
} finally {
  db.close();
}
