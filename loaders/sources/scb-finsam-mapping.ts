// Header-mapping files for SCB's försörjningsmått delivery (mal "scb_forsorjningsmatt"): the schema and its check.
// The general mapping machinery (where mapping files are found, how kanner_igen matches a header) is in mapping.ts,
// which hands a mapping of this kind here; scb-finsam.ts reads a file with it. Documented in data/mappings/README.md.
import { IngestError, quoteFound } from "../errors.ts";
import { OMRADESTYPER, type Omradestyp } from "../canonical/omrade-data.ts";

export const FINSAM_MAL = "scb_forsorjningsmatt";

/**
 * What a column or a Förmån value of the delivery can be: the six ersättningar (ekonomiskt bistånd as
 * försörjningsstöd), the two parts of sjuk- och aktivitetsersättning, the three groups and the total. Groups and the
 * total are checked against their parts, never stored. "ekonomiskt_bistand" is the group when a försörjningsstöd
 * column exists, else the ersättning itself.
 */
export const FORMAN_ROLLER = [
  "sjukpenning",
  "sjukersattning",
  "aktivitetsersattning",
  "sjuk_och_aktivitetsersattning",
  "arbetsloshetsersattning",
  "aktivitetsstod",
  "etableringsersattning",
  "forsorjningsstod",
  "ohalsa",
  "arbetsmarknad",
  "ekonomiskt_bistand",
  "totalt",
] as const;
export type FormanRoll = (typeof FORMAN_ROLLER)[number];

export const FINSAM_TOP_KEYS = ["enhet", "aldersband", "varden"];
const SIMPLE_COLUMNS = ["regiontyp", "regionkod", "regionnamn", "kommun", "ar", "kon", "forman", "befolkning"] as const;
type SimpleColumn = (typeof SIMPLE_COLUMNS)[number];
const ENHETER: Record<string, number> = { kr: 1, tkr: 1000, mkr: 1_000_000 };

export interface FinsamMapping {
  /** Column header per role; belopp and helarsekvivalenter are either one column per förmån (wide) or one column (long, with forman). */
  kolumner: Partial<Record<SimpleColumn, string>> & {
    belopp?: string | Partial<Record<FormanRoll, string>>;
    helarsekvivalenter?: string | Partial<Record<FormanRoll, string>>;
  };
  enhet?: { namn: string; factor: number };
  aldersband?: { fran: number; till: number };
  /** The file's own labels (folded) → canonical values. */
  regiontypVarden: Map<string, Omradestyp>;
  formanVarden: Map<string, FormanRoll>;
}

const fold = (s: string) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
export const foldLabel = fold;

/** Checks the finsam-specific part of a mapping (kolumner, enhet, aldersband, varden); errors name the JSON path. */
export function parseFinsamMapping(file: string, json: Record<string, unknown>): FinsamMapping {
  const err = (p: string, found: string, expected: string) => new IngestError({ file, path: p }, found, expected);
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  const show = (v: unknown) => (v === undefined ? "inget värde" : quoteFound(typeof v === "string" ? v : JSON.stringify(v)));
  const str = (v: unknown, p: string, expected: string): string => {
    if (typeof v !== "string" || v.trim() === "") throw err(p, show(v), expected);
    return v.trim();
  };
  const k = json.kolumner;
  if (!isObj(k)) throw err("kolumner", show(k), 'ett objekt som säger vilken kolumn som är vad, t.ex. {"regionkod": "Kod", "ar": "År", "belopp": {"sjukpenning": "Sjukpenning tkr"}}');
  const allowed = [...SIMPLE_COLUMNS, "belopp", "helarsekvivalenter"];
  for (const key of Object.keys(k)) if (!allowed.includes(key)) throw err(`kolumner.${key}`, `den okända nyckeln ${quoteFound(key)}`, `en av ${allowed.join(", ")}`);
  const kolumner: FinsamMapping["kolumner"] = {};
  for (const key of SIMPLE_COLUMNS) if (k[key] !== undefined) kolumner[key] = str(k[key], `kolumner.${key}`, "kolumnens rubrik i filen (text)");
  for (const key of ["belopp", "helarsekvivalenter"] as const) {
    const v = k[key];
    if (v === undefined) continue;
    if (typeof v === "string") {
      kolumner[key] = str(v, `kolumner.${key}`, "kolumnens rubrik i filen");
      if (!kolumner.forman) throw err(`kolumner.${key}`, show(v), `en kolumn per förmån ({"sjukpenning": "<rubrik>", …}), eller en kolumn kolumner.forman som säger vilken förmån varje rad gäller`);
    } else if (isObj(v)) {
      if (kolumner.forman) throw err(`kolumner.${key}`, show(v), `en enda kolumn (text) när kolumner.forman anger förmånen på varje rad`);
      const per: Partial<Record<FormanRoll, string>> = {};
      for (const [roll, header] of Object.entries(v)) {
        if (!(FORMAN_ROLLER as readonly string[]).includes(roll)) throw err(`kolumner.${key}.${roll}`, `den okända nyckeln ${quoteFound(roll)}`, `en av ${FORMAN_ROLLER.join(", ")}`);
        per[roll as FormanRoll] = str(header, `kolumner.${key}.${roll}`, "kolumnens rubrik i filen (text)");
      }
      if (Object.keys(per).length === 0) throw err(`kolumner.${key}`, show(v), "minst en förmån med sin kolumn");
      kolumner[key] = per;
    } else throw err(`kolumner.${key}`, show(v), '{"<förmån>": "<rubrik>", …} eller en rubrik (text) tillsammans med kolumner.forman');
  }
  if (!kolumner.regionkod && !kolumner.regionnamn) throw err("kolumner.regionkod", "varken regionkod eller regionnamn", "minst en av kolumnerna regionkod (t.ex. 0180, 01, 00) och regionnamn (t.ex. Stockholm, Riket)");
  if (!kolumner.belopp && !kolumner.helarsekvivalenter && !kolumner.befolkning) throw err("kolumner.belopp", "inget värde", "minst en av belopp, helarsekvivalenter och befolkning");
  if (kolumner.forman && typeof kolumner.belopp !== "string" && typeof kolumner.helarsekvivalenter !== "string") {
    throw err("kolumner.forman", show(kolumner.forman), "kolumner.belopp eller kolumner.helarsekvivalenter som en enda kolumn (text) när förmånen står på varje rad");
  }
  let enhet: FinsamMapping["enhet"];
  if (json.enhet !== undefined) {
    if (typeof json.enhet !== "string" || !(json.enhet in ENHETER)) throw err("enhet", show(json.enhet), `en av ${Object.keys(ENHETER).map((e) => `"${e}"`).join(", ")} (tkr = tusental kronor, räknas om till kronor ×1000)`);
    enhet = { namn: json.enhet, factor: ENHETER[json.enhet] };
  } else if (kolumner.belopp) {
    throw err("enhet", "inget värde", '"kr", "tkr" eller "mkr": beloppens enhet måste anges (leveransen på finsam.se redovisas i tkr)');
  }
  let aldersband: FinsamMapping["aldersband"];
  if (json.aldersband !== undefined) {
    const m = typeof json.aldersband === "string" ? /^(\d{1,3})-(\d{1,3})$/.exec(json.aldersband.trim()) : null;
    if (!m || Number(m[1]) > Number(m[2]) || Number(m[2]) > 100) throw err("aldersband", show(json.aldersband), 'åldersbandet för invånarna som "från-till", t.ex. "16-65"');
    aldersband = { fran: Number(m[1]), till: Number(m[2]) };
  }
  const regiontypVarden = new Map<string, Omradestyp>();
  const formanVarden = new Map<string, FormanRoll>();
  if (json.varden !== undefined) {
    const v = json.varden;
    if (!isObj(v)) throw err("varden", show(v), 'ett objekt, t.ex. {"regiontyp": {"K": "kommun"}}');
    for (const [key, map] of Object.entries(v)) {
      const [list, target] = key === "regiontyp" ? [OMRADESTYPER as readonly string[], regiontypVarden as Map<string, string>] : key === "forman" ? [FORMAN_ROLLER as readonly string[], formanVarden as Map<string, string>] : [null, null];
      if (!list || !target) throw err(`varden.${key}`, `den okända nyckeln ${quoteFound(key)}`, "regiontyp eller forman");
      if (!isObj(map)) throw err(`varden.${key}`, show(map), `ett objekt {"<värde i filen>": "<en av ${list.join(", ")}>"}`);
      for (const [label, canonical] of Object.entries(map)) {
        if (typeof canonical !== "string" || !list.includes(canonical)) throw err(`varden.${key}.${label}`, show(canonical), `en av ${list.join(", ")}`);
        target.set(fold(label), canonical);
      }
    }
  }
  return { kolumner, enhet, aldersband, regiontypVarden, formanVarden };
}
