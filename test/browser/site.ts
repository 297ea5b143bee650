// Shared helper for every browser test (test/browser/*.test.ts, part B's part-b-*.test.ts too).
//
//   import { afterAll, beforeAll, expect, it } from "vitest";
//   import { openBrowser, siteUrl, type GuardedPage } from "./site.ts";
//   let b: Awaited<ReturnType<typeof openBrowser>>;
//   beforeAll(async () => { b = await openBrowser(); });
//   afterAll(() => b?.close());
//   it("…", async () => {
//     const { page, outsideRequests, consoleErrors } = await b.openPage("kommun/0180?ersattning=ohalsa");
//     …
//     expect(outsideRequests).toEqual([]); expect(consoleErrors).toEqual([]);
//   });
//
// The site is built ONCE per test run (test/browser/global-setup.ts, registered in vitest.config.ts) and served on
// 127.0.0.1; siteUrl() waits for that build. Downloads: downloadText(page, () => page.click(...)).
import http from "node:http";
import { existsSync, readFileSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { inject } from "vitest";
import { databasePath } from "../../loaders/config.ts";
import { query, type Row } from "../helpers.ts";
import { CHROMIUM_ARGS, chromiumSokvag } from "../../scripts/chromium.ts";

export { CHROMIUM_ARGS };
export const CHROMIUM = chromiumSokvag();

let cached: string | null = null;

/** The built site's base URL ("http://127.0.0.1:<port>/"); the first call in a run waits for the build. */
export async function siteUrl(): Promise<string> {
  if (cached) return cached;
  const control = inject("siteControlUrl");
  if (!control) throw new Error("siteControlUrl saknas: kör webbläsartesterna med vitest (globalSetup i vitest.config.ts).");
  const body = await new Promise<string>((resolve, reject) => {
    http
      .get(control, (res) => {
        let data = "";
        res.setEncoding("utf-8");
        res.on("data", (chunk) => (data += chunk));
        res.on("end", () => (res.statusCode === 200 ? resolve(data) : reject(new Error(JSON.parse(data).error ?? `status ${res.statusCode}`))));
      })
      .on("error", reject);
  });
  cached = JSON.parse(body).url as string;
  return cached;
}

/** True for requests that stay on the machine: http://127.0.0.1, data: and blob: URLs. */
export function isLocalRequest(url: string): boolean {
  const u = new URL(url);
  return (u.protocol === "http:" && u.hostname === "127.0.0.1") || u.protocol === "data:" || u.protocol === "blob:";
}

export interface GuardedPage {
  page: Page;
  /** Every request that left 127.0.0.1 (should stay empty). */
  outsideRequests: string[];
  /** Console errors and uncaught page errors (should stay empty). */
  consoleErrors: string[];
}

/** Attaches the request and console guards to a page. */
export function guard(page: Page): GuardedPage {
  const outsideRequests: string[] = [];
  const consoleErrors: string[] = [];
  page.on("request", (request) => {
    if (!isLocalRequest(request.url())) outsideRequests.push(request.url());
  });
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(`pageerror: ${error.message}`));
  return { page, outsideRequests, consoleErrors };
}

export interface SiteBrowser {
  browser: Browser;
  /** Opens a path of the site (e.g. "kommun/0180?ersattning=ohalsa") in a new guarded page. */
  openPage(
    sitePath?: string,
    options?: { width?: number; height?: number; colorScheme?: "light" | "dark" },
  ): Promise<GuardedPage>;
  close(): Promise<void>;
}

/** Launches Debian's Chromium (playwright-core) with the offline flags. */
export async function openBrowser(): Promise<SiteBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium saknas (${CHROMIUM}). Installera: apt-get update && apt-get install -y chromium`);
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return {
    browser,
    async openPage(sitePath = "", { width = 1280, height = 900, colorScheme = "light" } = {}) {
      const context = await browser.newContext({ viewport: { width, height }, locale: "sv-SE", colorScheme, acceptDownloads: true });
      const guarded = guard(await context.newPage());
      await guarded.page.goto(new URL(sitePath.replace(/^\//, ""), await siteUrl()).href);
      return guarded;
    },
    close: () => browser.close(),
  };
}

/** Runs `action` (e.g. a click on "Ladda ned CSV"), waits for the download and returns its file name and text. */
export async function downloadText(page: Page, action: () => Promise<unknown>): Promise<{ filename: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent("download"), action()]);
  const file = await download.path();
  return { filename: download.suggestedFilename(), text: readFileSync(file, "utf-8") };
}

/** Parses the site's CSV (BOM, semicolons, decimal comma) into rows of strings: [header, ...rows]. */
export function parseSwedishCsv(text: string): string[][] {
  const body = text.replace(/^\ufeff/, "");
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ";") {
      row.push(field);
      field = "";
    } else if (c === "\r") continue;
    else if (c === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** A Swedish CSV number ("52,31", "" = missing) as a number or null. */
export function csvNumber(text: string): number | null {
  return text === "" ? null : Number(text.replace(",", "."));
}

/** Read-only query of the database the site was built from. */
export function queryDb(sql: string): Promise<Row[]> {
  return query(databasePath(), sql);
}

/** One row of forsorjningsmatt with its parts: kr the DOUBLE, belopp and befolkning the exact DECIMAL as text. */
export interface Matt {
  regiontyp: string;
  regionkod: string;
  period: string;
  ersattning: string;
  kon: string;
  kr: number;
  belopp_kr: string;
  befolkning: string;
  dagar: number;
  preliminar: boolean;
}

/** forsorjningsmatt's rows WHERE `where`, with their parts, from the site's database (or through `run`). */
export async function mattRader(where: string, run: (sql: string) => Promise<Row[]> = queryDb): Promise<Matt[]> {
  return (await run(
    `SELECT regiontyp, regionkod, period, ersattning, kon, kr_per_invanare_och_dag AS kr, belopp_kr::VARCHAR AS belopp_kr,
            befolkning::VARCHAR AS befolkning, dagar::INTEGER AS dagar, preliminar
     FROM forsorjningsmatt WHERE ${where}`,
  )) as unknown as Matt[];
}

/** A DECIMAL from the database as a download writes it, in full: "1291794205.34" → "1291794205,34". */
export const csvDecimal = (value: string) => value.replace(".", ",");

/** The column of a CSV header by its label (a download's columns are found by name, never by position). */
export const csvColumn = (header: string[]) => (label: string) => {
  const i = header.indexOf(label);
  if (i < 0) throw new Error(`kolumnen "${label}" saknas: ${header.join(" | ")}`);
  return i;
};
