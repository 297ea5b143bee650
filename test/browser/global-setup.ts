// vitest globalSetup for the browser tests: builds the site ONCE per test run and serves dist/ on 127.0.0.1.
//
// Lazy: it only starts a small control server on 127.0.0.1 and provides its address ("siteControlUrl"); the first
// browser test that calls siteUrl() (test/browser/site.ts) triggers the build and the static server, and every
// later caller (any test file, ours or part B's) gets the same URL. A run of unit tests only never builds.
//
// SITE_SKIP_BUILD=1 serves the dist/ that is already there (quick iterations on tests; never in CI).
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { databasePath } from "../../loaders/config.ts";
import { startServer, type RunningServer } from "../../scripts/serve.ts";

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

declare module "vitest" {
  export interface ProvidedContext {
    siteControlUrl: string;
  }
}

function run(args: string[], env: NodeJS.ProcessEnv, logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const log = createWriteStream(logFile, { flags: "a" });
    const child = spawn("npm", args, { cwd: PROJECT_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.on("error", reject);
    child.on("close", (code) => {
      log.end();
      if (code === 0) resolve();
      else {
        const tail = existsSync(logFile) ? readFileSync(logFile, "utf-8").slice(-4000) : "";
        reject(new Error(`npm ${args.join(" ")} misslyckades (kod ${code}); logg: ${logFile}\n${tail}`));
      }
    });
  });
}

export default async function setup(project: TestProject) {
  let site: Promise<RunningServer> | null = null;
  const logFile = path.join(os.tmpdir(), `forsorjning-site-build-${process.pid}.log`);

  async function buildAndServe(): Promise<RunningServer> {
    const env = { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true" };
    const dbPath = databasePath();
    if (!existsSync(dbPath)) {
      // .ci/run ingests before the tests; on a fresh checkout, create the demo database the same way.
      await run(["run", "ingest", "--", "--data", "data/demo", "--db", dbPath], env, logFile);
    }
    if (process.env.SITE_SKIP_BUILD !== "1") {
      const started = Date.now();
      await run(["run", "build"], { ...env, FORSORJNING_DB: dbPath }, logFile);
      console.log(`Webbplatsen byggd för webbläsartesterna på ${((Date.now() - started) / 1000).toFixed(1)} s (logg: ${logFile})`);
    }
    return startServer({ dir: path.join(PROJECT_ROOT, "dist"), port: 0 });
  }

  const control = http.createServer(async (req, res) => {
    if (req.url !== "/site") {
      res.statusCode = 404;
      res.end();
      return;
    }
    try {
      site ??= buildAndServe();
      const server = await site;
      res.setHeader("Content-Type", "application/json");
      res.end(JSON.stringify({ url: server.url }));
    } catch (error) {
      res.statusCode = 500;
      res.end(JSON.stringify({ error: (error as Error).message }));
    }
  });
  control.requestTimeout = 0;
  control.headersTimeout = 0;
  await new Promise<void>((resolve) => control.listen(0, "127.0.0.1", () => resolve()));
  project.provide("siteControlUrl", `http://127.0.0.1:${(control.address() as AddressInfo).port}/site`);

  return async () => {
    control.closeAllConnections?.();
    await new Promise<void>((resolve) => control.close(() => resolve()));
    if (site) await (await site.catch(() => null))?.close();
  };
}
