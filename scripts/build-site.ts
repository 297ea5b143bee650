// Builds the static site into dist/ with no network: clear Framework's cache (loader output is otherwise reused
// even when the database or a loader changed), vendor the browser libraries into the cache, run `observable build`.
//
// Run: npm run build   (FORSORJNING_DB=<file> to build from another database)
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { databasePath } from "../loaders/config.ts";
import { vendorFramework } from "./vendor-framework.ts";

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SRC = path.join(PROJECT_ROOT, "src");
const BIN = path.join(PROJECT_ROOT, "node_modules", ".bin");

async function main(): Promise<number> {
  const started = Date.now();
  const dbPath = databasePath();
  if (!existsSync(dbPath)) {
    console.error(
      `Databasen ${dbPath.startsWith(PROJECT_ROOT + path.sep) ? path.relative(PROJECT_ROOT, dbPath) : dbPath} finns inte. ` +
        `Kör först: npm run ingest -- --data data/demo --db data/forsorjning.duckdb`,
    );
    return 1;
  }

  // Stale loader output would otherwise survive a new ingest or a changed loader ("[using stale]").
  rmSync(path.join(SRC, ".observablehq", "cache"), { recursive: true, force: true });
  await vendorFramework({ root: SRC });

  const env = {
    ...process.env,
    OBSERVABLE_TELEMETRY_DISABLE: "true",
    FORSORJNING_DB: dbPath,
    // Framework runs .ts data loaders with the `tsx` it finds on PATH.
    PATH: `${BIN}${path.delimiter}${process.env.PATH ?? ""}`,
  };
  const result = spawnSync(path.join(BIN, "observable"), ["build"], { cwd: PROJECT_ROOT, env, stdio: "inherit" });
  if (result.error) {
    console.error(`Kunde inte starta observable build: ${result.error.message}`);
    return 1;
  }
  if (result.status !== 0) {
    console.error(`Bygget misslyckades (observable build avslutades med kod ${result.status}).`);
    return result.status ?? 1;
  }
  console.log(`Webbplatsen är byggd i dist/ (${((Date.now() - started) / 1000).toFixed(1)} s). Visa den med: npm run serve`);
  return 0;
}

process.exitCode = await main();
