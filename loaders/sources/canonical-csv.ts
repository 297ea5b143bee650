// The canonical CSV files of DESIGN.md §4 (what the demo generator writes and an analyst can fill in by hand):
// recognised by file name and header, read with csv-parse, every field checked by the shared validation.
import {
  type AcceptContext,
  acceptBefolkning,
  acceptForbund,
  acceptHelarsekvivalent,
  acceptMedlemsnyckel,
  acceptUtbetalning,
} from "../canonical/accept.ts";
import { acceptDeltagare, acceptDeltagareAnonyma, acceptInsats, acceptInsatsEkonomi } from "../canonical/accept-insatser.ts";
import { type CsvLayout, readCsvSync } from "../canonical/read-csv.ts";
import type { FieldRecord } from "../canonical/record.ts";
import type { SourceAdapter, SourceFile } from "./types.ts";

export type CanonicalKind =
  | "befolkning"
  | "utbetalningar"
  | "helarsekvivalenter"
  | "forbund"
  | "medlemsnyckel"
  | "insatser"
  | "insats_ekonomi"
  | "deltagare"
  | "deltagare_anonyma";

export const CANONICAL_LAYOUTS: Record<CanonicalKind, CsvLayout & { pattern: RegExp; accept: (rec: FieldRecord, ctx: AcceptContext) => void }> = {
  befolkning: {
    pattern: /^befolkning.*\.csv$/i,
    required: ["kommunkod", "datum", "alder", "kon", "antal"],
    accept: acceptBefolkning,
  },
  utbetalningar: {
    pattern: /^utbetalningar.*\.csv$/i,
    required: ["kommunkod", "period", "ersattning", "kon", "belopp_kr"],
    optional: ["status"],
    accept: acceptUtbetalning,
  },
  helarsekvivalenter: {
    pattern: /^helarsekvivalenter.*\.csv$/i,
    required: ["kommunkod", "manad", "ersattning", "kon", "helarsekvivalenter"],
    optional: ["status"],
    accept: acceptHelarsekvivalent,
  },
  forbund: {
    pattern: /^forbund.*\.csv$/i,
    required: ["forbund_id", "forbund_namn", "kommunkod", "fran", "till"],
    optional: ["delomrade"],
    accept: acceptForbund,
  },
  // A förbund's own key for the members' shares of the kommuner's quarter (replaces the population key).
  medlemsnyckel: {
    pattern: /^medlemsnyckel.*\.csv$/i,
    required: ["forbund_id", "ar", "kommunkod", "varde"],
    accept: acceptMedlemsnyckel,
  },
  insatser: {
    pattern: /^insatser.*\.csv$/i,
    required: ["insats_id"],
    optional: ["forbund_id", "insats_namn", "inriktning", "matningsmetod", "startdatum", "slutdatum", "malgrupp", "planerade_deltagare"],
    accept: acceptInsats,
  },
  insats_ekonomi: {
    pattern: /^insats_ekonomi.*\.csv$/i,
    required: ["insats_id", "ar"],
    optional: ["budget_kr", "utfall_kr", "budgettyp"],
    accept: acceptInsatsEkonomi,
  },
  // deltagare_anonyma*.csv also matches deltagare*: the header tells them apart (canonicalKindOf).
  deltagare_anonyma: {
    pattern: /^deltagare_anonyma.*\.csv$/i,
    required: ["insats_id", "ar", "kon", "antal"],
    accept: acceptDeltagareAnonyma,
  },
  deltagare: {
    pattern: /^deltagare.*\.csv$/i,
    // deltagare_id or personnummer: checked on the first row (acceptDeltagare)
    required: ["insats_id", "startdatum"],
    optional: [
      "deltagare_id", "personnummer", "kon", "fodelsear", "kommunkod", "slutdatum", "avslutsanledning",
      "forsorjning_fore", "forsorjning_efter", "sysselsattning_fore", "sysselsattning_efter",
    ],
    accept: acceptDeltagare,
  },
};

/** The first line of a CSV file's bytes, split on commas (for telling layouts apart by their header). */
function headerColumns(bytes: Buffer): string[] {
  const head = bytes.subarray(0, 4096).toString("utf8").replace(/^\uFEFF/, "").split(/\r?\n/)[0] ?? "";
  return head.split(",").map((c) => c.trim().replace(/^"|"$/g, ""));
}

export function canonicalKindOf(fileName: string, header?: string[]): CanonicalKind | undefined {
  const kind = (Object.keys(CANONICAL_LAYOUTS) as CanonicalKind[]).find((k) => CANONICAL_LAYOUTS[k].pattern.test(fileName));
  // Anonymous counts and participants share the name deltagare*: counts have ar and antal and no startdatum.
  if ((kind === "deltagare" || kind === "deltagare_anonyma") && header) {
    return header.includes("antal") && header.includes("ar") && !header.includes("startdatum") ? "deltagare_anonyma" : "deltagare";
  }
  return kind;
}

/** Reads one canonical file from disk (also used for the built-in förbund list). */
export async function readCanonicalFile(path: string, kind: CanonicalKind, ctx: AcceptContext, bytes?: Buffer): Promise<number> {
  const layout = CANONICAL_LAYOUTS[kind];
  let n = 0;
  for (const rec of readCsvSync(path, layout, bytes)) {
    layout.accept(rec, ctx);
    n++;
  }
  return n;
}

export const canonicalCsv: SourceAdapter = {
  id: "kanonisk",
  namn: "Kanoniska CSV-filer (befolkning, utbetalningar, helarsekvivalenter, forbund, insatser, insats_ekonomi, deltagare, deltagare_anonyma)",
  detect(file: SourceFile) {
    const columns = headerColumns(file.bytes);
    const kind = canonicalKindOf(file.name, columns);
    if (!kind) return { ok: false, reason: "filnamnet börjar inte med befolkning, utbetalningar, helarsekvivalenter, forbund, insatser, insats_ekonomi eller deltagare" };
    // The name alone would take any CSV called befolkning*.csv; the header must be the canonical one too.
    const missing = CANONICAL_LAYOUTS[kind].required.filter((c) => !columns.includes(c));
    if (missing.length === CANONICAL_LAYOUTS[kind].required.length) {
      return { ok: false, reason: `rubrikraden saknar de kanoniska kolumnerna ${CANONICAL_LAYOUTS[kind].required.join(",")}` };
    }
    return { ok: true };
  },
  read(file, ctx) {
    return readCanonicalFile(file.path, canonicalKindOf(file.name, headerColumns(file.bytes))!, ctx, file.bytes);
  },
};
