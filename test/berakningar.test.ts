// Index series and fixed prices (src/components/berakningar.js) against hand-computed values.
import { describe, expect, it } from "vitest";
import * as b from "../src/components/berakningar.js";

const kpi = b.kpiKarta([
  { ar: 2022, kpi: "400" },
  { ar: 2023, kpi: 420 },
  { ar: 2024, kpi: 441 },
  { ar: 2025, kpi: "" }, // not published: absent, never 0
]);

describe("fastPris", () => {
  it.each([
    // [värde, år, basår, väntat]
    [50, 2022, 2023, 52.5], // 50 × 420 / 400
    [52.5, 2023, 2022, 50], // back again
    [10, 2023, 2023, 10], // base year itself
    [21, 2024, 2022, 21 * 400 / 441], // 19.047…
    [0, 2022, 2024, 0],
  ])("%s kr i %s i %s års priser", (varde, ar, basAr, vantat) => {
    expect(b.fastPris(varde, ar, basAr, kpi)).toBeCloseTo(vantat, 12);
  });

  it("ger null när KPI saknas för året eller basåret, eller värdet saknas", () => {
    expect(b.fastPris(50, 2025, 2023, kpi)).toBeNull();
    expect(b.fastPris(50, 2023, 2025, kpi)).toBeNull();
    expect(b.fastPris(50, 2019, 2023, kpi)).toBeNull();
    expect(b.fastPris(null, 2023, 2023, kpi)).toBeNull();
  });

  it("räknar om båda halvåren ett år med årets medeltal", () => {
    expect(b.fastPrisHalvar(50, "2022H1", 2023, kpi)).toBeCloseTo(52.5, 12);
    expect(b.fastPrisHalvar(50, "2022H2", 2023, kpi)).toBeCloseTo(52.5, 12);
    expect(b.halvarAr("2024H2")).toBe(2024);
    expect(b.halvarAr("2024")).toBeNaN();
  });

  it("läser den verkliga KPI-filens årsmedeltal: 2024 i 2020 års priser", async () => {
    const fs = await import("node:fs");
    const text = fs.readFileSync(new URL("../data/reference/kpi/kpi_arsmedel_beraknat.csv", import.meta.url), "utf8");
    const rader = text.trim().split("\n").slice(1).map((l) => {
      const [ar, varde] = l.split(",");
      return { ar, kpi: varde };
    });
    const verklig = b.kpiKarta(rader);
    expect(verklig.get(1980)).toBe(100);
    // 100 kr in 2024 (415.15) in 2020 prices (335.92): 100 × 335.92 / 415.15 = 80.9153…
    expect(b.fastPris(100, 2024, 2020, verklig)).toBeCloseTo(80.91533, 4);
  });
});

describe("indexSerie", () => {
  const rader = [
    { period: "2022H1", varde: 40 },
    { period: "2022H2", varde: 50 },
    { period: "2023H1", varde: null },
    { period: "2023H2", varde: 45 },
  ];

  it("sätter bashalvåret till 100", () => {
    expect(b.indexSerie(rader, "2022H2").map((r: { index: number | null }) => r.index)).toEqual([80, 100, null, 90]);
    expect(b.indexSerie(rader, "2022H1").map((r: { index: number | null }) => r.index)).toEqual([100, 125, null, 112.5]);
  });

  it("ger bara null när basvärdet saknas eller är 0", () => {
    expect(b.indexSerie(rader, "2023H1").every((r: { index: unknown }) => r.index === null)).toBe(true);
    expect(b.indexSerie(rader, "2030H1").every((r: { index: unknown }) => r.index === null)).toBe(true);
    expect(b.indexSerie([{ period: "2022H1", varde: 0 }, { period: "2022H2", varde: 3 }], "2022H1").map((r: { index: unknown }) => r.index)).toEqual([null, null]);
  });
});

describe("transformeraSerie", () => {
  const rader = [
    { period: "2022H1", varde: 50 },
    { period: "2023H1", varde: 63 },
  ];

  it("löpande priser i kronor lämnar värdena orörda", () => {
    expect(b.transformeraSerie(rader, {}).map((r: { varde: number }) => r.varde)).toEqual([50, 63]);
  });

  it("fasta priser före index: ett realt index", () => {
    // 2023 prices: 2022H1 50 × 420/400 = 52.5; 2023H1 63. Index on 2022H1 = 63 / 52.5 × 100 = 120.
    const fasta = b.transformeraSerie(rader, { pris: "fasta", basAr: 2023, kpi });
    expect(fasta.map((r: { varde: number }) => r.varde)).toEqual([52.5, 63]);
    const index = b.transformeraSerie(rader, { pris: "fasta", basAr: 2023, kpi, matt: "index", basPeriod: "2022H1" });
    expect(index[0].varde).toBeCloseTo(100, 12);
    expect(index[1].varde).toBeCloseTo(120, 12);
    expect(index[1].nominellt).toBe(63);
    // Nominal index: 63 / 50 × 100 = 126.
    expect(b.transformeraSerie(rader, { matt: "index", basPeriod: "2022H1" })[1].varde).toBeCloseTo(126, 12);
  });
});
