// The board report's generated text: the change of totalt split by ersättning adds up exactly to the change shown,
// on hand-computed cases (loaders/rapport/text.ts).
import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { forandring, haeText, largestRemainder, type Matt, medlemText, rapportText, riktning } from "../../loaders/rapport/text.ts";

const NAMN: Record<string, string> = {
  sjukpenning: "sjukpenning",
  sjuk_och_aktivitetsersattning: "sjuk- och aktivitetsersättning",
  etableringsersattning: "etableringsersättning",
  ekonomiskt_bistand: "ekonomiskt bistånd",
};
const ORDNING = ["sjukpenning", "sjuk_och_aktivitetsersattning", "etableringsersattning", "ekonomiskt_bistand"];
const sum = (xs: Decimal[]) => xs.reduce((a, b) => a.plus(b), new Decimal(0));
const nbsp = (s: string) => s.replace(/\u00a0/g, " ").replace(/\u2212/g, "-");

// 2025H1: 181 days, 1000 invånare → denominator 181 000. Totalt 9 050 000 = 50,00 kr: sjukpenning 20,00,
// sjuk- och aktivitetsersättning 15,00, ekonomiskt bistånd 15,00.
// 2024H1: 182 days (leap year) → 182 000. Totalt 9 464 000 = 52,00 kr: sjukpenning 22,00, the others 15,00 each.
const nu: Matt = {
  period: "2025H1", belopp_kr: "9050000.00", befolkning: "1000.00", dagar: 181,
  komponenter: { sjukpenning: "3620000.00", sjuk_och_aktivitetsersattning: "2715000.00", ekonomiskt_bistand: "2715000.00" },
};
const aretFore: Matt = {
  period: "2024H1", belopp_kr: "9464000.00", befolkning: "1000.00", dagar: 182,
  komponenter: { sjukpenning: "4004000.00", sjuk_och_aktivitetsersattning: "2730000.00", ekonomiskt_bistand: "2730000.00" },
};

describe("the change split by ersättning", () => {
  it("52,00 → 50,00 kr: −2,00 kr, all of it sjukpenning; the parts add up to the change", () => {
    const f = forandring(nu, aretFore, ORDNING);
    expect(f.kr.toFixed(2)).toBe("-2.00");
    expect(f.procent!.toFixed(4)).toBe("-3.8462");
    expect(f.komponenter.map((k) => [k.ersattning, k.kr.toFixed(2), k.iBada])).toEqual([
      ["sjukpenning", "-2.00", true],
      ["sjuk_och_aktivitetsersattning", "0.00", true],
      ["ekonomiskt_bistand", "0.00", true],
    ]);
    expect(sum(f.komponenter.map((k) => k.kr)).toFixed(2)).toBe(f.kr.toFixed(2));
  });

  it("three thirds of −1,00 kr are rounded −0,33, −0,33 and −0,34 (largest remainder), adding up to −1,00", () => {
    const d = (a: string, b: string, c: string, period: string): Matt => ({
      period, belopp_kr: String(Number(a) + Number(b) + Number(c)), befolkning: "3", dagar: 1,
      komponenter: { sjukpenning: a, sjuk_och_aktivitetsersattning: b, ekonomiskt_bistand: c },
    });
    const f = forandring(d("2", "2", "2", "2025"), d("3", "3", "3", "2024"), ORDNING);
    expect(f.kr.toFixed(2)).toBe("-1.00");
    expect(f.komponenter.map((k) => k.kr.toFixed(2))).toEqual(["-0.33", "-0.33", "-0.34"]);
    expect(sum(f.komponenter.map((k) => k.kr)).toFixed(2)).toBe("-1.00");
  });

  it("a member out of scope in one period counts as 0 there: 10 → 11 kr = sjukpenning −2 + etableringsersättning +3", () => {
    const fore: Matt = { period: "2024", belopp_kr: "10", befolkning: "1", dagar: 1, komponenter: { sjukpenning: "10" } };
    const nu2: Matt = { period: "2025", belopp_kr: "11", befolkning: "1", dagar: 1, komponenter: { sjukpenning: "8", etableringsersattning: "3" } };
    const f = forandring(nu2, fore, ORDNING);
    expect(f.komponenter.map((k) => [k.ersattning, k.kr.toFixed(2), k.iBada])).toEqual([
      ["sjukpenning", "-2.00", true],
      ["etableringsersattning", "3.00", false],
    ]);
    expect(f.kr.toFixed(2)).toBe("1.00");
    const t = rapportText({ region: "Flen", band: "16–64 år", nu: nu2, foregaende: fore, aretFore: fore, namn: (e) => NAMN[e], ordning: ORDNING });
    expect(nbsp(t.forandring!)).toBe("Försörjningsmåttet ökade med 1,00 kr (+10,0 %) jämfört med 2024, främst genom högre etableringsersättning (+3,00 kr), trots lägre sjukpenning (-2,00 kr).");
    expect(t.omfattning).toBe("Jämförelsen påverkas av att etableringsersättning bara ingår i underlaget för 2025.");
  });

  it("the change shown is the difference of the rounded values: 49,994 → 50,005 shows +0,02, split +0,01 + 0,01", () => {
    const m = (a: string, b: string, period: string): Matt => ({
      period, belopp_kr: new Decimal(a).plus(b).toString(), befolkning: "1", dagar: 1,
      komponenter: { sjukpenning: a, ekonomiskt_bistand: b },
    });
    const f = forandring(m("25.0025", "25.0025", "2025"), m("24.997", "24.997", "2024"), ORDNING);
    expect([f.nuAvrundat.toFixed(2), f.foreAvrundat.toFixed(2), f.kr.toFixed(2)]).toEqual(["50.01", "49.99", "0.02"]);
    expect(f.komponenter.map((k) => k.kr.toFixed(2))).toEqual(["0.01", "0.01"]);
  });

  it("largest remainder gives leftover units to the largest remainders, and takes them back when the floors overshoot", () => {
    const d = (...xs: string[]) => xs.map((x) => new Decimal(x));
    // floors 1, 1, 1 = 3 of 5: the two units go to 1.9 and 1.3
    expect(largestRemainder(d("1.2", "1.3", "1.9"), new Decimal(5)).map(Number)).toEqual([1, 2, 2]);
    // −0.3, −0.3 → floors −1, −1 = −2 of −1: one unit back to the first of the tied remainders
    expect(largestRemainder(d("-0.3", "-0.3"), new Decimal(-1)).map(Number)).toEqual([0, -1]);
    // 1.0, 1.0 → floors 2 of 1 (a total rounded the other way): one unit taken from the first smallest remainder
    expect(largestRemainder(d("1.0", "1.0"), new Decimal(1)).map(Number)).toEqual([0, 1]);
  });
});

describe("the sentences", () => {
  it("read like a board text, with the half-year before and a year earlier, and against län and riket", () => {
    const foregaende: Matt = { ...aretFore, period: "2024H2", dagar: 184, belopp_kr: "9568000.00", komponenter: {} }; // 52,00
    const t = rapportText({
      region: "Flen", band: "16–64 år", nu, foregaende, aretFore, namn: (e) => NAMN[e], ordning: ORDNING,
      lan: { namn: "Södermanlands län", kr: 55.2 }, riket: { kr: 48.1 },
    });
    expect(nbsp(t.huvudmening)).toBe("Försörjningsmåttet i Flen var 50,00 kr per invånare 16–64 år och dag under första halvåret 2025 (halvåret före 52,00; ett år tidigare 52,00).");
    expect(nbsp(t.forandring!)).toBe("Försörjningsmåttet minskade med 2,00 kr (-3,8 %) jämfört med första halvåret 2024, främst genom lägre sjukpenning (-2,00 kr).");
    expect(nbsp(t.jamforelse!)).toBe("Det är lägre än i Södermanlands län (55,20 kr) och högre än i riket (48,10 kr).");
    expect(t.omfattning).toBeNull();
  });

  it("say 'oförändrat' when the rounded values are equal, and leave the change out without a year earlier", () => {
    expect(rapportText({ region: "Flen", band: "16–64 år", nu, foregaende: null, aretFore: nu, namn: (e) => NAMN[e], ordning: ORDNING }).forandring)
      .toBe("Försörjningsmåttet var oförändrat jämfört med första halvåret 2025.");
    expect(rapportText({ region: "Flen", band: "16–64 år", nu, foregaende: null, aretFore: null, namn: (e) => NAMN[e], ordning: ORDNING }).forandring).toBeNull();
  });
});

describe("the members and helårsekvivalenter", () => {
  const d = (x: string) => new Decimal(x);
  it("name the highest and the lowest and count who rose, fell and stood still on the rounded values", () => {
    // Karlshamn 50,314 (a year earlier 50,78: −0,47 ned); Olofström 46,15 (44,88: +1,27 upp);
    // Karlskrona 39,9249 → 39,92 (39,9201 → 39,92: oförändrat although the exact value rose); Sölvesborg 31,844 (no value then).
    const t = medlemText(
      [
        { namn: "Olofström", nu: d("46.15"), aretFore: d("44.88") },
        { namn: "Sölvesborg", nu: d("31.844"), aretFore: null },
        { namn: "Karlshamn", nu: d("50.314"), aretFore: d("50.78") },
        { namn: "Karlskrona", nu: d("39.9249"), aretFore: d("39.9201") },
      ],
      "medlemskommunerna",
      "2024H1",
    );
    expect(nbsp(t!)).toBe(
      "Bland medlemskommunerna var försörjningsmåttet högst i Karlshamn (50,31 kr) och lägst i Sölvesborg (31,84 kr). " +
        "Jämfört med första halvåret 2024 ökade det i 1 av 3 kommuner, minskade i 1 och var oförändrat i 1. 1 kommun saknar jämförbart värde.",
    );
  });

  it("rank ties on the exact value by name, and say nothing with fewer than two members", () => {
    const t = medlemText([{ namn: "Ödeshög", nu: d("40"), aretFore: d("41") }, { namn: "Boxholm", nu: d("40"), aretFore: d("41") }], "länets kommuner", "2024");
    expect(nbsp(t!)).toBe("Bland länets kommuner var försörjningsmåttet högst i Boxholm (40,00 kr) och lägst i Ödeshög (40,00 kr). Jämfört med 2024 minskade det i 2 av 2 kommuner.");
    expect(medlemText([{ namn: "Flen", nu: d("40"), aretFore: null }], "medlemskommunerna", "2024")).toBeNull();
  });

  it("give the direction on the values a reader sees (rounded to öre)", () => {
    expect(riktning(d("10.004"), d("9.996"))).toBe("oforandrat");
    expect(riktning(d("10.005"), d("9.996"))).toBe("upp");
    expect(riktning(d("9.994"), d("9.996"))).toBe("ned");
  });

  it("give helårsekvivalenter as a share of 20–64 with a year earlier and riket, one decimal", () => {
    expect(nbsp(haeText({ period: "2025H1", andel: 0.10108, aretFore: 0.10074, riket: 0.11341, band: "20–64 år" })))
      .toBe("Helårsekvivalenterna motsvarade 10,1 % av befolkningen 20–64 år under första halvåret 2025 (ett år tidigare 10,1 %; riket 11,3 %).");
    expect(nbsp(haeText({ period: "2024", andel: 0.0865, aretFore: null, riket: null, band: "20–64 år" })))
      .toBe("Helårsekvivalenterna motsvarade 8,7 % av befolkningen 20–64 år under 2024.");
  });
});
