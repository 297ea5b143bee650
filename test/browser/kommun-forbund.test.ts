// Browser tests of the kommun and förbund pages on the built demo site: the page opens with the kommun against
// its län and riket; changing the ersättning redraws chart and table and writes the address; a deep link gives the
// same view; the CSV equals the database; Excel, PNG and SVG downloads are real files; the header search jumps to
// a page; revisions and membership dates are shown from a small database ingested here (its loader output is
// served in place of the demo file for one page). No request leaves 127.0.0.1 and the console stays clean.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { unzipSync, strFromU8 } from "fflate";
import readXlsxFile from "read-excel-file/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../../loaders/ingest.ts";
import { monthlyRows, tempDir, writeFiles } from "../helpers.ts";
import { csvColumn, csvDecimal, csvNumber, downloadText, mattRader, openBrowser, parseSwedishCsv, queryDb, type GuardedPage, type Matt, type SiteBrowser } from "./site.ts";

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TSX = path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx");
const CHART = "#kommun-linjer svg[aria-label]";
const TABLE = "[data-testid=kommun-tabell]";

let b: SiteBrowser;
const guards: GuardedPage[] = [];
async function open(sitePath: string, options?: Parameters<SiteBrowser["openPage"]>[1]) {
  const g = await b.openPage(sitePath, options);
  guards.push(g);
  return g;
}

beforeAll(async () => {
  b = await openBrowser();
});

/** forsorjningsmatt's rows keyed "typ:kod|period": kr the DOUBLE, belopp and befolkning the exact DECIMAL as text. */
async function mattRaderPerPeriod(where: string): Promise<Map<string, Matt>> {
  return new Map((await mattRader(where)).map((r) => [`${r.regiontyp}:${r.regionkod}|${r.period}`, r]));
}
/** A group's scope as a download's part column gives it, on the demo (every ersättning in the data). */
const SEX_AV_SEX = "6 av 6: sjukpenning, sjuk- och aktivitetsersättning, arbetslöshetsersättning, aktivitetsstöd, etableringsersättning, ekonomiskt bistånd";
const TRE_AV_TRE = "3 av 3: arbetslöshetsersättning, aktivitetsstöd, etableringsersättning";
afterAll(async () => {
  await b?.close();
});

describe("kommunsidan", () => {
  it("visar kommunen mot län och riket, rangordning, förbund och en tabell", async () => {
    const { page } = await open("kommun/0380");
    await page.waitForSelector(CHART, { timeout: 30_000 });
    expect(await page.locator("h1").first().innerText()).toBe("Uppsala");
    expect(await page.getAttribute(CHART, "aria-label")).toBe("Totalt: Uppsala, Uppsala län och riket");
    const legend = await page.locator("#kommun-linjer").innerText();
    expect(legend).toContain("Uppsala län");
    expect(legend).toContain("Riket");

    // Rank from the database: among all kommuner, latest half-year, totalt (1 = highest).
    const [{ period }] = await queryDb("SELECT max(period) AS period FROM forsorjningsmatt WHERE regiontyp = 'kommun' AND ersattning = 'totalt'");
    const rank = await queryDb(
      `SELECT regionkod, rank() OVER (ORDER BY kr_per_invanare_och_dag DESC)::INTEGER AS plats, count(*) OVER ()::INTEGER AS antal
       FROM forsorjningsmatt WHERE regiontyp = 'kommun' AND ersattning = 'totalt' AND kon = 'T' AND period = '${period}'`,
    );
    const uppsala = rank.find((r) => r.regionkod === "0380")!;
    expect(await page.innerText("[data-testid=kommun-rang] .kpi")).toBe(`${uppsala.plats} av ${uppsala.antal}`);

    // Its förbund, with a working link.
    const forbund = await queryDb("SELECT f.forbund_id, f.forbund_namn FROM forbund_medlem m JOIN forbund f USING (forbund_id) WHERE m.kommunkod = '0380'");
    const link = page.locator("[data-testid=kommun-forbund] a").first();
    expect(await link.innerText()).toBe(forbund[0].forbund_namn);
    expect(await link.getAttribute("href")).toBe(`../forbund/${forbund[0].forbund_id}`);

    // Kön: the note says plainly that totalt has no kön split.
    expect(await page.innerText("[data-testid=kon-not]")).toMatch(/ekonomiskt bistånd redovisas bara för kvinnor och män sammantaget/);
  });

  it("ritar om diagram och tabell och skriver adressen när ersättningen byts", async () => {
    const { page } = await open("kommun/0380");
    await page.waitForSelector(CHART, { timeout: 30_000 });
    const chartBefore = await page.innerHTML(CHART);
    const firstRowBefore = await page.locator(`${TABLE} tbody tr`).first().innerText();
    await page.locator("form select").first().selectOption({ label: "Ohälsa" });
    await page.waitForFunction((s) => document.querySelector(s)?.getAttribute("aria-label")?.startsWith("Ohälsa") === true, CHART);
    expect(await page.innerHTML(CHART)).not.toBe(chartBefore);
    const firstRowAfter = await page.locator(`${TABLE} tbody tr`).first().innerText();
    expect(firstRowAfter).not.toBe(firstRowBefore);
    expect(page.url()).toMatch(/\/kommun\/0380\?ersattning=ohalsa$/);

    // The table's first row is the latest half-year's ohälsa value from the database.
    const [row] = await queryDb(
      `SELECT period, round(kr_per_invanare_och_dag, 2)::DOUBLE AS kr FROM forsorjningsmatt
       WHERE regiontyp = 'kommun' AND regionkod = '0380' AND ersattning = 'ohalsa' AND kon = 'T' ORDER BY period DESC LIMIT 1`,
    );
    expect(firstRowAfter).toContain(`${String(Number(row.kr).toFixed(2)).replace(".", ",")}\u00a0kr`);
  });

  it("återskapar vyn från en länk", async () => {
    const { page } = await open("kommun/0380?ersattning=ekonomiskt_bistand");
    await page.waitForFunction((s) => document.querySelector(s)?.getAttribute("aria-label")?.startsWith("Ekonomiskt bistånd") === true, CHART, { timeout: 30_000 });
    expect(await page.locator("form select").first().evaluate((s: HTMLSelectElement) => s.selectedOptions[0].textContent)).toBe("Ekonomiskt bistånd");
    expect(await page.innerText("[data-testid=kon-not]")).toMatch(/Ekonomiskt bistånd finns inte uppdelat på kön/);
  });

  it("laddar ned en CSV som är lika med databasens rader i full precision, med delarna, och Excel, PNG och SVG", async () => {
    const { page } = await open("kommun/0380");
    await page.waitForSelector(CHART, { timeout: 30_000 });
    const { filename, text } = await downloadText(page, () => page.locator(".table-head").getByRole("button", { name: "Ladda ned CSV" }).click());
    expect(filename).toBe("uppsala-totalt.csv");
    expect(text.startsWith("\ufeffHalvår;Uppsala, kr per invånare och dag;Uppsala län, kr per invånare och dag;Riket")).toBe(true);
    const [header, ...rows] = parseSwedishCsv(text);
    // The table's columns, then each region's parts the table has no column for (the kommun's Preliminärt is the
    // table's own), each with the scope of totalt, and the days of the half-year (issue #12).
    const delar = (namn: string, preliminar = true) => [
      `${namn}: utbetalt belopp, kr`,
      `${namn}: befolkning 16–64 år`,
      ...(preliminar ? [`${namn}: preliminärt`] : []),
      `${namn}: ersättningar som ingår`,
    ];
    expect(header).toEqual([
      "Halvår",
      "Uppsala, kr per invånare och dag",
      "Uppsala län, kr per invånare och dag",
      "Riket, kr per invånare och dag",
      "Preliminärt",
      "Före ändring (förra rapporten)",
      ...delar("Uppsala", false),
      ...delar("Uppsala län"),
      ...delar("Riket"),
      "Dagar",
    ]);
    const col = csvColumn(header);
    // The page's default view is the half-years (years have their own view).
    const db = await mattRaderPerPeriod("regiontyp IN ('kommun', 'lan', 'riket') AND regionkod IN ('0380', '03', '00') AND ersattning = 'totalt' AND kon = 'T' AND length(period) = 6");
    const andrade = new Map(
      (await queryDb("SELECT period, tidigare_kr_per_invanare_och_dag AS kr FROM forsorjningsmatt_andring WHERE regiontyp = 'kommun' AND regionkod = '0380' AND ersattning = 'totalt' AND kon = 'T'")).map((r) => [
        String(r.period),
        r.kr as number,
      ]),
    );
    expect(rows.map((r) => r[0])).toEqual([...db.keys()].filter((k) => k.startsWith("kommun:")).map((k) => k.split("|")[1]).sort().reverse());
    for (const r of rows) {
      for (const [namn, region] of [["Uppsala", "kommun:0380"], ["Uppsala län", "lan:03"], ["Riket", "riket:00"]]) {
        const d = db.get(`${region}|${r[0]}`)!;
        // The value in full: the CSV's text gives the database's DOUBLE back, not the 2 decimals shown on the page.
        expect(csvNumber(r[col(`${namn}, kr per invånare och dag`)]), `${region} ${r[0]}`).toBe(d.kr);
        expect(r[col(`${namn}: utbetalt belopp, kr`)]).toBe(csvDecimal(d.belopp_kr));
        expect(r[col(`${namn}: befolkning 16–64 år`)]).toBe(csvDecimal(d.befolkning));
        expect(r[col(region === "kommun:0380" ? "Preliminärt" : `${namn}: preliminärt`)]).toBe(d.preliminar ? "ja" : "nej");
        expect(r[col(`${namn}: ersättningar som ingår`)]).toBe(SEX_AV_SEX);
        expect(Number(r[col("Dagar")])).toBe(d.dagar);
      }
      // The earlier value of a revised half-year, in full (none in the demo: one download per source).
      expect(csvNumber(r[col("Före ändring (förra rapporten)")])).toBe(andrade.get(r[0]) ?? null);
    }

    // Excel: a real .xlsx with Swedish headers and numeric cells.
    const [xlsx] = await Promise.all([page.waitForEvent("download"), page.locator(".table-head").getByRole("button", { name: "Ladda ned Excel" }).click()]);
    expect(xlsx.suggestedFilename()).toBe("uppsala-totalt.xlsx");
    const sheet = await readXlsxFile(fs.readFileSync(await xlsx.path()));
    const cells = Array.isArray(sheet[0]?.data) ? (sheet[0] as { data: unknown[][] }).data : (sheet as unknown as unknown[][]);
    expect(cells[0][0]).toBe("Halvår");
    expect(cells[1][0]).toBe(rows[0][0]);
    expect(typeof cells[1][1]).toBe("number");
    expect(cells[1][1]).toBe(db.get(`kommun:0380|${rows[0][0]}`)!.kr); // the full value; Excel shows it with two decimals
    expect(cells[0]).toEqual(header);

    // Chart as SVG (stand-alone, with the legend) and PNG.
    const svg = await downloadText(page, () => page.locator("#kommun-linjer").getByRole("button", { name: "SVG" }).click());
    expect(svg.filename).toBe("uppsala-totalt.svg");
    expect(svg.text).toMatch(/^<\?xml[^>]*>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg.text).toContain("Uppsala län");
    expect(svg.text).toMatch(/style="fill:/);
    const [png] = await Promise.all([page.waitForEvent("download"), page.locator("#kommun-linjer").getByRole("button", { name: "PNG" }).click()]);
    const pngBytes = fs.readFileSync(await png.path());
    expect(pngBytes.subarray(1, 4).toString()).toBe("PNG");
    const width = pngBytes.readUInt32BE(16);
    const chartWidth = (await page.locator(CHART).boundingBox())!.width;
    expect(width).toBe(Math.round(chartWidth * 2));
  });

  it("hoppar till en kommun eller ett förbund med sökrutan i sidhuvudet", async () => {
    const { page } = await open("oversikt");
    const input = page.locator("#site-search-input");
    await input.fill("uppsal");
    await page.waitForSelector("#site-search-list li[role=option]");
    const options = await page.locator("#site-search-list li[role=option]").allInnerTexts();
    expect(options[0]).toMatch(/^Uppsala/);
    await input.press("Enter");
    await page.waitForURL(/\/kommun\/0380$/);
    await page.waitForSelector(CHART, { timeout: 30_000 });

    // By code, from a kommun page (relative links from a deeper path), with the arrow keys.
    await page.locator("#site-search-input").fill("0180");
    await page.waitForSelector("#site-search-list li[role=option]");
    await page.locator("#site-search-input").press("ArrowDown");
    await page.locator("#site-search-input").press("Enter");
    await page.waitForURL(/\/kommun\/0180$/);
    await page.waitForSelector(CHART, { timeout: 30_000 });
    expect(await page.locator("h1").first().innerText()).toBe("Stockholm");
  });
});

describe("förbundssidan", () => {
  it("visar förbundet och varje medlemskommun, och byter ersättning", async () => {
    const [f] = await queryDb(
      `SELECT forbund_id, any_value(forbund_namn) AS namn, count(*)::INTEGER AS n FROM forbund_medlem JOIN forbund USING (forbund_id)
       WHERE delomrade IS NULL GROUP BY forbund_id ORDER BY n DESC, forbund_id LIMIT 1`,
    );
    const { page } = await open(`forbund/${f.forbund_id}`);
    const chart = "#forbund-linjer svg[aria-label]";
    await page.waitForSelector(chart, { timeout: 30_000 });
    expect(await page.locator("h1").first().innerText()).toBe(f.namn);
    expect(await page.locator("[data-testid=forbund-medlemmar] tbody tr").count()).toBe(f.n);
    const header = await page.locator("[data-testid=forbund-tabell] thead th").allInnerTexts();
    expect(header).toHaveLength(1 + 1 + (f.n as number) + 1 + 1);

    const before = await page.innerHTML(chart);
    await page.locator("form select").first().selectOption({ label: "Arbetsmarknad" });
    await page.waitForFunction((s) => document.querySelector(s)?.getAttribute("aria-label")?.startsWith("Arbetsmarknad") === true, chart);
    expect(await page.innerHTML(chart)).not.toBe(before);
    expect(page.url()).toContain("?ersattning=arbetsmarknad");

    // CSV: the förbund column equals the forsorjningsmatt view for the förbund, in full, with its parts: belopp,
    // befolkning, preliminärt and the scope of the group arbetsmarknad, and the days of each half-year.
    const { text } = await downloadText(page, () => page.locator(".table-head").getByRole("button", { name: "Ladda ned CSV" }).click());
    const [csvHeader, ...rows] = parseSwedishCsv(text);
    const col = csvColumn(csvHeader);
    expect(csvHeader.slice(0, 2)).toEqual(["Halvår", `${f.namn}, kr per invånare och dag`]);
    expect(csvHeader.at(-1)).toBe("Dagar");
    const db = await mattRaderPerPeriod(`regiontyp = 'forbund' AND regionkod = '${f.forbund_id}' AND ersattning = 'arbetsmarknad' AND kon = 'T' AND length(period) = 6`);
    expect(rows.map((r) => r[0])).toEqual([...db.keys()].map((k) => k.split("|")[1]).sort().reverse());
    for (const r of rows) {
      const d = db.get(`forbund:${f.forbund_id}|${r[0]}`)!;
      expect(csvNumber(r[col(`${f.namn}, kr per invånare och dag`)]), r[0]).toBe(d.kr);
      expect(r[col(`${f.namn}: utbetalt belopp, kr`)]).toBe(csvDecimal(d.belopp_kr));
      expect(r[col(`${f.namn}: befolkning 16–64 år`)]).toBe(csvDecimal(d.befolkning));
      expect(r[col(`${f.namn}: preliminärt`)]).toBe(d.preliminar ? "ja" : "nej");
      expect(r[col(`${f.namn}: ersättningar som ingår`)]).toBe(TRE_AV_TRE);
      expect(Number(r[col("Dagar")])).toBe(d.dagar);
    }
  });

  it("förklarar varför Göteborgs stadsdelsförbund saknar värden", async () => {
    const { page } = await open("forbund/goteborg-centrum");
    await page.waitForSelector("[data-testid=delomrade-not]", { timeout: 30_000 });
    const note = await page.innerText("[data-testid=delomrade-not]");
    expect(note).toMatch(/Inga värden för det här förbundet/);
    expect(note).toMatch(/bara per kommun, inte per stadsdel/);
    expect(await page.innerText("[data-testid=inga-varden]")).toMatch(/inga egna beräknade värden/);
  });
});

describe("ändrade värden och medlemsdatum från en liten databas", () => {
  let dir: string;
  let kommunJson: string;
  let forbundJson: string;

  function loaderMember(loader: string, db: string, member: string): string {
    const r = spawnSync(TSX, [loader], { cwd: PROJECT_ROOT, env: { ...process.env, FORSORJNING_DB: db }, maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(r.stderr.toString());
    return strFromU8(unzipSync(new Uint8Array(r.stdout))[member]);
  }

  beforeAll(async () => {
    dir = tempDir("forsorjning-revision-site-");
    const HEADER = "kommunkod,period,ersattning,kon,belopp_kr,status";
    writeFiles(dir, {
      // 2000 K + 2000 M on 31 Dec 2022 and 2023 → 4000 in 2023H1 (181 days) and 2023H2 (184 days).
      "befolkning.csv": ["kommunkod,datum,alder,kon,antal", "0180,2022-12-31,40,K,2000", "0180,2022-12-31,40,M,2000", "0180,2023-12-31,40,K,2000", "0180,2023-12-31,40,M,2000"],
      // 724 000 kr → 1,00 kr; revised by the newer download to 905 000 kr → 1,25 kr.
      "raw/fk/2024-03-01/utbetalningar_fk.csv": [HEADER, "0180,2023H1,sjukpenning,T,724000.00,", "0180,2023H2,sjukpenning,T,736000.00,"],
      "raw/fk/2024-09-01/utbetalningar_fk.csv": [HEADER, "0180,2023H1,sjukpenning,T,905000.00,", "0180,2023H2,sjukpenning,T,736000.00,"],
      // Joined on 1 March 2023: counts from 2023H2 (the first half-year starting on or after that day).
      "forbund_test.csv": ["forbund_id,forbund_namn,kommunkod,fran,till", "testforbund,Testförbundet,0180,2023-03-01,"],
      "utbetalningar_extra.csv": [HEADER, ...monthlyRows("0180", "2023H2", "aktivitetsstod", "T", "100.00").map((r) => `${r},`)],
    });
    const db = path.join(dir, "rev.duckdb");
    await ingest({ dataDir: dir, dbPath: db });
    kommunJson = loaderMember("src/data/kommun.zip.ts", db, "0180.json");
    forbundJson = loaderMember("src/data/forbund.zip.ts", db, "testforbund.json");
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("markerar halvår som ändrats sedan förra rapporten, med tidigare och nytt värde", async () => {
    const doc = JSON.parse(kommunJson);
    // The revised half-year, and what contains it: the year 2023 (both half-years: 724 000 + 736 000 → 905 000 +
    // 736 000 over 4000 × 365 days) and the groups ohälsa and totalt, whose scope in 2023 is sjukpenning alone. The
    // values in full (issue #12: a revision's download carries them; the page rounds what it shows).
    const andrad = (period: string, ersattning: string) =>
      period === "2023"
        ? { region: "kommun:0180", period, ersattning, kon: "T", tidigare_belopp_kr: 1460000, belopp_kr: 1641000, tidigare_kr: 1460000 / (4000 * 365), kr: 1641000 / (4000 * 365) }
        : { region: "kommun:0180", period, ersattning, kon: "T", tidigare_belopp_kr: 724000, belopp_kr: 905000, tidigare_kr: 724000 / (4000 * 181), kr: 905000 / (4000 * 181) };
    expect(doc.andringar).toEqual(["2023", "2023H1"].flatMap((p) => ["ohalsa", "sjukpenning", "totalt"].map((e) => andrad(p, e))));
    const g = await b.openPage("", {});
    guards.push(g);
    const { page } = g;
    await page.route(/\/_file\/data\/kommun\/0180\.[0-9a-f]+\.json$/, (route) => route.fulfill({ contentType: "application/json", body: kommunJson }));
    await page.goto(new URL("kommun/0180?ersattning=sjukpenning", page.url()).href);
    await page.waitForSelector("[data-testid=andringar]", { timeout: 30_000 });
    const section = await page.innerText("[data-testid=andringar]");
    expect(section).toContain("Ändrat sedan förra rapporten");
    expect(section).toMatch(/1:a halvåret 2023\s+Sjukpenning och rehabiliteringspenning\s+1,00\u00a0kr\s+1,25\u00a0kr\s+724\u00a0000\s+905\u00a0000/);
    // The value table marks the cell and gives the old value; the chart draws the mark.
    const cell = page.locator(`${TABLE} td.andrad`);
    expect(await cell.count()).toBe(1);
    expect(await cell.getAttribute("title")).toBe("Ändrat sedan förra rapporten: tidigare 1,00\u00a0kr, nu 1,25\u00a0kr");
    expect(await page.locator(`${CHART} [data-mark="dot"] path, ${CHART} g[data-mark=dot] path`).count()).toBeGreaterThan(0);
  });

  it("räknar en kommun från första halvåret som börjar på eller efter inträdesdagen", async () => {
    const doc = JSON.parse(forbundJson);
    const i = (p: string) => doc.perioder.halvar.indexOf(p);
    expect(doc.medlemmar).toEqual([{ kod: "0180", namn: "Stockholm", fran: "2023-03-01", till: null, delomrade: null, omraden: [] }]);
    expect(doc.medlem_period.halvar["0180"][i("2023H1")]).toBe(0);
    expect(doc.medlem_period.halvar["0180"][i("2023H2")]).toBe(1);
    // A year counts a member valid on 1 January: not 2023 (joined 1 March), from 2024 on.
    expect(doc.medlem_period.ar["0180"]).toEqual(doc.perioder.ar.map((p: string) => (p >= "2024" ? 1 : 0)));
    const g = await b.openPage("", {});
    guards.push(g);
    const { page } = g;
    const [f] = await queryDb("SELECT forbund_id FROM forbund WHERE forbund_id NOT LIKE 'goteborg%' ORDER BY forbund_id LIMIT 1");
    await page.route(new RegExp(`/_file/data/forbund/${f.forbund_id}\\.[0-9a-f]+\\.json$`), (route) => route.fulfill({ contentType: "application/json", body: forbundJson }));
    await page.goto(new URL(`forbund/${f.forbund_id}?ersattning=totalt`, page.url()).href);
    await page.waitForSelector("[data-testid=forbund-medlemmar] tbody tr", { timeout: 30_000 });
    expect(await page.innerText("[data-testid=forbund-medlemmar] tbody")).toMatch(/Stockholm\s+1 mars 2023\s+–/);
    expect(await page.innerText("[data-testid=forbund-medlemmar]")).toMatch(/första halvår som börjar på eller efter dagen den gick med/);
  });
});

describe("hela körningen", () => {
  it("gör inga anrop utanför 127.0.0.1 och har inga fel i konsolen", () => {
    expect(guards.length).toBeGreaterThan(5);
    expect(guards.flatMap((g) => g.outsideRequests)).toEqual([]);
    expect(guards.flatMap((g) => g.consoleErrors)).toEqual([]);
  });
});
