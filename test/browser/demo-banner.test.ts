// The demodata banner comes from observablehq.config.ts, which reads installning.demodata from the database when
// Framework loads the config — so it is in the header of every page. Checked here against small databases holding
// only the installning table ('ja', 'nej', none), without building the site.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TSX = path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx");
let dir: string;

async function makeDb(name: string, demodata: string | null): Promise<string> {
  const file = path.join(dir, `${name}.duckdb`);
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  await connection.run("CREATE TABLE installning(nyckel VARCHAR, varde VARCHAR)");
  await connection.run("INSERT INTO installning VALUES ('alder_fran', '16'), ('alder_till', '64')");
  if (demodata !== null) await connection.run(`INSERT INTO installning VALUES ('demodata', '${demodata}')`);
  connection.closeSync();
  instance.closeSync();
  return file;
}

function headerFor(dbPath: string): string {
  const result = spawnSync(
    TSX,
    ["-e", 'import("./observablehq.config.ts").then((c) => process.stdout.write(c.default.header))'],
    { cwd: PROJECT_ROOT, env: { ...process.env, FORSORJNING_DB: dbPath }, encoding: "utf-8" },
  );
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "forsorjning-banner-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("demodata-banderollen i sidhuvudet", () => {
  it("visas när installning.demodata = 'ja'", async () => {
    const header = headerFor(await makeDb("ja", "ja"));
    expect(header).toContain('class="demo-banner"');
    expect(header).toContain("siffrorna är syntetiska");
    expect(header).toContain("Försörjningsmåttet");
  });

  it("visas inte när installning.demodata = 'nej' eller saknas", async () => {
    for (const db of [await makeDb("nej", "nej"), await makeDb("saknas", null)]) {
      const header = headerFor(db);
      expect(header).not.toContain("demo-banner");
      expect(header).toContain("Försörjningsmåttet");
    }
  });

  it("ger ett sidhuvud utan banderoll när databasen inte finns", () => {
    const header = headerFor(path.join(dir, "finns-inte.duckdb"));
    expect(header).not.toContain("demo-banner");
    expect(header).toContain("Försörjningsmåttet");
  });
});
