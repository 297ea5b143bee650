// Index series and fixed prices for Jämför — plain functions (no page state), tested in test/berakningar.test.ts.
// They transform the measure as the database computed it; they never recompute the measure itself.
import {periodAr} from "./perioder.js";

/** The rule stated on the pages that show fixed prices (Jämför, Metod), so the text and the code cannot part. */
export const FASTA_PRISER_REGEL =
  "Ett halvårs eller års värde räknas om till fasta priser med KPI:s årsmedeltal (1980 = 100) för det år perioden ligger i: " +
  "värde i fasta priser = värde × KPI(basår) / KPI(periodens år). Båda halvåren ett år räknas alltså om med samma tal som året.";

/** The rule for index mode, stated on the page. */
export const INDEX_REGEL =
  "Index: varje värde delat med samma områdes värde den valda basperioden (ett halvår eller ett år), gånger 100 (basperioden = 100).";

/** The calendar year of a half-year "2024H1" → 2024 (NaN for anything else). */
export function halvarAr(period) {
  const m = /^(\d{4})H[12]$/.exec(String(period));
  return m ? Number(m[1]) : NaN;
}

/**
 * KPI annual means as a Map year → value, from rows [{ar, kpi}] (numbers or numeric strings).
 * Rows without a finite positive value are left out, so a missing year is simply absent.
 */
export function kpiKarta(rader) {
  const karta = new Map();
  for (const r of rader) {
    const ar = Number(r.ar);
    const kpi = Number(r.kpi);
    if (Number.isInteger(ar) && Number.isFinite(kpi) && kpi > 0) karta.set(ar, kpi);
  }
  return karta;
}

/**
 * A value in fixed prices of basAr: värde × KPI(basAr) / KPI(år). Null when the value is missing or when KPI lacks
 * either year (never a guess). Example: 50 with KPI 400 in its year and 420 in the base year → 52.5.
 */
export function fastPris(varde, ar, basAr, kpi) {
  if (varde == null || !Number.isFinite(varde)) return null;
  const k = kpi.get(Number(ar));
  const kBas = kpi.get(Number(basAr));
  if (k == null || kBas == null) return null;
  return (varde * kBas) / k;
}

/** fastPris for a half-year: the half-year's amounts are deflated by its calendar year's KPI annual mean. */
export function fastPrisHalvar(varde, period, basAr, kpi) {
  return fastPris(varde, halvarAr(period), basAr, kpi);
}

/** fastPris for a half-year or a year: deflated by the KPI annual mean of the calendar year the period lies in. */
export function fastPrisPeriod(varde, period, basAr, kpi) {
  return fastPris(varde, periodAr(period), basAr, kpi);
}

/**
 * Index series: each value / the value in basPeriod × 100. rader: [{period, varde}].
 * Returns new rows [{period, varde, index}]; index is null where the value or the base value is missing or the base is 0.
 */
export function indexSerie(rader, basPeriod) {
  const bas = rader.find((r) => r.period === basPeriod)?.varde;
  const giltigBas = bas != null && Number.isFinite(bas) && bas !== 0;
  return rader.map((r) => ({
    ...r,
    index: giltigBas && r.varde != null && Number.isFinite(r.varde) ? (r.varde / bas) * 100 : null
  }));
}

/**
 * The value a chart shows, for one series: price basis first (nominal or fixed prices), then index if chosen.
 * rader: [{period, varde}] (nominal kr per invånare och dag). Options: {pris: "lopande"|"fasta", basAr, kpi,
 * matt: "kr"|"index", basPeriod}. Returns [{period, nominellt, varde}] where varde is what to plot (null = gap).
 * @param {{period: string, varde: number | null}[]} rader
 * @param {{pris?: string, basAr?: number, kpi?: Map<number, number>, matt?: string, basPeriod?: string}} [val]
 */
export function transformeraSerie(rader, {pris = "lopande", basAr, kpi, matt = "kr", basPeriod} = {}) {
  const prissatta = rader.map((r) => ({
    period: r.period,
    nominellt: r.varde ?? null,
    varde: pris === "fasta" ? fastPrisPeriod(r.varde, r.period, basAr, kpi) : r.varde ?? null
  }));
  if (matt !== "index") return prissatta;
  return indexSerie(prissatta, basPeriod).map(({index, ...r}) => ({...r, varde: index}));
}
