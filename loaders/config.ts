// The pipeline's configuration: one place for every value a measure depends on.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError } from "./errors.ts";

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const REFERENCE_DIR = path.join(PROJECT_ROOT, "data", "reference");
export const DEMO_DIR = path.join(PROJECT_ROOT, "data", "demo");
export const DEFAULT_DB = path.join(PROJECT_ROOT, "data", "forsorjning.duckdb");

/** The database the site reads; FORSORJNING_DB overrides (tests build into temp folders). */
export function databasePath(): string {
  return process.env.FORSORJNING_DB ? path.resolve(process.env.FORSORJNING_DB) : DEFAULT_DB;
}

/**
 * The memory DuckDB may use during an ingest (its memory_limit; beyond it, sorts, joins and aggregates spill to disk),
 * so an ingest's memory stays bounded whatever the size of the data. FORSORJNING_MINNE overrides, e.g. "2GB".
 * 400 MB keeps the national-scale benchmark's peak near 0.55 GB and ten times its payouts near 0.8 GB (npm run bench).
 */
export const INGEST_MEMORY_LIMIT = "400MB";

/** The ingest's DuckDB memory limit: FORSORJNING_MINNE when set (a DuckDB size such as "800MB" or "2GB"), else INGEST_MEMORY_LIMIT. */
export function ingestMemoryLimit(): string {
  const given = process.env.FORSORJNING_MINNE?.trim();
  if (!given) return INGEST_MEMORY_LIMIT;
  if (!/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(given)) {
    throw new UsageError(`FORSORJNING_MINNE: fann "${given}", förväntade en storlek som 800MB eller 2GB`);
  }
  return given;
}

export interface AgeBand {
  fran: number;
  till: number;
}

/** The age band of försörjningsmåttet's denominator (DESIGN.md §2.1): 16–64 inclusive by default. */
export const DEFAULT_AGE_BAND: AgeBand = { fran: 16, till: 64 };
/** Other bands the förbund use; any band within 0–100 is accepted, these are the documented ones. */
export const DOCUMENTED_AGE_BANDS: AgeBand[] = [
  { fran: 16, till: 64 },
  { fran: 16, till: 65 },
  { fran: 20, till: 64 },
];
/** SCB's helårsekvivalenter are defined against the 20–64 population (DESIGN.md §2.2). */
export const HELARSEKVIVALENT_AGE_BAND: AgeBand = { fran: 20, till: 64 };

/** Highest single-year age in population files; 100 means "100 years and older". */
export const MAX_AGE = 100;

export type ErsattningId =
  | "sjukpenning"
  | "sjuk_och_aktivitetsersattning"
  | "arbetsloshetsersattning"
  | "aktivitetsstod"
  | "etableringsersattning"
  | "ekonomiskt_bistand";

export type GruppId = "ohalsa" | "arbetsmarknad" | "ekonomiskt_bistand" | "totalt";

export interface Ersattning {
  id: ErsattningId;
  namn: string;
  kortnamn: string;
  grupp: Exclude<GruppId, "totalt">;
  beskrivning: string;
}

/** The six benefit types, in the order finsam.se presents them. */
export const ERSATTNINGAR: Ersattning[] = [
  {
    id: "sjukpenning",
    namn: "Sjukpenning och rehabiliteringspenning",
    kortnamn: "Sjukpenning",
    grupp: "ohalsa",
    beskrivning: "Sjukpenning inklusive rehabiliteringspenning (Försäkringskassan).",
  },
  {
    id: "sjuk_och_aktivitetsersattning",
    namn: "Sjuk- och aktivitetsersättning",
    kortnamn: "Sjuk- och aktivitetsersättning",
    grupp: "ohalsa",
    beskrivning: "Sjukersättning och aktivitetsersättning (Försäkringskassan).",
  },
  {
    id: "arbetsloshetsersattning",
    namn: "Arbetslöshetsersättning",
    kortnamn: "A-kassa",
    grupp: "arbetsmarknad",
    beskrivning: "Arbetslöshetsersättning från arbetslöshetskassorna (IAF).",
  },
  {
    id: "aktivitetsstod",
    namn: "Aktivitetsstöd och utvecklingsersättning",
    kortnamn: "Aktivitetsstöd",
    grupp: "arbetsmarknad",
    beskrivning: "Aktivitetsstöd inklusive utvecklingsersättning (Försäkringskassan).",
  },
  {
    id: "etableringsersattning",
    namn: "Etableringsersättning",
    kortnamn: "Etableringsersättning",
    grupp: "arbetsmarknad",
    beskrivning: "Etableringsersättning för nyanlända (Försäkringskassan).",
  },
  {
    id: "ekonomiskt_bistand",
    namn: "Ekonomiskt bistånd",
    kortnamn: "Ekonomiskt bistånd",
    grupp: "ekonomiskt_bistand",
    beskrivning: "Ekonomiskt bistånd (försörjningsstöd) utbetalt av kommunen (Socialstyrelsen).",
  },
];

export interface Grupp {
  id: GruppId;
  namn: string;
  medlemmar: ErsattningId[];
}

/** Derived groups (finsam.se's grouping). A group value exists only where every member has data. */
export const GRUPPER: Grupp[] = [
  { id: "ohalsa", namn: "Ohälsa", medlemmar: ["sjukpenning", "sjuk_och_aktivitetsersattning"] },
  {
    id: "arbetsmarknad",
    namn: "Arbetsmarknad",
    medlemmar: ["arbetsloshetsersattning", "aktivitetsstod", "etableringsersattning"],
  },
  { id: "ekonomiskt_bistand", namn: "Ekonomiskt bistånd", medlemmar: ["ekonomiskt_bistand"] },
  { id: "totalt", namn: "Totalt", medlemmar: ERSATTNINGAR.map((e) => e.id) },
];

export const KON = ["K", "M", "T"] as const;
export type Kon = (typeof KON)[number];
export const KON_NAMN: Record<Kon, string> = { K: "Kvinnor", M: "Män", T: "Kvinnor och män" };

/**
 * The förbund's economy (DESIGN.md §2.4), stored in installning at ingest and shown beside the figures:
 * statens fördelningsmodell — the state's yearly budget B for all förbund, the base amount G per förbund and the
 * weights of kronor paid and population; medlemsandelar — the key's age band (null: the measure's band) and how many
 * years before the budget year its 31 December population is taken.
 */
export interface EconomySettings {
  budgetKr: number;
  grundbeloppKr: number;
  viktBelopp: number;
  viktBefolkning: number;
  nyckelAldersband: AgeBand | null;
  nyckelArFore: number;
}
export const DEFAULT_ECONOMY: EconomySettings = {
  budgetKr: 339_000_000,
  grundbeloppKr: 400_000,
  viktBelopp: 0.75,
  viktBefolkning: 0.25,
  nyckelAldersband: null,
  nyckelArFore: 1,
};

/** A file with this name in a data directory marks its figures as synthetic demo data. */
export const DEMO_MARKER_FILE = "DEMODATA.md";
