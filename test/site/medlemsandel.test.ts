// The medlemsandel calculator's arithmetic (src/components/medlemsandel.js): the law's 1/2, 1/4, 1/4 and the kommuner's
// quarter by key, exact to the krona (or öre) by the largest-remainder method.
import { describe, expect, it } from "vitest";
import {
  budgetDelar,
  exaktDecimal,
  medlemsDelar,
  medlemsandelKalkyl,
  parseKronor,
  storstaRest,
} from "../../src/components/medlemsandel.js";

const kr = (n: number | bigint) => BigInt(n) * 100n;
const summa = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);
const belopp = (medlemmar: { kommunkod: string; belopp_ore: bigint }[]) => Object.fromEntries(medlemmar.map((m) => [m.kommunkod, m.belopp_ore]));

describe("parseKronor", () => {
  it.each([
    ["1 234 567", 123456700n],
    ["1\u00a0234\u00a0567 kr", 123456700n],
    ["1 234 567,5", 123456750n],
    ["1234567.05", 123456705n],
    ["0", 0n],
    ["  400 000  ", 40000000n],
  ])("%s → %s öre", (text, ore) => expect(parseKronor(text)).toBe(ore));

  it.each(["", "abc", "-100", "1,234", "12,345", "1e6", "1 000,00,0"])("refuses %j", (text) => expect(parseKronor(text)).toBeNull());
});

describe("exaktDecimal", () => {
  it.each([
    [1100, 1100n, 1n],
    ["12.5", 125n, 10n],
    [0.1, 1n, 10n],
    [1e-7, 1n, 10000000n],
    [1e21, 1000000000000000000000n, 1n],
    [0, 0n, 1n],
  ])("%s = %s / %s", (value, taljare, skala) => expect(exaktDecimal(value)).toEqual({ taljare, skala }));

  it.each([-1, "x", Number.NaN, null, ""])("refuses %j", (value) => expect(exaktDecimal(value)).toBeNull());
});

describe("storstaRest", () => {
  const v = (...xs: number[]) => xs.map((x) => exaktDecimal(x)!);
  it("gives the leftover units to the largest remainders, ties in the given order", () => {
    // 10 by 1:1:1 → 3⅓ each; the one left over goes to the first in order.
    expect(storstaRest(10n, v(1, 1, 1))).toEqual([4n, 3n, 3n]);
    expect(storstaRest(10n, v(1, 1, 1), [2, 0, 1])).toEqual([3n, 3n, 4n]);
    // 100 by 0.3 : 0.35 : 0.35 → 30, 35, 35 exactly.
    expect(storstaRest(100n, v(0.3, 0.35, 0.35))).toEqual([30n, 35n, 35n]);
    // 7 by 5:3:2 → 3.5, 2.1, 1.4 → 3, 2, 1 + one to the largest remainder (0.5).
    expect(storstaRest(7n, v(5, 3, 2))).toEqual([4n, 2n, 1n]);
  });

  it("returns null when every weight is 0, and refuses a negative total", () => {
    expect(storstaRest(5n, v(0, 0))).toBeNull();
    expect(() => storstaRest(-1n, v(1))).toThrow(RangeError);
  });
});

describe("budgetDelar: staten 1/2, regionen 1/4, kommunerna 1/4", () => {
  it.each([
    // total kr, staten, regionen, kommunerna — in whole kronor; leftovers by largest remainder, ties staten, regionen, kommunerna
    [4_000_000, 2_000_000, 1_000_000, 1_000_000],
    [4_000_001, 2_000_001, 1_000_000, 1_000_000], // quotas .5, .25, .25: the krona goes to staten
    [4_000_002, 2_000_001, 1_000_001, 1_000_000], // staten exact; .5 and .5: regionen first
    [4_000_003, 2_000_001, 1_000_001, 1_000_001], // .5, .75, .75: two kronor to regionen and kommunerna
    [1, 1, 0, 0],
    [0, 0, 0, 0],
  ])("%d kr → %d + %d + %d", (total, staten, regionen, kommunerna) => {
    const d = budgetDelar(kr(total));
    expect(d).toEqual({ enhet: 100n, staten: kr(staten), regionen: kr(regionen), kommunerna: kr(kommunerna) });
    expect(d.staten + d.regionen + d.kommunerna).toBe(kr(total));
  });

  it("works in öre when the total has öre, still summing exactly", () => {
    const d = budgetDelar(400000001n); // 4 000 000,01 kr
    expect(d).toEqual({ enhet: 1n, staten: 200000001n, regionen: 100000000n, kommunerna: 100000000n });
    const e = budgetDelar(123457n); // 1 234,57 kr: quotas 61728.5, 30864.25, 30864.25
    expect(e).toEqual({ enhet: 1n, staten: 61729n, regionen: 30864n, kommunerna: 30864n });
    expect(e.staten + e.regionen + e.kommunerna).toBe(123457n);
  });

  it("refuses a negative or non-BigInt total", () => {
    expect(() => budgetDelar(-100n)).toThrow(RangeError);
    expect(() => budgetDelar(100 as unknown as bigint)).toThrow(RangeError);
  });
});

describe("medlemsDelar: the kommuner's quarter by key", () => {
  it("three members with equal keys and a quarter not divisible by 3: the krona left over goes by kommunkod", () => {
    const m = medlemsDelar(kr(1_000_000), [
      { kommunkod: "0486", nyckel: 5000 },
      { kommunkod: "0428", nyckel: 5000 },
      { kommunkod: "0461", nyckel: 5000 },
    ])!;
    expect(belopp(m)).toEqual({ "0428": kr(333_334), "0461": kr(333_333), "0486": kr(333_333) });
    expect(summa(m.map((x) => x.belopp_ore))).toBe(kr(1_000_000));
    expect(m.map((x) => x.andel)).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });

  it("two kronor left over among three equal keys go to the two lowest kommunkoder", () => {
    const m = medlemsDelar(kr(11), [
      { kommunkod: "0186", nyckel: 1 },
      { kommunkod: "0114", nyckel: 1 },
      { kommunkod: "0115", nyckel: 1 },
    ])!;
    expect(belopp(m)).toEqual({ "0114": kr(4), "0115": kr(4), "0186": kr(3) });
  });

  it("a member with key 0 gets nothing, the others the whole quarter", () => {
    const m = medlemsDelar(kr(1001), [
      { kommunkod: "0114", nyckel: 0 },
      { kommunkod: "0115", nyckel: 1 },
      { kommunkod: "0117", nyckel: 1 },
    ])!;
    expect(belopp(m)).toEqual({ "0114": 0n, "0115": kr(501), "0117": kr(500) });
  });

  it("by largest remainder, not by the kommunkod, when the remainders differ", () => {
    // 1000 kr by 1100 : 1000 : 900 (of 3000): 366.67, 333.33, 300 → 367, 333, 300.
    const m = medlemsDelar(kr(1000), [
      { kommunkod: "0117", nyckel: 900 },
      { kommunkod: "0115", nyckel: 1000 },
      { kommunkod: "0114", nyckel: 1100 },
    ])!;
    expect(belopp(m)).toEqual({ "0114": kr(367), "0115": kr(333), "0117": kr(300) });
  });

  it("exact with an own key in decimals (0.1 + 0.2 is not 0.3 in floating point, here it is)", () => {
    const m = medlemsDelar(kr(3), [
      { kommunkod: "0114", nyckel: 0.1 },
      { kommunkod: "0115", nyckel: 0.2 },
    ])!;
    expect(belopp(m)).toEqual({ "0114": kr(1), "0115": kr(2) });
  });

  it("does not depend on the order the members are listed in", () => {
    const medlemmar = [
      { kommunkod: "0480", nyckel: 86_123 },
      { kommunkod: "0428", nyckel: 4_806 },
      { kommunkod: "0461", nyckel: 6_447 },
      { kommunkod: "0484", nyckel: 64_448 },
      { kommunkod: "0482", nyckel: 4_806 },
      { kommunkod: "0486", nyckel: 22_717 },
      { kommunkod: "0488", nyckel: 8_387 },
    ];
    const forvantat = belopp(medlemsDelar(kr(6_493_511), medlemmar)!);
    expect(summa(Object.values(forvantat))).toBe(kr(6_493_511));
    for (const ordning of [[...medlemmar].reverse(), [3, 1, 6, 0, 5, 2, 4].map((i) => medlemmar[i])]) {
      expect(belopp(medlemsDelar(kr(6_493_511), ordning)!)).toEqual(forvantat);
    }
  });

  it("null when the keys sum to 0 or a key is missing", () => {
    expect(medlemsDelar(kr(100), [{ kommunkod: "0114", nyckel: 0 }])).toBeNull();
    expect(medlemsDelar(kr(100), [{ kommunkod: "0114", nyckel: null }])).toBeNull();
  });
});

describe("medlemsandelKalkyl", () => {
  it("sums to the total, the members to the kommuner's quarter, for many awkward totals", () => {
    const medlemmar = [
      { kommunkod: "0114", nyckel: 1100 },
      { kommunkod: "0115", nyckel: 1000 },
      { kommunkod: "0117", nyckel: 3 },
    ];
    for (const total of [0n, 1n, 99n, 101n, kr(1), kr(7), kr(3_333_333), 333_333_333n, kr(25_974_042), 2_597_404_201n]) {
      const k = medlemsandelKalkyl(total, medlemmar);
      expect(k.staten + k.regionen + k.kommunerna).toBe(total);
      expect(summa(k.medlemmar!.map((m) => m.belopp_ore))).toBe(k.kommunerna);
      expect(k.medlemmar!.every((m) => m.belopp_ore % k.enhet === 0n)).toBe(true);
      // each member's amount is within one unit of its exact share
      for (const m of k.medlemmar!) expect(Math.abs(Number(m.belopp_ore) - (Number(k.kommunerna) * m.nyckel) / 2103)).toBeLessThan(Number(k.enhet));
    }
  });

  it("a total of 1 000 001 kr: staten 500 001, regionen 250 000, kommunerna 250 000 split 1100 : 1000 (hand computed)", () => {
    const k = medlemsandelKalkyl(kr(1_000_001), [
      { kommunkod: "0114", nyckel: 1100 },
      { kommunkod: "0115", nyckel: 1000 },
    ]);
    // 250 000 × 1100/2100 = 130 952.38…, × 1000/2100 = 119 047.61… → floors 130 952 + 119 047 = 249 999; the krona left
    // over goes to 0115 (remainder .619 > .381).
    expect([k.staten, k.regionen, k.kommunerna]).toEqual([kr(500_001), kr(250_000), kr(250_000)]);
    expect(belopp(k.medlemmar!)).toEqual({ "0114": kr(130_952), "0115": kr(119_048) });
  });

  it("no members: the three parts, no member split", () => {
    expect(medlemsandelKalkyl(kr(8), []).medlemmar).toBeNull();
  });
});
