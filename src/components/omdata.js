// The "Om data" of a table download (issue #12): what the numbers are, where they come from and where they were
// taken — the second sheet of every Excel download and the .txt beside every CSV download (download.js). Plain
// JavaScript, unit-tested in Node.
import {omfattningFor, uppraknad, ERSATTNING_TEXT, GRUPP_TEXT} from "./omfattning.js";
import {formatPeriodSpann, periodSekvens} from "./perioder.js";
import {periodtypAv} from "./exakt.js";

export const FORMEL = "kr per invånare och dag = Σ belopp_kr / (Σ befolkning × dagar)";

const KON_TEXT = {T: "kvinnor och män (T)", K: "kvinnor (K)", M: "män (M)"};
const TYP_TEXT = {riket: ["riket", "riket"], lan: ["län", "län"], kommun: ["kommun", "kommuner"], forbund: ["samordningsförbund", "samordningsförbund"]};

/** "16–64 år" from {fran, till}. */
export function bandText(aldersband) {
  return aldersband ? `${aldersband.fran}–${aldersband.till} år` : "";
}

/** Periods in words: runs of consecutive periods of a kind as spans, "2014H1–2025H2 (24 halvår)". */
export function periodText(perioder) {
  const delar = [];
  for (const typ of ["halvar", "ar"]) {
    const lista = [...new Set(perioder.filter((p) => periodtypAv(p) === typ))].sort();
    if (!lista.length) continue;
    const ord = typ === "ar" ? "år" : "halvår";
    const hela = periodSekvens(lista[0], lista.at(-1));
    const spann = hela.length === lista.length ? formatPeriodSpann(lista) : lista.join(", ");
    const koder = `${lista[0]}${lista.length > 1 ? `–${lista.at(-1)}` : ""}`;
    delar.push(`${spann} (${lista.length} ${ord}${spann === koder ? "" : `; ${koder}`})`);
  }
  return delar.join("; ");
}

/** The regions of the download: names when few, else a count per type. */
export function regionText(regioner, namn) {
  const unika = [...new Set(regioner)];
  if (unika.length <= 10) {
    return uppraknad(
      unika.map((r) => {
        const [typ, kod] = [r.slice(0, r.indexOf(":")), r.slice(r.indexOf(":") + 1)];
        const n = namn.get(r) ?? kod;
        if (typ === "riket") return n === "00" ? "Riket" : n;
        return `${n} (${TYP_TEXT[typ]?.[0] ?? typ} ${kod})`;
      })
    );
  }
  const perTyp = new Map();
  for (const r of unika) {
    const typ = r.slice(0, r.indexOf(":"));
    perTyp.set(typ, (perTyp.get(typ) ?? 0) + 1);
  }
  return uppraknad([...perTyp].map(([typ, n]) => `${n} ${n === 1 ? TYP_TEXT[typ]?.[0] ?? typ : TYP_TEXT[typ]?.[1] ?? typ}`));
}

function kallor(om, meta) {
  const rader = [];
  const utgivare = (om?.demodata ?? meta?.demodata)
    ? "Syntetiska demodata (inte verklig statistik): påhittade utbetalningar på verklig befolkning från SCB."
    : "Utbetalningar från Försäkringskassan, arbetslöshetskassorna (IAF) och kommunerna (Socialstyrelsen, ekonomiskt bistånd); befolkning från SCB. Beräkning: detta verktyg (forsorjningsmatt).";
  rader.push(["Källor", utgivare]);
  for (const u of om?.underlag ?? []) {
    const datum = u.hamtad_fran
      ? u.hamtad_fran === u.hamtad_till
        ? `hämtad ${u.hamtad_fran}`
        : `hämtade ${u.hamtad_fran}–${u.hamtad_till}`
      : "hämtningsdatum saknas (filerna låg inte i en daterad mapp <källa>/<ÅÅÅÅ-MM-DD>/)";
    const filer = u.filer.map((f) => (f.hamtad ? `${f.fil} (${f.hamtad})` : f.fil));
    const fler = u.antal_filer > filer.length ? ` och ${u.antal_filer - filer.length} till` : "";
    rader.push([
      `Källfiler, ${u.avser}`,
      `${u.kalla}: ${u.antal_filer} ${u.antal_filer === 1 ? "fil" : "filer"}, ${datum}: ${filer.join(", ")}${fler}.`
    ]);
  }
  return rader;
}

/**
 * The rows [rubrik, text] of "Om data".
 *   meta: meta.json (aldersband, demodata, ersattningar, omfattning); om: om-data.json (byggd, underlag);
 *   matt: the exact values used [{region, period, ersattning, kon}] (empty for a table that is not the measure);
 *   namn: Map region → name; titel: {sida, tabell}; filnamn; adress (the page's address when downloaded); nu (Date);
 *   extra: more rows from the page ([rubrik, text]); kolumner: the columns' labels with their explanations
 *   [{label, text}] (optional).
 * @param {{meta: any, om: any, matt?: {region: string, period: string, ersattning: string, kon: string}[],
 *   namn?: Map<string, string>, titel?: {sida?: string, tabell?: string}, filnamn?: string, adress?: string, nu?: Date,
 *   extra?: [string, string][], kolumner?: {label: string, text: string}[]}} options
 * @returns {[string, string][]}
 */
export function omDataRader({meta, om, matt = [], namn = new Map(), titel = {}, filnamn, adress, nu = new Date(), extra = [], kolumner = []}) {
  const band = bandText(meta?.aldersband ?? om?.aldersband);
  const rader = [];
  rader.push(["Om data", `Nedladdning från Försörjningsmåttet för samordningsförbund${filnamn ? ` (${filnamn})` : ""}.`]);
  if (titel.sida) rader.push(["Sida", titel.sida]);
  if (titel.tabell) rader.push(["Tabell", titel.tabell]);
  if ((om?.demodata ?? meta?.demodata) === true) {
    rader.push([
      "DEMODATA",
      "Obs! Siffrorna är demodata: syntetiska utbetalningar på verklig befolkning från SCB. De är inte verklig statistik och säger inget om någon kommun."
    ]);
  }
  if (matt.length) {
    const ersNamn = new Map((meta?.ersattningar ?? []).map((e) => [e.id, e.namn]));
    const ersattningar = [...new Set(matt.map((k) => k.ersattning))];
    const perioder = [...new Set(matt.map((k) => k.period))];
    const typer = new Set(perioder.map(periodtypAv));
    rader.push([
      "Definition",
      `Försörjningsmåttet är den offentliga försörjning (sjukpenning, sjuk- och aktivitetsersättning, arbetslöshetsersättning, aktivitetsstöd, etableringsersättning och ekonomiskt bistånd) som betalats ut under perioden, i kronor per invånare ${band} och dag.`
    ]);
    rader.push(["Formel", `${FORMEL}. Län, riket och förbund är kvoter av summor över sina kommuner med värden (aldrig medelvärden av kommunernas kvoter).`]);
    rader.push(["Åldersband", band]);
    const befolkning = [];
    if (typer.has("halvar")) befolkning.push("halvår: befolkningen interpolerad mellan årsskiftena (H1 = 0,75 · P(år−1) + 0,25 · P(år), H2 = 0,25 · P(år−1) + 0,75 · P(år)); dagar 181/182 (H1) och 184 (H2)");
    if (typer.has("ar")) befolkning.push("år: medelvärdet av årsskiftena före och efter året (SCB:s medelfolkmängd); dagar 365/366");
    rader.push(["Befolkning och dagar", `${befolkning.join("; ")}. Preliminärt = befolkningen vid årets slut är ännu inte publicerad, så föregående års befolkning används.`]);
    rader.push(["Perioder", periodText(perioder)]);
    rader.push(["Områden", regionText(matt.map((k) => k.region), namn)]);
    rader.push(["Ersättningar", uppraknad(ersattningar.map((e) => ersNamn.get(e) ?? e))]);
    rader.push(["Kön", uppraknad([...new Set(matt.map((k) => k.kon))].map((k) => KON_TEXT[k] ?? k))]);
    for (const grupp of ersattningar.filter((e) => meta?.omfattning?.medlemmar?.[e])) {
      const perText = new Map();
      for (const p of perioder.sort()) {
        const o = omfattningFor(meta.omfattning, grupp, p);
        if (!o) continue;
        const text = `${o.iOmfattning.length} av ${o.medlemmar.length}: ${o.iOmfattning.map((e) => ERSATTNING_TEXT[e] ?? e).join(", ")}${o.saknas.length ? ` (${uppraknad(o.saknas.map((e) => ERSATTNING_TEXT[e] ?? e))} saknas i underlaget)` : ""}`;
        perText.set(text, [...(perText.get(text) ?? []), p]);
      }
      const delar = [...perText].map(([text, ps]) => (perText.size === 1 ? text : `${periodText(ps)}: ${text}`));
      const egen = grupp === "totalt" && meta.omfattning.standardTotalt === false ? "förbundets egen definition av totalt; " : "";
      rader.push([`Omfattning, ${GRUPP_TEXT[grupp] ?? grupp}`, `${egen}${delar.join("; ")}`]);
    }
    rader.push([
      "Precision",
      "Värdena är fullständiga, som databasen ger dem: kr per invånare och dag med alla siffror (ett flyttal), utbetalt belopp och befolkning exakt med två decimaler. Excel visar två decimaler genom cellformatet men räknar med hela värdet; CSV-filen har alla siffror med decimalkomma. Kvoten kan räknas om ur delarna med formeln ovan."
    ]);
    rader.push([
      "Delarna",
      `Varje värde har sina delar i egna kolumner: utbetalt belopp (kr, summan över perioden och områdets kommuner), befolkning ${band} (samma kön), dagar i perioden, preliminärt (ja/nej) och för en grupp (totalt, ohälsa, arbetsmarknad) vilka ersättningar som ingår. Ett läns värde räknas om ur kommunerna som Σ belopp / (Σ befolkning × dagar).`
    ]);
  }
  for (const k of kolumner) rader.push([`Kolumn: ${k.label}`, k.text]);
  for (const r of extra) rader.push(r);
  rader.push(...kallor(om, meta));
  if (adress) rader.push(["Adress", adress]);
  if (om?.byggd) rader.push(["Webbplatsen byggd", om.byggd]);
  rader.push(["Nedladdad", lokalTid(nu)]);
  return rader;
}

/** A local time with its offset: "2025-11-27T17:40:12+01:00". */
export function lokalTid(d) {
  const pad = (n) => String(Math.abs(n)).padStart(2, "0");
  const offset = -d.getTimezoneOffset();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${offset >= 0 ? "+" : "-"}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
}

/** The .txt beside a CSV: "Rubrik: text" lines (UTF-8 with BOM, CRLF, as the CSV). */
export function omDataText(rader) {
  return "\ufeff" + rader.map(([rubrik, text]) => `${rubrik}: ${text}`).join("\r\n") + "\r\n";
}

/**
 * The "Om data" sheet for write-excel-file: a bold header row, then one row per [rubrik, text], text wrapped.
 * @param {[string, string][]} rader
 * @returns {{value: string, type: StringConstructor, fontWeight?: string, wrap?: boolean, alignVertical?: string}[][]}
 */
export function omDataSheet(rader) {
  return [
    [
      {value: "Rubrik", type: String, fontWeight: "bold"},
      {value: "Innehåll", type: String, fontWeight: "bold"}
    ],
    ...rader.map(([rubrik, text]) => [
      {value: String(rubrik), type: String, fontWeight: "bold", alignVertical: "top"},
      {value: String(text), type: String, wrap: true, alignVertical: "top"}
    ])
  ];
}
