// Tests of the demo-data generator and of the committed data/demo files. Expected values are read
// independently from the reference files (plain string splitting, not the generator's reader) or
// written down by hand.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_DIR, REFERENCE_DIR } from "../../loaders/config.ts";
import { main, parseArgs } from "../../loaders/demo/cli.ts";
import {
  BEFOLKNING_HEADER,
  HELARSEKVIVALENTER_HEADER,
  NATIONAL_LEVELS_MDKR,
  UTBETALNINGAR_HEADER,
  formatHundradelar,
  formatOre,
  generateDemoData,
  largestRemainder,
} from "../../loaders/demo/generate.ts";
import { fnv1a, mulberry32 } from "../../loaders/demo/prng.ts";

const POP_YEARS = Array.from({ length: 13 }, (_, i) => 2013 + i);
const PAYOUT_YEARS = Array.from({ length: 12 }, (_, i) => 2014 + i);
const ERSATTNINGAR = [
  "sjukpenning",
  "sjuk_och_aktivitetsersattning",
  "arbetsloshetsersattning",
  "aktivitetsstod",
  "etableringsersattning",
  "ekonomiskt_bistand",
];
/** The brief's plausible national ranges, billion kronor per year (written by hand). */
const RANGES: Record<string, [number, number]> = {
  sjukpenning: [30, 40],
  sjuk_och_aktivitetsersattning: [35, 45],
  arbetsloshetsersattning: [10, 15],
  aktivitetsstod: [8, 12],
  etableringsersattning: [2, 6],
  ekonomiskt_bistand: [10, 12],
};

const read = (file: string) => fs.readFileSync(file, "utf8");
const lines = (text: string) => text.slice(0, -1).split("\n"); // files end with exactly one LF

/** Real folkmängd per kommun and year, read by plain splitting. */
function realTotals(): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of lines(read(path.join(REFERENCE_DIR, "befolkning", "folkmangd_kommun_1968_2025_long_merged.csv"))).slice(1)) {
    const [kod, , , ar, folkmangd] = line.split(",");
    m.set(`${kod}|${ar}`, Number(folkmangd));
  }
  return m;
}

/** SCB 2019 cells for one kommun name: key "alder|K/M" → persons. */
function scbCells(name: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of lines(read(path.join(REFERENCE_DIR, "befolkning", "SCB_alderkon_2019.csv"))).slice(1)) {
    const [region, alder, kon, n] = line.split(",").map((f) => f.replace(/^"|"$/g, ""));
    if (region === name) m.set(`${alder}|${kon === "kvinnor" ? "K" : "M"}`, Number(n));
  }
  return m;
}

interface Pop {
  rows: string[][];
}
const population = new Map<number, Pop>();
const payouts = new Map<number, string[][]>();
const hek = new Map<number, string[][]>();

beforeAll(() => {
  for (const y of POP_YEARS) {
    population.set(y, { rows: lines(read(path.join(DEMO_DIR, `befolkning_${y}.csv`))).slice(1).map((l) => l.split(",")) });
  }
  for (const y of PAYOUT_YEARS) {
    payouts.set(y, lines(read(path.join(DEMO_DIR, `utbetalningar_${y}.csv`))).slice(1).map((l) => l.split(",")));
    hek.set(y, lines(read(path.join(DEMO_DIR, `helarsekvivalenter_${y}.csv`))).slice(1).map((l) => l.split(",")));
  }
});

describe("helpers", () => {
  it("largest remainder: hand-computed cases sum exactly to the total", () => {
    // 7 × (5,3,2)/10 = 3.5, 2.1, 1.4 → floors 3,2,1 (6); the one left goes to the largest remainder (.5)
    expect(largestRemainder([5, 3, 2], 7)).toEqual([4, 2, 1]);
    // ties go to the lower index
    expect(largestRemainder([1, 1, 1], 2)).toEqual([1, 1, 0]);
    expect(largestRemainder([0, 4, 6], 10)).toEqual([0, 4, 6]);
    expect(largestRemainder([10, 20, 30], 6)).toEqual([1, 2, 3]);
    // 46,786 persons in cells of 2019 scaled to 47,184 must still sum to 47,184
    const w = [12000, 20000, 14786];
    const r = largestRemainder(w, 47184);
    expect(r.reduce((a, b) => a + b, 0)).toBe(47184);
  });

  it("formats öre without float text", () => {
    expect(formatOre(0)).toBe("0.00");
    expect(formatOre(5)).toBe("0.05");
    expect(formatOre(123456789)).toBe("1234567.89");
    expect(formatOre(100)).toBe("1.00");
    expect(formatOre(4_012_345_678_901)).toBe("40123456789.01");
    expect(formatHundradelar(1)).toBe("0.01");
    expect(formatHundradelar(53502)).toBe("535.02");
    expect(formatHundradelar(120)).toBe("1.20");
  });

  it("mulberry32 and FNV-1a are the published algorithms", () => {
    // FNV-1a 32 of "a" is 0xe40c292c; of "" the offset basis 0x811c9dc5.
    expect(fnv1a("")).toBe(0x811c9dc5);
    expect(fnv1a("a")).toBe(0xe40c292c);
    const r = mulberry32(1);
    const first = [r(), r()];
    const again = mulberry32(1);
    expect([again(), again()]).toEqual(first);
    expect(first.every((u) => u >= 0 && u < 1)).toBe(true);
  });
});

describe("generator output is deterministic", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it("two runs --from 2020 --to 2020 are byte-identical, and equal the committed files", () => {
    const a = fs.mkdtempSync(path.join(os.tmpdir(), "demo-a-"));
    const b = fs.mkdtempSync(path.join(os.tmpdir(), "demo-b-"));
    dirs.push(a, b);
    generateDemoData({ out: a, from: 2020, to: 2020 });
    expect(main(["--out", b, "--from", "2020", "--to", "2020"])).toBe(0);
    const names = fs.readdirSync(a).sort();
    expect(names).toEqual([
      "DEMODATA.md",
      "befolkning_2019.csv",
      "befolkning_2020.csv",
      "helarsekvivalenter_2020.csv",
      "utbetalningar_2020.csv",
    ]);
    // The CLI also writes the SUS-style insatser export into <out>/sus (test/demo/sus.test.ts).
    expect(fs.readdirSync(b).sort()).toEqual([...names, "sus"].sort());
    for (const n of names) {
      expect(fs.readFileSync(path.join(b, n)).equals(fs.readFileSync(path.join(a, n))), n).toBe(true);
    }
    // A subset run writes the same bytes for its years as the full run committed in data/demo.
    for (const n of names.filter((n) => n.endsWith(".csv"))) {
      expect(fs.readFileSync(path.join(a, n)).equals(fs.readFileSync(path.join(DEMO_DIR, n))), n).toBe(true);
    }
  });

  it("rejects bad arguments", () => {
    expect(() => parseArgs(["--from"])).toThrow(/needs a value/);
    expect(() => parseArgs(["--from", "20x0"])).toThrow(/expected a year/);
    expect(() => parseArgs(["--bogus"])).toThrow(/unknown argument/);
    expect(() => generateDemoData({ out: os.tmpdir(), from: 2013 })).toThrow(/2014–2025/);
    expect(() => generateDemoData({ out: os.tmpdir(), from: 2021, to: 2020 })).toThrow(/after/);
  });
});

describe("committed data/demo files", () => {
  it("exist for every year, with exact headers, UTF-8 without BOM, LF only", () => {
    const expected = [
      "DEMODATA.md",
      ...POP_YEARS.map((y) => `befolkning_${y}.csv`),
      ...PAYOUT_YEARS.map((y) => `utbetalningar_${y}.csv`),
      ...PAYOUT_YEARS.map((y) => `helarsekvivalenter_${y}.csv`),
    ].sort();
    expect(fs.readdirSync(DEMO_DIR).filter((n) => n !== "sus").sort()).toEqual(expected);
    for (const n of expected.filter((n) => n.endsWith(".csv"))) {
      const buf = fs.readFileSync(path.join(DEMO_DIR, n));
      expect(buf[0], n).not.toBe(0xef); // no BOM
      expect(buf.includes(0x0d), n).toBe(false); // no CR
      expect(buf[buf.length - 1], n).toBe(0x0a);
      const header = buf.subarray(0, buf.indexOf(0x0a)).toString("utf8");
      const expectedHeader = n.startsWith("befolkning")
        ? "kommunkod,datum,alder,kon,antal"
        : n.startsWith("utbetalningar")
          ? "kommunkod,period,ersattning,kon,belopp_kr"
          : "kommunkod,manad,ersattning,kon,helarsekvivalenter";
      expect(header, n).toBe(expectedHeader);
    }
    expect(BEFOLKNING_HEADER).toBe("kommunkod,datum,alder,kon,antal");
    expect(UTBETALNINGAR_HEADER).toBe("kommunkod,period,ersattning,kon,belopp_kr");
    expect(HELARSEKVIVALENTER_HEADER).toBe("kommunkod,manad,ersattning,kon,helarsekvivalenter");
  });

  it("DEMODATA.md says plainly, in Swedish and English, that the figures are synthetic", () => {
    const md = read(path.join(DEMO_DIR, "DEMODATA.md"));
    expect(md).toMatch(/demodata/i);
    expect(md).toMatch(/syntetiska/);
    expect(md).toMatch(/synthetic/);
    expect(md).toContain("npm run demo-data");
    expect(md).toContain("20140101"); // the seed
    expect(md).toContain("PROVENANCE-alder-kon-2019.md");
    // The helårsekvivalenter: synthetic, from the payouts, and the 20–64 vs all-ages approximation said out loud.
    expect(md).toContain("helarsekvivalenter_*.csv");
    expect(md).toMatch(/helårsekvivalenterna \(`helarsekvivalenter_\*\.csv`\) är \*\*syntetiska\*\*/);
    expect(md).toMatch(/\*\*20–64\*\*; the demo payouts cover \*\*all ages\*\*/);
    expect(md).toContain("noll_kan_vara_bortfall");
  });

  it("population rows: 290 kommuner × 101 ages × K/M, datum 31 December, 4-character codes", () => {
    for (const y of POP_YEARS) {
      const rows = population.get(y)!.rows;
      expect(rows.length).toBe(290 * 101 * 2);
      const kommuner = new Set<string>();
      for (const [kod, datum, alder, kon, antal] of rows) {
        kommuner.add(kod);
        if (!/^\d{4}$/.test(kod) || datum !== `${y}-12-31` || !/^\d+$/.test(antal) || (kon !== "K" && kon !== "M")) {
          throw new Error(`bad row in ${y}: ${kod},${datum},${alder},${kon},${antal}`);
        }
        const a = Number(alder);
        if (!(a >= 0 && a <= 100 && String(a) === alder)) throw new Error(`bad alder ${alder}`);
      }
      expect(kommuner.size).toBe(290);
    }
  });

  it("2019 population equals SCB's real cells (Upplands Väsby 0114, Bjurholm 2403, checked by hand)", () => {
    const rows = population.get(2019)!.rows;
    const sum = (kod: string, fran: number, till: number, kon?: string) =>
      rows
        .filter((r) => r[0] === kod && Number(r[2]) >= fran && Number(r[2]) <= till && (!kon || r[3] === kon))
        .reduce((s, r) => s + Number(r[4]), 0);
    // Hand-checked against data/reference/befolkning/SCB_alderkon_2019.csv with awk.
    expect(sum("0114", 0, 100)).toBe(46786);
    expect(sum("0114", 16, 64)).toBe(29482);
    expect(sum("2403", 0, 100)).toBe(2408);
    expect(sum("2403", 16, 64)).toBe(1299);
    expect(sum("2403", 16, 64, "K")).toBe(619);
    // Riket 2019 16–64 = 6,310,457 and total 10,327,589 (PROVENANCE-alder-kon-2019.md).
    let riket = 0;
    let riket1664 = 0;
    for (const r of rows) {
      riket += Number(r[4]);
      if (Number(r[2]) >= 16 && Number(r[2]) <= 64) riket1664 += Number(r[4]);
    }
    expect(riket).toBe(10327589);
    expect(riket1664).toBe(6310457);
    // Every single cell of two kommuner equals SCB's cell.
    for (const [kod, name] of [["0114", "Upplands Väsby"], ["2403", "Bjurholm"]]) {
      const scb = scbCells(name);
      expect(scb.size).toBe(202);
      for (const r of rows.filter((r) => r[0] === kod)) expect(Number(r[4])).toBe(scb.get(`${r[2]}|${r[3]}`));
    }
  });

  it("every kommun and year sums exactly to SCB's real total", () => {
    const real = realTotals();
    // By hand: Upplands Väsby 2013 = 41,449, 2020 = 47,184, 2025 = 50,495; Vännäs (2460) 2013 = 8,583.
    const hand: [string, number, number][] = [
      ["0114", 2013, 41449],
      ["0114", 2020, 47184],
      ["0114", 2025, 50495],
      ["2460", 2013, 8583],
    ];
    const sums = new Map<string, number>();
    for (const y of POP_YEARS) {
      for (const r of population.get(y)!.rows) sums.set(`${r[0]}|${y}`, (sums.get(`${r[0]}|${y}`) ?? 0) + Number(r[4]));
    }
    for (const [kod, y, n] of hand) expect(sums.get(`${kod}|${y}`)).toBe(n);
    expect(sums.size).toBe(290 * 13);
    for (const [key, n] of sums) if (n !== real.get(key)) throw new Error(`${key}: ${n} ≠ real ${real.get(key)}`);
  });

  it("payout rows: monthly periods, 11 rows per kommun and month, ekonomiskt_bistand only kon T, positive öre amounts", () => {
    for (const y of PAYOUT_YEARS) {
      const rows = payouts.get(y)!;
      expect(rows.length).toBe(290 * 12 * 11);
      const perKey = new Map<string, number>();
      for (const [kod, period, ersattning, kon, belopp] of rows) {
        if (!/^\d{4}$/.test(kod) || !/^\d{4}-(0[1-9]|1[0-2])$/.test(period) || !period.startsWith(`${y}-`)) {
          throw new Error(`bad row ${kod},${period}`);
        }
        if (!ERSATTNINGAR.includes(ersattning)) throw new Error(`bad ersattning ${ersattning}`);
        const expectedKon = ersattning === "ekonomiskt_bistand" ? ["T"] : ["K", "M"];
        if (!expectedKon.includes(kon)) throw new Error(`${ersattning} with kon ${kon}`);
        if (!/^\d+\.\d\d$/.test(belopp) || /^0\.00$/.test(belopp) || /^0\d/.test(belopp)) throw new Error(`bad belopp ${belopp}`);
        const key = `${kod}|${period}|${ersattning}|${kon}`;
        perKey.set(key, (perKey.get(key) ?? 0) + 1);
      }
      expect(perKey.size).toBe(rows.length); // no duplicates
    }
  });

  it("national payout per ersättning and year lies within the plausible ranges", () => {
    for (const y of PAYOUT_YEARS) {
      const ore = new Map<string, bigint>();
      for (const [, , e, , belopp] of payouts.get(y)!) ore.set(e, (ore.get(e) ?? 0n) + BigInt(belopp.replace(".", "")));
      for (const e of ERSATTNINGAR) {
        const mdkr = Number(ore.get(e)!) / 1e11;
        const [lo, hi] = RANGES[e];
        if (!(mdkr >= lo && mdkr <= hi)) throw new Error(`${e} ${y}: ${mdkr} billion kr outside ${lo}–${hi}`);
      }
    }
    // The targets themselves leave room for the ±1 % perturbation.
    for (const e of ERSATTNINGAR) {
      for (const v of NATIONAL_LEVELS_MDKR[e as keyof typeof NATIONAL_LEVELS_MDKR]) {
        expect(v * 0.99).toBeGreaterThanOrEqual(RANGES[e][0]);
        expect(v * 1.01).toBeLessThanOrEqual(RANGES[e][1]);
      }
    }
  });

  it("shapes: covid jump 2020, falling SA, etablering peak 2016–2018, winter sjukpenning, women's shares", () => {
    const total = (y: number, e: string, filter: (r: string[]) => boolean = () => true) =>
      payouts
        .get(y)!
        .filter((r) => r[2] === e && filter(r))
        .reduce((s, r) => s + Number(r[4]), 0);
    expect(total(2020, "arbetsloshetsersattning")).toBeGreaterThan(1.3 * total(2019, "arbetsloshetsersattning"));
    expect(total(2020, "sjukpenning")).toBeGreaterThan(total(2019, "sjukpenning"));
    expect(total(2025, "sjuk_och_aktivitetsersattning")).toBeLessThan(total(2014, "sjuk_och_aktivitetsersattning"));
    const etab = PAYOUT_YEARS.map((y) => total(y, "etableringsersattning"));
    const peakYear = PAYOUT_YEARS[etab.indexOf(Math.max(...etab))];
    expect(peakYear).toBeGreaterThanOrEqual(2016);
    expect(peakYear).toBeLessThanOrEqual(2018);
    const month = (y: number, e: string, m: string) => total(y, e, (r) => r[1] === `${y}-${m}`);
    expect(month(2019, "sjukpenning", "02")).toBeGreaterThan(1.15 * month(2019, "sjukpenning", "07"));
    const eb = ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"].map((m) => month(2019, "ekonomiskt_bistand", m));
    expect(Math.max(...eb) / Math.min(...eb)).toBeLessThan(1.1);
    const women = (e: string) => total(2019, e, (r) => r[3] === "K") / total(2019, e);
    expect(women("sjukpenning")).toBeCloseTo(0.63, 1);
    expect(women("sjuk_och_aktivitetsersattning")).toBeCloseTo(0.57, 1);
    expect(women("arbetsloshetsersattning")).toBeCloseTo(0.47, 1);
    expect(women("aktivitetsstod")).toBeCloseTo(0.45, 1);
    expect(women("etableringsersattning")).toBeCloseTo(0.5, 1);
  });

  it("a-kassa per inhabitant 16–64 follows SCB's real unemployment rate (Stockholm vs Malmö 2022)", () => {
    // SCB 20–64 rates 2022, read from the reference file.
    const rates = new Map<string, number>();
    for (const line of lines(read(path.join(REFERENCE_DIR, "arbetsloshet", "arbetsloshet_20_64_kommun_2020_2024.csv")))) {
      const [kod, , , ar, rate] = line.split(",");
      if (ar === "2022") rates.set(kod, Number(rate));
    }
    const pop1664 = (kod: string, y: number) =>
      population
        .get(y)!
        .rows.filter((r) => r[0] === kod && Number(r[2]) >= 16 && Number(r[2]) <= 64)
        .reduce((s, r) => s + Number(r[4]), 0);
    const perCapita = (kod: string) => {
      const akassa = payouts
        .get(2022)!
        .filter((r) => r[0] === kod && r[2] === "arbetsloshetsersattning")
        .reduce((s, r) => s + Number(r[4]), 0);
      return akassa / ((pop1664(kod, 2021) + pop1664(kod, 2022)) / 2);
    };
    const ratio = perCapita("1280") / perCapita("0180");
    const expected = rates.get("1280")! / rates.get("0180")!;
    expect(Math.abs(ratio / expected - 1)).toBeLessThan(0.05);
  });
  it("helårsekvivalenter rows follow the payout rows: K and M for every ersättning (ekonomiskt bistånd's T split), positive, two decimals", () => {
    for (const y of PAYOUT_YEARS) {
      const rows = hek.get(y)!;
      // Payout key order, with a T row (ekonomiskt bistånd) replaced by its K and M rows.
      const expectedKeys = payouts
        .get(y)!
        .flatMap(([kod, period, e, kon]) => (kon === "T" ? ["K", "M"] : [kon]).map((k) => `${kod}|${period}|${e}|${k}`));
      expect(rows.map(([kod, manad, e, kon]) => `${kod}|${manad}|${e}|${kon}`)).toEqual(expectedKeys);
      expect(rows.length).toBe(290 * 12 * 12);
      for (const r of rows) {
        if (r.length !== 5 || !/^\d+\.\d\d$/.test(r[4]) || /^0\d/.test(r[4]) || Number(r[4]) <= 0) {
          throw new Error(`bad helårsekvivalenter row in ${y}: ${r.join(",")}`);
        }
      }
    }
    // Ekonomiskt bistånd's kvinnor share of the split (0.48 ± 0.02 per kommun, written down in DEMODATA.md).
    const eb = hek.get(2024)!.filter((r) => r[2] === "ekonomiskt_bistand");
    const women = eb.filter((r) => r[3] === "K").reduce((a, r) => a + Number(r[4]), 0) / eb.reduce((a, r) => a + Number(r[4]), 0);
    expect(women).toBeGreaterThan(0.45);
    expect(women).toBeLessThan(0.51);
  });

  it("kronor per helårsekvivalent and year, computed from the files, lies within 150–250 tkr (a few kommuner, every year)", () => {
    // Stockholm, Upplands Väsby, Malmö, Bjurholm (small), Kiruna, Haparanda (small).
    const kommuner = ["0180", "0114", "1280", "2403", "2584", "2583"];
    const kronor = new Map<string, number>();
    const personYears = new Map<string, number>();
    const add = (m: Map<string, number>, key: string, v: number) => m.set(key, (m.get(key) ?? 0) + v);
    for (const y of PAYOUT_YEARS) {
      for (const [kod, , e, kon, belopp] of payouts.get(y)!) {
        if (!kommuner.includes(kod)) continue;
        add(kronor, `${kod}|${y}|${e}|${kon}`, Number(belopp)); // kon as given: K, M, or T
        if (kon !== "T") add(kronor, `${kod}|${y}|${e}|T`, Number(belopp)); // K + M
        add(kronor, `${kod}|${y}|alla ersättningar|T`, Number(belopp));
      }
      // Monthly helårsekvivalenter: the year's person-years are the mean of the 12 months.
      for (const [kod, , e, kon, h] of hek.get(y)!) {
        if (!kommuner.includes(kod)) continue;
        add(personYears, `${kod}|${y}|${e}|${kon}`, Number(h) / 12);
        add(personYears, `${kod}|${y}|${e}|T`, Number(h) / 12);
        add(personYears, `${kod}|${y}|alla ersättningar|T`, Number(h) / 12);
      }
    }
    // Every kön with a payout: K and M for five ersättningar, T for all six and all together.
    const keys = [...kronor.keys()];
    expect(keys.length).toBe(kommuner.length * PAYOUT_YEARS.length * (5 * 3 + 1 + 1));
    const tkr = (key: string) => kronor.get(key)! / personYears.get(key)! / 1000;
    for (const key of keys) {
      const v = tkr(key);
      if (!(v >= 150 && v <= 250)) throw new Error(`${key}: ${v.toFixed(1)} tkr per helårsekvivalent, outside 150–250`);
    }
    // Income-related benefits cost more per person-year than the flat or means-tested ones; men's more than women's.
    for (const kod of kommuner) {
      expect(tkr(`${kod}|2024|sjukpenning|T`)).toBeGreaterThan(tkr(`${kod}|2024|aktivitetsstod|T`));
      expect(tkr(`${kod}|2024|sjuk_och_aktivitetsersattning|T`)).toBeGreaterThan(tkr(`${kod}|2024|ekonomiskt_bistand|T`));
      expect(tkr(`${kod}|2024|sjukpenning|M`)).toBeGreaterThan(tkr(`${kod}|2024|sjukpenning|K`));
    }
  });

  it("riket: helårsekvivalenter 20–64 as a share of the 20–64 population is in SCB's real range (about 11–14 %)", () => {
    const pop2064 = (y: number) =>
      population
        .get(y)!
        .rows.filter((r) => Number(r[2]) >= 20 && Number(r[2]) <= 64)
        .reduce((s, r) => s + Number(r[4]), 0);
    for (const y of [2014, 2019, 2024]) {
      const personYears = hek.get(y)!.reduce((s, r) => s + Number(r[4]), 0) / 12;
      const andel = personYears / ((pop2064(y - 1) + pop2064(y)) / 2);
      if (!(andel >= 0.105 && andel <= 0.14)) throw new Error(`${y}: riket andel ${(100 * andel).toFixed(2)} % outside 10.5–14 %`);
    }
  });
});
