// The data package export: every public view of the database as Parquet and CSV, written by DuckDB's own COPY, with a
// Frictionless datapackage.json and a README.md. The package is built in a temp folder beside the output folder and
// swapped in, so a failed export never leaves half a package (and a refused one leaves the old package as it was).
//
// Determinism: rows are sorted on each resource's key, the files are written by one thread, and `created` is the
// database file's modification time (the ingest that wrote it), so the same database gives the same bytes.
// SOURCE_DATE_EPOCH (seconds), or the `created` option, overrides it.
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { displayPath } from "../errors.ts";
import { formatNumber } from "@forsorjningsmatt/delat/format.js";
import { assertNoParticipantColumns, assertPublicResource, sqlIdent, sqlString } from "./guard.ts";
import { readmeText } from "./readme.ts";
import { RESOURCES } from "./resources.ts";
import { type LoadedFile, sourcesAndLicenses } from "./sources.ts";
import { ExportError, type ExportResource, type ExportRow, PublishNotReadyError } from "./types.ts";

export interface ExportOptions {
  dbPath: string;
  outDir: string;
  /** ISO date-time for datapackage.json `created`; default SOURCE_DATE_EPOCH, else the database file's mtime. */
  created?: string;
  /** The resources to export (tests); default RESOURCES. */
  resources?: ExportResource[];
  /** Progress lines (one per resource); silent when omitted. */
  log?: (line: string) => void;
}

export interface ExportedResource {
  name: string;
  rows: number;
  files: string[];
  bytes: number;
}

export interface ExportResult {
  outDir: string;
  created: string;
  resources: ExportedResource[];
  skipped: { name: string; reason: string }[];
}

/** Frictionless field of a table schema. */
export interface PackageField {
  name: string;
  type: "string" | "integer" | "number" | "boolean" | "date" | "datetime";
  description: string;
}

export const DATAPACKAGE = "datapackage.json";
export const README = "README.md";
/** Parquet's media type (registered with IANA in 2024). */
export const PARQUET_MEDIATYPE = "application/vnd.apache.parquet";
/** How the CSV files are written; the dialect in datapackage.json says the same. */
const CSV_OPTIONS = "FORMAT csv, HEADER true, DELIMITER ',', QUOTE '\"', ESCAPE '\"', NEW_LINE '\\n', NULLSTR '', DATEFORMAT '%Y-%m-%d'";
const PARQUET_OPTIONS = "FORMAT parquet, COMPRESSION snappy";

/** Frictionless type of a DuckDB column type. */
export function fieldType(duckdbType: string): PackageField["type"] {
  const t = duckdbType.toUpperCase();
  if (t === "VARCHAR") return "string";
  if (t === "BOOLEAN") return "boolean";
  if (t === "DATE") return "date";
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/.test(t)) return "integer";
  if (/^(DOUBLE|FLOAT|REAL)$/.test(t) || t.startsWith("DECIMAL")) return "number";
  if (t.startsWith("TIMESTAMP")) return "datetime";
  throw new Error(`no Frictionless type for DuckDB type ${duckdbType}`);
}

function createdFrom(dbPath: string, given?: string): string {
  if (given) return given;
  const epoch = process.env.SOURCE_DATE_EPOCH;
  const ms = epoch && /^\d+$/.test(epoch) ? Number(epoch) * 1000 : fs.statSync(dbPath).mtimeMs;
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/** Refuses an output folder that holds something other than an earlier package (it is replaced as a whole). */
function checkOutDir(outDir: string): void {
  if (!fs.existsSync(outDir)) return;
  if (!fs.statSync(outDir).isDirectory()) throw new ExportError(`${displayPath(outDir)} finns redan och är ingen katalog.`);
  const entries = fs.readdirSync(outDir);
  if (entries.length && !entries.includes(DATAPACKAGE)) {
    throw new ExportError(
      `Katalogen ${displayPath(outDir)} finns redan och innehåller annat än ett datapaket (ingen ${DATAPACKAGE}). ` +
        "Exporten ersätter hela katalogen — välj en ny eller tom katalog.",
    );
  }
}

async function rows(connection: DuckDBConnection, sql: string): Promise<ExportRow[]> {
  return (await connection.runAndReadAll(sql)).getRowObjectsJson() as ExportRow[];
}

/** The public views of the database `dbPath` as a data package in `outDir` (replaced as a whole). */
export async function exportPackage(options: ExportOptions): Promise<ExportResult> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const dbPath = path.resolve(options.dbPath);
  const outDir = path.resolve(options.outDir);
  const resources = options.resources ?? RESOURCES;

  if (!fs.existsSync(dbPath) || !fs.statSync(dbPath).isFile()) {
    throw new ExportError(
      `Databasen ${displayPath(dbPath)} finns inte. Skapa den först: npm run ingest -- --data <katalog> --db ${displayPath(dbPath)}`,
    );
  }
  checkOutDir(outDir);
  const created = createdFrom(dbPath, options.created);

  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  let work: string | null = null;
  try {
    try {
      await connection.run(`ATTACH ${sqlString(dbPath)} AS src (READ_ONLY)`);
    } catch (error) {
      throw new ExportError(`Databasen ${displayPath(dbPath)} kunde inte öppnas: ${(error as Error).message}`);
    }
    await connection.run("USE src");

    // Every relation the resources read must be there (optional resources are left out with a note).
    const present = new Set(
      (await rows(connection, "SELECT table_name FROM information_schema.tables WHERE table_catalog = 'src'")).map((r) => String(r.table_name)),
    );
    const skipped: ExportResult["skipped"] = [];
    const todo: ExportResource[] = [];
    const missingViews = new Set<string>();
    for (const resource of resources) {
      const relations = (await assertPublicResource(connection, resource)).filter((r) => !r.endsWith("()"));
      const missing = relations.filter((r) => !present.has(r));
      if (!missing.length) todo.push(resource);
      else if (resource.optional) {
        skipped.push({ name: resource.name, reason: `${missing.join(", ")} finns inte i databasen` });
        log(`${resource.name}: ingår inte — ${missing.join(", ")} finns inte i databasen.`);
      }
      else for (const m of missing) missingViews.add(m);
    }
    if (missingViews.size) {
      throw new ExportError(
        `Databasen ${displayPath(dbPath)} saknar ${[...missingViews].sort().join(", ")}: den är inte skapad av npm run ingest, ` +
          `eller av en äldre version. Läs in data igen: npm run ingest -- --data <katalog> --db ${displayPath(dbPath)}`,
      );
    }

    const settings = new Map((await rows(connection, "SELECT nyckel, varde FROM installning")).map((r) => [String(r.nyckel), String(r.varde)]));
    const files = (await rows(connection, "SELECT kalla, CAST(hamtad AS VARCHAR) AS hamtad FROM inlast_fil ORDER BY fil_id")) as unknown as LoadedFile[];

    fs.mkdirSync(path.dirname(outDir), { recursive: true });
    work = fs.mkdtempSync(path.join(path.dirname(outDir), `.${path.basename(outDir)}.tmp-`));
    fs.chmodSync(work, 0o755); // mkdtemp makes it private; the package is meant to be served and shared
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "forsorjning-export-"));

    const exported: ExportedResource[] = [];
    const descriptors: Record<string, unknown>[] = [];
    const readmeResources = [];
    try {
      for (const resource of todo) {
        const table = `memory.main.${sqlIdent(`export_${resource.name}`)}`;
        await connection.run(`CREATE OR REPLACE TABLE ${table} AS ${resource.select}`);
        let source = table;
        if (resource.publish) {
          let published: ExportRow[];
          try {
            published = await resource.publish(await rows(connection, `SELECT * FROM ${table}`), { all: (sql) => rows(connection, sql) });
          } catch (error) {
            if (!(error instanceof PublishNotReadyError)) throw error;
            skipped.push({ name: resource.name, reason: error.message });
            log(`${resource.name}: ingår inte — ${error.message}.`);
            continue;
          }
          source = await loadPublished(connection, table, `memory.main.${sqlIdent(`publicerad_${resource.name}`)}`, published, scratch);
        }

        const columns = await rows(connection, `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${source})`);
        const names = columns.map((c) => String(c.column_name));
        assertNoParticipantColumns(resource.name, names);
        const declared = Object.keys(resource.fields);
        if (names.join(",") !== declared.join(",")) {
          throw new Error(`export resource ${resource.name}: columns ${names.join(", ")} differ from its described fields ${declared.join(", ")}`);
        }
        const fields: PackageField[] = columns.map((c) => ({
          name: String(c.column_name),
          type: fieldType(String(c.column_type)),
          description: resource.fields[String(c.column_name)],
        }));

        const count = Number((await rows(connection, `SELECT count(*) AS n FROM ${source}`))[0].n);
        if (count === 0 && resource.skipWhenEmpty) {
          skipped.push({ name: resource.name, reason: "inga rader i databasen" });
          log(`${resource.name}: inga rader — ingår inte.`);
          continue;
        }

        // One thread: the files' bytes never depend on the machine's cores.
        await connection.run("SET threads = 1");
        const ordered = `SELECT * FROM ${source} ORDER BY ${resource.orderBy.map((c) => `${sqlIdent(c)} ASC NULLS FIRST`).join(", ")}`;
        const csv = `${resource.name}.csv`;
        const parquet = `${resource.name}.parquet`;
        await connection.run(`COPY (${ordered}) TO ${sqlString(path.join(work, csv))} (${CSV_OPTIONS})`);
        await connection.run(`COPY (${ordered}) TO ${sqlString(path.join(work, parquet))} (${PARQUET_OPTIONS})`);
        await connection.run("RESET threads");
        await connection.run(`DROP TABLE IF EXISTS ${table}`);

        const bytes = fs.statSync(path.join(work, csv)).size + fs.statSync(path.join(work, parquet)).size;
        exported.push({ name: resource.name, rows: count, files: [csv, parquet], bytes });
        descriptors.push(...resourceDescriptors(resource, fields, fileInfo(work, csv), fileInfo(work, parquet)));
        readmeResources.push({ name: resource.name, title: resource.title, description: resource.description, rows: count, fields });
        log(
          `${resource.name}: ${formatCount(count)} rader → ${csv} (${formatBytes(fs.statSync(path.join(work, csv)).size)}), ` +
            `${parquet} (${formatBytes(fs.statSync(path.join(work, parquet)).size)})`,
        );
      }
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }

    const { sources, licenses } = sourcesAndLicenses(files, settings);
    const demo = (settings.get("demodata") ?? "").trim().toLowerCase() === "ja";
    const band = { fran: Number(settings.get("alder_fran")), till: Number(settings.get("alder_till")) };
    const descriptor = {
      profile: "tabular-data-package",
      name: "forsorjningsmatt",
      title: "Försörjningsmåttet — kommuner, län, riket och samordningsförbund",
      description:
        `Utbetald offentlig försörjning per invånare ${band.fran}–${band.till} år och dag per region, period, ersättning och kön, ` +
        "helårsekvivalenter, statens fördelningsmodell och medlemsandelar, med regioner, inlästa filer och inställningar — " +
        "databasens offentliga vyer, som CSV (UTF-8, komma, punkt som decimaltecken) och Parquet. Se README.md." +
        (demo ? " DEMODATA: utbetalningarna är syntetiska." : ""),
      created,
      keywords: ["försörjningsmått", "samordningsförbund", "offentlig försörjning", "kommun", "Sverige"],
      licenses,
      sources,
      demodata: demo,
      aldersband: band,
      resources: descriptors,
    };
    fs.writeFileSync(path.join(work, DATAPACKAGE), `${JSON.stringify(descriptor, null, 2)}\n`);
    fs.writeFileSync(path.join(work, README), readmeText({ created, settings, resources: readmeResources, skipped, sources, licenses }));

    swapIn(work, outDir);
    work = null;
    const seconds = (performance.now() - started) / 1000;
    const total = exported.reduce((a, r) => a + r.rows, 0);
    log(
      `Klart: ${exported.length} tabeller, ${formatCount(total)} rader, ${formatBytes(exported.reduce((a, r) => a + r.bytes, 0))} ` +
        `i ${displayPath(outDir)} (${DATAPACKAGE}, ${README}) på ${formatNumber(seconds, 1)} s.`,
    );
    return { outDir, created, resources: exported, skipped };
  } finally {
    if (work) fs.rmSync(work, { recursive: true, force: true });
    connection.closeSync();
    instance.closeSync();
  }
}

/** The published rows in a table with the source table's column types (exact decimals through JSON text). */
async function loadPublished(connection: DuckDBConnection, table: string, target: string, published: ExportRow[], scratch: string): Promise<string> {
  const columns = await rows(connection, `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${table})`);
  const known = new Set(columns.map((c) => String(c.column_name)));
  for (const row of published) {
    const extra = Object.keys(row).filter((k) => !known.has(k));
    if (extra.length) throw new Error(`a publish transform may not add columns: ${extra.join(", ")}`);
  }
  await connection.run(`CREATE OR REPLACE TABLE ${target} AS SELECT * FROM ${table} LIMIT 0`);
  if (published.length) {
    const file = path.join(scratch, "publicerad.ndjson");
    fs.writeFileSync(file, `${published.map((r) => JSON.stringify(r)).join("\n")}\n`);
    const spec = columns.map((c) => `${sqlString(String(c.column_name))}: ${sqlString(String(c.column_type))}`).join(", ");
    const list = columns.map((c) => sqlIdent(String(c.column_name))).join(", ");
    await connection.run(
      `INSERT INTO ${target} SELECT ${list} FROM read_json(${sqlString(file)}, format = 'newline_delimited', columns = {${spec}})`,
    );
    fs.rmSync(file);
  }
  return target;
}

interface FileInfo {
  path: string;
  bytes: number;
  hash: string;
}

/** A written file's name, size and SHA-256 (Frictionless `bytes` and `hash`), so a reader can check what it fetched. */
function fileInfo(dir: string, name: string): FileInfo {
  const content = fs.readFileSync(path.join(dir, name));
  return { path: name, bytes: content.length, hash: `sha256:${createHash("sha256").update(content).digest("hex")}` };
}

/** One Frictionless resource per file: the CSV under the resource's own name, the Parquet as <name>-parquet. */
function resourceDescriptors(resource: ExportResource, fields: PackageField[], csv: FileInfo, parquet: FileInfo): Record<string, unknown>[] {
  const schema = {
    fields,
    ...(resource.primaryKey ? { primaryKey: resource.primaryKey } : {}),
    missingValues: [""],
  };
  return [
    {
      profile: "tabular-data-resource",
      name: resource.name,
      path: csv.path,
      title: resource.title,
      description: `${resource.description} CSV: UTF-8, komma, punkt som decimaltecken.`,
      format: "csv",
      mediatype: "text/csv",
      encoding: "utf-8",
      bytes: csv.bytes,
      hash: csv.hash,
      dialect: { csvddfVersion: 1.2, delimiter: ",", doubleQuote: true, header: true, lineTerminator: "\n", quoteChar: '"', skipInitialSpace: false },
      schema,
    },
    {
      profile: "tabular-data-resource",
      name: `${resource.name}-parquet`,
      path: parquet.path,
      title: `${resource.title} (Parquet)`,
      description: `${resource.description} Parquet med exakta typer (belopp som DECIMAL).`,
      format: "parquet",
      mediatype: PARQUET_MEDIATYPE,
      bytes: parquet.bytes,
      hash: parquet.hash,
      schema,
    },
  ];
}

/** Replaces outDir by the finished package: the old one is moved aside first and removed after. */
function swapIn(work: string, outDir: string): void {
  let old: string | null = null;
  if (fs.existsSync(outDir)) {
    old = `${work}.gammal`;
    fs.renameSync(outDir, old);
  }
  try {
    fs.renameSync(work, outDir);
  } catch (error) {
    if (old) fs.renameSync(old, outDir);
    throw error;
  }
  if (old) fs.rmSync(old, { recursive: true, force: true });
}

function formatCount(n: number): string {
  return formatNumber(n);
}

function formatBytes(n: number): string {
  if (n < 1024 * 1024) return `${formatNumber(Math.max(1, Math.round(n / 1024)))} kB`;
  return `${formatNumber(n / 1024 / 1024, 1)} MB`;
}
