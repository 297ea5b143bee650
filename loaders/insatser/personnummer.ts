// Swedish personal identity numbers (personnummer and samordningsnummer), read only to derive a birth year and kön
// and to be replaced by a keyed hash (pseudonym.ts). The number itself never leaves this module's callers: it is
// not stored, not logged, and messages show it masked (birth date only, the last four digits as ****).
//
// Accepted forms: YYMMDD-NNNC, YYMMDD+NNNC (100 years or older), YYMMDDNNNC, YYYYMMDD-NNNC, YYYYMMDDNNNC, with
// spaces anywhere, and nine digits (a ten-digit number whose leading zero Excel dropped, e.g. 0101011234 stored as a
// number). Samordningsnummer (day + 60) are accepted. The check digit C is the Luhn digit of the ten-digit form.

export interface Personnummer {
  /** The twelve-digit form YYYYMMDDNNNC (day + 60 kept for samordningsnummer): what the hash is computed on. */
  normalized: string;
  fodelsear: number;
  /** From the third digit of the birth number (the second to last digit): odd = man. */
  kon: "K" | "M";
  samordningsnummer: boolean;
  /** True when a ten-digit form had lost its leading zero (nine digits). */
  utanNolla: boolean;
}

/** A reference date: the century of a ten-digit number is the most recent one that is not after this date. */
export interface Referensdatum {
  ar: number;
  manad: number;
  dag: number;
}

const FORM = /^(\d{2})?(\d{6})([-+]?)(\d{4})$/;

/** Luhn (mod 10) check of a ten-digit string: weights 2, 1, 2, … from the left. */
export function luhnOk(tio: string): boolean {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    let d = tio.charCodeAt(i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The Luhn check digit for the first nine digits of a ten-digit number. */
export function luhnSiffra(nio: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let d = nio.charCodeAt(i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

function daysInMonth(ar: number, manad: number): number {
  return new Date(Date.UTC(ar, manad, 0)).getUTCDate();
}

/**
 * A number as a message may show it: the birth date and "-****" (the birth number and check digit hidden).
 * Text that does not look like a number at all has every digit after the eighth replaced by *.
 */
export function maskeraPersonnummer(text: string): string {
  const s = text.replace(/\s+/g, "");
  const m = /^(\d{6}|\d{8})[-+]?\d{4}$/.exec(s);
  if (m) return `${m[1]}-****`;
  let digits = 0;
  return s.replace(/\d/g, (d) => (++digits > 8 ? "*" : d));
}

/** Replaces every substring that looks like a personnummer (10 or 12 digits, with or without - or +) by its mask. */
export function maskeraPersonnummerIText(text: string): string {
  return text.replace(/(?<!\d)(\d{6}|\d{8})([-+ ]?)\d{4}(?!\d)/g, "$1-****");
}

/**
 * Parses and checks a number. Returns the parsed number, or a Swedish reason ("fel kontrollsiffra", …) that a
 * caller puts into a message beside the masked number.
 */
export function parsePersonnummer(text: string, referens: Referensdatum): Personnummer | { fel: string } {
  let s = text.replace(/\s+/g, "");
  let utanNolla = false;
  if (/^\d{9}$/.test(s)) {
    s = `0${s}`;
    utanNolla = true;
  }
  const m = FORM.exec(s);
  if (!m) return { fel: "inte ett personnummer (10 eller 12 siffror, ÅÅMMDD-NNNN eller ÅÅÅÅMMDD-NNNN)" };
  const [, sekel, datum, tecken, sista] = m;
  const tio = datum + sista;
  if (!luhnOk(tio)) return { fel: "ett personnummer med fel kontrollsiffra" };
  const yy = Number(datum.slice(0, 2));
  const manad = Number(datum.slice(2, 4));
  const dagKod = Number(datum.slice(4, 6));
  const samordningsnummer = dagKod > 60;
  const dag = samordningsnummer ? dagKod - 60 : dagKod;
  if (manad < 1 || manad > 12 || dag < 1 || dag > 31) return { fel: "ett personnummer med ett omöjligt födelsedatum" };

  let ar: number;
  if (sekel !== undefined) {
    ar = Number(sekel) * 100 + yy;
  } else {
    // The most recent century whose date is not after the reference date; "+" marks 100 years or older.
    ar = Math.floor(referens.ar / 100) * 100 + yy;
    const after = ar > referens.ar || (ar === referens.ar && (manad > referens.manad || (manad === referens.manad && dag > referens.dag)));
    if (after) ar -= 100;
    if (tecken === "+") ar -= 100;
  }
  if (dag > daysInMonth(ar, manad)) return { fel: "ett personnummer med ett omöjligt födelsedatum" };
  const fodd = ar * 10000 + manad * 100 + dag;
  if (fodd > referens.ar * 10000 + referens.manad * 100 + referens.dag) {
    return { fel: "ett personnummer vars födelsedatum ligger efter deltagandets startdatum" };
  }
  const normalized = `${String(Math.floor(ar / 100)).padStart(2, "0")}${tio}`;
  const kon = Number(sista[2]) % 2 === 1 ? "M" : "K";
  return { normalized, fodelsear: ar, kon, samordningsnummer, utanNolla };
}
