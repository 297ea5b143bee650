// Helårsekvivalenter and Datakvalitet with data the demo lacks: a small database ingested here from a temp data
// directory (canonical helarsekvivalenter*.csv + befolkning, two dated downloads of one source, a missing month, a
// reported zero, a file no adapter knows) plus a published riket total. Part B's pages are built from it in a temp
// copy of the project (the shared site in dist/ is left alone) and checked against hand-computed values:
//   0180, 31 Dec 2022 and 2023: K 1000 + M 1000 aged 30 (+ 500 K aged 18, outside 20–64) → 2023H1 20–64: T 2000
//   sjukpenning K months 10, 20, 30, 40, 50, 60 → 35; M 15 → T 50; andel T = 50 / 2000 = 2,50 %, K = 35 / 1000 = 3,50 %
//   0114 (K 100 + M 100 aged 30): sjukpenning K 4 + M 2 = 6 → 3,00 %; Stockholms län sjukpenning (50 + 6) / 2200 = 2,55 %,
//   but ekonomiskt bistånd (0180 only, T 8) 8 / 2000 = 0,40 % — the län's population follows the kommuner with values
//   revision: 0180 2023H1 sjukpenning 724 000 kr (download 2024-03-01) → 905 000 kr (2024-09-01);
//     16–64 population 2023H1 = 2500 (incl. the 18-year-olds), 181 days → 1,60 → 2,00 kr per invånare och dag
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ingest } from "../../loaders/ingest.ts";
import { startServer, type RunningServer } from "../../scripts/serve.ts";
import { monthlyRows, tempDir, writeFiles } from "../helpers.ts";
import { CHROMIUM, CHROMIUM_ARGS, downloadText, guard, parseSwedishCsv, type GuardedPage } from "./site.ts";

vi.setConfig({ testTimeout: 60_000 });

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** The pages built in the temp copy: part B's. */
const SIDOR = ["helarsekvivalenter.md", "datakvalitet.md"];
const HEADER = "kommunkod,period,ersattning,kon,belopp_kr,status";

let dir: string;
let root: string;
let db: string;
let server: RunningServer;
let browser: Browser;
const guards: GuardedPage[] = [];

function dataDir(): void {
  const hek = ["kommunkod,manad,ersattning,kon,helarsekvivalenter"];
  [10, 20, 30, 40, 50, 60].forEach((v, i) => hek.push(`0180,2023-0${i + 1},sjukpenning,K,${v}`));
  for (let i = 1; i <= 6; i++) hek.push(`0180,2023-0${i},sjukpenning,M,15`);
  for (let i = 1; i <= 6; i++) hek.push(`0180,2023-0${i},ekonomiskt_bistand,T,8`);
  // 0114 has sjukpenning only: Stockholms län's sjukpenning counts 0114 too, its ekonomiskt bistånd does not.
  for (let i = 1; i <= 6; i++) hek.push(`0114,2023-0${i},sjukpenning,K,4`, `0114,2023-0${i},sjukpenning,M,2`);
  writeFiles(dir, {
    "befolkning.csv": [
      "kommunkod,datum,alder,kon,antal",
      ...["2022", "2023"].flatMap((y) => [`0180,${y}-12-31,30,K,1000`, `0180,${y}-12-31,30,M,1000`, `0180,${y}-12-31,18,K,500`]),
      ...["2022", "2023"].flatMap((y) => [`0114,${y}-12-31,30,K,100`, `0114,${y}-12-31,30,M,100`]),
    ],
    "helarsekvivalenter.csv": hek,
    "raw/fk/2024-03-01/utbetalningar_fk.csv": [HEADER, "0180,2023H1,sjukpenning,T,724000.00,"],
    "raw/fk/2024-09-01/utbetalningar_fk.csv": [HEADER, "0180,2023H1,sjukpenning,T,905000.00,"],
    "utbetalningar_ovrigt.csv": [
      HEADER,
      // 0114 aktivitetsstöd: March marked missing by the publisher; 0180: every month reported
      ...monthlyRows("0114", "2023H1", "aktivitetsstod", "T", "1000.00").map((r) => (r.includes("2023-03") ? r.replace("1000.00", ",saknas") : `${r},`)),
      ...monthlyRows("0180", "2023H1", "aktivitetsstod", "T", "2000.00").map((r) => `${r},`),
      // a reported zero
      ...monthlyRows("0114", "2023H1", "sjukpenning", "T", "500.00").map((r) => (r.includes("2023-02") ? r.replace("500.00", "0.00,") : `${r},`)),
    ],
    "anteckningar.csv": ["vad,varde", "något,1"],
  });
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): void {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf-8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} misslyckades:\n${result.stdout?.slice(-3000)}\n${result.stderr?.slice(-3000)}`);
}

/** A copy of the project with only part B's pages (plus what they import), built from `db` into its own dist/. */
function buildCopy(): void {
  for (const d of ["loaders", "scripts"]) fs.cpSync(path.join(PROJECT_ROOT, d), path.join(root, d), { recursive: true });
  for (const f of ["observablehq.config.ts", "package.json", "tsconfig.json"]) fs.copyFileSync(path.join(PROJECT_ROOT, f), path.join(root, f));
  fs.symlinkSync(path.join(PROJECT_ROOT, "node_modules"), path.join(root, "node_modules"));
  fs.mkdirSync(path.join(root, "data"));
  fs.symlinkSync(path.join(PROJECT_ROOT, "data", "reference"), path.join(root, "data", "reference"));
  const src = path.join(root, "src");
  fs.mkdirSync(src);
  for (const entry of fs.readdirSync(path.join(PROJECT_ROOT, "src"), { withFileTypes: true })) {
    if (entry.name.startsWith(".")) continue;
    const keep = entry.isDirectory() ? ["components", "data"].includes(entry.name) : !entry.name.endsWith(".md") || SIDOR.includes(entry.name);
    if (keep) fs.cpSync(path.join(PROJECT_ROOT, "src", entry.name), path.join(src, entry.name), { recursive: true });
  }
  // The static server wants a start page; a plain one is enough here.
  fs.writeFileSync(path.join(src, "index.md"), "# Del B\n\n[Helårsekvivalenter](./helarsekvivalenter) · [Datakvalitet](./datakvalitet)\n");
  // Only the copied pages: no region pages (dynamicPaths) and no navigation to pages that are not there.
  const config = fs.readFileSync(path.join(root, "observablehq.config.ts"), "utf-8");
  fs.writeFileSync(path.join(root, "observablehq.config.ts"), config.replace(/export default \{/, "const config = {") + "\nexport default { ...config, dynamicPaths: [], pages: [] };\n");
  run("npm", ["run", "build"], { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true", FORSORJNING_DB: db }, root);
}

beforeAll(async () => {
  dir = tempDir("forsorjning-partb-data-");
  root = tempDir("forsorjning-partb-site-");
  dataDir();
  db = path.join(dir, "egen.duckdb");
  await ingest({ dataDir: dir, dbPath: db });
  // A published riket total beside the kommun rows (publishers' own files carry these; the canonical CSV has none).
  const instance = await DuckDBInstance.create(db);
  const connection = await instance.connect();
  await connection.run(
    `INSERT INTO utbetalning_region SELECT 'riket', '00', '2023H1', NULL, '2023H1', 2023, 'aktivitetsstod', 'T', 20000.00, '', min(fil_id) FROM inlast_fil`,
  );
  connection.closeSync();
  instance.closeSync();
  buildCopy();
  server = await startServer({ dir: path.join(root, "dist"), port: 0 });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  // PART_B_BEHALL=1 keeps the data, database and built copy for a look (paths printed).
  if (process.env.PART_B_BEHALL === "1") console.log(`Behållet: ${dir} (databas ${db}), ${root}/dist`);
  else for (const d of [dir, root]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

async function open(sitePath: string): Promise<GuardedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "sv-SE", acceptDownloads: true });
  const g = guard(await context.newPage());
  await g.page.goto(new URL(sitePath, server.url).href);
  guards.push(g);
  return g;
}

describe("Helårsekvivalenter med data", () => {
  it("visar andelen av befolkningen 20–64 år för kommunen, med län och riket", async () => {
    const { page } = await open("helarsekvivalenter?region=kommun:0180&ersattning=sjukpenning");
    await page.waitForSelector("#hek-linje svg[aria-label]", { timeout: 30_000 });
    expect(await page.locator("#hek-tomt").count()).toBe(0);
    expect(await page.innerText("[data-testid=hek-andel]")).toBe("2,50\u00a0%");
    expect(await page.getAttribute("#hek-linje svg[aria-label]", "aria-label")).toBe(
      "Andel av befolkningen 20–64 år med sjukpenning och rehabiliteringspenning, Stockholm (kvinnor och män)",
    );
    // Stockholm, Stockholms län and riket: with one kommun in the data all three are 2,50 %.
    expect(await page.getAttribute("#hek-linje svg[aria-label]", "aria-description")).toContain("Stockholm, Stockholms län, Riket");
    const rad = await page.locator("#hek-tabell tbody tr").first().innerText();
    expect(rad).toMatch(/1:a halvåret 2023\s+35,0\s+3,50\u00a0%\s+15,0\s+1,50\u00a0%\s+50,0\s+2,50\u00a0%\s+2\u00a0000/);
    // Every kommun with a value for the half-year, highest share first.
    expect(await page.locator("#hek-kommuner tbody tr").allInnerTexts()).toEqual([
      expect.stringMatching(/^1\s+Upplands Väsby \(0114\)\s+Stockholms län\s+6,0\s+200\s+3,00\u00a0%$/),
      expect.stringMatching(/^2\s+Stockholm \(0180\)\s+Stockholms län\s+50,0\s+2\u00a0000\s+2,50\u00a0%$/),
    ]);
  });

  it("byter kön och ersättning; tabellen och adressen följer med, och CSV:n har värdena", async () => {
    const { page } = guards[0];
    await page.getByLabel("Kvinnor", { exact: true }).check();
    await expect.poll(() => page.innerText("[data-testid=hek-andel]")).toBe("3,50\u00a0%");
    expect(page.url()).toContain("kon=K");
    const { text } = await downloadText(page, () => page.locator("#hek-tabell").locator("xpath=following::button[normalize-space()='Ladda ned CSV'][1]").click());
    const [header, ...rows] = parseSwedishCsv(text);
    expect(header).toEqual(["Områdestyp", "Kod", "Område", "Halvår", "Ersättning", "Kön", "Helårsekvivalenter", "Befolkning 20–64 år", "Andel av befolkningen 20–64 år"]);
    expect(rows.map((r) => [r[5], r[6], r[7], r[8]])).toEqual([
      ["Kvinnor", "35", "1000", "0,035"],
      ["Män", "15", "1000", "0,015"],
      ["Kvinnor och män", "50", "2000", "0,025"],
    ]);
    // Ekonomiskt bistånd is given for kön T only: for kvinnor the page says there is nothing, for T it shows 8 / 2000.
    await page.locator("form:has-text('Ersättning') select").selectOption({ label: "Ekonomiskt bistånd" });
    await expect.poll(() => page.locator(".tomt-lage").allInnerTexts()).toEqual(["Inga värden för Stockholm, ekonomiskt bistånd, kvinnor."]);
    await page.getByLabel("Kvinnor och män", { exact: true }).check();
    await expect.poll(() => page.locator("[data-testid=hek-andel]").allInnerTexts()).toEqual(["0,40\u00a0%"]);
    expect(decodeURIComponent(page.url())).toContain("ersattning=ekonomiskt_bistand");
  });
});

describe("Helårsekvivalenter för ett län", () => {
  it("räknar länet över de kommuner som har värden för ersättningen", async () => {
    const { page } = await open("helarsekvivalenter?region=lan:01&ersattning=sjukpenning");
    await page.waitForSelector("#hek-linje svg[aria-label]", { timeout: 30_000 });
    expect(await page.innerText("[data-testid=hek-andel]")).toBe("2,55\u00a0%");
    await page.locator("form:has-text('Ersättning') select").selectOption({ label: "Ekonomiskt bistånd" });
    await expect.poll(() => page.locator("[data-testid=hek-andel]").allInnerTexts()).toEqual(["0,40\u00a0%"]);
  });
});

describe("Datakvalitet med luckor, nollor, revisioner och okända filer", () => {
  it("visar en saknad månad och en rapporterad nolla per kommun, och kommuner utan data", async () => {
    const { page } = await open("datakvalitet?ersattning=aktivitetsstod");
    await page.waitForSelector("#luckor svg[aria-label]", { timeout: 30_000 });
    const luckor = await page.locator(".luck-tabell tbody tr").allInnerTexts();
    expect(luckor).toEqual([expect.stringMatching(/^Upplands Väsby \(0114\)\s+Saknas \(markerat av utgivaren\)\s+mars 2023\s+mars 2023\s+1$/)]);
    expect(await page.innerText("[data-testid=kommuner-utan-data]")).toMatch(/^288 kommuner har inga utbetalningar alls/);
    await page.locator("form:has-text('Ersättning') select").selectOption({ label: "Sjukpenning och rehabiliteringspenning" });
    await expect.poll(() => page.locator(".luck-tabell tbody tr").allInnerTexts()).toEqual([
      expect.stringMatching(/^Upplands Väsby \(0114\)\s+Rapporterad nolla\s+februari 2023\s+februari 2023\s+1$/),
    ]);
    const status = await page.innerText("#status-tabell");
    expect(status).toMatch(/Utbetalningar\s+Aktivitetsstöd och utvecklingsersättning\s+saknas\s+1\s+0\s+1/);
    expect(status).toMatch(/Helårsekvivalenter\s+Sjukpenning och rehabiliteringspenning\s+rapporterat\s+24\s+0\s+0/);
  });

  it("listar värden ändrade sedan förra rapporten med gammalt och nytt värde", async () => {
    const { page } = guards.at(-1)!;
    const andrade = await page.innerText("#andringar-tabell");
    expect(andrade).toMatch(/Stockholm \(Kommun\)\s+1:a halvåret 2023\s+Sjukpenning och rehabiliteringspenning\s+Kvinnor och män\s+1,60\u00a0kr\s+2,00\u00a0kr\s+\+0,40\u00a0kr\s+724\u00a0000\u00a0kr\s+905\u00a0000\u00a0kr/);
    expect(await page.innerText("[data-testid=antal-andringar]")).not.toBe("0");
    const { text } = await downloadText(page, () => page.locator("#andringar-tabell").locator("xpath=following::button[normalize-space()='Ladda ned CSV'][1]").click());
    const [header, ...rows] = parseSwedishCsv(text);
    // The page's columns, then the parts of "Kr per invånare och dag nu" it has no column for (issue #12): its belopp is
    // the table's "Belopp nu", now the exact DECIMAL; befolkning, preliminärt, a group's scope and the days appended.
    expect(header).toEqual([
      "Områdestyp",
      "Kod",
      "Område",
      "Period",
      "Ersättning",
      "Kön",
      "Tidigare kr per invånare och dag",
      "Kr per invånare och dag nu",
      "Tidigare belopp (kr)",
      "Belopp nu (kr)",
      "Befolkning 16–64 år",
      "Preliminärt",
      "Ersättningar som ingår",
      "Dagar",
    ]);
    // By hand, 2023H1 (181 days), values in full (JavaScript's shortest form of the quotient, as the database's DOUBLE):
    //   Stockholm: sjukpenning 724 000 → 905 000 kr over 2500 (16–64, with the 18-year-olds); totalt adds aktivitetsstöd
    //   6 × 2000 = 12 000 (736 000 → 917 000); ohälsa is sjukpenning alone, totalt sjukpenning and aktivitetsstöd.
    //   Stockholms län and riket: sjukpenning and ohälsa add Upplands Väsby's 5 × 500 + a reported 0 = 2500 kr over its
    //   200 (726 500 → 907 500 over 2700); its aktivitetsstöd misses March, so it has no totalt: totalt as Stockholm's.
    const kr = (belopp: number, befolkning: number) => {
      const [heltal, decimaler = ""] = String(belopp / (befolkning * 181)).split(".");
      return `${heltal},${decimaler.padEnd(2, "0")}`;
    };
    const OHALSA = "1 av 2: sjukpenning — sjuk- och aktivitetsersättning saknas i underlaget";
    const TOTALT =
      "2 av 6: sjukpenning, aktivitetsstöd — sjuk- och aktivitetsersättning, arbetslöshetsersättning, etableringsersättning, ekonomiskt bistånd saknas i underlaget";
    const rad = (region: string[], ersattning: string, fore: number, nu: number, befolkning: number, omfattning: string) => [
      ...region,
      "2023H1",
      ersattning,
      "T",
      kr(fore, befolkning),
      kr(nu, befolkning),
      // Both amounts in kronor and öre, as the database's DECIMAL writes them.
      `${fore},00`,
      `${nu},00`,
      `${befolkning},00`,
      "nej",
      omfattning,
      "181",
    ];
    const grupper = (region: string[], sjukpenning: [number, number, number]) => [
      rad(region, "ohalsa", ...sjukpenning, OHALSA),
      rad(region, "sjukpenning", ...sjukpenning, ""),
      rad(region, "totalt", 736000, 917000, 2500, TOTALT),
    ];
    expect(rows).toEqual([
      ...grupper(["riket", "00", "Riket"], [726500, 907500, 2700]),
      ...grupper(["lan", "01", "Stockholms län"], [726500, 907500, 2700]),
      ...grupper(["kommun", "0180", "Stockholm"], [724000, 905000, 2500]),
    ]);
    // (ohälsa and totalt change with it: sjukpenning is in both, and their scope in 2023H1 is what the data has)
    expect(rows.find((r) => r[0] === "kommun" && r[1] === "0180" && r[4] === "sjukpenning")!.slice(3)).toEqual([
      "2023H1",
      "sjukpenning",
      "T",
      "1,60",
      "2,00",
      "724000,00",
      "905000,00",
      "2500,00",
      "nej",
      "",
      "181",
    ]);
  });

  it("jämför kommunsumman med den publicerade rikstotalen och listar okända filer och hämtningsdatum", async () => {
    const { page } = guards.at(-1)!;
    const totaler = await page.innerText("#totaler-tabell");
    // aktivitetsstöd 2023H1: 0180 6 × 2000 + 0114 5 × 1000 (March missing) = 17 000 against the published 20 000
    expect(totaler).toMatch(/Riket\s+1:a halvåret 2023\s+Aktivitetsstöd och utvecklingsersättning\s+Kvinnor och män\s+20\u00a0000\u00a0kr\s+17\u00a0000\u00a0kr\s+2\s+85,0\u00a0%/);
    expect(await page.innerText(".okanda-filer")).toContain("anteckningar.csv");
    const kallor = await page.innerText("main");
    expect(kallor).toMatch(/kanonisk\s+\d+\s+[\d\u00a0]+\s+[\d\u00a0]+\s+1 mars 2024\s+1 september 2024/);
  });

  it("gör inga anrop utanför 127.0.0.1 och har inga fel i konsolen", () => {
    expect(guards.flatMap((g) => g.outsideRequests)).toEqual([]);
    expect(guards.flatMap((g) => g.consoleErrors)).toEqual([]);
  });
});
