// Browser test of Översikt (riket): KPI cards equal the database (latest half-year, change against the same
// half-year a year earlier), the stacked chart and the table are there, the CSV equals the database rows, the page
// reads in dark mode and at phone width, with no outside request and no console error.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvNumber, downloadText, openBrowser, parseSwedishCsv, queryDb, type GuardedPage, type SiteBrowser } from "./site.ts";

let b: SiteBrowser;
const guards: GuardedPage[] = [];
beforeAll(async () => {
  b = await openBrowser();
});
afterAll(async () => {
  await b?.close();
});

const kr = (n: number) => `${n.toFixed(2).replace(".", ",").replace("-", "\u2212")}\u00a0kr`;

describe("översikten", () => {
  it("visar KPI-kort för riket med värde och förändring mot samma halvår ett år tidigare", async () => {
    const g = await b.openPage("oversikt");
    guards.push(g);
    const { page } = g;
    await page.waitForSelector("[data-testid=kpi-totalt] svg", { timeout: 30_000 });
    // One query (the measure's view is computed anew for each), half-years only: the page's default view.
    const alla = await queryDb(
      `SELECT ersattning, period, kr_per_invanare_och_dag AS kr FROM forsorjningsmatt
       WHERE regiontyp = 'riket' AND kon = 'T' AND length(period) = 6 ORDER BY period DESC`,
    );
    for (const ers of ["totalt", "ohalsa", "arbetsmarknad", "ekonomiskt_bistand"]) {
      const rows = alla.filter((r) => r.ersattning === ers);
      const latest = rows[0];
      const yearBefore = rows.find((r) => r.period === `${Number(String(latest.period).slice(0, 4)) - 1}${String(latest.period).slice(4)}`)!;
      const card = await page.innerText(`[data-testid=kpi-${ers}]`);
      expect(card).toContain(kr(Number(latest.kr)));
      const change = Number(latest.kr) - Number(yearBefore.kr);
      // the change is computed from the rounded-to-4 loader values; allow the last shown digit to differ by rounding
      const shown = /([+\u2212]?\d+,\d{2})\u00a0kr \(/.exec(card)![1].replace(",", ".").replace("\u2212", "-");
      expect(Number(shown)).toBeCloseTo(change, 2);
      expect(card).toMatch(/[12]:a halvåret \d{4}/);
    }
    expect(await page.getAttribute("#oversikt-komponenter svg[aria-label]", "aria-label")).toBe("Försörjningsmåttet per ersättning, riket");
  });

  it("laddar ned en CSV lika med databasens rader för riket", async () => {
    const { page } = guards[0];
    const { filename, text } = await downloadText(page, () => page.locator(".table-head").getByRole("button", { name: "Ladda ned CSV" }).click());
    expect(filename).toBe("riket-forsorjningsmatt.csv");
    const [header, ...rows] = parseSwedishCsv(text);
    expect(header.slice(0, 4)).toEqual(["Halvår", "Totalt, kr per invånare och dag", "Ohälsa", "Arbetsmarknad"]);
    const db = await queryDb(
      `SELECT period,
         round(max(kr_per_invanare_och_dag) FILTER (WHERE ersattning = 'totalt'), 2)::DOUBLE AS totalt,
         round(max(kr_per_invanare_och_dag) FILTER (WHERE ersattning = 'ohalsa'), 2)::DOUBLE AS ohalsa,
         max(belopp_kr) FILTER (WHERE ersattning = 'totalt')::DOUBLE AS belopp
       FROM forsorjningsmatt WHERE regiontyp = 'riket' AND kon = 'T' AND length(period) = 6 GROUP BY period ORDER BY period DESC`,
    );
    const beloppIndex = header.indexOf("Utbetalt belopp totalt, kr");
    expect(rows.map((r) => [r[0], csvNumber(r[1]), csvNumber(r[2]), csvNumber(r[beloppIndex])])).toEqual(
      db.map((r) => [r.period, r.totalt, r.ohalsa, r.belopp]),
    );
  });

  it("fungerar i mörkt läge och på mobilbredd", async () => {
    const g = await b.openPage("oversikt", { width: 390, height: 844, colorScheme: "dark" });
    guards.push(g);
    const { page } = g;
    await page.waitForSelector("#oversikt-komponenter svg[aria-label]", { timeout: 30_000 });
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).not.toBe("rgb(255, 255, 255)");
    // Nothing wider than the screen except inside the scrolling table box.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
  });

  it("gör inga anrop utanför 127.0.0.1 och har inga fel i konsolen", () => {
    expect(guards.flatMap((g) => g.outsideRequests)).toEqual([]);
    expect(guards.flatMap((g) => g.consoleErrors)).toEqual([]);
  });
});
