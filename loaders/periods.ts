// Periods: months "YYYY-MM", half-years "YYYYH1"/"YYYYH2" and dates "YYYY-MM-DD" as the canonical files write them.

export type Halvar = `${number}H${1 | 2}`;

const MANAD = /^(\d{4})-(\d{2})$/;
const HALVAR = /^(\d{4})H([12])$/;
const DATUM = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Years the pipeline accepts; outside this a value is almost certainly a typo. */
export const MIN_YEAR = 1968;
export const MAX_YEAR = 2100;

export interface Manad {
  ar: number;
  manad: number;
}

export function parseManad(text: string): Manad | null {
  const m = MANAD.exec(text);
  if (!m) return null;
  const ar = Number(m[1]);
  const manad = Number(m[2]);
  if (manad < 1 || manad > 12 || ar < MIN_YEAR || ar > MAX_YEAR) return null;
  return { ar, manad };
}

export function parseHalvar(text: string): { ar: number; nr: 1 | 2 } | null {
  const m = HALVAR.exec(text);
  if (!m) return null;
  const ar = Number(m[1]);
  if (ar < MIN_YEAR || ar > MAX_YEAR) return null;
  return { ar, nr: m[2] === "1" ? 1 : 2 };
}

/** The half-year a month belongs to: 2024-03 → 2024H1, 2024-07 → 2024H2. */
export function halvarForManad({ ar, manad }: Manad): Halvar {
  return `${ar}H${manad <= 6 ? 1 : 2}` as Halvar;
}

/** The months of a half-year, "YYYY-MM". */
export function manaderIHalvar(halvar: string): string[] {
  const h = parseHalvar(halvar);
  if (!h) throw new Error(`not a half-year: ${halvar}`);
  const first = h.nr === 1 ? 1 : 7;
  return Array.from({ length: 6 }, (_, i) => `${h.ar}-${String(first + i).padStart(2, "0")}`);
}

export function isLeapYear(ar: number): boolean {
  return (ar % 4 === 0 && ar % 100 !== 0) || ar % 400 === 0;
}

/** Real number of days: H1 = 181 (182 in leap years), H2 = 184. Never 365/2. */
export function dagarIHalvar(halvar: string): number {
  const h = parseHalvar(halvar);
  if (!h) throw new Error(`not a half-year: ${halvar}`);
  return h.nr === 1 ? (isLeapYear(h.ar) ? 182 : 181) : 184;
}

/** First day of a half-year as "YYYY-MM-DD" (membership is judged on this day). */
export function halvarStart(halvar: string): string {
  const h = parseHalvar(halvar);
  if (!h) throw new Error(`not a half-year: ${halvar}`);
  return `${h.ar}-${h.nr === 1 ? "01" : "07"}-01`;
}

export interface Datum {
  ar: number;
  manad: number;
  dag: number;
}

/** A real calendar date "YYYY-MM-DD" (2023-02-29 is refused). */
export function parseDatum(text: string): Datum | null {
  const m = DATUM.exec(text);
  if (!m) return null;
  const ar = Number(m[1]);
  const manad = Number(m[2]);
  const dag = Number(m[3]);
  if (ar < MIN_YEAR || ar > MAX_YEAR || manad < 1 || manad > 12 || dag < 1) return null;
  const daysInMonth = new Date(Date.UTC(ar, manad, 0)).getUTCDate();
  return dag <= daysInMonth ? { ar, manad, dag } : null;
}

/** Days since 1970-01-01, as DuckDB stores a DATE. */
export function epochDays({ ar, manad, dag }: Datum): number {
  return Math.round(Date.UTC(ar, manad - 1, dag) / 86_400_000);
}
