// The demo-data generator: canonical befolkning*.csv (real SCB totals × real 2019 age/kön
// structure), synthetic utbetalningar*.csv (DESIGN.md §4) and synthetic helarsekvivalenter*.csv
// derived from those payouts (DESIGN.md §2.2), plus DEMODATA.md that marks the directory as demo
// data. Deterministic: the same files, byte for byte, on every run.
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { DEMO_MARKER_FILE, ERSATTNINGAR, MAX_AGE, REFERENCE_DIR, type ErsattningId } from "../config.ts";
import { stream } from "./prng.ts";

/** The one seed of every random draw in the demo data. */
export const DEMO_SEED = 20140101;

/** Payout years the model defines; population files cover the year before the first as well. */
export const FIRST_PAYOUT_YEAR = 2014;
export const LAST_PAYOUT_YEAR = 2025;
/** The year of SCB's age × kön table that gives every year's structure. */
export const STRUCTURE_YEAR = 2019;

const AGES = MAX_AGE + 1; // 0 … 100
/** Cell index within a kommun: alder * 2 + (K = 0, M = 1). */
export const cellIndex = (alder: number, kon: "K" | "M"): number => alder * 2 + (kon === "K" ? 0 : 1);
const CELLS = AGES * 2;

export const BEFOLKNING_HEADER = "kommunkod,datum,alder,kon,antal";
export const UTBETALNINGAR_HEADER = "kommunkod,period,ersattning,kon,belopp_kr";
export const HELARSEKVIVALENTER_HEADER = "kommunkod,manad,ersattning,kon,helarsekvivalenter";

// ---------------------------------------------------------------------------------------------
// Reference data

export interface Kommun {
  kod: string;
  namn: string; // short name as SCB writes it
}

export interface ReferenceData {
  kommuner: Kommun[]; // sorted by code
  /** Real folkmängd 31 December per kommun and year. */
  totals: Map<string, Map<number, number>>;
  /** Real 2019 cells per kommun, indexed by cellIndex. */
  structure: Map<string, number[]>;
  /** Real SCB unemployment rate 20–64 (%) per kommun and year 2020–2024. */
  unemployment: Map<string, Map<number, number>>;
}

type Row = Record<string, string>;

function readCsv(file: string, expected: string[]): Row[] {
  const text = fs.readFileSync(file, "utf8");
  const rows = parse(text, { columns: true, skip_empty_lines: true, bom: true }) as Row[];
  const header = Object.keys(rows[0] ?? {});
  for (const column of expected) {
    if (!header.includes(column)) {
      throw new Error(`${file}: column "${column}" missing (found ${header.join(", ")})`);
    }
  }
  return rows;
}

function toInt(value: string, where: string): number {
  if (!/^-?\d+$/.test(value)) throw new Error(`${where}: expected an integer, got "${value}"`);
  return Number(value);
}

export function loadReferenceData(referenceDir: string = REFERENCE_DIR): ReferenceData {
  const municipalities = readCsv(path.join(referenceDir, "kommuner", "municipalities.csv"), [
    "municipality_code",
    "municipality_name_short",
  ]);
  const kommuner: Kommun[] = municipalities
    .map((r) => ({ kod: r.municipality_code, namn: r.municipality_name_short }))
    .sort((a, b) => (a.kod < b.kod ? -1 : a.kod > b.kod ? 1 : 0));
  if (kommuner.length !== 290) throw new Error(`expected 290 kommuner, found ${kommuner.length}`);
  const codeByName = new Map(kommuner.map((k) => [k.namn, k.kod]));

  const totals = new Map<string, Map<number, number>>();
  const folkmangdFile = path.join(referenceDir, "befolkning", "folkmangd_kommun_1968_2025_long_merged.csv");
  for (const [i, r] of readCsv(folkmangdFile, ["kommunkod", "ar", "folkmangd"]).entries()) {
    const where = `${folkmangdFile}:${i + 2}`;
    const byYear = totals.get(r.kommunkod) ?? new Map<number, number>();
    byYear.set(toInt(r.ar, where), toInt(r.folkmangd, where));
    totals.set(r.kommunkod, byYear);
  }

  const structure = new Map<string, number[]>();
  const ageFile = path.join(referenceDir, "befolkning", "SCB_alderkon_2019.csv");
  for (const [i, r] of readCsv(ageFile, ["region", "ålder", "kön", `X${STRUCTURE_YEAR}`]).entries()) {
    const where = `${ageFile}:${i + 2}`;
    const kod = codeByName.get(r.region);
    if (!kod) throw new Error(`${where}: kommun name "${r.region}" not in municipalities.csv`);
    const alder = toInt(r["ålder"], where);
    if (alder < 0 || alder > MAX_AGE) throw new Error(`${where}: age ${alder} outside 0–${MAX_AGE}`);
    const kon = r["kön"] === "kvinnor" ? "K" : r["kön"] === "män" ? "M" : null;
    if (!kon) throw new Error(`${where}: kön "${r["kön"]}" is neither "män" nor "kvinnor"`);
    const cells = structure.get(kod) ?? new Array<number>(CELLS).fill(-1);
    cells[cellIndex(alder, kon)] = toInt(r[`X${STRUCTURE_YEAR}`], where);
    structure.set(kod, cells);
  }
  for (const k of kommuner) {
    const cells = structure.get(k.kod);
    if (!cells || cells.some((c) => c < 0)) throw new Error(`${ageFile}: incomplete age × kön cells for ${k.kod} ${k.namn}`);
  }

  const unemployment = new Map<string, Map<number, number>>();
  const afFile = path.join(referenceDir, "arbetsloshet", "arbetsloshet_20_64_kommun_2020_2024.csv");
  for (const [i, r] of readCsv(afFile, ["kommunkod", "ar", "arbetsloshet_20_64_procent"]).entries()) {
    const rate = Number(r.arbetsloshet_20_64_procent);
    if (!(rate > 0)) throw new Error(`${afFile}:${i + 2}: rate "${r.arbetsloshet_20_64_procent}" is not positive`);
    const byYear = unemployment.get(r.kommunkod) ?? new Map<number, number>();
    byYear.set(toInt(r.ar, `${afFile}:${i + 2}`), rate);
    unemployment.set(r.kommunkod, byYear);
  }
  for (const k of kommuner) {
    for (let y = 2020; y <= 2024; y++) {
      if (!unemployment.get(k.kod)?.has(y)) throw new Error(`${afFile}: no rate for ${k.kod} ${y}`);
    }
  }
  return { kommuner, totals, structure, unemployment };
}

// ---------------------------------------------------------------------------------------------
// Population

/**
 * Largest-remainder rounding of `weights` (non-negative integers) scaled to the integer `total`:
 * every cell gets floor(w·total/Σw); the cells with the largest remainders (ties: lower index
 * first) get one more, so the result sums exactly to `total`. Exact integer arithmetic.
 */
export function largestRemainder(weights: number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (!Number.isSafeInteger(sum) || sum <= 0) throw new Error(`weights must sum to a positive integer, got ${sum}`);
  if (!Number.isSafeInteger(total) || total < 0) throw new Error(`total must be a non-negative integer, got ${total}`);
  const result = new Array<number>(weights.length);
  const remainders = new Array<number>(weights.length);
  let allocated = 0;
  for (let i = 0; i < weights.length; i++) {
    const numerator = weights[i] * total;
    if (!Number.isSafeInteger(numerator)) throw new Error("largestRemainder: product exceeds 2^53");
    let q = Math.floor(numerator / sum);
    let r = numerator - q * sum;
    while (r < 0) (q -= 1), (r += sum);
    while (r >= sum) (q += 1), (r -= sum);
    result[i] = q;
    remainders[i] = r;
    allocated += q;
  }
  const order = weights.map((_, i) => i).sort((a, b) => remainders[b] - remainders[a] || a - b);
  for (let j = 0; j < total - allocated; j++) result[order[j]] += 1;
  return result;
}

/** Population cells of every kommun on 31 December of `year` (index: cellIndex). */
export function populationForYear(ref: ReferenceData, year: number): Map<string, number[]> {
  const result = new Map<string, number[]>();
  for (const k of ref.kommuner) {
    const total = ref.totals.get(k.kod)?.get(year);
    if (total === undefined || total <= 0) throw new Error(`no real folkmängd for ${k.kod} ${k.namn} ${year}`);
    result.set(k.kod, largestRemainder(ref.structure.get(k.kod)!, total));
  }
  return result;
}

export function sumAges(cells: number[], fran: number, till: number, kon?: "K" | "M"): number {
  let s = 0;
  for (let a = fran; a <= till; a++) {
    if (kon !== "M") s += cells[cellIndex(a, "K")];
    if (kon !== "K") s += cells[cellIndex(a, "M")];
  }
  return s;
}

export function befolkningCsv(ref: ReferenceData, year: number, cells: Map<string, number[]>): string {
  const lines = [BEFOLKNING_HEADER];
  const datum = `${year}-12-31`;
  for (const k of ref.kommuner) {
    const c = cells.get(k.kod)!;
    for (let a = 0; a <= MAX_AGE; a++) {
      lines.push(`${k.kod},${datum},${a},K,${c[cellIndex(a, "K")]}`);
      lines.push(`${k.kod},${datum},${a},M,${c[cellIndex(a, "M")]}`);
    }
  }
  return lines.join("\n") + "\n";
}

// ---------------------------------------------------------------------------------------------
// Payout model (synthetic)

/** Target national totals per year, billion kronor (before a ±1 % seeded perturbation). */
export const NATIONAL_LEVELS_MDKR: Record<ErsattningId, number[]> = {
  //                            2014  2015  2016  2017  2018  2019  2020  2021  2022  2023  2024  2025
  sjukpenning:                  [31.0, 34.0, 37.5, 36.5, 34.5, 33.0, 39.5, 38.0, 36.0, 35.5, 36.0, 36.5],
  sjuk_och_aktivitetsersattning: [44.5, 43.5, 42.5, 41.5, 40.5, 39.5, 38.8, 38.0, 37.3, 36.6, 36.0, 35.5],
  arbetsloshetsersattning:      [11.5, 11.0, 10.6, 10.3, 10.2, 10.8, 14.8, 13.0, 10.5, 11.5, 13.0, 13.5],
  aktivitetsstod:               [10.5, 10.8, 11.0, 11.5, 11.8, 10.5,  9.5, 10.0,  9.0,  8.6,  9.2,  9.6],
  etableringsersattning:        [ 2.6,  3.6,  5.2,  5.8,  5.6,  4.4,  3.3,  2.6,  2.4,  2.5,  2.3,  2.1],
  ekonomiskt_bistand:           [10.7, 10.9, 11.0, 11.1, 10.9, 11.0, 11.2, 11.0, 10.8, 11.3, 11.6, 11.8],
};

/** The ranges the levels must stay within (billion kronor), checked by the tests. */
export const NATIONAL_RANGES_MDKR: Record<ErsattningId, [number, number]> = {
  sjukpenning: [30, 40],
  sjuk_och_aktivitetsersattning: [35, 45],
  arbetsloshetsersattning: [10, 15],
  aktivitetsstod: [8, 12],
  etableringsersattning: [2, 6],
  ekonomiskt_bistand: [10, 12],
};

/** Women's share of the amount, national (kommun variation ±≈1.5 percentage points). */
export const WOMEN_SHARE: Record<ErsattningId, number | null> = {
  sjukpenning: 0.63,
  sjuk_och_aktivitetsersattning: 0.57,
  arbetsloshetsersattning: 0.47,
  aktivitetsstod: 0.45,
  etableringsersattning: 0.5,
  ekonomiskt_bistand: null, // Socialstyrelsen publishes no split by kön: kon T only
};

/**
 * Kommun factor: log F = a·(common factor) + b·(own factor) + drift. The common factors are the
 * socio-economic S (partly the real unemployment level) and ohälsa H (correlated with S).
 */
export const KOMMUN_FACTOR: Record<ErsattningId, { factor: "S" | "H" | "rate"; a: number; b: number; drift: number }> = {
  sjukpenning: { factor: "H", a: 0.15, b: 0.08, drift: 0.03 },
  sjuk_och_aktivitetsersattning: { factor: "H", a: 0.3, b: 0.12, drift: 0.02 },
  arbetsloshetsersattning: { factor: "rate", a: 0, b: 0, drift: 0 },
  aktivitetsstod: { factor: "S", a: 0.3, b: 0.15, drift: 0.04 },
  etableringsersattning: { factor: "S", a: 0.3, b: 0.45, drift: 0.1 },
  ekonomiskt_bistand: { factor: "S", a: 0.35, b: 0.15, drift: 0.04 },
};

/** Monthly seasonality (January … December), relative. */
export const SEASONALITY: Record<ErsattningId, number[]> = {
  sjukpenning: [1.1, 1.12, 1.08, 1.02, 0.98, 0.95, 0.86, 0.88, 0.97, 1.01, 1.03, 1.05],
  sjuk_och_aktivitetsersattning: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  arbetsloshetsersattning: [1.15, 1.08, 1.02, 0.97, 0.93, 1.0, 1.12, 1.08, 0.93, 0.9, 0.92, 0.95],
  aktivitetsstod: [1.03, 1.05, 1.06, 1.03, 1.02, 0.95, 0.84, 0.9, 1.03, 1.05, 1.03, 0.98],
  etableringsersattning: [1, 1, 1, 1, 1, 1, 0.98, 0.98, 1, 1, 1, 1.02],
  ekonomiskt_bistand: [1.02, 0.98, 1, 1, 1, 0.99, 1.01, 1, 0.98, 0.99, 1, 1.03],
};

/** Year-specific extra monthly profiles (multiplied on SEASONALITY): covid 2020–2021. */
export const SPECIAL_MONTHS: Partial<Record<ErsattningId, Record<number, number[]>>> = {
  sjukpenning: {
    2020: [0.9, 0.92, 1.25, 1.4, 1.15, 1.0, 0.95, 0.92, 0.95, 1.0, 1.1, 1.15],
    2021: [1.2, 1.1, 1.0, 1.0, 0.95, 0.92, 0.92, 0.95, 0.95, 0.97, 1.0, 1.05],
  },
  arbetsloshetsersattning: {
    2020: [0.7, 0.7, 0.8, 1.1, 1.25, 1.25, 1.2, 1.15, 1.05, 1.0, 1.0, 1.0],
    2021: [1.15, 1.15, 1.1, 1.05, 1.0, 0.98, 0.97, 0.95, 0.92, 0.9, 0.88, 0.87],
  },
};

interface KommunParams {
  factor: Record<ErsattningId, number[]>; // per year index (0 = FIRST_PAYOUT_YEAR)
  womenShare: Record<ErsattningId, number>;
  noiseSigma: number;
}

export interface PayoutModel {
  ref: ReferenceData;
  /** Population 16–64 per kommun on 31 December, FIRST_PAYOUT_YEAR-1 … LAST_PAYOUT_YEAR. */
  pop1664: Map<string, Map<number, number>>;
  params: Map<string, KommunParams>;
  /** National target per ersättning and year, öre (integer). */
  targetOre: Record<ErsattningId, Map<number, number>>;
}

const YEARS = LAST_PAYOUT_YEAR - FIRST_PAYOUT_YEAR + 1;

function nearestRateYear(year: number): number {
  return Math.min(2024, Math.max(2020, year));
}

/**
 * All model parameters for every year 2014–2025, independent of which years are written, so that
 * a subset run (--from/--to) writes exactly the same files for its years as a full run.
 */
export function buildPayoutModel(ref: ReferenceData, seed: number = DEMO_SEED): PayoutModel {
  const pop1664 = new Map<string, Map<number, number>>();
  for (let y = FIRST_PAYOUT_YEAR - 1; y <= LAST_PAYOUT_YEAR; y++) {
    for (const [kod, cells] of populationForYear(ref, y)) {
      const m = pop1664.get(kod) ?? new Map<number, number>();
      m.set(y, sumAges(cells, 16, 64));
      pop1664.set(kod, m);
    }
  }

  // Socio-economic factor: 70 % the kommun's real (log) unemployment level 2020–2024, standardised.
  const logRate = ref.kommuner.map((k) => {
    let s = 0;
    for (let y = 2020; y <= 2024; y++) s += Math.log(ref.unemployment.get(k.kod)!.get(y)!);
    return s / 5;
  });
  const mean = logRate.reduce((a, b) => a + b, 0) / logRate.length;
  const sd = Math.sqrt(logRate.reduce((a, b) => a + (b - mean) ** 2, 0) / logRate.length);

  const params = new Map<string, KommunParams>();
  ref.kommuner.forEach((k, i) => {
    const common = stream(seed, `gemensam|${k.kod}`);
    const S = 0.7 * ((logRate[i] - mean) / sd) + Math.sqrt(1 - 0.49) * common.normal();
    const H = 0.5 * S + Math.sqrt(1 - 0.25) * common.normal();
    const factor = {} as Record<ErsattningId, number[]>;
    const womenShare = {} as Record<ErsattningId, number>;
    for (const e of ERSATTNINGAR) {
      const s = stream(seed, `kommunfaktor|${e.id}|${k.kod}`);
      const spec = KOMMUN_FACTOR[e.id];
      const own = s.normal();
      const perYear: number[] = [];
      let drift = 0;
      for (let yi = 0; yi < YEARS; yi++) {
        const year = FIRST_PAYOUT_YEAR + yi;
        drift = yi === 0 ? 0 : 0.8 * drift + spec.drift * s.normal();
        if (spec.factor === "rate") {
          perYear.push(ref.unemployment.get(k.kod)!.get(nearestRateYear(year))!);
        } else {
          const common = spec.factor === "S" ? S : H;
          perYear.push(Math.exp(spec.a * common + spec.b * own + drift));
        }
      }
      factor[e.id] = perYear;
      const p = WOMEN_SHARE[e.id];
      womenShare[e.id] = p === null ? 1 : Math.min(0.8, Math.max(0.3, p + 0.015 * s.normal()));
    }
    // Small kommuner are noisier month to month.
    const noiseSigma = 0.015 + 1.5 / Math.sqrt(pop1664.get(k.kod)!.get(STRUCTURE_YEAR)!);
    params.set(k.kod, { factor, womenShare, noiseSigma });
  });

  const targetOre = {} as Record<ErsattningId, Map<number, number>>;
  for (const e of ERSATTNINGAR) {
    const m = new Map<number, number>();
    for (let yi = 0; yi < YEARS; yi++) {
      const year = FIRST_PAYOUT_YEAR + yi;
      const s = stream(seed, `riksniva|${e.id}|${year}`);
      const kronor = Math.round(NATIONAL_LEVELS_MDKR[e.id][yi] * 1e9 * (1 + 0.02 * (s.uniform() - 0.5)));
      m.set(year, kronor * 100 + Math.floor(100 * s.uniform()));
    }
    targetOre[e.id] = m;
  }
  return { ref, pop1664, params, targetOre };
}

export interface PayoutCell {
  kommunkod: string;
  month: number; // 1 … 12
  kon: "K" | "M" | "T";
  ore: number;
}

/**
 * The cells of one ersättning and year: weights = population 16–64 (interpolated to mid-month)
 * × kommun factor × seasonality × kön share × noise, allocated to integer öre by largest
 * remainder so the national sum equals the target exactly.
 */
export function payoutCells(model: PayoutModel, ersattning: ErsattningId, year: number, seed: number = DEMO_SEED): PayoutCell[] {
  const yi = year - FIRST_PAYOUT_YEAR;
  if (yi < 0 || yi >= YEARS) throw new Error(`no payout model for ${year}`);
  const season = SEASONALITY[ersattning].map((v, m) => v * (SPECIAL_MONTHS[ersattning]?.[year]?.[m] ?? 1));
  const kons: ("K" | "M" | "T")[] = WOMEN_SHARE[ersattning] === null ? ["T"] : ["K", "M"];
  const cells: PayoutCell[] = [];
  const weights: number[] = [];
  for (const k of model.ref.kommuner) {
    const p = model.params.get(k.kod)!;
    const pop = model.pop1664.get(k.kod)!;
    const before = pop.get(year - 1)!;
    const after = pop.get(year)!;
    const noise = stream(seed, `brus|${ersattning}|${k.kod}|${year}`);
    const sigma = p.noiseSigma * (ersattning === "etableringsersattning" ? 2 : 1);
    for (let m = 1; m <= 12; m++) {
      const popMonth = before + ((m - 0.5) / 12) * (after - before);
      const base = popMonth * p.factor[ersattning][yi] * season[m - 1];
      for (const kon of kons) {
        const share = kon === "T" ? 1 : kon === "K" ? p.womenShare[ersattning] : 1 - p.womenShare[ersattning];
        weights.push(base * share * Math.exp(sigma * noise.normal()));
        cells.push({ kommunkod: k.kod, month: m, kon, ore: 0 });
      }
    }
  }
  const total = model.targetOre[ersattning].get(year)!;
  const weightSum = weights.reduce((a, b) => a + b, 0);
  // Float shares → integer öre: floor, then hand out the remaining öre by largest remainder.
  let allocated = 0;
  const remainders: number[] = [];
  weights.forEach((w, i) => {
    const q = (total * w) / weightSum;
    const f = Math.floor(q);
    cells[i].ore = f;
    remainders.push(q - f);
    allocated += f;
  });
  const rest = total - allocated;
  if (rest < 0 || rest > cells.length) throw new Error(`allocation failed for ${ersattning} ${year}`);
  const order = remainders.map((_, i) => i).sort((a, b) => remainders[b] - remainders[a] || a - b);
  for (let j = 0; j < rest; j++) cells[order[j]].ore += 1;
  for (const c of cells) {
    if (!(c.ore > 0)) throw new Error(`non-positive amount for ${c.kommunkod} ${ersattning} ${year}-${c.month}`);
  }
  return cells;
}

/** Integer öre → "1234.05". */
export function formatOre(ore: number): string {
  if (!Number.isSafeInteger(ore) || ore < 0) throw new Error(`bad öre amount ${ore}`);
  const kr = Math.floor(ore / 100);
  const o = ore - kr * 100;
  return `${kr}.${o < 10 ? "0" : ""}${o}`;
}

export interface PayoutYear {
  csv: string;
  rows: number;
  /** National sum per ersättning, öre. */
  totals: Record<ErsattningId, number>;
}

/** The payout cells of every ersättning for one year, in ERSATTNINGAR order. */
export type YearCells = { id: ErsattningId; cells: PayoutCell[] }[];

export function yearCells(model: PayoutModel, year: number, seed: number = DEMO_SEED): YearCells {
  return ERSATTNINGAR.map((e) => ({ id: e.id, cells: payoutCells(model, e.id, year, seed) }));
}

export function utbetalningarForYear(
  model: PayoutModel,
  year: number,
  seed: number = DEMO_SEED,
  byErsattning: YearCells = yearCells(model, year, seed),
): PayoutYear {
  // Index cells: kommun → month → list in ersättning order, kön order.
  const perKey = new Map<string, string[]>();
  const totals = {} as Record<ErsattningId, number>;
  for (const { id, cells } of byErsattning) {
    let t = 0;
    for (const c of cells) {
      t += c.ore;
      const key = `${c.kommunkod}|${c.month}`;
      const list = perKey.get(key) ?? [];
      const period = `${year}-${c.month < 10 ? "0" : ""}${c.month}`;
      list.push(`${c.kommunkod},${period},${id},${c.kon},${formatOre(c.ore)}`);
      perKey.set(key, list);
    }
    totals[id] = t;
  }
  const lines = [UTBETALNINGAR_HEADER];
  for (const k of model.ref.kommuner) {
    for (let m = 1; m <= 12; m++) lines.push(...perKey.get(`${k.kod}|${m}`)!);
  }
  return { csv: lines.join("\n") + "\n", rows: lines.length - 1, totals };
}

// ---------------------------------------------------------------------------------------------
// Helårsekvivalenter (synthetic, derived from the payouts above)

/**
 * Kronor paid per helårsekvivalent and year (tkr), both kön together, held fixed in every year. The
 * income-related benefits cost more per person-year than the means-tested or flat ones; all lie near the
 * low end of 150–250 tkr because the demo payouts (≈ 108 billion kr a year) over ≈ 6 million persons
 * 20–64 would otherwise give a riket share far below SCB's real 11–15 %.
 */
export const KR_PER_HEK_TKR: Record<ErsattningId, number> = {
  sjukpenning: 170,
  sjuk_och_aktivitetsersattning: 165,
  arbetsloshetsersattning: 160,
  etableringsersattning: 158,
  aktivitetsstod: 155,
  ekonomiskt_bistand: 155,
};

/** Per-kön multiplier on KR_PER_HEK_TKR: women's income-related benefits are lower per person-year. */
export const KR_PER_HEK_KON: Record<ErsattningId, { K: number; M: number }> = {
  sjukpenning: { K: 0.96, M: 1.04 },
  sjuk_och_aktivitetsersattning: { K: 0.97, M: 1.03 },
  arbetsloshetsersattning: { K: 0.97, M: 1.03 },
  etableringsersattning: { K: 1, M: 1 },
  aktivitetsstod: { K: 1, M: 1 },
  ekonomiskt_bistand: { K: 1, M: 1 }, // payouts kon T only: one amount, split by kön afterwards
};

/**
 * Ekonomiskt bistånd: its payouts have kon T only, but SCB's helårsekvivalenter are split by kön for every
 * ersättning. The demo splits the T helårsekvivalenter of each kommun and month into K and M by this women's
 * share (+ N(0, 0.02) per kommun), so K + M is exactly the value computed from the T payout.
 */
export const HEK_KVINNOANDEL_EKONOMISKT_BISTAND = 0.48;

/** The kommun noise on the amounts: exp(σ·N(0,1)) with the exponent clamped to ±KR_PER_HEK_KOMMUN_MAX. */
export const KR_PER_HEK_KOMMUN_SIGMA = 0.015;
export const KR_PER_HEK_KOMMUN_MAX = 0.03;

/** Kronor per helårsekvivalent and year for one ersättning and kön, times the kommun factor. */
export function kronorPerHek(ersattning: ErsattningId, kon: "K" | "M" | "T", kommunFactor: number): number {
  const konFactor = kon === "T" ? 1 : KR_PER_HEK_KON[ersattning][kon];
  return KR_PER_HEK_TKR[ersattning] * 1000 * konFactor * kommunFactor;
}

/** The persistent kommun factor on the amount per helårsekvivalent (one named stream per kommun and ersättning). */
export function hekKommunFactor(ersattning: ErsattningId, kommunkod: string, seed: number = DEMO_SEED): number {
  const x = KR_PER_HEK_KOMMUN_SIGMA * stream(seed, `kr_per_hek|${ersattning}|${kommunkod}`).normal();
  return Math.exp(Math.min(KR_PER_HEK_KOMMUN_MAX, Math.max(-KR_PER_HEK_KOMMUN_MAX, x)));
}

/** Women's share of a kommun's helårsekvivalenter of ekonomiskt bistånd (the same every year). */
export function hekKvinnoandel(kommunkod: string, seed: number = DEMO_SEED): number {
  const x = HEK_KVINNOANDEL_EKONOMISKT_BISTAND + 0.02 * stream(seed, `hek_kvinnoandel|ekonomiskt_bistand|${kommunkod}`).normal();
  return Math.min(0.56, Math.max(0.4, x));
}

/** Hundredths (integer) → "12.34". */
export function formatHundradelar(h: number): string {
  if (!Number.isSafeInteger(h) || h < 0) throw new Error(`bad hundredths ${h}`);
  const whole = Math.floor(h / 100);
  const rest = h - whole * 100;
  return `${whole}.${rest < 10 ? "0" : ""}${rest}`;
}

export interface HekYear {
  csv: string;
  rows: number;
  /** National sum of the monthly helårsekvivalenter per ersättning (hundredths), i.e. 12 × the yearly mean. */
  totals: Record<ErsattningId, number>;
}

/**
 * Monthly helårsekvivalenter of one year from that year's payout cells: a month's payout is 1/12 of a
 * person-year for payout / (kronor per helårsekvivalent and year / 12) persons, so
 * helårsekvivalenter = belopp_kr × 12 / kronorPerHek, rounded to hundredths. Same kommuner, months,
 * ersättningar and kön as the payouts, except that ekonomiskt bistånd (payouts kon T only) is split into
 * K and M as SCB does; every ersättning has K and M only, and the view adds T = K + M.
 */
export function helarsekvivalenterForYear(
  model: PayoutModel,
  year: number,
  seed: number = DEMO_SEED,
  byErsattning: YearCells = yearCells(model, year, seed),
): HekYear {
  const perKey = new Map<string, string[]>();
  const totals = {} as Record<ErsattningId, number>;
  for (const { id, cells } of byErsattning) {
    const factors = new Map(model.ref.kommuner.map((k) => [k.kod, hekKommunFactor(id, k.kod, seed)]));
    const womenShare = new Map(model.ref.kommuner.map((k) => [k.kod, hekKvinnoandel(k.kod, seed)]));
    let t = 0;
    for (const c of cells) {
      const hundradelar = Math.round((c.ore * 12) / kronorPerHek(id, c.kon, factors.get(c.kommunkod)!));
      t += hundradelar;
      // A payout given for kon T only (ekonomiskt bistånd) becomes K and M rows that sum to it exactly.
      const parts: ["K" | "M" | "T", number][] =
        c.kon === "T"
          ? (() => {
              const k = Math.round(hundradelar * womenShare.get(c.kommunkod)!);
              return [["K", k], ["M", hundradelar - k]];
            })()
          : [[c.kon, hundradelar]];
      const key = `${c.kommunkod}|${c.month}`;
      const list = perKey.get(key) ?? [];
      const manad = `${year}-${c.month < 10 ? "0" : ""}${c.month}`;
      for (const [kon, h] of parts) {
        // Every payout is positive, so is every helårsekvivalent: a 0 would read like SCB's 0 for a missing month.
        if (!(h > 0)) throw new Error(`helårsekvivalenter rounded to 0 for ${c.kommunkod} ${id} ${manad} ${kon}`);
        list.push(`${c.kommunkod},${manad},${id},${kon},${formatHundradelar(h)}`);
      }
      perKey.set(key, list);
    }
    totals[id] = t;
  }
  const lines = [HELARSEKVIVALENTER_HEADER];
  for (const k of model.ref.kommuner) {
    for (let m = 1; m <= 12; m++) lines.push(...perKey.get(`${k.kod}|${m}`)!);
  }
  return { csv: lines.join("\n") + "\n", rows: lines.length - 1, totals };
}

// ---------------------------------------------------------------------------------------------
// Writing

export interface GenerateOptions {
  out: string;
  from?: number;
  to?: number;
  referenceDir?: string;
  log?: (line: string) => void;
}

export interface GenerateResult {
  files: string[];
  payoutTotals: Map<number, Record<ErsattningId, number>>;
  hekTotals: Map<number, Record<ErsattningId, number>>;
}

export function generateDemoData(options: GenerateOptions): GenerateResult {
  const from = options.from ?? FIRST_PAYOUT_YEAR;
  const to = options.to ?? LAST_PAYOUT_YEAR;
  for (const [name, y] of [["--from", from], ["--to", to]] as const) {
    if (!Number.isInteger(y) || y < FIRST_PAYOUT_YEAR || y > LAST_PAYOUT_YEAR) {
      throw new Error(`${name} ${y}: payout years must be within ${FIRST_PAYOUT_YEAR}–${LAST_PAYOUT_YEAR}`);
    }
  }
  if (from > to) throw new Error(`--from ${from} is after --to ${to}`);
  const log = options.log ?? (() => {});
  const ref = loadReferenceData(options.referenceDir);
  const model = buildPayoutModel(ref);
  fs.mkdirSync(options.out, { recursive: true });
  const files: string[] = [];
  const write = (name: string, content: string, rows: number | null) => {
    const file = path.join(options.out, name);
    fs.writeFileSync(file, content, "utf8");
    files.push(file);
    log(`wrote ${file}${rows === null ? "" : ` (${rows.toLocaleString("en-US")} rows)`}`);
  };

  // Population: the year before the first payout year (for interpolation) up to the last.
  const pop2064 = new Map<number, number>(); // riket 20–64 on 31 December, for DEMODATA.md
  for (let y = from - 1; y <= to; y++) {
    const cells = populationForYear(ref, y);
    let n = 0;
    for (const c of cells.values()) n += sumAges(c, 20, 64);
    pop2064.set(y, n);
    write(`befolkning_${y}.csv`, befolkningCsv(ref, y, cells), ref.kommuner.length * CELLS);
  }
  const payoutTotals = new Map<number, Record<ErsattningId, number>>();
  const hekTotals = new Map<number, Record<ErsattningId, number>>();
  for (let y = from; y <= to; y++) {
    const cells = yearCells(model, y);
    const result = utbetalningarForYear(model, y, DEMO_SEED, cells);
    payoutTotals.set(y, result.totals);
    write(`utbetalningar_${y}.csv`, result.csv, result.rows);
    const hek = helarsekvivalenterForYear(model, y, DEMO_SEED, cells);
    hekTotals.set(y, hek.totals);
    write(`helarsekvivalenter_${y}.csv`, hek.csv, hek.rows);
  }
  write(DEMO_MARKER_FILE, demodataMarkdown(from, to, payoutTotals, hekTotals, pop2064), null);
  return { files, payoutTotals, hekTotals };
}

function mdkr(ore: number): string {
  return (ore / 1e11).toFixed(2);
}

export function demodataMarkdown(
  from: number,
  to: number,
  totals: Map<number, Record<ErsattningId, number>>,
  hekTotals: Map<number, Record<ErsattningId, number>>,
  pop2064: Map<number, number>,
): string {
  const command =
    from === FIRST_PAYOUT_YEAR && to === LAST_PAYOUT_YEAR
      ? "npm run demo-data"
      : `npm run demo-data -- --from ${from} --to ${to} --out <katalog>`;
  const table = [
    `| år | ${ERSATTNINGAR.map((e) => e.id).join(" | ")} |`,
    `|---|${ERSATTNINGAR.map(() => "---:").join("|")}|`,
    ...[...totals].map(([y, t]) => `| ${y} | ${ERSATTNINGAR.map((e) => mdkr(t[e.id])).join(" | ")} |`),
  ].join("\n");
  const levels = ERSATTNINGAR.map(
    (e) => `| ${e.id} | ${NATIONAL_LEVELS_MDKR[e.id].map((v) => v.toFixed(1)).join(" | ")} |`,
  ).join("\n");
  const years = Array.from({ length: YEARS }, (_, i) => FIRST_PAYOUT_YEAR + i);
  const seasonTable = ERSATTNINGAR.map((e) => `| ${e.id} | ${SEASONALITY[e.id].join(" | ")} |`).join("\n");
  const hekLevels = ERSATTNINGAR.map((e) => {
    const k = KR_PER_HEK_KON[e.id];
    const T = KR_PER_HEK_TKR[e.id];
    return WOMEN_SHARE[e.id] === null
      ? `| ${e.id} | ${T} | – | – | K, M (split of T) |`
      : `| ${e.id} | ${T} | ${k.K} (${(T * k.K).toFixed(1)}) | ${k.M} (${(T * k.M).toFixed(1)}) | K, M |`;
  }).join("\n");
  // Yearly mean of the monthly helårsekvivalenter (thousands) and kronor per helårsekvivalent and year (tkr), riket.
  const hekMean = (y: number, e: ErsattningId) => hekTotals.get(y)![e] / 1200;
  const hekTable = [
    `| år | ${ERSATTNINGAR.map((e) => e.id).join(" | ")} | totalt | andel 20–64 |`,
    `|---|${ERSATTNINGAR.map(() => "---:").join("|")}|---:|---:|`,
    ...[...hekTotals.keys()].map((y) => {
      const sum = ERSATTNINGAR.reduce((a, e) => a + hekMean(y, e.id), 0);
      const pop = (pop2064.get(y - 1)! + pop2064.get(y)!) / 2;
      return `| ${y} | ${ERSATTNINGAR.map((e) => (hekMean(y, e.id) / 1000).toFixed(1)).join(" | ")} | ${(sum / 1000).toFixed(1)} | ${((100 * sum) / pop).toFixed(1)} % |`;
    }),
  ].join("\n");
  // Kronor per helårsekvivalent and year, riket: the lowest and highest over the years (tkr).
  const years2 = [...hekTotals.keys()];
  const span = (values: number[]) => {
    const lo = Math.min(...values).toFixed(1);
    const hi = Math.max(...values).toFixed(1);
    return lo === hi ? lo : `${lo}–${hi}`;
  };
  const krPerHek = (y: number, ids: ErsattningId[]) =>
    ids.reduce((a, e) => a + totals.get(y)![e] / 100, 0) / ids.reduce((a, e) => a + hekMean(y, e), 0) / 1000;
  const krTable = [
    `| ${ERSATTNINGAR.map((e) => e.id).join(" | ")} | alla sex |`,
    `|${ERSATTNINGAR.map(() => "---:").join("|")}|---:|`,
    `| ${ERSATTNINGAR.map((e) => span(years2.map((y) => krPerHek(y, [e.id])))).join(" | ")} | ${span(years2.map((y) => krPerHek(y, ERSATTNINGAR.map((e) => e.id))))} |`,
  ].join("\n");
  return `# DEMODATA — syntetiska demosiffror / synthetic demo figures

**Svenska.** Filerna i den här katalogen är **demodata**. Utbetalningarna (\`utbetalningar_*.csv\`)
är **syntetiska** — påhittade men rimliga belopp, framtagna av en slumpgenerator med fast frö — och
helårsekvivalenterna (\`helarsekvivalenter_*.csv\`) är **syntetiska**, räknade ur de utbetalningarna. De är
INTE Försäkringskassans, IAF:s, Arbetsförmedlingens, Socialstyrelsens eller SCB:s statistik och får inte
användas för att dra slutsatser om någon kommun. Befolkningen (\`befolkning_*.csv\`) bygger på verkliga
SCB-siffror enligt regeln nedan. Att den här filen (\`${DEMO_MARKER_FILE}\`) finns gör att inläsningen
märker databasen som demodata.

**English.** The files in this directory are **demo data**. The payouts (\`utbetalningar_*.csv\`) are
**synthetic** — invented but plausible amounts from a seeded random generator — and the helårsekvivalenter
(\`helarsekvivalenter_*.csv\`) are **synthetic**, computed from those payouts. They are NOT statistics
from Försäkringskassan, IAF, Arbetsförmedlingen, Socialstyrelsen or SCB and say nothing about any real
kommun. The population (\`befolkning_*.csv\`) is built from real SCB figures by the rule below. The
presence of this file (\`${DEMO_MARKER_FILE}\`) makes the ingest flag the database as demo data.

Regenerate (byte-identical output) / återskapa: \`${command}\` (generator: \`loaders/demo/\`).
Seed / frö: \`${DEMO_SEED}\` — PRNG mulberry32 written in \`loaders/demo/prng.ts\` (no npm package),
one named stream per draw (FNV-1a hash of seed + stream name), so a run limited with \`--from/--to\`
writes exactly the same bytes for its years as a full run.

Payout and helårsekvivalent years in this directory: ${from}–${to}; population files: ${from - 1}–${to}.

## Befolkning / population (\`befolkning_<år>.csv\`, 31 december, alder 0–100, kon K/M, 290 kommuner)

- **Totals are real**: the folkmängd per kommun and year on 31 December from
  \`data/reference/befolkning/folkmangd_kommun_1968_2025_long_merged.csv\` (SCB TAB638; 2025 from SCB
  TAB5557 with SCB's cell-key perturbation; see \`data/reference/befolkning/PROVENANCE-folkmangd-1968-2025.md\`).
- **Age × kön structure is real for 31 December ${STRUCTURE_YEAR}** and held fixed for every year:
  \`data/reference/befolkning/SCB_alderkon_2019.csv\` (SCB BE0101A, single years 0–99 and 100+, män/kvinnor;
  see \`data/reference/befolkning/PROVENANCE-alder-kon-2019.md\`), kommun names joined to codes via
  \`data/reference/kommuner/municipalities.csv\` (municipality_name_short → municipality_code; 290/290 match).
- Rule: for kommun k and year y, cell c gets floor(n₂₀₁₉(c) · T(k,y) / T₂₀₁₉(k)); the remaining persons go
  one each to the cells with the largest remainders (ties: lower age first, K before M) — the
  largest-remainder method in exact integer arithmetic. Each kommun's cells therefore sum **exactly** to its
  real total T(k,y), and for ${STRUCTURE_YEAR} the cells equal SCB's real cells. For other years the
  age structure is an approximation (real totals, ${STRUCTURE_YEAR} shares), so e.g. 16–64 in 2013 or 2025
  is not SCB's published figure.
- Källa: SCB (via the reference files above).

## Utbetalningar / payouts (\`utbetalningar_<år>.csv\`) — SYNTHETIC

Columns \`kommunkod,period,ersattning,kon,belopp_kr\`; period \`YYYY-MM\` (monthly); belopp_kr with two
decimals (öre). \`ekonomiskt_bistand\` has only kon \`T\` (Socialstyrelsen does not split it by kön); the
other five have \`K\` and \`M\` (their sum is the total).

1. **National level** per ersättning and year (billion kronor, target before a seeded ±1 % perturbation):

| ersättning | ${years.join(" | ")} |
|---|${years.map(() => "---:").join("|")}|
${levels}

2. **Distribution to kommuner** ∝ population 16–64 (from the befolkning files, linearly interpolated to
   the middle of each month between 31 December of the year before and of the year)
   × a persistent **kommun factor** × monthly **seasonality** × **kön share** × **noise**. The amounts of
   one ersättning and year are then turned into whole öre by the largest-remainder method, so the
   national sum equals the target exactly (integer öre, formatted without floating-point text).
   - Kommun factor: exp(a·common + b·own + drift). Two correlated common factors per kommun: a
     socio-economic factor S = 0.7·(standardised log of the kommun's real SCB unemployment rate, mean
     2020–2024) + 0.71·N(0,1), and an ohälsa factor H = 0.5·S + 0.87·N(0,1); so some kommuner are high
     on everything. (a, b) = sjukpenning H (0.15, 0.08); sjuk- och aktivitetsersättning H (0.30, 0.12);
     aktivitetsstöd S (0.30, 0.15); etableringsersättning S (0.30, 0.45); ekonomiskt bistånd S (0.35, 0.15).
     The drift is a slow AR(1) per kommun and year (0.8·previous + σ·N, σ 0.02–0.10).
   - **Arbetslöshetsersättning**: the kommun's share ∝ population 16–64 × the **real SCB unemployment rate
     20–64** of that kommun and year (\`data/reference/arbetsloshet/arbetsloshet_20_64_kommun_2020_2024.csv\`,
     SCB TAB3200); years before 2020 use 2020's rate, 2025 uses 2024's.
   - Seasonality (January … December; 2020–2021 also get covid profiles: sjukpenning peaks in
     March–May 2020, a-kassa jumps from April 2020):

| ersättning | jan | feb | mar | apr | maj | jun | jul | aug | sep | okt | nov | dec |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${seasonTable}

   - Kön: women's share sjukpenning 0.63, sjuk- och aktivitetsersättning 0.57, a-kassa 0.47, aktivitetsstöd
     0.45, etableringsersättning 0.50, each + N(0, 0.015) per kommun.
   - Noise: lognormal per kommun, month and kön, σ = 0.015 + 1.5/√(population 16–64) (doubled for
     etableringsersättning), so small kommuner vary more.

## Generated national totals / genererade rikssummor (billion kr, sum of the kommun rows)

${table}

## Helårsekvivalenter (\`helarsekvivalenter_<år>.csv\`) — SYNTHETIC, computed from the payouts

Columns \`kommunkod,manad,ersattning,kon,helarsekvivalenter\` (SCB's monthly series, DESIGN.md §2.2); manad
\`YYYY-MM\`; two decimals. The same kommuner, months and ersättningar as the payouts:

- **Kön**: every ersättning has kon \`K\` and \`M\` only (SCB splits every ersättning by kön); the view
  \`helarsekvivalenter\` adds T = K + M. For the five with K and M payouts, each kön's helårsekvivalenter come from that kön's payout.
  **Ekonomiskt bistånd** has payouts for kon \`T\` only (Socialstyrelsen does not split them by kön), but SCB
  does split its helårsekvivalenter: the demo computes the T value from the T payout and splits it into K and M
  by a women's share of ${HEK_KVINNOANDEL_EKONOMISKT_BISTAND} + N(0, 0.02) per kommun (clamped to 0.40–0.56; stream
  \`hek_kvinnoandel|ekonomiskt_bistand|<kommunkod>\`), K rounded to hundredths and M = T − K, so K + M equals the
  payout-based value exactly. Hence, for ekonomiskt bistånd, kronor per helårsekvivalent exists for kvinnor och
  män together only (as with real data), and the Helårsekvivalenter page shows it for every kön choice.
  (Keeping T only, like the payouts, would have left the page's kvinnor/män views of ekonomiskt bistånd empty.)
- **Rule**: helårsekvivalenter = belopp_kr × 12 / A, rounded to hundredths, where A is the kronor per
  helårsekvivalent and year: level(ersättning) × kön multiplier (1 for a T payout) × kommun factor. A month's payout buys
  belopp / (A / 12) person-months of full benefit. So for every kommun, ersättning, kön of the payout and year,
  Σ belopp_kr over the year / the mean of the twelve monthly values = A (up to the rounding).
- **Levels** (tkr per helårsekvivalent and year; in parentheses the amount for that kön), the same every year:

| ersättning | A, tkr | kvinnor × | män × | kön in the file |
|---|---:|---:|---:|---|
${hekLevels}

  The income-related benefits (sjukpenning, sjuk- och aktivitetsersättning, arbetslöshetsersättning) cost more
  per person-year than aktivitetsstöd and ekonomiskt bistånd, and more for men than for women (higher
  incomes). All levels sit near the low end of a plausible 150–250 tkr: with these payouts (≈ 108–113 billion
  kr a year) over ≈ 5.5–6.0 million persons 20–64, higher amounts would give a riket share well below SCB's
  real one (12.7 % in 2019, 13.3 % in 2021 for these six benefits together). The levels are not indexed
  over the years (real benefit levels follow prices and wages; the demo payouts are roughly flat in kronor).
- **Kommun factor**: exp(clamp(${KR_PER_HEK_KOMMUN_SIGMA}·N(0,1), ±${KR_PER_HEK_KOMMUN_MAX})), one per kommun and
  ersättning (stream \`kr_per_hek|<ersättning>|<kommunkod>\`), the same every year and for both kön — so every
  kommun's amount lies within ±3 % of the level above, i.e. within 150–190 tkr.
- **No missing months, no \`status\` column**: the demo payouts have every month, so every helårsekvivalent is
  positive. In SCB's real table a missing ekonomiskt-bistånd month is shown as 0; the SCB adapter stores such a
  0 with status \`noll_kan_vara_bortfall\` (a canonical file would write \`0\` with that status in a \`status\`
  column), and the view never counts it as a reported value.
- **Approximations**: SCB's helårsekvivalenter count persons **20–64**; the demo payouts cover **all ages**
  (they were spread over kommuner ∝ population 16–64). The demo turns every payout krona into
  helårsekvivalenter 20–64, so they are a few per cent too high against an honest 20–64 split, and kronor per
  helårsekvivalent computed from the files (payouts of all ages / helårsekvivalenter 20–64) is exactly A,
  where real data would give a little more than the real amount per person-year. The monthly values follow the
  payouts' seasonality exactly (real payouts lag the days they pay for).

Generated helårsekvivalenter, riket (thousands; the yearly mean of the monthly values summed over the kommuner;
andel = total / the mean of the 20–64 population on 31 December of the year before and of the year):

${hekTable}

Kronor per helårsekvivalent and year, riket (tkr; Σ belopp_kr / mean monthly helårsekvivalenter; lowest–highest
over ${years2[0]}–${years2.at(-1)}):

${krTable}
`;
}
