// Turns views.sql into the statements the ingest runs: the configured age band filled in, and the payout section
// instantiated twice (current values, and the previous download's values with suffix _forra).
import fs from "node:fs";
import { type AgeBand, HELARSEKVIVALENT_AGE_BAND } from "../config.ts";

const VIEWS_SQL = new URL("./views.sql", import.meta.url);
const SECTION = /-- \{\{BEGIN UTBETALNING\}\}\n([\s\S]*?)-- \{\{END UTBETALNING\}\}\n/;

export function viewsSql(ageBand: AgeBand): string {
  const text = fs
    .readFileSync(VIEWS_SQL, "utf8")
    .replaceAll("{{ALDER_FRAN}}", String(ageBand.fran))
    .replaceAll("{{ALDER_TILL}}", String(ageBand.till))
    .replaceAll("{{HEK_FRAN}}", String(HELARSEKVIVALENT_AGE_BAND.fran))
    .replaceAll("{{HEK_TILL}}", String(HELARSEKVIVALENT_AGE_BAND.till));
  const section = SECTION.exec(text);
  if (!section) throw new Error("views.sql: the UTBETALNING section is missing");
  const instance = (table: string, suffix: string) => section[1].replaceAll("{{UTBETALNING}}", table).replaceAll("{{S}}", suffix);
  return text.replace(SECTION, instance("utbetalning", "")).replace("-- {{INSTANCE forra}}", instance("utbetalning_forra", "_forra"));
}
