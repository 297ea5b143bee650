// What every publisher adapter needs: decoding bytes, sniffing separators, reading Swedish numbers and the
// publishers' region, kön and month labels (FORMATS.md §6, the adapter checklist).
import Decimal from "decimal.js";
import type { Reference } from "../reference.ts";

/**
 * Decodes a file's bytes: a UTF-8 BOM is stripped; valid UTF-8 is read as UTF-8; anything else as Windows-1252
 * (SCB's and Socialstyrelsen's downloads are often in the table's ANSI code page).
 */
export function decodeText(bytes: Buffer): { text: string; encoding: "utf-8" | "windows-1252" } {
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(body), encoding: "utf-8" };
  } catch {
    // Node 20's TextDecoder("windows-1252") reads 0x80–0x9F as C1 control characters (Latin-1), so an en dash
    // (0x96) from Swedish Excel became U+0096: those 32 bytes are mapped by the WHATWG table here.
    const latin1 = new TextDecoder("windows-1252").decode(body);
    return { text: latin1.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80]), encoding: "windows-1252" };
  }
}

/** Windows-1252 bytes 0x80–0x9F (WHATWG encoding table); the five undefined bytes stay as they are. */
const WINDOWS_1252_C1 = [
  "\u20ac", "\u0081", "\u201a", "\u0192", "\u201e", "\u2026", "\u2020", "\u2021", "\u02c6", "\u2030", "\u0160", "\u2039", "\u0152", "\u008d", "\u017d", "\u008f",
  "\u0090", "\u2018", "\u2019", "\u201c", "\u201d", "\u2022", "\u2013", "\u2014", "\u02dc", "\u2122", "\u0161", "\u203a", "\u0153", "\u009d", "\u017e", "\u0178",
];

/** The field separator of a delimited line (",", ";" or TAB), counted outside double quotes. */
export function sniffSeparator(line: string): "," | ";" | "\t" {
  const counts = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch as keyof typeof counts]++;
  }
  if (counts[";"] > counts[","] && counts[";"] >= counts["\t"]) return ";";
  if (counts["\t"] > counts[","] && counts["\t"] > counts[";"]) return "\t";
  return ",";
}

/** PX data symbols and other publishers' marks for a missing value (`..`, `.`, `-`, `--`, `…`, empty). */
const MISSING = new Set(["", ".", "..", "...", "....", ".....", "......", ".......", "-", "--", "…", "x", "X"]);

export function isMissingSymbol(text: string): boolean {
  return MISSING.has(text.trim());
}

/**
 * A number as publishers write it, as an exact canonical decimal string ("1234567.5"), or null when the cell is a
 * missing-value symbol. Accepts a decimal comma or point, spaces/no-break spaces as thousands separators, and a
 * real minus sign. Returns undefined when the text is not a number at all (the caller reports it).
 */
export function parseNumber(text: string | number | null | undefined): string | null | undefined {
  if (text === null || text === undefined) return null;
  if (typeof text === "number") return Number.isFinite(text) ? new Decimal(text).toFixed() : undefined;
  const t = text.trim();
  if (isMissingSymbol(t)) return null;
  let s = t.replace(/[\s\u00a0\u202f]/g, "").replace(/^\u2212/, "-");
  if (/^-?\d+,\d+$/.test(s)) s = s.replace(",", ".");
  if (!/^-?\d+(\.\d+)?$/.test(s)) return undefined;
  return new Decimal(s).toFixed();
}

/** Multiplies an exact decimal string (e.g. thousands of kronor → kronor: factor 1000). */
export function scaleDecimal(value: string, factor: number): string {
  return new Decimal(value).times(factor).toFixed();
}

export interface ResolvedRegion {
  regiontyp: "kommun" | "lan" | "riket";
  /** 4-digit kommunkod, 2-digit länskod or "00". */
  kod: string;
}

const normalise = (s: string) => s.normalize("NFC").toLowerCase().replace(/\s+/g, " ").trim();

/**
 * A region label as publishers write it: code only ("0114", "01", "00"), code and name ("0114 Upplands Väsby",
 * "0114 - Upplands Väsby", "01 Stockholms län"), name only ("Upplands Väsby", "Stockholms län", "Riket"),
 * Kolada ids ("0000" riket, "0001" län 01) when `kolada` is set, and Socialstyrelsen ids (0 riket, 1…25 län)
 * when `socialstyrelsen` is set. Names are matched through the kommun and län lists; null when not unique.
 */
export function resolveRegion(label: string, ref: Reference, options: { kolada?: boolean; socialstyrelsen?: boolean } = {}): ResolvedRegion | null {
  const t = label.trim();
  if (/^riket$/i.test(t) || /^00( riket)?$/i.test(t) || /^00 ?- ?riket$/i.test(t) || /^sverige$/i.test(t)) return { regiontyp: "riket", kod: "00" };
  if (options.kolada && /^\d{4}$/.test(t) && t.startsWith("00")) {
    if (t === "0000") return { regiontyp: "riket", kod: "00" };
    const lan = t.slice(2);
    return ref.lan.some((l) => l.lanskod === lan) ? { regiontyp: "lan", kod: lan } : null;
  }
  if (options.socialstyrelsen && /^\d{1,2}$/.test(t)) {
    if (Number(t) === 0) return { regiontyp: "riket", kod: "00" };
    const lan = t.padStart(2, "0");
    return ref.lan.some((l) => l.lanskod === lan) ? { regiontyp: "lan", kod: lan } : null;
  }
  const coded = /^(\d{2}|\d{4})(?:\s*-\s*|\s+|$)(.*)$/.exec(t);
  if (coded) {
    const kod = coded[1];
    if (kod.length === 4) {
      const current = ref.omkodning.get(kod)?.nyKod ?? kod;
      return ref.kommunByKod.has(current) ? { regiontyp: "kommun", kod: current } : null;
    }
    if (kod === "00") return { regiontyp: "riket", kod };
    return ref.lan.some((l) => l.lanskod === kod) ? { regiontyp: "lan", kod } : null;
  }
  // A bare name is a kommun ("Uppsala"); a län is written with "län" ("Uppsala län") or, as SCB's maps do, in the
  // genitive without it ("Stockholms") — which is tried only when no kommun has the name.
  const name = normalise(t);
  const kommuner = ref.kommuner.filter((k) => normalise(k.kommunnamn) === name || normalise(`${k.kommunnamn} kommun`) === name);
  if (kommuner.length === 1) return { regiontyp: "kommun", kod: kommuner[0].kommunkod };
  if (kommuner.length > 1) return null;
  const lan = ref.lan.filter((l) => normalise(l.lansnamn) === name || normalise(l.lansnamn.replace(/ län$/, "")) === name);
  return lan.length === 1 ? { regiontyp: "lan", kod: lan[0].lanskod } : null;
}

/**
 * Kön as publishers write it: SCB codes 1/2 and texts "män", "kvinnor", "totalt", "män och kvinnor totalt", "1+2";
 * Försäkringskassan "Män", "Kvinnor", "Kvinnor och män", "ALL"; Kolada M/K/T; Socialstyrelsen ids 1/2/3
 * (when `socialstyrelsen` is set). Null when not recognised.
 */
export function resolveKon(label: string, options: { socialstyrelsen?: boolean } = {}): "K" | "M" | "T" | null {
  const t = normalise(label);
  if (options.socialstyrelsen && t === "3") return "T";
  if (["1", "m", "män", "man"].includes(t)) return "M";
  if (["2", "k", "kvinnor", "kvinna", "f"].includes(t)) return "K";
  if (["t", "totalt", "tot", "all", "1+2", "kvinnor och män", "män och kvinnor", "män och kvinnor totalt", "samtliga", "båda könen"].includes(t)) return "T";
  return null;
}

const MANADER = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"];

/** A Swedish month name ("Januari", "mars") → 1–12, or null. */
export function monthFromName(name: string): number | null {
  const i = MANADER.indexOf(normalise(name));
  return i === -1 ? null : i + 1;
}

/** SCB's month code "2014M01" → "2014-01"; null when not a month code. */
export function monthFromScbCode(code: string): string | null {
  const m = /^(\d{4})M(0[1-9]|1[0-2])$/.exec(code.trim());
  return m ? `${m[1]}-${m[2]}` : null;
}
