// Halvår and år on the demo (half-year data, so the years are formed from two half-years): the år view lists exactly
// the complete years, KPI cards compare a year with the year before, the period and kön choices are kept in the
// address and survive a reload, and the län pages rank their kommuner as the database does.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { formatKr } from "../../src/components/format.js";
import { openBrowser, queryDb, siteUrl, type GuardedPage, type SiteBrowser } from "./site.ts";

vi.setConfig({ testTimeout: 60_000 });

let b: SiteBrowser;
const guards: GuardedPage[] = [];
beforeAll(async () => {
  await siteUrl();
  b = await openBrowser();
}, 300_000);
afterAll(async () => {
  await b?.close();
});

async function open(path: string, options?: { width?: number }): Promise<GuardedPage> {
  const g = await b.openPage(path, options);
  guards.push(g);
  return g;
}

const kr2 = (v: unknown) => formatKr(Number(Number(v).toFixed(2)));

describe("år på halvårsdata", () => {
  it("listar precis de hela åren (båda halvåren finns) i år-vyn på startsidan", async () => {
    const rader = await queryDb(
      `SELECT period, round(kr_per_invanare_och_dag, 2)::DOUBLE AS kr FROM forsorjningsmatt
       WHERE regiontyp = 'riket' AND ersattning = 'totalt' AND kon = 'T' ORDER BY period`,
    );
    const halvar = rader.filter((r) => String(r.period).length === 6).map((r) => String(r.period));
    const hela = [...new Set(halvar.map((p) => p.slice(0, 4)))].filter((ar) => halvar.includes(`${ar}H1`) && halvar.includes(`${ar}H2`));
    const ar = rader.filter((r) => String(r.period).length === 4);
    expect(ar.map((r) => r.period)).toEqual(hela);

    const { page } = await open("?period=ar");
    await page.waitForSelector("#linjediagram svg[aria-label]", { timeout: 30_000 });
    const perioder = (await page.locator(".value-table tbody tr th").allInnerTexts()).map((t) => t.replace(/ \(prel\.\)$/, ""));
    expect(perioder).toEqual([...hela].reverse());
    expect(await page.innerText("[data-testid=kpi-totalt]")).toBe(kr2(ar.at(-1)!.kr));
    expect(await page.innerText("[data-testid=kpi-forandring]")).toContain(`mot ${hela.at(-2)}`);
    expect(await page.getAttribute("#linjediagram svg[aria-label]", "aria-description")).toContain("per år");
  });

  it("Översikt: valet År skrivs i adressen och finns kvar efter omladdning", async () => {
    const { page } = await open("oversikt");
    await page.waitForSelector("[data-testid=kpi-totalt] svg", { timeout: 30_000 });
    expect(await page.innerText("[data-testid=kpi-totalt]")).toMatch(/2:a halvåret \d{4}/);
    await page.getByLabel("År", { exact: true }).check();
    await expect.poll(() => page.url()).toContain("period=ar");
    await page.reload();
    await page.waitForSelector("[data-testid=kpi-totalt] svg", { timeout: 30_000 });
    expect(await page.getByLabel("År", { exact: true }).isChecked()).toBe(true);
    const [senaste] = await queryDb(
      `SELECT period, kr_per_invanare_och_dag AS kr FROM forsorjningsmatt WHERE regiontyp = 'riket' AND ersattning = 'totalt' AND kon = 'T' AND length(period) = 4 ORDER BY period DESC LIMIT 1`,
    );
    const kort = await page.innerText("[data-testid=kpi-totalt]");
    expect(kort).toContain(kr2(senaste.kr));
    expect(kort).toContain(`per invånare och dag, ${senaste.period}`);
    expect(kort).toContain(`mot ${Number(senaste.period) - 1}`);
  });

  it("kommunsidan: år, kön och ersättning från adressen, kvar efter omladdning, med databasens värden", async () => {
    const { page } = await open("kommun/0180?period=ar&kon=K&ersattning=ohalsa");
    await page.waitForSelector("#kommun-linjer svg[aria-label]", { timeout: 30_000 });
    await page.reload();
    await page.waitForSelector("#kommun-linjer svg[aria-label]", { timeout: 30_000 });
    expect(await page.getAttribute("#kommun-linjer svg[aria-label]", "aria-label")).toBe("Ohälsa, kvinnor: Stockholm, Stockholms län och riket");
    expect(await page.getByLabel("Kvinnor", { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel("År", { exact: true }).isChecked()).toBe(true);
    const db = await queryDb(
      `SELECT k.period, k.kr_per_invanare_och_dag AS kommun, l.kr_per_invanare_och_dag AS lan FROM forsorjningsmatt k
       JOIN forsorjningsmatt l ON l.regiontyp = 'lan' AND l.regionkod = '01' AND l.period = k.period AND l.ersattning = k.ersattning AND l.kon = k.kon
       WHERE k.regiontyp = 'kommun' AND k.regionkod = '0180' AND k.ersattning = 'ohalsa' AND k.kon = 'K' AND length(k.period) = 4 ORDER BY k.period DESC`,
    );
    const rader = page.locator("[data-testid=kommun-tabell] tbody tr");
    expect(await rader.count()).toBe(db.length);
    const forsta = await rader.first().innerText();
    expect(forsta.split("\t").slice(0, 3).map((c) => c.trim())).toEqual([String(db[0].period), kr2(db[0].kommun), kr2(db[0].lan)]);
    // Rank and change are per kind too: the latest year, against the year before.
    expect(await page.innerText("[data-testid=kommun-rang]")).toContain(`totalt, ${db[0].period}`);
    expect(await page.innerText("[data-testid=kommun-senaste]")).toContain(`mot ${Number(db[0].period) - 1}`);
  });

  it("Jämför och Karta: år och kön från adressen", async () => {
    const j = await open("jamfor?period=ar&kon=M&regioner=riket:00,forbund:blekinge&ersattning=sjukpenning");
    await j.page.waitForSelector("#jamfor-diagram svg[aria-label]", { timeout: 30_000 });
    expect(await j.page.getAttribute("#jamfor-diagram svg[aria-label]", "aria-label")).toBe("Sjukpenning och rehabiliteringspenning, män: Riket, Samordningsförbundet Blekinge");
    const ar = await queryDb(
      `SELECT period, kr_per_invanare_och_dag AS kr FROM forsorjningsmatt WHERE regiontyp = 'forbund' AND regionkod = 'blekinge' AND ersattning = 'sjukpenning' AND kon = 'M' AND length(period) = 4 ORDER BY period DESC`,
    );
    expect(await j.page.locator("#jamfor-tabell tbody tr").evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.period))).toEqual(ar.map((r) => r.period));
    expect((await j.page.locator("#jamfor-tabell tbody tr").first().locator("td").allInnerTexts())[1]).toBe(kr2(ar[0].kr));

    const k = await open("karta?period=ar");
    await k.page.waitForSelector("#karta svg[aria-label]", { timeout: 30_000 });
    expect(await k.page.innerText(".karta-stegare output")).toBe(String(ar[0].period));
    await k.page.getByRole("button", { name: "Föregående år" }).click();
    await expect.poll(() => k.page.url()).toContain(`period=${Number(ar[0].period) - 1}`);
    const href = await k.page.locator("#karta-tabell tbody tr").first().locator("a").getAttribute("href");
    expect(href).toMatch(/^\.\/kommun\/\d{4}\?period=ar$/);
  });

  it("länssidan rangordnar länets kommuner som databasen och länkar dem", async () => {
    const { page } = await open("lan/01");
    await page.waitForSelector("#lan-karta svg[aria-label]", { timeout: 30_000 });
    const db = await queryDb(
      `SELECT f.regionkod, round(f.kr_per_invanare_och_dag, 2)::DOUBLE AS kr FROM forsorjningsmatt f JOIN kommun k ON k.kommunkod = f.regionkod
       WHERE f.regiontyp = 'kommun' AND k.lanskod = '01' AND f.ersattning = 'totalt' AND f.kon = 'T'
         AND f.period = (SELECT max(period) FROM forsorjningsmatt WHERE length(period) = 6)
       ORDER BY f.kr_per_invanare_och_dag DESC`,
    );
    const rader = page.locator("[data-testid=lan-kommuner] tbody tr");
    expect(await rader.count()).toBe(db.length);
    for (let i = 0; i < 3; i++) {
      const celler = (await rader.nth(i).innerText()).split("\t").map((c) => c.trim());
      expect([celler[1], celler[3]]).toEqual([db[i].regionkod, kr2(db[i].kr)]);
    }
    expect(await rader.first().locator("a").getAttribute("href")).toBe(`../kommun/${db[0].regionkod}`);
    expect(await page.locator("#lan-karta svg[aria-label] a").count()).toBe(db.length);
    const [lan] = await queryDb(
      `SELECT kr_per_invanare_och_dag AS kr FROM forsorjningsmatt WHERE regiontyp = 'lan' AND regionkod = '01' AND ersattning = 'totalt' AND kon = 'T' ORDER BY length(period) DESC, period DESC LIMIT 1`,
    );
    expect(await page.innerText("[data-testid=lan-senaste] .kpi")).toBe(kr2(lan.kr));
    expect(await page.innerText("[data-testid=lan-forbund]")).toContain("Samordningsförbundet i Botkyrka");
    // From a kommun page and from the header search.
    const kommun = await open("kommun/0180");
    await kommun.page.waitForSelector("[data-testid=lan-lank]", { timeout: 30_000 });
    expect(await kommun.page.getAttribute("[data-testid=lan-lank]", "href")).toBe("../lan/01");
    await kommun.page.locator("#site-search-input").fill("Stockholms län");
    await kommun.page.waitForSelector("#site-search-list li[role=option]");
    await kommun.page.locator("#site-search-input").press("Enter");
    await kommun.page.waitForURL(/\/lan\/01$/);
  });

  it("gör inga anrop utanför 127.0.0.1 och har inga fel i konsolen", () => {
    expect(guards.length).toBeGreaterThanOrEqual(6);
    expect(guards.flatMap((g) => g.outsideRequests)).toEqual([]);
    expect(guards.flatMap((g) => g.consoleErrors.map((e) => `${g.page.url()}: ${e}`))).toEqual([]);
  });
});
