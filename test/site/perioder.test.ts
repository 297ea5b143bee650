// Period arithmetic of the site (src/components/perioder.js): kinds, labels, previous period, a year earlier,
// sequences and the default kind, half-years and calendar years side by side.
import { describe, expect, it } from "vitest";
import * as p from "../../src/components/perioder.js";

describe("periodTyp and periodAr", () => {
  it.each([
    ["2024H1", "halvar", 2024],
    ["2024H2", "halvar", 2024],
    ["2024", "ar", 2024],
    ["2024-03", null, NaN],
    ["2024H3", null, NaN],
    ["", null, NaN],
  ])("%j → %j, %j", (period, typ, ar) => {
    expect(p.periodTyp(period)).toBe(typ);
    expect(p.periodAr(period)).toBe(ar);
  });
});

describe("labels", () => {
  it.each([
    ["2024H1", "1:a halvåret 2024", "H1 2024", "1:a halvåret 2024"],
    ["2023H2", "2:a halvåret 2023", "H2 2023", "2:a halvåret 2023"],
    ["2023", "2023", "2023", "år 2023"],
  ])("%j → %j / %j / %j", (period, lang, kort, text) => {
    expect(p.formatPeriod(period)).toBe(lang);
    expect(p.formatPeriodKort(period)).toBe(kort);
    expect(p.formatPeriodText(period)).toBe(text);
  });

  it("spans: half-years in words, years with a dash, one period alone", () => {
    expect(p.formatPeriodSpann(["2014H1", "2025H2"])).toBe("1:a halvåret 2014 – 2:a halvåret 2025");
    expect(p.formatPeriodSpann(["2014", "2015", "2025"])).toBe("2014–2025");
    expect(p.formatPeriodSpann(["2023"])).toBe("2023");
    expect(p.formatPeriodSpann([])).toBe("–");
  });
});

describe("neighbours of the same kind", () => {
  it.each([
    ["2024H1", "2023H2", "2024H2", "2023H1"],
    ["2024H2", "2024H1", "2025H1", "2023H2"],
    ["2024", "2023", "2025", "2023"],
    ["2000", "1999", "2001", "1999"],
  ])("%j: previous %j, next %j, a year earlier %j", (period, forra, nasta, aret) => {
    expect(p.foregaendePeriod(period)).toBe(forra);
    expect(p.nastaPeriod(period)).toBe(nasta);
    expect(p.aretInnan(period)).toBe(aret);
  });

  it("gives null for what is not a period", () => {
    expect(p.foregaendePeriod("2024-01")).toBeNull();
    expect(p.aretInnan("x")).toBeNull();
  });

  it("numbers consecutive periods 1 apart within a kind", () => {
    expect(p.periodNummer("2024H1") - p.periodNummer("2023H2")).toBe(1);
    expect(p.periodNummer("2024") - p.periodNummer("2023")).toBe(1);
  });
});

describe("lists", () => {
  const blandat = ["2024", "2023H2", "2023", "2024H1", "2023H1", "2024H2"];

  it("filters a mixed list by kind, sorted", () => {
    expect(p.perioderAvTyp(blandat, "ar")).toEqual(["2023", "2024"]);
    expect(p.perioderAvTyp(blandat, "halvar")).toEqual(["2023H1", "2023H2", "2024H1", "2024H2"]);
  });

  it("makes a sequence of one kind, with the gaps filled", () => {
    expect(p.periodSekvens("2023H2", "2024H2")).toEqual(["2023H2", "2024H1", "2024H2"]);
    expect(p.periodSekvens("2019", "2022")).toEqual(["2019", "2020", "2021", "2022"]);
    expect(p.periodSekvens("2019", "2022H1")).toEqual([]);
  });

  it("defaults to halvår when the data has half-years, else år", () => {
    expect(p.standardPeriodtyp({ halvar: ["2023H1"], ar: ["2023"] })).toBe("halvar");
    expect(p.standardPeriodtyp({ halvar: [], ar: ["2023"] })).toBe("ar");
    expect(p.standardPeriodtyp(["2022", "2023"])).toBe("ar");
    expect(p.standardPeriodtyp({ halvar: [], ar: [] })).toBeNull();
  });

  it("reads the kind from the address: a kind, or a period's kind, if the data has it", () => {
    const perioder = { halvar: ["2023H1"], ar: ["2023"] };
    expect(p.periodtypFranAdress("ar", perioder)).toBe("ar");
    expect(p.periodtypFranAdress("2020", perioder)).toBe("ar");
    expect(p.periodtypFranAdress("2020H1", perioder)).toBe("halvar");
    expect(p.periodtypFranAdress(null, perioder)).toBe("halvar");
    expect(p.periodtypFranAdress("halvar", { halvar: [], ar: ["2023"] })).toBe("ar");
  });
});

describe("dates", () => {
  it("places a period at its middle and starts it on its first day", () => {
    expect(p.periodMitt("2024H1")!.toISOString().slice(0, 10)).toBe("2024-04-01");
    expect(p.periodMitt("2024H2")!.toISOString().slice(0, 10)).toBe("2024-10-01");
    expect(p.periodMitt("2024")!.toISOString().slice(0, 10)).toBe("2024-07-01");
    expect(p.periodStart("2024H2")).toBe("2024-07-01");
    expect(p.periodStart("2024H1")).toBe("2024-01-01");
    expect(p.periodStart("2024")).toBe("2024-01-01");
  });
});
