// Header-mapping files (loaders/sources/mapping.ts, data/mappings/README.md):
// - a *.mapping.json in the data directory teaches a new layout: År + Mån (month names), a filter column,
//   Swedish numbers in kr, "-" → saknas; the mapping file itself is claimed (0 rows) and noted;
// - the project's example data/mappings/iaf_arbetsloshetsersattning_kommun.json reads the README's example;
// - every mapping in data/mappings/ is valid;
// - errors in a mapping file name the file and JSON path, what was found and expected; the database is unchanged.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import writeExcelFile from "write-excel-file/node";
import { IngestError } from "../../loaders/errors.ts";
import { ingest, type IngestResult } from "../../loaders/ingest.ts";
import { MAPPINGS_DIR, parseMapping } from "../../loaders/sources/mapping.ts";
import { query, sha256OfFile, tempDir, writeFiles } from "../helpers.ts";

const FIXTURES = path.join(import.meta.dirname, "..", "fixtures", "mapping");

let dir: string;
let db: string;
let result: IngestResult;

beforeAll(async () => {
  dir = tempDir();
  fs.mkdirSync(path.join(dir, "egna"));
  for (const f of fs.readdirSync(FIXTURES)) fs.copyFileSync(path.join(FIXTURES, f), path.join(dir, "egna", f));
  // The README's example for the project mapping (semicolon, Period, Belopp tkr).
  writeFiles(dir, { "iaf_uttag.csv": ["Kommun;Period;Belopp tkr", "0180 Stockholm;2024-01;12 345,5", "Upplands Väsby;2024M02;--"] });
  // An XLSX layout on a named sheet with the header on row 3: recipients per kommun and month.
  await writeExcelFile(
    [
      { data: [["Läs mig"]], sheet: "Info" },
      {
        data: [["Deltagare med aktivitetsstöd"], [null], ["Kommun", "Månad", "Personer"], ["Östhammar", "2022-05", 31], ["Riket", "2022-05", 9999]],
        sheet: "Data",
      },
    ] as never,
  ).toFile(path.join(dir, "deltagare.xlsx"));
  writeFiles(dir, {
    "deltagare.mapping.json": JSON.stringify({
      namn: "Deltagare per kommun",
      kanner_igen: { kolumner: ["Kommun", "Månad", "Personer"], blad: "Data", filnamn: "deltagare*.xlsx" },
      rubrikrad: 3,
      mal: "mottagare",
      kolumner: { kommunkod: "Kommun", period: "Månad", antal: "Personer" },
      konstanter: { ersattning: "aktivitetsstod", kon: "T" },
    }),
  });
  db = path.join(dir, "map.duckdb");
  result = await ingest({ dataDir: dir, dbPath: db });
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("mapping files", () => {
  it("reads a file by a mapping in the data directory: months by name, filter column, kr, - as saknas", async () => {
    const r = await query(db, "SELECT kommunkod, period, ersattning, kon, belopp_kr, status FROM utbetalning u JOIN inlast_fil f USING (fil_id) WHERE f.fil = 'egna/kommunstatistik_2023.csv' ORDER BY ALL");
    expect(r).toEqual([
      { kommunkod: "0117", period: "2023-01", ersattning: "aktivitetsstod", kon: "K", belopp_kr: "1000.50", status: "" },
      { kommunkod: "0117", period: "2023-01", ersattning: "aktivitetsstod", kon: "M", belopp_kr: "2000.00", status: "" },
      { kommunkod: "0117", period: "2023-02", ersattning: "aktivitetsstod", kon: "K", belopp_kr: null, status: "saknas" },
    ]);
    const files = Object.fromEntries(result.files.map((f) => [f.fil, f]));
    expect(files["egna/kommunstatistik_2023.csv"].kalla).toBe("mappning");
    expect(files["egna/kommunstatistik.mapping.json"]).toMatchObject({ kalla: "mappning", raderLasta: 0 });
    expect(result.notes.join("\n")).toContain('läst med mappningen "Kommunens egen sammanställning av aktivitetsstöd"');
  });

  it("reads recipients from a named sheet with the header on a given row; län and riket rows are not kommuner", async () => {
    const r = await query(db, "SELECT kommunkod, period, ersattning, kon, antal, status FROM mottagare");
    expect(r).toEqual([{ kommunkod: "0382", period: "2022-05", ersattning: "aktivitetsstod", kon: "T", antal: 31, status: "" }]);
    expect(result.notes.join("\n")).toContain("1 rader för län och riket lästes inte in");
  });

  it("applies the project's example mapping (data/mappings/) as the README describes", async () => {
    const r = await query(db, "SELECT kommunkod, period, ersattning, kon, belopp_kr, status FROM utbetalning u JOIN inlast_fil f USING (fil_id) WHERE f.fil = 'iaf_uttag.csv' ORDER BY ALL");
    expect(r).toEqual([
      { kommunkod: "0114", period: "2024-02", ersattning: "arbetsloshetsersattning", kon: "T", belopp_kr: null, status: "saknas" },
      { kommunkod: "0180", period: "2024-01", ersattning: "arbetsloshetsersattning", kon: "T", belopp_kr: "12345500.00", status: "" },
    ]);
  });

  it("has only valid mappings in data/mappings/", () => {
    const files = fs.readdirSync(MAPPINGS_DIR).filter((n) => n.endsWith(".json"));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(() => parseMapping(f, fs.readFileSync(path.join(MAPPINGS_DIR, f), "utf8"))).not.toThrow();
  });
});

describe("mapping refusals", () => {
  let bad: string;
  let badDb: string;
  let before: string;
  const DATA = ["Kommun;Period;Summa", "0180;2024-01;5"];
  const base = {
    namn: "Test",
    kanner_igen: { kolumner: ["Kommun", "Period", "Summa"] },
    mal: "utbetalningar",
    kolumner: { kommunkod: "Kommun", period: "Period", belopp_kr: { kolumn: "Summa", enhet: "tkr" } },
    konstanter: { ersattning: "aktivitetsstod" },
  };

  beforeAll(async () => {
    bad = tempDir();
    badDb = path.join(bad, "ok.duckdb");
    writeFiles(bad, { "good/utbetalningar.csv": ["kommunkod,period,ersattning,kon,belopp_kr", "0180,2024H1,sjukpenning,T,1000.00"] });
    await ingest({ dataDir: path.join(bad, "good"), dbPath: badDb });
    before = sha256OfFile(badDb);
  });
  afterAll(() => fs.rmSync(bad, { recursive: true, force: true }));

  const cases: { name: string; mapping: unknown; path?: string; contains: string[] }[] = [
    { name: "an amount without its unit", mapping: { ...base, kolumner: { ...base.kolumner, belopp_kr: "Summa" } }, path: "kolumner.belopp_kr", contains: ['fann "Summa"', '"enhet": "tkr"'] },
    { name: "an unknown unit", mapping: { ...base, kolumner: { ...base.kolumner, belopp_kr: { kolumn: "Summa", enhet: "tusen" } } }, path: "kolumner.belopp_kr.enhet", contains: ['fann "tusen"', '"kr", "tkr", "mkr"'] },
    { name: "a misspelt key", mapping: { ...base, kolumnerr: {} }, path: "kolumnerr", contains: ['den okända nyckeln "kolumnerr"', "kanner_igen"] },
    { name: "an unknown ersättning", mapping: { ...base, konstanter: { ersattning: "a-kassa" } }, path: "konstanter.ersattning", contains: ['fann "a-kassa"', "arbetsloshetsersattning"] },
    { name: "a wrong target", mapping: { ...base, mal: "befolkning" }, path: "mal", contains: ['fann "befolkning"', '"utbetalningar"'] },
    { name: "no period", mapping: { ...base, kolumner: { kommunkod: "Kommun", belopp_kr: { kolumn: "Summa", enhet: "tkr" } } }, path: "kolumner.period", contains: ["varken period eller ar"] },
    { name: "broken JSON", mapping: "{ namn: ", contains: ["JSON som inte går att tolka", "giltigt JSON-objekt"] },
  ];

  for (const c of cases) {
    it(`refuses ${c.name} with file, JSON path, found and expected`, async () => {
      const d = path.join(bad, c.name.replace(/\W/g, "_"));
      writeFiles(d, { "uttag.csv": DATA, "test.mapping.json": typeof c.mapping === "string" ? c.mapping : JSON.stringify(c.mapping) });
      const err = await ingest({ dataDir: d, dbPath: badDb }).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(IngestError);
      const e = err as IngestError;
      expect(e.location.file).toBe(path.join(d, "test.mapping.json"));
      expect(e.location.path).toBe(c.path);
      if (c.path) expect(e.message).toContain(`test.mapping.json, i ${c.path}: fann`);
      for (const s of c.contains) expect(e.message).toContain(s);
      expect(sha256OfFile(badDb)).toBe(before);
    });
  }

  it("refuses a file lacking a column the mapping names, and a bad value with line and column", async () => {
    const d = path.join(bad, "missing_column");
    const mapping = { ...base, kolumner: { ...base.kolumner, kon: "Kön" } };
    writeFiles(d, { "uttag.csv": DATA, "test.mapping.json": JSON.stringify(mapping) });
    const err = (await ingest({ dataDir: d, dbPath: badDb }).then(() => null, (e: unknown) => e)) as IngestError;
    expect(err).toBeInstanceOf(IngestError);
    expect(err.message).toContain('utan kolumnen "Kön"');
    expect(err.message).toContain("kolumner.kon");

    const d2 = path.join(bad, "bad_value");
    writeFiles(d2, { "uttag.csv": ["Kommun;Period;Summa", "0180;2024-01;5", "0180;2024-13;5"], "test.mapping.json": JSON.stringify(base) });
    const err2 = (await ingest({ dataDir: d2, dbPath: badDb }).then(() => null, (e: unknown) => e)) as IngestError;
    expect(err2.location).toMatchObject({ line: 3, column: "Period", columnNumber: 2 });
    expect(err2.message).toContain('fann "2024-13"');
    expect(sha256OfFile(badDb)).toBe(before);
  });
});
