// The built-in reference dimension: 290 kommuner, 21 län and the crosswalk of changed kommun codes (data/reference/).
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { REFERENCE_DIR } from "./config.ts";
import { parseDatum } from "./periods.ts";

export interface Kommun {
  kommunkod: string;
  kommunnamn: string;
  lanskod: string;
}

export interface Lan {
  lanskod: string;
  lansnamn: string;
}

export interface KodAndring {
  kod: string;
  nyKod: string;
  giltigFran: string;
  typ: "omkodning" | "delning";
  beskrivning: string;
}

export interface Reference {
  kommuner: Kommun[];
  lan: Lan[];
  kommunByKod: Map<string, Kommun>;
  andringar: KodAndring[];
  /** Pure recodes only: old code → current code. */
  omkodning: Map<string, KodAndring>;
  /** Splits, by the code that lives on. */
  delningar: Map<string, KodAndring[]>;
  forbundFile: string;
}

function readCsv(file: string): Record<string, string>[] {
  return parse(fs.readFileSync(file), { columns: true, bom: true, skip_empty_lines: true });
}

export const REFERENCE_FILES = {
  kommuner: path.join(REFERENCE_DIR, "kommuner", "municipalities.csv"),
  lan: path.join(REFERENCE_DIR, "kommuner", "counties.csv"),
  andringar: path.join(REFERENCE_DIR, "kommuner", "kommunkod_andringar.csv"),
  forbund: path.join(REFERENCE_DIR, "forbund", "forbund_2012.csv"),
};

let cached: Reference | undefined;

export function loadReference(): Reference {
  if (cached) return cached;
  const kommuner = readCsv(REFERENCE_FILES.kommuner).map((r) => ({
    kommunkod: r.municipality_code,
    kommunnamn: r.municipality_name_short,
    lanskod: r.county_code,
  }));
  const lan = readCsv(REFERENCE_FILES.lan).map((r) => ({ lanskod: r.county_code, lansnamn: r.county_name }));
  const andringar = readCsv(REFERENCE_FILES.andringar).map((r) => {
    if (r.typ !== "omkodning" && r.typ !== "delning") throw new Error(`${REFERENCE_FILES.andringar}: unknown typ ${r.typ}`);
    if (!parseDatum(r.giltig_fran)) throw new Error(`${REFERENCE_FILES.andringar}: bad date ${r.giltig_fran}`);
    return { kod: r.kod, nyKod: r.ny_kod, giltigFran: r.giltig_fran, typ: r.typ, beskrivning: r.beskrivning } as KodAndring;
  });
  const kommunByKod = new Map(kommuner.map((k) => [k.kommunkod, k]));
  // The reference must be internally consistent; a broken checkout is a developer error, not a user's.
  if (kommuner.length !== 290 || lan.length !== 21) throw new Error("data/reference/kommuner: expected 290 kommuner and 21 län");
  for (const a of andringar) {
    if (a.typ === "omkodning" && !kommunByKod.has(a.nyKod)) throw new Error(`crosswalk target ${a.nyKod} is not a kommun`);
  }
  const omkodning = new Map(andringar.filter((a) => a.typ === "omkodning").map((a) => [a.kod, a]));
  const delningar = new Map<string, KodAndring[]>();
  for (const a of andringar.filter((a) => a.typ === "delning")) {
    delningar.set(a.kod, [...(delningar.get(a.kod) ?? []), a]);
  }
  cached = { kommuner, lan, kommunByKod, andringar, omkodning, delningar, forbundFile: REFERENCE_FILES.forbund };
  return cached;
}
