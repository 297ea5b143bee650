// Shared by the Framework data loaders of Jämför, Karta, Helårsekvivalenter, Metod and Datakvalitet: open the DuckDB
// file read-only, run SQL, and build the compact region × ersättning × period matrices of försörjningsmåttet.
// Not a loader itself (no double extension): it is imported by *.json.ts loaders.
import type { DuckDBConnection } from "@duckdb/node-api";
import { databasePath, ERSATTNINGAR, GRUPPER } from "../../loaders/config.ts";

import { forbundAdresser } from "../../loaders/site/adress.ts";
import { PERIODTYPER, type Periodtyp, num, openDb, periodtyp, type Row } from "../../loaders/site/lib.ts";

export { num, type Row };

/** Runs fn with a read-only connection to the project's database (opened by lib.ts openDb, which names a missing file). */
export async function withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDb();
  try {
    return await fn(new Database(db.connection, databasePath(), db.materialize));
  } finally {
    db.close();
  }
}

export class Database {
  constructor(
    readonly connection: DuckDBConnection,
    readonly path: string,
    /** lib.ts openDb: computes the measure once per process, before the first query that reads it. */
    private readonly materialize: (sql: string) => Promise<void> = async () => {},
  ) {}

  /** Rows as plain objects; DECIMAL/BIGINT values come back as strings or bigints — cast in SQL what must be numbers. */
  async all(sql: string): Promise<Row[]> {
    await this.materialize(sql);
    return (await this.connection.runAndReadAll(sql)).getRowObjectsJson() as Row[];
  }

  async exists(name: string): Promise<boolean> {
    const rows = await this.all(
      `SELECT 1 FROM duckdb_tables() WHERE table_name = '${name}' UNION ALL SELECT 1 FROM duckdb_views() WHERE view_name = '${name}'`,
    );
    return rows.length > 0;
  }

  async installning(): Promise<Map<string, string>> {
    if (!(await this.exists("installning"))) return new Map();
    return new Map((await this.all("SELECT nyckel, varde FROM installning")).map((r) => [String(r.nyckel), String(r.varde)]));
  }
}

/** The six ersättningar and the derived groups, in display order, with the database's Swedish names where present. */
export async function ersattningsLista(db: Database): Promise<{ id: string; namn: string; kortnamn: string; grupp: boolean }[]> {
  const ids = [...ERSATTNINGAR.map((e) => e.id as string), ...GRUPPER.filter((g) => g.id !== "ekonomiskt_bistand").map((g) => g.id as string)];
  const typer = (await db.exists("ersattning_typ")) ? await db.all("SELECT ersattning, namn, kortnamn FROM ersattning_typ") : [];
  return ids.map((id) => {
    const t = typer.find((r) => r.ersattning === id);
    const e = ERSATTNINGAR.find((x) => x.id === id);
    const g = GRUPPER.find((x) => x.id === id);
    return {
      id,
      namn: String(t?.namn ?? e?.namn ?? g?.namn ?? id),
      kortnamn: String(t?.kortnamn ?? e?.kortnamn ?? g?.namn ?? id),
      grupp: !e,
    };
  });
}

export interface Region {
  typ: string;
  kod: string;
  namn: string;
  lan?: string;
  /** A förbund's address (loaders/site/adress.ts): its key on the page is "forbund:<adress>", URL-safe. */
  adress?: string;
}

const TYP_ORDNING = ["riket", "lan", "forbund", "kommun"];

/**
 * Försörjningsmåttet for the given region types as compact matrices, one per kind of period and kön:
 * matriser[typ][kon] = { perioder, ersattningar, regioner, varden, preliminar } where
 *   regioner[i], perioder[p], ersattningar[e] → varden[i][e][p] (kr per invånare och dag, `decimals` decimals, null = none)
 *   preliminar: {"typ:kod": [p, …]} — periods where the region's total rests on a preliminary population;
 *   ofullstandig: {"typ:kod": {ersättning: [[p, antal_kommuner, antal_kommuner_i_regionen], …]}} — only where a
 *     region's value rests on fewer member kommuner than it has (a data set covering part of the country).
 * A matrix holds only the regions and periods with a value for that kind and kön; `kon` lists the kön wanted.
 */
export async function mattMatriser(db: Database, regiontyper: string[], decimals: number, kon: string[] = ["T"]) {
  const ersattningar = await ersattningsLista(db);
  const rows = await db.all(
    `SELECT regiontyp, regionkod, any_value(regionnamn) AS regionnamn, period, ersattning, kon,
            round(max(kr_per_invanare_och_dag), ${decimals})::DOUBLE AS varde, bool_or(preliminar) AS preliminar,
            min(antal_kommuner)::INTEGER AS antal, max(antal_kommuner_i_regionen)::INTEGER AS i_regionen
     FROM forsorjningsmatt_utokad
     WHERE kon IN (${kon.map((k) => `'${k}'`).join(", ")}) AND regiontyp IN (${regiontyper.map((t) => `'${t}'`).join(", ")})
     GROUP BY regiontyp, regionkod, period, ersattning, kon`,
  );
  const lanAvKommun = new Map(
    (await db.all("SELECT kommunkod, lanskod FROM kommun")).map((r) => [String(r.kommunkod), String(r.lanskod)]),
  );
  const forbundIds = [...new Set(rows.filter((r) => r.regiontyp === "forbund").map((r) => String(r.regionkod)))];
  const adresser = forbundAdresser((await db.exists("forbund")) ? (await db.all("SELECT forbund_id FROM forbund")).map((r) => String(r.forbund_id)) : forbundIds);
  const eIndex = new Map(ersattningar.map((e, i) => [e.id, i]));
  const collator = new Intl.Collator("sv");

  function matris(urval: Row[]) {
    const perioder = [...new Set(urval.map((r) => String(r.period)))].sort();
    const pIndex = new Map(perioder.map((p, i) => [p, i]));
    const regionMap = new Map<
      string,
      { region: Region; varden: (number | null)[][]; preliminar: Set<number>; ofullstandig?: Record<string, [number, number, number][]> }
    >();
    for (const r of urval) {
      const key = `${r.regiontyp}:${r.regionkod}`;
      let entry = regionMap.get(key);
      if (!entry) {
        const region: Region = { typ: String(r.regiontyp), kod: String(r.regionkod), namn: String(r.regionnamn) };
        if (region.typ === "kommun" && lanAvKommun.has(region.kod)) region.lan = lanAvKommun.get(region.kod);
        if (region.typ === "forbund") region.adress = adresser.get(region.kod) ?? region.kod;
        entry = { region, varden: ersattningar.map(() => perioder.map(() => null)), preliminar: new Set() };
        regionMap.set(key, entry);
      }
      const e = eIndex.get(String(r.ersattning));
      if (e === undefined) continue;
      const p = pIndex.get(String(r.period))!;
      entry.varden[e][p] = num(r.varde);
      if (r.preliminar === true && r.ersattning === "totalt") entry.preliminar.add(p);
      if (r.regiontyp !== "kommun" && Number(r.antal) < Number(r.i_regionen)) {
        ((entry.ofullstandig ??= {})[String(r.ersattning)] ??= []).push([p, Number(r.antal), Number(r.i_regionen)]);
      }
    }
    const entries = [...regionMap.values()].sort(
      (a, b) =>
        TYP_ORDNING.indexOf(a.region.typ) - TYP_ORDNING.indexOf(b.region.typ) ||
        (a.region.typ === "lan" ? a.region.kod.localeCompare(b.region.kod) : collator.compare(a.region.namn, b.region.namn)),
    );
    const preliminar: Record<string, number[]> = {};
    for (const e of entries) if (e.preliminar.size) preliminar[`${e.region.typ}:${e.region.kod}`] = [...e.preliminar].sort((a, b) => a - b);
    const ofullstandig: Record<string, Record<string, [number, number, number][]>> = {};
    for (const e of entries) {
      if (!e.ofullstandig) continue;
      for (const lista of Object.values(e.ofullstandig)) lista.sort((a, b) => a[0] - b[0]);
      ofullstandig[`${e.region.typ}:${e.region.kod}`] = e.ofullstandig;
    }
    return {
      perioder,
      ersattningar,
      regioner: entries.map((e) => e.region),
      varden: entries.map((e) => e.varden),
      preliminar,
      ofullstandig,
    };
  }

  const matriser: Record<Periodtyp, Record<string, ReturnType<typeof matris>>> = { halvar: {}, ar: {} };
  for (const typ of PERIODTYPER) {
    for (const k of kon) matriser[typ][k] = matris(rows.filter((r) => r.kon === k && periodtyp(String(r.period)) === typ));
  }
  return matriser;
}

/** The age band of the database (installning), as the measure was computed. */
export function aldersband(installning: Map<string, string>): { fran: number; till: number } {
  const fran = Number(installning.get("alder_fran"));
  const till = Number(installning.get("alder_till"));
  if (!Number.isInteger(fran) || !Number.isInteger(till)) throw new Error("Tabellen installning saknar alder_fran/alder_till (åldersbandet).");
  return { fran, till };
}
