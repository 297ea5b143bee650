// The benchmark's national-scale data set (issue #10, cases b and d): canonical befolkning*.csv and
// utbetalningar*.csv (DESIGN.md §4) for all 290 kommuner, deterministic (seeded), streamed to disk.
//
//   npx tsx scripts/bench/generate-national.ts --out tmp/bench-data/nationell            case (b)
//   npx tsx scripts/bench/generate-national.ts --out tmp/bench-data/nationell-x10 --skala 10   case (d)
//   options: --fran 2000 --till 2025 (the base span of payout years), --skala N, --seed S
//
// Case (b), skala 1: 290 kommuner × every month 2000–2025 × six ersättningar × kön K/M = 1 085 760 payout rows,
// and population by single-year age 0–100 × kön K/M at every 31 December 1999–2025 = 1 581 660 rows (the year
// before the first payout year is there so 2000H1 interpolates like any other half-year): 2 667 420 rows, ~89 MB.
// Population: the real folkmängd of each kommun and year (data/reference, 1968–2025; later years hold 2025's, a
// kommun formed later its first year's) spread over SCB's 2019 age × kön structure, as the demo does. Payouts: a plain synthetic model — a national
// rate per ersättning and kön, a kommun factor, a year factor, seasonality and noise — times the month's 16–64
// population and days. Amounts are exact öre; a T row, where written, is exactly K + M.
//
// Case (d), --skala N: N × the payout rows of the base span, as valid canonical input the pipeline accepts as
// current values. Choices considered:
// - Dated vintages of the same files (data/raw/<källa>/<date>/): rows beyond the first become earlier versions —
//   the revision path (utbetalning_version, forsorjningsmatt_andring), not growth of the data. Rejected.
// - The same rows split over more files, or amounts split into parts: the same (kommun, period, ersättning, kön)
//   key twice is refused as a duplicate; a half-year or year row beside its months is refused as an overlap.
// - More units than the 290 kommuner: no canonical file gives payouts below a kommun yet; old codes are recoded
//   onto current ones (duplicates again).
// So the data grows the way a real data set does: a longer history. The span of payout years is extended
// backwards from the base span to 1968 and then forwards towards 2100 (the years the pipeline accepts, MIN_YEAR /
// MAX_YEAR in loaders/periods.ts), with population at every 31 December of the span so each payout row has its
// denominator (the measure grows with the rows). That gives at most 133 years × 12 months = 1 596 months, 5.1× the
// 312 months of 2000–2025; beyond that kön T is written beside K and M (T = K + M, as Försäkringskassan publishes
// Kvinnor, Män, Totalt; the pipeline uses a given T as it is). The whole key space is 290 × 1 596 × 6 × 3 =
// 8 331 120 rows = 7.67× case (b)'s payouts: an exact 10× does not exist as valid current rows. The generator
// writes as much of N× as the key space holds and says how much that is (the benchmark compares the time with the
// real row ratio). With a smaller base span (--fran/--till, the benchmark's --snabb) 10× fits exactly.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ERSATTNINGAR, type ErsattningId, MAX_AGE } from "../../loaders/config.ts";
import { cellIndex, largestRemainder, loadReferenceData, type ReferenceData, sumAges } from "../../loaders/demo/generate.ts";
import { stream } from "../../loaders/demo/prng.ts";
import { argValue, freshDir, kronor, LineWriter, type Manifest, reusable, writeManifest } from "./write.ts";

export const NATIONAL_GENERATOR = "nationell";
/** Bump when the output for the same options changes (a cached data set of another version is regenerated). */
export const NATIONAL_VERSION = 1;
export const BENCH_SEED = 20000101;

/** The years the pipeline accepts (loaders/periods.ts MIN_YEAR/MAX_YEAR). */
const MIN_YEAR = 1968;
const MAX_YEAR = 2100;
/** Years with real folkmängd in data/reference. */
const FIRST_REAL = 1968;
const LAST_REAL = 2025;

export interface NationalOptions {
  out: string;
  /** Base span of payout years (case b: 2000–2025). */
  fran?: number;
  till?: number;
  /** Multiple of the base span's payout rows (case d: 10). */
  skala?: number;
  seed?: number;
}

export interface NationalPlan {
  payoutYears: [number, number];
  populationYears: [number, number];
  kon: ("K" | "M" | "T")[];
  /** Payout rows of the base span (skala 1) and of this plan. */
  baseRows: number;
  payoutRows: number;
  populationRows: number;
}

const KOMMUNER = 290;
const SERIES = ERSATTNINGAR.length;
const AGES = MAX_AGE + 1;

/** The span and kön of a data set of `skala` × the base span's payout rows (see the header for the reasoning). */
export function planNational(fran = 2000, till = 2025, skala = 1): NationalPlan {
  if (!Number.isInteger(fran) || !Number.isInteger(till) || fran < MIN_YEAR + 1 || till > MAX_YEAR || fran > till) {
    throw new Error(`the base span ${fran}–${till} must lie within ${MIN_YEAR + 1}–${MAX_YEAR}`);
  }
  if (!(skala >= 1)) throw new Error(`skala must be at least 1, got ${skala}`);
  const baseYears = till - fran + 1;
  const perYearKM = KOMMUNER * 12 * SERIES * 2;
  const baseRows = baseYears * perYearKM;
  const maxYears = MAX_YEAR - MIN_YEAR + 1;
  let kon: ("K" | "M" | "T")[] = ["K", "M"];
  let years = Math.round(skala * baseYears);
  if (years > maxYears) {
    kon = ["K", "M", "T"];
    years = Math.min(maxYears, Math.ceil((skala * baseYears * 2) / 3));
  }
  // Extend backwards first (a longer history), then forwards.
  let first = till - years + 1;
  let last = till;
  if (first < MIN_YEAR) {
    last = Math.min(MAX_YEAR, till + (MIN_YEAR - first));
    first = MIN_YEAR;
  }
  const populationFirst = Math.max(MIN_YEAR, first - 1);
  const payoutRows = (last - first + 1) * KOMMUNER * 12 * SERIES * kon.length;
  const populationRows = (last - populationFirst + 1) * KOMMUNER * AGES * 2;
  return { payoutYears: [first, last], populationYears: [populationFirst, last], kon, baseRows, payoutRows, populationRows };
}

/** Kronor per inhabitant 16–64 and day, national level around 2020 (rough public orders of magnitude). */
const RATE: Record<ErsattningId, number> = {
  sjukpenning: 16,
  sjuk_och_aktivitetsersattning: 18,
  arbetsloshetsersattning: 5.5,
  aktivitetsstod: 4.5,
  etableringsersattning: 1.2,
  ekonomiskt_bistand: 4.8,
};
/** Women's share of the kronor. */
const WOMEN: Record<ErsattningId, number> = {
  sjukpenning: 0.64,
  sjuk_och_aktivitetsersattning: 0.56,
  arbetsloshetsersattning: 0.45,
  aktivitetsstod: 0.44,
  etableringsersattning: 0.5,
  ekonomiskt_bistand: 0.49,
};

function daysInMonth(ar: number, manad: number): number {
  return new Date(Date.UTC(ar, manad, 0)).getUTCDate();
}

/**
 * Population cells (index cellIndex) of a kommun at 31 December of a year. Years outside the real data hold the
 * nearest real year; a kommun formed later (Knivsta 2003, Nykvarn 1999, …; 0 in the reference before) takes its first
 * real population, as a series on today's kommun borders would — so every kommun has a denominator every year.
 */
function populationCells(ref: ReferenceData, kod: string, year: number, cache: Map<string, number[]>): number[] {
  let y = Math.min(LAST_REAL, Math.max(FIRST_REAL, year));
  const totals = ref.totals.get(kod)!;
  while (!(totals.get(y)! > 0) && y < LAST_REAL) y++;
  const key = `${kod}|${y}`;
  let cells = cache.get(key);
  if (!cells) {
    cells = largestRemainder(ref.structure.get(kod)!, totals.get(y)!);
    cache.set(key, cells);
  }
  return cells;
}

/** Generates the data set (or reuses an identical earlier one). Returns its manifest and plan. */
export function generateNational(options: NationalOptions): { manifest: Manifest; plan: NationalPlan; reused: boolean } {
  const fran = options.fran ?? 2000;
  const till = options.till ?? 2025;
  const skala = options.skala ?? 1;
  const seed = options.seed ?? BENCH_SEED;
  const plan = planNational(fran, till, skala);
  const key = { fran, till, skala, seed };
  const old = reusable(options.out, NATIONAL_GENERATOR, NATIONAL_VERSION, key);
  if (old) return { manifest: old, plan, reused: true };

  const started = performance.now();
  freshDir(options.out);
  const ref = loadReferenceData();
  const cache = new Map<string, number[]>();
  let files = 0;
  let bytes = 0;
  let befolkningRows = 0;
  let utbetalningRows = 0;

  // Population at every 31 December of the span.
  const [pf, pl] = plan.populationYears;
  for (let year = pf; year <= pl; year++) {
    const w = new LineWriter(path.join(options.out, `befolkning_${year}.csv`), "kommunkod,datum,alder,kon,antal");
    const datum = `${year}-12-31`;
    for (const k of ref.kommuner) {
      const c = populationCells(ref, k.kod, year, cache);
      for (let a = 0; a <= MAX_AGE; a++) {
        w.line(`${k.kod},${datum},${a},K,${c[cellIndex(a, "K")]}`);
        w.line(`${k.kod},${datum},${a},M,${c[cellIndex(a, "M")]}`);
      }
    }
    w.close();
    files++;
    bytes += w.bytes;
    befolkningRows += w.lines;
  }

  // The model's fixed parts: a factor per kommun and ersättning, one per ersättning and year, seasonality.
  const kommunFactor = new Map<string, number>();
  for (const k of ref.kommuner) {
    for (const e of ERSATTNINGAR) kommunFactor.set(`${k.kod}|${e.id}`, Math.exp(0.35 * stream(seed, `kommun|${e.id}|${k.kod}`).normal()));
  }
  const phase = new Map(ERSATTNINGAR.map((e) => [e.id, 2 * Math.PI * stream(seed, `fas|${e.id}`).uniform()]));
  const yearFactor = (e: ErsattningId, y: number) => Math.exp(0.18 * Math.sin((y - 2000) / 4 + phase.get(e)!) + 0.04 * stream(seed, `ar|${e}|${y}`).normal());
  const season = (e: ErsattningId, m: number) => 1 + 0.07 * Math.cos((2 * Math.PI * (m - 1)) / 12 + phase.get(e)!);

  const [yf, yl] = plan.payoutYears;
  const withT = plan.kon.includes("T");
  const ore = new Float64Array(12 * SERIES * 2); // [month][ersättning][K, M]
  for (let year = yf; year <= yl; year++) {
    const w = new LineWriter(path.join(options.out, `utbetalningar_${year}.csv`), "kommunkod,period,ersattning,kon,belopp_kr");
    const yearF = ERSATTNINGAR.map((e) => yearFactor(e.id, year));
    for (const k of ref.kommuner) {
      const before = populationCells(ref, k.kod, year - 1, cache);
      const after = populationCells(ref, k.kod, year, cache);
      const pop = (["K", "M"] as const).map((s) => [sumAges(before, 16, 64, s), sumAges(after, 16, 64, s)]);
      for (let ei = 0; ei < SERIES; ei++) {
        const e = ERSATTNINGAR[ei].id;
        const base = RATE[e] * kommunFactor.get(`${k.kod}|${e}`)! * yearF[ei];
        for (let si = 0; si < 2; si++) {
          const share = si === 0 ? WOMEN[e] : 1 - WOMEN[e];
          const noise = stream(seed, `belopp|${k.kod}|${e}|${si}|${year}`);
          for (let m = 1; m <= 12; m++) {
            const t = (m - 0.5) / 12;
            const p = pop[si][0] * (1 - t) + pop[si][1] * t;
            const kr = base * 2 * share * season(e, m) * (1 + 0.03 * noise.normal()) * p * daysInMonth(year, m);
            ore[((m - 1) * SERIES + ei) * 2 + si] = Math.max(0, Math.round(kr * 100));
          }
        }
      }
      for (let m = 1; m <= 12; m++) {
        const period = `${year}-${m < 10 ? "0" : ""}${m}`;
        for (let ei = 0; ei < SERIES; ei++) {
          const e = ERSATTNINGAR[ei].id;
          const i = ((m - 1) * SERIES + ei) * 2;
          w.line(`${k.kod},${period},${e},K,${kronor(ore[i])}`);
          w.line(`${k.kod},${period},${e},M,${kronor(ore[i + 1])}`);
          if (withT) w.line(`${k.kod},${period},${e},T,${kronor(ore[i] + ore[i + 1])}`);
        }
      }
    }
    w.close();
    files++;
    bytes += w.bytes;
    utbetalningRows += w.lines;
  }

  const manifest: Manifest = {
    generator: NATIONAL_GENERATOR,
    version: NATIONAL_VERSION,
    options: key,
    rows: { befolkning: befolkningRows, utbetalningar: utbetalningRows },
    files,
    bytes,
    seconds: (performance.now() - started) / 1000,
  };
  writeManifest(options.out, manifest);
  return { manifest, plan, reused: false };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const out = argValue(argv, "--out");
  if (!out) {
    console.error("Ange --out <katalog> (t.ex. tmp/bench-data/nationell); valfritt --skala N, --fran ÅÅÅÅ, --till ÅÅÅÅ, --seed S");
    process.exit(2);
  }
  const num = (name: string) => (argValue(argv, name) === undefined ? undefined : Number(argValue(argv, name)));
  const { manifest, plan, reused } = generateNational({ out, skala: num("--skala"), fran: num("--fran"), till: num("--till"), seed: num("--seed") });
  const rows = manifest.rows.befolkning + manifest.rows.utbetalningar;
  console.log(
    `${reused ? "Återanvänd" : "Skapad"}: ${out} — ${rows} rader (${manifest.rows.utbetalningar} utbetalningar ${plan.payoutYears.join("–")}, kön ${plan.kon.join("/")}; ` +
      `${manifest.rows.befolkning} befolkning ${plan.populationYears.join("–")}), ${(manifest.bytes / 1e6).toFixed(1)} MB i ${manifest.files} filer, ` +
      `${(plan.payoutRows / plan.baseRows).toFixed(2)}× grundspannets utbetalningar, ${manifest.seconds.toFixed(1)} s`,
  );
}
