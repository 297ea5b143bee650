// Framework archive loader for the förbund's economy (DESIGN.md §2.4): the page Statens fördelning (/ekonomi) and the
// section "Förbundets ekonomi" of each förbund page read from it. ONE process: the model's view is computed once.
//
// ekonomi/fordelning.json — the model's inputs for every data year, so the page recomputes it for any B, G and weights
//   (src/components/fordelning.js, the view's formula):
//   { demodata, aldersband: {fran, till}, installning: {budget_kr, grundbelopp_kr, vikt_belopp, vikt_befolkning},
//     ersattningar: {<id>: namn}, omfattning: {<ar>: [ersättning ids summed that year]},
//     forbund: [{id, namn, adress}],
//     ar: [data years], rader: {<ar>: [[förbund index, belopp_kr | null, befolkning | null, enheter med belopp, enheter]]} }
// ekonomi/forbund/<adress>.json — one förbund (the address of loaders/site/adress.ts):
//   { id, namn, adress, aldersband, installning: {… as above, nyckel_fran, nyckel_till, nyckel_ar_fore},
//     fordelning: [{ar, belopp_kr, befolkning, andel_belopp, andel_befolkning, beraknad_tilldelning_kr, utan_data,
//                   antal_forbund, antal_enheter_med_belopp, antal_enheter}]   (view statens_fordelning_utokad),
//     medlemsandel: [{ar, nyckeltyp, medlemmar: [{kommunkod, namn, befolkning, nyckel, andel}]}]  (view medlemsandel_utokad),
//     nyckelfiler: [the medlemsnyckel*.csv files the förbund's own key came from] }
// Kronor as DOUBLE (2 decimals at most), counts as INTEGER: nothing here is a BigInt.
import { strToU8, zipSync } from "fflate";
import { forbundAdresser } from "../../loaders/site/adress.ts";
import { num, openDb, type Row } from "../../loaders/site/lib.ts";

const db = await openDb();
try {
  const installning = new Map((await db.all("SELECT nyckel, varde FROM installning")).map((r) => [String(r.nyckel), String(r.varde)]));
  const tal = (nyckel: string) => {
    const v = Number(installning.get(nyckel));
    if (!installning.has(nyckel) || !Number.isFinite(v)) throw new Error(`Tabellen installning saknar ${nyckel}: läs in data på nytt med npm run ingest.`);
    return v;
  };
  const aldersband = { fran: tal("alder_fran"), till: tal("alder_till") };
  const fordelningInstallning = {
    budget_kr: tal("fordelning_budget_kr"),
    grundbelopp_kr: tal("fordelning_grundbelopp_kr"),
    vikt_belopp: tal("fordelning_vikt_belopp"),
    vikt_befolkning: tal("fordelning_vikt_befolkning"),
  };
  const nyckelInstallning = {
    nyckel_fran: tal("medlemsandel_alder_fran"),
    nyckel_till: tal("medlemsandel_alder_till"),
    nyckel_ar_fore: tal("medlemsandel_befolkning_ar_fore"),
  };

  const forbund = await db.all("SELECT forbund_id, forbund_namn FROM forbund ORDER BY forbund_id");
  const adresser = forbundAdresser(forbund.map((f) => String(f.forbund_id)));
  const forbundIndex = new Map(forbund.map((f, i) => [String(f.forbund_id), i]));

  const modell = await db.all(
    `SELECT ar, forbund_id, belopp_kr::DOUBLE AS belopp_kr, befolkning, andel_belopp, andel_befolkning, beraknad_tilldelning_kr,
            utan_data, antal_forbund, antal_enheter_med_belopp, antal_enheter
     FROM statens_fordelning_utokad ORDER BY ar, forbund_id`,
  );
  const omfattningRader = await db.all(
    `SELECT CAST(period AS INTEGER) AS ar, string_agg(e.ersattning, ',' ORDER BY t.ordning) AS ersattningar
     FROM ersattning_i_omfattning AS e JOIN ersattning_typ AS t USING (ersattning)
     WHERE length(period) = 4 GROUP BY period ORDER BY period`,
  );
  const ersattningar = await db.all("SELECT ersattning, namn FROM ersattning_typ WHERE NOT ar_grupp ORDER BY ordning");
  const andelar = await db.all(
    `SELECT m.forbund_id, m.ar, m.kommunkod, k.kommunnamn, m.befolkning, m.nyckel, m.andel, m.nyckeltyp
     FROM medlemsandel_utokad AS m LEFT JOIN kommun AS k USING (kommunkod)
     ORDER BY m.forbund_id, m.ar, m.kommunkod`,
  );
  const nyckelfiler = await db.all(
    `SELECT DISTINCT n.forbund_id, f.fil FROM medlemsnyckel AS n JOIN inlast_fil AS f USING (fil_id) ORDER BY 1, 2`,
  );

  const ar = [...new Set(modell.map((r) => Number(r.ar)))].sort((a, b) => a - b);
  const rader: Record<string, (number | null)[][]> = {};
  for (const r of modell) {
    (rader[String(r.ar)] ??= []).push([
      forbundIndex.get(String(r.forbund_id)) ?? -1,
      num(r.belopp_kr),
      num(r.befolkning),
      num(r.antal_enheter_med_belopp),
      num(r.antal_enheter),
    ]);
  }
  const files: Record<string, Uint8Array> = {};
  files["fordelning.json"] = strToU8(
    JSON.stringify({
      demodata: installning.get("demodata") === "ja",
      aldersband,
      installning: fordelningInstallning,
      ersattningar: Object.fromEntries(ersattningar.map((e) => [String(e.ersattning), String(e.namn)])),
      omfattning: Object.fromEntries(omfattningRader.map((r) => [String(r.ar), String(r.ersattningar).split(",")])),
      forbund: forbund.map((f) => ({ id: String(f.forbund_id), namn: String(f.forbund_namn), adress: adresser.get(String(f.forbund_id))! })),
      ar,
      rader,
    }),
  );

  const perForbund = <T extends Row>(rows: T[]) => {
    const map = new Map<string, T[]>();
    for (const r of rows) {
      const id = String(r.forbund_id);
      if (!map.has(id)) map.set(id, []);
      map.get(id)!.push(r);
    }
    return map;
  };
  const modellPer = perForbund(modell);
  const andelPer = perForbund(andelar);
  const filPer = perForbund(nyckelfiler);
  for (const f of forbund) {
    const id = String(f.forbund_id);
    const arAndelar = new Map<number, Row[]>();
    for (const r of andelPer.get(id) ?? []) {
      const a = Number(r.ar);
      if (!arAndelar.has(a)) arAndelar.set(a, []);
      arAndelar.get(a)!.push(r);
    }
    const doc = {
      id,
      namn: String(f.forbund_namn),
      adress: adresser.get(id)!,
      aldersband,
      installning: { ...fordelningInstallning, ...nyckelInstallning },
      fordelning: (modellPer.get(id) ?? []).map((r) => ({
        ar: Number(r.ar),
        belopp_kr: num(r.belopp_kr),
        befolkning: num(r.befolkning),
        andel_belopp: num(r.andel_belopp),
        andel_befolkning: num(r.andel_befolkning),
        beraknad_tilldelning_kr: num(r.beraknad_tilldelning_kr),
        utan_data: r.utan_data === true,
        antal_forbund: num(r.antal_forbund),
        antal_enheter_med_belopp: num(r.antal_enheter_med_belopp),
        antal_enheter: num(r.antal_enheter),
      })),
      medlemsandel: [...arAndelar.entries()].map(([a, medlemmar]) => ({
        ar: a,
        nyckeltyp: String(medlemmar[0].nyckeltyp),
        medlemmar: medlemmar.map((m) => ({
          kommunkod: String(m.kommunkod),
          namn: m.kommunnamn == null ? String(m.kommunkod) : String(m.kommunnamn),
          befolkning: num(m.befolkning),
          nyckel: num(m.nyckel),
          andel: num(m.andel),
        })),
      })),
      nyckelfiler: (filPer.get(id) ?? []).map((r) => String(r.fil)),
    };
    files[`forbund/${adresser.get(id)}.json`] = strToU8(JSON.stringify(doc));
  }
  process.stdout.write(zipSync(files, { level: 6 }));
} finally {
  db.close();
}
