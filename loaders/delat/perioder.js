// Period arithmetic for the site, in one place: the kind of a period (half-year or calendar year), its labels, the
// previous period of the same kind, the same period a year earlier, and filtering a period list by kind. Pages and
// charts never slice period strings themselves. Plain JavaScript (browser and Node; unit-tested in test/site/).
//
// Periods are the views' own strings: half-years "2024H1" / "2024H2" and calendar years "2024" (DESIGN.md §2.1).
import {formatHalvar, formatHalvarKort} from "./format.js";

const HALVAR = /^(\d{4})H([12])$/;
const AR = /^(\d{4})$/;

/** The kinds of period, in the order a switch offers them. */
export const PERIODTYPER = ["halvar", "ar"];

/** Swedish names of the kinds, for a switch and table headers: "Halvår", "År". */
export const PERIODTYP_NAMN = {halvar: "Halvår", ar: "År"};

/** "halvar" for "2024H1", "ar" for "2024", null for anything else. */
export function periodTyp(period) {
  const p = String(period ?? "");
  if (HALVAR.test(p)) return "halvar";
  if (AR.test(p)) return "ar";
  return null;
}

/** The calendar year a period lies in: "2024H2" → 2024, "2024" → 2024 (NaN for anything else). */
export function periodAr(period) {
  return periodTyp(period) ? Number(String(period).slice(0, 4)) : NaN;
}

/** The label: "1:a halvåret 2024" for a half-year (format.js), "2024" for a year. */
export function formatPeriod(period) {
  return periodTyp(period) === "halvar" ? formatHalvar(period) : String(period);
}

/** The short label for axes and narrow tables: "H1 2024", "2024". */
export function formatPeriodKort(period) {
  return periodTyp(period) === "halvar" ? formatHalvarKort(period) : String(period);
}

/** The label in running text: "1:a halvåret 2024", "år 2024". */
export function formatPeriodText(period) {
  return periodTyp(period) === "ar" ? `år ${period}` : formatPeriod(period);
}

/** A running number per kind, consecutive periods differing by 1: 2024H1 → 4048, 2024H2 → 4049, 2024 → 2024. */
export function periodNummer(period) {
  const typ = periodTyp(period);
  if (typ === "ar") return Number(period);
  if (typ === "halvar") {
    const m = HALVAR.exec(period);
    return Number(m[1]) * 2 + Number(m[2]) - 1;
  }
  return NaN;
}

function franNummer(nummer, typ) {
  return typ === "ar" ? String(nummer) : `${Math.floor(nummer / 2)}H${(nummer % 2) + 1}`;
}

/** The period before, of the same kind: 2024H1 → 2023H2, 2024H2 → 2024H1, 2024 → 2023. */
export function foregaendePeriod(period) {
  const typ = periodTyp(period);
  return typ ? franNummer(periodNummer(period) - 1, typ) : null;
}

/** The period after, of the same kind: 2023H2 → 2024H1, 2024 → 2025. */
export function nastaPeriod(period) {
  const typ = periodTyp(period);
  return typ ? franNummer(periodNummer(period) + 1, typ) : null;
}

/** The same period a year earlier: 2025H1 → 2024H1, 2025 → 2024. */
export function aretInnan(period) {
  const typ = periodTyp(period);
  if (!typ) return null;
  return typ === "ar" ? String(Number(period) - 1) : `${Number(period.slice(0, 4)) - 1}${period.slice(4)}`;
}

/** The periods of one kind, sorted: (["2024", "2023H2", "2023"], "ar") → ["2023", "2024"]. */
export function perioderAvTyp(perioder, typ) {
  return [...perioder].filter((p) => periodTyp(p) === typ).sort((a, b) => periodNummer(a) - periodNummer(b));
}

/** Every period of the same kind from `forsta` to `sista` inclusive: ("2023H2", "2024H2") → 2023H2, 2024H1, 2024H2. */
export function periodSekvens(forsta, sista) {
  const typ = periodTyp(forsta);
  if (!typ || periodTyp(sista) !== typ) return [];
  const out = [];
  for (let n = periodNummer(forsta); n <= periodNummer(sista); n++) out.push(franNummer(n, typ));
  return out;
}

/** The date a period sits at on a time axis: the middle of it (2024H1 → 1 April, 2024H2 → 1 October, 2024 → 1 July). */
export function periodMitt(period) {
  const typ = periodTyp(period);
  if (!typ) return null;
  const ar = periodAr(period);
  if (typ === "ar") return new Date(Date.UTC(ar, 6, 1));
  return new Date(Date.UTC(ar, period.endsWith("H1") ? 3 : 9, 1));
}

/** The first day as "YYYY-MM-DD" (the day a förbund membership must be valid on): 2024H2 → 2024-07-01, 2024 → 2024-01-01. */
export function periodStart(period) {
  const typ = periodTyp(period);
  if (!typ) return null;
  return `${period.slice(0, 4)}-${typ === "halvar" && period.endsWith("H2") ? "07" : "01"}-01`;
}

/**
 * The kinds present in a loader's {halvar: [...], ar: [...]} (or a flat list): the default is halvår when the data
 * has half-years, otherwise år; null when there are no periods at all.
 */
export function standardPeriodtyp(perioder) {
  const lista = Array.isArray(perioder) ? {halvar: perioderAvTyp(perioder, "halvar"), ar: perioderAvTyp(perioder, "ar")} : perioder ?? {};
  if (lista.halvar?.length) return "halvar";
  if (lista.ar?.length) return "ar";
  return null;
}

/** A kind from the address (?period=halvar|ar, or a period such as 2024H1 whose kind is taken), if the data has it. */
export function periodtypFranAdress(raw, perioder) {
  const typ = PERIODTYPER.includes(raw) ? raw : periodTyp(raw);
  return typ && perioder?.[typ]?.length ? typ : standardPeriodtyp(perioder);
}

/** Words for a kind in running text. */
export const PERIODTYP_ORD = {
  halvar: {en: "halvår", per: "per halvår", dagar: "antal dagar i halvåret", under: "under halvåret", jamforelse: "samma halvår ett år tidigare", ingenJamforelse: "Inget jämförbart halvår ett år tidigare", senaste: "Senaste halvåret"},
  ar: {en: "år", per: "per år", dagar: "antal dagar i året", under: "under året", jamforelse: "året innan", ingenJamforelse: "Inget jämförbart år innan", senaste: "Senaste året"}
};

/** "2014H1 – 2025H2"-style span in words: "1:a halvåret 2014 – 2:a halvåret 2025", "2014–2025", one period alone. */
export function formatPeriodSpann(perioder) {
  if (!perioder?.length) return "–";
  const forsta = perioder[0];
  const sista = perioder.at(-1);
  if (forsta === sista) return formatPeriod(forsta);
  return periodTyp(forsta) === "ar" ? `${forsta}–${sista}` : `${formatPeriod(forsta)} – ${formatPeriod(sista)}`;
}
