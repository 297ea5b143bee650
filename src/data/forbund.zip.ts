// Framework archive loader: one small JSON per samordningsförbund, forbund/<adress>.json, for the förbund pages
// (/forbund/<adress>; the address is derived from the id as typed, loaders/site/adress.ts). ONE process for all förbund:
// a few queries, then a zip.
//
// Each file: { id, adress, namn, kalla, medlemmar: [{kod, namn, fran, till, delomrade, omraden: [{typ, kod, namn}]}],
//   bara_delomraden, perioder: {halvar, ar},
//   serier: {halvar|ar: {"forbund:<id>": serie T/K/M (all ersättningar) with antal_kommuner/antal_kommuner_i_regionen,
//     "riket:00": serie T/K/M (totalt and groups), "kommun:<kod>": serie T/K/M (totalt and groups) per whole-kommun
//     member, "<typ>:<kod>": the same per area below kommun that a delområde membership takes its values from}},
//   medlem_period: {halvar|ar: {"<kod>" or "<kod>|<delomrade>": [0|1 per period: counted for the förbund then]}},
//   andringar: [...], forandring: {halvar|ar: {<ersättning>: {...}}} }
// A delområde membership (Göteborg's district förbund) counts with the data's areas of that kommun whose code or name
// is the delområde (view region_enhet); omraden lists them, empty when the data has none.
import { strToU8, zipSync } from "fflate";
import { forbundAdresser } from "../../loaders/site/adress.ts";
import {
  GRUPPER,
  PERIODTYPER,
  type Periodtyp,
  type Serie,
  buildSerierPerTyp,
  isoDate,
  num,
  openDb,
  readAndringar,
  readForandringar,
  readMeta,
  serieSql,
} from "../../loaders/site/lib.ts";

/** The first day of a period, "2024H2" → "2024-07-01", "2024" → "2024-01-01" (the day membership must be valid on). */
function periodStart(period: string): string {
  return `${period.slice(0, 4)}-${period.endsWith("H2") ? "07" : "01"}-01`;
}

const GRUPP_LISTA = GRUPPER.map((g) => `'${g}'`).join(", ");

const db = await openDb();
try {
  const meta = await readMeta(db);
  const { perioder } = meta;
  const forbund = await db.all("SELECT forbund_id, forbund_namn FROM forbund ORDER BY forbund_id");
  const adresser = forbundAdresser(forbund.map((f) => String(f.forbund_id)));
  const medlemmar = await db.all(
    `SELECT m.forbund_id, m.kommunkod, k.kommunnamn, m.fran::VARCHAR AS fran, m.till::VARCHAR AS till, m.delomrade
     FROM forbund_medlem m JOIN kommun k USING (kommunkod) ORDER BY m.forbund_id, k.kommunnamn, m.delomrade NULLS FIRST`,
  );
  // The areas below kommun a delområde membership takes its values from (none where the data lacks them).
  const omraden = await db.all(
    `SELECT DISTINCT e.regionkod AS forbund_id, e.kommunkod, e.delomrade, e.enhetstyp AS typ, e.enhetskod AS kod, d.namn
     FROM region_enhet AS e JOIN delomrade AS d ON d.kommunkod = e.kommunkod AND d.typ = e.enhetstyp AND d.kod = e.enhetskod
     WHERE e.regiontyp = 'forbund' AND e.delomrade IS NOT NULL
     ORDER BY e.regionkod, e.kommunkod, e.delomrade, d.namn`,
  );
  const forbundSerier = buildSerierPerTyp(await db.all(serieSql("regiontyp = 'forbund'")), perioder);
  const tackning = await db.all(
    `SELECT regionkod, period, antal_kommuner, antal_kommuner_i_regionen FROM forsorjningsmatt_utokad
     WHERE regiontyp = 'forbund' AND kon = 'T' AND ersattning = 'totalt'`,
  );
  const ovriga = buildSerierPerTyp(await db.all(serieSql(`regiontyp IN ('kommun', 'riket') AND ersattning IN (${GRUPP_LISTA})`)), perioder, { ersattningar: GRUPPER });
  const omradeSerier = buildSerierPerTyp(
    omraden.length
      ? await db.all(
          `SELECT regiontyp, regionkod, regionnamn, period, ersattning, kon, round(kr_per_invanare_och_dag, 2)::DOUBLE AS kr,
                  belopp_kr::DOUBLE AS belopp_kr, befolkning::DOUBLE AS befolkning, preliminar
           FROM forsorjningsmatt_delomrade WHERE ersattning IN (${GRUPP_LISTA})`,
        )
      : [],
    perioder,
    { ersattningar: GRUPPER },
  );
  const andringar = await readAndringar(db, "regiontyp = 'forbund'");
  const forandringar = await readForandringar(db, "regiontyp = 'forbund'");

  const files: Record<string, Uint8Array> = {};
  for (const f of forbund) {
    const id = String(f.forbund_id);
    const egna = medlemmar.filter((m) => m.forbund_id === id);
    const egnaOmraden = omraden.filter((o) => o.forbund_id === id);
    const perTyp = (typ: Periodtyp) => {
      const p = perioder[typ];
      const pIndex = new Map(p.map((x, i) => [x, i]));
      const serier: Record<string, Serie> = {};
      const egen = forbundSerier[typ].get(`forbund:${id}`);
      if (egen) {
        const antal = p.map(() => null as number | null);
        const iRegionen = p.map(() => null as number | null);
        for (const t of tackning.filter((t) => t.regionkod === id)) {
          const i = pIndex.get(String(t.period));
          if (i === undefined) continue;
          antal[i] = num(t.antal_kommuner);
          iRegionen[i] = num(t.antal_kommuner_i_regionen);
        }
        serier[`forbund:${id}`] = { ...egen, antal_kommuner: antal, antal_kommuner_i_regionen: iRegionen };
      }
      const riket = ovriga[typ].get("riket:00");
      if (riket) serier["riket:00"] = riket;
      const medlemPeriod: Record<string, number[]> = {};
      for (const m of egna) {
        const kod = String(m.kommunkod);
        const fran = isoDate(m.fran);
        const till = isoDate(m.till);
        // The same rule as the view (ar_medlem): valid on the period's first day (1 January for a year).
        const iPeriod = p.map((x) => {
          const start = periodStart(x);
          return (fran == null || fran <= start) && (till == null || till >= start) ? 1 : 0;
        });
        const s = ovriga[typ].get(`kommun:${kod}`);
        if (s) serier[`kommun:${kod}`] = s; // whole kommun: a member's line, or context for a delområde förbund
        if (m.delomrade == null) medlemPeriod[kod] = iPeriod;
        else {
          medlemPeriod[`${kod}|${m.delomrade}`] = iPeriod;
          for (const o of egnaOmraden.filter((o) => o.kommunkod === kod && o.delomrade === m.delomrade)) {
            const os = omradeSerier[typ].get(`${o.typ}:${o.kod}`);
            if (os) serier[`${o.typ}:${o.kod}`] = os;
          }
        }
      }
      return { serier, medlemPeriod };
    };
    const delar = Object.fromEntries(PERIODTYPER.map((t) => [t, perTyp(t)]));
    const doc = {
      id,
      adress: adresser.get(id)!,
      namn: String(f.forbund_namn),
      kalla: meta.forbundKalla,
      medlemmar: egna.map((m) => ({
        kod: String(m.kommunkod),
        namn: String(m.kommunnamn),
        fran: isoDate(m.fran),
        till: isoDate(m.till),
        delomrade: m.delomrade == null ? null : String(m.delomrade),
        omraden:
          m.delomrade == null
            ? []
            : egnaOmraden
                .filter((o) => o.kommunkod === m.kommunkod && o.delomrade === m.delomrade)
                .map((o) => ({ typ: String(o.typ), kod: String(o.kod), namn: String(o.namn) })),
      })),
      bara_delomraden: egna.length > 0 && egna.every((m) => m.delomrade != null),
      perioder,
      serier: Object.fromEntries(PERIODTYPER.map((t) => [t, delar[t].serier])),
      medlem_period: Object.fromEntries(PERIODTYPER.map((t) => [t, delar[t].medlemPeriod])),
      andringar: andringar.filter((a) => a.region === `forbund:${id}`),
      forandring: forandringar.get(`forbund:${id}`) ?? { halvar: {}, ar: {} },
    };
    files[`${adresser.get(id)}.json`] = strToU8(JSON.stringify(doc));
  }
  process.stdout.write(zipSync(files, { level: 6 }));
} finally {
  db.close();
}
