// Revisions, missing values and annual figures:
// - two dated downloads of one source: the newer is current, the older kept as a version, and the change shows
//   in forsorjningsmatt_andring with old and new values;
// - a month marked "saknas" makes its half-year missing (never a smaller sum);
// - annual figures stay annual;
// - a file no adapter recognises is reported by name with the reasons.
// Population 0180: 2000 K + 2000 M on 31 Dec 2022 and 2023 → T 4000 in 2023H1; 181 days.
import fs from "node:fs";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingest, type IngestResult } from "../../loaders/ingest.ts";
import { refreshSql } from "../../loaders/measures/views.ts";
import { monthlyRows, query, tempDir, writeFiles } from "../helpers.ts";

let dir: string;
let db: string;
let result: IngestResult;
const HEADER = "kommunkod,period,ersattning,kon,belopp_kr,status";

beforeAll(async () => {
  dir = tempDir();
  writeFiles(dir, {
    "befolkning.csv": ["kommunkod,datum,alder,kon,antal", "0180,2022-12-31,40,K,2000", "0180,2022-12-31,40,M,2000", "0180,2023-12-31,40,K,2000", "0180,2023-12-31,40,M,2000"],
    // First download: 2023H1 sjukpenning 724 000 kr → 724000 / (4000 × 181) = 1.00 kr
    "raw/fk/2024-03-01/utbetalningar_fk.csv": [HEADER, "0180,2023H1,sjukpenning,T,724000.00,"],
    // Second download revises it to 905 000 kr → 1.25 kr
    "raw/fk/2024-09-01/utbetalningar_fk.csv": [HEADER, "0180,2023H1,sjukpenning,T,905000.00,"],
    "utbetalningar_ovrigt.csv": [
      HEADER,
      // aktivitetsstöd: March missing → 2023H1 missing
      ...monthlyRows("0180", "2023H1", "aktivitetsstod", "T", "1000.00").map((r) => (r.includes("2023-03") ? r.replace("1000.00", ",saknas") : `${r},`)),
      // an annual figure: stored, never spread over half-years
      "0180,2023,ekonomiskt_bistand,T,12000000.00,",
    ],
    "anteckningar.csv": ["vad,varde", "något,1"],
  });
  db = path.join(dir, "rev.duckdb");
  result = await ingest({ dataDir: dir, dbPath: db });
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("revisions", () => {
  it("uses the newest download and keeps the older as a version", async () => {
    const cur = await query(db, "SELECT belopp_kr, f.hamtad FROM utbetalning JOIN inlast_fil f USING (fil_id) WHERE ersattning = 'sjukpenning'");
    expect(cur).toEqual([{ belopp_kr: "905000.00", hamtad: "2024-09-01" }]);
    const old = await query(db, "SELECT belopp_kr, f.hamtad FROM utbetalning_version JOIN inlast_fil f USING (fil_id)");
    expect(old).toEqual([{ belopp_kr: "724000.00", hamtad: "2024-03-01" }]);
    expect(result.notes.join(" ")).toContain("ersätter värden från raw/fk/2024-03-01/utbetalningar_fk.csv");
  });

  it("marks the half-year as changed since the previous report, with old and new values", async () => {
    const a = await query(db, "SELECT * FROM forsorjningsmatt_andring WHERE regiontyp = 'kommun' AND ersattning = 'sjukpenning'");
    expect(a.map((r) => [r.regionkod, r.period, r.ersattning, r.tidigare_belopp_kr, r.belopp_kr])).toEqual([
      ["0180", "2023H1", "sjukpenning", "724000.00", "905000.00"],
    ]);
    // Sjukpenning is the only ersättning in scope in 2023H1, so its groups changed with it; 2023 has no sjukpenning.
    const grupper = await query(db, "SELECT period, ersattning FROM forsorjningsmatt_andring WHERE regiontyp = 'kommun' AND ersattning <> 'sjukpenning' ORDER BY ALL");
    expect(grupper).toEqual([
      { period: "2023H1", ersattning: "ohalsa" },
      { period: "2023H1", ersattning: "totalt" },
    ]);
    expect(a[0].tidigare_kr_per_invanare_och_dag).toBeCloseTo(1, 12);
    expect(a[0].kr_per_invanare_och_dag).toBeCloseTo(1.25, 12);
    const riket = await query(db, "SELECT count(*)::INTEGER n FROM forsorjningsmatt_andring WHERE regiontyp = 'riket' AND ersattning = 'sjukpenning'");
    expect(riket[0].n).toBe(1);
  });
});

describe("missing values and annual figures", () => {
  it("leaves a half-year with a month marked saknas missing", async () => {
    const r = await query(db, "SELECT * FROM forsorjningsmatt WHERE ersattning = 'aktivitetsstod'");
    expect(r).toEqual([]);
    const m = await query(db, "SELECT manad, belopp_kr, status FROM utbetalning WHERE ersattning = 'aktivitetsstod' AND manad = '2023-03'");
    expect(m).toEqual([{ manad: "2023-03", belopp_kr: null, status: "saknas" }]);
  });

  it("keeps annual figures annual: a year's value, never spread over half-years", async () => {
    const r = await query(db, "SELECT period, halvar, ar, belopp_kr FROM utbetalning WHERE ersattning = 'ekonomiskt_bistand'");
    expect(r).toEqual([{ period: "2023", halvar: null, ar: 2023, belopp_kr: "12000000.00" }]);
    const f = await query(db, "SELECT period, dagar, befolkning, kr_per_invanare_och_dag FROM forsorjningsmatt WHERE ersattning = 'ekonomiskt_bistand' AND regiontyp = 'kommun'");
    // 12 000 000 kr / (4000 × 365) = 8.2191… kr; population 0.5 · 4000 + 0.5 · 4000
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ period: "2023", dagar: 365, befolkning: "4000.00" });
    expect(f[0].kr_per_invanare_och_dag).toBeCloseTo(12_000_000 / (4000 * 365), 12);
  });

  it("reports a file no adapter recognises, with the reason", async () => {
    expect(result.unknown.map((u) => u.fil)).toEqual(["anteckningar.csv"]);
    const r = await query(db, "SELECT fil, orsak FROM okand_fil");
    expect(r[0].orsak).toContain("filnamnet börjar inte med befolkning");
  });
});

describe("a data set with no source downloaded twice", () => {
  it("has _forra views that are the current views, row for row what the full definitions give", async () => {
    const d = tempDir();
    try {
      writeFiles(d, {
        "befolkning.csv": ["kommunkod,datum,alder,kon,antal", "0180,2022-12-31,40,K,2000", "0180,2022-12-31,40,M,2000", "0180,2023-12-31,40,K,2000", "0180,2023-12-31,40,M,2000"],
        "utbetalningar.csv": [HEADER, "0180,2023H1,sjukpenning,T,724000.00,", "0180,2023H2,sjukpenning,T,905000.00,", ...monthlyRows("0180", "2023H1", "aktivitetsstod", "K", "1000.00").map((r) => `${r},`)],
      });
      const ett = path.join(d, "ett.duckdb");
      await ingest({ dataDir: d, dbPath: ett });
      const views = await query(ett, "SELECT view_name, sql FROM duckdb_views() WHERE view_name IN ('forsorjningsmatt_forra', 'utbetalning_period_forra')");
      for (const v of views) expect(v.sql).toMatch(/SELECT \* FROM (forsorjningsmatt|utbetalning_period)\b/);
      const dump = async (file: string) => ({
        forra: await query(file, "SELECT * FROM forsorjningsmatt_forra ORDER BY ALL"),
        nu: await query(file, "SELECT * FROM forsorjningsmatt ORDER BY ALL"),
        delomrade: await query(file, "SELECT * FROM forsorjningsmatt_delomrade_forra ORDER BY ALL"),
        andring: await query(file, "SELECT * FROM forsorjningsmatt_andring ORDER BY ALL"),
      });
      const alias = await dump(ett);
      expect(alias.nu.length).toBeGreaterThan(0);
      expect(alias.forra).toEqual(alias.nu);
      expect(alias.andring).toEqual([]);
      // The same database with the full _forra definitions (over utbetalning_forra) gives the same rows.
      const full = path.join(d, "full.duckdb");
      fs.copyFileSync(ett, full);
      const instance = await DuckDBInstance.create(full);
      const connection = await instance.connect();
      await connection.run(refreshSql({ fran: 16, till: 64 }));
      connection.closeSync();
      instance.closeSync();
      const fullViews = await query(full, "SELECT sql FROM duckdb_views() WHERE view_name = 'forsorjningsmatt_forra'");
      expect(fullViews[0].sql).toContain("forsorjningsmatt_utokad_forra");
      expect(await dump(full)).toEqual(alias);
    } finally {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });
});
