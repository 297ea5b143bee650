// The one Swedish formatting module: every page, chart, table and CLI message formats numbers and periods here.
// Plain JavaScript so both the browser (Framework) and Node (the pipeline's messages) import it.

const MINUS = "\u2212"; // a real minus sign, not a hyphen
const NBSP = "\u00a0"; // between a number and its unit, so "52,31 kr" never wraps

const numberFormats = new Map();
function numberFormat(decimals) {
  let f = numberFormats.get(decimals);
  if (!f) {
    f = new Intl.NumberFormat("sv-SE", {minimumFractionDigits: decimals, maximumFractionDigits: decimals});
    numberFormats.set(decimals, f);
  }
  return f;
}

/**
 * Swedish number: space as thousands separator (a no-break space, so a figure never wraps), comma as decimal sign,
 * real minus sign: "1 234 567", "−3,50".
 */
export function formatNumber(value, decimals = 0) {
  if (value == null || Number.isNaN(value)) return "–";
  const n = typeof value === "bigint" ? Number(value) : Number(value);
  // Intl's sv-SE output already uses U+00A0 and U+2212 in current ICU; normalise in case an older ICU differs.
  return numberFormat(decimals)
    .format(Number(n.toFixed(decimals)) === 0 ? 0 : n) // a value that rounds to zero is "0,00", never "−0,00"
    .replace(/[\u202f ]/g, NBSP)
    .replace(/^-/, MINUS);
}

/** Kronor per invånare och dag: "52,31 kr". */
export function formatKr(value, decimals = 2) {
  if (value == null || Number.isNaN(value)) return "–";
  return `${formatNumber(value, decimals)}${NBSP}kr`;
}

/** A sum of money in whole kronor: "1 234 567 kr". */
export function formatBelopp(value) {
  return formatKr(value, 0);
}

/** Millions of kronor with one decimal: "1 234,5 mnkr". */
export function formatMnkr(value) {
  if (value == null || Number.isNaN(value)) return "–";
  return `${formatNumber(Number(value) / 1e6, 1)}${NBSP}mnkr`;
}

/** Percent with a comma decimal: "12,3 %"; a change gets an explicit sign: "+2,1 %", "−0,4 %". */
export function formatPercent(value, decimals = 1, {signed = false} = {}) {
  if (value == null || Number.isNaN(value)) return "–";
  const s = formatNumber(value, decimals);
  return `${signed && value > 0 ? "+" : ""}${s}${NBSP}%`;
}

/** A change in kronor with an explicit sign: "+1,20 kr", "−0,35 kr". */
export function formatKrChange(value, decimals = 2) {
  if (value == null || Number.isNaN(value)) return "–";
  return `${value > 0 ? "+" : ""}${formatKr(value, decimals)}`;
}

const HALVAR = /^(\d{4})H([12])$/;

/** "2024H1" → "1:a halvåret 2024"; "2024H2" → "2:a halvåret 2024". */
export function formatHalvar(period) {
  const m = HALVAR.exec(period);
  if (!m) return String(period);
  return `${m[2]}:a halvåret ${m[1]}`;
}

/** "2024H1" → "H1 2024", for axes and narrow tables. */
export function formatHalvarKort(period) {
  const m = HALVAR.exec(period);
  if (!m) return String(period);
  return `H${m[2]} ${m[1]}`;
}

/** The date in the middle of a half-year (for placing it on a time axis): 2024H1 → 1 April 2024. */
export function halvarMitt(period) {
  const m = HALVAR.exec(period);
  if (!m) return null;
  return new Date(Date.UTC(Number(m[1]), m[2] === "1" ? 3 : 9, 1));
}

const MANADER = [
  "januari", "februari", "mars", "april", "maj", "juni",
  "juli", "augusti", "september", "oktober", "november", "december"
];

/** "2024-03" → "mars 2024". */
export function formatManad(manad) {
  const m = /^(\d{4})-(\d{2})$/.exec(manad);
  if (!m) return String(manad);
  return `${MANADER[Number(m[2]) - 1]} ${m[1]}`;
}

/** An ISO date "2024-12-31" → "31 december 2024". */
export function formatDatum(datum) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(typeof datum === "string" ? datum : datum?.toISOString?.() ?? "");
  if (!m) return String(datum);
  return `${Number(m[3])} ${MANADER[Number(m[2]) - 1]} ${m[1]}`;
}

/** The age band as Swedish text: {fran: 16, till: 64} → "16–64 år". */
export function formatAldersband(band) {
  return `${band.fran}–${band.till}${NBSP}år`;
}
