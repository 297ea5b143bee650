// Statens fördelningsmodell (förenklad), DESIGN.md §2.4, recomputed in the browser for the settings a user types in.
// The same formula, in the same order of operations, as view statens_fordelning_utokad (loaders/measures/ekonomi.sql):
//   beraknad_tilldelning_kr = G + (B − n·G) × (w_belopp · belopp/Σbelopp + w_befolkning · befolkning/Σbefolkning)
// n = every förbund that exists in the data year; the sums run over the förbund with payouts (a förbund without
// payouts gets G alone, utan_data). test/site/fordelning.test.ts proves it equals the view for the stored settings.
// Plain JavaScript (browser and Node).

/**
 * @typedef {{budgetKr: number, grundbeloppKr: number, viktBelopp: number, viktBefolkning: number}} Installning
 * @typedef {{utan_data: boolean, andel_belopp: number | null, andel_befolkning: number | null, beraknad_tilldelning_kr: number | null}} Modell
 * @typedef {{forbund_id: string, namn: string, adress: string, belopp_kr: number | null, befolkning: number | null,
 *   antal_enheter_med_belopp: number | null, antal_enheter: number | null}} ForbundAr
 */

/** The sentence every figure of the model carries. */
export const FORENKLAD_TEXT =
  "Beräknad enligt statens fördelningsmodell (förenklad). Den verkliga modellen har också en spärr mot stora minskningar (högst 10 % per år 2016–2017) och ett tak för eget kapital, som inte räknas här.";

/**
 * rader: one data year's förbund, [{forbund_id, belopp_kr: number | null (null = no payouts in the data),
 * befolkning: number | null, …}]; installning: {budgetKr, grundbeloppKr, viktBelopp, viktBefolkning}.
 * Returns the rows (same order) with utan_data, andel_belopp, andel_befolkning and beraknad_tilldelning_kr added.
 * @template {{forbund_id: string, belopp_kr: number | null, befolkning: number | null}} R
 * @param {R[]} rader
 * @param {Installning} installning
 * @returns {(R & Modell)[]}
 */
export function beraknaFordelning(rader, {budgetKr, grundbeloppKr, viktBelopp, viktBefolkning}) {
  const n = rader.length;
  const medData = rader.filter((r) => r.belopp_kr != null);
  // Σ belopp exactly, in öre (the view sums DECIMAL(…, 2) exactly and then converts the sum to DOUBLE once).
  const summaBelopp = medData.reduce((s, r) => s + Math.round(r.belopp_kr * 100), 0) / 100;
  const summaBefolkning = medData.some((r) => r.befolkning != null) ? medData.reduce((s, r) => s + (r.befolkning ?? 0), 0) : null;
  const rest = budgetKr - n * grundbeloppKr;
  return rader.map((r) => {
    const utanData = r.belopp_kr == null;
    const andelBelopp = utanData ? null : r.belopp_kr / summaBelopp;
    const andelBefolkning = utanData || r.befolkning == null || summaBefolkning == null ? null : r.befolkning / summaBefolkning;
    const tilldelning = utanData
      ? grundbeloppKr
      : andelBefolkning == null
        ? null
        : grundbeloppKr + rest * (viktBelopp * andelBelopp + viktBefolkning * andelBefolkning);
    return {...r, utan_data: utanData, andel_belopp: andelBelopp, andel_befolkning: andelBefolkning, beraknad_tilldelning_kr: tilldelning};
  });
}

/**
 * The weight of population given the weight of kronor paid: 1 − w, rounded to six decimals (0.3, not 0.30000000000000004).
 * @param {number} viktBelopp
 */
export function viktBefolkningAv(viktBelopp) {
  return Math.round((1 - viktBelopp) * 1e6) / 1e6;
}

/** One data year's förbund from the loader's compact rows (src/data/ekonomi.zip.ts, fordelning.json). * @param {{forbund: {id: string, namn: string, adress: string}[], rader: Record<string, (number | null)[][]>}} data
 * @param {number | string} ar
 * @returns {ForbundAr[]}
 */
export function forbundAr(data, ar) {
  return (data.rader[String(ar)] ?? []).map(([index, beloppKr, befolkning, enheterMedBelopp, enheter]) => ({
    forbund_id: data.forbund[index].id,
    namn: data.forbund[index].namn,
    adress: data.forbund[index].adress,
    belopp_kr: beloppKr,
    befolkning,
    antal_enheter_med_belopp: enheterMedBelopp,
    antal_enheter: enheter
  }));
}

/**
 * The page's rows for data year `ar`: the model for `installning`, and its change from the previous data year (ar − 1,
 * computed with the same settings) in kronor and percent; null where the förbund has no allocation that year.
 * @param {Parameters<typeof forbundAr>[0]} data
 * @param {number | string} ar
 * @param {Installning} installning
 * @returns {(ForbundAr & Modell & {foregaende_kr: number | null, forandring_kr: number | null, forandring_procent: number | null})[]}
 */
export function fordelningMedForandring(data, ar, installning) {
  const nu = beraknaFordelning(forbundAr(data, ar), installning);
  const fore = new Map(beraknaFordelning(forbundAr(data, Number(ar) - 1), installning).map((r) => [r.forbund_id, r.beraknad_tilldelning_kr]));
  return nu.map((r) => {
    const foregaende = fore.get(r.forbund_id) ?? null;
    const kr = foregaende == null || r.beraknad_tilldelning_kr == null ? null : r.beraknad_tilldelning_kr - foregaende;
    return {...r, foregaende_kr: foregaende, forandring_kr: kr, forandring_procent: kr == null || foregaende === 0 ? null : (kr / foregaende) * 100};
  });
}
