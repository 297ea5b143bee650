// The export of the bundled demo data (data/demo): the whole package validates, the large försörjningsmått file equals
// its view row for row (several Parquet row groups), the README carries the demo notice, and a second export gives the
// same bytes.
import fs from "node:fs";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_DIR } from "../../loaders/config.ts";
import { ingest } from "../../loaders/ingest.ts";
import { DATAPACKAGE, exportPackage, README, RESOURCES } from "../../loaders/export/index.ts";
import { sha256OfFile, tempDir } from "../helpers.ts";
import { validate } from "./frictionless.ts";

let dir: string;
let db: string;
let out: string;

beforeAll(async () => {
  dir = tempDir("forsorjning-export-demo-");
  db = path.join(dir, "demo.duckdb");
  await ingest({ dataDir: DEMO_DIR, dbPath: db });
  out = path.join(dir, "paket");
  await exportPackage({ dbPath: db, outDir: out });
}, 300_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("the demo data's package", () => {
  it("validates and says it is demo data", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(out, DATAPACKAGE), "utf8"));
    expect(validate("tabularDataPackage", pkg)).toEqual([]);
    expect(pkg.demodata).toBe(true);
    expect(pkg.description).toMatch(/DEMODATA/);
    expect(pkg.licenses.map((l: { title: string }) => l.title).join("\n")).toMatch(/Demodata: utbetalningarna är syntetiska/);
    expect(pkg.sources.map((s: { title: string }) => s.title).join("\n")).toMatch(/Samordningsförbund och medlemskommuner juni 2012/);
    const readme = fs.readFileSync(path.join(out, README), "utf8");
    expect(readme).toMatch(/> \*\*Demodata\.\*\*/);
    expect(readme).toMatch(/befolkningen i försörjningsmåttet är 16–64 år/);
    expect(readme).toMatch(/These are demo data/);
  });

  it("forsorjningsmatt.parquet equals forsorjningsmatt_utokad row for row", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const c = await instance.connect();
    try {
      await c.run(`ATTACH '${db}' AS src (READ_ONLY)`);
      const file = `read_parquet('${path.join(out, "forsorjningsmatt.parquet")}')`;
      const cols = "regiontyp, regionkod, regionnamn, period, ersattning, kon, belopp_kr, befolkning, dagar, kr_per_invanare_och_dag, preliminar, antal_kommuner, antal_kommuner_i_regionen";
      const one = async (sql: string) => (await c.runAndReadAll(sql)).getRowObjectsJson()[0];
      await c.run("CREATE TABLE vy AS SELECT * FROM src.forsorjningsmatt_utokad"); // the view computed once
      const counts = await one(`SELECT (SELECT count(*) FROM ${file}) AS fil, (SELECT count(*) FROM vy) AS vy`);
      expect(Number(counts.fil)).toBeGreaterThan(300_000);
      expect(counts.fil).toBe(counts.vy);
      const diff = await one(
        `SELECT count(*) AS n FROM ((SELECT ${cols} FROM ${file} EXCEPT ALL SELECT * FROM vy)
           UNION ALL (SELECT * FROM vy EXCEPT ALL SELECT ${cols} FROM ${file}))`,
      );
      expect(diff.n).toBe("0");
      const groups = await one(`SELECT count(DISTINCT row_group_id) AS n FROM parquet_metadata('${path.join(out, "forsorjningsmatt.parquet")}')`);
      expect(Number(groups.n)).toBeGreaterThan(1);
    } finally {
      c.closeSync();
      instance.closeSync();
    }
  });

  it("a second export gives the same bytes for the large table (Parquet over several row groups, 45 MB of CSV)", async () => {
    // (the whole package's bytes are compared on the small data set in export.test.ts)
    const again = path.join(dir, "igen");
    await exportPackage({ dbPath: db, outDir: again, resources: [RESOURCES[0]] });
    for (const f of ["forsorjningsmatt.csv", "forsorjningsmatt.parquet"]) expect(sha256OfFile(path.join(again, f)), f).toBe(sha256OfFile(path.join(out, f)));
  }, 120_000);
});
