// Every rule of försörjningsmåttet (DESIGN.md §2.1) against values computed by hand.
//
// Population, 16–64 band (ages 15 and 65 fall outside; 16 and 64 inside):
//   0180 Stockholm  31 Dec 2022: K = 40 (16 år) + 1000 (30) + 60 (64) = 1100  [+50 aged 15 excluded]; M = 900 [+77 aged 65 excluded]
//                   31 Dec 2023: K = 1300; M = 1100
//   0114 Upplands Väsby 2022: K 500, M 500;  2023: K 600, M 600
//   1280 Malmö          2022: K 2000, M 2000; 2023: K 2000, M 2000
// Interpolation: H1 = 0.75·P(y−1) + 0.25·P(y), H2 = 0.25·P(y−1) + 0.75·P(y)
//   0180 2023H1: K = 825 + 325 = 1150, M = 675 + 275 = 950, T = 2100;  2023H2: K 1250, M 1050, T 2300
//   0180 2024H1: no 31 Dec 2024 → P(2023): K 1300, T 2400, preliminär
//   0114 2023H1: T = 0.75·1000 + 0.25·1200 = 1050;  2023H2: T = 250 + 900 = 1150, K = M = 575
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../../loaders/ingest.ts";
import { dagarIHalvar } from "../../loaders/periods.ts";
import { monthlyRows, query, type Row, tempDir, writeFiles } from "../helpers.ts";

const BEFOLKNING = [
  "kommunkod,datum,alder,kon,antal",
  "0180,2022-12-31,15,K,50",
  "0180,2022-12-31,16,K,40",
  "0180,2022-12-31,30,K,1000",
  "0180,2022-12-31,64,K,60",
  "0180,2022-12-31,30,M,900",
  "0180,2022-12-31,65,M,77",
  "0180,2023-12-31,30,K,1300",
  "0180,2023-12-31,30,M,1100",
  "0114,2022-12-31,40,K,500",
  "0114,2022-12-31,40,M,500",
  "0114,2023-12-31,40,K,600",
  "0114,2023-12-31,40,M,600",
  "1280,2022-12-31,40,K,2000",
  "1280,2022-12-31,40,M,2000",
  "1280,2023-12-31,40,K,2000",
  "1280,2023-12-31,40,M,2000",
];

const UTBETALNINGAR = [
  "kommunkod,period,ersattning,kon,belopp_kr",
  // 0180: monthly, K and M only → T = K + M = 600.60 + 300.30 = 900.90
  ...monthlyRows("0180", "2023H1", "sjukpenning", "K", "100.10"),
  ...monthlyRows("0180", "2023H1", "sjukpenning", "M", "50.05"),
  // 0114: half-year rows beside the monthly rows of other kommuner
  "0114,2023H1,sjukpenning,T,1000.00",
  "0114,2023H1,sjuk_och_aktivitetsersattning,T,500.00",
  // 1280: only five months of sjukpenning → the half-year is missing, not a smaller sum
  ...monthlyRows("1280", "2023H1", "sjukpenning", "T", "10.00").slice(0, 5),
  "1280,2023H1,sjuk_och_aktivitetsersattning,T,4000.00",
  // 2023H2 for the förbund's membership dates; 0114 gives T and K, M: the given T is used
  "0180,2023H2,sjukpenning,T,2300.00",
  "0114,2023H2,sjukpenning,T,2300.00",
  "0114,2023H2,sjukpenning,K,1000.00",
  "0114,2023H2,sjukpenning,M,1000.00",
  // 2024H1, a leap-year half-year with preliminary population
  "0180,2024H1,sjukpenning,K,1820.00",
];

const FORBUND = [
  "forbund_id,forbund_namn,kommunkod,fran,till",
  "testforbund,Testförbundet,0180,,",
  "testforbund,Testförbundet,0114,2023-07-01,",
  "testforbund,Testförbundet,1280,,2022-12-31",
];

let dir: string;
let db: string;

function one(rows: Row[], where: Partial<Row>): Row {
  const found = rows.filter((r) => Object.entries(where).every(([k, v]) => r[k] === v));
  expect(found, JSON.stringify(where)).toHaveLength(1);
  return found[0];
}

let rows: Row[];

beforeAll(async () => {
  dir = tempDir();
  writeFiles(path.join(dir, "data"), {
    "befolkning_test.csv": BEFOLKNING,
    "utbetalningar_test.csv": UTBETALNINGAR,
    "forbund_test.csv": FORBUND,
  });
  db = path.join(dir, "test.duckdb");
  await ingest({ dataDir: path.join(dir, "data"), dbPath: db });
  rows = await query(db, "SELECT * FROM forsorjningsmatt_utokad");
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("dagar", () => {
  it.each([
    ["2023H1", 181],
    ["2024H1", 182],
    ["2000H1", 182],
    ["2100H1", 181],
    ["2023H2", 184],
    ["2024H2", 184],
  ])("%s has %i days (TypeScript)", (halvar, dagar) => {
    expect(dagarIHalvar(halvar)).toBe(dagar);
  });

  it("SQL agrees: 2023H1 181, 2024H1 182 (leap year), H2 184", async () => {
    const r = await query(db, "SELECT halvar_dagar('2023H1') a, halvar_dagar('2024H1') b, halvar_dagar('2023H2') c, halvar_dagar('2100H1') d");
    expect(r[0]).toEqual({ a: 181, b: 182, c: 184, d: 181 });
  });

  it("leap-year H1 divides by 182 days: 1820 kr / (1300 × 182) = 1/130", () => {
    const r = one(rows, { regiontyp: "kommun", regionkod: "0180", period: "2024H1", ersattning: "sjukpenning", kon: "K" });
    expect(r.dagar).toBe(182);
    expect(r.kr_per_invanare_och_dag).toBeCloseTo(1 / 130, 12);
  });
});

describe("population of the age band, interpolated", () => {
  it("uses weights 0.75/0.25 for H1 and 0.25/0.75 for H2, only ages 16–64", async () => {
    const pop = await query(db, "SELECT * FROM befolkning_halvar(16, 64) WHERE kommunkod = '0180' ORDER BY halvar, kon");
    const get = (halvar: string, kon: string) => one(pop, { halvar, kon });
    expect(get("2023H1", "K").befolkning).toBe("1150.00");
    expect(get("2023H1", "M").befolkning).toBe("950.00");
    expect(get("2023H1", "T").befolkning).toBe("2100.00");
    expect(get("2023H2", "K").befolkning).toBe("1250.00");
    expect(get("2023H2", "T").befolkning).toBe("2300.00");
    expect(get("2023H1", "T").preliminar).toBe(false);
  });

  it("falls back to the last published year-end and marks the value preliminär", async () => {
    const pop = await query(db, "SELECT * FROM befolkning_halvar(16, 64) WHERE kommunkod = '0180' AND halvar LIKE '2024%'");
    expect(one(pop, { halvar: "2024H1", kon: "K" })).toMatchObject({ befolkning: "1300.00", preliminar: true });
    expect(one(pop, { halvar: "2024H2", kon: "T" })).toMatchObject({ befolkning: "2400.00", preliminar: true });
    const r = one(rows, { regiontyp: "kommun", regionkod: "0180", period: "2024H1", ersattning: "sjukpenning", kon: "K" });
    expect(r.preliminar).toBe(true);
    expect(r.befolkning).toBe("1300.00");
  });

  it("stores the configured band in installning", async () => {
    const s = await query(db, "SELECT nyckel, varde FROM installning WHERE nyckel LIKE 'alder%' ORDER BY nyckel");
    expect(s).toEqual([
      { nyckel: "alder_fran", varde: "16" },
      { nyckel: "alder_till", varde: "64" },
    ]);
  });
});

describe("kommun values", () => {
  it("derives T = K + M with exact decimal sums: 600.60 + 300.30 = 900.90 over 2100 × 181", () => {
    const t = one(rows, { regiontyp: "kommun", regionkod: "0180", period: "2023H1", ersattning: "sjukpenning", kon: "T" });
    expect(t.belopp_kr).toBe("900.90");
    expect(t.befolkning).toBe("2100.00");
    expect(t.dagar).toBe(181);
    expect(t.kr_per_invanare_och_dag).toBeCloseTo(900.9 / (2100 * 181), 12);
    const k = one(rows, { regiontyp: "kommun", regionkod: "0180", period: "2023H1", ersattning: "sjukpenning", kon: "K" });
    expect(k.belopp_kr).toBe("600.60");
    expect(k.kr_per_invanare_och_dag).toBeCloseTo(600.6 / (1150 * 181), 12);
  });

  it("uses a given T rather than K + M", () => {
    const t = one(rows, { regiontyp: "kommun", regionkod: "0114", period: "2023H2", ersattning: "sjukpenning", kon: "T" });
    expect(t.belopp_kr).toBe("2300.00");
  });

  it("reads half-year rows beside other kommuners' monthly rows", () => {
    const t = one(rows, { regiontyp: "kommun", regionkod: "0114", period: "2023H1", ersattning: "sjukpenning", kon: "T" });
    expect(t.belopp_kr).toBe("1000.00");
    expect(t.befolkning).toBe("1050.00");
    expect(t.kr_per_invanare_och_dag).toBeCloseTo(1000 / (1050 * 181), 12);
  });

  it("leaves a half-year with missing months missing", () => {
    const r = rows.filter((r) => r.regionkod === "1280" && r.ersattning === "sjukpenning");
    expect(r).toEqual([]);
  });

  it("forms a group only where every member ersättning has data", () => {
    // 0114 2023H1: sjukpenning 1000 + sjuk- och aktivitetsersättning 500 = ohälsa 1500
    const o = one(rows, { regiontyp: "kommun", regionkod: "0114", period: "2023H1", ersattning: "ohalsa", kon: "T" });
    expect(o.belopp_kr).toBe("1500.00");
    // Both are in scope in 2023H1 (some kommun has each). 0180 has no sjuk- och aktivitetsersättning and 1280 no
    // complete sjukpenning: no ohälsa for them, never a smaller sum.
    const h1 = (e: string) => rows.filter((r) => r.ersattning === e && r.regiontyp === "kommun" && r.period === "2023H1");
    expect(h1("ohalsa").map((r) => [r.regionkod, r.kon, r.belopp_kr])).toEqual([["0114", "T", "1500.00"]]);
    // Totalt sums the two ersättningar in scope that half-year (2 of 6): the same value, the same kommun.
    expect(h1("totalt").map((r) => [r.regionkod, r.kon, r.belopp_kr])).toEqual([["0114", "T", "1500.00"]]);
  });
});

describe("regions are ratios of sums", () => {
  it("län 01, 2023H1: (900.90 + 1000) / ((2100 + 1050) × 181), not the mean of the kommun ratios", () => {
    const lan = one(rows, { regiontyp: "lan", regionkod: "01", period: "2023H1", ersattning: "sjukpenning", kon: "T" });
    expect(lan.regionnamn).toBe("Stockholms län");
    expect(lan.belopp_kr).toBe("1900.90");
    expect(lan.befolkning).toBe("3150.00");
    expect(lan.kr_per_invanare_och_dag).toBeCloseTo(1900.9 / (3150 * 181), 12);
    const meanOfRatios = (900.9 / (2100 * 181) + 1000 / (1050 * 181)) / 2;
    expect(Math.abs((lan.kr_per_invanare_och_dag as number) - meanOfRatios)).toBeGreaterThan(1e-4);
    expect(lan.antal_kommuner).toBe(2);
    expect(lan.antal_kommuner_i_regionen).toBe(26);
  });

  it("riket sums the kommuner present and says how many of 290 they are", () => {
    const riket = one(rows, { regiontyp: "riket", regionkod: "00", period: "2023H1", ersattning: "sjuk_och_aktivitetsersattning", kon: "T" });
    // 0114: 500 over 1050; 1280: 4000 over 0.75·4000 + 0.25·4000 = 4000
    expect(riket.regionnamn).toBe("Riket");
    expect(riket.belopp_kr).toBe("4500.00");
    expect(riket.befolkning).toBe("5050.00");
    expect(riket.kr_per_invanare_och_dag).toBeCloseTo(4500 / (5050 * 181), 12);
    expect(riket.antal_kommuner).toBe(2);
    expect(riket.antal_kommuner_i_regionen).toBe(290);
  });

  it("förbund counts a kommun from the first half-year that starts on or after it joined", () => {
    // 2023H1: 0114 joins 2023-07-01 and 1280 left 2022-12-31 → only 0180
    const h1 = one(rows, { regiontyp: "forbund", regionkod: "testforbund", period: "2023H1", ersattning: "sjukpenning", kon: "T" });
    expect(h1.regionnamn).toBe("Testförbundet");
    expect(h1.belopp_kr).toBe("900.90");
    expect(h1.antal_kommuner).toBe(1);
    expect(h1.antal_kommuner_i_regionen).toBe(1);
    // 2023H2: 0180 and 0114: (2300 + 2300) / ((2300 + 1150) × 184) = 1/138
    const h2 = one(rows, { regiontyp: "forbund", regionkod: "testforbund", period: "2023H2", ersattning: "sjukpenning", kon: "T" });
    expect(h2.belopp_kr).toBe("4600.00");
    expect(h2.befolkning).toBe("3450.00");
    expect(h2.kr_per_invanare_och_dag).toBeCloseTo(1 / 138, 12);
    expect(h2.antal_kommuner_i_regionen).toBe(2);
    // Malmö's sjuk- och aktivitetsersättning is not the förbund's: it left before 2023
    expect(rows.filter((r) => r.regiontyp === "forbund" && r.ersattning === "sjuk_och_aktivitetsersattning" && r.period === "2023H1")).toEqual([]);
  });

  it("a forbund*.csv in the data replaces the built-in 2012 membership", async () => {
    const f = await query(db, "SELECT forbund_id FROM forbund");
    expect(f).toEqual([{ forbund_id: "testforbund" }]);
    const s = await query(db, "SELECT varde FROM installning WHERE nyckel = 'forbund_kalla'");
    expect(s[0].varde).toContain("forbund_test.csv");
  });
});

describe("the contract view", () => {
  it("has exactly the columns of DESIGN.md §4", async () => {
    const cols = await query(db, "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'forsorjningsmatt' ORDER BY ordinal_position");
    expect(cols.map((c) => c.column_name)).toEqual([
      "regiontyp", "regionkod", "regionnamn", "period", "ersattning", "kon", "belopp_kr", "befolkning", "dagar",
      "kr_per_invanare_och_dag", "preliminar",
    ]);
    expect(cols.find((c) => c.column_name === "belopp_kr")?.data_type).toMatch(/^DECIMAL/);
    expect(cols.find((c) => c.column_name === "preliminar")?.data_type).toBe("BOOLEAN");
  });
});

describe("the age band is one configuration value", () => {
  it("20–64 drops the 40 aged 16: 0180 K 2023H1 = 0.75·1060 + 0.25·1300 = 1120", async () => {
    const db2 = path.join(dir, "band.duckdb");
    await ingest({ dataDir: path.join(dir, "data"), dbPath: db2, ageBand: { fran: 20, till: 64 } });
    const r = await query(db2, "SELECT * FROM forsorjningsmatt WHERE regiontyp = 'kommun' AND regionkod = '0180' AND period = '2023H1' AND kon = 'K'");
    expect(r).toHaveLength(1);
    expect(r[0].befolkning).toBe("1120.00");
    expect(r[0].kr_per_invanare_och_dag).toBeCloseTo(600.6 / (1120 * 181), 12);
    const s = await query(db2, "SELECT varde FROM installning WHERE nyckel = 'alder_fran'");
    expect(s[0].varde).toBe("20");
  });
});
