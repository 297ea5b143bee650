// CSV and Excel serialisation of the download buttons (src/components/csv.js), against hand-written expected output;
// the .xlsx a download writes (write-excel-file, the same arguments as the browser) unzipped and read back.
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import writeXlsxFile from "write-excel-file/node";
import { csvNumber, csvText, fileSlug, fullDecimal, toCsv, toSheetData, withDefaultStyles, workbook } from "../../src/components/csv.js";
import { omDataSheet } from "../../src/components/omdata.js";

const COLUMNS = [
  { key: "period", label: "Halvår", format: "text" },
  { key: "namn", label: "Område", format: "text" },
  { key: "kr", label: "Kr per invånare och dag", format: "kr" },
  { key: "befolkning", label: "Befolkning 16–64 år", format: "tal" },
];

describe("csvNumber", () => {
  it.each([
    [52.3, "kr", "52,30"],
    // full precision (issue #12): never rounded, only padded to the column's 2 decimals
    [52.314, "kr", "52,314"],
    [52.31141592653589, "kr", "52,31141592653589"],
    [0.1 + 0.2, "kr", "0,30000000000000004"],
    [-0.001, "kr", "-0,001"],
    [-0, "kr", "0,00"],
    [1.2345678901234566e-7, "kr", "0,00000012345678901234566"],
    [1e21, "tal", "1000000000000000000000"],
    ["2617826815.28", "tal", "2617826815,28"],
    ["123456789012345678.91", "tal", "123456789012345678,91"],
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

  it("pads to a column's minimum decimals and gives every double back exactly", () => {
    expect(csvNumber(1584375, "tal", 2)).toBe("1584375,00");
    expect(csvNumber(150234.25, "tal", 2)).toBe("150234,25");
    for (const n of [52.31141592653589, 4.5144187974348196, 1 / 3, 2 ** -30, 123456.78901234567, 9007199254740993]) {
      expect(Number(csvNumber(n, "kr").replace(",", "."))).toBe(n);
    }
  });
});

describe("fullDecimal", () => {
  it.each([
    [1.5e-7, "0.00000015"],
    [-2.5e-10, "-0.00000000025"],
    [1.2345e21, "1234500000000000000000"],
    [52.3, "52.3"],
  ])("%s → %s", (n, expected) => {
    expect(fullDecimal(n)).toBe(expected);
    expect(Number(expected)).toBe(n);
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
        "2024H1;Uppsala;52,314;150234\r\n" + // the full value (52,31 in a spreadsheet's 2-decimal format)
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

  it("keeps the full value in the cell and takes a column's own Excel format", () => {
    const data = toSheetData([{ b: "2617826815.28", kr: 52.31141592653589 }], [
      { key: "b", label: "Belopp", format: "tal", xlsxFormat: "#,##0.00" },
      { key: "kr", label: "Kr", format: "kr" },
    ]);
    expect(data[1][0]).toEqual({ value: 2617826815.28, type: Number, format: "#,##0.00" });
    expect(data[1][1]).toEqual({ value: 52.31141592653589, type: Number, format: "#,##0.00" });
  });
});

describe("withDefaultStyles", () => {
  it("adds the Normal cell style and bases every cell format on it, once", () => {
    const xml = `<styleSheet><fonts count="1"><font/></fonts><cellXfs count="2"><xf ></xf><xf numFmtId="100" applyNumberFormat="1"><alignment vertical="top"/></xf></cellXfs></styleSheet>`;
    const out = withDefaultStyles(xml);
    expect(out).toBe(
      `<styleSheet><fonts count="1"><font/></fonts><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
        `<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"></xf>` +
        `<xf numFmtId="100" applyNumberFormat="1" fontId="0" fillId="0" borderId="0" xfId="0"><alignment vertical="top"/></xf></cellXfs>` +
        `<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`,
    );
    expect(withDefaultStyles(out)).toBe(out);
  });
});

describe("workbook (the .xlsx of a table download)", () => {
  it("has default styles, the sheets Data and Om data, numeric cells with a number format and the full values", async () => {
    const rows = [
      { period: "2024H1", kr: 52.31141592653589, belopp: "1291794205.34", prel: "nej" },
      { period: "2024H2", kr: null, belopp: 5, prel: "ja" },
    ];
    const columns = [
      { key: "period", label: "Halvår", format: "text" },
      { key: "kr", label: "Kr per invånare och dag", format: "kr" },
      { key: "belopp", label: "Utbetalt belopp, kr", format: "tal", xlsxFormat: "#,##0.00" },
      { key: "prel", label: "Preliminärt", format: "text" },
    ];
    const om = omDataSheet([
      ["Definition", "Försörjningsmåttet är …"],
      ["Formel", "kr per invånare och dag = Σ belopp_kr / (Σ befolkning × dagar)"],
    ]);
    const [sheets, options] = workbook(rows, columns, om);
    const buffer = await writeXlsxFile(sheets as never, options as never).toBuffer();
    const files = unzipSync(new Uint8Array(buffer));
    const text = (name: string) => strFromU8(files[name]);
    expect(Object.keys(files)).toEqual(expect.arrayContaining(["xl/styles.xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"]));
    expect([...text("xl/workbook.xml").matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1])).toEqual(["Data", "Om data"]);
    const styles = text("xl/styles.xml");
    expect(styles).toContain(`<cellStyle name="Normal" xfId="0" builtinId="0"/>`);
    expect(styles).toMatch(/<cellStyleXfs count="1">/);
    expect(styles).toMatch(/<font><name val="Calibri"\/><sz val="11"\/>/);
    const formats = new Map([...styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]+)"\/>/g)].map((m) => [m[1], m[2]]));
    const xfs = [...styles.match(/<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/)![1].matchAll(/<xf ([^>]*)>/g)].map((m) => /numFmtId="(\d+)"/.exec(m[1])![1]);
    // Every number cell: a number (no string type), the full value, a style whose format shows 2 decimals.
    const sheet = text("xl/worksheets/sheet1.xml");
    const cell = (ref: string) => new RegExp(`<c r="${ref}"([^>]*)>(?:<v>([^<]*)</v>)?`).exec(sheet)!;
    for (const [ref, value] of [
      ["B2", "52.31141592653589"],
      ["C2", "1291794205.34"],
      ["C3", "5"],
    ]) {
      const [, attrs, v] = cell(ref);
      expect(attrs).not.toMatch(/t="(s|str|inlineStr)"/);
      expect(v).toBe(value);
      expect(formats.get(xfs[Number(/s="(\d+)"/.exec(attrs)![1])])).toBe("#,##0.00");
    }
    expect(sheet).not.toMatch(/<c r="B3"[^>]*><v>/); // a missing value is an empty cell
    const shared = text("xl/sharedStrings.xml");
    expect(shared).toContain("Definition");
    expect(shared).toContain("kr per invånare och dag = Σ belopp_kr / (Σ befolkning × dagar)");
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
