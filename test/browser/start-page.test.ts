// Browser test of the built start page: build the site from the project's database, serve dist/ on 127.0.0.1,
// drive Debian's Chromium with playwright-core, change the region and check what a user sees — with no request
// leaving the machine and no error in the console.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guard, openBrowser, siteUrl, type SiteBrowser } from "./site.ts";
import type { Page } from "playwright-core";

// A Swedish amount in kronor with two decimals: "52,31 kr" (no-break space before kr, optional thousands groups).
const SWEDISH_KR = /\d+,\d{2}\u00a0kr/;
const LINE_CHART = "#linjediagram svg[aria-label]";
const BAR_CHART = "#komponentdiagram svg[aria-label]";

// The site is built once per test run and served on 127.0.0.1 (test/browser/global-setup.ts, site.ts).
let site: SiteBrowser;
let server: { url: string };
let page: Page;
let outsideRequests: string[];
let consoleErrors: string[];

beforeAll(async () => {
  server = { url: await siteUrl() };
  site = await openBrowser();
  const context = await site.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "sv-SE" });
  ({ page, outsideRequests, consoleErrors } = guard(await context.newPage()));
});

afterAll(async () => {
  await site?.close();
});

describe("startsidan", () => {
  it("visar diagram, svenska tal och demodata-banderollen för riket", async () => {
    await page.goto(server.url);
    await page.waitForSelector(LINE_CHART, { timeout: 20_000 });
    await page.waitForSelector(BAR_CHART);

    expect(await page.title()).toContain("Försörjningsmåttet");
    const ariaLabel = await page.getAttribute(LINE_CHART, "aria-label");
    expect(ariaLabel).toContain("Riket");
    expect(await page.getAttribute(LINE_CHART, "aria-description")).toMatch(/kronor per invånare \d+–\d+ år och dag/);

    const text = await page.innerText("body");
    expect(text).toMatch(SWEDISH_KR);
    expect(text).toMatch(/[12]:a halvåret \d{4}/);
    expect(text).toMatch(/16–64 år/);
    // The demo database says installning.demodata = 'ja': the banner must be there, near the top.
    expect(await page.locator(".demo-banner").innerText()).toMatch(/Demodata: siffrorna är syntetiska/);

    // The table has one row per half-year with Swedish amounts.
    const rows = await page.locator(".value-table tbody tr").count();
    expect(rows).toBeGreaterThanOrEqual(2);
    expect(await page.locator(".value-table tbody tr").first().innerText()).toMatch(SWEDISH_KR);
  });

  it("byter till en kommun och ritar om diagrammet med län och riket som jämförelse", async () => {
    const before = await page.innerHTML(LINE_CHART);
    const kpiBefore = await page.innerText("[data-testid=kpi-totalt]");

    // Search narrows the options; then pick the kommun.
    await page.fill("input[name=sok]", "Uppsala");
    const options = await page.locator("select[name=region] option").allInnerTexts();
    expect(options).toContain("Uppsala");
    expect(options.every((o) => o.toLowerCase().includes("uppsala"))).toBe(true);
    await page.selectOption("select[name=region]", "kommun:0380");

    await page.waitForFunction(
      (selector) => document.querySelector(selector)?.getAttribute("aria-label")?.includes("Uppsala") === true,
      LINE_CHART,
    );
    const after = await page.innerHTML(LINE_CHART);
    expect(after).not.toBe(before);

    const figure = await page.innerText("#linjediagram");
    expect(figure).toContain("Uppsala län"); // the kommun's län as reference line (legend and caption)
    expect(figure).toContain("Riket");
    expect(await page.getAttribute(BAR_CHART, "aria-label")).toContain("Uppsala");

    // The stacked chart's tooltip speaks Swedish too.
    const bars = page.locator(BAR_CHART);
    await bars.scrollIntoViewIfNeeded();
    const box = await bars.boundingBox();
    await bars.hover({ position: { x: box!.width * 0.5, y: box!.height * 0.85 } });
    await expect
      .poll(() => page.locator(`${BAR_CHART} g[data-mark=tip]`).textContent())
      .toMatch(/[12]:a halvåret \d{4}.*\d+,\d{2}\u00a0kr av totalt/);

    const kpiAfter = await page.innerText("[data-testid=kpi-totalt]");
    expect(kpiAfter).toMatch(SWEDISH_KR);
    expect(kpiAfter).not.toBe(kpiBefore);
    expect(page.url()).toContain("region=kommun%3A0380");
    // A link to the kommun's own page.
    expect(await page.getAttribute("[data-testid=kommunsida-lank] a", "href")).toBe("./kommun/0380");
    expect(await page.innerText("[data-testid=kommunsida-lank] a")).toBe("Uppsalas kommunsida");
  });

  it("kan länkas till en region och visar en 404-sida för okända adresser", async () => {
    await page.goto(`${server.url}?region=lan:01`);
    await page.waitForFunction(
      (selector) => document.querySelector(selector)?.getAttribute("aria-label")?.includes("Stockholms län") === true,
      LINE_CHART,
    );
    expect(await page.innerText("#linjediagram")).toContain("Riket");

    const missing = await fetch(`${server.url}finns-inte`);
    expect(missing.status).toBe(404);
    const missingHtml = await missing.text();
    expect(missingHtml).toContain("Sidan finns inte");
    expect(missingHtml).toContain("demo-banner"); // the banner is on every page, the 404 page too
    const clean = await fetch(`${server.url}index`);
    expect(clean.status).toBe(200);
    expect(clean.headers.get("content-type")).toMatch(/text\/html/);
  });

  it("gör inga anrop utanför 127.0.0.1 och har inga fel i konsolen", () => {
    expect(outsideRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
