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
import { type CsvLayout, readCsvSync } from "../canonical/read-csv.ts";
import type { FieldRecord } from "../canonical/record.ts";
import type { SourceAdapter, SourceFile } from "./types.ts";

export type CanonicalKind = "befolkning" | "utbetalningar" | "helarsekvivalenter" | "forbund" | "medlemsnyckel";

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
};

export function canonicalKindOf(fileName: string): CanonicalKind | undefined {
  return (Object.keys(CANONICAL_LAYOUTS) as CanonicalKind[]).find((k) => CANONICAL_LAYOUTS[k].pattern.test(fileName));
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
  namn: "Kanoniska CSV-filer (befolkning, utbetalningar, helarsekvivalenter, forbund)",
  detect(file: SourceFile) {
    const kind = canonicalKindOf(file.name);
    if (!kind) return { ok: false, reason: "filnamnet börjar inte med befolkning, utbetalningar, helarsekvivalenter eller forbund" };
    // The name alone would take any CSV called befolkning*.csv; the header must be the canonical one too.
    const head = file.bytes.subarray(0, 4096).toString("utf8").replace(/^\uFEFF/, "").split(/\r?\n/)[0] ?? "";
    const columns = head.split(",").map((c) => c.trim().replace(/^"|"$/g, ""));
    const missing = CANONICAL_LAYOUTS[kind].required.filter((c) => !columns.includes(c));
    if (missing.length === CANONICAL_LAYOUTS[kind].required.length) {
      return { ok: false, reason: `rubrikraden saknar de kanoniska kolumnerna ${CANONICAL_LAYOUTS[kind].required.join(",")}` };
    }
    return { ok: true };
  },
  read(file, ctx) {
    return readCanonicalFile(file.path, canonicalKindOf(file.name)!, ctx, file.bytes);
  },
};
