// The board report's generated Swedish text (issue: the board's half-year report). Never typed by hand: every
// sentence is made here from the numbers the views give, with exact decimal arithmetic.
//
// The change of a group (totalt) between two periods is split by ersättning so that the parts add up to the
// change exactly. Each member's share of the measure in a period is its kronor over the group's own denominator,
// belopp_c / (befolkning × dagar), taken over the same kommuner as the group's value (view forsorjningsmatt_komponent),
// so Σ shares = the measure. A member out of scope in one of the periods has share 0 there. The change shown is the
// difference of the two rounded values (what the reader sees), and the members' rounded changes are apportioned by
// the largest remainder so that they add up to it to the öre.
import Decimal from "decimal.js";
import { formatKr, formatNumber } from "@forsorjningsmatt/delat/format.js";

const D = Decimal.clone({ precision: 50, rounding: Decimal.ROUND_HALF_UP });

/** One region's group value in one period, as the views give it (amounts as exact decimal strings). */
export interface Matt {
  period: string;
  belopp_kr: string;
  befolkning: string;
  dagar: number;
  /** The group's members over the same units: ersättning → belopp_kr (members out of scope are absent). */
  komponenter: Record<string, string>;
}

export interface KomponentForandring {
  ersattning: string;
  /** Exact change of the member's share, kr per invånare och dag. */
  exakt: Decimal;
  /** Rounded to öre so that the members add up to the rounded total change. */
  kr: Decimal;
  /** In scope in both periods (false: it adds to or drops out of the group). */
  iBada: boolean;
}

export interface Forandring {
  nu: Decimal;
  fore: Decimal;
  /** Rounded values as shown, and their difference. */
  nuAvrundat: Decimal;
  foreAvrundat: Decimal;
  kr: Decimal;
  /** Change in per cent of the earlier value, on the exact values (null when the earlier value is 0). */
  procent: Decimal | null;
  komponenter: KomponentForandring[];
}

/** kr per invånare och dag of a Matt, exact. */
export function kvot(m: Matt): Decimal {
  return new D(m.belopp_kr).div(new D(m.befolkning).times(m.dagar));
}

/** Each member's share of the measure, exact: belopp_c / (befolkning × dagar). They add up to kvot(m). */
export function andelar(m: Matt): Map<string, Decimal> {
  const namnare = new D(m.befolkning).times(m.dagar);
  return new Map(Object.entries(m.komponenter).map(([e, b]) => [e, new D(b).div(namnare)]));
}

const avrunda = (d: Decimal) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);

/**
 * Splits `total` (in öre, an integer) over exact parts (in öre) by the largest remainder: each part is floored, and the
 * units left over go to the parts with the largest remainders (or are taken from the smallest when the floors
 * overshoot); ties go to the earlier part. The result adds up to `total` exactly.
 */
export function largestRemainder(parts: Decimal[], total: Decimal): Decimal[] {
  const floors = parts.map((p) => p.floor());
  let left = total.minus(floors.reduce((a, b) => a.plus(b), new D(0))).toNumber();
  const order = parts.map((p, i) => ({ i, r: p.minus(floors[i]) }));
  const out = [...floors];
  if (left >= 0) {
    order.sort((a, b) => b.r.comparedTo(a.r) || a.i - b.i);
    for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k].i] = out[order[k].i].plus(1);
  } else {
    order.sort((a, b) => a.r.comparedTo(b.r) || a.i - b.i);
    for (let k = 0; left < 0; k = (k + 1) % order.length, left++) out[order[k].i] = out[order[k].i].minus(1);
  }
  return out;
}

/** The change from `fore` to `nu`, split by member (members in the order of `ordning`, then any others). */
export function forandring(nu: Matt, fore: Matt, ordning: readonly string[] = []): Forandring {
  const a = andelar(nu);
  const b = andelar(fore);
  const namn = [...new Set([...ordning.filter((e) => a.has(e) || b.has(e)), ...a.keys(), ...b.keys()])];
  const exakt = namn.map((e) => (a.get(e) ?? new D(0)).minus(b.get(e) ?? new D(0)));
  const nuV = kvot(nu);
  const foreV = kvot(fore);
  const nuAvrundat = avrunda(nuV);
  const foreAvrundat = avrunda(foreV);
  const kr = nuAvrundat.minus(foreAvrundat);
  const ore = largestRemainder(exakt.map((x) => x.times(100)), kr.times(100)).map((x) => x.div(100));
  return {
    nu: nuV,
    fore: foreV,
    nuAvrundat,
    foreAvrundat,
    kr,
    procent: foreV.isZero() ? null : nuV.div(foreV).minus(1).times(100),
    komponenter: namn.map((e, i) => ({ ersattning: e, exakt: exakt[i], kr: ore[i], iBada: a.has(e) && b.has(e) })),
  };
}

// ---- Sentences -------------------------------------------------------------------------------------------------

const MINUS = "\u2212";
const signed = (d: Decimal, decimals = 2) => `${d.isPositive() && !d.isZero() ? "+" : ""}${formatNumber(d.toNumber(), decimals)}`;

/** "första halvåret 2024", "andra halvåret 2024", "2024". */
export function periodText(period: string): string {
  const m = /^(\d{4})H([12])$/.exec(period);
  if (m) return `${m[2] === "1" ? "första" : "andra"} halvåret ${m[1]}`;
  return period;
}

/** A group's or ersättning's name inside a sentence: "sjukpenning", "ekonomiskt bistånd". */
export type Namn = (ersattning: string) => string;

export interface RapportText {
  /** "52,31 kr per invånare och dag under första halvåret 2025 (halvåret före 53,10; ett år tidigare 54,41)." */
  huvudmening: string;
  /** The change against a year earlier, decomposed by ersättning, when a value a year earlier exists. */
  forandring: string | null;
  /** Against län and riket, when given. */
  jamforelse: string | null;
  /** Members that are in scope in only one of the two periods. */
  omfattning: string | null;
}

export interface RapportUnderlag {
  region: string;
  band: string;
  nu: Matt;
  /** The previous period of the same kind (the half-year before, the year before). */
  foregaende: Matt | null;
  /** The same period a year earlier (for a year: the year before; then the same as foregaende). */
  aretFore: Matt | null;
  lan?: { namn: string; kr: number } | null;
  riket?: { kr: number } | null;
  namn: Namn;
  ordning: readonly string[];
}

function lista(delar: string[]): string {
  return delar.length <= 1 ? (delar[0] ?? "") : `${delar.slice(0, -1).join(", ")} och ${delar[delar.length - 1]}`;
}

/** The report's sentences for one region and period. */
export function rapportText(u: RapportUnderlag): RapportText {
  const ar = !/H[12]$/.test(u.nu.period);
  const varde = avrunda(kvot(u.nu));
  const inom: string[] = [];
  if (u.foregaende && !ar) inom.push(`halvåret före ${formatNumber(avrunda(kvot(u.foregaende)).toNumber(), 2)}`);
  if (u.aretFore) inom.push(`${ar ? "året före" : "ett år tidigare"} ${formatNumber(avrunda(kvot(u.aretFore)).toNumber(), 2)}`);
  const huvudmening =
    `Försörjningsmåttet i ${u.region} var ${formatKr(varde.toNumber())} per invånare ${u.band} och dag under ${periodText(u.nu.period)}` +
    `${inom.length ? ` (${inom.join("; ")})` : ""}.`;

  let forandringText: string | null = null;
  let omfattning: string | null = null;
  if (u.aretFore) {
    const f = forandring(u.nu, u.aretFore, u.ordning);
    const jamfort = `jämfört med ${periodText(u.aretFore.period)}`;
    if (f.kr.isZero()) {
      forandringText = `Försörjningsmåttet var oförändrat ${jamfort}.`;
    } else {
      const upp = f.kr.isPositive();
      const procent = f.procent ? ` (${signed(f.procent, 1).replace("-", MINUS)} %)` : "";
      // The member that moved most in the same direction as the total: "främst genom lägre sjukpenning (−1,40 kr)".
      const medvind = f.komponenter
        .filter((k) => (upp ? k.kr.isPositive() : k.kr.isNegative()) && !k.kr.isZero())
        .sort((a, b) => b.kr.abs().comparedTo(a.kr.abs()));
      const motvind = f.komponenter
        .filter((k) => (upp ? k.kr.isNegative() : k.kr.isPositive()) && !k.kr.isZero())
        .sort((a, b) => b.kr.abs().comparedTo(a.kr.abs()));
      const del = (k: KomponentForandring) => `${k.kr.isPositive() ? "högre" : "lägre"} ${u.namn(k.ersattning)} (${formatKr(k.kr.toNumber()).replace(/^(?=\d)/, "+")})`;
      let text = `Försörjningsmåttet ${upp ? "ökade" : "minskade"} med ${formatKr(f.kr.abs().toNumber())}${procent} ${jamfort}`;
      if (medvind.length) text += `, främst genom ${del(medvind[0])}`;
      if (medvind.length > 1) text += ` och ${del(medvind[1])}`;
      if (motvind.length && motvind[0].kr.abs().greaterThanOrEqualTo(new D("0.01"))) text += `, trots ${del(motvind[0])}`;
      forandringText = `${text}.`;
      const bara = f.komponenter.filter((k) => !k.iBada);
      if (bara.length) {
        omfattning =
          `Jämförelsen påverkas av att ${lista(bara.map((k) => u.namn(k.ersattning)))} bara ingår i underlaget för ` +
          `${lista([...new Set(bara.map((k) => (u.nu.komponenter[k.ersattning] !== undefined ? periodText(u.nu.period) : periodText(u.aretFore!.period))))])}.`;
      }
    }
  }

  let jamforelse: string | null = null;
  const jmf = (kr: number, var_: string) => {
    const d = varde.minus(avrunda(new D(kr)));
    return `${d.isZero() ? "lika högt som" : d.isPositive() ? "högre än" : "lägre än"} ${var_} (${formatKr(kr)})`;
  };
  const delar = [u.lan ? jmf(u.lan.kr, `i ${u.lan.namn}`) : null, u.riket ? jmf(u.riket.kr, "i riket") : null].filter((s): s is string => !!s);
  if (delar.length) jamforelse = `Det är ${lista(delar)}.`;
  return { huvudmening, forandring: forandringText, jamforelse, omfattning };
}

// ---- Members and helårsekvivalenter ------------------------------------------------------------------------------

/** One member kommun (of a förbund or a län) in the period and a year earlier, as exact values where known. */
export interface MedlemVarde {
  namn: string;
  /** kr per invånare och dag in the period (exact). */
  nu: Decimal;
  /** The same a year earlier (exact), null when the member had no value then or was not a member. */
  aretFore: Decimal | null;
}

/** A member's direction against a year earlier, on the rounded values a reader sees. */
export type Riktning = "upp" | "ned" | "oforandrat";

export function riktning(nu: Decimal, fore: Decimal): Riktning {
  const d = avrunda(nu).minus(avrunda(fore));
  return d.isZero() ? "oforandrat" : d.isPositive() ? "upp" : "ned";
}

/**
 * The members in a sentence or two: the highest and the lowest (on the exact values; ties by name, as the table
 * ranks them) and how many rose, fell and stood still against a year earlier (on the rounded values shown):
 *   "Bland medlemskommunerna var försörjningsmåttet högst i Karlshamn (60,12 kr) och lägst i Sölvesborg (45,10 kr).
 *    Jämfört med första halvåret 2024 ökade det i 2 av 5 kommuner och minskade i 3."
 * `grupp` names them ("medlemskommunerna", "länets kommuner"); null with fewer than two members.
 */
export function medlemText(medlemmar: MedlemVarde[], grupp: string, aretForePeriod: string | null): string | null {
  if (medlemmar.length < 2) return null;
  const collator = new Intl.Collator("sv");
  const ordnade = [...medlemmar].sort((a, b) => b.nu.comparedTo(a.nu) || collator.compare(a.namn, b.namn));
  const hogst = ordnade[0];
  const lagst = ordnade[ordnade.length - 1];
  const kr = (d: Decimal) => formatKr(avrunda(d).toNumber());
  let text = `Bland ${grupp} var försörjningsmåttet högst i ${hogst.namn} (${kr(hogst.nu)}) och lägst i ${lagst.namn} (${kr(lagst.nu)}).`;
  const jamforbara = medlemmar.filter((m) => m.aretFore !== null);
  if (aretForePeriod && jamforbara.length) {
    const antal = (r: Riktning) => jamforbara.filter((m) => riktning(m.nu, m.aretFore!) === r).length;
    const upp = antal("upp");
    const ned = antal("ned");
    const lika = antal("oforandrat");
    const av = `av ${jamforbara.length} ${jamforbara.length === 1 ? "kommun" : "kommuner"}`;
    const delar: string[] = [];
    if (upp) delar.push(`ökade det i ${upp}`);
    if (ned) delar.push(`minskade det i ${ned}`);
    if (lika) delar.push(`var det oförändrat i ${lika}`);
    // "ökade det i 2 av 5 kommuner och minskade i 3": the first part carries "av N kommuner", the rest drop "det".
    const [forsta, ...ovriga] = delar;
    const resten = ovriga.map((d) => d.replace(" det ", " "));
    text += ` Jämfört med ${periodText(aretForePeriod)} ${lista([`${forsta} ${av}`, ...resten])}.`;
    if (jamforbara.length < medlemmar.length) {
      const n = medlemmar.length - jamforbara.length;
      text += ` ${n} ${n === 1 ? "kommun saknar" : "kommuner saknar"} jämförbart värde.`;
    }
  }
  return text;
}

/** Helårsekvivalenter as a share of the population 20–64 (fractions, e.g. 0.0981). */
export interface HaeUnderlag {
  period: string;
  andel: number;
  aretFore: number | null;
  riket?: number | null;
  /** "16–64 år" style band of the share's population (SCB's: 20–64 år). */
  band: string;
}

// Rounded half up on the decimal value of the share (0.0865 → 8,7 %, where binary 0.0865 × 100 would give 8,6).
const procent1 = (andel: number) => `${formatNumber(new D(andel).times(100).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toNumber(), 1)}\u00a0%`;

/**
 * "Helårsekvivalenterna motsvarade 9,8 % av befolkningen 20–64 år under första halvåret 2025 (ett år tidigare 10,1 %;
 * riket 8,7 %)." Shares are rounded to one decimal of a per cent, as shown.
 */
export function haeText(h: HaeUnderlag): string {
  const inom: string[] = [];
  if (h.aretFore != null) inom.push(`${/H[12]$/.test(h.period) ? "ett år tidigare" : "året före"} ${procent1(h.aretFore)}`);
  if (h.riket != null) inom.push(`riket ${procent1(h.riket)}`);
  return `Helårsekvivalenterna motsvarade ${procent1(h.andel)} av befolkningen ${h.band} under ${periodText(h.period)}${inom.length ? ` (${inom.join("; ")})` : ""}.`;
}
