// Framework archive loader: one small JSON per insats, insats/<adress>.json (src/data/insats-adress.ts), for the
// insats pages (/insats/<adress>). ONE process for all insatser: a few queries, then a zip.
//
// Each file: the insats as in insatser.json ({id, adress, namn, forbund_id, …, perioder, individdata_ar,
//   uppfoljning_finsam_ar, filer, varden}), demodata, and
//   aldersgrupper: {period: [{aldersgrupp, deltagare_med_personuppgifter, avslutade_med_uppgift,
//     till_arbete_eller_studier, andel_arbete_eller_studier, wilson_lag, wilson_hog}]}   (kön T)
//   floden: {period: {K|M|T: {grupper, celler[före][efter], radsummor, kolumnsummor, totalt, dolda_floden}}}
//   grupper: [{id, namn}]   the groups of the before → after matrix
//   ekonomi: [{ar, budget_kr, utfall_kr}]
//   uppfoljning_finsam: [{ar, antal: {K, M, T}}]   Uppföljning Finsam's counts, for years without individual data only
// Every count of persons is suppressed (".." for 1–4 and for whatever would give one back), locked to the main table,
// by loaders/insatser/publicera.ts.
import { strToU8, zipSync } from "fflate";
import { FORSORJNING_GRUPPER } from "../../loaders/insatser/kodlistor.ts";
import { rojAldersgrupper, rojFloden, rojUppfoljning } from "../../loaders/insatser/publicera.ts";
import { lasAldersgrupper, lasFloden, lasInsatser, lasUppfoljning } from "./insatser-lib.ts";
import { openDb } from "../../loaders/site/lib.ts";

const db = await openDb();
try {
  const u = await lasInsatser(db);
  const aldrar = u.insatser.length ? await lasAldersgrupper(db) : new Map();
  const floden = u.insatser.length ? await lasFloden(db) : new Map();
  const uppfoljning = u.insatser.length ? await lasUppfoljning(db) : new Map();
  const files: Record<string, Uint8Array> = {};
  for (const i of u.insatser) {
    const varden = u.resultat.insatser.get(i.id) ?? {};
    const doc = {
      ...i,
      demodata: u.demodata,
      varden,
      aldersgrupper: rojAldersgrupper(i.id, aldrar.get(i.id) ?? [], i.perioder, u.resultat.orsak, u.huvud),
      floden: rojFloden(i.id, floden.get(i.id) ?? [], i.perioder, u.resultat.orsak, u.huvud),
      grupper: FORSORJNING_GRUPPER.map((g) => ({ id: g.id, namn: g.namn })),
      ekonomi: i.perioder
        .filter((p) => p !== "alla")
        .map((p) => ({ ar: Number(p), budget_kr: varden[p]?.T?.budget_kr ?? null, utfall_kr: varden[p]?.T?.utfall_kr ?? null }))
        .sort((a, b) => a.ar - b.ar),
      uppfoljning_finsam: rojUppfoljning(uppfoljning.get(i.id) ?? []),
    };
    files[`${i.adress}.json`] = strToU8(JSON.stringify(doc));
  }
  process.stdout.write(zipSync(files, { level: 6 }));
} finally {
  db.close();
}
