// The text alternatives of the charts (src/components/diagram.js): the one-sentence summaries per kind of chart, the
// table behind "Visa som tabell", and the spreading of end-of-line labels. Expected strings are written by hand:
// U+00A0 before units, U+2212 for minus (format.js).
import { describe, expect, it } from "vitest";
import { delarText, kortNamn, spridEtiketter, tidsserieTabell, tidsserieText, ytterText } from "../../src/components/diagram.js";
import { formatNumber, formatPercent } from "../../src/components/format.js";

const kr = (s: string) => s.replace(/ kr/g, "\u00a0kr");
const serie = (namn: string, varden: [string, number | null][]) => ({ namn, punkter: varden.map(([period, varde]) => ({ period, varde })) });

describe("tidsserieText", () => {
  const flen = serie("Flen", [
    ["2014H1", 51.08],
    ["2016H2", 55.2],
    ["2020H1", 50.0],
    ["2025H2", 48.78],
  ]);

  it("säger första och sista värdet, riktningen och högsta och lägsta (issue #11:s exempel)", () => {
    expect(tidsserieText([flen], { matt: "Försörjningsmåttet" })).toBe(
      kr("Försörjningsmåttet i Flen sjönk från 51,08 kr till 48,78 kr mellan 1:a halvåret 2014 och 2:a halvåret 2025 (högst 55,20 kr 2:a halvåret 2016, lägst 48,78 kr 2:a halvåret 2025)."),
    );
  });

  it("steg, i stort sett oförändrat, ett enda värde, år som perioder", () => {
    expect(tidsserieText([serie("Riket", [["2019", 40], ["2024", 44.5]])], { matt: "Sjukpenning" })).toBe(
      kr("Sjukpenning i riket steg från 40,00 kr till 44,50 kr mellan 2019 och 2024."),
    );
    expect(tidsserieText([serie("Flen", [["2024H1", 50], ["2024H2", 50.1], ["2025H1", 50.001]])], { matt: "Totalt" })).toMatch(
      /^Totalt i Flen var i stort sett oförändrat, från 50,00\u00a0kr till 50,00\u00a0kr mellan /,
    );
    expect(tidsserieText([serie("Flen", [["2025H1", 12.3]])], { matt: "Aktivitetsstöd" })).toBe(kr("Aktivitetsstöd i Flen var 12,30 kr 1:a halvåret 2025."));
    expect(tidsserieText([serie("Flen", [["2025H1", null]])], { matt: "Aktivitetsstöd" })).toBe("Aktivitetsstöd: inga värden att visa.");
  });

  it("jämför med upp till tre andra serier, med riket i gemener", () => {
    const text = tidsserieText([flen, serie("Södermanlands län", [["2014H1", 50.1], ["2025H2", 47.3]]), serie("Riket", [["2014H1", 45], ["2025H2", 41.2]])], {
      matt: "Försörjningsmåttet",
    });
    expect(text).toMatch(/\. Som jämförelse: Södermanlands län från 50,10\u00a0kr till 47,30\u00a0kr, riket från 45,00\u00a0kr till 41,20\u00a0kr\.$/);
  });

  it("med fler än tre andra serier: vilken som låg högst och lägst den sista perioden", () => {
    const medlemmar = ["A", "B", "C", "D"].map((n, i) => serie(n, [["2025H1", 40 + i], ["2025H2", 50 - i * 3]]));
    expect(tidsserieText([serie("Förbundet", [["2025H1", 45], ["2025H2", 46]]), ...medlemmar], { matt: "Försörjningsmåttet" })).toMatch(
      /Av de 4 övriga linjerna låg A högst \(50,00\u00a0kr\) och D lägst \(41,00\u00a0kr\) 2:a halvåret 2025\.$/,
    );
  });

  it("egen formulering av subjektet och egna talformat (procent, index)", () => {
    const kon = tidsserieText([serie("Kvinnor", [["2024H1", 10], ["2025H1", 11]])], { subjekt: (n: string) => `Ohälsa för ${n.toLowerCase()} i Flen` });
    expect(kon).toBe(kr("Ohälsa för kvinnor i Flen steg från 10,00 kr till 11,00 kr mellan 1:a halvåret 2024 och 1:a halvåret 2025."));
    const andel = tidsserieText([serie("Flen", [["2024", 2.5], ["2025", 2.25]])], { subjekt: (n: string) => `Andelen i ${n}`, fmt: (v: number) => formatPercent(v, 2) });
    expect(andel).toBe("Andelen i Flen sjönk från 2,50\u00a0% till 2,25\u00a0% mellan 2024 och 2025.");
    const index = tidsserieText([serie("Riket", [["2014H1", 100], ["2025H2", 87.4]])], { matt: "Totalt (index)", fmt: (v: number) => formatNumber(v, 1) });
    expect(index).toBe("Totalt (index) i riket sjönk från 100,0 till 87,4 mellan 1:a halvåret 2014 och 2:a halvåret 2025.");
  });
});

describe("delarText och ytterText", () => {
  it("största och minsta delen av en stapel", () => {
    const delar = [
      { namn: "Sjukpenning", varde: 8.1 },
      { namn: "Ekonomiskt bistånd", varde: 15.2 },
      { namn: "Etableringsersättning", varde: 0.4 },
      { namn: "A-kassa", varde: null },
    ];
    expect(delarText(delar, { period: "2025H2", helhet: 48.78, vad: "försörjningsmåttet i Flen" })).toBe(
      kr("2:a halvåret 2025 var ekonomiskt bistånd den största delen av försörjningsmåttet i Flen, 15,20 kr av 48,78 kr, och etableringsersättning den minsta, 0,40 kr."),
    );
    expect(delarText([{ namn: "Sjukpenning", varde: 3 }], { vad: "totalen" })).toBe(kr("Sjukpenning den största delen av totalen, 3,00 kr."));
    expect(delarText([], { period: "2025" })).toBe("Inga värden 2025.");
  });

  it("högst och lägst bland områden, med antalet med värde", () => {
    const poster = [
      { namn: "Tibro", varde: 85.71 },
      { namn: "Värmdö", varde: 22.11 },
      { namn: "Flen", varde: 48.78 },
      { namn: "Ödeshög", varde: null },
    ];
    expect(ytterText(poster, { vad: "kommuner" })).toBe(kr("Högst: Tibro, 85,71 kr; lägst: Värmdö, 22,11 kr (3 kommuner med värde)."));
    expect(ytterText(poster.slice(0, 1))).toBe(kr("Tibro: 85,71 kr."));
    expect(ytterText([])).toBe("Inga värden.");
    expect(ytterText(poster.slice(0, 2), { inledning: "Kvinnor och män: ", fmt: (v: number) => formatPercent(v, 1) })).toBe(
      "Kvinnor och män: högst: Tibro, 85,7\u00a0%; lägst: Värmdö, 22,1\u00a0%.",
    );
  });
});

describe("tidsserieTabell", () => {
  it("en rad per period (senaste först), en kolumn per serie, tomt där en serie saknar värde", () => {
    const { rader, kolumner } = tidsserieTabell(
      [serie("Flen", [["2024H2", 50], ["2025H1", 49]]), serie("Riket", [["2025H1", 41], ["2025H2", 40]])],
      { periodRubrik: "Halvår" },
    );
    expect(kolumner.map((k) => k.label)).toEqual(["Halvår", "Flen", "Riket"]);
    expect(rader).toEqual([
      { period: "2025H2", s0: null, s1: 40 },
      { period: "2025H1", s0: 49, s1: 41 },
      { period: "2024H2", s0: 50, s1: null },
    ]);
    expect(kolumner[1].text!(49)).toBe("49,00\u00a0kr");
    expect(kolumner[1].text!(null)).toBe("–");
  });
});

describe("spridEtiketter", () => {
  it("flyttar inget som inte krockar", () => {
    expect(spridEtiketter([10, 40, 100], { avstand: 12 })).toEqual([10, 40, 100]);
  });
  it("sprider etiketter som ligger tätt runt deras medelläge, i samma ordning", () => {
    const ut = spridEtiketter([100, 102, 101], { avstand: 12 });
    const sorterade = [...ut].sort((a, b) => a - b);
    for (let i = 1; i < sorterade.length; i++) expect(sorterade[i] - sorterade[i - 1]).toBeGreaterThanOrEqual(12 - 1e-9);
    expect((ut[0] + ut[1] + ut[2]) / 3).toBeCloseTo(101, 6);
    expect(ut[0]).toBeLessThan(ut[2]);
    expect(ut[2]).toBeLessThan(ut[1]);
  });
  it("håller sig inom gränserna", () => {
    const ut = spridEtiketter([0, 1, 2, 3], { avstand: 10, min: 5, max: 200 });
    expect(ut).toEqual([5, 15, 25, 35]);
    const ner = spridEtiketter([198, 199], { avstand: 10, min: 0, max: 200 });
    expect(ner).toEqual([190, 200]);
    expect(spridEtiketter([])).toEqual([]);
  });
});

describe("kortNamn", () => {
  it("kortar långa namn med en ellips", () => {
    expect(kortNamn("Flen")).toBe("Flen");
    expect(kortNamn("Samordningsförbundet RAR i Södermanland")).toBe("Samordningsförbundet…");
    expect(kortNamn("Samordningsförbundet RAR i Södermanland", 30).length).toBeLessThanOrEqual(30);
  });
});
