// SCB's försörjningsmått delivery on finsam.se (loaders/sources/scb-finsam.ts), on the generated fixture
// test/fixtures/scb-finsam/forsorjningsmatt_2022_2023.xlsx (layout assumed from the published description, see its
// README) and on small workbooks written here:
// - every table with hand-computed values: tkr × 1000 exact ("12 345,678" tkr → 12345678.00 kr), sjukersättning +
//   aktivitetsersättning summed exactly into sjuk_och_aktivitetsersattning with the parts kept, groups checked and
//   not stored, kommun rows → utbetalning ('YYYY'), län and riket → utbetalning_region, stadsdel / valdistrikt /
//   förbundsområde → delomrade + utbetalning_delomrade, the invånare with their band, helårsekvivalenter; missing
//   values (.., -, x) stored as saknas, never 0; kommuner by code, Excel-stripped code (114 → 0114) and name;
// - the age band: the file's population is used only when its band is the configured one, and the ingest says so
//   (suggesting --aldersband 16-65 when the data set has no other population);
// - two header rows, a long layout, the year from the sheet name, a binary float's tail;
// - the example mapping (data/mappings/examples/) on a variant with other headers;
// - refusals name file, cell, column, found and expected, and leave the database unchanged.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import writeExcelFile from "write-excel-file/node";
import { PROJECT_ROOT } from "../../loaders/config.ts";
import { IngestError } from "../../loaders/errors.ts";
import { ingest, type IngestResult } from "../../loaders/ingest.ts";
import { parseMapping } from "../../loaders/sources/mapping.ts";
import { query, sha256OfFile, tempDir, writeFiles } from "../helpers.ts";

const FIXTURES = path.join(import.meta.dirname, "..", "fixtures", "scb-finsam");
const FIXTURE = "forsorjningsmatt_2022_2023.xlsx";
const EXAMPLE_MAPPING = path.join(PROJECT_ROOT, "data", "mappings", "examples", "scb_forsorjningsmatt_exempel.mapping.json");

type Cell = string | number | null;
async function xlsx(file: string, sheets: { sheet: string; data: Cell[][] }[]): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await writeExcelFile(sheets as never).toFile(file);
}

const dirs: string[] = [];
function newDir(): string {
  const d = tempDir();
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe("the fixture, age band 16–64 (the default)", () => {
  let dir: string;
  let db: string;
  let result: IngestResult;
  beforeAll(async () => {
    dir = newDir();
    fs.copyFileSync(path.join(FIXTURES, FIXTURE), path.join(dir, FIXTURE));
    db = path.join(dir, "f.duckdb");
    result = await ingest({ dataDir: dir, dbPath: db });
  });

  it("is read by the scb-finsam adapter: 30 + 3 data rows, the Information sheet noted as not read", () => {
    expect(result.files.map((f) => [f.fil, f.kalla, f.raderLasta])).toEqual([[FIXTURE, "scb-finsam", 33]]);
    const notes = result.notes.join("\n");
    expect(notes).toContain(`${FIXTURE}, blad Försörjningsmått: SCB:s försörjningsmått, en kolumn per förmån: 30 rader (riket 2, län 4, kommuner 8, stadsdelar 4, valdistrikt 4, förbundsområden 8)`);
    expect(notes).toContain("kommunrader 4 efter kod, 2 efter kod utan inledande nolla, 2 efter namn");
    expect(notes).toContain("belopp i tkr × 1000 (exakt)");
    expect(notes).toContain("Ohälsa, Arbetsmarknadsstöd, Ekonomiskt bistånd, Totalt kontrollerade mot sina delar (inte sparade)");
    expect(notes).toContain("lästes inte in: Genomsnittlig utbetalning per individ");
    expect(notes).toContain(`${FIXTURE}: bladet Information har ingen tabell i försörjningsmåttets form och lästes inte.`);
  });

  it("kommun rows → utbetalning, yearly, kronor exact: 12 345,678 tkr → 12345678.00, parts summed, .. as saknas", async () => {
    const r = await query(db, "SELECT kommunkod, period, halvar, manad, ar, ersattning, kon, belopp_kr, status FROM utbetalning WHERE ar = 2022 AND kommunkod IN ('0180', '0114') ORDER BY ALL");
    const row = (kommunkod: string, ersattning: string, belopp_kr: string | null) => ({ kommunkod, period: "2022", halvar: null, manad: null, ar: 2022, ersattning, kon: "T", belopp_kr, status: belopp_kr === null ? "saknas" : "" });
    expect(r).toEqual([
      row("0114", "aktivitetsstod", "50000.00"),
      row("0114", "arbetsloshetsersattning", "40000.00"),
      row("0114", "ekonomiskt_bistand", "60000.00"),
      row("0114", "etableringsersattning", null),
      row("0114", "sjuk_och_aktivitetsersattning", "230000.00"),
      row("0114", "sjukpenning", "100000.00"),
      row("0180", "aktivitetsstod", "2000000.00"),
      row("0180", "arbetsloshetsersattning", "3000000.00"),
      row("0180", "ekonomiskt_bistand", "4000000.00"),
      row("0180", "etableringsersattning", "1000000.00"),
      row("0180", "sjuk_och_aktivitetsersattning", "1200750.00"), // 1 000,5 + 200,25 tkr
      row("0180", "sjukpenning", "12345678.00"),
    ]);
    const n = await query(db, "SELECT kommunkod, count(*)::INTEGER n FROM utbetalning GROUP BY ALL ORDER BY ALL");
    expect(n).toEqual([
      { kommunkod: "0114", n: 12 },
      { kommunkod: "0180", n: 12 },
      { kommunkod: "1480", n: 12 },
      { kommunkod: "1481", n: 12 }, // Mölndal, by name
    ]);
  });

  it("stores no group or total, anywhere", async () => {
    const r = await query(
      db,
      `SELECT DISTINCT ersattning FROM (SELECT ersattning FROM utbetalning UNION ALL SELECT ersattning FROM utbetalning_region
       UNION ALL SELECT ersattning FROM utbetalning_delomrade UNION ALL SELECT ersattning FROM helarsekvivalent_ar) ORDER BY 1`,
    );
    expect(r.map((x) => x.ersattning)).toEqual(["aktivitetsstod", "arbetsloshetsersattning", "ekonomiskt_bistand", "etableringsersattning", "sjuk_och_aktivitetsersattning", "sjukpenning"]);
  });

  it("keeps the parts in utbetalning_del, for every kind of region", async () => {
    const r = await query(db, "SELECT regiontyp, regionkod, kommunkod, period, ar, ersattning, del, kon, belopp_kr, status FROM utbetalning_del WHERE ar = 2022 AND regionkod IN ('0180', '00', '01140102') ORDER BY ALL");
    const part = (regiontyp: string, regionkod: string, kommunkod: string | null, del: string, belopp_kr: string) =>
      ({ regiontyp, regionkod, kommunkod, period: "2022", ar: 2022, ersattning: "sjuk_och_aktivitetsersattning", del, kon: "T", belopp_kr, status: "" });
    expect(r).toEqual([
      part("kommun", "0180", "0180", "aktivitetsersattning", "200250.00"),
      part("kommun", "0180", "0180", "sjukersattning", "1000500.00"),
      part("riket", "00", null, "aktivitetsersattning", "2000000000.00"),
      part("riket", "00", null, "sjukersattning", "28000000000.00"),
      part("valdistrikt", "01140102", "0114", "aktivitetsersattning", "3333.00"),
      part("valdistrikt", "01140102", "0114", "sjukersattning", "22222.00"),
    ]);
    const n = await query(db, "SELECT count(*)::INTEGER n FROM utbetalning_del");
    expect(n[0].n).toBe(60); // 15 regions × 2 years × 2 parts
  });

  it("län and riket → utbetalning_region (the published totals)", async () => {
    const r = await query(db, "SELECT regiontyp, regionkod, period, ersattning, belopp_kr FROM utbetalning_region WHERE ersattning IN ('sjukpenning', 'sjuk_och_aktivitetsersattning') ORDER BY regionkod, period, ersattning");
    expect(r).toEqual([
      { regiontyp: "riket", regionkod: "00", period: "2022", ersattning: "sjuk_och_aktivitetsersattning", belopp_kr: "30000000000.00" },
      { regiontyp: "riket", regionkod: "00", period: "2022", ersattning: "sjukpenning", belopp_kr: "30000000000.00" },
      { regiontyp: "riket", regionkod: "00", period: "2023", ersattning: "sjuk_och_aktivitetsersattning", belopp_kr: "29100000000.00" },
      { regiontyp: "riket", regionkod: "00", period: "2023", ersattning: "sjukpenning", belopp_kr: "31000000000.00" },
      { regiontyp: "lan", regionkod: "01", period: "2022", ersattning: "sjuk_och_aktivitetsersattning", belopp_kr: "5500000000.00" },
      { regiontyp: "lan", regionkod: "01", period: "2022", ersattning: "sjukpenning", belopp_kr: "7000000000.00" },
      { regiontyp: "lan", regionkod: "01", period: "2023", ersattning: "sjuk_och_aktivitetsersattning", belopp_kr: "5410000000.00" },
      { regiontyp: "lan", regionkod: "01", period: "2023", ersattning: "sjukpenning", belopp_kr: "7100000000.00" },
      { regiontyp: "lan", regionkod: "14", period: "2022", ersattning: "sjuk_och_aktivitetsersattning", belopp_kr: "4800000000.00" },
      { regiontyp: "lan", regionkod: "14", period: "2022", ersattning: "sjukpenning", belopp_kr: "5000000000.00" },
      { regiontyp: "lan", regionkod: "14", period: "2023", ersattning: "sjuk_och_aktivitetsersattning", belopp_kr: "4710000000.00" },
      { regiontyp: "lan", regionkod: "14", period: "2023", ersattning: "sjukpenning", belopp_kr: "5100000000.00" },
    ]);
    const n = await query(db, "SELECT count(*)::INTEGER n FROM utbetalning_region");
    expect(n[0].n).toBe(36);
  });

  it("stadsdelar, valdistrikt (kommun from the code, 1140102 → 01140102) and Göteborg's förbund (under 1480) → delomrade", async () => {
    expect(await query(db, "SELECT * FROM delomrade ORDER BY ALL")).toEqual([
      { kommunkod: "0114", typ: "valdistrikt", kod: "01140101", namn: "Upplands Väsby Norra" },
      { kommunkod: "0114", typ: "valdistrikt", kod: "01140102", namn: "Upplands Väsby Södra" },
      { kommunkod: "0180", typ: "stadsdel", kod: "Rinkeby-Kista", namn: "Rinkeby-Kista" },
      { kommunkod: "0180", typ: "stadsdel", kod: "Södermalm", namn: "Södermalm" },
      { kommunkod: "1480", typ: "forbundsomrade", kod: "Samordningsförbundet Göteborg Centrum", namn: "Samordningsförbundet Göteborg Centrum" },
      { kommunkod: "1480", typ: "forbundsomrade", kod: "Samordningsförbundet Göteborg Hisingen", namn: "Samordningsförbundet Göteborg Hisingen" },
      { kommunkod: "1480", typ: "forbundsomrade", kod: "Samordningsförbundet Göteborg Nordost", namn: "Samordningsförbundet Göteborg Nordost" },
      { kommunkod: "1480", typ: "forbundsomrade", kod: "Samordningsförbundet Göteborg Väster", namn: "Samordningsförbundet Göteborg Väster" },
    ]);
  });

  it("their amounts → utbetalning_delomrade: 11,111 tkr → 11111.00, - and x as saknas, a reported 0 as 0", async () => {
    const r = await query(
      db,
      `SELECT kommunkod, typ, kod, period, ersattning, kon, belopp_kr, status FROM utbetalning_delomrade
       WHERE ar = 2022 AND kod IN ('Rinkeby-Kista', '01140101', '01140102', 'Samordningsförbundet Göteborg Centrum') ORDER BY ALL`,
    );
    const row = (kommunkod: string, typ: string, kod: string, ersattning: string, belopp_kr: string | null) => ({ kommunkod, typ, kod, period: "2022", ersattning, kon: "T", belopp_kr, status: belopp_kr === null ? "saknas" : "" });
    expect(r).toEqual([
      row("0114", "valdistrikt", "01140101", "aktivitetsstod", "5000.00"),
      row("0114", "valdistrikt", "01140101", "arbetsloshetsersattning", "4000.00"),
      row("0114", "valdistrikt", "01140101", "ekonomiskt_bistand", null), // "x"
      row("0114", "valdistrikt", "01140101", "etableringsersattning", "6000.00"),
      row("0114", "valdistrikt", "01140101", "sjuk_och_aktivitetsersattning", "23000.00"),
      row("0114", "valdistrikt", "01140101", "sjukpenning", "10000.00"),
      row("0114", "valdistrikt", "01140102", "aktivitetsstod", "5555.00"),
      row("0114", "valdistrikt", "01140102", "arbetsloshetsersattning", "4444.00"),
      row("0114", "valdistrikt", "01140102", "ekonomiskt_bistand", "7777.00"),
      row("0114", "valdistrikt", "01140102", "etableringsersattning", "0.00"),
      row("0114", "valdistrikt", "01140102", "sjuk_och_aktivitetsersattning", "25555.00"),
      row("0114", "valdistrikt", "01140102", "sjukpenning", "11111.00"),
      row("0180", "stadsdel", "Rinkeby-Kista", "aktivitetsstod", "150000.00"),
      row("0180", "stadsdel", "Rinkeby-Kista", "arbetsloshetsersattning", null), // "-"
      row("0180", "stadsdel", "Rinkeby-Kista", "ekonomiskt_bistand", "900000.00"),
      row("0180", "stadsdel", "Rinkeby-Kista", "etableringsersattning", "120000.00"),
      row("0180", "stadsdel", "Rinkeby-Kista", "sjuk_och_aktivitetsersattning", "460000.00"),
      row("0180", "stadsdel", "Rinkeby-Kista", "sjukpenning", "500000.00"),
      row("1480", "forbundsomrade", "Samordningsförbundet Göteborg Centrum", "aktivitetsstod", "300000.00"),
      row("1480", "forbundsomrade", "Samordningsförbundet Göteborg Centrum", "arbetsloshetsersattning", "400000.00"),
      row("1480", "forbundsomrade", "Samordningsförbundet Göteborg Centrum", "ekonomiskt_bistand", "500000.00"),
      row("1480", "forbundsomrade", "Samordningsförbundet Göteborg Centrum", "etableringsersattning", "200000.00"),
      row("1480", "forbundsomrade", "Samordningsförbundet Göteborg Centrum", "sjuk_och_aktivitetsersattning", "1000000.00"),
      row("1480", "forbundsomrade", "Samordningsförbundet Göteborg Centrum", "sjukpenning", "1000000.00"),
    ]);
    // An empty cell is missing too (Södermalm's etableringsersättning 2023), and its groups are not checked.
    expect(await query(db, "SELECT belopp_kr, status FROM utbetalning_delomrade WHERE kod = 'Södermalm' AND period = '2023' AND ersattning = 'etableringsersattning'")).toEqual([{ belopp_kr: null, status: "saknas" }]);
    const n = await query(db, "SELECT typ, count(*)::INTEGER n FROM utbetalning_delomrade GROUP BY typ ORDER BY typ");
    expect(n).toEqual([
      { typ: "forbundsomrade", n: 48 },
      { typ: "stadsdel", n: 24 },
      { typ: "valdistrikt", n: 24 },
    ]);
  });

  it("the invånare with the band from the heading (16–65) → befolkning_angiven; '32 100' read, .. as saknas", async () => {
    const r = await query(db, "SELECT regiontyp, regionkod, kommunkod, ar, kon, alder_fran, alder_till, antal, status FROM befolkning_angiven WHERE regionkod IN ('00', '01', '0114', '01140101', 'Samordningsförbundet Göteborg Väster') ORDER BY ALL");
    const row = (regiontyp: string, regionkod: string, kommunkod: string | null, ar: number, antal: number | null) => ({ regiontyp, regionkod, kommunkod, ar, kon: "T", alder_fran: 16, alder_till: 65, antal, status: antal === null ? "saknas" : "" });
    expect(r).toEqual([
      row("forbundsomrade", "Samordningsförbundet Göteborg Väster", "1480", 2022, 80000),
      row("forbundsomrade", "Samordningsförbundet Göteborg Väster", "1480", 2023, 80500),
      row("kommun", "0114", "0114", 2022, 32000),
      row("kommun", "0114", "0114", 2023, 32100),
      row("lan", "01", null, 2022, 1600000),
      row("lan", "01", null, 2023, 1610000),
      row("riket", "00", null, 2022, 6600000),
      row("riket", "00", null, 2023, 6650000),
      row("valdistrikt", "01140101", "0114", 2022, 1500),
      row("valdistrikt", "01140101", "0114", 2023, null),
    ]);
    const n = await query(db, "SELECT count(*)::INTEGER n FROM befolkning_angiven");
    expect(n[0].n).toBe(30);
  });

  it("helårsekvivalenter from their own sheet → helarsekvivalent_ar (parts summed, band from the title)", async () => {
    const r = await query(db, "SELECT regiontyp, regionkod, kommunkod, ar, ersattning, kon, alder_fran, alder_till, helarsekvivalenter, status FROM helarsekvivalent_ar WHERE regionkod IN ('00', 'Rinkeby-Kista') ORDER BY ALL");
    const row = (regiontyp: string, regionkod: string, kommunkod: string | null, ersattning: string, helarsekvivalenter: string | null) =>
      ({ regiontyp, regionkod, kommunkod, ar: 2023, ersattning, kon: "T", alder_fran: 16, alder_till: 65, helarsekvivalenter, status: helarsekvivalenter === null ? "saknas" : "" });
    expect(r).toEqual([
      row("riket", "00", null, "aktivitetsstod", "40000.00"),
      row("riket", "00", null, "arbetsloshetsersattning", "60000.00"),
      row("riket", "00", null, "ekonomiskt_bistand", "50000.00"),
      row("riket", "00", null, "etableringsersattning", "15000.00"),
      row("riket", "00", null, "sjuk_och_aktivitetsersattning", "100000.50"),
      row("riket", "00", null, "sjukpenning", "100000.00"),
      row("stadsdel", "Rinkeby-Kista", "0180", "aktivitetsstod", "60.00"),
      row("stadsdel", "Rinkeby-Kista", "0180", "arbetsloshetsersattning", null),
      row("stadsdel", "Rinkeby-Kista", "0180", "ekonomiskt_bistand", "300.00"),
      row("stadsdel", "Rinkeby-Kista", "0180", "etableringsersattning", "50.00"),
      row("stadsdel", "Rinkeby-Kista", "0180", "sjuk_och_aktivitetsersattning", "170.00"),
      row("stadsdel", "Rinkeby-Kista", "0180", "sjukpenning", "200.00"),
    ]);
    const n = await query(db, "SELECT count(*)::INTEGER n FROM helarsekvivalent_ar");
    expect(n[0].n).toBe(18);
  });

  it("says the file's 16–65 population is not used with the 16–64 band, and suggests --aldersband 16-65", () => {
    expect(result.notes).toContain(
      `${FIXTURE}: invånarna 16–65 år i filen används inte, eftersom måttets åldersband är 16–64 år (två åldersband blandas aldrig i ett mått). Datamängden har ingen annan befolkning: kör inläsningen med --aldersband 16-65 för att räkna måttet på filens befolkning.`,
    );
  });
});

describe("the age band", () => {
  it("with --aldersband 16-65 the file's population is the denominator where no single-year population covers it", async () => {
    const dir = newDir();
    fs.copyFileSync(path.join(FIXTURES, FIXTURE), path.join(dir, FIXTURE));
    const result = await ingest({ dataDir: dir, dbPath: path.join(dir, "f.duckdb"), ageBand: { fran: 16, till: 65 } });
    expect(result.notes).toContain(`${FIXTURE}: invånarna 16–65 år i filen är samma åldersband som måttet och används som nämnare för de regioner och år som saknar befolkning per ettårsålder.`);
    expect(result.notes.join("\n")).not.toContain("används inte");
  });

  it("with another population in the data set, a different band is not used and nothing is suggested", async () => {
    const dir = newDir();
    fs.copyFileSync(path.join(FIXTURES, FIXTURE), path.join(dir, FIXTURE));
    writeFiles(dir, { "befolkning.csv": ["kommunkod,datum,alder,kon,antal", "0180,2022-12-31,30,K,100", "0180,2022-12-31,30,M,100"] });
    const result = await ingest({ dataDir: dir, dbPath: path.join(dir, "f.duckdb") });
    const note = result.notes.find((n) => n.startsWith(`${FIXTURE}: invånarna`));
    expect(note).toBe(`${FIXTURE}: invånarna 16–65 år i filen används inte, eftersom måttets åldersband är 16–64 år (två åldersband blandas aldrig i ett mått).`);
  });
});

describe("other plausible layouts", () => {
  it("two header rows (benefit above measure), one sheet per year, a binary float's tail read as Excel shows it", async () => {
    const dir = newDir();
    const benefits = ["Sjukpenning", "Sjukersättning", "Aktivitetsersättning", "Arbetslöshetsersättning", "Aktivitetsstöd", "Etableringsersättning", "Försörjningsstöd"];
    const upper: Cell[] = ["Region", null, ...benefits.flatMap((b) => [b, null]), "Antal invånare 16-64 år"];
    const lower: Cell[] = [null, null, ...benefits.flatMap(() => ["Totalt utbetalt belopp (tkr)", "Genomsnittlig utbetalning per individ (tkr)"])];
    const data = (values: number[]): Cell[] => values.flatMap((v) => [v, 0.5]);
    await xlsx(path.join(dir, "leverans.xlsx"), [
      { sheet: "2021", data: [["Försörjningsmått"], upper, lower, ["0180 Stockholm", null, ...data([1000.1 + 0.2, 1, 2, 3, 4, 5, 6]), 600000], ["01 Stockholms län", null, ...data([1, 1, 1, 1, 1, 1, 1]), 1500000]] },
      { sheet: "2022", data: [["Försörjningsmått"], upper, lower, ["0180 Stockholm", null, ...data([7, 1, 2, 3, 4, 5, 6]), 610000]] },
    ]);
    const db = path.join(dir, "f.duckdb");
    const result = await ingest({ dataDir: dir, dbPath: db });
    const r = await query(db, "SELECT kommunkod, period, ersattning, belopp_kr FROM utbetalning WHERE ersattning IN ('sjukpenning', 'sjuk_och_aktivitetsersattning') ORDER BY ALL");
    expect(r).toEqual([
      { kommunkod: "0180", period: "2021", ersattning: "sjuk_och_aktivitetsersattning", belopp_kr: "3000.00" },
      { kommunkod: "0180", period: "2021", ersattning: "sjukpenning", belopp_kr: "1000300.00" }, // stored as 1000.3000000000001
      { kommunkod: "0180", period: "2022", ersattning: "sjuk_och_aktivitetsersattning", belopp_kr: "3000.00" },
      { kommunkod: "0180", period: "2022", ersattning: "sjukpenning", belopp_kr: "7000.00" },
    ]);
    const b = await query(db, "SELECT regiontyp, regionkod, ar, alder_fran, alder_till, antal FROM befolkning_angiven ORDER BY ALL");
    expect(b).toEqual([
      { regiontyp: "kommun", regionkod: "0180", ar: 2021, alder_fran: 16, alder_till: 64, antal: 600000 },
      { regiontyp: "kommun", regionkod: "0180", ar: 2022, alder_fran: 16, alder_till: 64, antal: 610000 },
      { regiontyp: "lan", regionkod: "01", ar: 2021, alder_fran: 16, alder_till: 64, antal: 1500000 },
    ]);
    const notes = result.notes.join("\n");
    expect(notes).toContain('leverans.xlsx, blad 2021: SCB:s försörjningsmått, en kolumn per förmån: 2 rader (kommun 1, län 1); år 2021 från bladnamnet "2021"');
    expect(notes).toContain("1 tal med binära avrundningsrester lästa som Excel visar dem (15 siffror)");
    expect(notes).toContain("invånarna 16–64 år i filen är samma åldersband som måttet");
  });

  it("a long layout: a Förmån column, Totalt utbetalt belopp (tkr), the population repeated on every row", async () => {
    const dir = newDir();
    const header = ["Regiontyp", "Region", "År", "Kön", "Förmån", "Totalt utbetalt belopp (tkr)", "Antal invånare 16-65 år"];
    const rows: Cell[][] = [];
    for (const [kon, scale] of [["Kvinnor", 1], ["Män", 2]] as const) {
      rows.push(
        ["Kommun", "Knivsta", 2023, kon, "Sjukpenning inkl. rehabiliteringspenning", 10 * scale, 5000 * scale],
        ["Kommun", "Knivsta", 2023, kon, "Sjukersättning", 4 * scale, 5000 * scale],
        ["Kommun", "Knivsta", 2023, kon, "Aktivitetsersättning", 1 * scale, 5000 * scale],
        ["Kommun", "Knivsta", 2023, kon, "Ohälsa", 15 * scale, 5000 * scale],
        ["Kommun", "Knivsta", 2023, kon, "Försörjningsstöd", "..", 5000 * scale],
        ["Kommun", "Knivsta", 2023, kon, "Ekonomiskt bistånd", "..", 5000 * scale],
      );
    }
    await xlsx(path.join(dir, "fm.xlsx"), [{ sheet: "Data", data: [["Försörjningsmått 2023"], header, ...rows] }]);
    const db = path.join(dir, "f.duckdb");
    const result = await ingest({ dataDir: dir, dbPath: db });
    expect(await query(db, "SELECT kommunkod, period, ersattning, kon, belopp_kr, status FROM utbetalning ORDER BY ALL")).toEqual([
      { kommunkod: "0330", period: "2023", ersattning: "ekonomiskt_bistand", kon: "K", belopp_kr: null, status: "saknas" },
      { kommunkod: "0330", period: "2023", ersattning: "ekonomiskt_bistand", kon: "M", belopp_kr: null, status: "saknas" },
      { kommunkod: "0330", period: "2023", ersattning: "sjuk_och_aktivitetsersattning", kon: "K", belopp_kr: "5000.00", status: "" },
      { kommunkod: "0330", period: "2023", ersattning: "sjuk_och_aktivitetsersattning", kon: "M", belopp_kr: "10000.00", status: "" },
      { kommunkod: "0330", period: "2023", ersattning: "sjukpenning", kon: "K", belopp_kr: "10000.00", status: "" },
      { kommunkod: "0330", period: "2023", ersattning: "sjukpenning", kon: "M", belopp_kr: "20000.00", status: "" },
    ]);
    expect(await query(db, "SELECT kon, antal FROM befolkning_angiven ORDER BY kon")).toEqual([
      { kon: "K", antal: 5000 },
      { kon: "M", antal: 10000 },
    ]);
    expect(result.notes.join("\n")).toContain("fm.xlsx, blad Data: SCB:s försörjningsmått, en rad per förmån: 12 rader (kommuner 2)");
  });
});

describe("förbund rows that name no kommun", () => {
  it("are placed under Göteborg (the delivery's four förbund), and the summary says so", async () => {
    const dir = newDir();
    const header = ["Regiontyp", "Regionnamn", "År", "Sjukpenning", "Sjukersättning", "Aktivitetsersättning", "Försörjningsstöd"];
    await xlsx(path.join(dir, "fm.xlsx"), [{ sheet: "Blad1", data: [["Försörjningsmått (tkr)"], header, ["Samordningsförbund", "Finsam Centrum", 2023, 1, 2, 3, 4]] }]);
    const db = path.join(dir, "f.duckdb");
    const result = await ingest({ dataDir: dir, dbPath: db });
    expect(await query(db, "SELECT * FROM delomrade")).toEqual([{ kommunkod: "1480", typ: "forbundsomrade", kod: "Finsam Centrum", namn: "Finsam Centrum" }]);
    expect(result.notes.join("\n")).toContain("förbunden Finsam Centrum nämner ingen kommun och har lagts under Göteborg (1480)");
  });
});

describe("a header-mapping file teaches other headers (data/mappings/examples/)", () => {
  it("the example is a valid mapping of kind scb_forsorjningsmatt", () => {
    const m = parseMapping(EXAMPLE_MAPPING, fs.readFileSync(EXAMPLE_MAPPING, "utf8"));
    expect(m.mal).toBe("scb_forsorjningsmatt");
    expect(m.finsam?.kolumner.befolkning).toBe("Befolkning");
  });

  it("without it the variant is not recognised; with it (copied into the data directory) every row is read", async () => {
    const dir = newDir();
    fs.copyFileSync(path.join(FIXTURES, "egna_rubriker", "forsorjningsmatt_egna_rubriker.xlsx"), path.join(dir, "egna.xlsx"));
    writeFiles(dir, { "befolkning.csv": ["kommunkod,datum,alder,kon,antal", "0180,2022-12-31,30,K,100", "0180,2022-12-31,30,M,100"] });
    const before = await ingest({ dataDir: dir, dbPath: path.join(dir, "a.duckdb") });
    expect(before.unknown.map((u) => u.fil)).toEqual(["egna.xlsx"]);
    expect(before.unknown[0].orsak).toContain('mappningsfil med mal "scb_forsorjningsmatt"');

    fs.copyFileSync(EXAMPLE_MAPPING, path.join(dir, "scb_forsorjningsmatt_exempel.mapping.json"));
    const db = path.join(dir, "b.duckdb");
    const result = await ingest({ dataDir: dir, dbPath: db, ageBand: { fran: 16, till: 65 } });
    expect(result.files.find((f) => f.fil === "egna.xlsx")?.kalla).toBe("scb-finsam");
    expect(result.notes.join("\n")).toContain('egna.xlsx, blad Data: mappningen "SCB:s försörjningsmått med egna rubriker (exempel)"');
    expect(await query(db, "SELECT kommunkod, ersattning, kon, belopp_kr FROM utbetalning WHERE ersattning IN ('sjukpenning', 'sjuk_och_aktivitetsersattning') ORDER BY ALL")).toEqual([
      { kommunkod: "0180", ersattning: "sjuk_och_aktivitetsersattning", kon: "K", belopp_kr: "710000.00" },
      { kommunkod: "0180", ersattning: "sjuk_och_aktivitetsersattning", kon: "M", belopp_kr: "600000.00" },
      { kommunkod: "0180", ersattning: "sjuk_och_aktivitetsersattning", kon: "T", belopp_kr: "1310000.00" },
      { kommunkod: "0180", ersattning: "sjukpenning", kon: "K", belopp_kr: "7000000.00" },
      { kommunkod: "0180", ersattning: "sjukpenning", kon: "M", belopp_kr: "6000000.00" },
      { kommunkod: "0180", ersattning: "sjukpenning", kon: "T", belopp_kr: "13000000.00" },
    ]);
    expect(await query(db, "SELECT regiontyp, regionkod, belopp_kr FROM utbetalning_region WHERE ersattning = 'ekonomiskt_bistand' ORDER BY ALL")).toEqual([
      { regiontyp: "lan", regionkod: "01", belopp_kr: "2100000000.00" },
      { regiontyp: "riket", regionkod: "00", belopp_kr: "12000000000.00" },
    ]);
    expect(await query(db, "SELECT * FROM delomrade ORDER BY ALL")).toEqual([
      { kommunkod: "0114", typ: "valdistrikt", kod: "01140101", namn: "Upplands Väsby Norra" },
      { kommunkod: "0180", typ: "stadsdel", kod: "Rinkeby-Kista", namn: "Rinkeby-Kista" },
      { kommunkod: "1480", typ: "forbundsomrade", kod: "Göteborg Centrum", namn: "Göteborg Centrum" },
    ]);
    expect(await query(db, "SELECT regiontyp, regionkod, kon, alder_fran, alder_till, antal FROM befolkning_angiven WHERE regionkod IN ('0180', 'Göteborg Centrum') ORDER BY ALL")).toEqual([
      { regiontyp: "forbundsomrade", regionkod: "Göteborg Centrum", kon: "T", alder_fran: 16, alder_till: 65, antal: 90500 },
      { regiontyp: "kommun", regionkod: "0180", kon: "K", alder_fran: 16, alder_till: 65, antal: 327000 },
      { regiontyp: "kommun", regionkod: "0180", kon: "M", alder_fran: 16, alder_till: 65, antal: 328000 },
      { regiontyp: "kommun", regionkod: "0180", kon: "T", alder_fran: 16, alder_till: 65, antal: 655000 },
    ]);
    // Its band is the configured one, but the data set has single-year ages: used only where those do not cover.
    expect(result.notes).toContain("egna.xlsx: invånarna 16–65 år i filen är samma åldersband som måttet och används som nämnare för de regioner och år som saknar befolkning per ettårsålder.");
  });

  it("a mistake in such a mapping names the JSON path", () => {
    const json = JSON.parse(fs.readFileSync(EXAMPLE_MAPPING, "utf8"));
    json.kolumner.belopp.sjukpeng = "Sjp";
    expect(() => parseMapping("x.mapping.json", JSON.stringify(json))).toThrow('x.mapping.json, i kolumner.belopp.sjukpeng: fann den okända nyckeln "sjukpeng", förväntade en av sjukpenning, sjukersattning');
    delete json.kolumner.belopp.sjukpeng;
    delete json.enhet;
    expect(() => parseMapping("x.mapping.json", JSON.stringify(json))).toThrow("x.mapping.json, i enhet: fann inget värde");
  });
});

describe("refusals: file, cell, column, found, expected; the database unchanged", () => {
  const HEADER = ["Regiontyp", "Regionkod", "Regionnamn", "År", "Sjukpenning", "Sjukersättning", "Aktivitetsersättning", "Ohälsa", "Försörjningsstöd", "Antal invånare 16-65 år"];
  const TITLE = ["Försörjningsmått, tkr"];

  async function refused(rows: Cell[][]): Promise<IngestError> {
    const dir = newDir();
    const db = path.join(dir, "f.duckdb");
    writeFiles(dir, { "utbetalningar.csv": ["kommunkod,period,ersattning,kon,belopp_kr", "0180,2024H1,sjukpenning,T,1.00"] });
    await ingest({ dataDir: dir, dbPath: db });
    const before = sha256OfFile(db);
    await xlsx(path.join(dir, "fm.xlsx"), [{ sheet: "Blad1", data: [TITLE, HEADER, ...rows] }]);
    const err = await ingest({ dataDir: dir, dbPath: db }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(IngestError);
    expect(sha256OfFile(db)).toBe(before);
    return err as IngestError;
  }

  it("a cell that is not a number", async () => {
    const err = await refused([["Kommun", "0180", "Stockholm", 2023, "12 345,67x", 1, 1, 12347.67, 1, 1000]]);
    expect(err.message).toMatch(/fm\.xlsx, cell E3 \(blad Blad1\), kolumn Sjukpenning: fann "12 345,67x", förväntade ett belopp i tkr/);
  });

  it("a group that is not the sum of its parts", async () => {
    const err = await refused([["Kommun", "0180", "Stockholm", 2023, 100, 20, 3, 124, 1, 1000]]);
    expect(err.location.cell).toBe("H3 (blad Blad1)");
    expect(err.message).toContain("kolumn Ohälsa: fann Ohälsa 124 tkr, men delarna summerar till 123 tkr (skillnad 1 tkr)");
    expect(err.message).toContain("Sjukpenning (E3) 100 tkr + Sjukersättning (F3) 20 tkr + Aktivitetsersättning (G3) 3 tkr");
    expect(err.message).toContain("felläst kolumn");
  });

  it("an unknown kommun name", async () => {
    const err = await refused([["Kommun", null, "Påhittby", 2023, 1, 1, 1, 3, 1, 1000]]);
    expect(err.message).toContain('fm.xlsx, cell C3 (blad Blad1), kolumn Regionnamn: fann "Påhittby", förväntade en kommun med kod (t.ex. 0180 eller 180) eller namn');
  });

  it("an unknown kommun code", async () => {
    const err = await refused([["Kommun", "9999", "Påhittby", 2023, 1, 1, 1, 3, 1, 1000]]);
    expect(err.message).toContain('cell B3 (blad Blad1), kolumn Regionkod: fann "9999", förväntade en kommunkod bland Sveriges 290 kommuner');
  });

  it("a kommun code and a name that do not belong together (a shifted row)", async () => {
    const err = await refused([["Kommun", "0180", "Göteborg", 2023, 1, 1, 1, 3, 1, 1000]]);
    expect(err.message).toContain('cell C3 (blad Blad1), kolumn Regionnamn: fann "Göteborg", förväntade namnet på kommun 0180 (Stockholm), som koden på samma rad anger (Göteborg har kod 1480)');
  });

  it("an unknown Regiontyp", async () => {
    const err = await refused([["Församling", "0180", "Stockholm", 2023, 1, 1, 1, 3, 1, 1000]]);
    expect(err.message).toContain('cell A3 (blad Blad1), kolumn Regiontyp: fann "Församling", förväntade Riket, Län, Kommun, Stadsdel, Valdistrikt eller Samordningsförbund');
  });

  it("a stadsdel whose kommun is not said", async () => {
    const err = await refused([["Stadsdel", null, "Södermalm", 2023, 1, 1, 1, 3, 1, 1000]]);
    expect(err.message).toContain('cell C3 (blad Blad1), kolumn Regionnamn: fann "Södermalm", förväntade att raden säger vilken kommun stadsdelen hör till');
  });

  it("one stadsdel code with two names", async () => {
    const err = await refused([
      ["Stadsdel", "018001", "Södermalm", 2023, 1, 1, 1, 3, 1, 1000],
      ["Stadsdel", "018001", "Norrmalm", 2023, 1, 1, 1, 3, 1, 1000],
    ]);
    expect(err.message).toContain('cell C4 (blad Blad1), kolumn Regionnamn: fann "Norrmalm", förväntade samma namn som stadsdel 018001 i kommun 0180 har i samma fil på rad 3: "Södermalm"');
  });

  it("the same kommun twice in one year", async () => {
    const err = await refused([
      ["Kommun", "0180", "Stockholm", 2023, 1, 1, 1, 3, 1, 1000],
      ["Kommun", "180", "Stockholm", 2023, 1, 1, 1, 3, 1, 1000],
    ]);
    expect(err.message).toContain("en dubblett av kommun 0180, period 2023");
  });
});
