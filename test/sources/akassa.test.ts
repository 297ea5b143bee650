// Arbetslöshetsersättning per kommun in the assumed IAF-style layout (loaders/sources/akassa.ts):
// - CSV with a title line, ";" separators, Period 2024M01, Kön, "Utbetalt belopp tkr" (Swedish numbers):
//   tkr × 1000 exactly, ".." → saknas, Riket → utbetalning_region, the footer ignored;
// - XLSX with År and Månad as numbers, kommun names, an amount in kr, no Kön column (→ T);
// - a file with the layout but nothing saying a-kassa is declined with the reason;
// - an amount column without unit is refused naming line and column; the database stays unchanged.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import writeExcelFile from "write-excel-file/node";
import { IngestError } from "../../loaders/errors.ts";
import { ingest, type IngestResult } from "../../loaders/ingest.ts";
import { query, sha256OfFile, tempDir, writeFiles } from "../helpers.ts";

const FIXTURES = path.join(import.meta.dirname, "..", "fixtures", "akassa");

let dir: string;
let db: string;
let result: IngestResult;

beforeAll(async () => {
  dir = tempDir();
  fs.copyFileSync(path.join(FIXTURES, "akassa_kommun_2024.csv"), path.join(dir, "akassa_kommun_2024.csv"));
  await writeExcelFile(
    [
      ["Utbetald arbetslöshetsersättning"],
      ["Kommun", "År", "Månad", "Utbetalt belopp (kr)"],
      ["Knivsta", 2024, 3, 250000.75],
      ["Håbo", 2024, 3, 0],
    ] as never,
    { sheet: "A-kassa" } as never,
  ).toFile(path.join(dir, "utbetalningar_iaf.xlsx"));
  writeFiles(dir, { "kommun_manad.csv": ["Kommun;Månad;Utbetalt tkr", "0180;2024-01;5"] });
  db = path.join(dir, "ak.duckdb");
  result = await ingest({ dataDir: dir, dbPath: db });
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("a-kassa, IAF-style layout", () => {
  it("reads the CSV: tkr × 1000 exactly, kön, .. as saknas, names resolved", async () => {
    const r = await query(db, "SELECT kommunkod, period, ersattning, kon, belopp_kr, status FROM utbetalning u JOIN inlast_fil f USING (fil_id) WHERE f.fil = 'akassa_kommun_2024.csv' ORDER BY ALL");
    expect(r).toEqual([
      { kommunkod: "0114", period: "2024-02", ersattning: "arbetsloshetsersattning", kon: "T", belopp_kr: null, status: "saknas" },
      { kommunkod: "0180", period: "2024-01", ersattning: "arbetsloshetsersattning", kon: "K", belopp_kr: "12345500.00", status: "" },
      { kommunkod: "0180", period: "2024-01", ersattning: "arbetsloshetsersattning", kon: "M", belopp_kr: "10000000.00", status: "" },
      { kommunkod: "0180", period: "2024-01", ersattning: "arbetsloshetsersattning", kon: "T", belopp_kr: "22345500.00", status: "" },
    ]);
    const riket = await query(db, "SELECT regiontyp, regionkod, period, belopp_kr FROM utbetalning_region");
    expect(riket).toEqual([{ regiontyp: "riket", regionkod: "00", period: "2024-01", belopp_kr: "1234567891.00" }]);
    expect(result.files.find((f) => f.fil === "akassa_kommun_2024.csv")?.kalla).toBe("akassa");
  });

  it("reads the XLSX: numeric År and Månad, amounts in kr, no Kön column → T, a reported 0 stays 0", async () => {
    const r = await query(db, "SELECT kommunkod, period, kon, belopp_kr, status FROM utbetalning u JOIN inlast_fil f USING (fil_id) WHERE f.fil = 'utbetalningar_iaf.xlsx' ORDER BY kommunkod");
    expect(r).toEqual([
      { kommunkod: "0305", period: "2024-03", kon: "T", belopp_kr: "0.00", status: "" },
      { kommunkod: "0330", period: "2024-03", kon: "T", belopp_kr: "250000.75", status: "" },
    ]);
  });

  it("declines the layout when nothing says it is arbetslöshetsersättning", () => {
    const u = result.unknown.find((x) => x.fil === "kommun_manad.csv");
    expect(u?.orsak).toContain("varken titel, bladnamn, filnamn eller en kolumn säger arbetslöshetsersättning");
  });

  it("refuses a second row for the same kommun, period and kön, naming both lines", async () => {
    const bad = tempDir();
    try {
      writeFiles(bad, { "akassa_dubbel.csv": ["Kommun;Period;Kön;Belopp tkr", "0180;2024-01;K;1", "0180;2024-01;M;1", "0180;2024-01;K;2"] });
      const err = (await ingest({ dataDir: bad, dbPath: path.join(bad, "x.duckdb") }).then(() => null, (e: unknown) => e)) as IngestError;
      expect(err).toBeInstanceOf(IngestError);
      expect(err.location.line).toBe(4);
      expect(err.message).toContain("dubblett");
      expect(err.message).toContain("samma fil på rad 2");
    } finally {
      fs.rmSync(bad, { recursive: true, force: true });
    }
  });

  it("refuses an amount column without a unit, naming line and column, database unchanged", async () => {
    const bad = tempDir();
    try {
      writeFiles(bad, { "good/utbetalningar.csv": ["kommunkod,period,ersattning,kon,belopp_kr", "0180,2024H1,sjukpenning,T,1000.00"] });
      const badDb = path.join(bad, "ok.duckdb");
      await ingest({ dataDir: path.join(bad, "good"), dbPath: badDb });
      const before = sha256OfFile(badDb);
      writeFiles(bad, { "x/akassa_2024.csv": ["Kommun;Period;Utbetalt belopp", "0180;2024-01;5"] });
      const err = await ingest({ dataDir: path.join(bad, "x"), dbPath: badDb }).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(IngestError);
      const e = err as IngestError;
      expect(e.location).toMatchObject({ line: 1, column: "Utbetalt belopp", columnNumber: 3 });
      expect(e.message).toContain('fann beloppskolumnen "Utbetalt belopp" utan enhet');
      expect(sha256OfFile(badDb)).toBe(before);
    } finally {
      fs.rmSync(bad, { recursive: true, force: true });
    }
  });
});
