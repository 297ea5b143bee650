// Framework archive loader: one JSON per län, lan/<länskod>.json, for the län pages (/lan/<kod>). ONE process for
// all län: a few queries, then a zip.
//
// Each file: { kod, namn, perioder: {halvar, ar},
//   serier: {halvar|ar: {"lan:<kod>": series with T/K/M and coverage (loaders/site/lib.ts), "riket:00": T/K/M}},
//   forandring: {halvar|ar: {<ersättning>: {period, tidigare_period, kr, procent}}} (the län, exact values),
//   rang: {halvar|ar: {period, plats, antal} | null} (totalt, kön T, among the län, latest period, exact values),
//   kommuner: [{kod, namn}] (the län's kommuner with values),
//   kommunvarden: {halvar|ar: {varden: [kommun][ersättning][period], rang: [kommun][ersättning][period]}} (kön T,
//     2 decimals as shown; rank within the län on the exact values, 1 = highest),
//   ersattningar: [ids in the order of the arrays],
//   forbund: [{id, adress, namn, medlemmar: [kommunkod in the län], alla: number of members, varden: {halvar|ar:
//     {period, kr} | null}}] (every förbund with a member kommun in the län; its latest totalt),
//   geo: TopoJSON with the län's kommuner only (cut from data/reference/geo, SCB Digitala gränser, CC0) }
import { readFileSync } from "node:fs";
import path from "node:path";
import { strToU8, zipSync } from "fflate";
import { REFERENCE_DIR } from "../../loaders/config.ts";
import { forbundAdresser } from "../../loaders/site/adress.ts";
import {
  ALLA,
  PERIODTYPER,
  type Periodtyp,
  buildSerierPerTyp,
  num,
  openDb,
  periodtyp,
  periodtypSql,
  readForandringar,
  readMeta,
  serieSql,
} from "../../loaders/site/lib.ts";

interface Topo {
  type: string;
  transform?: unknown;
  arcs: unknown[];
  objects: Record<string, { type: string; geometries: { id?: string; arcs: unknown; properties?: Record<string, unknown> }[] }>;
}

/** A TopoJSON with only the kommuner of one län: the geometries kept and the arcs they use, renumbered. */
function topoUtdrag(topo: Topo, lanskod: string): Topo {
  const geometrier = topo.objects.kommuner.geometries.filter((g) => g.properties?.lanskod === lanskod);
  const nya = new Map<number, number>();
  const arcs: unknown[] = [];
  const remap = (a: unknown): unknown => {
    if (Array.isArray(a)) return a.map(remap);
    const i = a as number;
    const index = i < 0 ? ~i : i;
    let ny = nya.get(index);
    if (ny === undefined) {
      ny = arcs.length;
      nya.set(index, ny);
      arcs.push(topo.arcs[index]);
    }
    return i < 0 ? ~ny : ny;
  };
  const kommuner = geometrier.map((g) => ({ ...g, arcs: remap(g.arcs) }));
  return { type: topo.type, transform: topo.transform, arcs, objects: { kommuner: { type: "GeometryCollection", geometries: kommuner } } };
}

const topo = JSON.parse(readFileSync(path.join(REFERENCE_DIR, "geo", "sverige_kommuner_lan.topo.json"), "utf8")) as Topo;

const db = await openDb();
try {
  const { perioder } = await readMeta(db);
  const lan = await db.all(
    `SELECT lanskod, lansnamn FROM lan WHERE lanskod IN (SELECT DISTINCT regionkod FROM forsorjningsmatt WHERE regiontyp = 'lan') ORDER BY lanskod`,
  );
  const serier = buildSerierPerTyp(await db.all(serieSql("regiontyp IN ('lan', 'riket')")), perioder);
  const forandringar = await readForandringar(db, "regiontyp = 'lan'");
  const lanRang = await db.all(
    `SELECT regionkod AS kod, period, ${periodtypSql()} AS typ,
       rank() OVER (PARTITION BY period ORDER BY kr_per_invanare_och_dag DESC)::INTEGER AS plats,
       count(*) OVER (PARTITION BY period)::INTEGER AS antal
     FROM forsorjningsmatt WHERE regiontyp = 'lan' AND ersattning = 'totalt' AND kon = 'T'
     QUALIFY period = max(period) OVER (PARTITION BY regionkod, ${periodtypSql()})`,
  );
  // Every kommun's value and its rank within its län, per period and ersättning (kön T), on the exact values.
  const kommunRader = await db.all(
    `SELECT k.lanskod, f.regionkod AS kod, f.regionnamn AS namn, f.period, f.ersattning,
       round(f.kr_per_invanare_och_dag, 2)::DOUBLE AS kr,
       rank() OVER (PARTITION BY k.lanskod, f.period, f.ersattning ORDER BY f.kr_per_invanare_och_dag DESC)::INTEGER AS plats
     FROM forsorjningsmatt AS f JOIN kommun AS k ON k.kommunkod = f.regionkod
     WHERE f.regiontyp = 'kommun' AND f.kon = 'T'`,
  );
  const forbundIds = (await db.all("SELECT forbund_id FROM forbund")).map((r) => String(r.forbund_id));
  const adresser = forbundAdresser(forbundIds);
  const forbundMedlem = await db.all(
    `SELECT f.forbund_id, f.forbund_namn, m.kommunkod, k.lanskod, m.delomrade
     FROM forbund_medlem AS m JOIN forbund AS f USING (forbund_id) JOIN kommun AS k USING (kommunkod)
     ORDER BY f.forbund_namn, m.kommunkod`,
  );
  const forbundSenaste = await db.all(
    `SELECT regionkod AS id, period, ${periodtypSql()} AS typ, round(kr_per_invanare_och_dag, 2)::DOUBLE AS kr
     FROM forsorjningsmatt WHERE regiontyp = 'forbund' AND ersattning = 'totalt' AND kon = 'T'
     QUALIFY period = max(period) OVER (PARTITION BY regionkod, ${periodtypSql()})`,
  );

  const files: Record<string, Uint8Array> = {};
  for (const l of lan) {
    const kod = String(l.lanskod);
    const egna = kommunRader.filter((r) => r.lanskod === kod);
    const kommuner = [...new Map(egna.map((r) => [String(r.kod), String(r.namn)])).entries()]
      .map(([k, namn]) => ({ kod: k, namn }))
      .sort((a, b) => a.namn.localeCompare(b.namn, "sv"));
    const kIndex = new Map(kommuner.map((k, i) => [k.kod, i]));
    const eIndex = new Map(ALLA.map((e, i) => [e, i]));
    const kommunvarden = Object.fromEntries(
      PERIODTYPER.map((typ) => {
        const p = perioder[typ];
        const pIndex = new Map(p.map((x, i) => [x, i]));
        const varden = kommuner.map(() => ALLA.map(() => p.map(() => null as number | null)));
        const rang = kommuner.map(() => ALLA.map(() => p.map(() => null as number | null)));
        for (const r of egna) {
          if (periodtyp(String(r.period)) !== typ) continue;
          const k = kIndex.get(String(r.kod))!;
          const e = eIndex.get(String(r.ersattning));
          const i = pIndex.get(String(r.period));
          if (e === undefined || i === undefined) continue;
          varden[k][e][i] = num(r.kr);
          rang[k][e][i] = num(r.plats);
        }
        return [typ, { varden, rang }];
      }),
    );
    const forbundHar = [...new Set(forbundMedlem.filter((m) => m.lanskod === kod).map((m) => String(m.forbund_id)))];
    const forbund = forbundHar.map((id) => {
      const medlem = forbundMedlem.filter((m) => m.forbund_id === id);
      return {
        id,
        adress: adresser.get(id)!,
        namn: String(medlem[0].forbund_namn),
        medlemmar: [...new Set(medlem.filter((m) => m.lanskod === kod).map((m) => String(m.kommunkod)))],
        delomraden: medlem.filter((m) => m.lanskod === kod && m.delomrade != null).map((m) => String(m.delomrade)),
        alla: new Set(medlem.map((m) => String(m.kommunkod))).size,
        varden: Object.fromEntries(
          PERIODTYPER.map((typ) => {
            const r = forbundSenaste.find((x) => x.id === id && x.typ === typ);
            return [typ, r ? { period: String(r.period), kr: num(r.kr) } : null];
          }),
        ),
      };
    });
    const doc = {
      kod,
      namn: String(l.lansnamn),
      perioder,
      serier: Object.fromEntries(
        PERIODTYPER.map((typ) => [
          typ,
          Object.fromEntries([`lan:${kod}`, "riket:00"].flatMap((key) => (serier[typ].get(key) ? [[key, serier[typ].get(key)]] : []))),
        ]),
      ),
      forandring: forandringar.get(`lan:${kod}`) ?? { halvar: {}, ar: {} },
      rang: Object.fromEntries(
        PERIODTYPER.map((typ: Periodtyp) => {
          const r = lanRang.find((x) => x.kod === kod && x.typ === typ);
          return [typ, r ? { period: String(r.period), plats: Number(r.plats), antal: Number(r.antal) } : null];
        }),
      ),
      kommuner,
      ersattningar: ALLA,
      kommunvarden,
      forbund: forbund.sort((a, b) => a.namn.localeCompare(b.namn, "sv")),
      geo: topoUtdrag(topo, kod),
    };
    files[`${kod}.json`] = strToU8(JSON.stringify(doc));
  }
  process.stdout.write(zipSync(files, { level: 6 }));
} finally {
  db.close();
}
