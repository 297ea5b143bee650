// rojLinjer: suppression over counts tied by any linear equations (the general form of rojTabell). Each case is
// worked out by hand in its comment; a random test checks the rule on tables with several dimensions and locks.
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../loaders/demo/prng.ts";
import { GRANS, osakraLinjer, rojLinjer, summaLinje, type Term } from "../../loaders/insatser/rojande.ts";

const dolda = (orsak: Map<string, unknown>) => [...orsak].filter(([, o]) => o !== null).map(([c]) => c).sort();

describe("rojLinjer", () => {
  it("shows counts without small values as they are", () => {
    const celler = new Map([["K", 10], ["M", 12], ["T", 22]]);
    expect(dolda(rojLinjer(celler, [summaLinje(["K", "M"], "T")]))).toEqual([]);
  });

  it("hides the kön split K 3, M 12, T 15 as rojKon does: K (primary) and M (complement), T shown", () => {
    const celler = new Map([["K", 3], ["M", 12], ["T", 15]]);
    const orsak = rojLinjer(celler, [summaLinje(["K", "M"], "T")]);
    expect([orsak.get("K"), orsak.get("M"), orsak.get("T")]).toEqual(["primar", "komplement", null]);
  });

  it("prefers the cell whose hiding breaks the fewest other lines (a hidden pair in the same column)", () => {
    // Two rows a, b and two columns x, y with row and column totals. a·x = 2 is primary. In row a, hiding a·y (8) would
    // break column y (one hidden), hiding the row total a (10) breaks the column of row totals; the same for both.
    // Column x: b·x (20) or the total x (22). The greedy ends with a rectangle a·x, a·y, b·x, b·y hidden and all
    // totals shown — the classic pattern — and every line holds.
    const celler = new Map([
      ["ax", 2], ["ay", 8], ["bx", 20], ["by", 30],
      ["a", 10], ["b", 50], ["x", 22], ["y", 38], ["t", 60],
    ]);
    const linjer = [
      summaLinje(["ax", "ay"], "a"), summaLinje(["bx", "by"], "b"),
      summaLinje(["ax", "bx"], "x"), summaLinje(["ay", "by"], "y"),
      summaLinje(["a", "b"], "t"), summaLinje(["x", "y"], "t"),
    ];
    const rang = (c: string) => (c.length === 1 ? 1 : 0);
    const orsak = rojLinjer(celler, linjer, { rang });
    expect(dolda(orsak)).toEqual(["ax", "ay", "bx", "by"]);
    expect(osakraLinjer(celler, orsak, linjer)).toEqual([]);
  });

  it("treats an identity between measures like a total: started 9 = ended 3 + ongoing 6", () => {
    // Ended 3 is primary; the line gives it back from 9 − 6 unless ongoing (6) or started (9) is hidden too: the
    // smallest, ongoing.
    const celler = new Map([["startade", 9], ["avslutade", 3], ["pagaende", 6]]);
    const orsak = rojLinjer(celler, [summaLinje(["avslutade", "pagaende"], "startade")]);
    expect(dolda(orsak)).toEqual(["avslutade", "pagaende"]);
  });

  it("is content with two hidden cells of opposite sign: only their difference is known", () => {
    // 2 + 20 = 22: with 2 and 22 hidden, an attacker knows 22 − 2 = 20 but not either of them.
    const celler = new Map([["a", 2], ["b", 20], ["t", 22]]);
    const orsak = new Map<string, "primar" | "komplement" | null>([["a", "primar"], ["b", null], ["t", "komplement"]]);
    expect(osakraLinjer(celler, orsak, [summaLinje(["a", "b"], "t")])).toEqual([]);
  });

  it("never accepts two hidden cells of one sign that add up to less than 5 (1 + 1 of a shown 12)", () => {
    const celler = new Map([["a", 1], ["b", 1], ["c", 10], ["t", 12]]);
    const orsak = rojLinjer(celler, [summaLinje(["a", "b", "c"], "t")]);
    expect(dolda(orsak)).toEqual(["a", "b", "c"]);
  });

  it("keeps a locked cell as the other table decided, and counts a locked hidden cell as an unknown", () => {
    // The total 15 is hidden in the main table (lock true): with age groups 3 and 12, hiding 3 leaves two unknowns of
    // opposite sign — enough. A total shown in the main table (lock false) forces a second group to be hidden.
    const celler = new Map([["g1", 3], ["g2", 12], ["t", 15]]);
    const linje = [summaLinje(["g1", "g2"], "t")];
    expect(dolda(rojLinjer(celler, linje, { last: new Map([["t", true]]) }))).toEqual(["g1", "t"]);
    const orsak = rojLinjer(celler, linje, { last: new Map([["t", false]]) });
    expect(dolda(orsak)).toEqual(["g1", "g2"]);
    expect(orsak.get("t")).toBe(null);
  });

  it("refuses a line that names a cell without a value, and a count that is not a whole number ≥ 0", () => {
    expect(() => rojLinjer(new Map([["a", 1]]), [summaLinje(["a"], "b")])).toThrow(/no value/);
    expect(() => rojLinjer(new Map([["a", -1]]), [])).toThrow(/whole number/);
  });

  it("leaves no line open on random three-way tables (insats × year × kön with every margin), 200 of them", () => {
    const rnd = mulberry32(11);
    for (let n = 0; n < 200; n++) {
      const I = 1 + Math.floor(rnd() * 4);
      const Y = 1 + Math.floor(rnd() * 4);
      const celler = new Map<string, number>();
      const v = (i: string, y: string, k: string) => `${i}|${y}|${k}`;
      const is = [...Array.from({ length: I }, (_, i) => `i${i}`), "*"];
      const ys = [...Array.from({ length: Y }, (_, y) => `y${y}`), "*"];
      for (let i = 0; i < I; i++) {
        for (let y = 0; y < Y; y++) {
          const K = Math.floor(rnd() * rnd() * 25);
          const M = Math.floor(rnd() * rnd() * 25);
          celler.set(v(`i${i}`, `y${y}`, "K"), K).set(v(`i${i}`, `y${y}`, "M"), M).set(v(`i${i}`, `y${y}`, "T"), K + M);
        }
      }
      const linjer: Term[][] = [];
      const summa = (f: (x: string) => string, over: string[]) => over.slice(0, -1).reduce((a, x) => a + celler.get(f(x))!, 0);
      for (const k of ["K", "M", "T"]) {
        for (const i of is.slice(0, -1)) celler.set(v(i, "*", k), summa((y) => v(i, y, k), ys));
        for (const y of ys) celler.set(v("*", y, k), summa((i) => v(i, y, k), is));
      }
      for (const i of is) for (const y of ys) linjer.push(summaLinje([v(i, y, "K"), v(i, y, "M")], v(i, y, "T")));
      for (const k of ["K", "M", "T"]) {
        for (const i of is) linjer.push(summaLinje(ys.slice(0, -1).map((y) => v(i, y, k)), v(i, "*", k)));
        for (const y of ys) linjer.push(summaLinje(is.slice(0, -1).map((i) => v(i, y, k)), v("*", y, k)));
      }
      // Half of the runs lock one margin cell as shown by another table (it must then stay shown).
      const last = new Map<string, boolean>();
      if (rnd() < 0.5 && (celler.get(v("*", "*", "T"))! === 0 || celler.get(v("*", "*", "T"))! >= GRANS)) last.set(v("*", "*", "T"), false);
      const orsak = rojLinjer(celler, linjer, { last, rang: (c) => (c.includes("*") ? 2 : 0) });
      expect(osakraLinjer(celler, orsak, linjer)).toEqual([]);
      for (const [c, val] of celler) if (val > 0 && val < GRANS) expect(orsak.get(c), c).not.toBe(null);
      for (const [c, hidden] of last) expect(orsak.get(c) !== null, c).toBe(hidden);
    }
  });
});
