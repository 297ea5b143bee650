// Helårsekvivalenter (DESIGN.md §2.2): monthly values averaged over the half-year, against the 20–64 population.
//   0180, 31 Dec 2022 and 2023: K 1000 and M 1000 aged 30 (+ 500 aged 18, outside 20–64) → 2023H1 20–64: K 1000, T 2000
//   K months 10, 20, 30, 40, 50, 60 → mean 35; M 15 every month → 15; T = 35 + 15 = 50
//   andel T = 50 / 2000 = 0.025; K = 35 / 1000 = 0.035
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ingest } from "../../loaders/ingest.ts";
import { query, type Row, tempDir, writeFiles } from "../helpers.ts";

let dir: string;
let rows: Row[];

beforeAll(async () => {
  dir = tempDir();
  const hek = ["kommunkod,manad,ersattning,kon,helarsekvivalenter"];
  [10, 20, 30, 40, 50, 60].forEach((v, i) => hek.push(`0180,2023-0${i + 1},sjukpenning,K,${v}`));
  for (let i = 1; i <= 6; i++) hek.push(`0180,2023-0${i},sjukpenning,M,15.00`);
  // Only five months for 0114: no half-year value
  for (let i = 1; i <= 5; i++) hek.push(`0114,2023-0${i},sjukpenning,T,3`);
  writeFiles(dir, {
    "befolkning.csv": [
      "kommunkod,datum,alder,kon,antal",
      ...["2022", "2023"].flatMap((y) => [`0180,${y}-12-31,30,K,1000`, `0180,${y}-12-31,30,M,1000`, `0180,${y}-12-31,18,K,500`]),
      ...["2022", "2023"].flatMap((y) => [`0114,${y}-12-31,30,K,10`, `0114,${y}-12-31,30,M,10`]),
    ],
    "helarsekvivalenter.csv": hek,
  });
  const db = path.join(dir, "hek.duckdb");
  await ingest({ dataDir: dir, dbPath: db });
  rows = await query(db, "SELECT * FROM helarsekvivalenter ORDER BY regiontyp, regionkod, kon");
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it("averages the months and divides by the interpolated 20–64 population", () => {
  const kommun = rows.filter((r) => r.regiontyp === "kommun");
  expect(kommun.map((r) => [r.regionkod, r.period, r.kon, r.helarsekvivalenter, r.befolkning_20_64])).toEqual([
    ["0180", "2023H1", "K", 35, "1000.00"],
    ["0180", "2023H1", "M", 15, "1000.00"],
    ["0180", "2023H1", "T", 50, "2000.00"],
  ]);
  expect(kommun.find((r) => r.kon === "T")!.andel).toBeCloseTo(0.025, 12);
  expect(kommun.find((r) => r.kon === "K")!.andel).toBeCloseTo(0.035, 12);
});

it("aggregates to län and riket as ratios of sums, and has exactly the contract's columns", () => {
  const lan = rows.find((r) => r.regiontyp === "lan" && r.kon === "T")!;
  expect(lan).toMatchObject({ regionkod: "01", helarsekvivalenter: 50, befolkning_20_64: "2000.00" });
  expect(Object.keys(lan)).toEqual(["regiontyp", "regionkod", "period", "ersattning", "kon", "helarsekvivalenter", "befolkning_20_64", "andel"]);
});
