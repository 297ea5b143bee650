// The whole site on a data set with YEARLY values only (SCB's finsam.se delivery is yearly; DESIGN.md §2.1): a small
// data directory written here — yearly payouts for six kommuner in three län (Stockholms, Uppsala, Västra Götalands
// län), 2021–2023, five of the six ersättningar (no etableringsersättning, so totalt covers 5 av 6), sjukpenning by kön;
// population at the year-ends 2020–2023 — and förbund with ids as an analyst types them ("RAR", "Finsam Göteborg")
// plus two Göteborg district förbund, one whose delområde the data has values for (an area below kommun inserted the
// way SCB's delivery stores it) and one it has none for. The site is built from that database in a temp copy of the
// project, and every page type is opened: the values shown equal the database's (formatted by format.js), every chart
// has marks, the scope phrase is on the page, in the caption and in the CSV, no console error, no outside request.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ingest } from "../../loaders/ingest.ts";
import { refreshSql } from "../../loaders/measures/views.ts";
import { startServer, type RunningServer } from "../../scripts/serve.ts";
import { formatKr, formatKrChange } from "../../src/components/format.js";
import { query, type Row, tempDir, writeFiles } from "../helpers.ts";
import { CHROMIUM, CHROMIUM_ARGS, csvColumn, csvDecimal, csvNumber, downloadText, guard, mattRader, parseSwedishCsv, type GuardedPage, type Matt } from "./site.ts";

vi.setConfig({ testTimeout: 90_000 });

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TSX = path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx");
const KOMMUNER = ["0114", "0180", "0380", "0305", "1480", "1401"];
const AR = [2021, 2022, 2023];
const FEM = ["sjukpenning", "sjuk_och_aktivitetsersattning", "arbetsloshetsersattning", "aktivitetsstod", "ekonomiskt_bistand"];
const FEM_AV_SEX = "totalt, 5 av 6 ersättningar — etableringsersättning saknas i underlaget";
/** A group's scope as a download's part column "Ersättningar som ingår" gives it (issue #12). */
const FEM_AV_SEX_DELAR =
  "5 av 6: sjukpenning, sjuk- och aktivitetsersättning, arbetslöshetsersättning, aktivitetsstöd, ekonomiskt bistånd — etableringsersättning saknas i underlaget";

let dir: string;
let root: string;
let db: string;
let server: RunningServer;
let browser: Browser;
const guards: GuardedPage[] = [];

function dataDir(): void {
  const befolkning = ["kommunkod,datum,alder,kon,antal"];
  KOMMUNER.forEach((kod, i) => {
    for (const y of [2020, 2021, 2022, 2023]) {
      befolkning.push(`${kod},${y}-12-31,40,K,${1000 + 100 * i + 10 * (y - 2020)}`, `${kod},${y}-12-31,40,M,${1050 + 100 * i + 5 * (y - 2020)}`);
    }
  });
  const utbetalningar = ["kommunkod,period,ersattning,kon,belopp_kr"];
  KOMMUNER.forEach((kod, i) => {
    for (const y of AR) {
      FEM.forEach((e, j) => {
        const belopp = (100000 + 7919 * i + 1237 * (y - 2020) + 3001 * j + (i * j * 97) % 5000).toFixed(2);
        if (e === "sjukpenning") {
          utbetalningar.push(`${kod},${y},${e},K,${(Number(belopp) * 0.6).toFixed(2)}`, `${kod},${y},${e},M,${(Number(belopp) * 0.4).toFixed(2)}`);
        } else utbetalningar.push(`${kod},${y},${e},T,${belopp}`);
      });
    }
  });
  writeFiles(dir, {
    "befolkning.csv": befolkning,
    "utbetalningar.csv": utbetalningar,
    "forbund.csv": [
      "forbund_id,forbund_namn,kommunkod,fran,till,delomrade",
      "RAR,RAR Testförbund,0380,,,",
      "RAR,RAR Testförbund,0305,2022-01-01,,",
      "Finsam Göteborg,Finsam Göteborg och Härryda,1480,,,",
      "Finsam Göteborg,Finsam Göteborg och Härryda,1401,,,",
      "Göteborg Centrum,Samordningsförbundet Göteborg Centrum,1480,,,Centrum",
      "Göteborg Väster,Samordningsförbundet Göteborg Väster,1480,,,Väster",
    ],
  });
}

/** An area below kommun with yearly payouts and its own population (as SCB's finsam.se delivery is stored). */
async function delomrade(file: string): Promise<void> {
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  await connection.run("INSERT INTO delomrade VALUES ('1480', 'forbundsomrade', 'GC', 'Samordningsförbundet Göteborg Centrum')");
  for (const y of AR) {
    for (const [j, e] of FEM.entries()) {
      await connection.run(
        `INSERT INTO utbetalning_delomrade SELECT '1480', 'forbundsomrade', 'GC', '${y}', NULL, NULL, ${y}, '${e}', 'T', ${20000 + 500 * j + 300 * (y - 2020)}.00, '', min(fil_id) FROM inlast_fil`,
      );
    }
    await connection.run(`INSERT INTO befolkning_angiven SELECT 'forbundsomrade', 'GC', '1480', ${y}, 'T', 16, 64, ${400 + 10 * (y - 2020)}, '', min(fil_id) FROM inlast_fil`);
  }
  // The measure is kept as tables at ingest: compute it again over the changed base tables.
  await connection.run(refreshSql({ fran: 16, till: 64 }));
  connection.closeSync();
  instance.closeSync();
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): string {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf-8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} misslyckades:\n${result.stdout?.slice(-3000)}\n${result.stderr?.slice(-3000)}`);
  return result.stdout;
}

/** A copy of the project (every page) built from `db` into its own dist/; the shared site in dist/ is left alone. */
function buildCopy(): void {
  for (const d of ["loaders", "scripts", "src"]) {
    fs.cpSync(path.join(PROJECT_ROOT, d), path.join(root, d), { recursive: true, filter: (f) => !f.includes(`${path.sep}.observablehq${path.sep}`) });
  }
  for (const f of ["observablehq.config.ts", "package.json", "tsconfig.json"]) fs.copyFileSync(path.join(PROJECT_ROOT, f), path.join(root, f));
  fs.symlinkSync(path.join(PROJECT_ROOT, "node_modules"), path.join(root, "node_modules"));
  fs.mkdirSync(path.join(root, "data"));
  fs.symlinkSync(path.join(PROJECT_ROOT, "data", "reference"), path.join(root, "data", "reference"));
  run("npm", ["run", "build"], { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true", FORSORJNING_DB: db, FORSORJNING_DIST: path.join(root, "dist") }, root);
}

const q = (sql: string): Promise<Row[]> => query(db, sql);
const matt = async (typ: string, kod: string, ersattning: string, period: string, kon = "T") =>
  (await q(`SELECT kr_per_invanare_och_dag AS kr FROM forsorjningsmatt WHERE regiontyp = '${typ}' AND regionkod = '${kod}' AND ersattning = '${ersattning}' AND period = '${period}' AND kon = '${kon}'`))[0]?.kr as number | undefined;
const kr2 = (v: number | undefined) => formatKr(Number(Number(v).toFixed(2)));

/** One row of forsorjningsmatt with its parts (there must be one). */
const mattRad = async (typ: string, kod: string, ersattning: string, period: string, kon = "T") => {
  const [r] = await mattRader(`regiontyp = '${typ}' AND regionkod = '${kod}' AND ersattning = '${ersattning}' AND period = '${period}' AND kon = '${kon}'`, q);
  if (!r) throw new Error(`${typ}:${kod} ${period} ${ersattning} ${kon} saknas i forsorjningsmatt`);
  return r;
};
/**
 * A CSV row's measure and its parts against the database's row: kr per invånare och dag is the DOUBLE in full (the
 * text gives the same double back), belopp and befolkning the DECIMAL to the öre, preliminär ja/nej, and the parts
 * give the value back (kr = belopp / (befolkning × dagar), to the last digits).
 */
function expectMatt(r: string[], col: (label: string) => number, labels: { kr: string; belopp: string; befolkning: string; preliminar: string }, d: Matt) {
  expect(csvNumber(r[col(labels.kr)])).toBe(d.kr);
  expect(r[col(labels.belopp)]).toBe(csvDecimal(d.belopp_kr));
  expect(r[col(labels.befolkning)]).toBe(csvDecimal(d.befolkning));
  expect(r[col(labels.preliminar)]).toBe(d.preliminar ? "ja" : "nej");
  const kvot = csvNumber(r[col(labels.belopp)])! / (csvNumber(r[col(labels.befolkning)])! * d.dagar);
  expect(Math.abs(kvot - d.kr)).toBeLessThanOrEqual(1e-12 * d.kr);
}

async function open(sitePath: string, width = 1280): Promise<GuardedPage> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: "sv-SE", acceptDownloads: true });
  const g = guard(await context.newPage());
  await g.page.goto(new URL(sitePath, server.url).href);
  guards.push(g);
  return g;
}

/** Every chart on the page (svg with an aria-label) and how many marks it draws: lines, dots, bars, areas, cells. */
async function diagram(page: Page): Promise<{ label: string; marks: number }[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll("#observablehq-main svg[aria-label]")).map((svg) => ({
      label: svg.getAttribute("aria-label") ?? "",
      marks: svg.querySelectorAll(
        "g[data-mark='line'] path, g[data-mark='dot'] circle, g[data-mark='bar'] rect, g[data-mark='geo'] path, g[data-mark='cell'] rect",
      ).length,
    })),
  );
}

async function allaDiagramHarMarker(page: Page, minst = 1): Promise<void> {
  await page.waitForTimeout(300);
  const d = await diagram(page);
  expect(d.length).toBeGreaterThanOrEqual(minst);
  for (const x of d) expect(x.marks, `diagrammet "${x.label}" ritar inget`).toBeGreaterThan(0);
}

beforeAll(async () => {
  dir = tempDir("forsorjning-ar-data-");
  root = tempDir("forsorjning-ar-site-");
  dataDir();
  db = path.join(dir, "ar.duckdb");
  await ingest({ dataDir: dir, dbPath: db });
  await delomrade(db);
  buildCopy();
  server = await startServer({ dir: path.join(root, "dist"), port: 0 });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (process.env.AR_DATA_BEHALL === "1") console.log(`Behållet: ${dir} (databas ${db}), ${root}/dist`);
  else for (const d of [dir, root]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

describe("ett underlag med bara årsvärden", () => {
  it("har bara år i databasen, och förbundens id som de skrevs", async () => {
    expect((await q("SELECT DISTINCT period FROM forsorjningsmatt ORDER BY 1")).map((r) => r.period)).toEqual(["2021", "2022", "2023"]);
    expect((await q("SELECT DISTINCT regionkod FROM forsorjningsmatt WHERE regiontyp = 'forbund' ORDER BY 1")).map((r) => r.regionkod)).toEqual([
      "Finsam Göteborg",
      "Göteborg Centrum",
      "RAR",
    ]);
    const pages = fs.readdirSync(path.join(root, "dist", "forbund")).filter((f) => f.endsWith(".html")).sort();
    expect(pages).toEqual(["finsam-goteborg.html", "goteborg-centrum.html", "goteborg-vaster.html", "rar.html"]);
    expect(fs.readdirSync(path.join(root, "dist", "lan")).filter((f) => f.endsWith(".html")).sort()).toEqual(["01.html", "03.html", "14.html"]);
  });

  it("startsidan visar år, riket mot året innan och omfattningen 5 av 6 på sidan, i diagramtexten och i CSV:n", async () => {
    const { page } = await open("");
    await page.waitForSelector("#linjediagram svg[aria-label]", { timeout: 30_000 });
    expect(await page.locator("[data-testid=periodtyp-val] input[value='1']").isChecked()).toBe(true); // år
    expect(await page.locator("[data-testid=periodtyp-val] input[value='0']").isDisabled()).toBe(true); // halvår
    const riket = await matt("riket", "00", "totalt", "2023");
    expect(await page.innerText("[data-testid=kpi-totalt]")).toBe(kr2(riket));
    const [f] = await q(
      `SELECT round(n.kr_per_invanare_och_dag - p.kr_per_invanare_och_dag, 2)::DOUBLE AS d FROM forsorjningsmatt n JOIN forsorjningsmatt p USING (regiontyp, regionkod, ersattning, kon)
       WHERE n.regiontyp = 'riket' AND n.ersattning = 'totalt' AND n.kon = 'T' AND n.period = '2023' AND p.period = '2022'`,
    );
    expect(await page.innerText("[data-testid=kpi-forandring] .kpi")).toBe(formatKrChange(Number(f.d)));
    expect(await page.innerText("[data-testid=kpi-forandring]")).toContain("mot 2022");
    expect(await page.innerText("[data-testid=omfattning]")).toBe(`${FEM_AV_SEX.charAt(0).toUpperCase()}${FEM_AV_SEX.slice(1)}.`);
    expect(await page.innerText("#linjediagram figcaption")).toContain(`Totalt, 5 av 6 ersättningar — etableringsersättning saknas i underlaget.`);
    expect(await page.innerText("[data-testid=ofullstandig]")).toContain("Riket, 2021: 6 av 290 kommuner har värden");
    await allaDiagramHarMarker(page, 2);
    const { filename, text } = await downloadText(page, () => page.getByRole("button", { name: "Ladda ned CSV" }).click());
    expect(filename).toBe("forsorjningsmatt-riket-ar.csv"); // the download names its kind of period
    const [header, ...rows] = parseSwedishCsv(text);
    const col = csvColumn(header);
    expect(header[0]).toBe("År");
    // The page's columns, then each measure's parts (issue #12), then the days of the period.
    expect(header.slice(0, 4)).toEqual(["År", "Totalt, kr per invånare 16–64 år och dag", "Utbetalt belopp, kr", "Befolkning 16–64 år"]);
    expect(header.at(-1)).toBe("Dagar");
    expect(rows.map((r) => r[0])).toEqual(["2021", "2022", "2023"]);
    for (const r of rows) {
      const t = await mattRad("riket", "00", "totalt", r[0]);
      // Totalt: the page's own belopp, befolkning and Preliminärt columns are its parts; its scope twice (the page's
      // phrase and the part column), and the days of the year.
      expectMatt(r, col, { kr: "Totalt, kr per invånare 16–64 år och dag", belopp: "Utbetalt belopp, kr", befolkning: "Befolkning 16–64 år", preliminar: "Preliminärt" }, t);
      expect(r[col("Omfattning av totalt")]).toBe(FEM_AV_SEX);
      expect(r[col("Totalt: ersättningar som ingår")]).toBe(FEM_AV_SEX_DELAR);
      expect(r[col("Dagar")]).toBe("365");
      expect(t.dagar).toBe(365);
      // Each ersättning with a value, exact with its parts; etableringsersättning has none, and no parts either.
      for (const [e, etikett] of [
        ["sjukpenning", "Sjukpenning och rehabiliteringspenning"],
        ["sjuk_och_aktivitetsersattning", "Sjuk- och aktivitetsersättning"],
        ["arbetsloshetsersattning", "Arbetslöshetsersättning"],
        ["aktivitetsstod", "Aktivitetsstöd och utvecklingsersättning"],
        ["ekonomiskt_bistand", "Ekonomiskt bistånd"],
      ]) {
        const labels = {
          kr: `${etikett}, kr per invånare och dag`,
          belopp: `${etikett}: utbetalt belopp, kr`,
          befolkning: `${etikett}: befolkning 16–64 år`,
          preliminar: `${etikett}: preliminärt`,
        };
        expectMatt(r, col, labels, await mattRad("riket", "00", e, r[0]));
      }
      for (const label of ["Etableringsersättning, kr per invånare och dag", "Etableringsersättning: utbetalt belopp, kr", "Etableringsersättning: befolkning 16–64 år", "Etableringsersättning: preliminärt"]) {
        expect(r[col(label)], label).toBe("");
      }
    }
  });

  it("översikten jämför med året innan och säger att arbetsmarknad är 2 av 3", async () => {
    const { page } = await open("oversikt");
    await page.waitForSelector("[data-testid=kpi-totalt] svg", { timeout: 30_000 });
    for (const e of ["totalt", "ohalsa", "arbetsmarknad", "ekonomiskt_bistand"]) {
      expect(await page.innerText(`[data-testid=kpi-${e}] .kpi`)).toBe(kr2(await matt("riket", "00", e, "2023")));
      expect(await page.innerText(`[data-testid=kpi-${e}]`)).toMatch(/mot 2022/);
    }
    expect(await page.innerText("[data-testid=kpi-arbetsmarknad] [data-testid=omfattning]")).toBe(
      "Arbetsmarknad, 2 av 3 ersättningar — etableringsersättning saknas i underlaget.",
    );
    expect(await page.locator("[data-testid=kpi-ohalsa] [data-testid=omfattning]").count()).toBe(0);
    await allaDiagramHarMarker(page, 5);
  });

  it("kommunsidan visar år, rang och kön; valen står i adressen", async () => {
    const { page } = await open("kommun/0380");
    await page.waitForSelector("#kommun-linjer svg[aria-label]", { timeout: 30_000 });
    expect(await page.innerText("[data-testid=kommun-senaste] .kpi")).toBe(kr2(await matt("kommun", "0380", "totalt", "2023")));
    const rang = await q(
      `SELECT regionkod, rank() OVER (ORDER BY kr_per_invanare_och_dag DESC)::INTEGER AS plats FROM forsorjningsmatt
       WHERE regiontyp = 'kommun' AND ersattning = 'totalt' AND kon = 'T' AND period = '2023'`,
    );
    expect(await page.innerText("[data-testid=kommun-rang] .kpi")).toBe(`${rang.find((r) => r.regionkod === "0380")!.plats} av 6`);
    expect(await page.getAttribute("[data-testid=lan-lank]", "href")).toBe("../lan/03");
    expect(await page.innerText("[data-testid=kommun-forbund]")).toContain("RAR Testförbund");
    expect(await page.getAttribute("[data-testid=kommun-forbund] a", "href")).toBe("../forbund/rar");
    expect(await page.innerText("[data-testid=kommun-tabell] caption")).toContain("Totalt, 5 av 6 ersättningar");
    await allaDiagramHarMarker(page, 3);
    // Kvinnor, sjukpenning: the kommun, its län and riket by kön.
    await page.locator("form select").first().selectOption({ label: "Sjukpenning och rehabiliteringspenning" });
    await page.getByLabel("Kvinnor", { exact: true }).check();
    await page.waitForFunction(() => document.querySelector("#kommun-linjer svg[aria-label]")?.getAttribute("aria-label")?.includes("kvinnor") === true);
    const forsta = await page.locator("[data-testid=kommun-tabell] tbody tr").first().locator("td").allInnerTexts();
    expect(forsta[0]).toBe(kr2(await matt("kommun", "0380", "sjukpenning", "2023", "K")));
    expect(forsta[1]).toBe(kr2(await matt("lan", "03", "sjukpenning", "2023", "K")));
    expect(forsta[2]).toBe(kr2(await matt("riket", "00", "sjukpenning", "2023", "K")));
    expect(decodeURIComponent(page.url())).toMatch(/kon=K/);
    await page.reload();
    await page.waitForSelector("#kommun-linjer svg[aria-label]", { timeout: 30_000 });
    expect(await page.getAttribute("#kommun-linjer svg[aria-label]", "aria-label")).toBe("Sjukpenning och rehabiliteringspenning, kvinnor: Uppsala, Uppsala län och riket");
    // Totalt has no kön split (ekonomiskt bistånd is given for T only): a sentence, never an empty chart.
    await page.locator("form select").first().selectOption({ label: "Totalt" });
    await expect.poll(() => page.locator("[data-testid=inga-varden]").count()).toBe(1);
    expect(await page.innerText("[data-testid=inga-varden]")).toMatch(/Totalt finns inte uppdelat på kön.*ekonomiskt bistånd redovisas bara för kvinnor och män sammantaget/);
    await allaDiagramHarMarker(page);
  });

  it("förbund med id som RAR och Finsam Göteborg öppnas på sin härledda adress, med värden", async () => {
    for (const [adress, id, namn] of [["rar", "RAR", "RAR Testförbund"], ["finsam-goteborg", "Finsam Göteborg", "Finsam Göteborg och Härryda"]]) {
      const { page } = await open(`forbund/${adress}`);
      await page.waitForSelector("#forbund-linjer svg[aria-label]", { timeout: 30_000 });
      expect(await page.locator("h1").first().innerText()).toBe(namn);
      expect(await page.innerText("[data-testid=forbund-senaste] .kpi")).toBe(kr2(await matt("forbund", id, "totalt", "2023")));
      expect(await page.innerText("[data-testid=forbund-senaste] [data-testid=omfattning]")).toContain("5 av 6 ersättningar");
      await allaDiagramHarMarker(page, 2);
      const { filename, text } = await downloadText(page, () => page.locator(".table-head").getByRole("button", { name: "Ladda ned CSV" }).click());
      expect(filename).toBe(`${adress}-totalt-ar.csv`);
      const [header, ...rows] = parseSwedishCsv(text);
      const col = csvColumn(header);
      expect(header.slice(0, 2)).toEqual(["År", `${namn}, kr per invånare och dag`]);
      expect(header.at(-1)).toBe("Dagar");
      expect(rows.map((r) => r[0])).toEqual(["2023", "2022", "2021"]);
      const medlemmar = await q(`SELECT m.kommunkod, k.kommunnamn FROM forbund_medlem m JOIN kommun k USING (kommunkod) WHERE m.forbund_id = '${id}' ORDER BY 1`);
      expect(medlemmar).toHaveLength(2);
      for (const r of rows) {
        // The förbund exact, with its parts: belopp, befolkning, preliminärt and its scope; the days of the year.
        const d = await mattRad("forbund", id, "totalt", r[0]);
        expectMatt(r, col, { kr: `${namn}, kr per invånare och dag`, belopp: `${namn}: utbetalt belopp, kr`, befolkning: `${namn}: befolkning 16–64 år`, preliminar: `${namn}: preliminärt` }, d);
        expect(r[col("Omfattning av totalt")]).toBe(FEM_AV_SEX);
        expect(r[col(`${namn}: ersättningar som ingår`)]).toBe(FEM_AV_SEX_DELAR);
        expect(r[col("Dagar")]).toBe("365");
        // Each member kommun exact too, from the year it counts (Håbo not in 2021: no value and no parts).
        for (const m of medlemmar) {
          const k = String(m.kommunnamn);
          const labels = { kr: `${k}, kr per invånare och dag`, belopp: `${k}: utbetalt belopp, kr`, befolkning: `${k}: befolkning 16–64 år`, preliminar: `${k}: preliminärt` };
          if (id === "RAR" && m.kommunkod === "0305" && r[0] === "2021") {
            for (const label of [...Object.values(labels), `${k}: ersättningar som ingår`]) expect(r[col(label)], label).toBe("");
            continue;
          }
          expectMatt(r, col, labels, await mattRad("kommun", String(m.kommunkod), "totalt", r[0]));
          expect(r[col(`${k}: ersättningar som ingår`)]).toBe(FEM_AV_SEX_DELAR);
        }
      }
    }
    // RAR: Håbo (0305) joined on 1 January 2022, so 2021 counts Uppsala alone.
    const { page } = guards.at(-2)!;
    expect(await page.innerText("[data-testid=forbund-tabell] tbody tr:last-child")).toMatch(/^2021\s/);
  });

  it("ett förbund med ett delområde får värdet från underlagets område, och ett utan data säger det rakt ut", async () => {
    const { page } = await open("forbund/goteborg-centrum");
    await page.waitForSelector("#forbund-linjer svg[aria-label]", { timeout: 30_000 });
    expect(await page.innerText("[data-testid=delomrade-not]")).toMatch(/Värdena räknas på underlagets områden för det delområdet: Samordningsförbundet Göteborg Centrum \(Göteborg\)/);
    const [v] = await q(
      `SELECT round(sum(belopp_kr) / (sum(befolkning) * 365), 2)::DOUBLE AS kr FROM forsorjningsmatt_delomrade WHERE regionkod = 'GC' AND period = '2023' AND ersattning = 'totalt' AND kon = 'T'`,
    );
    expect(await page.innerText("[data-testid=forbund-senaste] .kpi")).toBe(formatKr(Number(v.kr)));
    expect(await matt("forbund", "Göteborg Centrum", "totalt", "2023")).toBeCloseTo(Number(v.kr), 2);
    await allaDiagramHarMarker(page, 2);

    const vaster = await open("forbund/goteborg-vaster");
    await vaster.page.waitForSelector("[data-testid=delomrade-not]", { timeout: 30_000 });
    expect(await vaster.page.innerText("[data-testid=delomrade-not]")).toMatch(
      /Förbundet omfattar delar av Göteborg \(delområde Väster\); underlaget har inga värden för det delområdet .* så förbundet saknar försörjningsmått\./,
    );
    expect(await vaster.page.innerText("[data-testid=inga-varden]")).toMatch(/inga egna beräknade värden per år/);
    expect(await vaster.page.innerText("main")).not.toMatch(/0,00\u00a0kr/);
    await allaDiagramHarMarker(vaster.page);
  });

  it("länssidan visar länet mot riket, kommunerna rangordnade med karta och förbunden", async () => {
    const { page } = await open("lan/03");
    await page.waitForSelector("#lan-karta svg[aria-label]", { timeout: 30_000 });
    expect(await page.locator("h1").first().innerText()).toBe("Uppsala län");
    expect(await page.innerText("[data-testid=lan-senaste] .kpi")).toBe(kr2(await matt("lan", "03", "totalt", "2023")));
    expect(await page.innerText("[data-testid=lan-senaste] [data-testid=ofullstandig]")).toMatch(/^2 av 8 kommuner har värden/);
    const rang = await q(
      `SELECT regionkod, regionnamn, round(kr_per_invanare_och_dag, 2)::DOUBLE AS kr FROM forsorjningsmatt
       WHERE regiontyp = 'kommun' AND regionkod IN ('0380', '0305') AND ersattning = 'totalt' AND kon = 'T' AND period = '2023' ORDER BY kr_per_invanare_och_dag DESC`,
    );
    const rader = await page.locator("[data-testid=lan-kommuner] tbody tr").allInnerTexts();
    expect(rader.map((r) => r.split("\t").map((c) => c.trim()))).toEqual(rang.map((r, i) => [String(i + 1), r.regionkod, r.regionnamn, formatKr(Number(r.kr))]));
    // The small map: the län's 8 kommuner, the two with values coloured and described.
    expect(await page.locator("#lan-karta svg[aria-label] a").count()).toBe(8);
    expect(await page.getAttribute('#lan-karta a[aria-label^="Uppsala:"]', "aria-label")).toContain(`${kr2(await matt("kommun", "0380", "totalt", "2023"))} per invånare och dag`);
    expect(await page.innerText("[data-testid=lan-forbund]")).toContain("RAR Testförbund");
    expect(await page.getAttribute("[data-testid=lan-forbund] a", "href")).toBe("../forbund/rar");
    await allaDiagramHarMarker(page, 3);
    const { text } = await downloadText(page, () => page.locator("#lan-kommuner").locator("xpath=preceding::button[normalize-space()='Ladda ned CSV'][1]").click());
    const [header, ...rows] = parseSwedishCsv(text);
    // The page's columns, then the measure's parts (one measure: no name before them) and the days of the year.
    expect(header).toEqual([
      "Plats",
      "Kommunkod",
      "Kommun",
      "År",
      "Totalt, kr per invånare 16–64 år och dag",
      "Omfattning",
      "Utbetalt belopp, kr",
      "Befolkning 16–64 år",
      "Preliminärt",
      "Ersättningar som ingår",
      "Dagar",
    ]);
    const col = csvColumn(header);
    expect(rows.map((r) => [r[col("Plats")], r[col("Kommunkod")], r[col("Kommun")], r[col("År")], r[col("Omfattning")], r[col("Ersättningar som ingår")], r[col("Dagar")]])).toEqual(
      rang.map((r, i) => [String(i + 1), r.regionkod, r.regionnamn, "2023", FEM_AV_SEX, FEM_AV_SEX_DELAR, "365"]),
    );
    for (const r of rows) {
      const labels = { kr: "Totalt, kr per invånare 16–64 år och dag", belopp: "Utbetalt belopp, kr", befolkning: "Befolkning 16–64 år", preliminar: "Preliminärt" };
      expectMatt(r, col, labels, await mattRad("kommun", r[col("Kommunkod")], "totalt", "2023"));
    }
  });

  it("Jämför och Karta visar åren, och länen säger hur många kommuner de bygger på", async () => {
    const j = await open("jamfor");
    await j.page.waitForSelector("#jamfor-diagram svg[aria-label]", { timeout: 30_000 });
    expect(await j.page.locator("#jamfor-tabell tbody tr").evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.period))).toEqual(["2023", "2022", "2021"]);
    expect((await j.page.locator("#jamfor-tabell tbody tr").first().locator("td").allInnerTexts())[0]).toBe(kr2(await matt("riket", "00", "totalt", "2023")));
    expect(await j.page.innerText("#jamfor-diagram figcaption")).toContain("Totalt, 5 av 6 ersättningar");
    expect(await j.page.innerText("[data-testid=ofullstandig]")).toContain("Riket: 6 av 290 kommuner har värden år 2023 (ofullständigt alla år); Stockholms län: 2 av 26 kommuner har värden år 2023");
    await allaDiagramHarMarker(j.page);
    // A förbund by its address in the address bar, kön K.
    const j2 = await open("jamfor?regioner=forbund:finsam-goteborg,riket:00&kon=K&ersattning=sjukpenning");
    await j2.page.waitForSelector("#jamfor-diagram svg[aria-label]", { timeout: 30_000 });
    expect(await j2.page.getAttribute("#jamfor-diagram svg[aria-label]", "aria-label")).toBe("Sjukpenning och rehabiliteringspenning, kvinnor: Finsam Göteborg och Härryda, Riket");
    expect((await j2.page.locator("#jamfor-tabell tbody tr").first().locator("td").allInnerTexts())[0]).toBe(
      kr2(await matt("forbund", "Finsam Göteborg", "sjukpenning", "2023", "K")),
    );

    const k = await open("karta?niva=lan");
    await k.page.waitForSelector("#karta svg[aria-label]", { timeout: 30_000 });
    expect(await k.page.getAttribute("#karta svg[aria-label]", "aria-label")).toBe("Totalt per län, 2023");
    expect(await k.page.innerText(".karta-stegare output")).toBe("2023");
    expect(await k.page.innerText("#karta-tabell tr[data-kod='03']")).toContain(`${kr2(await matt("lan", "03", "totalt", "2023"))} (2 av 8 kommuner)`);
    await allaDiagramHarMarker(k.page);
    const { text } = await downloadText(k.page, () => k.page.getByRole("button", { name: "Ladda ned CSV" }).click());
    const [header, ...rows] = parseSwedishCsv(text);
    expect(header).toContain("Kommuner med värden");
    // The page's columns up to Omfattning, then the measure's parts it has no column for, and the days of the year.
    expect(header.slice(header.indexOf("Omfattning"))).toEqual(["Omfattning", "Utbetalt belopp, kr", "Befolkning 16–64 år", "Ersättningar som ingår", "Dagar"]);
    const col = csvColumn(header);
    const lan = await mattRad("lan", "03", "totalt", "2023");
    const uppsala = rows.find((r) => r[col("Länskod")] === "03")!;
    expect(header.slice(3).map((label) => [label, uppsala[col(label)]])).toEqual([
      ["År", "2023"],
      ["Ersättning", "Totalt"],
      ["Kr per invånare 16–64 år och dag", String(lan.kr).replace(".", ",")],
      ["Preliminärt", "nej"],
      ["Kommuner med värden", "2 av 8"],
      ["Omfattning", FEM_AV_SEX],
      ["Utbetalt belopp, kr", csvDecimal(lan.belopp_kr)],
      ["Befolkning 16–64 år", csvDecimal(lan.befolkning)],
      ["Ersättningar som ingår", FEM_AV_SEX_DELAR],
      ["Dagar", "365"],
    ]);
    expectMatt(uppsala, col, { kr: "Kr per invånare 16–64 år och dag", belopp: "Utbetalt belopp, kr", befolkning: "Befolkning 16–64 år", preliminar: "Preliminärt" }, lan);
    // Länet's value is the sum of its kommuner's parts: Σ belopp / (Σ befolkning × dagar).
    const kommuner = await Promise.all(["0380", "0305"].map((k) => mattRad("kommun", k, "totalt", "2023")));
    const ore = (v: string) => BigInt(v.replace(".", ""));
    expect(ore(lan.belopp_kr)).toBe(kommuner.reduce((s, k) => s + ore(k.belopp_kr), 0n));
    expect(ore(lan.befolkning)).toBe(kommuner.reduce((s, k) => s + ore(k.befolkning), 0n));
    // The län links to its page.
    expect(await k.page.locator("#karta-tabell tr[data-kod='03'] a").getAttribute("href")).toBe("./lan/03");
  });

  it("Helårsekvivalenter, Datakvalitet och Metod fungerar på årsvärden", async () => {
    const h = await open("helarsekvivalenter");
    await h.page.waitForSelector("#hek-tomt", { timeout: 30_000 });
    const d = await open("datakvalitet");
    await d.page.waitForSelector("#arstackning svg[aria-label]", { timeout: 30_000 });
    expect(await d.page.innerText("[data-testid=inga-manadsvarden]")).toContain("bara årsvärden");
    await allaDiagramHarMarker(d.page);
    expect(await d.page.locator("#arstackning svg[aria-label] g[data-mark=cell] rect").count()).toBe(5 * 3);
    const m = await open("metod");
    await m.page.waitForSelector("#omfattning-tabell", { timeout: 30_000 });
    const metod = await m.page.innerText("main");
    expect(metod).toMatch(/2023\s+1 januari 2023\s+365/);
    expect(metod).toContain("Inga halvår i databasen.");
    expect(await m.page.innerText("#omfattning-tabell")).toContain(FEM_AV_SEX);
    expect(await m.page.innerText("[data-testid=totalt-definition]")).toContain("alla sex ersättningar (standard)");
  });

  it("sidorna fungerar på mobilbredd", async () => {
    for (const p of ["", "kommun/0180", "forbund/rar", "lan/14"]) {
      const { page } = await open(p, 390);
      await page.waitForSelector("#observablehq-main svg[aria-label]", { timeout: 30_000 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, p).toBeLessThanOrEqual(1);
    }
  });

  it("gör inga anrop utanför 127.0.0.1 och har inga fel i konsolen", () => {
    expect(guards.length).toBeGreaterThanOrEqual(12);
    expect(guards.flatMap((g) => g.outsideRequests)).toEqual([]);
    expect(guards.flatMap((g) => g.consoleErrors.map((e) => `${g.page.url()}: ${e}`))).toEqual([]);
  });
});

describe("förbundets eget totalt", () => {
  it("sparas vid inläsningen och står i varje text som använder totalt", async () => {
    const own = path.join(dir, "egen.duckdb");
    await ingest({ dataDir: dir, dbPath: own, totalt: ["sjukpenning", "sjuk_och_aktivitetsersattning", "ekonomiskt_bistand", "arbetsloshetsersattning"] });
    const meta = JSON.parse(run(TSX, ["src/data/meta.json.ts"], { ...process.env, FORSORJNING_DB: own }, PROJECT_ROOT));
    expect(meta.omfattning.standardTotalt).toBe(false);
    expect(meta.omfattning.medlemmar.totalt).toEqual(["sjukpenning", "sjuk_och_aktivitetsersattning", "arbetsloshetsersattning", "ekonomiskt_bistand"]);
    const { omfattningText } = await import("../../src/components/omfattning.js");
    expect(omfattningText(meta.omfattning, "totalt", "2023")).toBe(
      "totalt enligt förbundets definition: sjukpenning, sjuk- och aktivitetsersättning, arbetslöshetsersättning och ekonomiskt bistånd",
    );
  });
});
