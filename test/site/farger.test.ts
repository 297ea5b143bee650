// The chart colours (src/components/farger.js): every colour that marks a series, a category or a map class keeps at
// least 3:1 against the backgrounds it is drawn on in both themes (WCAG 2.1 1.4.11), and symbols and colours are
// distinct within each list.
import { describe, expect, it } from "vitest";
import {
  BAKGRUNDER,
  ERSATTNING_FARG,
  INGET_VARDE_FARG,
  KLASS_FARG,
  KON_FARG,
  ROLL_FARG,
  SERIE_FARGER,
  SERIE_SYMBOLER,
  SYMBOL_TECKEN,
  TACKNING_FARGER,
  blanda,
  kartFarger,
  kontrast,
  luminans,
} from "../../src/components/farger.js";

const ALLA_BAKGRUNDER = [...BAKGRUNDER.ljus, ...BAKGRUNDER.mork];

function minstaKontrast(farg: string, bakgrunder = ALLA_BAKGRUNDER): number {
  return Math.min(...bakgrunder.map((b) => kontrast(farg, b)));
}

describe("kontrast och luminans (WCAG 2.1)", () => {
  it("räknar som WCAG: svart mot vitt 21:1, samma färg 1:1, Frameworks grå text 4,09:1 på sidomenyn", () => {
    expect(kontrast("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(kontrast("#3d7cc9", "#3d7cc9")).toBe(1);
    expect(Math.floor(kontrast("#76787b", "#f6f6f6") * 100) / 100).toBe(4.09); // axe reports it truncated
    expect(luminans("#ffffff")).toBe(1);
  });
  it("blandar två färger linjärt", () => {
    expect(blanda("#000000", "#ffffff", 0.5)).toBe("#808080");
    expect(blanda("#c4443f", "#3d7cc9", 0)).toBe("#c4443f");
    expect(blanda("#c4443f", "#3d7cc9", 1)).toBe("#3d7cc9");
  });
});

describe("diagrammens färger har minst 3:1 mot sidans och kortens bakgrund, i ljust och mörkt tema", () => {
  const listor: Record<string, string[]> = {
    SERIE_FARGER,
    ROLL_FARG: Object.values(ROLL_FARG),
    KON_FARG: Object.values(KON_FARG),
    ERSATTNING_FARG: Object.values(ERSATTNING_FARG),
    KLASS_FARG: Object.values(KLASS_FARG),
    INGET_VARDE_FARG: [INGET_VARDE_FARG],
    "TACKNING_FARGER (hela skalan)": Array.from({ length: 11 }, (_, i) => blanda(TACKNING_FARGER[0], TACKNING_FARGER[1], i / 10)),
  };
  for (const [namn, farger] of Object.entries(listor)) {
    it(namn, () => {
      for (const f of farger) expect(minstaKontrast(f), `${namn} ${f}`).toBeGreaterThanOrEqual(3);
    });
  }
  it("kartans klasser: mot sidan i sitt eget tema, 3–7 klasser", () => {
    for (const n of [3, 5, 7]) {
      for (const f of kartFarger(n, false)) expect(minstaKontrast(f, BAKGRUNDER.ljus), `ljus ${f}`).toBeGreaterThanOrEqual(3);
      for (const f of kartFarger(n, true)) expect(minstaKontrast(f, BAKGRUNDER.mork), `mörk ${f}`).toBeGreaterThanOrEqual(3);
    }
  });
  it("färger och symboler skiljer sig inom varje lista", () => {
    expect(new Set(SERIE_FARGER).size).toBe(SERIE_FARGER.length);
    expect(new Set(Object.values(ERSATTNING_FARG)).size).toBe(6);
    expect(new Set(Object.values(KLASS_FARG)).size).toBe(7);
    expect(new Set(SERIE_SYMBOLER).size).toBe(SERIE_SYMBOLER.length);
    for (const s of SERIE_SYMBOLER) expect(SYMBOL_TECKEN[s as keyof typeof SYMBOL_TECKEN]).toBeTruthy();
  });
});
