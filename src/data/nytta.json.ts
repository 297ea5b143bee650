// Framework data loader: the inputs of the Nytta page (Samordningsförbundet Uppsala läns nyttoanalys,
// evaluators.md §1.1). Per insats and period: the participations counted (public support before → lön/studiemedel or
// arbete/studier after) and the Σ of their kommuners schablon (kronor per helårsekvivalent for the year each ended),
// suppressed by loaders/insatser/publicera.ts (rojNytta): the sum only at the insats's level and only where its count
// shows and is 0 or ≥ 5; the counts per kommun and year as a table with margins. The schablon itself is public
// statistics (kronor paid ÷ helårsekvivalenter), shown for the kommun-years it is used for.
//
// Shape: { demodata, standard: {schablon_kr, kalla, ar},
//   schablon: [{kommunkod, namn, ar, kr_per_helarsekvivalent (whole kronor), belopp_tkr, helarsekvivalenter}],
//   insatser: [{id, adress, namn, forbund_id, forbund_namn, perioder, individdata_ar, uppfoljning_finsam_ar, filer,
//     nytta: {period: {kvalificerade, summa_schablon_kr, utan_schablon, kommunschablon, utfall_kr}},
//     kommuner: [{kommunkod, kvalificerade: {period: count}}]}] }
import { nyttaPerioder, rojNytta } from "../../loaders/insatser/publicera.ts";
import { lasInsatser, lasNyttaKommuner } from "./insatser-lib.ts";
import { openDb } from "../../loaders/site/lib.ts";

/** The model's published default (Samordningsförbundet Uppsala län: the average over the län's kommuner, 2022). */
const STANDARD = { schablon_kr: 162_000, kalla: "Samordningsförbundet Uppsala län, genomsnitt för länet 2022", ar: 1 };

const db = await openDb();
try {
  const u = await lasInsatser(db);
  const n = u.insatser.length ? await lasNyttaKommuner(db) : { kommuner: new Map(), schablon: [] };
  const doc = {
    demodata: u.demodata,
    standard: STANDARD,
    schablon: n.schablon,
    insatser: u.insatser.map((i) => {
      const varden = u.resultat.insatser.get(i.id) ?? {};
      const kommunRader = n.kommuner.get(i.id) ?? [];
      const p = rojNytta(nyttaPerioder(kommunRader, i.perioder, (period) => varden[period]?.T?.utfall_kr ?? null), kommunRader, i.perioder);
      return {
        id: i.id,
        adress: i.adress,
        namn: i.namn,
        forbund_id: i.forbund_id,
        forbund_namn: i.forbund_namn,
        perioder: i.perioder,
        individdata_ar: i.individdata_ar,
        uppfoljning_finsam_ar: i.uppfoljning_finsam_ar,
        filer: i.filer,
        nytta: p.perioder,
        kommuner: p.kommuner,
      };
    }),
  };
  process.stdout.write(JSON.stringify(doc));
} finally {
  db.close();
}
