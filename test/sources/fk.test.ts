// Försäkringskassan's statistikdatabas files through the ingest:
// - the real ohälsotal/sjukpenningtal samples (test/fixtures/fk/, copied from Region Dalarna's repository) are
//   recognised as FK and declined: they have no belopp column;
// - a full-download layout (title rows, header on row 3) with a belopp column in tkr: kommun rows → utbetalning,
//   län and riket rows → utbetalning_region, age bands skipped, tkr × 1000 exactly, "x" → saknas;
// - the same table as CSV; a Förmån column whose parts are summed; FK JSON rows with rojd → undertryckt;
// - refusals: no unit, no förmån, a bad kommun code — each naming file, cell and sheet, found and expected,
//   with the database unchanged.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import writeExcelFile from "write-excel-file/node";
import { IngestError } from "../../loaders/errors.ts";
import { ingest, type IngestResult } from "../../loaders/ingest.ts";
import { query, sha256OfFile, tempDir, writeFiles } from "../helpers.ts";

const FIXTURES = path.join(import.meta.dirname, "..", "fixtures", "fk");
type Cell = string | number | null;

async function xlsx(file: string, rows: Cell[][], sheet = "tabell"): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await writeExcelFile(rows as never, { sheet } as never).toFile(file);
}

const HEADER = ["År", "Månad", "Län", "Kommun", "Ålder", "Kön", "Utbetalt belopp (tkr)"];
/** Rows of FK's layout: riket, län 01, kommun 0114 (three kön), an age band, a suppressed cell. Values in tkr. */
const ROWS: Cell[][] = [
  ["2024", "09", "Riket", "Riket", "Samtliga 16-64 år", "Kvinnor och män", 1234567.891],
  ["2024", "09", "01 Stockholms län", "01 Stockholms län", "Samtliga 16-64 år", "Kvinnor och män", 300000],
  ["2024", "09", "01 Stockholms län", "0114 Upplands Väsby", "Samtliga 16-64 år", "Kvinnor och män", 5000.5],
  ["2024", "09", "01 Stockholms län", "0114 Upplands Väsby", "Samtliga 16-64 år", "Kvinnor", 2600.25],
  ["2024", "09", "01 Stockholms län", "0114 Upplands Väsby", "Samtliga 16-64 år", "Män", "x"],
  ["2024", "09", "01 Stockholms län", "0114 Upplands Väsby", "16-19 år", "Kvinnor och män", 50],
  ["2024", "10", "01 Stockholms län", "0180 Stockholm", "Samtliga 16-64 år", "Kvinnor och män", 151665],
];

let dir: string;
let db: string;
let result: IngestResult;

beforeAll(async () => {
  dir = tempDir();
  for (const f of fs.readdirSync(FIXTURES)) fs.copyFileSync(path.join(FIXTURES, f), path.join(dir, f));
  // Full download: title on row 1, empty row 2, header on row 3; the förmån is named in the title.
  await xlsx(path.join(dir, "SJPBeloppLanKommun.xlsx"), [["Sjukpenning och rehabiliteringspenning, utbetalt belopp per månad"], [null], HEADER, ...ROWS]);
  // The CSV conversion of an SA file: förmån from the file name, unit "1000-tal kr", header on line 1.
  writeFiles(dir, {
    "sjuk_och_aktivitetsersattning_belopp.csv": [
      "År,Månad,Län,Kommun,Kön,Belopp 1000-tal kr",
      "2024,01,01 Stockholms län,0114 Upplands Väsby,Kvinnor och män,100.5",
      "2024,01,01 Stockholms län,0114 Upplands Väsby,Kvinnor,..",
    ],
  });
  // A Förmån column: aktivitetsstöd and utvecklingsersättning are one ersättning (summed); föräldrapenning is not in the measure.
  await xlsx(path.join(dir, "arbetsmarknad.xlsx"), [
    ["År", "Månad", "Län", "Kommun", "Kön", "Förmån", "Belopp kr"],
    ["2024", "03", "01 Stockholms län", "0180 Stockholm", "Kvinnor och män", "Aktivitetsstöd", 1000.25],
    ["2024", "03", "01 Stockholms län", "0180 Stockholm", "Kvinnor och män", "Utvecklingsersättning", 500.5],
    ["2024", "03", "01 Stockholms län", "0180 Stockholm", "Kvinnor och män", "Etableringsersättning", 42],
    ["2024", "03", "01 Stockholms län", "0180 Stockholm", "Kvinnor och män", "Föräldrapenning", 9999],
  ]);
  // A Diagnoskapitel breakdown: only the total rows are read.
  await xlsx(path.join(dir, "sa_diagnos.xlsx"), [
    ["Sjuk- och aktivitetsersättning, belopp (tkr)"],
    [null],
    ["År", "Månad", "Län", "Kommun", "Kön", "Diagnoskapitel", "Belopp"],
    ["2023", "12", "03 Uppsala län", "0380 Uppsala", "Kvinnor och män", "Samtliga diagnoskapitel", 777],
    ["2023", "12", "03 Uppsala län", "0380 Uppsala", "Kvinnor och män", "F00-F99 Psykiska sjukdomar och syndrom samt beteendestörningar", 400],
  ]);
  // FK JSON API rows with a meta.json giving the unit; one cell suppressed.
  writeFiles(dir, {
    "fkjson/SAbestandmanaddiagnoslan.json": JSON.stringify([
      { row_nr: 1, dimensions: { ar: "2024", manad: "12", kon_kod: "ALL", lan: "ALL" }, observations: { antal: { rojd: false, value: 33053 }, belopp: { rojd: false, value: 317591 } } },
      { row_nr: 2, dimensions: { ar: "2024", manad: "12", kon_kod: "K", lan: "01" }, observations: { antal: { rojd: true, value: null }, belopp: { rojd: true, value: null } } },
      { row_nr: 3, dimensions: { ar: "2024", manad: "12", kon_kod: "M", lan: "01" }, observations: { belopp: { rojd: false, value: "1234,5" } } },
      // Län 03: aktivitetsersättning (A) + sjukersättning (S) are one ersättning → summed; a diagnoskapitel breakdown is skipped.
      { row_nr: 4, dimensions: { ar: "2024", manad: "12", kon_kod: "ALL", lan: "03", delforman: "A", diagnoskapitel: "ALL" }, observations: { belopp: { rojd: false, value: 100 } } },
      { row_nr: 5, dimensions: { ar: "2024", manad: "12", kon_kod: "ALL", lan: "03", delforman: "S", diagnoskapitel: "ALL" }, observations: { belopp: { rojd: false, value: 200.5 } } },
      { row_nr: 6, dimensions: { ar: "2024", manad: "12", kon_kod: "ALL", lan: "03", delforman: "S", diagnoskapitel: "F00-F99" }, observations: { belopp: { rojd: false, value: 50 } } },
    ]),
    "fkjson/SAbestandmanaddiagnoslan.meta.json": JSON.stringify({
      key: "SAbestandmanaddiagnoslan",
      table: { columns: [{ key: "antal", label: "Antal" }, { key: "belopp", label: "Belopp i 1000-tal kr" }] },
      filter: { dimension: [{ key: "delforman", label: "Delförmån", values: [{ key: "A", label: "Aktivitetsersättning" }, { key: "S", label: "Sjukersättning" }] }] },
    }),
  });
  db = path.join(dir, "fk.duckdb");
  result = await ingest({ dataDir: dir, dbPath: db });
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("Försäkringskassan: real samples without belopp", () => {
  it("recognises the ohälsotal and sjukpenningtal files as FK and declines them: no belopp column", () => {
    const unknown = Object.fromEntries(result.unknown.map((u) => [u.fil, u.orsak]));
    for (const f of ["ohalsotal_2024_11_06.csv", "ohalsotal_2024_11_06.xlsx"]) {
      expect(unknown[f]).toContain("Försäkringskassans fil Ohälsotalet saknar beloppskolumn; försörjningsmåttet behöver utbetalda belopp");
    }
    for (const f of ["sjukpenningtal_2024_11_06.csv", "sjukpenningtal_2024_11_06.xlsx"]) {
      expect(unknown[f]).toContain("Försäkringskassans fil Sjukpenningtal 1.0 saknar beloppskolumn");
    }
  });
});

describe("Försäkringskassan: belopp files", () => {
  it("reads kommun rows of a full download (header on row 3), tkr × 1000 exactly, age bands skipped", async () => {
    const r = await query(db, "SELECT kommunkod, period, kon, belopp_kr, status FROM utbetalning u JOIN inlast_fil f USING (fil_id) WHERE f.fil = 'SJPBeloppLanKommun.xlsx' AND ersattning = 'sjukpenning' ORDER BY ALL");
    expect(r).toEqual([
      { kommunkod: "0114", period: "2024-09", kon: "K", belopp_kr: "2600250.00", status: "" },
      { kommunkod: "0114", period: "2024-09", kon: "M", belopp_kr: null, status: "saknas" },
      { kommunkod: "0114", period: "2024-09", kon: "T", belopp_kr: "5000500.00", status: "" },
      { kommunkod: "0180", period: "2024-10", kon: "T", belopp_kr: "151665000.00", status: "" },
    ]);
    expect(result.notes.join("\n")).toContain("1 rader för åldersgrupper hoppades över");
  });

  it("keeps län and riket rows as published totals", async () => {
    const r = await query(db, "SELECT regiontyp, regionkod, period, ersattning, kon, belopp_kr FROM utbetalning_region WHERE ersattning = 'sjukpenning' ORDER BY regionkod");
    expect(r).toEqual([
      { regiontyp: "riket", regionkod: "00", period: "2024-09", ersattning: "sjukpenning", kon: "T", belopp_kr: "1234567891.00" },
      { regiontyp: "lan", regionkod: "01", period: "2024-09", ersattning: "sjukpenning", kon: "T", belopp_kr: "300000000.00" },
    ]);
  });

  it("reads the CSV conversion with the förmån from the file name and the unit 1000-tal kr", async () => {
    const r = await query(db, "SELECT kommunkod, period, kon, belopp_kr, status FROM utbetalning WHERE ersattning = 'sjuk_och_aktivitetsersattning' AND kommunkod = '0114' ORDER BY kon");
    expect(r).toEqual([
      { kommunkod: "0114", period: "2024-01", kon: "K", belopp_kr: null, status: "saknas" },
      { kommunkod: "0114", period: "2024-01", kon: "T", belopp_kr: "100500.00", status: "" },
    ]);
  });

  it("reads only the total of a Diagnoskapitel breakdown; the unit from the title", async () => {
    const r = await query(db, "SELECT kommunkod, period, ersattning, belopp_kr FROM utbetalning WHERE kommunkod = '0380'");
    expect(r).toEqual([{ kommunkod: "0380", period: "2023-12", ersattning: "sjuk_och_aktivitetsersattning", belopp_kr: "777000.00" }]);
    expect(result.notes.join("\n")).toContain("rader uppdelade på Diagnoskapitel hoppades över");
  });

  it("sums the parts of one ersättning from a Förmån column and skips benefits outside the measure", async () => {
    const r = await query(db, "SELECT ersattning, belopp_kr FROM utbetalning u JOIN inlast_fil f USING (fil_id) WHERE f.fil = 'arbetsmarknad.xlsx' ORDER BY ersattning");
    expect(r).toEqual([
      { ersattning: "aktivitetsstod", belopp_kr: "1500.75" },
      { ersattning: "etableringsersattning", belopp_kr: "42.00" },
    ]);
    const notes = result.notes.join("\n");
    expect(notes).toContain("Aktivitetsstöd + Utvecklingsersättning har summerats till aktivitetsstod");
    expect(notes).toContain("Föräldrapenning ingår inte i försörjningsmåttet");
  });

  it("reads FK JSON rows: unit from meta.json, rojd → undertryckt, ALL → riket", async () => {
    const r = await query(db, "SELECT regiontyp, regionkod, period, kon, belopp_kr, status FROM utbetalning_region WHERE ersattning = 'sjuk_och_aktivitetsersattning' ORDER BY regionkod, kon");
    expect(r).toEqual([
      { regiontyp: "riket", regionkod: "00", period: "2024-12", kon: "T", belopp_kr: "317591000.00", status: "" },
      { regiontyp: "lan", regionkod: "01", period: "2024-12", kon: "K", belopp_kr: null, status: "undertryckt" },
      { regiontyp: "lan", regionkod: "01", period: "2024-12", kon: "M", belopp_kr: "1234500.00", status: "" },
      { regiontyp: "lan", regionkod: "03", period: "2024-12", kon: "T", belopp_kr: "300500.00", status: "" },
    ]);
    const notes = result.notes.join("\n");
    expect(notes).toContain("delförmånerna Aktivitetsersättning + Sjukersättning har summerats till sjuk_och_aktivitetsersattning");
    expect(notes).toContain("rader uppdelade på diagnoskapitel lästes inte in");
    // The meta.json is recorded among the files read (0 rows), not reported as unknown.
    expect(result.unknown.filter((u) => u.fil.endsWith("meta.json"))).toEqual([]);
    const files = await query(db, "SELECT fil, kalla, rader_lasta FROM inlast_fil WHERE kalla = 'forsakringskassan' ORDER BY fil");
    expect(files.map((f) => f.fil)).toEqual(["SJPBeloppLanKommun.xlsx", "arbetsmarknad.xlsx", "fkjson/SAbestandmanaddiagnoslan.json", "fkjson/SAbestandmanaddiagnoslan.meta.json", "sa_diagnos.xlsx", "sjuk_och_aktivitetsersattning_belopp.csv"]);
    expect(files.find((f) => String(f.fil).endsWith("meta.json"))?.rader_lasta).toBe(0);
  });
});

describe("Försäkringskassan: refusals", () => {
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

  async function refused(name: string, rows: Cell[][], sheet = "tabell"): Promise<IngestError> {
    const d = path.join(bad, name.replace(/\W/g, "_"));
    await xlsx(path.join(d, name), rows, sheet);
    const err = await ingest({ dataDir: d, dbPath: badDb }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(IngestError);
    expect(sha256OfFile(badDb)).toBe(before);
    return err as IngestError;
  }

  it("asks for the unit when the belopp header does not say it", async () => {
    const e = await refused("sjukpenning.xlsx", [["Sjukpenning"], [null], ["År", "Månad", "Län", "Kommun", "Kön", "Belopp"], ["2024", "01", "01 Stockholms län", "0180 Stockholm", "Kvinnor och män", 5]]);
    expect(e.location.cell).toBe("F3 (blad tabell)");
    expect(e.message).toContain('fann beloppskolumnen "Belopp" utan enhet');
    expect(e.message).toContain('"tkr", "1000-tal kr"');
  });

  it("refuses a belopp file that does not say which förmån it is", async () => {
    const e = await refused("export.xlsx", [["År", "Månad", "Län", "Kommun", "Kön", "Belopp tkr"], ["2024", "01", "01 Stockholms län", "0180 Stockholm", "Kvinnor och män", 5]], "Blad1");
    expect(e.location.cell).toBe("F1 (blad Blad1)");
    expect(e.message).toContain("fann ingen förmån");
    expect(e.message).toContain("Förmån/Delförmån");
  });

  it("names the cell of an unknown kommun code", async () => {
    const e = await refused("sjukpenning_belopp.xlsx", [["År", "Månad", "Län", "Kommun", "Kön", "Belopp tkr"], ["2024", "01", "01 Stockholms län", "0180 Stockholm", "Kvinnor och män", 5], ["2024", "01", "01 Stockholms län", "0199 Påhittad", "Kvinnor och män", 5]]);
    expect(e.location.cell).toBe("D3 (blad tabell)");
    expect(e.message).toContain('cell D3 (blad tabell), kolumn Kommun: fann "0199"');
    expect(e.message).toContain("290 kommuner");
  });

  it("names the cell of a value that is not a number", async () => {
    const e = await refused("sjukpenning_belopp.xlsx", [["År", "Månad", "Län", "Kommun", "Kön", "Belopp tkr"], ["2024", "01", "01 Stockholms län", "0180 Stockholm", "Kvinnor och män", "fem"]]);
    expect(e.message).toContain('cell F2 (blad tabell), kolumn Belopp tkr: fann "fem", förväntade ett belopp i tkr');
  });

  it("declines FK JSON without belopp, and refuses JSON belopp whose unit nothing states (with the JSON path)", async () => {
    const d = path.join(bad, "json");
    writeFiles(d, {
      "a/SJPohttal.json": JSON.stringify([{ dimensions: { ar: "2024", manad: "01", lan: "ALL" }, observations: { ohalsotal: { rojd: false, value: 22.3 } } }]),
      "a/utbetalningar.csv": ["kommunkod,period,ersattning,kon,belopp_kr", "0180,2024H1,sjukpenning,T,1000.00"],
      "b/sjukpenning_kommun.json": JSON.stringify([{ dimensions: { ar: "2024", manad: "01", lan: "01", kommun_kod: "0180_01", kon_kod: "ALL" }, observations: { belopp: { rojd: false, value: 5 } } }]),
    });
    const r = await ingest({ dataDir: path.join(d, "a"), dbPath: path.join(d, "a.duckdb") });
    expect(r.unknown[0].orsak).toContain("Försäkringskassans JSON saknar belopp (har ohalsotal)");
    const err = (await ingest({ dataDir: path.join(d, "b"), dbPath: badDb }).then(() => null, (e: unknown) => e)) as IngestError;
    expect(err).toBeInstanceOf(IngestError);
    expect(err.location.path).toBe("[0].observations.belopp");
    expect(err.message).toContain("fann belopp utan känd enhet");
    expect(err.message).toContain("meta.json");
    expect(sha256OfFile(badDb)).toBe(before);
  });

  it("declines föräldrapenning files (not part of the measure)", async () => {
    const d = path.join(bad, "fp");
    await xlsx(path.join(d, "FPAntalDagarBeloppLanKommun.xlsx"), [["År", "Månad", "Län", "Kommun", "Kön", "Belopp tkr"], ["2024", "01", "01 Stockholms län", "0180 Stockholm", "Kvinnor och män", 5]]);
    writeFiles(d, { "utbetalningar.csv": ["kommunkod,period,ersattning,kon,belopp_kr", "0180,2024H1,sjukpenning,T,1000.00"] });
    const r = await ingest({ dataDir: d, dbPath: path.join(d, "fp.duckdb") });
    expect(r.unknown.map((u) => u.fil)).toEqual(["FPAntalDagarBeloppLanKommun.xlsx"]);
    expect(r.unknown[0].orsak).toContain("gäller föräldrapenning, som inte ingår i försörjningsmåttet");
  });
});
