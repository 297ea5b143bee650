// Table-driven tests of the Swedish formatting module (src/components/format.js).
// Expected strings are written by hand: U+00A0 (no-break space) separates thousands and precedes units,
// U+2212 is the minus sign, U+2013 (en dash) stands for a missing value.
import { describe, expect, it } from "vitest";
import {
  formatAldersband,
  formatBelopp,
  formatDatum,
  formatHalvar,
  formatHalvarKort,
  formatKr,
  formatKrChange,
  formatManad,
  formatMnkr,
  formatNumber,
  formatPercent,
  halvarMitt,
} from "../src/components/format.js";

const NBSP = "\u00a0";
const MINUS = "\u2212";

type Case = [string, () => string, string];

const cases: Case[] = [
  // formatNumber: thousands with a no-break space, decimal comma, real minus, no "−0".
  ["formatNumber(1234567)", () => formatNumber(1234567), `1${NBSP}234${NBSP}567`],
  ["formatNumber(999)", () => formatNumber(999), "999"],
  ["formatNumber(1000)", () => formatNumber(1000), `1${NBSP}000`],
  ["formatNumber(0)", () => formatNumber(0), "0"],
  ["formatNumber(-3.5, 2)", () => formatNumber(-3.5, 2), `${MINUS}3,50`],
  ["formatNumber(-1234.5, 1)", () => formatNumber(-1234.5, 1), `${MINUS}1${NBSP}234,5`],
  ["formatNumber(-0.001, 2) is not negative zero", () => formatNumber(-0.001, 2), "0,00"],
  ["formatNumber(1234.56) rounds", () => formatNumber(1234.56), `1${NBSP}235`],
  ["formatNumber(BigInt)", () => formatNumber(12345n as unknown as number), `12${NBSP}345`],
  ["formatNumber(null)", () => formatNumber(null as unknown as number), "–"],
  ["formatNumber(NaN)", () => formatNumber(NaN), "–"],

  // formatKr: kronor per invånare och dag, two decimals.
  ["formatKr(52.31)", () => formatKr(52.31), `52,31${NBSP}kr`],
  ["formatKr(52.314)", () => formatKr(52.314), `52,31${NBSP}kr`],
  ["formatKr(52.3)", () => formatKr(52.3), `52,30${NBSP}kr`],
  ["formatKr(1234.5)", () => formatKr(1234.5), `1${NBSP}234,50${NBSP}kr`],
  ["formatKr(-0.004)", () => formatKr(-0.004), `0,00${NBSP}kr`],
  ["formatKr(-2.25)", () => formatKr(-2.25), `${MINUS}2,25${NBSP}kr`],
  ["formatKr(12, 0)", () => formatKr(12, 0), `12${NBSP}kr`],
  ["formatKr(undefined)", () => formatKr(undefined as unknown as number), "–"],

  // Sums of money.
  ["formatBelopp(1234567.49)", () => formatBelopp(1234567.49), `1${NBSP}234${NBSP}567${NBSP}kr`],
  ["formatBelopp(26729483185)", () => formatBelopp(26729483185), `26${NBSP}729${NBSP}483${NBSP}185${NBSP}kr`],
  ["formatMnkr(1234567890)", () => formatMnkr(1234567890), `1${NBSP}234,6${NBSP}mnkr`],
  ["formatMnkr(null)", () => formatMnkr(null as unknown as number), "–"],

  // Percent and changes.
  ["formatPercent(12.34)", () => formatPercent(12.34), `12,3${NBSP}%`],
  ["formatPercent(2.06, 1, signed)", () => formatPercent(2.06, 1, { signed: true }), `+2,1${NBSP}%`],
  ["formatPercent(-0.44, 1, signed)", () => formatPercent(-0.44, 1, { signed: true }), `${MINUS}0,4${NBSP}%`],
  ["formatPercent(0, 1, signed)", () => formatPercent(0, 1, { signed: true }), `0,0${NBSP}%`],
  ["formatKrChange(1.2)", () => formatKrChange(1.2), `+1,20${NBSP}kr`],
  ["formatKrChange(-0.35)", () => formatKrChange(-0.35), `${MINUS}0,35${NBSP}kr`],
  ["formatKrChange(0)", () => formatKrChange(0), `0,00${NBSP}kr`],

  // Periods and dates.
  ["formatHalvar('2024H1')", () => formatHalvar("2024H1"), "1:a halvåret 2024"],
  ["formatHalvar('2014H2')", () => formatHalvar("2014H2"), "2:a halvåret 2014"],
  ["formatHalvar('2024') passes through", () => formatHalvar("2024"), "2024"],
  ["formatHalvarKort('2024H2')", () => formatHalvarKort("2024H2"), "H2 2024"],
  ["formatManad('2024-03')", () => formatManad("2024-03"), "mars 2024"],
  ["formatManad('2023-12')", () => formatManad("2023-12"), "december 2023"],
  ["formatDatum('2024-12-31')", () => formatDatum("2024-12-31"), "31 december 2024"],
  ["formatDatum('2025-01-05')", () => formatDatum("2025-01-05"), "5 januari 2025"],
  ["formatAldersband(16–64)", () => formatAldersband({ fran: 16, till: 64 }), `16–64${NBSP}år`],
  ["formatAldersband(20–64)", () => formatAldersband({ fran: 20, till: 64 }), `20–64${NBSP}år`],
];

describe("format.js (Swedish formats)", () => {
  it.each(cases)("%s", (_name, run, expected) => {
    expect(run()).toBe(expected);
  });

  it("never uses a hyphen-minus or a narrow no-break space", () => {
    for (const value of [-1234567.891, -0.5, -10]) {
      for (const s of [formatNumber(value, 2), formatKr(value), formatPercent(value)]) {
        expect(s).not.toMatch(/[-\u202f ]/);
      }
    }
  });

  it("places a half-year at its midpoint on a time axis", () => {
    expect(halvarMitt("2024H1")?.toISOString()).toBe("2024-04-01T00:00:00.000Z");
    expect(halvarMitt("2024H2")?.toISOString()).toBe("2024-10-01T00:00:00.000Z");
    expect(halvarMitt("2024")).toBeNull();
  });
});
