// Validation of a datapackage.json against the Frictionless v1 JSON Schemas transcribed in test/fixtures/frictionless/.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "frictionless");
const load = (name: string) => JSON.parse(fs.readFileSync(path.join(DIR, name), "utf8")) as Record<string, unknown>;

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema(load("table-schema.json"));
ajv.addSchema(load("data-package.json"));
ajv.addSchema(load("tabular-data-package.json"));

export const PROFILES = {
  dataPackage: "https://specs.frictionlessdata.io/schemas/data-package.json",
  tabularDataPackage: "https://specs.frictionlessdata.io/schemas/tabular-data-package.json",
  tableSchema: "https://specs.frictionlessdata.io/schemas/table-schema.json",
} as const;

/** The validation errors of `descriptor` against a profile, as readable lines (empty when valid). */
export function validate(profile: keyof typeof PROFILES, descriptor: unknown): string[] {
  const check = ajv.getSchema(PROFILES[profile]);
  if (!check) throw new Error(`schema ${PROFILES[profile]} not loaded`);
  if (check(descriptor)) return [];
  return (check.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`);
}
