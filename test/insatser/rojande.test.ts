// Disclosure control: primary suppression of 1–4, complementary suppression so no total gives a hidden cell back,
// shares. Each case is worked out by hand in its comment.
import { describe, expect, it } from "vitest";
import { GRANS, PRICK, rojAndel, rojKon, rojLista, rojTabell, visa } from "../../loaders/insatser/rojande.ts";
import { mulberry32 } from "../../loaders/demo/prng.ts";

describe("primary suppression", () => {
  it("shows a table without small counts as it is", () => {
    const t = rojTabell([[10, 20], [30, 40]]);
    expect(t.celler).toEqual([[10, 20], [30, 40]]);
    expect([t.radsummor, t.kolumnsummor, t.totalt]).toEqual([[30, 70], [40, 60], 100]);
  });

  it("shows zeros: a 0 is not a small count", () => {
    expect(rojLista([0, 7, 9])).toEqual({ varden: [0, 7, 9], summa: 16 });
  });

  it("hides 1–4 and the threshold is 5", () => {
    expect(GRANS).toBe(5);
    expect(rojLista([5, 6], { summa: false }).varden).toEqual([5, 6]);
    expect(rojLista([4, 6], { summa: false }).varden).toEqual([null, 6]);
  });
});

describe("complementary suppression", () => {
  it("hides a second cell in the row and column of a hidden one (a 2 × 2 block)", () => {
    // 3 is primary. Row 0: 25 − 12 would give it back → hide the smallest other, 10. Column 0: 11 − 8 would →
    // hide 8. Column 1 now has 10 alone hidden → hide 9. Row 1 has 8 and 9 hidden (sum 17 ≥ 5): safe.
    const t = rojTabell([[3, 10, 12], [8, 9, 20]]);
    expect(t.celler).toEqual([[null, null, 12], [null, null, 20]]);
    expect(t.orsak).toEqual([["primar", "komplement", null], ["komplement", "komplement", null]]);
    expect([t.radsummor, t.kolumnsummor, t.totalt]).toEqual([[25, 37], [11, 19, 32], 62]);
  });

  it("does not let two hidden cells that sum to less than 5 stand (1 + 1 of a shown 12 would pin both)", () => {
    expect(rojLista([1, 1, 10])).toEqual({ varden: [null, null, null], summa: 12 });
  });

  it("hides the total of a line that has no other cell to hide", () => {
    // Kön: K 3 is primary, M 12 is hidden to protect it; T 15 is shown (two unknowns, sum 15).
    expect(rojKon({ K: 3, M: 12 })).toEqual({ K: null, M: null, T: 15 });
    // K 0 is shown; M 3 and T 3 are both small: hidden, and T hidden leaves two unknowns.
    expect(rojKon({ K: 0, M: 3 })).toEqual({ K: 0, M: null, T: null });
    expect(rojKon({ K: 2, M: 2 })).toEqual({ K: null, M: null, T: null });
  });

  it("protects a small row total through the column of row totals", () => {
    // Row 0 (1, 2; total 3) is all small → hidden. Columns 0 and 1 each have one hidden cell → hide 10 and 12.
    // The row totals (3 hidden, 22) with the grand total 25 would give 3 back → hide 22 too.
    const t = rojTabell([[1, 2], [10, 12]]);
    expect(t.celler).toEqual([[null, null], [null, null]]);
    expect(t.radsummor).toEqual([null, null]);
    expect([t.kolumnsummor, t.totalt]).toEqual([[11, 14], 25]);
    expect(t.radsummaOrsak).toEqual(["primar", "komplement"]);
  });

  it("leaves every published line with 0 or ≥ 2 hidden values, summing to ≥ 5 when its total shows (300 random tables)", () => {
    const rnd = mulberry32(7);
    for (let n = 0; n < 300; n++) {
      const R = 1 + Math.floor(rnd() * 4);
      const C = 1 + Math.floor(rnd() * 5);
      const cells = Array.from({ length: R }, () => Array.from({ length: C }, () => Math.floor(rnd() * rnd() * 30)));
      const t = rojTabell(cells);
      const lines: { vals: number[]; hidden: boolean[]; total: number; totalHidden: boolean }[] = [];
      for (let i = 0; i < R; i++) {
        lines.push({ vals: cells[i], hidden: t.celler[i].map((v) => v === null), total: cells[i].reduce((a, b) => a + b, 0), totalHidden: t.radsummor[i] === null });
      }
      for (let j = 0; j < C; j++) {
        const col = cells.map((r) => r[j]);
        lines.push({ vals: col, hidden: t.celler.map((r) => r[j] === null), total: col.reduce((a, b) => a + b, 0), totalHidden: t.kolumnsummor[j] === null });
      }
      for (const l of lines) {
        const unknown = l.hidden.filter(Boolean).length + (l.totalHidden ? 1 : 0);
        expect(unknown === 0 || unknown >= 2).toBe(true);
        const sum = l.vals.reduce((a, v, i) => a + (l.hidden[i] ? v : 0), 0);
        if (!l.totalHidden && unknown > 0) expect(sum === 0 || sum >= GRANS).toBe(true);
      }
      // Primary: no count of 1–4 is ever shown.
      for (const row of t.celler) for (const v of row) if (v !== null) expect(v === 0 || v >= GRANS).toBe(true);
    }
  });
});

describe("shares", () => {
  it("shows 6 of 12 and hides 3 of 10 (numerator 1–4) and 7 of 10 (3 left out)", () => {
    expect(rojAndel(6, 12)).toEqual({ andel: 0.5, dold: false });
    expect(rojAndel(3, 10)).toEqual({ andel: null, dold: true });
    expect(rojAndel(7, 10)).toEqual({ andel: null, dold: true });
  });

  it("hides any share of fewer than 5 persons, and shows 5 of 5", () => {
    expect(rojAndel(0, 4)).toEqual({ andel: null, dold: true });
    expect(rojAndel(5, 5)).toEqual({ andel: 1, dold: false });
  });

  it("hides a share whose count is hidden in its table; no share of nobody", () => {
    expect(rojAndel(6, 12, { namnareDold: true })).toEqual({ andel: null, dold: true });
    expect(rojAndel(0, 0)).toEqual({ andel: null, dold: false });
  });

  it("shows a suppressed value as ..", () => {
    expect(PRICK).toBe("..");
    expect(visa(null)).toBe("..");
    expect(visa(12)).toBe(12);
    expect(visa(0.5, true)).toBe("..");
  });
});
