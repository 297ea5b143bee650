// Group scope in words (DESIGN.md §2.1): the groups ohälsa, arbetsmarknad and totalt sum their member ersättningar
// that are in scope for the period (the data set has a value for them). Every figure of a group whose scope is
// narrower than the group says which ersättningar it covers — in captions, KPI cards, tables and downloads — and a
// förbund's own totalt (set at ingest with --totalt) is named wherever totalt is used. Plain JavaScript (unit-tested).
//
// The scope comes from the loaders (loaders/site/lib.ts readOmfattning, in meta.json):
//   {standardTotalt: true|false, medlemmar: {totalt: [...], ohalsa: [...], arbetsmarknad: [...]},
//    perioder: {"<period>": {"<grupp>": [in-scope member ids]}}}  — only periods and groups narrower than the group.

/** The ersättningar as they read in running text (lower case, no "och" inside, so a list stays readable). */
export const ERSATTNING_TEXT = {
  sjukpenning: "sjukpenning",
  sjuk_och_aktivitetsersattning: "sjuk- och aktivitetsersättning",
  arbetsloshetsersattning: "arbetslöshetsersättning",
  aktivitetsstod: "aktivitetsstöd",
  etableringsersattning: "etableringsersättning",
  ekonomiskt_bistand: "ekonomiskt bistånd"
};

/** The groups with a scope, in running text. */
export const GRUPP_TEXT = {totalt: "totalt", ohalsa: "ohälsa", arbetsmarknad: "arbetsmarknad"};

/** "a", "a och b", "a, b och c". */
export function uppraknad(delar) {
  if (delar.length <= 1) return delar.join("");
  return `${delar.slice(0, -1).join(", ")} och ${delar.at(-1)}`;
}

const text = (id) => ERSATTNING_TEXT[id] ?? id;

/** The members of a group and those in scope for a period (all members where the period is not listed). */
export function omfattningFor(omf, grupp, period) {
  const medlemmar = omf?.medlemmar?.[grupp];
  if (!medlemmar) return null;
  const iOmfattning = omf.perioder?.[period]?.[grupp] ?? medlemmar;
  return {medlemmar, iOmfattning, saknas: medlemmar.filter((e) => !iOmfattning.includes(e))};
}

/** Whether a group's figures need a word on scope for a period: narrower than the group, or the förbund's own totalt. */
export function harOmfattningstext(omf, grupp, period) {
  const o = omfattningFor(omf, grupp, period);
  if (!o) return false;
  return o.saknas.length > 0 || (grupp === "totalt" && omf.standardTotalt === false);
}

/**
 * The phrase for one group and period, "" where there is nothing to say (a single ersättning, or a group with all
 * its members in scope and totalt as standard):
 *   "totalt, 5 av 6 ersättningar — etableringsersättning saknas i underlaget"
 *   "totalt enligt förbundets definition: sjukpenning, sjuk- och aktivitetsersättning, arbetslöshetsersättning och ekonomiskt bistånd"
 *   "totalt enligt förbundets definition (…), 3 av 4 ersättningar — arbetslöshetsersättning saknas i underlaget"
 */
export function omfattningText(omf, grupp, period) {
  const o = omfattningFor(omf, grupp, period);
  if (!o) return "";
  const egen = grupp === "totalt" && omf.standardTotalt === false;
  const namn = GRUPP_TEXT[grupp] ?? grupp;
  const smalare = o.saknas.length > 0;
  const antal = `${o.iOmfattning.length} av ${o.medlemmar.length} ersättningar — ${uppraknad(o.saknas.map(text))} saknas i underlaget`;
  if (egen && smalare) return `totalt enligt förbundets definition (${uppraknad(o.medlemmar.map(text))}), ${antal}`;
  if (egen) return `totalt enligt förbundets definition: ${uppraknad(o.medlemmar.map(text))}`;
  if (smalare) return o.iOmfattning.length ? `${namn}, ${antal}` : `${namn}: ingen av ersättningarna finns i underlaget`;
  return "";
}

/** The phrase for a table cell or CSV field: the scope phrase, or "alla 6 ersättningar" for a full group. */
export function omfattningCell(omf, grupp, period) {
  const o = omfattningFor(omf, grupp, period);
  if (!o) return "";
  return omfattningText(omf, grupp, period) || `alla ${o.medlemmar.length} ersättningar`;
}

/** Whether any of the periods needs a word on the group's scope (so a table or download gets its column). */
export function behoverOmfattning(omf, grupp, perioder) {
  return perioder.some((p) => harOmfattningstext(omf, grupp, p));
}

/**
 * One sentence for a figure over several periods (a caption): the phrase when every period has the same one, else
 * each phrase with its periods: "Totalt, 5 av 6 ersättningar — … (2014–2016); alla 6 ersättningar (2017–2025)."
 * formatSpann(perioder) labels a run of periods. Returns "" when no period needs a word.
 */
export function omfattningMening(omf, grupp, perioder, formatSpann) {
  if (!behoverOmfattning(omf, grupp, perioder)) return "";
  const delar = [];
  for (const p of perioder) {
    const t = omfattningCell(omf, grupp, p);
    if (delar.length && delar.at(-1).text === t) delar.at(-1).perioder.push(p);
    else delar.push({text: t, perioder: [p]});
  }
  const mening = delar.length === 1 ? delar[0].text : delar.map((d) => `${d.text} (${formatSpann(d.perioder)})`).join("; ");
  return `${mening.charAt(0).toUpperCase()}${mening.slice(1)}.`;
}

/**
 * What a group consists of, as a sentence for a KPI card or Metod: "Alla sex ersättningar.", "Sjukpenning och
 * sjuk- och aktivitetsersättning.", or for the förbund's own totalt "Förbundets egen definition: …".
 */
export function gruppBeskrivning(omf, grupp) {
  const medlemmar = omf?.medlemmar?.[grupp];
  if (!medlemmar) return "";
  if (grupp === "totalt" && omf.standardTotalt !== false) return "Alla sex ersättningar.";
  const lista = uppraknad(medlemmar.map(text));
  const mening = grupp === "totalt" ? `Förbundets egen definition av totalt: ${lista}.` : `${lista}.`;
  return `${mening.charAt(0).toUpperCase()}${mening.slice(1)}`;
}
