// Framework data loader: every insats with its published (suppressed) outcome figures, for the pages Insatser and
// Jämför insatser, and the förbund's totals over their insatser (for the förbund page's insatser section).
//
// Shape: { demodata, grans: 5, prick: "..", perioder: ["alla", "2025", …], malgrupper: [..],
//   forbund: [{id, namn, varden}],
//   insatser: [{id, adress, namn, forbund_id, forbund_namn, malgrupp, inriktning, matningsmetod, startdatum, slutdatum,
//     planerade_deltagare, perioder, individdata_ar, uppfoljning_finsam_ar, filer: [{fil, hamtad}], varden}] }
// varden: {period ('alla' or 'YYYY'): {K|M|T: {startade, avslutade, pagaende, deltagare_med_personuppgifter, anonyma,
//   deltagare_under_perioden, avslutade_med_uppgift, till_arbete_eller_studier, andel_arbete_eller_studier, wilson_lag,
//   wilson_hog, genomstromning, median_dagar_i_insats, utfall_kr, budget_kr, kostnad_per_deltagare,
//   kostnad_per_deltagare_till_arbete_eller_studier}}} — a count of 1–4 persons, or one that would give such a count
// back, is ".." (loaders/insatser/publicera.ts); null = not applicable. Costs only on kön T.
import { GRANS } from "../../loaders/insatser/rojande.ts";
import { sorteraPerioder } from "../../loaders/insatser/publicera.ts";
import { lasInsatser, PRICK } from "./insatser-lib.ts";
import { openDb } from "../../loaders/site/lib.ts";

const db = await openDb();
try {
  const u = await lasInsatser(db);
  const doc = {
    demodata: u.demodata,
    grans: GRANS,
    prick: PRICK,
    perioder: sorteraPerioder(u.insatser.flatMap((i) => i.perioder)),
    malgrupper: [...new Set(u.insatser.map((i) => i.malgrupp).filter((m): m is string => m !== null))].sort((a, b) => a.localeCompare(b, "sv")),
    forbund: u.forbund.map((f) => ({ ...f, varden: u.resultat.forbund.get(f.id) ?? {} })),
    insatser: u.insatser.map((i) => ({ ...i, varden: u.resultat.insatser.get(i.id) ?? {} })),
  };
  process.stdout.write(JSON.stringify(doc));
} finally {
  db.close();
}
