// The exact values of a table download (src/components/exakt.js): file names, which files a table needs, reading
// them, which columns are the measure, and the table rewritten with the exact values and their parts.
import { describe, expect, it } from "vitest";
import { behovdaFiler, filnamn, lasFil, measureSpecs, neededKeys, nyckel, periodFil, regionFil, withExactValues } from "../../src/components/exakt.js";
import { serieRader } from "../../src/components/serier.js";

const ERS = ["totalt", "ohalsa", "arbetsmarknad", "sjukpenning", "ekonomiskt_bistand"];

describe("file names", () => {
  it.each([
    ["0180", "0180"],
    ["2024H1", "2024!h1"],
    ["RAR", "!r!a!r"],
    ["rar", "rar"],
    ["Finsam Göteborg", "!finsam~20!g~c3~b6teborg"],
    ["a/b", "a~2fb"],
    ["", "~"],
  ])("%j → %j", (kod, expected) => {
    expect(filnamn(kod)).toBe(expected);
  });

  it("puts a region's kind of period and a period's ersättning in their own files", () => {
    expect(regionFil("kommun:0180", "halvar")).toBe("region/kommun/0180/halvar.json");
    expect(regionFil("forbund:Finsam Göteborg", "ar")).toBe("region/forbund/!finsam~20!g~c3~b6teborg/ar.json");
    expect(periodFil("2024H1", "ekonomiskt_bistand")).toBe("period/2024!h1/ekonomiskt_bistand.json");
  });
});

describe("behovdaFiler", () => {
  const k = (region: string, period = "2024H1", ersattning = "totalt", kon = "T") => ({ region, period, ersattning, kon });
  it("takes one file per region and kind of period for a time series", () => {
    expect(behovdaFiler([k("kommun:0380"), k("lan:03", "2023"), k("riket:00"), k("kommun:0380", "2023H2")])).toEqual([
      "region/kommun/0380/halvar.json",
      "region/lan/03/ar.json",
      "region/riket/00/halvar.json",
    ]);
  });
  it("takes the period file for many kommuner or län in one period and ersättning (kön T)", () => {
    const manga = ["0114", "0115", "0117", "0120", "0123", "0125"].map((kod) => k(`kommun:${kod}`, "2024H1", "ohalsa"));
    expect(behovdaFiler(manga)).toEqual(["period/2024!h1/ohalsa.json"]);
    expect(behovdaFiler(manga.map((x) => ({ ...x, kon: "K" })))).toHaveLength(6);
    expect(behovdaFiler([...manga, k("forbund:rar", "2024H1", "ohalsa")])).toHaveLength(7); // förbund are not in period files
    expect(behovdaFiler([])).toEqual([]);
  });
});

const REGIONFIL = {
  region: "kommun:0380",
  namn: "Uppsala",
  typ: "halvar",
  perioder: ["2024H1", "2024H2"],
  dagar: [182, 184],
  varden: {
    T: {
      totalt: { kr: [45.39778106853085, 43.028634860788785], belopp_kr: [1318901510.95, "1270713727.44"], befolkning: [159627, 160499], preliminar: [1] },
      sjukpenning: { kr: [10.123456789, null], belopp_kr: [294101234.5, null], befolkning: [159627, null], preliminar: [] },
    },
    K: { sjukpenning: { kr: [11.5, 12.25], belopp_kr: [100, 200], befolkning: [80000.25, 80100.75], preliminar: [] } },
  },
};
const LANFIL = {
  region: "lan:03",
  namn: "Uppsala län",
  typ: "halvar",
  perioder: ["2024H1", "2024H2"],
  dagar: [182, 184],
  varden: { T: { totalt: { kr: [43.468999444503524, 41.315009413616956], belopp_kr: [2004516573.56, 1934212735.27], befolkning: [253372, 254436], preliminar: [] } } },
};
const PERIODFIL = {
  period: "2024H1",
  dagar: 182,
  ersattning: "totalt",
  kon: "T",
  regioner: ["kommun:0380", "kommun:0381", "lan:03"],
  namn: ["Uppsala", "Enköping", "Uppsala län"],
  kr: [45.39778106853085, null, 43.468999444503524],
  belopp_kr: [1318901510.95, null, 2004516573.56],
  befolkning: [159627, null, 253372],
  preliminar: [0],
};

describe("lasFil", () => {
  it("reads region and period files into one lookup with names", () => {
    const { lookup, namn } = lasFil(REGIONFIL);
    lasFil(PERIODFIL, lookup, namn);
    expect(lookup.get(nyckel({ region: "kommun:0380", period: "2024H2", ersattning: "totalt", kon: "T" }))).toEqual({
      kr: 43.028634860788785,
      belopp_kr: "1270713727.44",
      befolkning: 160499,
      dagar: 184,
      preliminar: true,
    });
    expect(lookup.get(nyckel({ region: "kommun:0380", period: "2024H2", ersattning: "sjukpenning", kon: "T" }))).toBeUndefined();
    expect(lookup.get(nyckel({ region: "kommun:0380", period: "2024H1", ersattning: "totalt", kon: "T" }))!.preliminar).toBe(true);
    expect(lookup.get(nyckel({ region: "lan:03", period: "2024H1", ersattning: "totalt", kon: "T" }))!.dagar).toBe(182);
    expect(lookup.has(nyckel({ region: "kommun:0381", period: "2024H1", ersattning: "totalt", kon: "T" }))).toBe(false);
    expect(namn.get("lan:03")).toBe("Uppsala län");
  });
});

describe("measureSpecs and withExactValues", () => {
  const { lookup } = lasFil(REGIONFIL);
  lasFil(LANFIL, lookup);
  const omfattning = (ersattning: string) => (ersattning === "totalt" ? "6 av 6: …" : "");

  it("replaces the columns that name a region (kommun page) and appends each one's parts", () => {
    const rows = [
      { period: "2024H2", kommun: 43.03, lan: 41.32, preliminar: "nej", tidigare: null }, // preliminär: the exact flag wins
      { period: "2024H1", kommun: 45.4, lan: 43.47, preliminar: "nej", tidigare: 45.1 },
    ];
    const columns = [
      { key: "period", label: "Halvår", format: "text" },
      { key: "kommun", label: "Uppsala, kr per invånare och dag", format: "kr", matt: { region: "kommun:0380", ersattning: "totalt", kon: "T" } },
      { key: "lan", label: "Uppsala län, kr per invånare och dag", format: "kr", matt: { region: "lan:03", ersattning: "totalt", kon: "T" } },
      { key: "preliminar", label: "Preliminärt", format: "text", del: "preliminar", av: "kommun" },
      { key: "tidigare", label: "Före ändring", format: "kr" },
    ];
    const specs = measureSpecs(rows, columns, { ersattningar: ERS });
    expect(specs.matt.map((m) => m.column.key)).toEqual(["kommun", "lan"]);
    expect(neededKeys(rows, specs)).toHaveLength(4);
    const ut = withExactValues(rows, columns, specs, lookup, { band: "16–64 år", omfattning });
    expect(ut.columns.map((c) => c.label)).toEqual([
      "Halvår",
      "Uppsala, kr per invånare och dag",
      "Uppsala län, kr per invånare och dag",
      "Preliminärt",
      "Före ändring",
      "Uppsala: utbetalt belopp, kr",
      "Uppsala: befolkning 16–64 år",
      "Uppsala: ersättningar som ingår",
      "Uppsala län: utbetalt belopp, kr",
      "Uppsala län: befolkning 16–64 år",
      "Uppsala län: preliminärt",
      "Uppsala län: ersättningar som ingår",
      "Dagar",
    ]);
    const value = (row: object, i: number) => {
      const c = ut.columns[i] as { key: string; value?: (r: object) => unknown };
      return c.value ? c.value(row) : (row as Record<string, unknown>)[c.key];
    };
    expect(ut.columns.map((_, i) => value(ut.rows[0], i))).toEqual([
      "2024H2", 43.028634860788785, 41.315009413616956, "ja", null, "1270713727.44", 160499, "6 av 6: …", 1934212735.27, 254436, "nej", "6 av 6: …", 184,
    ]);
    expect(value(ut.rows[1], 3)).toBe("nej");
    expect(ut.used).toHaveLength(4);
  });

  it("stops when a page value is not the exact value rounded (a column naming the wrong value)", () => {
    const rows = [{ period: "2024H1", kommun: 43.47 }];
    const columns = [{ key: "kommun", label: "Uppsala", format: "kr", matt: { region: "kommun:0380", ersattning: "totalt" } }];
    expect(() => withExactValues(rows, columns, measureSpecs(rows, columns), lookup)).toThrow(/inte det exakta/);
    const saknas = [{ key: "kommun", label: "Uppsala", format: "kr", matt: { region: "kommun:9999", ersattning: "totalt" } }];
    expect(() => withExactValues(rows, saknas, measureSpecs(rows, saknas), lookup)).toThrow(/saknas bland de exakta/);
  });

  it("finds the measure in series rows by itself (start page, Översikt), parts of totalt included", () => {
    const serie = {
      typ: "kommun",
      kod: "0380",
      namn: "Uppsala",
      T: { totalt: [45.4, 43.03], sjukpenning: [10.12, null] },
      K: { sjukpenning: [11.5, 12.25] },
      belopp_kr: [1318901511, 1270713727],
      befolkning: [159627, 160499],
      preliminar: [0, 1],
    };
    const rows = serieRader(serie, ["2024H1", "2024H2"]);
    const columns = [
      { key: "period", label: "Halvår", format: "text" },
      { key: "totalt", label: "Totalt, kr per invånare 16–64 år och dag", format: "kr" },
      { key: "belopp_kr", label: "Utbetalt belopp, kr", format: "tal" },
      { key: "befolkning", label: "Befolkning 16–64 år", format: "tal" },
      { key: "sjukpenning", label: "Sjukpenning, kr per invånare och dag", format: "kr" },
      { key: "preliminar", label: "Preliminärt", format: "text", value: (r: { preliminar: boolean }) => (r.preliminar ? "ja" : "nej") },
    ];
    const specs = measureSpecs(rows, columns, { ersattningar: ERS });
    expect(specs.matt.map((m) => m.column.key)).toEqual(["totalt", "sjukpenning"]);
    expect(specs.delar.map((d) => d.del)).toEqual(["belopp_kr", "befolkning", "preliminar"]);
    const ut = withExactValues(rows, columns, specs, lookup, { band: "16–64 år", omfattning });
    expect(ut.columns.map((c) => c.label)).toEqual([
      "Halvår",
      "Totalt, kr per invånare 16–64 år och dag",
      "Utbetalt belopp, kr",
      "Befolkning 16–64 år",
      "Sjukpenning, kr per invånare och dag",
      "Preliminärt",
      "Totalt: ersättningar som ingår",
      "Sjukpenning: utbetalt belopp, kr",
      "Sjukpenning: befolkning 16–64 år",
      "Sjukpenning: preliminärt",
      "Dagar",
    ]);
    const v = (i: number, c: number) => (ut.columns[c] as { value: (r: object) => unknown }).value(ut.rows[i]);
    expect([v(0, 1), v(0, 2), v(0, 3), v(0, 4), v(0, 7), v(0, 10)]).toEqual([45.39778106853085, 1318901510.95, 159627, 10.123456789, 294101234.5, 182]);
    expect([v(1, 4), v(1, 7)]).toEqual([null, null]); // no value on the page, none in the download
    // Kön K: the same code reads kön K's values.
    const rowsK = serieRader(serie, ["2024H1", "2024H2"], { kon: "K" });
    const colsK = [columns[0], columns[4]];
    const utK = withExactValues(rowsK, colsK, measureSpecs(rowsK, colsK, { ersattningar: ERS }), lookup, { band: "16–64 år" });
    expect(utK.rows.map((r) => (utK.columns[1] as { value: (r: object) => unknown }).value(r))).toEqual([11.5, 12.25]);
    expect(utK.columns.map((c) => c.label)).toContain("Befolkning 16–64 år");
  });

  it("leaves a series column that is not the measure as it is (e.g. an index)", () => {
    const rows = [{ regionnyckel: "kommun:0380", period: "2024H1", totalt: 100 }];
    const columns = [{ key: "totalt", label: "Index", format: "kr" }];
    const ut = withExactValues(rows, columns, measureSpecs(rows, columns, { ersattningar: ERS }), lookup);
    expect(ut.columns).toEqual(columns);
    expect(ut.used).toEqual([]);
  });

  it("computes a derived column again from the exact values (Jämför's index)", () => {
    const rows = [{ regiontyp: "kommun", regionkod: "0380", period: "2024H2", ersattning: "totalt", nominellt: 43.029 }];
    const columns = [
      { key: "nominellt", label: "Kr", format: "tal", matt: (r: { regiontyp: string; regionkod: string }) => ({ region: `${r.regiontyp}:${r.regionkod}`, kon: "T" }) },
      { key: "index", label: "Index", format: "tal", av: "nominellt", omrakna: (_r: object, kr: number, hamta: (a: object) => number) => (kr / hamta({ period: "2024H1" })) * 100 },
    ];
    const ut = withExactValues(rows, columns, measureSpecs(rows, columns), lookup);
    const v = (c: number) => (ut.columns[c] as { value: (r: object) => unknown }).value(ut.rows[0]);
    expect(v(0)).toBe(43.028634860788785);
    expect(v(1)).toBe((43.028634860788785 / 45.39778106853085) * 100);
  });
});
