// Table downloads carry the database's values in full, with their parts, and say what they are (issue #12, items 1,
// 2 and 5): on the demo site, the CSV and the Excel file of the kommun, start, Översikt, Karta, Jämför, förbund and
// län pages equal forsorjningsmatt exactly — kr per invånare och dag as the DOUBLE, belopp and befolkning as the
// DECIMAL, dagar and preliminär — the Excel cells are numbers with a 2-decimal format, and "Om data" (the Excel file's
// second sheet, the .txt beside the CSV) has the definition, formula, age band, periods, sources, address and build
// time. The exact values are fetched only when a button is clicked, never when a page opens.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvColumn, csvDecimal, csvNumber, mattRader, openBrowser, parseSwedishCsv, queryDb, type GuardedPage, type Matt, type SiteBrowser } from "./site.ts";
import { readXlsx, type Xlsx } from "./xlsx.ts";

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

let b: SiteBrowser;
const guards: GuardedPage[] = [];
/** Requests per page for the exact values and om-data.json, in order, with whether a button had been clicked. */
const requests = new Map<Page, { url: string; efterKlick: boolean }[]>();
const klickat = new Set<Page>();

beforeAll(async () => {
  b = await openBrowser();
});
afterAll(() => b?.close());

async function open(sitePath: string, ready: string): Promise<Page> {
  const g = await b.openPage(sitePath);
  guards.push(g);
  const lista: { url: string; efterKlick: boolean }[] = [];
  requests.set(g.page, lista);
  g.page.on("request", (r) => {
    if (/\/_exakt\/|om-data\./.test(r.url())) lista.push({ url: r.url(), efterKlick: klickat.has(g.page) });
  });
  await g.page.waitForSelector(ready, { timeout: 30_000 });
  return g.page;
}

interface CsvDownload {
  filename: string;
  header: string[];
  rows: string[][];
  col: (label: string) => number;
  txtName: string;
  txt: string;
}

/** Clicks "Ladda ned CSV" in `scope`: the CSV and the .txt beside it. */
async function csvDownload(page: Page, scope: Locator): Promise<CsvDownload> {
  klickat.add(page);
  const downloads: import("playwright-core").Download[] = [];
  const both = new Promise<void>((resolve) => {
    const on = (d: import("playwright-core").Download) => {
      downloads.push(d);
      if (downloads.length === 2) {
        page.off("download", on);
        resolve();
      }
    };
    page.on("download", on);
  });
  await scope.getByRole("button", { name: "Ladda ned CSV" }).first().click();
  await both;
  const [csv, txt] = downloads;
  const text = fs.readFileSync(await csv.path(), "utf-8");
  expect(text.startsWith("\ufeff")).toBe(true);
  const [header, ...rows] = parseSwedishCsv(text);
  return { filename: csv.suggestedFilename(), header, rows, col: csvColumn(header), txtName: txt.suggestedFilename(), txt: fs.readFileSync(await txt.path(), "utf-8") };
}

async function excelDownload(page: Page, scope: Locator): Promise<{ filename: string; xlsx: Xlsx }> {
  klickat.add(page);
  const [d] = await Promise.all([page.waitForEvent("download"), scope.getByRole("button", { name: "Ladda ned Excel" }).first().click()]);
  return { filename: d.suggestedFilename(), xlsx: readXlsx(new Uint8Array(fs.readFileSync(await d.path()))) };
}

/** forsorjningsmatt's rows, keyed "typ:kod|period|ersättning|kön" (kr the DOUBLE, belopp and befolkning the DECIMAL as text). */
async function matt(where: string): Promise<Map<string, Matt>> {
  return new Map((await mattRader(where)).map((r) => [`${r.regiontyp}:${r.regionkod}|${r.period}|${r.ersattning}|${r.kon}`, r]));
}

function omDataRader(text: string): Map<string, string> {
  return new Map(
    text
      .replace(/^\ufeff/, "")
      .split("\r\n")
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf(": ")), line.slice(line.indexOf(": ") + 2)]),
  );
}

/** The build time the site was built with (data/om-data.json in dist/). */
function byggd(): string {
  const dir = path.join(PROJECT_ROOT, "dist", "_file", "data");
  const file = fs.readdirSync(dir).find((f) => /^om-data\.[0-9a-f]+\.json$/.test(f));
  return JSON.parse(fs.readFileSync(path.join(dir, file!), "utf-8")).byggd;
}

/** The "Om data" every download must have: definition, formula, band, periods, sources, address and build time. */
function expectOmData(om: Map<string, string>, { adress, perioder, omraden }: { adress: string; perioder: RegExp; omraden: RegExp }) {
  expect(om.get("Definition")).toMatch(/^Försörjningsmåttet är den offentliga försörjning .* i kronor per invånare 16–64 år och dag\.$/);
  expect(om.get("Formel")).toMatch(/^kr per invånare och dag = Σ belopp_kr \/ \(Σ befolkning × dagar\)\./);
  expect(om.get("Åldersband")).toBe("16–64 år");
  expect(om.get("Perioder")).toMatch(perioder);
  expect(om.get("Områden")).toMatch(omraden);
  expect(om.get("DEMODATA")).toMatch(/demodata/);
  expect(om.get("Källor")).toMatch(/demodata/i);
  // The demo's files lie in no dated folder, so they have no retrieval date: said so, file by file.
  expect(om.get("Källfiler, utbetalningar")).toMatch(/^kanonisk: 12 filer, hämtningsdatum saknas .*: utbetalningar_2014\.csv, .*utbetalningar_2025\.csv\.$/);
  expect(om.get("Källfiler, befolkning")).toMatch(/^kanonisk: 13 filer, hämtningsdatum saknas .*befolkning_2013\.csv/);
  expect(om.get("Adress")).toBe(adress);
  expect(om.get("Webbplatsen byggd")).toBe(byggd());
  expect(om.get("Nedladdad")).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
}

/** The Excel file: the same rows as the CSV, numbers as numbers with the full value, and the same "Om data". */
function expectExcelLikeCsv(xlsx: Xlsx, csv: CsvDownload, numericLabels: string[]) {
  expect(xlsx.sheets.map((s) => s.name)).toEqual(["Data", "Om data"]);
  expect(Object.keys(xlsx.files)).toContain("xl/styles.xml");
  expect(new TextDecoder().decode(xlsx.files["xl/styles.xml"])).toContain('<cellStyle name="Normal" xfId="0" builtinId="0"/>');
  const data = xlsx.sheet("Data");
  expect(data.rows[0]).toEqual(csv.header);
  expect(data.rows.length - 1).toBe(csv.rows.length);
  for (const label of numericLabels) {
    const c = csv.col(label);
    csv.rows.forEach((r, i) => {
      const cell = data.rows[i + 1][c];
      if (r[c] === "") return expect(cell).toBeNull();
      expect(data.types[i + 1][c]).toBe("n");
      expect(cell).toBe(csvNumber(r[c]));
      expect(data.formats[i + 1][c]).toMatch(/^#,##0(\.00)?$|^0$/);
    });
  }
  const om = xlsx.sheet("Om data").rows.slice(1).map((r) => [String(r[0]), String(r[1])]);
  const txt = [...omDataRader(csv.txt)];
  expect(om.filter(([k]) => k !== "Nedladdad")).toEqual(txt.filter(([k]) => k !== "Nedladdad"));
}

describe("tabellnedladdningar med fullständiga värden, delarna och Om data", () => {
  it("kommunsidan: kommunen, länet och riket exakt, med belopp, befolkning, dagar, preliminärt och omfattning; Excel och Om data", async () => {
    const page = await open("kommun/0380", "#kommun-linjer svg[aria-label]");
    expect(requests.get(page)).toEqual([]); // nothing exact is fetched when the page opens
    const scope = page.locator(".table-head");
    const csv = await csvDownload(page, scope);
    expect(csv.filename).toBe("uppsala-totalt.csv");
    expect(csv.txtName).toBe("uppsala-totalt-om-data.txt");
    // The table's own columns first, as before; then each region's parts, then Dagar.
    expect(csv.header.slice(0, 5)).toEqual([
      "Halvår",
      "Uppsala, kr per invånare och dag",
      "Uppsala län, kr per invånare och dag",
      "Riket, kr per invånare och dag",
      "Preliminärt",
    ]);
    const db = await matt("regiontyp IN ('kommun', 'lan', 'riket') AND regionkod IN ('0380', '03', '00') AND ersattning = 'totalt' AND kon = 'T' AND length(period) = 6");
    expect(csv.rows.map((r) => r[0])).toEqual([...new Set([...db.values()].map((r) => r.period))].sort().reverse());
    for (const [namn, region] of [["Uppsala", "kommun:0380"], ["Uppsala län", "lan:03"], ["Riket", "riket:00"]]) {
      for (const r of csv.rows) {
        const d = db.get(`${region}|${r[0]}|totalt|T`)!;
        expect(csvNumber(r[csv.col(`${namn}, kr per invånare och dag`)])).toBe(d.kr);
        expect(r[csv.col(`${namn}: utbetalt belopp, kr`)]).toBe(csvDecimal(d.belopp_kr));
        expect(r[csv.col(`${namn}: befolkning 16–64 år`)]).toBe(csvDecimal(d.befolkning));
        expect(r[csv.col(region === "kommun:0380" ? "Preliminärt" : `${namn}: preliminärt`)]).toBe(d.preliminar ? "ja" : "nej");
        expect(r[csv.col(`${namn}: ersättningar som ingår`)]).toBe(
          "6 av 6: sjukpenning, sjuk- och aktivitetsersättning, arbetslöshetsersättning, aktivitetsstöd, etableringsersättning, ekonomiskt bistånd",
        );
        expect(Number(r[csv.col("Dagar")])).toBe(d.dagar);
        // The parts give the value back: kr = belopp / (befolkning × dagar), as the database computes it.
        expect(csvNumber(r[csv.col(`${namn}: utbetalt belopp, kr`)])! / (csvNumber(r[csv.col(`${namn}: befolkning 16–64 år`)])! * d.dagar)).toBe(d.kr);
      }
    }
    const om = omDataRader(csv.txt);
    expectOmData(om, { adress: page.url(), perioder: /^1:a halvåret 2014 – 2:a halvåret 2025 \(24 halvår; 2014H1–2025H2\)$/, omraden: /^Uppsala \(kommun 0380\), Uppsala län \(län 03\) och Riket$/ });
    expect(om.get("Sida")).toBe("Uppsala");
    expect(om.get("Tabell")).toBe("Totalt per halvår");
    expect(om.get("Kön")).toBe("kvinnor och män (T)");

    const { filename, xlsx } = await excelDownload(page, scope);
    expect(filename).toBe("uppsala-totalt.xlsx");
    expectExcelLikeCsv(xlsx, csv, ["Uppsala, kr per invånare och dag", "Riket: utbetalt belopp, kr", "Uppsala län: befolkning 16–64 år", "Dagar"]);
    expect(xlsx.sheet("Data").formats[1][1]).toBe("#,##0.00"); // the full value, shown with two decimals
    // The exact values were fetched at the click: the three regions' half-year files and om-data.json, nothing else.
    const hamtat = requests.get(page)!;
    expect(hamtat.every((r) => r.efterKlick)).toBe(true);
    expect([...new Set(hamtat.map((r) => new URL(r.url).pathname.replace(/om-data\.[0-9a-f]+\.json$/, "om-data.json")))].sort()).toEqual([
      "/_exakt/region/kommun/0380/halvar.json",
      "/_exakt/region/lan/03/halvar.json",
      "/_exakt/region/riket/00/halvar.json",
      "/_file/data/om-data.json",
    ]);
  });

  it("kommunsidan per kön och år, och tabellen med alla ersättningar", async () => {
    const page = await open("kommun/0180?period=ar&kon=K&ersattning=sjukpenning", "#kommun-linjer svg[aria-label]");
    const csv = await csvDownload(page, page.locator(".table-head"));
    expect(csv.filename).toBe("stockholm-sjukpenning-kvinnor-ar.csv");
    const db = await matt("regiontyp IN ('kommun', 'lan', 'riket') AND regionkod IN ('0180', '01', '00') AND ersattning = 'sjukpenning' AND kon = 'K' AND length(period) = 4");
    for (const r of csv.rows) {
      const k = db.get(`kommun:0180|${r[0]}|sjukpenning|K`)!;
      expect(csvNumber(r[1])).toBe(k.kr);
      expect(r[csv.col("Stockholm, kvinnor: befolkning 16–64 år")]).toBe(csvDecimal(k.befolkning));
      expect(csvNumber(r[3])).toBe(db.get(`riket:00|${r[0]}|sjukpenning|K`)!.kr);
      expect(Number(r[csv.col("Dagar")])).toBe(k.dagar);
    }
    expect(csv.header).not.toContain("Stockholm, kvinnor: ersättningar som ingår"); // a single ersättning has no scope
    expect(omDataRader(csv.txt).get("Kön")).toBe("kvinnor (K)");

    // The table of every ersättning (series rows: found without any column naming its value).
    await page.locator("details.table-details summary").click();
    const alla = await csvDownload(page, page.locator("details.table-details"));
    const dbAlla = await matt("regiontyp = 'kommun' AND regionkod = '0180' AND kon = 'T' AND length(period) = 4");
    for (const r of alla.rows) {
      expect(csvNumber(r[alla.col("Totalt, kr per invånare och dag")])).toBe(dbAlla.get(`kommun:0180|${r[0]}|totalt|T`)!.kr);
      expect(csvNumber(r[alla.col("Ekonomiskt bistånd, kr per invånare och dag")])).toBe(dbAlla.get(`kommun:0180|${r[0]}|ekonomiskt_bistand|T`)!.kr);
      expect(r[alla.col("Utbetalt belopp totalt, kr")]).toBe(csvDecimal(dbAlla.get(`kommun:0180|${r[0]}|totalt|T`)!.belopp_kr));
      expect(r[alla.col("Ekonomiskt bistånd: utbetalt belopp, kr")]).toBe(csvDecimal(dbAlla.get(`kommun:0180|${r[0]}|ekonomiskt_bistand|T`)!.belopp_kr));
    }
  });

  it("startsidan och Översikt: varje ersättning exakt med sina delar", async () => {
    const page = await open("?region=kommun:1280", "#linjediagram svg[aria-label]");
    const csv = await csvDownload(page, page.locator("main"));
    expect(csv.filename).toBe("forsorjningsmatt-malmo.csv");
    const db = await matt("regiontyp = 'kommun' AND regionkod = '1280' AND kon = 'T' AND length(period) = 6");
    expect(csv.rows).toHaveLength(24);
    for (const r of csv.rows) {
      const t = db.get(`kommun:1280|${r[0]}|totalt|T`)!;
      expect(csvNumber(r[1])).toBe(t.kr);
      expect(r[csv.col("Utbetalt belopp, kr")]).toBe(csvDecimal(t.belopp_kr));
      expect(r[csv.col("Befolkning 16–64 år")]).toBe(csvDecimal(t.befolkning));
      expect(csvNumber(r[csv.col("Aktivitetsstöd och utvecklingsersättning, kr per invånare och dag")])).toBe(db.get(`kommun:1280|${r[0]}|aktivitetsstod|T`)!.kr);
      expect(r[csv.col("Aktivitetsstöd och utvecklingsersättning: utbetalt belopp, kr")]).toBe(csvDecimal(db.get(`kommun:1280|${r[0]}|aktivitetsstod|T`)!.belopp_kr));
      expect(Number(r[csv.col("Dagar")])).toBe(t.dagar);
    }
    expect(omDataRader(csv.txt).get("Adress")).toBe(page.url());
    const { xlsx } = await excelDownload(page, page.locator("main"));
    expectExcelLikeCsv(xlsx, csv, ["Totalt, kr per invånare 16–64 år och dag", "Utbetalt belopp, kr", "Befolkning 16–64 år"]);

    const oversikt = await open("oversikt", "#oversikt-komponenter svg[aria-label]");
    const o = await csvDownload(oversikt, oversikt.locator(".table-head"));
    const dbRiket = await matt("regiontyp = 'riket' AND kon = 'T' AND length(period) = 6");
    for (const r of o.rows) {
      for (const [label, ers] of [["Totalt, kr per invånare och dag", "totalt"], ["Ohälsa", "ohalsa"], ["Arbetsmarknad", "arbetsmarknad"], ["Sjukpenning och rehabiliteringspenning", "sjukpenning"]]) {
        expect(csvNumber(r[o.col(label)])).toBe(dbRiket.get(`riket:00|${r[0]}|${ers}|T`)!.kr);
      }
      expect(r[o.col("Arbetsmarknad: utbetalt belopp, kr")]).toBe(csvDecimal(dbRiket.get(`riket:00|${r[0]}|arbetsmarknad|T`)!.belopp_kr));
      expect(r[o.col("Ohälsa: ersättningar som ingår")]).toBe("2 av 2: sjukpenning, sjuk- och aktivitetsersättning");
    }
    expectOmData(omDataRader(o.txt), { adress: oversikt.url(), perioder: /24 halvår/, omraden: /^Riket$/ });
  });

  it("Karta: alla kommuner exakt, och ett läns värde räknas om ur kommunernas delar", async () => {
    const page = await open("karta", "#karta svg[aria-label]");
    const csv = await csvDownload(page, page.locator("main"));
    const period = csv.rows[0][csv.col("Halvår")];
    expect(period).toBe("2025H2");
    const db = await matt(`regiontyp IN ('kommun', 'lan') AND ersattning = 'totalt' AND kon = 'T' AND period = '${period}'`);
    const medVarde = csv.rows.filter((r) => r[csv.col("Kr per invånare 16–64 år och dag")] !== "");
    expect(medVarde).toHaveLength(290);
    for (const r of medVarde) {
      const d = db.get(`kommun:${r[csv.col("Kommunkod")]}|${period}|totalt|T`)!;
      expect(csvNumber(r[csv.col("Kr per invånare 16–64 år och dag")])).toBe(d.kr);
      expect(r[csv.col("Utbetalt belopp, kr")]).toBe(csvDecimal(d.belopp_kr));
      expect(r[csv.col("Befolkning 16–64 år")]).toBe(csvDecimal(d.befolkning));
      expect(Number(r[csv.col("Dagar")])).toBe(184);
    }
    // An analyst recomputes Uppsala län from its kommuner: Σ belopp / (Σ befolkning × dagar), to the last digits.
    const uppsala = medVarde.filter((r) => r[csv.col("Kommunkod")].startsWith("03"));
    const belopp = uppsala.reduce((s, r) => s + Math.round(csvNumber(r[csv.col("Utbetalt belopp, kr")])! * 100), 0) / 100;
    const befolkning = uppsala.reduce((s, r) => s + Math.round(csvNumber(r[csv.col("Befolkning 16–64 år")])! * 100), 0) / 100;
    const lan = db.get(`lan:03|${period}|totalt|T`)!;
    expect(belopp.toFixed(2)).toBe(lan.belopp_kr);
    expect(befolkning.toFixed(2)).toBe(lan.befolkning);
    expect(belopp / (befolkning * 184)).toBe(lan.kr);
    expect(omDataRader(csv.txt).get("Områden")).toBe("290 kommuner");
    // One period file for the whole map.
    expect(requests.get(page)!.filter((r) => r.url.includes("/_exakt/")).map((r) => new URL(r.url).pathname)).toEqual([`/_exakt/period/2025!h2/totalt.json`]);
  });

  it("Jämför: löpande priser exakt, och index räknat på de exakta värdena", async () => {
    const page = await open("jamfor?regioner=riket:00,lan:01,kommun:0180&matt=index", "#jamfor-diagram svg[aria-label]");
    const tabell = page.locator("#jamfor-tabell");
    await tabell.waitFor();
    const csv = await csvDownload(page, page.locator("main"));
    const db = await matt("regiontyp IN ('riket', 'lan', 'kommun') AND regionkod IN ('00', '01', '0180') AND ersattning = 'totalt' AND kon = 'T' AND length(period) = 6");
    expect(csv.rows).toHaveLength(3 * 24);
    const iKr = csv.col("Kr per invånare 16–64 år och dag, löpande priser");
    const iIndex = csv.header.findIndex((h) => h.startsWith("Index"));
    for (const r of csv.rows) {
      const d = db.get(`${r[0]}:${r[1]}|${r[3]}|totalt|T`)!;
      expect(csvNumber(r[iKr])).toBe(d.kr);
      expect(r[csv.col("Utbetalt belopp, kr")]).toBe(csvDecimal(d.belopp_kr));
      const bas = db.get(`${r[0]}:${r[1]}|2014H1|totalt|T`)!;
      expect(csvNumber(r[iIndex])).toBe(r[3] === "2014H1" ? 100 : (d.kr / bas.kr) * 100);
    }
    const { xlsx } = await excelDownload(page, page.locator("main"));
    expectExcelLikeCsv(xlsx, csv, ["Kr per invånare 16–64 år och dag, löpande priser", "Befolkning 16–64 år"]);
  });

  it("förbundssidan och länssidan: förbundet, medlemmarna, länet och kommunerna exakt", async () => {
    const [f] = await queryDb(
      `SELECT forbund_id FROM forbund_medlem WHERE delomrade IS NULL GROUP BY forbund_id HAVING count(*) >= 3 ORDER BY count(*) DESC, forbund_id LIMIT 1`,
    );
    const id = String(f.forbund_id);
    const page = await open(`forbund/${id}`, "#forbund-linjer svg[aria-label]");
    const csv = await csvDownload(page, page.locator(".table-head").first());
    const db = await matt(`ersattning = 'totalt' AND kon = 'T' AND length(period) = 6 AND (regiontyp = 'forbund' AND regionkod = '${id}' OR regiontyp IN ('kommun', 'riket'))`);
    const namn = String((await queryDb(`SELECT forbund_namn FROM forbund WHERE forbund_id = '${id}'`))[0].forbund_namn);
    const medlemmar = await queryDb(`SELECT m.kommunkod, k.kommunnamn FROM forbund_medlem m JOIN kommun k USING (kommunkod) WHERE forbund_id = '${id}'`);
    for (const r of csv.rows) {
      const d = db.get(`forbund:${id}|${r[0]}|totalt|T`)!;
      expect(csvNumber(r[csv.col(`${namn}, kr per invånare och dag`)])).toBe(d.kr);
      expect(r[csv.col(`${namn}: utbetalt belopp, kr`)]).toBe(csvDecimal(d.belopp_kr));
      for (const m of medlemmar) {
        const v = r[csv.col(`${m.kommunnamn}, kr per invånare och dag`)];
        if (v !== "") expect(csvNumber(v)).toBe(db.get(`kommun:${m.kommunkod}|${r[0]}|totalt|T`)!.kr);
      }
    }

    const lan = await open("lan/03", "#lan-karta svg[aria-label]");
    const huvud = await csvDownload(lan, lan.locator(".table-head").first());
    const dbLan = await matt("regiontyp IN ('lan', 'riket', 'kommun') AND ersattning = 'totalt' AND kon = 'T' AND length(period) = 6");
    for (const r of huvud.rows) {
      expect(csvNumber(r[1])).toBe(dbLan.get(`lan:03|${r[0]}|totalt|T`)!.kr);
      expect(r[huvud.col("Riket: befolkning 16–64 år")]).toBe(csvDecimal(dbLan.get(`riket:00|${r[0]}|totalt|T`)!.befolkning));
    }
    // The kommun ranking (one period file) and the förbund table (each förbund's latest half-year).
    const rang = await csvDownload(lan, lan.locator("#lan-kommuner").locator("xpath=preceding::div[contains(@class,'table-downloads')][1]"));
    expect(rang.rows).toHaveLength(8);
    for (const r of rang.rows) {
      const d = dbLan.get(`kommun:${r[1]}|${r[3]}|totalt|T`)!;
      expect(csvNumber(r[4])).toBe(d.kr);
      expect(r[rang.col("Befolkning 16–64 år")]).toBe(csvDecimal(d.befolkning));
    }
    const forbund = await csvDownload(lan, lan.locator("#forbund ~ div .table-head, #forbund + div .table-head").first());
    const dbForbund = await matt("regiontyp = 'forbund' AND ersattning = 'totalt' AND kon = 'T' AND period = '2025H2'");
    for (const r of forbund.rows.filter((x) => x[forbund.col("Totalt, kr per invånare och dag")] !== "")) {
      expect([...dbForbund.values()].map((d) => d.kr)).toContain(csvNumber(r[forbund.col("Totalt, kr per invånare och dag")]));
    }
  });

  it("gör inga anrop utanför 127.0.0.1 och har inga fel i konsolen", () => {
    expect(guards.flatMap((g) => g.outsideRequests)).toEqual([]);
    expect(guards.flatMap((g) => g.consoleErrors)).toEqual([]);
  });
});
