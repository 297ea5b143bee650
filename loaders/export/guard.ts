// What may leave the database through the export: an allow-list of relations (never a deny-list), checked on the
// parsed SQL of every resource, and a check of the written columns. Participant-level tables (deltagare*) are never
// on the list; results of insatser are, but only through a publish transform (suppression of small cells).
import type { DuckDBConnection } from "@duckdb/node-api";
import type { ExportResource } from "./types.ts";

/**
 * The relations (tables, views, table macros) a resource may read, each with why it is public. Aggregates and
 * reference data only: no row of this list describes a person.
 */
export const PUBLIC_RELATIONS: Readonly<Record<string, string>> = {
  forsorjningsmatt_utokad: "försörjningsmåttet per region, period, ersättning och kön (summor över kommuner)",
  forsorjningsmatt_delomrade: "försörjningsmåttet per område under kommun (summor)",
  grupp_omfattning: "vilka ersättningar en grupp omfattar per period",
  ersattning_typ: "ersättningarnas namn och ordning (referens)",
  helarsekvivalenter: "SCB:s helårsekvivalenter per region (summor)",
  statens_fordelning_utokad: "statens fördelningsmodell per förbund och år",
  medlemsandel_utokad: "medlemsandelar per förbund, år och kommun",
  kommun: "kommunerna (referens)",
  lan: "länen (referens)",
  forbund: "samordningsförbunden (referens)",
  forbund_medlem: "förbundens medlemskommuner med datum (referens)",
  inlast_fil: "de inlästa filerna: namn, läsare, hämtningsdatum, kontrollsumma",
  installning: "databasens inställningar (åldersband, demodata, ekonomi)",
  insats_resultat: "insatsernas resultat per insats, period och kön — bara genom röjandeskyddet (NEEDS_PUBLISH)",
};

/** Relations whose rows count persons in small groups: a resource reading one must have a publish transform. */
export const NEEDS_PUBLISH: ReadonlySet<string> = new Set(["insats_resultat"]);

/** Names of participant-level relations and identifying columns: never on the allow-list, never a written column. */
export const PARTICIPANT_RELATION = /deltagare|personnummer|pnr/i;
export const PARTICIPANT_COLUMN = /^(deltagare_id|personnummer|pnr|person_id|fodelsear|fodelsedatum)$/i;

for (const name of Object.keys(PUBLIC_RELATIONS)) {
  if (PARTICIPANT_RELATION.test(name)) throw new Error(`PUBLIC_RELATIONS must not list a participant table: ${name}`);
}

/** The relations a SELECT reads (tables, views, table functions), from DuckDB's own parse of it; CTE names excluded. */
export async function referencedRelations(connection: DuckDBConnection, sql: string): Promise<string[]> {
  const reader = await connection.runAndReadAll(`SELECT json_serialize_sql(${sqlString(sql)})`);
  const parsed = JSON.parse(String(reader.getRows()[0][0])) as { error?: boolean; error_message?: string; statements?: unknown[] };
  if (parsed.error) throw new Error(`the resource's SQL does not parse: ${parsed.error_message ?? "unknown error"}`);
  if (!parsed.statements || parsed.statements.length !== 1) throw new Error("a resource's SQL must be exactly one SELECT");
  const relations = new Set<string>();
  const ctes = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (!node || typeof node !== "object") return;
    const o = node as Record<string, unknown>;
    if (o.type === "BASE_TABLE" && typeof o.table_name === "string") {
      const qualified = [o.catalog_name, o.schema_name].filter((p) => typeof p === "string" && p !== "").join(".");
      relations.add(qualified ? `${qualified}.${o.table_name}` : o.table_name);
    }
    if (o.type === "TABLE_FUNCTION" && o.function && typeof o.function === "object") {
      const f = o.function as Record<string, unknown>;
      if (typeof f.function_name === "string") relations.add(`${f.function_name}()`);
    }
    const cteMap = o.cte_map as { map?: { key?: unknown }[] } | undefined;
    for (const entry of cteMap?.map ?? []) if (typeof entry.key === "string") ctes.add(entry.key);
    for (const value of Object.values(o)) walk(value);
  };
  walk(parsed.statements);
  return [...relations].filter((r) => !ctes.has(r)).sort();
}

/** Refuses a resource that reads anything off the allow-list, or a small-cell relation without a publish transform. */
export async function assertPublicResource(connection: DuckDBConnection, resource: ExportResource): Promise<string[]> {
  const relations = await referencedRelations(connection, resource.select);
  const refused = relations.filter((r) => !Object.hasOwn(PUBLIC_RELATIONS, r) || PARTICIPANT_RELATION.test(r));
  if (refused.length) {
    throw new Error(
      `export resource ${resource.name} reads ${refused.join(", ")}, which is not on the export's allow-list (loaders/export/guard.ts PUBLIC_RELATIONS)`,
    );
  }
  const unpublished = relations.filter((r) => NEEDS_PUBLISH.has(r));
  if (unpublished.length && !resource.publish) {
    throw new Error(`export resource ${resource.name} reads ${unpublished.join(", ")} without a publish transform (suppression of small cells)`);
  }
  return relations;
}

/** Refuses columns that identify a participant. */
export function assertNoParticipantColumns(resourceName: string, columns: string[]): void {
  const bad = columns.filter((c) => PARTICIPANT_COLUMN.test(c));
  if (bad.length) throw new Error(`export resource ${resourceName} has participant columns: ${bad.join(", ")}`);
}

/** A SQL string literal. */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A quoted SQL identifier. */
export function sqlIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
