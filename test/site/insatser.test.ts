// The insats pages' pure parts: the Uppsala model's arithmetic (src/components/nytta.js), the words and numbers with
// ".." (src/components/insatstext.js) and the page addresses (src/data/insats-adress.ts), against hand-computed values.
import { describe, expect, it } from "vitest";
import { insatsAdresser, vikAdress } from "../../src/data/insats-adress.ts";
import { nyttaBerakning } from "../../src/components/nytta.js";
import {
  formatAndel, formatAntal, formatArspann, formatUtfall, individdataText, insatsCsv, kallaText, sorteraRader, tackningText,
} from "../../src/components/insatstext.js";

describe("nyttaBerakning (Uppsalamodellen)", () => {
  it("S 160 000, T 1, 3 persons, kostnad 600 000: nytta 480 000, netto −120 000, break-even 3,75, nyttokvot 0,8", () => {
    const r = nyttaBerakning({ antal: 3, schablon: 160_000, ar: 1, kostnad: 600_000 });
    expect(r.nytta).toBe(480_000);
    expect(r.netto).toBe(-120_000);
    expect(r.breakEven).toBe(3.75);
    expect(r.nyttokvot).toBe(0.8);
    expect(r.medelSchablon).toBe(160_000);
  });

  it("scales with T: two years double the nytta and halve the break-even", () => {
    const r = nyttaBerakning({ antal: 3, schablon: 160_000, ar: 2, kostnad: 600_000 });
    expect([r.nytta, r.netto, r.breakEven, r.nyttokvot]).toEqual([960_000, 360_000, 1.875, 1.6]);
  });

  it("weights by the kommuners schablon: Σ S 480 000 over 3, plus the user's 162 000 for 1 without one", () => {
    // Σ S = 480 000 + 162 000 = 642 000 over 4 persons; mean S 160 500; break-even 600 000 / 160 500 = 3.738…
    const r = nyttaBerakning({ antal: 4, schablon: 162_000, ar: 1, kostnad: 600_000, lage: "kommun", summaKommunschablon: 480_000, utanKommunschablon: 1 });
    expect(r.nytta).toBe(642_000);
    expect(r.netto).toBe(42_000);
    expect(r.medelSchablon).toBe(160_500);
    expect(r.breakEven).toBeCloseTo(600_000 / 160_500, 12);
    expect(r.nyttokvot).toBeCloseTo(1.07, 12);
  });

  it("has no netto, break-even or quotient without a cost, and no quotient for a cost of 0", () => {
    expect(nyttaBerakning({ antal: 5, schablon: 100_000, ar: 1, kostnad: null })).toMatchObject({ nytta: 500_000, netto: null, breakEven: null, nyttokvot: null });
    expect(nyttaBerakning({ antal: 5, schablon: 100_000, ar: 1, kostnad: 0 })).toMatchObject({ netto: 500_000, breakEven: 0, nyttokvot: null });
    expect(nyttaBerakning({ antal: 5, schablon: 100_000, ar: 0, kostnad: 10 })).toMatchObject({ nytta: 0, breakEven: null });
    expect(nyttaBerakning({ antal: "..", schablon: 100_000, ar: 1, kostnad: 10 }).nytta).toBe(null);
  });
});

describe("insatstext", () => {
  it.each([
    [12, "12"],
    [1234, "1\u00a0234"],
    [0, "0"],
    ["..", ".."],
    [null, "–"],
  ])("formatAntal(%j) = %j", (v, text) => expect(formatAntal(v)).toBe(text));

  it("writes an outcome as share (n av N), with .. where suppressed", () => {
    expect(formatAndel(0.381)).toBe("38\u00a0%");
    expect(formatUtfall({ andel_arbete_eller_studier: 68 / 179, till_arbete_eller_studier: 68, avslutade_med_uppgift: 179 })).toBe("38\u00a0% (68 av 179)");
    expect(formatUtfall({ andel_arbete_eller_studier: "..", till_arbete_eller_studier: "..", avslutade_med_uppgift: 6 })).toBe(".. (.. av 6)");
    expect(formatUtfall({ andel_arbete_eller_studier: null, till_arbete_eller_studier: 0, avslutade_med_uppgift: 0 })).toBe("–");
  });

  it("states coverage as the issue asks: utfall finns för 212 av 260 deltagare; 48 anonyma", () => {
    expect(tackningText({ deltagare_med_personuppgifter: 212, deltagare_under_perioden: 260, anonyma: 48 })).toBe("Utfall finns för 212 av 260 deltagare; 48 anonyma.");
    expect(tackningText({ deltagare_med_personuppgifter: 99, deltagare_under_perioden: "..", anonyma: ".." })).toBe("Utfall finns för 99 av .. deltagare; .. anonyma.");
  });

  it("says which years have individual data and which only Uppföljning Finsam's counts", () => {
    expect(formatArspann([2019, 2020, 2021, 2023, 2025, 2024])).toBe("2019–2021 och 2023–2025");
    expect(individdataText([2019, 2020, 2021, 2022], [2023, 2024, 2025])).toBe(
      "Individdata finns för 2019–2022; för 2023–2025 finns bara antal från Uppföljning Finsam (inga utfall).",
    );
    expect(individdataText([2019, 2020], [])).toBe("Individdata finns för 2019–2020.");
    expect(individdataText([], [2024])).toBe("Inga individdata (utfall) finns; för 2024 finns bara antal från Uppföljning Finsam (inga utfall).");
  });

  it("names the source files with their dates, and demo data", () => {
    expect(kallaText([{ fil: "sus/a.xlsx", hamtad: "2025-11-30" }, { fil: "b.csv", hamtad: null }], true)).toBe(
      "Källa: SUS-export och förbundets egna filer: sus/a.xlsx (hämtad 2025-11-30), b.csv (hämtdatum okänt). Demodata: påhittade insatser och deltagare.",
    );
  });

  it("sorts numbers largest first on request, with .. and missing last in either order", () => {
    const rader = [{ n: 5 }, { n: ".." }, { n: 20 }, { n: null }, { n: 0 }];
    const k = [{ key: "n", label: "N", format: "antal" }];
    expect(sorteraRader(rader, k, { key: "n", riktning: "fallande" }).map((r) => r.n)).toEqual([20, 5, 0, "..", null]);
    expect(sorteraRader(rader, k, { key: "n", riktning: "stigande" }).map((r) => r.n)).toEqual([0, 5, 20, "..", null]);
  });

  it("writes .. as .. in the CSV, shares in percent with a decimal comma, missing as an empty field", () => {
    const csv = insatsCsv(
      [
        { namn: "Steget", n: 12, andel: 0.381, kr: 40000.4 },
        { namn: "Pilot; liten", n: "..", andel: "..", kr: null },
      ],
      [
        { key: "namn", label: "Insats", format: "text" },
        { key: "n", label: "Till arbete/studier", format: "antal" },
        { key: "andel", label: "Andel", format: "andel" },
        { key: "kr", label: "Kostnad per deltagare", format: "kr" },
      ],
    );
    expect(csv).toBe("\ufeffInsats;Till arbete/studier;Andel, %;Kostnad per deltagare, kr\r\nSteget;12;38,1;40000\r\n\"Pilot; liten\";..;..;\r\n");
  });
});

describe("insats-adress", () => {
  it("folds to ASCII, lower case, one dash for every run of other characters", () => {
    expect(vikAdress("RAR113")).toBe("rar113");
    expect(vikAdress("Umeå – Steg 2/Ö")).toBe("umea-steg-2-o");
    expect(vikAdress("  --  ")).toBe("");
  });

  it("gives clashing ids (and an id with nothing left) a SHA-256 suffix, the others their plain address", () => {
    const a = insatsAdresser(["RAR 113", "rar-113", "BLE101", "§§"]);
    expect(a.get("BLE101")).toBe("ble101");
    expect(a.get("RAR 113")).toMatch(/^rar-113-[0-9a-f]{8}$/);
    expect(a.get("rar-113")).toMatch(/^rar-113-[0-9a-f]{8}$/);
    expect(a.get("RAR 113")).not.toBe(a.get("rar-113"));
    expect(a.get("§§")).toMatch(/^insats-[0-9a-f]{8}$/);
    // the same id always gets the same address, whatever the order
    expect(insatsAdresser(["rar-113", "§§", "BLE101", "RAR 113"])).toEqual(a);
  });

  it("separates a suffixed address from another id's plain one that happens to equal it", () => {
    const a = insatsAdresser(["x y", "x-y"]);
    const krock = a.get("x y")!;
    const b = insatsAdresser(["x y", "x-y", krock]);
    expect(new Set(b.values()).size).toBe(3);
  });
});
