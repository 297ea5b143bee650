// The board report as PDF (issue #9 item 4, #11 item 6): the CLI's own function (scripts/reports.ts skrivRapporter)
// prints a förbund's and a kommun's report of the demo's latest half-year from the shared built site. Each PDF has
// one or two A4 pages and is under 1 MB; its text (read back with pdf.js) holds the headline values — the region,
// its län and riket — as the database gives them, formatted as the page shows them; it is tagged, with document
// language sv and the page's title. The page itself: the period choice and the site's header are hidden in print.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { antalSidor, type Resultat, skrivRapporter } from "../../scripts/reports.ts";
import { formatKr } from "../../src/components/format.js";
import { tempDir } from "../helpers.ts";
import { openBrowser, queryDb, siteUrl } from "./site.ts";

vi.setConfig({ testTimeout: 180_000 });

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
let ut: string;
let period: string;
let resultat: Resultat[];

/** The text of every page, whitespace (incl. no-break spaces) collapsed. */
async function pdfText(buf: Buffer): Promise<{ sidor: number; text: string; titel: string | undefined }> {
  const doc = await getDocument({ data: new Uint8Array(buf), isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
  const delar: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const innehall = await (await doc.getPage(i)).getTextContent();
    delar.push(innehall.items.map((x) => ("str" in x ? x.str : "")).join(" "));
  }
  const meta = await doc.getMetadata();
  const titel = (meta.info as { Title?: string }).Title;
  await doc.destroy();
  return { sidor: doc.numPages, text: delar.join(" ").replace(/[\s\u00a0\u202f]+/g, " "), titel };
}

const kr = (v: unknown) => formatKr(Number(Number(v).toFixed(2))).replace(/\u00a0/g, " ");

beforeAll(async () => {
  await siteUrl(); // the shared demo build (test/browser/global-setup.ts)
  period = String((await queryDb("SELECT max(period) AS p FROM forsorjningsmatt WHERE regiontyp = 'riket' AND length(period) = 6"))[0].p);
  ut = tempDir("forsorjning-rapport-pdf-");
  resultat = await skrivRapporter({
    period,
    rapporter: [
      { typ: "forbund", adress: "blekinge", namn: "Samordningsförbundet Blekinge" },
      { typ: "kommun", adress: "0180", namn: "Stockholm" },
    ],
    ut,
    dist: path.join(PROJECT_ROOT, "dist"),
  });
});

afterAll(() => fs.rmSync(ut, { recursive: true, force: true }));

describe("the report PDFs", () => {
  it("are written as <ut>/<period>/<typ>-<adress>.pdf, one or two A4 pages, under 1 MB", () => {
    expect(resultat.map((r) => [r.status, r.fel ?? null])).toEqual([["ok", null], ["ok", null]]);
    for (const r of resultat) {
      expect(r.fil).toBe(path.join(ut, period, `${r.rapport.typ}-${r.rapport.adress}.pdf`));
      const buf = fs.readFileSync(r.fil!);
      expect(buf.length).toBe(r.bytes);
      expect(buf.length).toBeLessThan(1024 * 1024);
      expect([1, 2]).toContain(antalSidor(buf));
      // A4: 595 × 842 points
      expect(buf.toString("latin1")).toMatch(/\/MediaBox\s*\[\s*0\s+0\s+595(\.\d+)?\s+841\.\d+|\/MediaBox\s*\[\s*0\s+0\s+595(\.\d+)?\s+842/);
    }
  });

  it("hold the headline values as the database gives them: the förbund, its län and riket", async () => {
    const rows = await queryDb(
      `SELECT regiontyp, regionkod, kr_per_invanare_och_dag AS kr FROM forsorjningsmatt
       WHERE ersattning = 'totalt' AND kon = 'T' AND period = '${period}'
         AND ((regiontyp = 'forbund' AND regionkod = 'blekinge') OR (regiontyp = 'lan' AND regionkod = '10') OR regiontyp = 'riket')`,
    );
    expect(rows).toHaveLength(3);
    const { sidor, text, titel } = await pdfText(fs.readFileSync(resultat[0].fil!));
    expect(sidor).toBe(resultat[0].sidor);
    for (const r of rows) expect(text, `${r.regiontyp} ${r.regionkod}`).toContain(kr(r.kr));
    expect(text).toContain("Samordningsförbundet Blekinge");
    expect(text).toContain("Demodata");
    expect(titel).toMatch(/^Rapport: Samordningsförbundet Blekinge, /);
  });

  it("hold the kommun's headline, its län's and riket's", async () => {
    const rows = await queryDb(
      `SELECT kr_per_invanare_och_dag AS kr FROM forsorjningsmatt WHERE ersattning = 'totalt' AND kon = 'T' AND period = '${period}'
         AND ((regiontyp = 'kommun' AND regionkod = '0180') OR (regiontyp = 'lan' AND regionkod = '01') OR regiontyp = 'riket')`,
    );
    const { text } = await pdfText(fs.readFileSync(resultat[1].fil!));
    for (const r of rows) expect(text).toContain(kr(r.kr));
  });

  it("are tagged PDFs with document language sv and a title", () => {
    for (const r of resultat) {
      const bytes = fs.readFileSync(r.fil!).toString("latin1");
      expect(bytes).toContain("/StructTreeRoot");
      // The document catalog: marked content, the language, the title shown as the window title.
      const katalog = /<<\/Type \/Catalog[\s\S]*?>>\s*endobj/.exec(bytes)?.[0] ?? "";
      expect(katalog).toMatch(/\/Lang\s*\(sv(-SE)?\)/);
      expect(katalog).toMatch(/\/MarkInfo\s*<<[^>]*\/Marked\s+true/);
      expect(katalog).toMatch(/\/DisplayDocTitle\s+true/);
      expect(bytes).toMatch(/\/Title\s*[(<]/);
    }
  });
});

describe("the report page", () => {
  it("shows the period choice on screen and hides it, the sidebar and the site header in print", async () => {
    const b = await openBrowser();
    try {
      const { page, consoleErrors, outsideRequests } = await b.openPage(`rapport/forbund/blekinge?period=${period}`);
      await page.locator(`[data-rapport-klar="${period}"]`).waitFor();
      expect(await page.locator(".rapport-val select").isVisible()).toBe(true);
      await page.emulateMedia({ media: "print" });
      expect(await page.locator(".rapport-val").isVisible()).toBe(false);
      expect(await page.locator("#observablehq-header").isVisible()).toBe(false);
      expect(await page.locator("#observablehq-sidebar").isVisible()).toBe(false);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe("sv");
      expect(consoleErrors).toEqual([]);
      expect(outsideRequests).toEqual([]);
    } finally {
      await b.close();
    }
  });
});
