// The words and numbers of the insats pages, without the browser: formats with ".." for suppressed values, the
// sentences every outcome chart carries (coverage, years with individual data, the caveat, the source), sorting and
// the CSV of a table. Plain JavaScript with no browser dependency, so unit tests run it in Node; insatser.js (charts
// and tables) re-exports it for the pages.
import {BOM, NEWLINE, SEPARATOR, csvNumber, csvText} from "./csv.js";
import {formatKr, formatNumber, formatPercent} from "./format.js";

export const PRICK = "..";
export const dold = (v) => v === PRICK;
export const tal = (v) => typeof v === "number" && Number.isFinite(v);

/** The caveat every outcome chart carries. */
export const EJ_EFFEKT = "Före/efter vid avslutet – inte en effektskattning.";

/** A count: "1 234", ".." or "–". */
export function formatAntal(v) {
  return dold(v) ? PRICK : tal(v) ? formatNumber(v) : "–";
}

/** A share 0–1 as "38 %" (decimals 0 by default). */
export function formatAndel(v, decimals = 0) {
  return dold(v) ? PRICK : tal(v) ? formatPercent(v * 100, decimals) : "–";
}

/** Whole kronor: "1 234 567 kr". */
export function formatKronor(v) {
  return dold(v) ? PRICK : tal(v) ? formatKr(v, 0) : "–";
}

/** "38 % (68 av 179)", or ".. (.. av 179)" when suppressed, or "–" without a denominator. */
export function formatUtfall(v) {
  if (!v) return "–";
  const N = v.avslutade_med_uppgift;
  if (tal(N) && N === 0) return "–";
  return `${formatAndel(v.andel_arbete_eller_studier)} (${formatAntal(v.till_arbete_eller_studier)} av ${formatAntal(N)})`;
}

/** "29–49 %" or "..". */
export function formatIntervall(v) {
  if (!v || dold(v.wilson_lag) || dold(v.wilson_hog)) return PRICK;
  if (!tal(v.wilson_lag) || !tal(v.wilson_hog)) return "–";
  return `${formatNumber(v.wilson_lag * 100)}–${formatPercent(v.wilson_hog * 100, 0)}`;
}

/** "Hela perioden" for 'alla', else the year. */
export function formatPeriod(p) {
  return p === "alla" ? "hela perioden" : String(p);
}
export const PERIOD_RUBRIK = (p) => (p === "alla" ? "Hela perioden" : String(p));

const KON_NAMN = {T: "kvinnor och män", K: "kvinnor", M: "män"};
export const formatKon = (k) => KON_NAMN[k] ?? k;

/** Years as compact ranges: [2019, 2020, 2021, 2023] → "2019–2021 och 2023". */
export function formatArspann(ar) {
  const a = [...new Set(ar)].map(Number).sort((x, y) => x - y);
  const delar = [];
  for (let i = 0; i < a.length; i++) {
    let j = i;
    while (j + 1 < a.length && a[j + 1] === a[j] + 1) j++;
    delar.push(j > i ? `${a[i]}–${a[j]}` : String(a[i]));
    i = j;
  }
  return delar.length <= 1 ? delar.join("") : `${delar.slice(0, -1).join(", ")} och ${delar.at(-1)}`;
}

/**
 * Which years have individual data (participations with personal data) and which only Uppföljning Finsam's counts:
 * "Individdata finns för 2019–2022; för 2023–2025 finns bara antal från Uppföljning Finsam."
 */
export function individdataText(individdataAr, uppfoljningAr) {
  const ind = new Set(individdataAr.map(Number));
  const baraAntal = uppfoljningAr.map(Number).filter((a) => !ind.has(a));
  const ocksa = uppfoljningAr.map(Number).filter((a) => ind.has(a));
  const delar = [];
  delar.push(ind.size ? `Individdata finns för ${formatArspann([...ind])}` : "Inga individdata (utfall) finns");
  if (baraAntal.length) delar.push(`för ${formatArspann(baraAntal)} finns bara antal från Uppföljning Finsam (inga utfall)`);
  let text = `${delar.join("; ")}.`;
  if (ocksa.length) text += ` Uppföljning Finsam har dessutom antal deltagare för ${formatArspann(ocksa)}; utfallen här bygger på individdata.`;
  return text;
}

/**
 * The coverage sentence of an outcome chart: "Utfall finns för 212 av 260 deltagare; 48 anonyma." — deltagare with
 * personal data (who can have outcomes) of all deltagare in the period, the rest anonymous (no consent, no outcome).
 */
export function tackningText(v) {
  if (!v) return "Inga deltagare under perioden.";
  return `Utfall finns för ${formatAntal(v.deltagare_med_personuppgifter)} av ${formatAntal(v.deltagare_under_perioden)} deltagare; ${formatAntal(v.anonyma)} anonyma.`;
}

/** The denominator of the outcome share, in words. */
export function namnareText(v) {
  if (!v) return "";
  return `Andelen räknas på de ${formatAntal(v.avslutade_med_uppgift)} deltagande som avslutades under perioden med sysselsättning efter angiven (av ${formatAntal(v.avslutade)} avslutade).`;
}

/** The source line: the SUS export's files and their retrieval dates, and demo data when it is. */
export function kallaText(filer, demodata) {
  const f = (filer ?? []).map((x) => `${x.fil}${x.hamtad ? ` (hämtad ${x.hamtad})` : " (hämtdatum okänt)"}`);
  const bas = f.length ? `Källa: SUS-export och förbundets egna filer: ${f.join(", ")}.` : "Källa: SUS-export.";
  return demodata ? `${bas} Demodata: påhittade insatser och deltagare.` : bas;
}

/** The privacy rule, in one sentence for captions. */
export const ROJNING_TEXT =
  "Antal under 5 personer visas som .., liksom de värden som annars skulle avslöja dem (via en summa, ett annat år, kön eller en andel).";

// ---- Sorting and downloads -----------------------------------------------------------------------------------------

export const NUMERISK = new Set(["antal", "kr", "andel", "tal"]);
export const vardeAv = (row, c) => (typeof c.value === "function" ? c.value(row) : row[c.key]);

/** Sort key: numbers by value, ".." and "–" last in either direction. */
function jamfor(a, b, riktning) {
  const ra = tal(a) ? 0 : typeof a === "string" && a !== PRICK && a !== "" ? 0 : 1;
  const rb = tal(b) ? 0 : typeof b === "string" && b !== PRICK && b !== "" ? 0 : 1;
  if (ra !== rb) return ra - rb;
  if (ra === 1) return 0;
  const r = tal(a) && tal(b) ? a - b : String(a).localeCompare(String(b), "sv");
  return riktning === "fallande" ? -r : r;
}

/**
 * Rows sorted by a column (stable; ".." and missing last).
 * @param {any[]} rader
 * @param {any[]} kolumner
 * @param {{key?: string, riktning?: string}} [sort]
 * @returns {any[]}
 */
export function sorteraRader(rader, kolumner, {key, riktning = "stigande"} = {}) {
  const c = kolumner.find((x) => x.key === key);
  if (!c) return rader;
  const sortValue = c.sortValue ?? ((r) => vardeAv(r, c));
  return rader.map((r, i) => [r, i]).sort(([a, i], [b, j]) => jamfor(sortValue(a), sortValue(b), riktning) || i - j).map(([r]) => r);
}

/** A download value: shares as percent (one decimal), kronor rounded, ".." kept. */
export function nedladdningsVarde(row, c) {
  const v = c.download ? c.download(row) : vardeAv(row, c);
  if (dold(v)) return PRICK;
  if (c.format === "andel" && tal(v)) return Math.round(v * 1000) / 10;
  if (c.format === "kr" && tal(v)) return Math.round(v);
  return v;
}
export const nedladdningsRubrik = (c) => c.downloadLabel ?? (c.format === "andel" ? `${c.label}, %` : c.format === "kr" ? `${c.label}, kr` : c.label);

/** The CSV text of a table of published values: as the site's other CSVs (csv.js), with ".." written as "..". */
export function insatsCsv(rader, kolumner) {
  const cols = kolumner.filter((c) => c.download !== false);
  const lines = [cols.map((c) => csvText(nedladdningsRubrik(c))).join(SEPARATOR)];
  for (const row of rader) {
    lines.push(
      cols
        .map((c) => {
          const v = nedladdningsVarde(row, c);
          if (dold(v)) return PRICK;
          return tal(v) ? csvNumber(v, "tal") : csvText(v);
        })
        .join(SEPARATOR)
    );
  }
  return BOM + lines.join(NEWLINE) + NEWLINE;
}
