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

  it("laddar ned en CSV lika med databasens rader för riket, i full precision och med delarna", async () => {
    const { page } = guards[0];
    const { filename, text } = await downloadText(page, () => page.locator(".table-head").getByRole("button", { name: "Ladda ned CSV" }).click());
    expect(filename).toBe("riket-forsorjningsmatt.csv");
    const [header, ...rows] = parseSwedishCsv(text);
    // The page's columns (totalt, the groups, each ersättning, totalt's belopp, befolkning and Preliminärt), then each
    // measure's parts it has no column for — a group's with its scope — and the days (issue #12).
    const grupper = [
      ["ohalsa", "Ohälsa", "2 av 2: sjukpenning, sjuk- och aktivitetsersättning"],
      ["arbetsmarknad", "Arbetsmarknad", "3 av 3: arbetslöshetsersättning, aktivitetsstöd, etableringsersättning"],
    ];
    const enskilda = [
      ["sjukpenning", "Sjukpenning och rehabiliteringspenning"],
      ["sjuk_och_aktivitetsersattning", "Sjuk- och aktivitetsersättning"],
      ["arbetsloshetsersattning", "Arbetslöshetsersättning"],
      ["aktivitetsstod", "Aktivitetsstöd och utvecklingsersättning"],
      ["etableringsersattning", "Etableringsersättning"],
      ["ekonomiskt_bistand", "Ekonomiskt bistånd"],
    ];
    const delar = (namn: string) => [`${namn}: utbetalt belopp, kr`, `${namn}: befolkning 16–64 år`, `${namn}: preliminärt`];
    expect(header).toEqual([
      "Halvår",
      "Totalt, kr per invånare och dag",
      ...grupper.map(([, namn]) => namn),
      ...enskilda.map(([, namn]) => namn),
      "Utbetalt belopp totalt, kr",
      "Befolkning 16–64 år", // the page's own column: its no-break space is a plain one in a download header
      "Preliminärt",
      "Totalt: ersättningar som ingår",
      ...grupper.flatMap(([, namn]) => [...delar(namn), `${namn}: ersättningar som ingår`]),
      ...enskilda.flatMap(([, namn]) => delar(namn)),
      "Dagar",
    ]);
    const col = (label: string) => header.indexOf(label);
    // forsorjningsmatt for riket: kr the DOUBLE, belopp and befolkning the exact DECIMAL.
    const db = await queryDb(
      `SELECT period, ersattning, kr_per_invanare_och_dag AS kr, belopp_kr::VARCHAR AS belopp_kr, befolkning::VARCHAR AS befolkning,
              dagar::INTEGER AS dagar, preliminar
       FROM forsorjningsmatt WHERE regiontyp = 'riket' AND kon = 'T' AND length(period) = 6`,
    );
    const rad = new Map(db.map((r) => [`${r.period}|${r.ersattning}`, r]));
    expect(rows.map((r) => r[0])).toEqual([...new Set(db.map((r) => String(r.period)))].sort().reverse());
    const decimal = (v: unknown) => String(v).replace(".", ",");
    const sexAvSex =
      "6 av 6: sjukpenning, sjuk- och aktivitetsersättning, arbetslöshetsersättning, aktivitetsstöd, etableringsersättning, ekonomiskt bistånd";
    for (const r of rows) {
      const matt: [string, string, string[], string | null][] = [
        ["totalt", "Totalt, kr per invånare och dag", ["Utbetalt belopp totalt, kr", "Befolkning 16–64 år", "Preliminärt"], sexAvSex],
        ...grupper.map(([e, namn, omfattning]): [string, string, string[], string | null] => [e, namn, delar(namn), omfattning]),
        ...enskilda.map(([e, namn]): [string, string, string[], string | null] => [e, namn, delar(namn), null]),
      ];
      for (const [e, label, [belopp, befolkning, preliminar], omfattning] of matt) {
        const d = rad.get(`${r[0]}|${e}`)!;
        // The value in full: the CSV's text gives the database's DOUBLE back, not the 2 decimals shown on the page.
        expect(csvNumber(r[col(label)]), `${r[0]} ${e}`).toBe(d.kr);
        expect(r[col(belopp)], `${r[0]} ${e}`).toBe(decimal(d.belopp_kr));
        expect(r[col(befolkning)], `${r[0]} ${e}`).toBe(decimal(d.befolkning));
        expect(r[col(preliminar)], `${r[0]} ${e}`).toBe(d.preliminar ? "ja" : "nej");
        if (omfattning) expect(r[col(label === "Totalt, kr per invånare och dag" ? "Totalt: ersättningar som ingår" : `${label}: ersättningar som ingår`)]).toBe(omfattning);
      }
      expect(Number(r[col("Dagar")])).toBe(rad.get(`${r[0]}|totalt`)!.dagar);
    }
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
