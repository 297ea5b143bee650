// Browser tests of Jämför, Karta, Helårsekvivalenter (demo values, and the empty state from a small database), Metod
// and Datakvalitet on the site built from the project's database (the demo): each page opens, a selection change
// changes chart and table, a deep link reproduces the view, a downloaded CSV equals the database rows, no request
// leaves 127.0.0.1 and the console stays clean.
import { spawnSync } from "node:child_process";
import fs, { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { REFERENCE_DIR } from "../../loaders/config.ts";
import { ingest } from "../../loaders/ingest.ts";
import { viewsSql } from "../../loaders/measures/views.ts";
import { monthlyRows, tempDir, writeFiles } from "../helpers.ts";
import { csvNumber, downloadText, openBrowser, parseSwedishCsv, queryDb, siteUrl, type GuardedPage, type SiteBrowser } from "./site.ts";

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TSX = path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx");

// Pages with half a megabyte of data: allow for a busy two-core machine.
vi.setConfig({ testTimeout: 60_000 });

let b: SiteBrowser;
const guards: GuardedPage[] = [];
beforeAll(async () => {
  await siteUrl(); // the first caller in a run waits for the shared build here, not inside a test's time limit
  b = await openBrowser();
}, 300_000);
afterAll(async () => {
  await b?.close();
});

async function open(path: string): Promise<GuardedPage> {
  const g = await b.openPage(path);
  guards.push(g);
  return g;
}

const kr = (n: number) => `${n.toFixed(2).replace(".", ",").replace("-", "\u2212")}\u00a0kr`;
const tal1 = (n: number) => n.toFixed(1).replace(".", ",");
const JAMFOR_SVG = "#jamfor-diagram svg[aria-label]";

/** KPI annual means from the reference file, as the page reads them. */
function kpi(): Map<number, number> {
  const text = readFileSync(`${REFERENCE_DIR}/kpi/kpi_arsmedel_beraknat.csv`, "utf8");
  return new Map(text.trim().split("\n").slice(1).map((l) => l.split(",")).map(([ar, v]) => [Number(ar), Number(v)]));
}

async function matt(regiontyp: string, regionkod: string, ersattning: string): Promise<Map<string, number>> {
  const rows = await queryDb(
    `SELECT period, kr_per_invanare_och_dag AS v FROM forsorjningsmatt
     WHERE regiontyp = '${regiontyp}' AND regionkod = '${regionkod}' AND ersattning = '${ersattning}' AND kon = 'T'`,
  );
  return new Map(rows.map((r) => [String(r.period), Number(r.v)]));
}

describe("Jämför", () => {
  it("visar riket, Stockholms län och Stockholm som standard med tabell per halvår", async () => {
    const { page } = await open("jamfor");
    await page.waitForSelector(JAMFOR_SVG, { timeout: 30_000 });
    expect(await page.getAttribute(JAMFOR_SVG, "aria-label")).toBe("Totalt: Riket, Stockholms län, Stockholm");
    expect(await page.getAttribute(JAMFOR_SVG, "aria-description")).toMatch(/kr per invånare 16–64 år och dag, löpande priser/);
    const header = await page.locator("#jamfor-tabell thead th").allInnerTexts();
    expect(header).toEqual(["Halvår", "Riket", "Stockholms län", "Stockholm"]);
    // The half-years: the default view (the years are shown apart, with the switch).
    const perioder = await queryDb("SELECT count(DISTINCT period)::INTEGER AS n FROM forsorjningsmatt WHERE length(period) = 6");
    expect(await page.locator("#jamfor-tabell tbody tr").count()).toBe(perioder[0].n);
    // The latest row: the database's values, Swedish format.
    const riket = await matt("riket", "00", "totalt");
    const senaste = [...riket.keys()].sort().at(-1)!;
    const forsta = await page.locator("#jamfor-tabell tbody tr").first().locator("td").allInnerTexts();
    expect(forsta[0]).toBe(kr(riket.get(senaste)!));
  });

  it("lägger till en kommun via sökning och ritar om diagram och tabell; adressen följer med", async () => {
    const { page } = guards[0];
    const before = await page.innerHTML(JAMFOR_SVG);
    await page.fill("input[name=sok-omrade]", "Uppsa");
    await expect.poll(() => page.locator(".region-valjare-lista li").allInnerTexts()).toContainEqual(expect.stringContaining("Uppsala"));
    // The first match is the kommun (name starts with the text); the län comes after it.
    await page.press("input[name=sok-omrade]", "Enter");
    await page.waitForFunction((s) => document.querySelector(s)?.getAttribute("aria-label")?.includes("Uppsala") === true, JAMFOR_SVG);
    expect(await page.innerHTML(JAMFOR_SVG)).not.toBe(before);
    await expect.poll(() => page.locator("#jamfor-tabell thead th").allInnerTexts()).toContain("Uppsala");
    expect(decodeURIComponent(page.url())).toContain("regioner=riket:00,lan:01,kommun:0180,kommun:0380");

    // Remove Stockholm with its chip button.
    await page.getByRole("button", { name: "Ta bort Stockholm", exact: true }).click();
    await page.waitForFunction((s) => document.querySelector(s)?.getAttribute("aria-label") === "Totalt: Riket, Stockholms län, Uppsala", JAMFOR_SVG);
    await expect.poll(() => page.locator("#jamfor-tabell thead th").allInnerTexts()).toEqual(["Halvår", "Riket", "Stockholms län", "Uppsala"]);
  });

  it("index: bashalvåret blir 100 och de andra värdena är kvoter mot det", async () => {
    const { page } = guards[0];
    await page.getByLabel("Index", { exact: true }).check();
    await page.locator("form:has-text('Bashalvår') select").selectOption({ label: "H1 2016" });
    await page.waitForFunction(() => document.querySelector("#jamfor-tabell caption")?.textContent?.includes("H1 2016 = 100"));
    const bas = await page.locator("#jamfor-tabell tbody tr[data-period='2016H1'] td").allInnerTexts();
    expect(bas).toEqual(["100,0", "100,0", "100,0"]);
    const uppsala = await matt("kommun", "0380", "totalt");
    const rad = await page.locator("#jamfor-tabell tbody tr[data-period='2020H2'] td").allInnerTexts();
    // The page computes from values rounded to 3 decimals: compare at the shown precision ±0.1.
    expect(Number(rad[2].replace(",", "."))).toBeCloseTo((uppsala.get("2020H2")! / uppsala.get("2016H1")!) * 100, 0);
    expect(decodeURIComponent(page.url())).toMatch(/matt=index.*bas=2016H1|bas=2016H1.*matt=index/);
  });

  it("fasta priser: ett halvår räknas om med sitt års KPI-medeltal till basåret", async () => {
    const { page } = guards[0];
    await page.getByLabel("Kronor per invånare och dag").check();
    await page.getByLabel("Fasta priser (KPI)").check();
    await page.locator("form:has-text('Basår för priser') select").selectOption({ label: "2020" });
    await page.waitForFunction(() => document.querySelector("#jamfor-tabell caption")?.textContent?.includes("2020 års priser"));
    const k = kpi();
    const riket = await matt("riket", "00", "totalt");
    const rad = await page.locator("#jamfor-tabell tbody tr[data-period='2024H1'] td").allInnerTexts();
    // 2024H1 in 2020 prices = value × KPI(2020) / KPI(2024); shown with 2 decimals (from a 3-decimal value).
    const vantat = (riket.get("2024H1")! * k.get(2020)!) / k.get(2024)!;
    expect(Number(rad[0].replace(",", ".").replace(/\u00a0kr/, ""))).toBeCloseTo(vantat, 1);
    expect(page.url()).toContain("pris=fasta");
    expect(page.url()).toContain("basar=2020");
  });

  it("en länk återskapar vyn: områden, ersättning, period, mått och bashalvår", async () => {
    const { page } = await open("jamfor?regioner=lan:12,forbund:blekinge&ersattning=ekonomiskt_bistand&matt=index&bas=2016H1&fran=2016H1&till=2020H2");
    await page.waitForSelector(JAMFOR_SVG, { timeout: 30_000 });
    expect(await page.getAttribute(JAMFOR_SVG, "aria-label")).toBe("Ekonomiskt bistånd: Skåne län, Samordningsförbundet Blekinge");
    expect(await page.locator(".region-valjare-valda li span").allInnerTexts()).toEqual(["Skåne län", "Samordningsförbundet Blekinge"]);
    const perioder = await page.locator("#jamfor-tabell tbody tr").evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.period));
    expect(perioder).toEqual(["2020H2", "2020H1", "2019H2", "2019H1", "2018H2", "2018H1", "2017H2", "2017H1", "2016H2", "2016H1"]);
    expect(await page.locator("#jamfor-tabell tbody tr[data-period='2016H1'] td").allInnerTexts()).toEqual(["100,0", "100,0"]);
    const skane = await matt("lan", "12", "ekonomiskt_bistand");
    const rad = await page.locator("#jamfor-tabell tbody tr[data-period='2019H1'] td").allInnerTexts();
    expect(rad[0]).toBe(tal1((skane.get("2019H1")! / skane.get("2016H1")!) * 100));
  });

  it("laddar ned en CSV med samma värden som databasen", async () => {
    const { page } = guards.at(-1)!;
    const { filename, text } = await downloadText(page, () => page.getByRole("button", { name: "Ladda ned CSV" }).click());
    expect(filename).toBe("jamfor-ekonomiskt-bistand-2016h1-2020h2.csv");
    const [header, ...rows] = parseSwedishCsv(text);
    expect(header).toEqual([
      "Områdestyp",
      "Kod",
      "Område",
      "Halvår",
      "Ersättning (id)",
      "Ersättning",
      "Kr per invånare 16–64 år och dag, löpande priser",
      "Index, H1 2016 = 100",
      "Preliminärt",
      // the measure's parts, appended by the download (issue #12)
      "Utbetalt belopp, kr",
      "Befolkning 16–64 år",
      "Dagar",
    ]);
    const db = await queryDb(
      `SELECT regiontyp, regionkod, regionnamn, period, kr_per_invanare_och_dag AS v,
              replace(belopp_kr::VARCHAR, '.', ',') AS belopp, replace(befolkning::VARCHAR, '.', ',') AS befolkning, dagar
       FROM forsorjningsmatt WHERE ersattning = 'ekonomiskt_bistand' AND kon = 'T' AND period BETWEEN '2016H1' AND '2020H2' AND length(period) = 6
         AND ((regiontyp = 'lan' AND regionkod = '12') OR (regiontyp = 'forbund' AND regionkod = 'blekinge'))
       ORDER BY CASE regiontyp WHEN 'lan' THEN 0 ELSE 1 END, period`,
    );
    // The value as the database gives it (the page shows 2 decimals), its parts exact.
    expect(rows.map((r) => [r[0], r[1], r[2], r[3], csvNumber(r[6]), r[9], r[10], r[11]])).toEqual(
      db.map((r) => [r.regiontyp, r.regionkod, r.regionnamn, r.period, r.v, r.belopp, r.befolkning, String(r.dagar)]),
    );
    // The index computed again from the exact values: the base period is 100, the others value / base × 100.
    expect(rows.filter((r) => r[3] === "2016H1").map((r) => csvNumber(r[7]))).toEqual([100, 100]);
    for (const r of rows) {
      const bas = db.find((x) => x.regionkod === r[1] && x.period === "2016H1")!.v as number;
      const v = db.find((x) => x.regionkod === r[1] && x.period === r[3])!.v as number;
      expect(Math.abs(csvNumber(r[7])! - (v / bas) * 100)).toBeLessThan(1e-9);
    }
  });

  it("små multiplar: ett diagram per ersättning och grupp", async () => {
    const { page } = await open("jamfor?visning=multiplar&regioner=riket:00,kommun:1280");
    await page.waitForSelector("#jamfor-multiplar svg[aria-label]", { timeout: 30_000 });
    const ers = await page.locator("#jamfor-multiplar figure").evaluateAll((f) => f.map((x) => (x as HTMLElement).dataset.ersattning));
    expect(ers).toEqual([
      "sjukpenning",
      "sjuk_och_aktivitetsersattning",
      "arbetsloshetsersattning",
      "aktivitetsstod",
      "etableringsersattning",
      "ekonomiskt_bistand",
      "ohalsa",
      "arbetsmarknad",
      "totalt",
    ]);
    expect(await page.getAttribute("#jamfor-multiplar figure[data-ersattning=aktivitetsstod] svg[aria-label]", "aria-label")).toBe(
      "Aktivitetsstöd och utvecklingsersättning: Riket, Malmö",
    );
  });
});

describe("Karta", () => {
  const KARTA = "#karta svg[aria-label]";
  // Plot writes links as xlink:href.
  const lankar = (page: import("playwright-core").Page) =>
    page.locator(`${KARTA} a`).evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? a.getAttributeNS("http://www.w3.org/1999/xlink", "href")));

  it("färgar 290 kommuner, länkar till kommunsidorna och rangordnar som databasen", async () => {
    const { page } = await open("karta");
    await page.waitForSelector(KARTA, { timeout: 30_000 });
    const hrefs = await lankar(page);
    expect(hrefs.length).toBe(290);
    expect(hrefs.every((h) => /^\.\/kommun\/\d{4}$/.test(h ?? ""))).toBe(true);
    expect(hrefs).toContain("./kommun/0180");
    const senaste = (await queryDb("SELECT max(period) AS p FROM forsorjningsmatt"))[0].p as string;
    expect(await page.getAttribute(KARTA, "aria-label")).toBe(`Totalt per kommun, ${senaste.endsWith("1") ? "1" : "2"}:a halvåret ${senaste.slice(0, 4)}`);
    const db = await queryDb(
      `SELECT regionkod, round(kr_per_invanare_och_dag, 2)::DOUBLE AS v FROM forsorjningsmatt
       WHERE regiontyp = 'kommun' AND ersattning = 'totalt' AND kon = 'T' AND period = '${senaste}' ORDER BY v DESC LIMIT 3`,
    );
    const rader = page.locator("#karta-tabell tbody tr");
    for (let i = 0; i < 3; i++) {
      expect(await rader.nth(i).getAttribute("data-kod")).toBe(db[i].regionkod);
      expect(await rader.nth(i).locator("td").last().innerText()).toBe(kr(Number(db[i].v)));
    }
    // Each area says its value and rank to a screen reader.
    const namn = (await queryDb(`SELECT kommunnamn FROM kommun WHERE kommunkod = '${db[0].regionkod}'`))[0].kommunnamn;
    const etta = await page.getAttribute(`${KARTA} a[aria-label^="${namn}:"]`, "aria-label");
    expect(etta).toContain(`${kr(Number(db[0].v))} per invånare och dag`);
    expect(etta).toContain("plats 1 av 290");
  });

  it("byter halvår med knappen och med piltangenten, och adressen följer med", async () => {
    const { page } = guards.at(-1)!;
    const fore = await page.innerText("#karta-tabell tbody tr:first-child");
    await page.getByRole("button", { name: "Föregående halvår" }).click();
    await expect.poll(() => page.innerText(".karta-stegare output")).toBe("1:a halvåret 2025");
    await expect.poll(() => page.innerText("#karta-tabell tbody tr:first-child")).not.toBe(fore);
    expect(page.url()).toContain("period=2025H1");
    await page.focus(".karta-stegare input[type=range]");
    await page.keyboard.press("ArrowLeft");
    await expect.poll(() => page.innerText(".karta-stegare output")).toBe("2:a halvåret 2024");
    await expect.poll(() => page.getAttribute(KARTA, "aria-label")).toBe("Totalt per kommun, 2:a halvåret 2024");
    // Play moves on by itself (one half-year every 1.5 s); a second press pauses.
    await page.getByRole("button", { name: "▶ Spela upp" }).click();
    await expect.poll(() => page.innerText(".karta-stegare output"), { timeout: 5_000 }).toBe("1:a halvåret 2025");
    await page.getByRole("button", { name: "❚❚ Pausa" }).click();
    expect(await page.getAttribute(".karta-spela", "aria-pressed")).toBe("false");
  });

  it("visar län, och en länk återskapar nivå, ersättning och halvår; CSV:n är databasens rader", async () => {
    const { page } = await open("karta?niva=lan&ersattning=ekonomiskt_bistand&period=2020H1");
    await page.waitForSelector(KARTA, { timeout: 30_000 });
    expect(await page.getAttribute(KARTA, "aria-label")).toBe("Ekonomiskt bistånd per län, 1:a halvåret 2020");
    expect(await page.locator("#karta-tabell tbody tr").count()).toBe(21);
    expect(await page.innerText(".karta-stegare output")).toBe("1:a halvåret 2020");
    const { text } = await downloadText(page, () => page.getByRole("button", { name: "Ladda ned CSV" }).click());
    const [header, ...rows] = parseSwedishCsv(text);
    // The page's columns, then the measure's parts (the exact values, issue #12).
    expect(header).toEqual([
      "Plats", "Länskod", "Län", "Halvår", "Ersättning", "Kr per invånare 16–64 år och dag", "Preliminärt",
      "Utbetalt belopp, kr", "Befolkning 16–64 år", "Dagar",
    ]);
    const db = await queryDb(
      `SELECT regionkod, round(kr_per_invanare_och_dag, 2)::DOUBLE AS v, kr_per_invanare_och_dag AS exakt,
              replace(belopp_kr::VARCHAR, '.', ',') AS belopp, replace(befolkning::VARCHAR, '.', ',') AS befolkning, dagar,
              preliminar
       FROM forsorjningsmatt
       WHERE regiontyp = 'lan' AND ersattning = 'ekonomiskt_bistand' AND kon = 'T' AND period = '2020H1' ORDER BY v DESC, regionkod`,
    );
    // The value as the database gives it (not the page's 2 decimals), with belopp and befolkning as the exact DECIMALs.
    expect(rows.map((r) => [r[1], csvNumber(r[5]), r[6], r[7], r[8], r[9]])).toEqual(
      db.map((r) => [r.regionkod, r.exakt, r.preliminar ? "ja" : "nej", r.belopp, r.befolkning, String(r.dagar)]),
    );
    // Competition ranking on the shown values: equal values share a place.
    expect(rows.map((r) => r[0])).toEqual(db.map((r) => String(db.findIndex((x) => x.v === r.v) + 1)));
  });

  it("klick på en kommun öppnar kommunens sida", async () => {
    const { page } = await open("karta");
    await page.waitForSelector(KARTA, { timeout: 30_000 });
    await page.locator(`${KARTA} a[aria-label^="Kiruna:"]`).click(); // Kiruna (2584): large, easy to hit
    await page.waitForURL(/\/kommun\/2584$/);
  });
});

/** The parts of data/helarsekvivalenter.zip the page has fetched (member names without .json), sorted. */
async function hekDelar(page: GuardedPage["page"]): Promise<string[]> {
  const namn = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname));
  return [...new Set(namn.flatMap((n) => /\/_file\/data\/helarsekvivalenter\/([^/]+)\.[0-9a-f]+\.json$/.exec(n)?.[1] ?? []))].sort();
}

describe("Helårsekvivalenter på demodata", () => {
  const procent = (andel: number) => `${(andel * 100).toFixed(2).replace(".", ",")}\u00a0%`;
  /** The page's andel: helårsekvivalenter (1 decimal) / befolkning 20–64 (whole persons), as the loader sends them. */
  const andelSql = "round(helarsekvivalenter, 1) / round(befolkning_20_64, 0)";

  it("visar riket med andelar ur databasen, rimliga nivåer och kommunlistan", async () => {
    // The demo's synthetic helårsekvivalenter: 290 kommuner × 144 months × 6 ersättningar × K/M.
    const n = await queryDb("SELECT count(*)::INTEGER AS n FROM helarsekvivalent");
    expect(n[0].n).toBe(290 * 144 * 6 * 2);
    const { page } = await open("helarsekvivalenter");
    await page.waitForSelector("#hek-linje svg[aria-label]", { timeout: 30_000 });
    expect(await page.locator("#hek-tomt").count()).toBe(0);
    const [riket] = await queryDb(
      `SELECT period, ${andelSql} AS andel FROM helarsekvivalenter
       WHERE regiontyp = 'riket' AND ersattning = 'sjukpenning' AND kon = 'T' AND period LIKE '____H_' ORDER BY period DESC LIMIT 1`,
    );
    expect(riket.period).toBe("2025H2");
    expect(await page.innerText("[data-testid=hek-andel]")).toBe(procent(Number(riket.andel)));
    // Plausible: sjukpenning a few per cent of 20–64; all six together in SCB's real range for riket (about 11–14 %).
    expect(Number(riket.andel)).toBeGreaterThan(0.02);
    expect(Number(riket.andel)).toBeLessThan(0.05);
    const [alla] = await queryDb(
      "SELECT sum(helarsekvivalenter) / max(befolkning_20_64) AS andel FROM helarsekvivalenter WHERE regiontyp = 'riket' AND kon = 'T' AND period = '2025H2'",
    );
    expect(Number(alla.andel)).toBeGreaterThan(0.105);
    expect(Number(alla.andel)).toBeLessThan(0.14);
    // The table's CSV (the default halvår view): every half-year and kön of riket's sjukpenning, equal to the database.
    const { text } = await downloadText(page, () => page.locator("#hek-tabell").locator("xpath=following::button[normalize-space()='Ladda ned CSV'][1]").click());
    const [, ...rows] = parseSwedishCsv(text);
    const db = await queryDb(
      `SELECT period, kon, round(helarsekvivalenter, 1)::DOUBLE AS hek, round(befolkning_20_64, 0)::DOUBLE AS bef FROM helarsekvivalenter
       WHERE regiontyp = 'riket' AND ersattning = 'sjukpenning' AND period LIKE '____H_' ORDER BY period, CASE kon WHEN 'K' THEN 1 WHEN 'M' THEN 2 ELSE 3 END`,
    );
    expect(db.length).toBe(24 * 3); // the half-years (the view has the years too since the demo got yearly values)
    const konText: Record<string, string> = { K: "Kvinnor", M: "Män", T: "Kvinnor och män" };
    const fromDb = new Map(db.map((r) => [`${r.period}|${konText[String(r.kon)]}`, r]));
    expect(rows.length).toBe(db.length);
    for (const r of rows) {
      const d = fromDb.get(`${r[3]}|${r[5]}`)!;
      expect(d, `${r[3]} ${r[5]}`).toBeDefined();
      expect(csvNumber(r[7])).toBe(d.bef);
      // The view sums kommun values as doubles, whose order may differ between two queries: a value ending in ,x5
      // can round either way to 1 decimal.
      expect(Math.abs(csvNumber(r[6])! - Number(d.hek)), `${r[3]} ${r[5]}`).toBeLessThanOrEqual(0.1 + 1e-9);
    }
    // Every kommun has a value for the latest half-year.
    expect(await page.locator("#hek-kommuner tbody tr").count()).toBe(290);
    // On opening the page fetched only what it shows: the controls' meta and riket, the län and the kommuner's latest
    // half-year (src/data/helarsekvivalenter.zip.ts), not every kommun's series.
    expect(await hekDelar(page)).toEqual(["meta", "omraden-halvar"]);
  });

  it("visar ekonomiskt bistånd för kvinnor i en kommun via en djuplänk (SCB delar det på kön)", async () => {
    const { page } = await open("helarsekvivalenter?region=kommun:2583&ersattning=ekonomiskt_bistand&kon=K");
    await page.waitForSelector("#hek-linje svg[aria-label]", { timeout: 30_000 });
    const [h] = await queryDb(
      `SELECT ${andelSql} AS andel FROM helarsekvivalenter
       WHERE regiontyp = 'kommun' AND regionkod = '2583' AND ersattning = 'ekonomiskt_bistand' AND kon = 'K' AND period = '2025H2'`,
    );
    expect(await page.innerText("[data-testid=hek-andel]")).toBe(procent(Number(h.andel)));
    expect(await page.getAttribute("#hek-linje svg[aria-label]", "aria-label")).toBe("Andel av befolkningen 20–64 år med ekonomiskt bistånd, Haparanda (kvinnor)");
    expect(await page.locator(".tomt-lage").count()).toBe(0);
    // A kommun's series: its kind of period and ersättning for every kommun, beside what the page opens with.
    expect(await hekDelar(page)).toEqual(["kommuner-halvar-ekonomiskt_bistand", "meta", "omraden-halvar"]);
  });
});

describe("Helårsekvivalenter utan data", () => {
  it("förklarar på svenska vilken fil som ska läggas till", async () => {
    // The demo has helårsekvivalenter, so the page's data comes from a small database without any: its loader runs
    // here and the page is given that file instead of the demo's.
    const dir = tempDir("forsorjning-hek-tom-");
    try {
      writeFiles(dir, {
        "befolkning.csv": ["kommunkod,datum,alder,kon,antal", "0180,2022-12-31,30,K,1000", "0180,2023-12-31,30,K,1000"],
        "utbetalningar.csv": ["kommunkod,period,ersattning,kon,belopp_kr", ...monthlyRows("0180", "2023H1", "sjukpenning", "K", "1000.00")],
      });
      const db = path.join(dir, "tom.duckdb");
      await ingest({ dataDir: dir, dbPath: db });
      const r = spawnSync(TSX, ["src/data/helarsekvivalenter.zip.ts"], { cwd: PROJECT_ROOT, env: { ...process.env, FORSORJNING_DB: db }, maxBuffer: 64 * 1024 * 1024 });
      if (r.status !== 0) throw new Error(r.stderr.toString());
      const delar = unzipSync(new Uint8Array(r.stdout));
      // The page names every member of the archive to Framework (a member it does not name is not built), and no other.
      const sida = readFileSync(path.join(PROJECT_ROOT, "src", "helarsekvivalenter.md"), "utf-8");
      const namngivna = [...sida.matchAll(/FileAttachment\("data\/helarsekvivalenter\/([^"]+)"\)/g)].map((m) => m[1]);
      expect(Object.keys(delar).sort()).toEqual([...namngivna].sort());
      const meta = strFromU8(delar["meta.json"]);
      expect(JSON.parse(meta)).toMatchObject({ tom: true });
      const g = await b.openPage("", {});
      guards.push(g);
      const { page } = g;
      await page.route(/\/_file\/data\/helarsekvivalenter\/meta\.[0-9a-f]+\.json$/, (route) => route.fulfill({ contentType: "application/json", body: meta }));
      await page.goto(new URL("helarsekvivalenter", page.url()).href);
      await page.waitForSelector("#hek-tomt", { timeout: 30_000 });
      // With nothing to show, nothing but the meta is fetched.
      expect(await hekDelar(page)).toEqual(["meta"]);
      const text = await page.innerText("#hek-tomt");
      expect(text).toContain("Inga helårsekvivalenter i databasen ännu");
      expect(text).toContain("HE0000T02N2");
      expect(text).toContain("TAB1386");
      expect(text).toContain("helarsekvivalenter*.csv");
      expect(text).toContain("kommunkod,manad,ersattning,kon,helarsekvivalenter");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("Metod", () => {
  it("citerar den SQL som inläsningen körde och visar åldersband, dagar och källor ur databasen", async () => {
    const { page } = await open("metod");
    await page.waitForSelector("[data-sql=befolkning_halvar] pre", { state: "attached", timeout: 30_000 });
    const sql = viewsSql({ fran: 16, till: 64 });
    for (const namn of ["befolkning_halvar", "forsorjningsmatt_utokad", "utbetalning_halvar_kon", "helarsekvivalenter"]) {
      const shown = await page.locator(`[data-sql=${namn}] pre`).textContent();
      expect(shown).toMatch(new RegExp(`^CREATE (VIEW|MACRO) ${namn}`));
      expect(sql).toContain(shown!);
    }
    const body = await page.innerText("main");
    expect(body).toContain("invånare 16–64\u00a0år");
    expect(body).toMatch(/1:a halvåret 2024\s+1 januari 2024\s+182/); // a leap year
    expect(body).toMatch(/2:a halvåret 2023\s+1 juli 2023\s+184/);
    const filer = await queryDb("SELECT count(*)::INTEGER AS n FROM inlast_fil WHERE kalla = 'kanonisk'");
    expect(body).toMatch(new RegExp(`kanonisk\\s+${filer[0].n}\\s`));
    // The demo's helårsekvivalenter are counted, and the gap note for having none is gone.
    const hek = await queryDb("SELECT count(*)::INTEGER AS n FROM helarsekvivalent");
    expect(body).toContain(`Databasen innehåller ${Number(hek[0].n).toLocaleString("sv-SE").replace(/[\u202f ]/g, "\u00a0")} månadsvärden.`);
    expect(body).not.toContain("Helårsekvivalenter: inga i databasen");
  });
});

describe("Datakvalitet", () => {
  it("visar full täckning för demodata, alla inlästa filer och inga ändringar", async () => {
    const { page } = await open("datakvalitet");
    await page.waitForSelector("#tackning svg[aria-label]", { timeout: 30_000 });
    const filer = await queryDb("SELECT count(*)::INTEGER AS n FROM inlast_fil");
    expect(await page.innerText("[data-testid=antal-filer]")).toBe(String(filer[0].n));
    expect(await page.innerText("[data-testid=inga-luckor]")).toMatch(/Alla 290 kommuner med data har ett rapporterat värde för sjukpenning och rehabiliteringspenning varje månad januari 2014 – december 2025/);
    expect(await page.innerText("[data-testid=inga-andringar]")).toContain("Inga värden har ändrats");
    expect(await page.innerText("[data-testid=inga-totaler]")).toContain("inga publicerade läns- eller rikstotaler");
    // Another ersättning: the text follows, and the address keeps it.
    await page.locator("form:has-text('Ersättning') select").selectOption({ label: "Ekonomiskt bistånd" });
    await expect.poll(() => page.innerText("[data-testid=inga-luckor]")).toContain("ekonomiskt bistånd");
    expect(page.url()).toContain("ersattning=ekonomiskt_bistand");
    // The status table downloads with the database's counts.
    const { text } = await downloadText(page, () => page.locator("#status-tabell").locator("xpath=following::button[normalize-space()='Ladda ned CSV'][1]").click());
    const [, ...rows] = parseSwedishCsv(text);
    // Both tables: the demo's payouts and its helårsekvivalenter (no zeros, nothing missing in either).
    const db = await queryDb(
      `SELECT * FROM (SELECT 'utbetalning' AS tabell, ersattning, count(*)::INTEGER AS n FROM utbetalning GROUP BY ALL ORDER BY ersattning)
       UNION ALL
       SELECT * FROM (SELECT 'helarsekvivalent', ersattning, count(*)::INTEGER FROM helarsekvivalent GROUP BY ALL ORDER BY ersattning)`,
    );
    expect(db.length).toBe(12);
    expect(rows.map((r) => [r[0], r[1], csvNumber(r[3]), csvNumber(r[4]), csvNumber(r[5])])).toEqual(db.map((r) => [r.tabell, r.ersattning, r.n, 0, 0]));
  });
});

describe("alla sidor i del B", () => {
  it("gör inga anrop utanför 127.0.0.1 och har inga fel i konsolen", () => {
    expect(guards.length).toBeGreaterThanOrEqual(8);
    expect(guards.flatMap((g) => g.outsideRequests)).toEqual([]);
    expect(guards.flatMap((g) => g.consoleErrors.map((e) => `${g.page.url()}: ${e}`))).toEqual([]);
  });
});
