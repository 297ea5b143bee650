// Group scope in words (src/components/omfattning.js): "5 av 6", the förbund's own totalt, both together, nothing
// to say for a full group, and one sentence over several periods.
import { describe, expect, it } from "vitest";
import * as o from "../../src/components/omfattning.js";
import { formatPeriodSpann } from "../../src/components/perioder.js";

const ALLA = ["sjukpenning", "sjuk_och_aktivitetsersattning", "arbetsloshetsersattning", "aktivitetsstod", "etableringsersattning", "ekonomiskt_bistand"];
const STANDARD = {
  standardTotalt: true,
  medlemmar: { totalt: ALLA, ohalsa: ALLA.slice(0, 2), arbetsmarknad: ALLA.slice(2, 5) },
  perioder: {
    "2015": { totalt: ALLA.filter((e) => e !== "etableringsersattning"), arbetsmarknad: ["arbetsloshetsersattning", "aktivitetsstod"] },
    "2016": { totalt: ALLA.filter((e) => e !== "etableringsersattning"), arbetsmarknad: ["arbetsloshetsersattning", "aktivitetsstod"] },
    "2014": { totalt: ["sjukpenning", "ekonomiskt_bistand"], arbetsmarknad: [], ohalsa: ["sjukpenning"] },
  },
};
const EGEN = {
  standardTotalt: false,
  medlemmar: { totalt: ["sjukpenning", "sjuk_och_aktivitetsersattning", "arbetsloshetsersattning", "ekonomiskt_bistand"], ohalsa: ALLA.slice(0, 2), arbetsmarknad: ALLA.slice(2, 5) },
  perioder: { "2023H1": { totalt: ["sjukpenning", "sjuk_och_aktivitetsersattning", "ekonomiskt_bistand"] } },
};

describe("omfattningText", () => {
  it.each([
    [STANDARD, "totalt", "2015", "totalt, 5 av 6 ersättningar — etableringsersättning saknas i underlaget"],
    [STANDARD, "arbetsmarknad", "2015", "arbetsmarknad, 2 av 3 ersättningar — etableringsersättning saknas i underlaget"],
    [STANDARD, "totalt", "2014", "totalt, 2 av 6 ersättningar — sjuk- och aktivitetsersättning, arbetslöshetsersättning, aktivitetsstöd och etableringsersättning saknas i underlaget"],
    [STANDARD, "ohalsa", "2014", "ohälsa, 1 av 2 ersättningar — sjuk- och aktivitetsersättning saknas i underlaget"],
    [STANDARD, "arbetsmarknad", "2014", "arbetsmarknad: ingen av ersättningarna finns i underlaget"],
    [STANDARD, "totalt", "2017", ""],
    [STANDARD, "sjukpenning", "2015", ""],
    [STANDARD, "ekonomiskt_bistand", "2015", ""],
    [EGEN, "totalt", "2024H1", "totalt enligt förbundets definition: sjukpenning, sjuk- och aktivitetsersättning, arbetslöshetsersättning och ekonomiskt bistånd"],
    [
      EGEN,
      "totalt",
      "2023H1",
      "totalt enligt förbundets definition (sjukpenning, sjuk- och aktivitetsersättning, arbetslöshetsersättning och ekonomiskt bistånd), 3 av 4 ersättningar — arbetslöshetsersättning saknas i underlaget",
    ],
    [EGEN, "ohalsa", "2023H1", ""],
  ])("%#: %s %s → %j", (omf, grupp, period, vantat) => {
    expect(o.omfattningText(omf, grupp, period)).toBe(vantat);
    expect(o.harOmfattningstext(omf, grupp, period)).toBe(vantat !== "");
  });
});

describe("cells and sentences", () => {
  it("says 'alla 6 ersättningar' in a cell for a full group and nothing for an ersättning", () => {
    expect(o.omfattningCell(STANDARD, "totalt", "2020")).toBe("alla 6 ersättningar");
    expect(o.omfattningCell(STANDARD, "totalt", "2015")).toBe("totalt, 5 av 6 ersättningar — etableringsersättning saknas i underlaget");
    expect(o.omfattningCell(STANDARD, "sjukpenning", "2015")).toBe("");
  });

  it("needs a column only when some period is narrower", () => {
    expect(o.behoverOmfattning(STANDARD, "totalt", ["2017", "2018"])).toBe(false);
    expect(o.behoverOmfattning(STANDARD, "totalt", ["2016", "2017"])).toBe(true);
  });

  it("makes one sentence over periods: one phrase, or each with its periods", () => {
    expect(o.omfattningMening(STANDARD, "totalt", ["2015", "2016"], formatPeriodSpann)).toBe(
      "Totalt, 5 av 6 ersättningar — etableringsersättning saknas i underlaget.",
    );
    expect(o.omfattningMening(STANDARD, "totalt", ["2015", "2016", "2017", "2018"], formatPeriodSpann)).toBe(
      "Totalt, 5 av 6 ersättningar — etableringsersättning saknas i underlaget (2015–2016); alla 6 ersättningar (2017–2018).",
    );
    expect(o.omfattningMening(STANDARD, "totalt", ["2017", "2018"], formatPeriodSpann)).toBe("");
  });

  it("lists in Swedish", () => {
    expect(o.uppraknad(["a"])).toBe("a");
    expect(o.uppraknad(["a", "b"])).toBe("a och b");
    expect(o.uppraknad(["a", "b", "c"])).toBe("a, b och c");
  });
});
