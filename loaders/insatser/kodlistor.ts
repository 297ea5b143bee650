// The canonical code lists of the insatser and deltagare tables (DESIGN.md §4), with their Swedish names, the
// primary-source precedence and the groups used by the transition matrix. One place: the validation, the SUS
// adapter's messages, the demo generator and the SQL views (insatser.sql repeats the table, checked by a test).

/** Sources of support (försörjningskällor) before and after an insats: several may hold at once. */
export const FORSORJNING = [
  // Precedence for the primary source (first = highest) and the group it belongs to.
  { id: "lon", namn: "Lön", grupp: "lon_studiemedel" },
  { id: "studiemedel", namn: "Studiemedel", grupp: "lon_studiemedel" },
  { id: "sjuk_och_aktivitetsersattning", namn: "Sjuk- och aktivitetsersättning", grupp: "ohalsa" },
  { id: "sjukpenning", namn: "Sjukpenning", grupp: "ohalsa" },
  { id: "etableringsersattning", namn: "Etableringsersättning", grupp: "arbetsmarknad" },
  { id: "aktivitetsstod", namn: "Aktivitetsstöd", grupp: "arbetsmarknad" },
  { id: "arbetsloshetsersattning", namn: "Arbetslöshetsersättning", grupp: "arbetsmarknad" },
  { id: "ekonomiskt_bistand", namn: "Ekonomiskt bistånd", grupp: "ekonomiskt_bistand" },
  { id: "annan", namn: "Annan", grupp: "annan" },
  { id: "ingen", namn: "Ingen offentlig försörjning", grupp: "ingen" },
] as const;
export type ForsorjningId = (typeof FORSORJNING)[number]["id"];
export const FORSORJNING_IDS = new Set<string>(FORSORJNING.map((f) => f.id));

/** The groups of the transition matrix, in display order; uppgift_saknas = no source recorded. */
export const FORSORJNING_GRUPPER = [
  { id: "ohalsa", namn: "Ohälsa" },
  { id: "arbetsmarknad", namn: "Arbetsmarknad" },
  { id: "ekonomiskt_bistand", namn: "Ekonomiskt bistånd" },
  { id: "lon_studiemedel", namn: "Lön/studiemedel" },
  { id: "annan", namn: "Annan" },
  { id: "ingen", namn: "Ingen offentlig försörjning" },
  { id: "uppgift_saknas", namn: "Uppgift saknas" },
] as const;

/** The six public ersättningar: "ingen" (no public support) cannot be given together with one of them. */
export const OFFENTLIG_FORSORJNING = new Set<string>([
  "sjukpenning",
  "sjuk_och_aktivitetsersattning",
  "arbetsloshetsersattning",
  "aktivitetsstod",
  "etableringsersattning",
  "ekonomiskt_bistand",
]);

/** Sysselsättning before and after, one value; the order is the hierarchy used when a source gives several. */
export const SYSSELSATTNING = [
  { id: "arbete", namn: "Förvärvsarbete" },
  { id: "studier", namn: "Studier" },
  { id: "arbetssokande", namn: "Arbetssökande" },
  { id: "annan", namn: "Annan" },
  { id: "ingen", namn: "Ingen" },
] as const;
export const SYSSELSATTNING_IDS = new Set<string>(SYSSELSATTNING.map((s) => s.id));

export const INRIKTNINGAR = ["individinriktad", "strukturovergripande"] as const;
export const MATNINGSMETODER = ["personuppgifter", "endast_antal"] as const;

/** The avslutsanledning that removes a participation from every measure (compared in lower case). */
export const FELREGISTRERING = "felregistrering";

/** Age groups by age at the start of the participation (start year − birth year). */
export const ALDERSGRUPPER = ["16–19", "20–24", "25–29", "30–39", "40–49", "50–64", "65+"] as const;

/** The key of rows that sum over insatser or förbund in the views; not allowed as an insats_id. */
export const ALLA = "alla";
