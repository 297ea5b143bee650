// Builds the static site into dist/ with no network: invalidate Framework's cache when its inputs changed (loader
// output is otherwise reused even when the database or a loader changed: "[using stale]"), vendor the browser
// libraries into the cache, run `observable build`.
//
// The cache is kept when nothing it depends on changed: a SHA-256 over the database file, the data loaders
// (src/data) and the local modules they import, the config and package-lock.json is stored beside the cache
// (src/.observablehq/cache/.build-inputs). A different hash — new data, another database, a changed loader —
// clears the cache, so a rebuild never shows stale figures. `--clean` always clears it.
//
// The site also serves the database's open data package under /data/ (datapackage.json, README.md, a CSV and a Parquet
// file per public view; loaders/export/): exported into the cache beside Framework's build, only when the database or
// the exporter changed, and copied into dist/data/ after Framework's output is in place. Likewise the exact values of
// försörjningsmåttet that the table downloads fetch when clicked (loaders/site/exakt.ts), into dist/_exakt/.
//
// Run: npm run build   (FORSORJNING_DB=<file> to build from another database; npm run build -- --clean)
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { brotliCompress, constants as zlibConstants, gzip } from "node:zlib";
import { databasePath } from "../loaders/config.ts";
import { webbplatsPath } from "../loaders/webbplats.ts";
import { DATAPACKAGE, exportPackage } from "../loaders/export/index.ts";
import { efterbehandlaKatalog } from "./efterbehandla-html.ts";
import { keepNewFilesOnly } from "./partial-merge.ts";
import { EXAKT_KATALOG } from "@forsorjningsmatt/delat/exakt-filer.js";
import { writeExakt } from "../loaders/site/exakt.ts";
import { vendorFramework } from "./vendor-framework.ts";

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SRC = path.join(PROJECT_ROOT, "src");
const BIN = path.join(PROJECT_ROOT, "node_modules", ".bin");
const CACHE = path.join(SRC, ".observablehq", "cache");
const INPUTS_FILE = path.join(CACHE, ".build-inputs");
const SITE_FILE = path.join(CACHE, ".build-site");
/** Each source file's hash at the last build (for telling which pages a rebuild must render). */
const SOURCES_FILE = path.join(CACHE, ".build-sources.json");
/** The exported data package (served as /data/) and the hash of what it was exported from. */
const PACKAGE_DIR = path.join(CACHE, ".datapaket");
const PACKAGE_FILE = path.join(CACHE, ".datapaket-inputs");
const EXPORT_SOURCES = path.join(PROJECT_ROOT, "loaders", "export");
/** The exact values for the table downloads (served as /_exakt/; loaders/site/exakt.ts) and what they were written from. */
const EXAKT_DIR = path.join(CACHE, ".exakt");
const EXAKT_FILE = path.join(CACHE, ".exakt-inputs");

function listFiles(dir: string, pattern: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && pattern.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** The data loaders (src/data) and every local module they import, transitively (e.g. loaders/config.ts). */
function dataLoaderSources(): string[] {
  const seen = new Set<string>();
  const queue = listFiles(path.join(SRC, "data"), /\.(ts|js|mjs|sql|json|csv)$/);
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    if (!/\.(ts|js|mjs)$/.test(file)) continue;
    for (const m of readFileSync(file, "utf-8").matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) {
      queue.push(path.resolve(path.dirname(file), m[1]));
    }
    // files a loader reads beside itself (e.g. views.sql next to views.ts) are covered by the database hash
  }
  return [...seen].sort();
}

/** SHA-256 over everything the cached loader output depends on (see the comment at the top). */
async function buildInputsHash(dbPath: string): Promise<string> {
  const hash = createHash("sha256");
  hash.update(`db:${path.resolve(dbPath)}\n`);
  await new Promise<void>((resolve, reject) => {
    createReadStream(dbPath)
      .on("data", (chunk) => hash.update(chunk))
      .on("end", () => resolve())
      .on("error", reject);
  });
  const files = [
    ...dataLoaderSources(),
    // Reference files some loaders read directly (KPI means, boundaries, PROVENANCE texts on the Metod page).
    ...listFiles(path.join(PROJECT_ROOT, "data", "reference"), /./),
    // The shared modules (format, periods): Framework caches their bundle by package version, not by content.
    ...listFiles(path.join(PROJECT_ROOT, "loaders", "delat"), /./),
    // The loaders' own modules, the exact-value writer among them (not imported by any src/data loader).
    ...listFiles(path.join(PROJECT_ROOT, "loaders", "site"), /\.ts$/),
    path.join(PROJECT_ROOT, "observablehq.config.ts"),
    path.join(PROJECT_ROOT, "package-lock.json"),
    // The publisher's settings (contact for the accessibility statement), read by src/data/webbplats.json.ts.
    webbplatsPath(),
  ];
  for (const file of files) {
    if (!existsSync(file)) continue;
    hash.update(`\n${path.relative(PROJECT_ROOT, file)}\n`);
    hash.update(readFileSync(file));
  }
  return hash.digest("hex");
}

/** Output types a data loader can produce (src/data/<name>.<type>.ts → data/<name>.<type>). */
const LOADER = /\.(json|csv|tsv|txt|zip|tar|tgz|parquet|arrow|geojson|topojson|png|svg|html)\.(ts|js)$/;

/**
 * Runs the .ts/.js data loaders whose cached output is missing or older than the loader, `parallel` at a time, into
 * the place Framework looks for it (src/.observablehq/cache/<path>, written to a temp file and renamed, as Framework
 * does), so the parallel Framework processes find it fresh instead of each running every loader. A loader that fails
 * here is left to Framework, which reports the error.
 */
async function preloadDataLoaders(env: NodeJS.ProcessEnv, parallel: number): Promise<void> {
  const loaders = listFiles(SRC, LOADER).filter((f) => !f.includes(`${path.sep}.observablehq${path.sep}`));
  const todo = loaders.filter((loader) => {
    const target = path.join(CACHE, path.relative(SRC, loader).replace(/\.(ts|js)$/, ""));
    return !existsSync(target) || statSync(target).mtimeMs < statSync(loader).mtimeMs;
  });
  const started = Date.now();
  let next = 0;
  async function worker(): Promise<void> {
    while (next < todo.length) {
      const loader = todo[next++];
      const target = path.join(CACHE, path.relative(SRC, loader).replace(/\.(ts|js)$/, ""));
      const temp = `${target}.${process.pid}.forhand`;
      mkdirSync(path.dirname(target), { recursive: true });
      const code = await new Promise<number>((resolve) => {
        const out = createWriteStream(temp);
        const child = spawn(path.join(BIN, "tsx"), [loader], { cwd: PROJECT_ROOT, env, stdio: ["ignore", "pipe", "inherit"] });
        child.stdout.pipe(out);
        child.on("error", () => resolve(1));
        child.on("close", (c) => out.end(() => resolve(c ?? 1)));
      });
      try {
        if (code === 0) renameSync(temp, target);
        else rmSync(temp, { force: true });
      } catch {
        // the cache folder was cleared meanwhile (another build): Framework runs this loader itself
      }
    }
  }
  await Promise.all(Array.from({ length: parallel }, worker));
  if (todo.length) console.log(`${todo.length} dataladdare körda i förväg, ${parallel} åt gången (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

/** Runs `observable build`; output to a log file (parallel parts) or to the terminal. Resolves to the exit code. */
function runObservable(env: NodeJS.ProcessEnv, logFile: string | null): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(path.join(BIN, "observable"), ["build"], {
      cwd: PROJECT_ROOT,
      env,
      stdio: logFile ? ["ignore", "pipe", "pipe"] : "inherit",
    });
    if (logFile) {
      const log = createWriteStream(logFile);
      child.stdout!.pipe(log, { end: false });
      child.stderr!.pipe(log, { end: false });
      child.on("close", () => log.end());
    }
    child.on("error", (error) => {
      console.error(`Kunde inte starta observable build: ${error.message}`);
      resolve(1);
    });
    child.on("close", (code) => resolve(code ?? 1));
  });
}

/**
 * The data package for /data/ in the cache: exported again only when the build inputs (the database among them) or
 * the exporter changed. Resolves to an error message, or null when the package is ready.
 */
async function ensureDataPackage(dbPath: string, inputs: string): Promise<string | null> {
  const hash = createHash("sha256").update(inputs);
  for (const file of listFiles(EXPORT_SOURCES, /\.ts$/)) hash.update(`\n${path.relative(PROJECT_ROOT, file)}\n`).update(readFileSync(file));
  const key = hash.digest("hex");
  if (existsSync(path.join(PACKAGE_DIR, DATAPACKAGE)) && existsSync(PACKAGE_FILE) && readFileSync(PACKAGE_FILE, "utf-8").trim() === key) return null;
  const started = Date.now();
  try {
    rmSync(PACKAGE_FILE, { force: true });
    rmSync(PACKAGE_DIR, { recursive: true, force: true });
    const result = await exportPackage({ dbPath, outDir: PACKAGE_DIR });
    writeFileSync(PACKAGE_FILE, `${key}\n`);
    const rows = result.resources.reduce((a, r) => a + r.rows, 0);
    console.log(`Datapaketet exporterat: ${result.resources.length} tabeller, ${rows} rader (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * The exact values for /_exakt/ in the cache: written again only when the build inputs (the database and the data
 * loaders, loaders/site/exakt.ts among them) changed. Resolves to an error message, or null when the folder is ready.
 */
async function ensureExakt(inputs: string): Promise<string | null> {
  if (existsSync(path.join(EXAKT_DIR, "index.json")) && existsSync(EXAKT_FILE) && readFileSync(EXAKT_FILE, "utf-8").trim() === inputs) return null;
  const started = Date.now();
  try {
    rmSync(EXAKT_FILE, { force: true });
    const result = await writeExakt(EXAKT_DIR);
    writeFileSync(EXAKT_FILE, `${inputs}\n`);
    console.log(`Exakta värden för nedladdningarna: ${result.filer} filer, ${(result.bytes / 1e6).toFixed(1)} MB (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Text formats worth compressing; images, Parquet and archives are compressed already. */
const COMPRESSIBLE = /\.(html|js|mjs|css|json|csv|txt|svg|md|map|arrow|topojson|geojson)$/i;

/**
 * Writes a .br (brotli) and a .gz (gzip) beside every compressible file of the built site, so the server sends them
 * as they are (scripts/serve.ts: sirv's brotli and gzip options) instead of compressing on every request.
 */
async function precompress(dir: string, into = dir): Promise<{ files: number; before: number; after: number }> {
  // The exact values (_exakt/) are fetched only when a download is clicked, a few small files: served as they are.
  const exakt = path.join(dir, EXAKT_KATALOG) + path.sep;
  const files = listFiles(dir, COMPRESSIBLE)
    .filter((f) => !f.startsWith(exakt) && statSync(f).size >= 1024)
    .map((f) => path.join(into, path.relative(dir, f)));
  let before = 0;
  let after = 0;
  const brotli = promisify(brotliCompress);
  const gz = promisify(gzip);
  // A few at a time: the site has ~1 000 files, and each compression runs on libuv's thread pool.
  const queue = [...files];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let file = queue.pop(); file; file = queue.pop()) {
        const data = readFileSync(file);
        const [br, gzData] = await Promise.all([
          brotli(data, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 9, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: data.length } }),
          gz(data, { level: 9 }),
        ]);
        writeFileSync(`${file}.br`, br);
        writeFileSync(`${file}.gz`, gzData);
        before += data.length;
        after += br.length;
      }
    }),
  );
  return { files: files.length, before, after };
}

/** Every file the site is built from (besides the database), by path relative to the project: its SHA-256. */
function sourceHashes(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const file of [
    ...listFiles(SRC, /./).filter((f) => !f.includes(`${path.sep}.observablehq${path.sep}`)),
    ...["build-site.ts", "build-pages.ts", "vendor-framework.ts"].map((f) => path.join(PROJECT_ROOT, "scripts", f)),
    // What pages import from the pipeline's side (the shared modules) and what the configuration reads.
    ...listFiles(path.join(PROJECT_ROOT, "loaders", "delat"), /./),
    path.join(PROJECT_ROOT, "loaders", "config.ts"),
    path.join(PROJECT_ROOT, "observablehq.config.ts"),
    path.join(PROJECT_ROOT, "package-lock.json"),
  ].filter((f) => existsSync(f))) {
    out[path.relative(PROJECT_ROOT, file).split(path.sep).join("/")] = createHash("sha256").update(readFileSync(file)).digest("hex");
  }
  return out;
}

/**
 * The page files that changed since the last build, when nothing else did (no component, style, loader, script or
 * configuration, and no page added or removed); null otherwise (then everything is built).
 */
function changedPagesOnly(now: Record<string, string>): string[] | null {
  if (!existsSync(SOURCES_FILE)) return null;
  const before = JSON.parse(readFileSync(SOURCES_FILE, "utf-8")) as Record<string, string>;
  if (Object.keys(before).length !== Object.keys(now).length || Object.keys(now).some((f) => !(f in before))) return null;
  const changed = Object.keys(now).filter((f) => before[f] !== now[f]);
  const isPage = (f: string) => /^src\/.+\.md$/.test(f) && !/^src\/(components|data)\//.test(f);
  return changed.length && changed.every(isPage) ? changed : null;
}

/** The site paths a page file renders: "src/metod.md" → /metod; "src/kommun/[kod].md" → every /kommun/<kod> built. */
function pathsOf(pageFile: string, built: string[]): string[] {
  const segments = pageFile.replace(/^src\//, "").replace(/\.md$/, "").split("/");
  if (!segments.some((s) => s.includes("["))) return [`/${segments.join("/")}`];
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`^/${segments.map((s) => (/^\[[^\]]+\]$/.test(s) ? "[^/]+" : escape(s))).join("/")}$`);
  return built.filter((p) => pattern.test(p));
}

/** Renders only the pages of the changed page files (scripts/build-pages.ts) and puts them into the built site. */
async function buildSomePages(pageFiles: string[], dbPath: string, output: string): Promise<number> {
  const built = listFiles(output, /\.html$/).map((f) => `/${path.relative(output, f).split(path.sep).join("/").replace(/\.html$/, "")}`);
  const pages = [...new Set(pageFiles.flatMap((f) => pathsOf(f, built)))];
  console.log(`Bara sidor har ändrats (${pageFiles.join(", ")}): bygger ${pages.length} ${pages.length === 1 ? "sida" : "sidor"}.`);
  const tmp = path.join(CACHE, `.dist-${process.pid}-sidor`);
  rmSync(tmp, { recursive: true, force: true });
  const code = await new Promise<number>((resolve) => {
    const child = spawn(path.join(BIN, "tsx"), [path.join(PROJECT_ROOT, "scripts", "build-pages.ts")], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        OBSERVABLE_TELEMETRY_DISABLE: "true",
        FORSORJNING_DB: dbPath,
        FORSORJNING_DIST: tmp,
        FORSORJNING_SIDOR: pages.join(","),
        PATH: `${BIN}${path.delimiter}${process.env.PATH ?? ""}`,
      },
      stdio: "inherit",
    });
    child.on("error", () => resolve(1));
    child.on("close", (c) => resolve(c ?? 1));
  });
  if (code !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    console.error(`Bygget av de ändrade sidorna misslyckades (kod ${code}).`);
    return code || 1;
  }
  // Only the pages and assets the site does not have yet; a shared asset keeps the full build's copy (partial-merge.ts).
  keepNewFilesOnly(tmp, output);
  cpSync(tmp, output, { recursive: true, force: true });
  const compressed = await precompress(tmp, output);
  rmSync(tmp, { recursive: true, force: true });
  console.log(`${pages.length} ${pages.length === 1 ? "sida" : "sidor"} och ${compressed.files} komprimerade filer uppdaterade.`);
  return 0;
}

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
  const inputs = await buildInputsHash(dbPath);
  // Nothing at all changed (data, loaders, pages, components, styles, config, output folder) and the output is
  // there: the site in it is what a build would produce, so keep it (Framework always re-renders every page).
  const output = path.resolve(PROJECT_ROOT, process.env.FORSORJNING_DIST ?? "dist");
  const siteHash = createHash("sha256").update(inputs).update(`\nout:${output}\n`);
  for (const file of [
    ...listFiles(SRC, /./).filter((f) => !f.includes(`${path.sep}.observablehq${path.sep}`)),
    ...listFiles(path.join(PROJECT_ROOT, "scripts"), /\.ts$/),
    ...listFiles(EXPORT_SOURCES, /\.ts$/),
  ]) {
    siteHash.update(`\n${path.relative(PROJECT_ROOT, file)}\n`).update(readFileSync(file));
  }
  const site = siteHash.digest("hex");
  const sources = sourceHashes();
  const builtSite = existsSync(SITE_FILE) ? readFileSync(SITE_FILE, "utf-8").trim() : null;
  if (
    !process.argv.includes("--clean") &&
    builtSite === site &&
    existsSync(path.join(output, "index.html")) &&
    existsSync(path.join(output, "data", DATAPACKAGE)) &&
    existsSync(path.join(output, EXAKT_KATALOG, "index.json"))
  ) {
    console.log(`Inget har ändrats sedan förra bygget: ${path.relative(PROJECT_ROOT, output) || output} är aktuell (${((Date.now() - started) / 1000).toFixed(1)} s).`);
    return 0;
  }
  const previous = existsSync(INPUTS_FILE) ? readFileSync(INPUTS_FILE, "utf-8").trim() : null;
  // Only pages changed (data, loaders, components, styles, config untouched): render just those pages into the site.
  if (!process.argv.includes("--clean") && previous === inputs && existsSync(path.join(output, "index.html"))) {
    const pages = changedPagesOnly(sources);
    if (pages) {
      const done = await buildSomePages(pages, dbPath, output);
      if (done === 0) {
        writeFileSync(SITE_FILE, `${site}\n`);
        writeFileSync(SOURCES_FILE, JSON.stringify(sources));
        console.log(`Webbplatsen är uppdaterad i ${path.relative(PROJECT_ROOT, output) || output} (${((Date.now() - started) / 1000).toFixed(1)} s). Visa den med: npm run serve`);
      }
      return done;
    }
  }
  if (process.argv.includes("--clean") || previous !== inputs) {
    rmSync(CACHE, { recursive: true, force: true });
    console.log(previous ? "Data eller dataladdare har ändrats: cachen rensas." : "Ingen giltig cache: allt byggs från början.");
  } else {
    console.log("Databas och dataladdare oförändrade: Frameworks cache återanvänds.");
  }
  await vendorFramework({ root: SRC });
  rmSync(SITE_FILE, { force: true }); // a build that fails midway must not leave a "current" stamp behind

  const env = {
    ...process.env,
    OBSERVABLE_TELEMETRY_DISABLE: "true",
    FORSORJNING_DB: dbPath,
    // Framework runs .ts data loaders with the `tsx` it finds on PATH.
    PATH: `${BIN}${path.delimiter}${process.env.PATH ?? ""}`,
  };
  // Framework renders pages one after another in one process (most of it jsdom parsing the header of each page), so
  // the ~380 pages are split over one Framework process per core (FORSORJNING_SHARD, read by observablehq.config.ts):
  // each builds every fixed page and its share of the kommun and förbund pages into its own folder, and the
  // folders are merged. Loader output and asset names are content-addressed, so the shared files are identical.
  const shards = Math.max(1, Math.min(Number(process.env.FORSORJNING_BUILD_SHARDS ?? availableParallelism()), 4));
  // Parts are built inside the (git-ignored) cache folder and merged into the output.
  const shardDirs = Array.from({ length: shards }, (_, i) => (shards === 1 ? output : path.join(CACHE, `.dist-${process.pid}-del-${i}`)));
  for (const dir of shardDirs) if (dir !== output) rmSync(dir, { recursive: true, force: true });
  // The data package is exported while Framework builds (DuckDB reads the database read-only beside the loaders).
  const dataPackage = ensureDataPackage(dbPath, inputs);
  const exakt = ensureExakt(inputs);
  if (shards > 1) await preloadDataLoaders(env, shards);
  const results = await Promise.all(
    shardDirs.map((dir, i) =>
      runObservable({ ...env, FORSORJNING_DIST: dir, FORSORJNING_SHARD: `${i}/${shards}` }, shards === 1 ? null : path.join(CACHE, `.build-del-${i}.log`)),
    ),
  );
  const failed = results.findIndex((r) => r !== 0);
  if (failed >= 0) {
    await Promise.all([dataPackage, exakt]); // let the exports finish (they write into the cache) before returning
    for (const dir of shardDirs) if (dir !== output) rmSync(dir, { recursive: true, force: true });
    const log = path.join(CACHE, `.build-del-${failed}.log`);
    if (shards > 1 && existsSync(log)) console.error(readFileSync(log, "utf-8").slice(-6000));
    console.error(`Bygget misslyckades (observable build avslutades med kod ${results[failed]}).`);
    return results[failed] || 1;
  }
  if (shards > 1) {
    rmSync(output, { recursive: true, force: true });
    try {
      renameSync(shardDirs[0], output);
    } catch {
      cpSync(shardDirs[0], output, { recursive: true }); // another file system (FORSORJNING_DIST elsewhere)
      rmSync(shardDirs[0], { recursive: true, force: true });
    }
    for (const dir of shardDirs.slice(1)) {
      cpSync(dir, output, { recursive: true, force: false, errorOnExist: false });
      rmSync(dir, { recursive: true, force: true });
    }
    const pages = listFiles(output, /\.html$/).length;
    console.log(`${shards} Framework-processer parallellt: ${pages} sidor (loggar: ${path.relative(PROJECT_ROOT, CACHE)}/.build-del-*.log)`);
  }
  // Accessibility fixes to Framework's page template (lang, zoom, sidebar markup, skip link): scripts/efterbehandla-html.ts.
  try {
    const { sidor, ms } = efterbehandlaKatalog(output);
    console.log(`Sidmallen tillgänglighetsrättad: ${sidor} sidor (${(ms / 1000).toFixed(2)} s)`);
  } catch (error) {
    await dataPackage;
    console.error((error as Error).message);
    return 1;
  }
  // /data/: the open data package (after Framework, which writes the output folder from scratch).
  const packageError = await dataPackage;
  if (packageError) {
    console.error(`Datapaketet för /data/ kunde inte skapas: ${packageError}`);
    return 1;
  }
  rmSync(path.join(output, "data"), { recursive: true, force: true });
  cpSync(PACKAGE_DIR, path.join(output, "data"), { recursive: true });
  // /_exakt/: the exact values the table downloads fetch when clicked.
  const exaktError = await exakt;
  if (exaktError) {
    console.error(`De exakta värdena för /${EXAKT_KATALOG}/ kunde inte skrivas: ${exaktError}`);
    return 1;
  }
  rmSync(path.join(output, EXAKT_KATALOG), { recursive: true, force: true });
  cpSync(EXAKT_DIR, path.join(output, EXAKT_KATALOG), { recursive: true });
  const compressed = await precompress(output);
  console.log(`Förkomprimerat för servern: ${compressed.files} filer (${(compressed.before / 1e6).toFixed(1)} MB → ${(compressed.after / 1e6).toFixed(1)} MB med brotli).`);
  writeFileSync(INPUTS_FILE, `${inputs}\n`);
  writeFileSync(SITE_FILE, `${site}\n`);
  writeFileSync(SOURCES_FILE, JSON.stringify(sources));
  console.log(`Webbplatsen är byggd i dist/ (${((Date.now() - started) / 1000).toFixed(1)} s). Visa den med: npm run serve`);
  return 0;
}

process.exitCode = await main();
