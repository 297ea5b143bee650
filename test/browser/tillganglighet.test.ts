// Accessibility of the built site (issue #11, lag 2018:1937 → EN 301 549 → WCAG 2.1 AA), in headless Chromium:
//   - axe-core (npm, pinned; injected with playwright-core) with its WCAG 2.0 and 2.1 A and AA rules on one page of
//     every page type in dist/ — discovered from the build, so pages added later (rapport, ekonomi, insatser, …) are
//     tested without a change here — in the light and the dark colour scheme; any violation fails, listed by rule,
//     impact, selector and markup. The light pass opens every "Visa som tabell" first, so the charts' tables are checked;
//   - keyboard only: the skip link, the search, the period switch, a download, the map and the play button;
//   - 320 px wide and 200 % text: no page scrolls sideways; cards keep their natural height; headings wrap between
//     words; screenshots at 390 px (start, kommun, förbund) and 320 px (kommun) in test-results/.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AXE_VERSION, countByRule, describeViolations, pageTypes, runAxe, waitForRendered } from "./axe.ts";
import { downloadText, openBrowser, siteUrl, type SiteBrowser } from "./site.ts";

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SKARMBILDER = path.join(PROJECT_ROOT, "test-results", "tillganglighet");

vi.setConfig({ testTimeout: 300_000 });

let b: SiteBrowser;
beforeAll(async () => {
  await siteUrl(); // the shared build (test/browser/global-setup.ts) is ready before pageTypes() reads dist/
  b = await openBrowser();
}, 600_000);
afterAll(async () => {
  await b?.close();
});

/** The page types this branch builds; pages other branches add are tested too when they exist in dist/. */
const GRUNDTYPER = ["start", "oversikt", "kommun", "lan", "forbund", "jamfor", "karta", "helarsekvivalenter", "datakvalitet", "metod", "tillganglighet", "404"];

async function oppna(sitePath: string, options: Parameters<SiteBrowser["openPage"]>[1] = {}): Promise<Page> {
  const { page } = await b.openPage(sitePath, options);
  await waitForRendered(page);
  return page;
}

describe(`axe-core ${AXE_VERSION}: inga överträdelser av WCAG 2.0/2.1 A och AA`, () => {
  for (const colorScheme of ["light", "dark"] as const) {
    it(`varje sidtyp i dist/, ${colorScheme === "light" ? "ljust tema (med diagrammens tabeller öppna)" : "mörkt tema"}`, async () => {
      const typer = pageTypes();
      expect(typer.map((t) => t.type)).toEqual(expect.arrayContaining(GRUNDTYPER));
      console.log(`axe-core ${AXE_VERSION}, ${colorScheme}: ${typer.length} sidtyper — ${typer.map((t) => `${t.type} (/${t.path})`).join(", ")}`);
      const fel: string[] = [];
      const antal: Record<string, number> = {};
      for (const { type, path: sida } of typer) {
        const page = await oppna(sida, { colorScheme });
        if (colorScheme === "light") {
          // Open every disclosure; a chart's table is made on its "toggle" event.
          const tabeller = await page.evaluate(() => {
            const diagram = document.querySelectorAll("details.diagram-tabell");
            document.querySelectorAll("details").forEach((d) => (d.open = true));
            return diagram.length;
          });
          await page.waitForFunction((n) => document.querySelectorAll("details.diagram-tabell table").length === n, tabeller);
          await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
        }
        const violations = await runAxe(page);
        for (const [regel, n] of Object.entries(countByRule(violations))) antal[regel] = (antal[regel] ?? 0) + n;
        fel.push(...describeViolations(violations).map((rad) => `${type} (/${sida}): ${rad}`));
        await page.context().close();
      }
      if (fel.length) console.log(`Överträdelser per regel (${colorScheme}): ${JSON.stringify(antal)}`);
      expect(fel, fel.join("\n")).toEqual([]);
    });
  }
});

/** What has keyboard focus: tag, id, classes, text or name. */
async function fokus(page: Page): Promise<{ tag: string; id: string; cls: string; text: string; name: string; type: string; href: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      tag: el?.tagName.toLowerCase() ?? "",
      id: el?.id ?? "",
      cls: typeof el?.className === "string" ? el.className : (el?.getAttribute("class") ?? ""),
      text: (el?.textContent ?? "").trim().slice(0, 80),
      name: el?.getAttribute("aria-label") ?? (el as HTMLInputElement | null)?.name ?? "",
      type: (el as HTMLInputElement | null)?.type ?? "",
      href: el?.getAttribute("href") ?? "",
    };
  });
}

/** Presses Tab until `match` holds for the focused element (at most `max` times); returns the number of presses. */
async function tabbaTill(page: Page, match: (f: Awaited<ReturnType<typeof fokus>>) => boolean, max = 80): Promise<number> {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press("Tab");
    if (match(await fokus(page))) return i;
  }
  throw new Error(`Nådde inte målet med ${max} tryck på Tab (fokus: ${JSON.stringify(await fokus(page))})`);
}

/** The focused element's outline: visible, at least 2 px, and its colour's contrast against the page. */
async function fokusMarkering(page: Page): Promise<{ style: string; width: number; color: string }> {
  return page.evaluate(() => {
    const cs = getComputedStyle(document.activeElement!);
    return { style: cs.outlineStyle, width: parseFloat(cs.outlineWidth), color: cs.outlineColor };
  });
}

describe("tangentbord: bara Tab och Enter (och piltangenter i en radioknappsgrupp)", () => {
  it("kommunsidan: Hoppa till innehållet, sökrutan, halvår/år, en nedladdning; fokus syns", async () => {
    const page = await oppna("kommun/0482");
    // 1. The skip link is the first stop, shown when focused, and leads into <main>.
    await page.keyboard.press("Tab");
    expect((await fokus(page)).text).toBe("Hoppa till innehållet");
    const box = await page.locator(".hoppa-till-innehall").boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(await fokusMarkering(page)).toMatchObject({ style: "solid", width: 2 });
    // 2. The header's search box comes before the page's own controls.
    await tabbaTill(page, (f) => f.id === "site-search-input", 20);
    expect((await fokusMarkering(page)).style).toBe("solid");
    // 3. The period switch (a radio group: Tab reaches the chosen one, the arrow keys choose).
    await tabbaTill(page, (f) => f.tag === "input" && f.type === "radio");
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => page.evaluate(() => location.search)).toContain("period=ar");
    await waitForRendered(page);
    // 4. A download button, activated with Enter: the CSV of the chosen view (years now).
    await tabbaTill(page, (f) => f.tag === "button" && f.text === "Ladda ned CSV");
    expect((await fokusMarkering(page)).style).toBe("solid");
    const { filename, text } = await downloadText(page, () => page.keyboard.press("Enter"));
    expect(filename).toMatch(/\.csv$/);
    expect(text.split("\n")[0]).toMatch(/^\ufeff?År;/);
    // 5. "Visa som tabell" opens with Enter.
    await tabbaTill(page, (f) => f.tag === "summary" && f.text === "Visa som tabell");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => (document.activeElement!.parentElement as HTMLDetailsElement).open)).toBe(true);
    await page.context().close();
  });

  it("Hoppa till innehållet flyttar fokus till huvudinnehållet; sökrutan går till en kommun med Enter", async () => {
    const page = await oppna("");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    expect((await fokus(page)).id).toBe("observablehq-main");
    // The next Tab lands in the main content, not in the sidebar or header.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement!.closest("#observablehq-main") != null)).toBe(true);
    // Search: from the top of the page (without #observablehq-main in the address), Tab to the search box, type, Enter.
    await page.goto(new URL("./", await siteUrl()).href);
    await waitForRendered(page);
    await tabbaTill(page, (f) => f.id === "site-search-input", 20);
    await page.keyboard.type("Flen");
    await expect.poll(() => page.locator("#site-search-list li").count()).toBeGreaterThan(0);
    await Promise.all([page.waitForURL(/\/kommun\/0482/), page.keyboard.press("Enter")]);
    await page.context().close();
  });

  it("kartan: uppspelningen startar och pausar med Enter, ett område nås med Tab och öppnas med Enter", async () => {
    const page = await oppna("karta");
    await tabbaTill(page, (f) => f.cls.includes("karta-spela"));
    await page.keyboard.press("Enter");
    expect(await page.getAttribute(".karta-spela", "aria-pressed")).toBe("true");
    await page.keyboard.press("Enter");
    expect(await page.getAttribute(".karta-spela", "aria-pressed")).toBe("false");
    await waitForRendered(page);
    await tabbaTill(page, (f) => f.tag === "a" && f.cls.includes("karta-omrade"));
    const omrade = await fokus(page);
    expect(omrade.name).toMatch(/: .*kr per invånare och dag, plats \d+ av \d+|inget värde/);
    expect(await fokusMarkering(page)).toMatchObject({ style: "solid", width: 2 });
    await Promise.all([page.waitForURL(/\/kommun\/\d{4}/), page.keyboard.press("Enter")]);
    await page.context().close();
  });
});

/** Sideways overflow of the page: how much wider the document is than the window (0 = none). */
function sidledsOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe("smal skärm och förstorad text", () => {
  it("ingen sida rullar i sidled vid 320 px bredd eller med 200 % textstorlek (tabeller rullar i sin egen ruta)", async () => {
    const fel: string[] = [];
    for (const { type, path: sida } of pageTypes()) {
      for (const fall of [{ width: 320, zoom: null }, { width: 1280, zoom: "200%" }] as const) {
        const page = await oppna(sida, { width: fall.width, height: 800 });
        if (fall.zoom) {
          await page.evaluate((z) => (document.documentElement.style.fontSize = z), fall.zoom);
          await page.waitForTimeout(500);
        }
        const over = await sidledsOverflow(page);
        if (over > 0) {
          const breda = await page.evaluate(() =>
            Array.from(document.querySelectorAll("#observablehq-center *"))
              .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !el.closest(".table-scroll, pre"))
              .slice(0, 3)
              .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}.${(el.getAttribute("class") ?? "").split(" ")[0]}`),
          );
          fel.push(`${type} (/${sida}) ${fall.width} px${fall.zoom ? `, text ${fall.zoom}` : ""}: ${over} px för bred (${breda.join(", ")})`);
        }
        // A scrolling table is a named region the keyboard can reach.
        const rutor = await page.evaluate(() =>
          Array.from(document.querySelectorAll(".table-scroll, pre"))
            .filter((el) => el.scrollWidth > el.clientWidth + 1 && el.getClientRects().length > 0)
            .map((el) => ({ tabindex: el.getAttribute("tabindex"), role: el.getAttribute("role"), label: el.getAttribute("aria-label") })),
        );
        for (const r of rutor) {
          if (r.tabindex !== "0" || r.role !== "region" || !r.label) fel.push(`${type} (/${sida}) ${fall.width} px: en rullande ruta går inte att nå med tangentbordet (${JSON.stringify(r)})`);
        }
        await page.context().close();
      }
    }
    expect(fel, fel.join("\n")).toEqual([]);
  });

  it("390 px: korten behåller sin naturliga höjd, rubriker bryts mellan ord; skärmbilder av start-, kommun- och förbundssidan", async () => {
    mkdirSync(SKARMBILDER, { recursive: true });
    for (const [namn, sida, bredd] of [
      ["start", "", 390],
      ["kommun", "kommun/0482", 390],
      ["forbund", "forbund/rar-i-sodermanland", 390],
      ["kommun", "kommun/0482", 320],
      ["forbund", "forbund/rar-i-sodermanland", 320],
    ] as const) {
      const page = await oppna(sida, { width: bredd, height: 844 });
      expect(await sidledsOverflow(page), namn).toBe(0);
      // Cards: each as tall as its content (no stretched card beside a taller one).
      const kort = await page.evaluate(() =>
        Array.from(document.querySelectorAll("#observablehq-main .grid > .card")).map((c) => {
          const innehall = Array.from(c.children).reduce((h, el) => Math.max(h, el.getBoundingClientRect().bottom), c.getBoundingClientRect().top);
          return { testid: (c as HTMLElement).dataset.testid ?? "", luft: c.getBoundingClientRect().bottom - innehall };
        }),
      );
      for (const k of kort) expect(k.luft, `${namn}: kortet ${k.testid} har ${Math.round(k.luft)} px tom yta under innehållet`).toBeLessThan(40);
      // Headings: no word split over two lines (a word's text has one line box).
      const brutna = await page.evaluate(() => {
        const ut: string[] = [];
        for (const h of Array.from(document.querySelectorAll("#observablehq-main h1, #observablehq-main h2, #observablehq-main h3"))) {
          const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const text = n.textContent ?? "";
            for (const m of text.matchAll(/[^\s\u00ad-]+/g)) {
              const r = document.createRange();
              r.setStart(n, m.index!);
              r.setEnd(n, m.index! + m[0].length);
              const rader = new Set(Array.from(r.getClientRects()).filter((x) => x.width > 0).map((x) => Math.round(x.top)));
              if (rader.size > 1) ut.push(`${h.tagName} "${m[0]}"`);
            }
          }
        }
        return ut;
      });
      expect(brutna, `${namn}: ord som bryts mitt i`).toEqual([]);
      await page.screenshot({ path: path.join(SKARMBILDER, `${namn}-${bredd}.png`), fullPage: true });
      await page.context().close();
    }
  });
});
