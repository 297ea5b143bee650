// What the site publishes about insatser, from the exact counts of the views in loaders/measures/insatser.sql:
// pure functions, no I/O (the data loaders in src/data read the database and write what these return). Every count
// of persons passes rojande.ts here, as the unit it is shown as, before it can reach a page or a download:
//
//   1. rojResultat — the main table: per förbund, every insats × period (years and 'alla') × kön (K, M, T) × measure,
//      with the förbund's totals as margins (shown on the förbund page). Lines: K + M = T; Σ insatser = förbund;
//      Σ years = alla (started, ended, outcomes, anonymous); and the identities between measures, so no hidden cell
//      comes back through another: deltagare = med personuppgifter + anonyma; med personuppgifter = avslutade +
//      pågående; med personuppgifter(år) = pågående(år − 1) + startade(år) ('alla': = startade); med uppgift = till
//      arbete/studier + övriga. "Övriga" (those an outcome share leaves out) is not shown but is a cell all the same,
//      so a remainder of 1–4 is protected like any count. Those who ended without a recorded outcome (avslutade − med
//      uppgift) are not: the number says how complete the register is, nothing about a person's situation.
//   2. rojAldersgrupper, rojFloden, rojNytta — an insats page's breakdowns, each locked to the main table: a total
//      that the main table shows (or hides) is shown (or hidden) here too, and never the only unknown of a line.
//
// A suppressed value is written as PRICK (".."), in the JSON and in downloads; null means "not applicable" (no
// denominator, no cost given). Shares and their Wilson interval are shown only when rojAndel allows; a cost per
// deltagare only when its denominator shows (the cost itself is public, so the quotient would give the count back).
import { ALDERSGRUPPER, FORSORJNING_GRUPPER } from "./kodlistor.ts";
import { GRANS, type Orsak, osakraLinjer, PRICK, rojAndel, rojLinjer, rojTabell, summaLinje, type Term } from "./rojande.ts";

export type Kon = "K" | "M" | "T";
export const KON: readonly Kon[] = ["K", "M", "T"];
export type Publicerat = number | typeof PRICK | null;

/** One row of insats_resultat_delar (exact), with the insats's förbund and its key figure median_dagar_i_insats. */
export interface DelRad {
  insats_id: string;
  forbund_id: string | null;
  period: string;
  kon: Kon;
  startade: number;
  avslutade: number;
  pagaende: number;
  avslutade_med_uppgift: number;
  till_arbete_eller_studier: number;
  anonyma: number;
  deltagare_med_personuppgifter: number;
  deltagare_under_perioden: number;
  utfall_kr: number | null;
  budget_kr: number | null;
  median_dagar_i_insats?: number | null;
}

/** The measures of the main table: published counts, and the two remainders that are cells but never shown. */
const MATT = {
  startade: "startade",
  avslutade: "avslutade",
  pagaende: "pagaende",
  personuppgifter: "deltagare_med_personuppgifter",
  anonyma: "anonyma",
  deltagare: "deltagare_under_perioden",
  medUppgift: "avslutade_med_uppgift",
  till: "till_arbete_eller_studier",
} as const;
type Matt = keyof typeof MATT | "ovriga";
const ALLA_MATT: Matt[] = [...(Object.keys(MATT) as (keyof typeof MATT)[]), "ovriga"];
/** Measures that add up over the years to 'alla' (a participation starts, ends, and is anonymous in one year). */
const ARSADDITIVA: Matt[] = ["startade", "avslutade", "medUppgift", "till", "ovriga", "anonyma"];

/**
 * The names of every field that holds a count of persons in what the insats loaders write (the privacy test in
 * test/browser/integritet.test.ts checks that each holds 0, a number ≥ GRANS, PRICK or null — never 1–4).
 */
export const ANTALSFALT = new Set<string>([
  ...Object.values(MATT),
  "kvalificerade",
  "med_schablon",
  "utan_schablon",
  "dolda_floden",
  "celler",
  "radsummor",
  "kolumnsummor",
  "totalt",
  "antal",
]);

/** A published value of the main table for one unit, period and kön. */
export interface Varden {
  startade: Publicerat;
  avslutade: Publicerat;
  pagaende: Publicerat;
  deltagare_med_personuppgifter: Publicerat;
  anonyma: Publicerat;
  deltagare_under_perioden: Publicerat;
  avslutade_med_uppgift: Publicerat;
  till_arbete_eller_studier: Publicerat;
  andel_arbete_eller_studier: Publicerat;
  wilson_lag: Publicerat;
  wilson_hog: Publicerat;
  genomstromning: Publicerat;
  median_dagar_i_insats: Publicerat;
  utfall_kr: number | null;
  budget_kr: number | null;
  kostnad_per_deltagare: Publicerat;
  kostnad_per_deltagare_till_arbete_eller_studier: Publicerat;
}

/** period → kön → values. */
export type VardenPerPeriod = Record<string, Partial<Record<Kon, Varden>>>;

export interface PubliceratResultat {
  insatser: Map<string, VardenPerPeriod>;
  forbund: Map<string, VardenPerPeriod>;
  /** Each cell's state, for the breakdowns that lock to it: key `${enhet}|${period}|${kon}|${matt}`. */
  orsak: Map<string, Orsak>;
}

const Z = 1.959963984540054;
/** The 95 % Wilson score interval (as the SQL macros wilson_nedre/wilson_ovre). */
export function wilson(x: number, n: number): [number, number] | null {
  if (n <= 0) return null;
  const p = x / n;
  const mitt = p + (Z * Z) / (2 * n);
  const halv = Z * Math.sqrt((p * (1 - p)) / n + (Z * Z) / (4 * n * n));
  const d = 1 + (Z * Z) / n;
  return [Math.max(0, (mitt - halv) / d), Math.min(1, (mitt + halv) / d)];
}

/** rojLinjer, and a refusal to go on if any line is left open (privacy never depends on a heuristic's luck). */
function rojOchKontrollera(namn: string, celler: Map<string, number>, linjer: Term[][], val: Parameters<typeof rojLinjer>[2]): Map<string, Orsak> {
  const orsak = rojLinjer(celler, linjer, val);
  const osakra = osakraLinjer(celler, orsak, linjer, val?.grans);
  if (osakra.length) throw new Error(`publicera: ${namn}: ${osakra.length} line(s) would give a hidden count back, e.g. ${osakra[0].map((t) => t.cell).join(" + ")}`);
  return orsak;
}

const ar = (period: string) => (period === "alla" ? null : Number(period));
const cellKey = (enhet: string, period: string, kon: Kon, matt: Matt) => `${enhet}|${period}|${kon}|${matt}`;
export const insatsEnhet = (id: string) => `i:${id}`;
export const forbundEnhet = (id: string) => `f:${id}`;

function mattVarde(r: DelRad, m: Matt): number {
  switch (m) {
    case "ovriga":
      return r.avslutade_med_uppgift - r.till_arbete_eller_studier;
    default:
      return r[MATT[m]];
  }
}

/** Sorts periods as pages show them: 'alla' first, then years from the latest. */
export function sorteraPerioder(perioder: Iterable<string>): string[] {
  return [...new Set(perioder)].sort((a, b) => (a === "alla" ? -1 : b === "alla" ? 1 : b.localeCompare(a)));
}

/**
 * The main table, suppressed: the values per insats and per förbund (its margins), for every period and kön.
 * Rows are insats_resultat_delar (+ forbund_id, median_dagar_i_insats); insatser without förbund have no margin.
 */
export function rojResultat(rader: DelRad[], val: { grans?: number } = {}): PubliceratResultat {
  const grans = val.grans ?? GRANS;
  // Exact rows per unit: the insatser as given, the förbund as sums of their insatser.
  const exakt = new Map<string, Map<string, Map<Kon, DelRad>>>();
  const forbundAv = new Map<string, string | null>();
  const put = (enhet: string, r: DelRad) => {
    const perPeriod = exakt.get(enhet) ?? new Map<string, Map<Kon, DelRad>>();
    exakt.set(enhet, perPeriod);
    const perKon = perPeriod.get(r.period) ?? new Map<Kon, DelRad>();
    perPeriod.set(r.period, perKon);
    const fore = perKon.get(r.kon);
    if (!fore) perKon.set(r.kon, { ...r });
    else {
      for (const m of Object.values(MATT)) fore[m] += r[m];
      fore.utfall_kr = fore.utfall_kr === null && r.utfall_kr === null ? null : (fore.utfall_kr ?? 0) + (r.utfall_kr ?? 0);
      fore.budget_kr = fore.budget_kr === null && r.budget_kr === null ? null : (fore.budget_kr ?? 0) + (r.budget_kr ?? 0);
      fore.median_dagar_i_insats = null;
    }
  };
  for (const r of rader) {
    if (exakt.get(insatsEnhet(r.insats_id))?.get(r.period)?.get(r.kon)) throw new Error(`publicera: two rows for ${r.insats_id} ${r.period} ${r.kon}`);
    put(insatsEnhet(r.insats_id), r);
    forbundAv.set(r.insats_id, r.forbund_id);
  }
  // The förbund's cost per deltagare covers only the insatser that report an utfall (as insats_resultat_forbund):
  // kept apart, since it is not a sum of the cells.
  const forbundMedUtfall = new Map<string, number>();
  for (const r of rader) {
    if (r.forbund_id === null) continue;
    put(forbundEnhet(r.forbund_id), { ...r, median_dagar_i_insats: null });
    if (r.kon === "T" && r.utfall_kr !== null) {
      const k = `${forbundEnhet(r.forbund_id)}|${r.period}`;
      forbundMedUtfall.set(k, (forbundMedUtfall.get(k) ?? 0) + r.deltagare_under_perioden);
    }
  }

  const celler = new Map<string, number>();
  const linjer: Term[][] = [];
  for (const [enhet, perPeriod] of exakt) {
    const ar0 = [...perPeriod.keys()].filter((p) => p !== "alla").map(Number);
    const forsta = Math.min(...ar0);
    const sista = Math.max(...ar0);
    for (const [period, perKon] of perPeriod) {
      for (const kon of KON) {
        const r = perKon.get(kon);
        if (!r) throw new Error(`publicera: ${enhet} ${period} lacks kön ${kon}`);
        for (const m of ALLA_MATT) celler.set(cellKey(enhet, period, kon, m), mattVarde(r, m));
      }
    }
    for (const period of perPeriod.keys()) {
      for (const kon of KON) {
        const c = (m: Matt, p = period) => cellKey(enhet, p, kon, m);
        linjer.push(summaLinje([c("personuppgifter"), c("anonyma")], c("deltagare")));
        linjer.push(summaLinje([c("avslutade"), c("pagaende")], c("personuppgifter")));
        linjer.push(summaLinje([c("till"), c("ovriga")], c("medUppgift")));
        const y = ar(period);
        if (y === null) linjer.push(summaLinje([c("startade")], c("personuppgifter")));
        else if (perPeriod.has(String(y - 1))) linjer.push(summaLinje([c("pagaende", String(y - 1)), c("startade")], c("personuppgifter")));
        else linjer.push(summaLinje([c("startade")], c("personuppgifter")));
      }
      for (const m of ALLA_MATT) linjer.push(summaLinje([cellKey(enhet, period, "K", m), cellKey(enhet, period, "M", m)], cellKey(enhet, period, "T", m)));
    }
    if (perPeriod.has("alla") && ar0.length) {
      for (const kon of KON) {
        for (const m of ARSADDITIVA) {
          const delar = [];
          for (let y = forsta; y <= sista; y++) if (perPeriod.has(String(y))) delar.push(cellKey(enhet, String(y), kon, m));
          linjer.push(summaLinje(delar, cellKey(enhet, "alla", kon, m)));
        }
        linjer.push(summaLinje([cellKey(enhet, String(sista), kon, "pagaende")], cellKey(enhet, "alla", kon, "pagaende")));
      }
    }
  }
  // Σ insatser = förbund, for every period, kön and measure.
  const medlemmar = new Map<string, string[]>();
  for (const [insats, forbund] of forbundAv) {
    if (forbund === null) continue;
    medlemmar.set(forbund, [...(medlemmar.get(forbund) ?? []), insats]);
  }
  for (const [forbund, insatser] of medlemmar) {
    const fEnhet = forbundEnhet(forbund);
    for (const period of exakt.get(fEnhet)!.keys()) {
      for (const kon of KON) {
        for (const m of ALLA_MATT) {
          const delar = insatser.map(insatsEnhet).filter((e) => exakt.get(e)!.has(period)).map((e) => cellKey(e, period, kon, m));
          linjer.push(summaLinje(delar, cellKey(fEnhet, period, kon, m)));
        }
      }
    }
  }

  // Reluctance to hide: förbund totals most, then kön T, then the whole period 'alla'.
  const rang = (cell: string) => {
    const [enhet, period, kon] = cell.split("|");
    return (enhet.startsWith("f:") ? 4 : 0) + (kon === "T" ? 2 : 0) + (period === "alla" ? 1 : 0);
  };
  const orsak = rojOchKontrollera("the main table", celler, linjer, { grans, rang });

  const publicera = (enhet: string, perPeriod: Map<string, Map<Kon, DelRad>>): VardenPerPeriod => {
    const ut: VardenPerPeriod = {};
    for (const period of sorteraPerioder(perPeriod.keys())) {
      ut[period] = {};
      for (const kon of KON) {
        const r = perPeriod.get(period)!.get(kon)!;
        const dold = (m: Matt) => orsak.get(cellKey(enhet, period, kon, m)) != null;
        const visa = (m: keyof typeof MATT): Publicerat => (dold(m) ? PRICK : r[MATT[m]]);
        const andel = rojAndel(r.till_arbete_eller_studier, r.avslutade_med_uppgift, { grans, taljareDold: dold("till"), namnareDold: dold("medUppgift") });
        const w = andel.andel !== null ? wilson(r.till_arbete_eller_studier, r.avslutade_med_uppgift) : null;
        const genom = rojAndel(r.avslutade, r.deltagare_med_personuppgifter, { grans, taljareDold: dold("avslutade"), namnareDold: dold("personuppgifter") });
        const kvot = (taljare: number | null, namnare: number, namnareDold: boolean): Publicerat =>
          taljare === null || namnare === 0 ? null : namnareDold ? PRICK : taljare / namnare;
        const medUtfall = enhet.startsWith("f:") ? forbundMedUtfall.get(`${enhet}|${period}`) ?? 0 : r.deltagare_under_perioden;
        // The förbund's cost per deltagare divides by the deltagare of the insatser with an utfall: shown only when
        // that is every insats's deltagare (so the denominator is the shown total), else left out.
        const kostnadNamnare = enhet.startsWith("f:") && medUtfall !== r.deltagare_under_perioden ? null : r.deltagare_under_perioden;
        ut[period]![kon] = {
          startade: visa("startade"),
          avslutade: visa("avslutade"),
          pagaende: visa("pagaende"),
          deltagare_med_personuppgifter: visa("personuppgifter"),
          anonyma: visa("anonyma"),
          deltagare_under_perioden: visa("deltagare"),
          avslutade_med_uppgift: visa("medUppgift"),
          till_arbete_eller_studier: visa("till"),
          andel_arbete_eller_studier: andel.dold ? PRICK : andel.andel,
          wilson_lag: andel.dold ? PRICK : w?.[0] ?? null,
          wilson_hog: andel.dold ? PRICK : w?.[1] ?? null,
          genomstromning: genom.dold ? PRICK : genom.andel,
          // A median of the durations of the participations that ended: shown when those are shown and ≥ GRANS.
          median_dagar_i_insats:
            r.median_dagar_i_insats == null ? null : dold("avslutade") || r.avslutade < grans ? PRICK : r.median_dagar_i_insats,
          utfall_kr: kon === "T" ? r.utfall_kr : null,
          budget_kr: kon === "T" ? r.budget_kr : null,
          kostnad_per_deltagare: kon !== "T" || kostnadNamnare === null ? null : kvot(r.utfall_kr, kostnadNamnare, dold("deltagare")),
          kostnad_per_deltagare_till_arbete_eller_studier:
            kon !== "T" || enhet.startsWith("f:") ? null : kvot(r.utfall_kr, r.till_arbete_eller_studier, dold("till")),
        };
      }
    }
    return ut;
  };

  const insatser = new Map<string, VardenPerPeriod>();
  const forbund = new Map<string, VardenPerPeriod>();
  for (const [enhet, perPeriod] of exakt) {
    if (enhet.startsWith("i:")) insatser.set(enhet.slice(2), publicera(enhet, perPeriod));
    else forbund.set(enhet.slice(2), publicera(enhet, perPeriod));
  }
  return { insatser, forbund, orsak };
}

/** The state of a main-table cell as a lock for a breakdown (true = hidden there). */
function lasFran(huvud: Map<string, Orsak>, insats: string, period: string, kon: Kon, matt: Matt): boolean {
  const o = huvud.get(cellKey(insatsEnhet(insats), period, kon, matt));
  if (o === undefined) throw new Error(`publicera: the main table has no ${insats} ${period} ${kon} ${matt}`);
  return o !== null;
}

/** One row of insats_resultat_aldersgrupp at the insats's own level, kön T. */
export interface AlderRad {
  period: string;
  aldersgrupp: string;
  deltagare_med_personuppgifter: number;
  avslutade_med_uppgift: number;
  till_arbete_eller_studier: number;
}

export interface PubliceradAldersgrupp {
  aldersgrupp: string;
  deltagare_med_personuppgifter: Publicerat;
  avslutade_med_uppgift: Publicerat;
  till_arbete_eller_studier: Publicerat;
  andel_arbete_eller_studier: Publicerat;
  wilson_lag: Publicerat;
  wilson_hog: Publicerat;
}

/** The order of age groups on a page: the seven bands, then 'under 16' and 'okänd' when they occur. */
export const ALDERSORDNING = [...ALDERSGRUPPER, "under 16", "okänd"] as const;

/**
 * Outcomes by åldersgrupp for one insats (kön T), per period: Σ groups = the insats's total (locked to the main table),
 * Σ years = alla per group, and med uppgift = till arbete/studier + övriga per group.
 */
export function rojAldersgrupper(
  insats: string,
  rader: AlderRad[],
  perioder: string[],
  huvud: Map<string, Orsak>,
  huvudVarden: Map<string, number>,
  val: { grans?: number } = {},
): Record<string, PubliceradAldersgrupp[]> {
  const grans = val.grans ?? GRANS;
  const grupper = ALDERSORDNING.filter((g) => rader.some((r) => r.aldersgrupp === g));
  const okand = rader.find((r) => !(ALDERSORDNING as readonly string[]).includes(r.aldersgrupp));
  if (okand) throw new Error(`publicera: unknown åldersgrupp ${okand.aldersgrupp}`);
  const MATTEN = ["pu", "N", "n", "ej"] as const;
  const huvudMatt = { pu: "personuppgifter", N: "medUppgift", n: "till", ej: "ovriga" } as const;
  const celler = new Map<string, number>();
  const last = new Map<string, boolean>();
  const linjer: Term[][] = [];
  const k = (p: string, g: string, m: string) => `${p}|${g}|${m}`;
  for (const p of perioder) {
    for (const g of grupper) {
      const r = rader.find((x) => x.period === p && x.aldersgrupp === g);
      const pu = r?.deltagare_med_personuppgifter ?? 0;
      const N = r?.avslutade_med_uppgift ?? 0;
      const n = r?.till_arbete_eller_studier ?? 0;
      celler.set(k(p, g, "pu"), pu).set(k(p, g, "N"), N).set(k(p, g, "n"), n).set(k(p, g, "ej"), N - n);
      linjer.push(summaLinje([k(p, g, "n"), k(p, g, "ej")], k(p, g, "N")));
    }
    for (const m of MATTEN) {
      const total = k(p, "*", m);
      const hk = cellKey(insatsEnhet(insats), p, "T", huvudMatt[m]);
      const v = huvudVarden.get(hk);
      if (v === undefined) throw new Error(`publicera: the main table has no ${hk}`);
      const summa = grupper.reduce((a, g) => a + celler.get(k(p, g, m))!, 0);
      if (summa !== v) throw new Error(`publicera: ${insats} ${p}: the åldersgrupper's ${m} add up to ${summa}, the insats has ${v}`);
      celler.set(total, v);
      last.set(total, lasFran(huvud, insats, p, "T", huvudMatt[m]));
      linjer.push(summaLinje(grupper.map((g) => k(p, g, m)), total));
    }
  }
  const ar0 = perioder.filter((p) => p !== "alla");
  if (perioder.includes("alla") && ar0.length) {
    for (const g of [...grupper, "*"]) for (const m of ["N", "n", "ej"]) linjer.push(summaLinje(ar0.map((p) => k(p, g, m)), k("alla", g, m)));
  }
  const orsak = rojOchKontrollera(`${insats}: åldersgrupper`, celler, linjer, { grans, last, rang: (c) => (c.includes("|*|") ? 2 : 0) });
  const ut: Record<string, PubliceradAldersgrupp[]> = {};
  for (const p of perioder) {
    ut[p] = grupper.map((g) => {
      const dold = (m: string) => orsak.get(k(p, g, m)) != null;
      const v = (m: string): Publicerat => (dold(m) ? PRICK : celler.get(k(p, g, m))!);
      const N = celler.get(k(p, g, "N"))!;
      const n = celler.get(k(p, g, "n"))!;
      const a = rojAndel(n, N, { grans, taljareDold: dold("n"), namnareDold: dold("N") });
      const w = a.andel !== null ? wilson(n, N) : null;
      return {
        aldersgrupp: g,
        deltagare_med_personuppgifter: v("pu"),
        avslutade_med_uppgift: v("N"),
        till_arbete_eller_studier: v("n"),
        andel_arbete_eller_studier: a.dold ? PRICK : a.andel,
        wilson_lag: a.dold ? PRICK : w?.[0] ?? null,
        wilson_hog: a.dold ? PRICK : w?.[1] ?? null,
      };
    });
  }
  return ut;
}

/** One row of insats_forsorjning_overgang at the insats's own level. */
export interface FlodeRad {
  period: string;
  kon: Kon;
  fore_grupp: string;
  efter_grupp: string;
  antal: number;
}

export interface PubliceratFlode {
  /** Group ids of the rows (före) and columns (efter), in FORSORJNING_GRUPPER's order. */
  grupper: string[];
  /** celler[före][efter]; radsummor = före, kolumnsummor = efter; totalt = the participations that ended. */
  celler: Publicerat[][];
  radsummor: Publicerat[];
  kolumnsummor: Publicerat[];
  totalt: Publicerat;
  /** Persons in flows not drawn: the shown total minus the shown cells (PRICK when 1–4 or the total is hidden). */
  dolda_floden: Publicerat;
}

/**
 * The before → after matrix of one insats (primary source, grouped) per period and kön, with its margins: rows, columns,
 * K + M = T and Σ years = alla for every cell and margin; the grand total is the insats's avslutade (locked).
 */
export function rojFloden(
  insats: string,
  rader: FlodeRad[],
  perioder: string[],
  huvud: Map<string, Orsak>,
  huvudVarden: Map<string, number>,
  val: { grans?: number } = {},
): Record<string, Partial<Record<Kon, PubliceratFlode>>> {
  const grans = val.grans ?? GRANS;
  const G = FORSORJNING_GRUPPER.map((g) => g.id as string);
  const celler = new Map<string, number>();
  const last = new Map<string, boolean>();
  const linjer: Term[][] = [];
  const k = (p: string, kon: Kon, f: string, e: string) => `${p}|${kon}|${f}|${e}`;
  for (const r of rader) {
    if (!G.includes(r.fore_grupp) || !G.includes(r.efter_grupp)) throw new Error(`publicera: unknown group ${r.fore_grupp} → ${r.efter_grupp}`);
  }
  for (const p of perioder) {
    for (const kon of KON) {
      for (const f of G) for (const e of G) celler.set(k(p, kon, f, e), 0);
      for (const r of rader) if (r.period === p && r.kon === kon) celler.set(k(p, kon, r.fore_grupp, r.efter_grupp), r.antal);
      for (const f of G) celler.set(k(p, kon, f, "*"), G.reduce((a, e) => a + celler.get(k(p, kon, f, e))!, 0));
      for (const e of G) celler.set(k(p, kon, "*", e), G.reduce((a, f) => a + celler.get(k(p, kon, f, e))!, 0));
      const total = G.reduce((a, f) => a + celler.get(k(p, kon, f, "*"))!, 0);
      const hk = cellKey(insatsEnhet(insats), p, kon, "avslutade");
      if (huvudVarden.get(hk) !== total) throw new Error(`publicera: ${insats} ${p} ${kon}: the matrix holds ${total}, avslutade is ${huvudVarden.get(hk)}`);
      celler.set(k(p, kon, "*", "*"), total);
      last.set(k(p, kon, "*", "*"), lasFran(huvud, insats, p, kon, "avslutade"));
      for (const f of G) linjer.push(summaLinje(G.map((e) => k(p, kon, f, e)), k(p, kon, f, "*")));
      for (const e of G) linjer.push(summaLinje(G.map((f) => k(p, kon, f, e)), k(p, kon, "*", e)));
      linjer.push(summaLinje(G.map((f) => k(p, kon, f, "*")), k(p, kon, "*", "*")));
      linjer.push(summaLinje(G.map((e) => k(p, kon, "*", e)), k(p, kon, "*", "*")));
    }
    for (const f of [...G, "*"]) for (const e of [...G, "*"]) linjer.push(summaLinje([k(p, "K", f, e), k(p, "M", f, e)], k(p, "T", f, e)));
  }
  const ar0 = perioder.filter((p) => p !== "alla");
  if (perioder.includes("alla") && ar0.length) {
    for (const kon of KON) for (const f of [...G, "*"]) for (const e of [...G, "*"]) linjer.push(summaLinje(ar0.map((p) => k(p, kon, f, e)), k("alla", kon, f, e)));
  }
  const rang = (c: string) => {
    const [p, kon, f, e] = c.split("|");
    return (f === "*" || e === "*" ? 2 : 0) + (kon === "T" ? 1 : 0) + (p === "alla" ? 1 : 0);
  };
  const orsak = rojOchKontrollera(`${insats}: före → efter`, celler, linjer, { grans, last, rang });
  const ut: Record<string, Partial<Record<Kon, PubliceratFlode>>> = {};
  for (const p of perioder) {
    ut[p] = {};
    for (const kon of KON) {
      const v = (f: string, e: string): Publicerat => (orsak.get(k(p, kon, f, e)) != null ? PRICK : celler.get(k(p, kon, f, e))!);
      const total = v("*", "*");
      const synligt = G.flatMap((f) => G.map((e) => v(f, e))).reduce<number>((a, x) => a + (typeof x === "number" ? x : 0), 0);
      const dolda = typeof total === "number" ? total - synligt : null;
      ut[p]![kon] = {
        grupper: G,
        celler: G.map((f) => G.map((e) => v(f, e))),
        radsummor: G.map((f) => v(f, "*")),
        kolumnsummor: G.map((e) => v("*", e)),
        totalt: total,
        dolda_floden: dolda === null ? PRICK : dolda > 0 && dolda < grans ? PRICK : dolda,
      };
    }
  }
  return ut;
}

/** One row of insats_nytta (exact) and the participations counted per kommun and year (insats_nytta_deltagande). */
export interface NyttaRad {
  period: string;
  kvalificerade: number;
  med_schablon: number;
  summa_schablon_kr: number;
  utfall_kr: number | null;
}
/** One row of insats_nytta_kommun: participations counted per kommun and year ended, and that kommun-year's schablon. */
export interface NyttaKommunRad {
  kommunkod: string | null;
  ar: number;
  kvalificerade: number;
  kr_per_helarsekvivalent: number | null;
}

/**
 * insats_nytta's rows from insats_nytta_kommun's (the same sums as the view, so a loader reads the costly schablon
 * lookup once): per year and 'alla', the participations counted, those with a schablon, and Σ S over them.
 */
export function nyttaPerioder(kommunRader: NyttaKommunRad[], perioder: string[], utfall: (period: string) => number | null): NyttaRad[] {
  return perioder.map((period) => {
    const rader = kommunRader.filter((r) => period === "alla" || String(r.ar) === period);
    const med = rader.filter((r) => r.kr_per_helarsekvivalent !== null);
    return {
      period,
      kvalificerade: rader.reduce((a, r) => a + r.kvalificerade, 0),
      med_schablon: med.reduce((a, r) => a + r.kvalificerade, 0),
      summa_schablon_kr: med.reduce((a, r) => a + r.kvalificerade * r.kr_per_helarsekvivalent!, 0),
      utfall_kr: utfall(period),
    };
  });
}

export interface PubliceradNytta {
  /** Participations counted (public support before → lön/studiemedel or arbete/studier after). */
  kvalificerade: Publicerat;
  /** Σ of the kommun schablons over them (kr, T = 1 year): only when kvalificerade shows and is 0 or ≥ GRANS. */
  summa_schablon_kr: Publicerat;
  /** How many of them have no kommun schablon in the database: 0, all, or a count ≥ GRANS with ≥ GRANS beside it. */
  utan_schablon: Publicerat;
  /** Whether the page may weight by the kommuner's schablon (false: one value for everyone, given by the user). */
  kommunschablon: boolean;
  utfall_kr: number | null;
}

export interface PubliceradNyttaKommun {
  kommunkod: string | null;
  /** period → count (PRICK when suppressed). */
  kvalificerade: Record<string, Publicerat>;
}

/**
 * The Uppsala model's inputs for one insats: participations counted per kommun × year (a two-way table with its
 * margins: per kommun over all years, per year, and the insats's total), and per period the Σ of schablons, published
 * only at the insats's level and only where its count shows and is 0 or ≥ GRANS — the sum of S over a small group
 * would give its size back (S ≈ 160 000 kr).
 */
export function rojNytta(
  rader: NyttaRad[],
  kommunRader: NyttaKommunRad[],
  perioder: string[],
  val: { grans?: number } = {},
): { perioder: Record<string, PubliceradNytta>; kommuner: PubliceradNyttaKommun[] } {
  const grans = val.grans ?? GRANS;
  const ar0 = perioder.filter((p) => p !== "alla").sort();
  const kommuner = [...new Set(kommunRader.map((r) => r.kommunkod))].sort((a, b) => (a ?? "￿").localeCompare(b ?? "￿"));
  const tabell = rojTabell(
    kommuner.map((kod) => ar0.map((y) => kommunRader.filter((r) => r.kommunkod === kod && String(r.ar) === y).reduce((a, r) => a + r.kvalificerade, 0))),
    { grans },
  );
  const exakt = new Map(rader.map((r) => [r.period, r]));
  const antalDold = (p: string): boolean => {
    if (!kommuner.length) return false;
    return p === "alla" ? tabell.totalt === null : tabell.kolumnsummor[ar0.indexOf(p)] === null;
  };
  const ut: Record<string, PubliceradNytta> = {};
  for (const p of perioder) {
    const r = exakt.get(p) ?? { period: p, kvalificerade: 0, med_schablon: 0, summa_schablon_kr: 0, utfall_kr: null };
    const dold = antalDold(p) || (r.kvalificerade > 0 && r.kvalificerade < grans);
    const utan = r.kvalificerade - r.med_schablon;
    // The page can weight by kommun only if the count without a schablon says nothing about a small group.
    const kommunschablon = !dold && (utan === 0 || utan === r.kvalificerade || (utan >= grans && r.med_schablon >= grans));
    ut[p] = {
      kvalificerade: dold ? PRICK : r.kvalificerade,
      summa_schablon_kr: dold || !kommunschablon ? PRICK : r.summa_schablon_kr,
      utan_schablon: kommunschablon ? utan : PRICK,
      kommunschablon,
      utfall_kr: r.utfall_kr,
    };
  }
  return {
    perioder: ut,
    kommuner: kommuner.map((kod, i) => ({
      kommunkod: kod,
      kvalificerade: Object.fromEntries([
        ["alla", tabell.radsummor[i] ?? PRICK],
        ...ar0.map((y, j) => [y, tabell.celler[i][j] ?? PRICK]),
      ]) as Record<string, Publicerat>,
    })),
  };
}

/**
 * Uppföljning Finsam's counts (deltagare per year and kön, no outcomes), published for the years without individual
 * data: a table years × K, M with T = K + M beside each year.
 */
export function rojUppfoljning(rader: { ar: number; K: number; M: number }[], val: { grans?: number } = {}) {
  const t = rojTabell(rader.map((r) => [r.K, r.M]), { grans: val.grans, radsummor: true, kolumnsummor: false, totalt: false });
  return rader.map((r, i) => ({ ar: r.ar, antal: { K: t.celler[i][0] ?? PRICK, M: t.celler[i][1] ?? PRICK, T: t.radsummor[i] ?? PRICK } }));
}

/** The exact values of the main table's cells, for the breakdowns' consistency checks. */
export function huvudVarden(rader: DelRad[]): Map<string, number> {
  const ut = new Map<string, number>();
  for (const r of rader) for (const m of ALLA_MATT) ut.set(cellKey(insatsEnhet(r.insats_id), r.period, r.kon, m), mattVarde(r, m));
  return ut;
}
