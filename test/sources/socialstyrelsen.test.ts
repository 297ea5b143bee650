// Socialstyrelsen's "Ekonomiskt bistånd månad" through the ingest:
// - the XLSX web export (A1 "<mått>, <bakgrund>", row 2 Region, År, Januari…December, "--" missing, footnotes):
//   151 665 tkr → 151665000.00 kr exactly, kommun rows → utbetalning, län and Riket → utbetalning_region;
// - an export for a subgroup of households (UTRIKES_HUSH) is not summed with the total: skipped with a note;
// - Antal biståndsmottagare → mottagare; Antal hushåll skipped with a note;
// - the older semicolon CSV in Windows-1252 (title, year row, Region;Mått;Januari…, empty = missing, footer);
// - the annual layout (Region, År, one column per measure) stays annual (period "YYYY");
// - refusals name the cell and sheet, what was found and expected, and leave the database unchanged.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import writeExcelFile from "write-excel-file/node";
import { IngestError } from "../../loaders/errors.ts";
import { ingest, type IngestResult } from "../../loaders/ingest.ts";
import { query, sha256OfFile, tempDir, writeFiles } from "../helpers.ts";

const FIXTURES = path.join(import.meta.dirname, "..", "fixtures", "socialstyrelsen");
const MONTHS = ["Januari", "Februari", "Mars", "April", "Maj", "Juni", "Juli", "Augusti", "September", "Oktober", "November", "December"];
type Cell = string | number | null;

async function xlsx(file: string, rows: Cell[][], sheet = "Ekonomiskt bistånd månad"): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await writeExcelFile(rows as never, { sheet } as never).toFile(file);
}

/** A row of the web export: region, year and twelve months; months after `values` are "--" (not yet published). */
const exportRow = (region: string | null, ar: string, values: Cell[]): Cell[] => [region, ar, ...values, ...Array(12 - values.length).fill("--")];

let dir: string;
let db: string;
let result: IngestResult;

beforeAll(async () => {
  dir = tempDir();
  await xlsx(path.join(dir, "ekb_utbetalt_samtliga.xlsx"), [
    ["Utbetalt ekonomiskt bistånd tkr, Samtliga hushåll"],
    ["Region", "År", ...MONTHS],
    exportRow("Riket", "2024", [1000000, 1100000.5]),
    exportRow("Stockholms län", "2024", [151665, 150000]),
    exportRow("Upplands Väsby", "2024", [5432.1, "--"]),
    exportRow(null, "2025", [6000]),
    exportRow("Stockholm", "2024", [40000, 41000]),
    [null, null],
    ["Uppgifterna för 2025 är preliminära."],
  ]);
  await xlsx(path.join(dir, "ekb_utbetalt_utrikes.xlsx"), [
    ["Utbetalt ekonomiskt bistånd tkr, Hushåll med minst en utrikes född vuxen"],
    ["Region", "År", ...MONTHS],
    exportRow("Upplands Väsby", "2024", [3000, 2900]),
  ]);
  await xlsx(path.join(dir, "ekb_mottagare.xlsx"), [
    ["Antal biståndsmottagare, Samtliga hushåll"],
    ["Region", "År", ...MONTHS],
    exportRow("Riket", "2024", [400000]),
    exportRow("Upplands Väsby", "2024", [1234, 1240]),
  ]);
  await xlsx(path.join(dir, "ekb_hushall.xlsx"), [
    ["Antal hushåll, Samtliga hushåll"],
    ["Region", "År", ...MONTHS],
    exportRow("Upplands Väsby", "2024", [700, 710]),
  ]);
  await xlsx(path.join(dir, "ekb_ar.xlsx"), [
    ["Ekonomiskt bistånd, helår"],
    ["Region", "År", "Utbetalt ekonomiskt bistånd tkr", "Antal hushåll"],
    ["Knivsta", "2019", 9876.5, 210],
    ["Knivsta", "2020", "--", 220],
  ]);
  // The measure in the stub (Region, Mått, År, months): each row names its measure.
  await xlsx(path.join(dir, "ekb_matt.xlsx"), [
    ["Ekonomiskt bistånd månad, Samtliga hushåll"],
    ["Region", "Mått", "År", ...MONTHS],
    ["Östhammar", "Utbetalt ekonomiskt bistånd tkr", "2023", ...Array(12).fill(100.001)],
    ["Östhammar", "Antal hushåll", "2023", ...Array(12).fill(90)],
  ]);
  fs.copyFileSync(path.join(FIXTURES, "ekonomiskt_bistand_manad_2014.csv"), path.join(dir, "ekonomiskt_bistand_manad_2014.csv"));
  db = path.join(dir, "sos.duckdb");
  result = await ingest({ dataDir: dir, dbPath: db });
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("Socialstyrelsen web export (XLSX)", () => {
  it("reads kommun rows in kronor (tkr × 1000 exactly), -- as saknas, an empty Region repeating the one above", async () => {
    const r = await query(db, "SELECT kommunkod, period, kon, belopp_kr, status FROM utbetalning u JOIN inlast_fil f USING (fil_id) WHERE f.fil = 'ekb_utbetalt_samtliga.xlsx' AND period IN ('2024-01', '2024-02', '2024-03', '2025-01') ORDER BY ALL");
    expect(r).toEqual([
      { kommunkod: "0114", period: "2024-01", kon: "T", belopp_kr: "5432100.00", status: "" },
      { kommunkod: "0114", period: "2024-02", kon: "T", belopp_kr: null, status: "saknas" },
      { kommunkod: "0114", period: "2024-03", kon: "T", belopp_kr: null, status: "saknas" },
      { kommunkod: "0114", period: "2025-01", kon: "T", belopp_kr: "6000000.00", status: "" },
      { kommunkod: "0180", period: "2024-01", kon: "T", belopp_kr: "40000000.00", status: "" },
      { kommunkod: "0180", period: "2024-02", kon: "T", belopp_kr: "41000000.00", status: "" },
      { kommunkod: "0180", period: "2024-03", kon: "T", belopp_kr: null, status: "saknas" },
    ]);
    const n = await query(db, "SELECT count(*)::INTEGER n FROM utbetalning u JOIN inlast_fil f USING (fil_id) WHERE f.fil = 'ekb_utbetalt_samtliga.xlsx'");
    expect(n[0].n).toBe(36); // 3 kommun-years × 12 months; the footnote is not data
    expect(result.files.find((f) => f.fil === "ekb_utbetalt_samtliga.xlsx")?.kalla).toBe("socialstyrelsen");
  });

  it("keeps län and Riket as published totals: 151 665 tkr → 151665000.00 kr", async () => {
    const r = await query(db, "SELECT regiontyp, regionkod, period, belopp_kr FROM utbetalning_region WHERE period IN ('2024-01', '2024-02') ORDER BY regionkod, period");
    expect(r).toEqual([
      { regiontyp: "riket", regionkod: "00", period: "2024-01", belopp_kr: "1000000000.00" },
      { regiontyp: "riket", regionkod: "00", period: "2024-02", belopp_kr: "1100000500.00" },
      { regiontyp: "lan", regionkod: "01", period: "2024-01", belopp_kr: "151665000.00" },
      { regiontyp: "lan", regionkod: "01", period: "2024-02", belopp_kr: "150000000.00" },
    ]);
  });

  it("does not sum a subgroup of households with the total: the file is skipped with a note", async () => {
    const f = result.files.find((x) => x.fil === "ekb_utbetalt_utrikes.xlsx");
    expect(f?.raderInlasta).toBe(0);
    expect(result.notes.join("\n")).toContain('bakgrunden "Hushåll med minst en utrikes född vuxen" är en delmängd av hushållen');
  });

  it("reads Antal biståndsmottagare into mottagare (kommuner) and skips Antal hushåll with a note", async () => {
    const r = await query(db, "SELECT kommunkod, period, ersattning, antal, status FROM mottagare WHERE period IN ('2024-01', '2024-02', '2024-03') ORDER BY ALL");
    expect(r).toEqual([
      { kommunkod: "0114", period: "2024-01", ersattning: "ekonomiskt_bistand", antal: 1234, status: "" },
      { kommunkod: "0114", period: "2024-02", ersattning: "ekonomiskt_bistand", antal: 1240, status: "" },
      { kommunkod: "0114", period: "2024-03", ersattning: "ekonomiskt_bistand", antal: null, status: "saknas" },
    ]);
    const notes = result.notes.join("\n");
    expect(notes).toContain("12 värden för Antal hushåll lästes inte in");
    expect(notes).toContain("biståndsmottagare i län och riket lästes inte in");
  });
});

describe("Socialstyrelsen export with the measure in the stub", () => {
  it("reads each row's own measure", async () => {
    const r = await query(db, "SELECT count(*)::INTEGER n, min(belopp_kr)::VARCHAR lo, max(belopp_kr)::VARCHAR hi FROM utbetalning WHERE kommunkod = '0382'");
    expect(r).toEqual([{ n: 12, lo: "100001.00", hi: "100001.00" }]);
  });
});

describe("Socialstyrelsen older CSV (semicolon, Windows-1252, year row)", () => {
  it("reads amounts per month with the year from line 2; empty December = saknas; footer ignored", async () => {
    const r = await query(db, "SELECT kommunkod, period, belopp_kr, status FROM utbetalning u JOIN inlast_fil f USING (fil_id) WHERE f.fil = 'ekonomiskt_bistand_manad_2014.csv' AND period IN ('2014-01', '2014-11', '2014-12') ORDER BY period");
    expect(r).toEqual([
      { kommunkod: "0305", period: "2014-01", belopp_kr: "2140000.00", status: "" },
      { kommunkod: "0305", period: "2014-11", belopp_kr: "2145000.00", status: "" },
      { kommunkod: "0305", period: "2014-12", belopp_kr: null, status: "saknas" },
    ]);
    const lan = await query(db, "SELECT regionkod, belopp_kr FROM utbetalning_region WHERE period = '2014-01' ORDER BY regionkod");
    expect(lan).toEqual([
      { regionkod: "01", belopp_kr: "151665000.00" },
      { regionkod: "03", belopp_kr: "30313000.00" },
    ]);
    const m = await query(db, "SELECT kommunkod, antal FROM mottagare WHERE period = '2014-01'");
    expect(m).toEqual([{ kommunkod: "0305", antal: 812 }]);
  });
});

describe("Socialstyrelsen annual layout", () => {
  it("stores annual figures as years, never spread over months or half-years", async () => {
    const r = await query(db, "SELECT kommunkod, period, manad, halvar, ar, belopp_kr, status FROM utbetalning WHERE kommunkod = '0330' ORDER BY period");
    expect(r).toEqual([
      { kommunkod: "0330", period: "2019", manad: null, halvar: null, ar: 2019, belopp_kr: "9876500.00", status: "" },
      { kommunkod: "0330", period: "2020", manad: null, halvar: null, ar: 2020, belopp_kr: null, status: "saknas" },
    ]);
  });
});

describe("Socialstyrelsen refusals", () => {
  let bad: string;
  let badDb: string;
  let before: string;

  beforeAll(async () => {
    bad = tempDir();
    badDb = path.join(bad, "ok.duckdb");
    writeFiles(bad, { "good/utbetalningar.csv": ["kommunkod,period,ersattning,kon,belopp_kr", "0180,2024H1,sjukpenning,T,1000.00"] });
    await ingest({ dataDir: path.join(bad, "good"), dbPath: badDb });
    before = sha256OfFile(badDb);
  });
  afterAll(() => fs.rmSync(bad, { recursive: true, force: true }));

  async function refused(name: string, rows: Cell[][]): Promise<IngestError> {
    const d = path.join(bad, name.replace(/\W/g, "_"));
    await xlsx(path.join(d, name), rows);
    const err = await ingest({ dataDir: d, dbPath: badDb }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(IngestError);
    expect(sha256OfFile(badDb)).toBe(before);
    return err as IngestError;
  }

  it("names the cell of a region that is neither a kommun, a län nor Riket", async () => {
    const e = await refused("a.xlsx", [["Utbetalt ekonomiskt bistånd tkr, Samtliga hushåll"], ["Region", "År", ...MONTHS], exportRow("Upplands Väsby", "2024", [1]), exportRow("Storstockholm", "2024", [1])]);
    expect(e.message).toContain('cell A4 (blad Ekonomiskt bistånd månad), kolumn Region: fann "Storstockholm", förväntade ett kommunnamn');
  });

  it("names the cell of a value that is not a number", async () => {
    const e = await refused("b.xlsx", [["Utbetalt ekonomiskt bistånd tkr, Samtliga hushåll"], ["Region", "År", ...MONTHS], exportRow("Upplands Väsby", "2024", [1, "12 tkr"])]);
    expect(e.message).toContain('cell D3 (blad Ekonomiskt bistånd månad), kolumn Februari: fann "12 tkr", förväntade ett belopp i tkr');
  });

  it("refuses an amount measure without its unit", async () => {
    const e = await refused("c.xlsx", [["Utbetalt ekonomiskt bistånd, Samtliga hushåll"], ["Region", "År", ...MONTHS], exportRow("Upplands Väsby", "2024", [1])]);
    expect(e.location.cell).toBe("A1 (blad Ekonomiskt bistånd månad)");
    expect(e.message).toContain("Utbetalt ekonomiskt bistånd tkr");
  });
});
