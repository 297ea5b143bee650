// Calendar years beside half-years (DESIGN.md §2.1), against values computed by hand.
//
// Population 16–64 on 31 December (all aged 40):
//   0114  2022: K 500, M 500     2023: K 500, M 500             → 2023: T = 0.5·1000 + 0.5·1000 = 1000
//   0180  2022: K 1000, M 1000   2023: K 1200, M 1200           → 2023: T = 0.5·2000 + 0.5·2400 = 2200
//                                (no 2024)                     → 2024: P(2023) = 2400 alone, preliminär
//   1280  2022 and 2023: K 2000, M 2000                        → 2023: T = 4000
//   0381  2023 and 2024: K 300, M 300                          → 2024: T = 600 (a leap year: 366 days)
// A year is formed:
//   (a) from a yearly row:        0114 2023 sjukpenning T 365 000            → 365 000 / (1000 × 365) = 1.00
//   (b) from two half-year rows:  0180 2023H1 181 000 + 2023H2 184 000       → 365 000 / (2200 × 365) = 0.4545…
//   (c) from twelve months:       1280 2023-01…12 sjukpenning 10 000 each    → 120 000 / (4000 × 365) = 0.0821…
//   (d) from six months + a half-year row: 0114 a-kassa 2023-01…06 1 000 each + 2023H2 6 000 → 12 000
//   (e) from yearly K and M rows: 0114 2023 ekonomiskt bistånd K 100, M 200   → T 300
// A year is NOT formed from 11 months (1280 aktivitetsstöd 2023-01…11) or from one half-year (0180 aktivitetsstöd 2023H1).
// Förbund "RAR" (typed in capitals, kept as given): 0114 from 2023-01-01, 1280 until 2023-06-30 (so in the year 2023:
// membership is judged on 1 January), 0180 from 2023-07-01 (in 2023H2, not in 2023).
//   RAR 2023 sjukpenning: (365 000 + 120 000) / ((1000 + 4000) × 365)
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../../loaders/ingest.ts";
import { query, type Row, tempDir, writeFiles } from "../helpers.ts";

const months = (kod: string, ar: string, e: string, belopp: string, n = 12, from = 1) =>
  Array.from({ length: n }, (_, i) => `${kod},${ar}-${String(from + i).padStart(2, "0")},${e},T,${belopp}`);

let dir: string;
let rows: Row[];

function one(where: Partial<Row>): Row {
  const found = rows.filter((r) => Object.entries(where).every(([k, v]) => r[k] === v));
  expect(found, JSON.stringify(where)).toHaveLength(1);
  return found[0];
}
const none = (where: Partial<Row>) => expect(rows.filter((r) => Object.entries(where).every(([k, v]) => r[k] === v))).toEqual([]);

beforeAll(async () => {
  dir = tempDir();
  const pop = (kod: string, ar: string, n: number) => [`${kod},${ar}-12-31,40,K,${n}`, `${kod},${ar}-12-31,40,M,${n}`];
  writeFiles(path.join(dir, "data"), {
    "befolkning.csv": [
      "kommunkod,datum,alder,kon,antal",
      ...pop("0114", "2022", 500), ...pop("0114", "2023", 500),
      ...pop("0180", "2022", 1000), ...pop("0180", "2023", 1200),
      ...pop("1280", "2022", 2000), ...pop("1280", "2023", 2000),
      ...pop("0381", "2023", 300), ...pop("0381", "2024", 300),
    ],
    "utbetalningar.csv": [
      "kommunkod,period,ersattning,kon,belopp_kr",
      "0114,2023,sjukpenning,T,365000.00",
      "0180,2023H1,sjukpenning,T,181000.00",
      "0180,2023H2,sjukpenning,T,184000.00",
      ...months("1280", "2023", "sjukpenning", "10000.00"),
      ...months("0114", "2023", "arbetsloshetsersattning", "1000.00", 6),
      "0114,2023H2,arbetsloshetsersattning,T,6000.00",
      "0114,2023,ekonomiskt_bistand,K,100.00",
      "0114,2023,ekonomiskt_bistand,M,200.00",
      ...months("1280", "2023", "aktivitetsstod", "500.00", 11),
      "0180,2023H1,aktivitetsstod,T,700.00",
      "0381,2024,sjukpenning,T,366000.00",
      "0180,2024,sjukpenning,T,878400.00",
    ],
    "forbund.csv": [
      "forbund_id,forbund_namn,kommunkod,fran,till",
      "RAR,RAR Testförbund,0114,2023-01-01,",
      "RAR,RAR Testförbund,1280,,2023-06-30",
      "RAR,RAR Testförbund,0180,2023-07-01,",
    ],
  });
  const db = path.join(dir, "ar.duckdb");
  await ingest({ dataDir: path.join(dir, "data"), dbPath: db });
  rows = await query(db, "SELECT * FROM forsorjningsmatt_utokad");
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("a year is formed", () => {
  it("from a yearly row: 365 000 / (1000 × 365) = 1.00, dagar 365, population 0.5·P(y−1) + 0.5·P(y)", () => {
    const r = one({ regiontyp: "kommun", regionkod: "0114", period: "2023", ersattning: "sjukpenning", kon: "T" });
    expect(r).toMatchObject({ belopp_kr: "365000.00", befolkning: "1000.00", dagar: 365, preliminar: false });
    expect(r.kr_per_invanare_och_dag).toBeCloseTo(1, 12);
  });

  it("from two half-year rows: 181 000 + 184 000 over 0.5·2000 + 0.5·2400 = 2200", () => {
    const r = one({ regiontyp: "kommun", regionkod: "0180", period: "2023", ersattning: "sjukpenning", kon: "T" });
    expect(r).toMatchObject({ belopp_kr: "365000.00", befolkning: "2200.00", dagar: 365 });
    expect(r.kr_per_invanare_och_dag).toBeCloseTo(365000 / (2200 * 365), 12);
    // the half-years stay as they are beside the year
    expect(one({ regiontyp: "kommun", regionkod: "0180", period: "2023H1", ersattning: "sjukpenning", kon: "T" }).belopp_kr).toBe("181000.00");
  });

  it("from twelve months: 12 × 10 000 = 120 000 over 4000 × 365", () => {
    const r = one({ regiontyp: "kommun", regionkod: "1280", period: "2023", ersattning: "sjukpenning", kon: "T" });
    expect(r.belopp_kr).toBe("120000.00");
    expect(r.kr_per_invanare_och_dag).toBeCloseTo(120000 / (4000 * 365), 12);
  });

  it("from six months and a half-year row: 6 × 1 000 + 6 000 = 12 000", () => {
    expect(one({ regiontyp: "kommun", regionkod: "0114", period: "2023", ersattning: "arbetsloshetsersattning", kon: "T" }).belopp_kr).toBe("12000.00");
  });

  it("from yearly K and M rows: T = 100 + 200 = 300, each kön over its own population", () => {
    const t = one({ regiontyp: "kommun", regionkod: "0114", period: "2023", ersattning: "ekonomiskt_bistand", kon: "T" });
    expect(t.belopp_kr).toBe("300.00");
    const k = one({ regiontyp: "kommun", regionkod: "0114", period: "2023", ersattning: "ekonomiskt_bistand", kon: "K" });
    expect(k).toMatchObject({ belopp_kr: "100.00", befolkning: "500.00" });
    expect(k.kr_per_invanare_och_dag).toBeCloseTo(100 / (500 * 365), 12);
  });

  it("in a leap year over 366 days: 366 000 / (600 × 366)", () => {
    const r = one({ regiontyp: "kommun", regionkod: "0381", period: "2024", ersattning: "sjukpenning", kon: "T" });
    expect(r).toMatchObject({ dagar: 366, befolkning: "600.00", preliminar: false });
    expect(r.kr_per_invanare_och_dag).toBeCloseTo(366000 / (600 * 366), 12);
  });

  it("with P(y−1) alone, marked preliminär, where P(y) is not published: 878 400 / (2400 × 366) = 1.00", () => {
    const r = one({ regiontyp: "kommun", regionkod: "0180", period: "2024", ersattning: "sjukpenning", kon: "T" });
    expect(r).toMatchObject({ befolkning: "2400.00", preliminar: true, dagar: 366 });
    expect(r.kr_per_invanare_och_dag).toBeCloseTo(1, 12);
  });
});

describe("a year is not formed", () => {
  it("from eleven months (and no second half-year either)", () => {
    none({ regionkod: "1280", ersattning: "aktivitetsstod", period: "2023" });
    none({ regionkod: "1280", ersattning: "aktivitetsstod", period: "2023H2" });
    expect(one({ regiontyp: "kommun", regionkod: "1280", period: "2023H1", ersattning: "aktivitetsstod", kon: "T" }).belopp_kr).toBe("3000.00");
  });

  it("from one half-year", () => {
    none({ regionkod: "0180", ersattning: "aktivitetsstod", period: "2023" });
  });

  it("and a yearly row is never spread over half-years", () => {
    none({ regionkod: "0114", ersattning: "sjukpenning", period: "2023H1" });
    none({ regionkod: "0114", ersattning: "sjukpenning", period: "2023H2" });
  });
});

describe("regions over a year", () => {
  it("län and riket are ratios of sums over the kommuner with a value", () => {
    const riket = one({ regiontyp: "riket", regionkod: "00", period: "2023", ersattning: "sjukpenning", kon: "T" });
    expect(riket).toMatchObject({ belopp_kr: "850000.00", befolkning: "7200.00", antal_kommuner: 3, antal_kommuner_i_regionen: 290 });
    expect(riket.kr_per_invanare_och_dag).toBeCloseTo(850000 / (7200 * 365), 12);
  });

  it("förbund membership is judged on 1 January: RAR 2023 = 0114 + 1280 (left 30 June), not 0180 (joined 1 July)", () => {
    const r = one({ regiontyp: "forbund", regionkod: "RAR", period: "2023", ersattning: "sjukpenning", kon: "T" });
    expect(r).toMatchObject({ regionnamn: "RAR Testförbund", belopp_kr: "485000.00", befolkning: "5000.00", antal_kommuner: 2, antal_kommuner_i_regionen: 2 });
    expect(r.kr_per_invanare_och_dag).toBeCloseTo(485000 / (5000 * 365), 12);
    // 2023H2: 0180 joined, 1280 left; 0114's yearly sjukpenning has no half-year
    const h2 = one({ regiontyp: "forbund", regionkod: "RAR", period: "2023H2", ersattning: "sjukpenning", kon: "T" });
    expect(h2).toMatchObject({ belopp_kr: "184000.00", antal_kommuner: 1, antal_kommuner_i_regionen: 2 });
  });
});
