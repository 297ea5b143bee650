// CSV and Excel serialisation of the download buttons (src/components/csv.js), against hand-written expected output.
import { describe, expect, it } from "vitest";
import { csvNumber, csvText, fileSlug, toCsv, toSheetData } from "../../src/components/csv.js";

const COLUMNS = [
  { key: "period", label: "Halvår", format: "text" },
  { key: "namn", label: "Område", format: "text" },
  { key: "kr", label: "Kr per invånare och dag", format: "kr" },
  { key: "befolkning", label: "Befolkning 16–64 år", format: "tal" },
];

describe("csvNumber", () => {
  it.each([
    [52.3, "kr", "52,30"],
    [52.314, "kr", "52,31"],
    [-0.001, "kr", "0,00"],
    [-1.5, "kr", "-1,50"],
    [1234567, "tal", "1234567"],
    [0.25, "tal", "0,25"],
    [1e-7, "tal", "0,0000001"],
    [null, "kr", ""],
    [Number.NaN, "tal", ""],
    ["12.5", "tal", "12,5"],
  ])("%s (%s) → %s", (value, format, expected) => {
    expect(csvNumber(value, format)).toBe(expected);
  });
});

describe("csvText", () => {
  it.each([
    ["Uppsala", "Uppsala"],
    ["Göteborg; centrum", '"Göteborg; centrum"'],
    ['Samordningsförbundet "Finsam"', '"Samordningsförbundet ""Finsam"""'],
    ["rad\nbrytning", '"rad\nbrytning"'],
    [null, ""],
  ])("%j → %j", (value, expected) => {
    expect(csvText(value)).toBe(expected);
  });
});

describe("toCsv", () => {
  it("writes BOM, semicolons, decimal comma and CRLF, with Swedish headers", () => {
    const rows = [
      { period: "2024H1", namn: "Uppsala", kr: 52.314, befolkning: 150234 },
      { period: "2024H2", namn: "Håbo; test", kr: null, befolkning: 14000.5 },
    ];
    expect(toCsv(rows, COLUMNS)).toBe(
      "\ufeffHalvår;Område;Kr per invånare och dag;Befolkning 16–64 år\r\n" +
        "2024H1;Uppsala;52,31;150234\r\n" +
        '2024H2;"Håbo; test";;14000,5\r\n',
    );
  });

  it("uses a column's value function when given", () => {
    const csv = toCsv([{ a: 1, b: 2 }], [{ key: "summa", label: "Summa", format: "tal", value: (r: { a: number; b: number }) => r.a + r.b }]);
    expect(csv).toBe("\ufeffSumma\r\n3\r\n");
  });

  it("writes only the header for no rows", () => {
    expect(toCsv([], COLUMNS)).toBe("\ufeffHalvår;Område;Kr per invånare och dag;Befolkning 16–64 år\r\n");
  });
});

describe("toSheetData", () => {
  it("gives a bold header and numeric cells with Excel formats", () => {
    const data = toSheetData([{ period: "2024H1", namn: "Uppsala", kr: 52.314, befolkning: null }], COLUMNS);
    expect(data[0].map((c: { value: string }) => c.value)).toEqual(["Halvår", "Område", "Kr per invånare och dag", "Befolkning 16–64 år"]);
    expect(data[0][0].fontWeight).toBe("bold");
    expect(data[1][0]).toEqual({ value: "2024H1", type: String });
    expect(data[1][2]).toEqual({ value: 52.314, type: Number, format: "#,##0.00" });
    expect(data[1][3]).toBeNull();
  });
});

describe("fileSlug", () => {
  it.each([
    ["Försörjningsmått Uppsala 2024H1", "forsorjningsmatt-uppsala-2024h1"],
    ["Åre / Östersund", "are-ostersund"],
    ["", "data"],
  ])("%j → %j", (name, expected) => {
    expect(fileSlug(name)).toBe(expected);
  });
});
