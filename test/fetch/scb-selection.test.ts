// Building SCB selections from table metadata and splitting them under the cell limit: the default tables
// (TAB638, TAB5557, TAB1386) against metadata shaped like the real TAB638 recording, with hand-counted cells.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadReference } from "../../loaders/reference.ts";
import { buildSelection, cellCount, defaultScbTables, parseMetadata, type Selection, splitSelection } from "../../loaders/fetch/scb.ts";
import { FIXTURES } from "./replay-server.ts";

const recording = JSON.parse(fs.readFileSync(path.join(FIXTURES, "rOpenGov_pxweb_TAB638_riket_ogifta_0ar_man_2024.json"), "utf8"));
const ref = loadReference();
const kommuner = ref.kommuner.map((k) => k.kommunkod).sort();

/** The recording's dimensions with fuller value lists (derived metadata, not a recorded metadata response). */
function metadata(values: Record<string, string[]>, elimination: Record<string, boolean> = {}) {
  const dimension: Record<string, unknown> = {};
  const id = Object.keys(values);
  for (const code of id) {
    const base = recording.dimension[code] ?? { label: code.toLowerCase(), extension: {} };
    dimension[code] = {
      ...base,
      category: { index: Object.fromEntries(values[code].map((c, i) => [c, i])), label: Object.fromEntries(values[code].map((c) => [c, c])) },
      extension: { ...base.extension, ...(code in elimination ? { elimination: elimination[code] } : {}) },
    };
  }
  return { ...recording, id, size: id.map((c) => values[c].length), dimension, value: undefined };
}

const years = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
const ages = [...Array.from({ length: 100 }, (_, i) => String(i)), "100+", "tot"];
const regions = ["00", ...ref.lan.map((l) => l.lanskod), ...kommuner];
const [TAB638, TAB5557, TAB1386] = defaultScbTables(2013);

describe("selections for the default tables", () => {
  it("TAB638: 290 kommuner, ages 0–100+ without tot, kön 1 and 2, BE0101N1, 2013–2024; civilstånd as the metadata allows", () => {
    const meta = parseMetadata(metadata({ Region: regions, Civilstand: ["OG", "G", "SK", "ÄNKL"], Alder: ages, Kon: ["1", "2"], ContentsCode: ["BE0101N1", "BE0101N2"], Tid: years(1968, 2024) }), "TAB638");
    const sel = buildSelection(TAB638, meta);
    // the real TAB638 metadata says Civilstand has elimination false: then every civilstånd is fetched (to be summed)
    expect(sel.map((s) => [s.variableCode, s.valueCodes.length])).toEqual([["Region", 290], ["Civilstand", 4], ["Alder", 101], ["Kon", 2], ["ContentsCode", 1], ["Tid", 12]]);
    expect(sel[0].valueCodes).toEqual(kommuner);
    expect(sel[2].valueCodes.slice(-2)).toEqual(["99", "100+"]);
    expect(sel[5].valueCodes[0]).toBe("2013");
    expect(cellCount(sel)).toBe(290 * 4 * 101 * 2 * 12);
    // where civilstånd can be left out, it is (SCB sums over it)
    const eliminable = parseMetadata(metadata({ Region: regions, Civilstand: ["OG", "G"], Alder: ages, Kon: ["1", "2"], ContentsCode: ["BE0101N1"], Tid: years(2020, 2024) }, { Civilstand: true }), "TAB638");
    expect(buildSelection(TAB638, eliminable).map((s) => s.variableCode)).toEqual(["Region", "Alder", "Kon", "ContentsCode", "Tid"]);
  });

  it("TAB5557 continues after the last year taken from TAB638; nothing new means nothing to fetch", () => {
    const meta = parseMetadata(metadata({ Region: regions, Alder: [...ages.slice(0, 100), "100+1", "tot"], Kon: ["1", "2"], ContentsCode: ["000007ME"], Tid: years(2024, 2025) }), "TAB5557");
    const sel = buildSelection(TAB5557, meta, "2024");
    expect(sel.find((s) => s.variableCode === "Tid")!.valueCodes).toEqual(["2025"]);
    expect(sel.find((s) => s.variableCode === "Alder")!.valueCodes.slice(-1)).toEqual(["100+1"]);
    expect(buildSelection(TAB5557, meta, "2025").find((s) => s.variableCode === "Tid")!.valueCodes).toEqual([]);
  });

  it("TAB1386: every kön and content, 20–64, months from 2014M01; split into 12 calls of at most 100 000 cells", () => {
    const months = years(2014, 2025).flatMap((y) => Array.from({ length: 12 }, (_, m) => `${y}M${String(m + 1).padStart(2, "0")}`)).slice(0, 138);
    const contents = ["0000018A", "0000018B", "0000018C", "0000018D", "0000018E", "0000018F", "0000018G", "0000018H", "0000018I"];
    const meta = parseMetadata(metadata({ Region: ["00", ...kommuner], Kon: ["1", "2", "1+2"], Aldersgrupp: ["20-64", "20-65"], ContentsCode: contents, Tid: months }), "TAB1386");
    const sel = buildSelection(TAB1386, meta);
    expect(sel.map((s) => s.valueCodes.length)).toEqual([290, 3, 1, 9, 138]);
    const parts = splitSelection(sel, 100_000);
    // 290 × 3 × 9 × 138 = 1 080 540 cells; 3 726 cells per kommun → 26 kommuner a call → ⌈290 / 26⌉ = 12 calls
    expect(parts).toHaveLength(12);
    expect(parts.map((p) => p[0].valueCodes.length)).toEqual([...Array(11).fill(26), 4]);
    expect(parts.flatMap((p) => p[0].valueCodes)).toEqual(kommuner);
  });

  it("refuses a missing content code with the codes the table has", () => {
    const meta = parseMetadata(metadata({ Region: regions, Alder: ages, Kon: ["1", "2"], ContentsCode: ["BE0101N2"], Tid: years(2020, 2024) }), "TAB638");
    expect(() => buildSelection(TAB638, meta)).toThrow("SCB-tabellen TAB638 saknar ContentsCode = BE0101N1 (finns: BE0101N2).");
  });
});

describe("splitting under the cell limit", () => {
  const cells = (parts: Selection[][]) =>
    parts.flatMap((p) => p[0].valueCodes.flatMap((a) => p[1].valueCodes.map((b) => `${a}|${b}`)));

  it.each([
    [[290, 5], 1000, 2],
    [[290, 5], 300, 5],
    [[290, 5], 1450, 1],
    [[10, 10], 5, 20], // even one value of the widest variable is too many: split the next one too
    [[7, 3], 4, 7],
  ])("sizes %j at most %i cells a call: %i calls, every cell exactly once", (sizes, max, calls) => {
    const sel: Selection[] = sizes.map((n, i) => ({ variableCode: `V${i}`, valueCodes: Array.from({ length: n }, (_, k) => `${i}-${k}`) }));
    const parts = splitSelection(sel, max);
    expect(parts).toHaveLength(calls);
    for (const p of parts) expect(cellCount(p)).toBeLessThanOrEqual(max);
    const all = cells(parts);
    expect(all).toHaveLength(sizes[0] * sizes[1]);
    expect(new Set(all).size).toBe(all.length);
  });
});
