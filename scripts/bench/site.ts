// The site's part of the benchmark (issue #10, cases e and f): the build times (`npm run build` from a clean state,
// after one page changed, with nothing changed), and per page type the payload (data files and JS the page
// references, bytes and gzip bytes) and the time from navigation to the first chart in headless Chromium on
// 127.0.0.1 (scripts/serve.ts's server, Debian's /usr/bin/chromium as the browser tests use it).
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { chromium } from "playwright-core";
import { PROJECT_ROOT } from "../../loaders/config.ts";
import { CHROMIUM_ARGS, chromiumSokvag } from "../chromium.ts";
import { startServer } from "../serve.ts";

export const DIST = path.join(PROJECT_ROOT, "dist");
const CACHE = path.join(PROJECT_ROOT, "src", ".observablehq", "cache");
/** The page whose source is touched for the "one page changed" rebuild (restored afterwards). */
export const TOUCHED_PAGE = path.join(PROJECT_ROOT, "src", "metod.md");

// Chromium as everywhere in the project (scripts/chromium.ts).
const CHROMIUM = chromiumSokvag();

export interface BuildTimes {
  cleanMs: number | null;
  pageChangedMs: number | null;
  unchangedMs: number | null;
  pages: number;
  error?: string;
}

/** Runs `npm run build` against `dbPath`; resolves to the wall time, or throws with the log's tail. */
export function npmBuild(dbPath: string, logFile: string): Promise<number> {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const log = fs.openSync(logFile, "w");
    const child = spawn("npm", ["run", "-s", "build"], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, FORSORJNING_DB: dbPath, OBSERVABLE_TELEMETRY_DISABLE: "true" },
      stdio: ["ignore", log, log],
    });
    child.on("error", reject);
    child.on("close", (code) => {
      fs.closeSync(log);
      if (code === 0) resolve(performance.now() - started);
      else reject(new Error(`npm run build avslutades med kod ${code}: ${fs.readFileSync(logFile, "utf8").trim().split("\n").slice(-3).join(" | ")}`));
    });
  });
}

export function htmlPages(dir = DIST): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".html"))
    .map((e) => path.join(e.parentPath, e.name));
}

/**
 * Clean build (dist/ and Framework's cache removed), rebuild with nothing changed, then — after `between` (the page
 * measurements, on the clean build) — a rebuild after one page's source changed (a comment appended to src/metod.md,
 * restored in a finally and on Ctrl+C).
 */
export async function benchBuilds(dbPath: string, logDir: string, between: () => Promise<void>): Promise<BuildTimes> {
  const out: BuildTimes = { cleanMs: null, pageChangedMs: null, unchangedMs: null, pages: 0 };
  fs.rmSync(DIST, { recursive: true, force: true });
  fs.rmSync(CACHE, { recursive: true, force: true });
  out.cleanMs = await npmBuild(dbPath, path.join(logDir, "bygge-fran-borjan.log"));
  out.pages = htmlPages().length;
  out.unchangedMs = await npmBuild(dbPath, path.join(logDir, "bygge-utan-andring.log"));
  await between();
  const original = fs.readFileSync(TOUCHED_PAGE);
  const restore = () => fs.writeFileSync(TOUCHED_PAGE, original);
  const onSignal = () => {
    restore();
    process.exit(130);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    fs.writeFileSync(TOUCHED_PAGE, Buffer.concat([original, Buffer.from("\n<!-- npm run bench: en ändrad sida (tas bort efter mätningen) -->\n")]));
    out.pageChangedMs = await npmBuild(dbPath, path.join(logDir, "bygge-andrad-sida.log"));
  } finally {
    restore();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  return out;
}

export interface Payload {
  files: number;
  bytes: number;
  gzipBytes: number;
}

export interface PageResult {
  type: string;
  url: string;
  data: Payload;
  js: Payload;
  /** Milliseconds from navigation to the first chart, one per load; null where no chart appeared in time. */
  firstChartMs: (number | null)[];
  medianMs: number | null;
  /** The data files (_file/) the first load fetched, bytes as sent (brotli when the browser asks for it), until idle. */
  oppnad?: { files: number; bytes: number };
  error?: string;
}

const gzipCache = new Map<string, [number, number]>();
function sizes(file: string): [number, number] {
  let s = gzipCache.get(file);
  if (!s) {
    const bytes = fs.readFileSync(file);
    s = [bytes.length, zlib.gzipSync(bytes).length];
    gzipCache.set(file, s);
  }
  return s;
}

function payload(files: string[]): Payload {
  const existing = files.filter((f) => fs.existsSync(f));
  const s = existing.map(sizes);
  return { files: existing.length, bytes: s.reduce((a, [b]) => a + b, 0), gzipBytes: s.reduce((a, [, g]) => a + g, 0) };
}

/**
 * What a built page references: the data files it registers (registerFile(…, {path: "…/_file/…"}) — every file the
 * page may load, so an upper bound) and the JS modules it imports or preloads (_npm, _node, _observablehq, _import).
 * Modules imported dynamically at run time (e.g. by Framework's stdlib) are not in the HTML and not counted.
 */
export function pagePayload(htmlFile: string, dist = DIST): { data: Payload; js: Payload } {
  const html = fs.readFileSync(htmlFile, "utf8");
  const resolve = (ref: string) => path.resolve(path.dirname(htmlFile), ref);
  const data = new Set([...html.matchAll(/"path":"([^"]*_file\/[^"]+)"/g)].map((m) => resolve(m[1])));
  const js = new Set([...html.matchAll(/["']((?:\.\.?\/)+_(?:npm|node|observablehq|import)\/[^"']+\.js)["']/g)].map((m) => resolve(m[1])));
  for (const f of [...data, ...js]) if (!f.startsWith(dist)) throw new Error(`${htmlFile}: ${f} ligger utanför ${dist}`);
  return { data: payload([...data]), js: payload([...js]) };
}

/** One example page per page type: every top-level page (404 aside), and one page of each folder (kommun 0180 if there). */
export function pageTypes(dist = DIST): { type: string; file: string; url: string }[] {
  const out: { type: string; file: string; url: string }[] = [];
  for (const e of fs.readdirSync(dist, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.isFile() && e.name.endsWith(".html") && e.name !== "404.html") {
      const name = e.name.replace(/\.html$/, "");
      out.push({ type: name === "index" ? "/" : `/${name}`, file: path.join(dist, e.name), url: name === "index" ? "" : name });
    } else if (e.isDirectory() && !e.name.startsWith("_")) {
      // A folder's pages, and the pages one folder further down (the reports: /rapport/kommun/0180 and its siblings).
      const folders = [e.name, ...fs.readdirSync(path.join(dist, e.name), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `${e.name}/${d.name}`).sort()];
      for (const folder of folders) {
        const pages = fs.readdirSync(path.join(dist, folder)).filter((f) => f.endsWith(".html")).sort();
        if (!pages.length) continue;
        const pick = pages.includes("0180.html") ? "0180.html" : pages[0];
        out.push({ type: `/${folder}/…`, file: path.join(dist, folder, pick), url: `${folder}/${pick.replace(/\.html$/, "")}` });
      }
    }
  }
  // Start page first, then the rest in name order.
  return out.sort((a, b) => (a.type === "/" ? -1 : b.type === "/" ? 1 : a.type < b.type ? -1 : 1));
}

// Records performance.now() (ms since navigation start) when the first chart has marks: an <svg> with a Plot mark
// group (g[data-mark] — Plot's aria-label, moved there by src/components/diagram.js — other than axes, grid, frame and
// tips) that has drawn something.
const FIRST_CHART_SCRIPT = `(() => {
  window.__forstaDiagram = undefined;
  const check = () => {
    if (window.__forstaDiagram !== undefined) return;
    for (const g of document.querySelectorAll("svg g[data-mark], svg g[aria-label]")) {
      const label = g.getAttribute("data-mark") || g.getAttribute("aria-label") || "";
      if (/axis|grid|frame|tip/.test(label) || g.childElementCount === 0) continue;
      window.__forstaDiagram = performance.now();
      observer.disconnect();
      return;
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true });
})();`;

export async function benchPages(loads: number, timeoutMs = 15_000, dist = DIST): Promise<PageResult[]> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium saknas (${CHROMIUM}); installera: apt-get install -y chromium`);
  const server = await startServer({ dir: dist, port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  /** Data files fetched by the last load: request id → URL, and bytes as sent per finished data request. */
  let oppnad = { files: 0, bytes: 0 };
  const load = async (url: string): Promise<number | null> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "sv-SE" });
    try {
      await context.addInitScript(FIRST_CHART_SCRIPT);
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      const urls = new Map<string, string>();
      oppnad = { files: 0, bytes: 0 };
      cdp.on("Network.responseReceived", (e) => urls.set(e.requestId, e.response.url));
      cdp.on("Network.loadingFinished", (e) => {
        if (!/\/_file\//.test(urls.get(e.requestId) ?? "")) return;
        oppnad.files++;
        oppnad.bytes += e.encodedDataLength;
      });
      await cdp.send("Network.enable");
      await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
      await page.goto(new URL(url, server.url).href, { waitUntil: "commit" });
      let ms: number | null = null;
      try {
        await page.waitForFunction(() => (window as unknown as { __forstaDiagram?: number }).__forstaDiagram !== undefined, null, { timeout: timeoutMs, polling: 50 });
        ms = await page.evaluate(() => (window as unknown as { __forstaDiagram: number }).__forstaDiagram);
      } catch {
        ms = null;
      }
      // What the page fetches on opening, also after its first chart (at most 5 s more).
      await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => {});
      return ms;
    } finally {
      await context.close();
    }
  };
  const results: PageResult[] = [];
  try {
    await load(""); // warm-up (browser and server start), not counted
    for (const p of pageTypes(dist)) {
      const r: PageResult = { type: p.type, url: `/${p.url}`, ...pagePayload(p.file, dist), firstChartMs: [], medianMs: null };
      try {
        for (let i = 0; i < loads; i++) {
          r.firstChartMs.push(await load(p.url));
          if (i === 0) r.oppnad = { ...oppnad };
          if (r.firstChartMs[0] === null) break; // no chart on this page (or none within the time limit): once is enough
        }
        // A load without a chart in time counts as slower than any other.
        const sorted = r.firstChartMs.map((v) => v ?? Infinity).sort((a, b) => a - b);
        const median = sorted[Math.floor(sorted.length / 2)];
        r.medianMs = Number.isFinite(median) ? median : null;
      } catch (error) {
        r.error = (error as Error).message.split("\n")[0];
      }
      results.push(r);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return results;
}
