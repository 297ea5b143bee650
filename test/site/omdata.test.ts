// "Om data" of a table download (src/components/omdata.js): the rows of the second Excel sheet and of the .txt beside
// a CSV.
import { describe, expect, it } from "vitest";
import { omDataRader, omDataSheet, omDataText, periodText, regionText } from "../../src/components/omdata.js";

const META = {
  demodata: true,
  aldersband: { fran: 16, till: 64 },
  ersattningar: [
    { id: "totalt", namn: "Totalt", grupp: true },
    { id: "sjukpenning", namn: "Sjukpenning och rehabiliteringspenning", grupp: false },
  ],
  omfattning: {
    standardTotalt: true,
    medlemmar: { totalt: ["sjukpenning", "sjuk_och_aktivitetsersattning", "arbetsloshetsersattning", "aktivitetsstod", "etableringsersattning", "ekonomiskt_bistand"] },
    perioder: { "2014H1": { totalt: ["sjukpenning", "sjuk_och_aktivitetsersattning", "arbetsloshetsersattning", "aktivitetsstod", "ekonomiskt_bistand"] } },
  },
};
const OM = {
  byggd: "2025-11-27T16:40:12Z",
  demodata: true,
  aldersband: { fran: 16, till: 64 },
  underlag: [
    { avser: "utbetalningar", kalla: "fk", antal_filer: 2, hamtad_fran: "2024-03-01", hamtad_till: "2024-09-01", filer: [{ fil: "fk/2024-03-01/a.xlsx", hamtad: "2024-03-01" }, { fil: "fk/2024-09-01/a.xlsx", hamtad: "2024-09-01" }] },
    { avser: "befolkning", kalla: "kanonisk", antal_filer: 1, hamtad_fran: null, hamtad_till: null, filer: [{ fil: "befolkning_2024.csv", hamtad: null }] },
  ],
};

describe("omDataRader", () => {
  const matt = ["2014H1", "2014H2", "2015H1"].flatMap((period) => [
    { region: "kommun:0380", period, ersattning: "totalt", kon: "T" },
    { region: "riket:00", period, ersattning: "totalt", kon: "T" },
  ]);
  const rader = omDataRader({
    meta: META,
    om: OM,
    matt,
    namn: new Map([["kommun:0380", "Uppsala"], ["riket:00", "Riket"]]),
    titel: { sida: "Uppsala", tabell: "Totalt per halvår" },
    filnamn: "uppsala-totalt",
    adress: "http://127.0.0.1:3000/kommun/0380?ersattning=totalt",
    nu: new Date(2025, 10, 27, 17, 5, 0),
  });
  const rad = (rubrik: string) => rader.find((r) => r[0] === rubrik)?.[1];

  it("says what the numbers are: definition, formula, band, periods, regions, scope", () => {
    expect(rad("Definition")).toMatch(/kronor per invånare 16–64 år och dag/);
    expect(rad("Formel")).toMatch(/^kr per invånare och dag = Σ belopp_kr \/ \(Σ befolkning × dagar\)/);
    expect(rad("Åldersband")).toBe("16–64 år");
    expect(rad("Perioder")).toBe("1:a halvåret 2014 – 1:a halvåret 2015 (3 halvår; 2014H1–2015H1)");
    expect(rad("Områden")).toBe("Uppsala (kommun 0380) och Riket");
    expect(rad("Kön")).toBe("kvinnor och män (T)");
    expect(rad("Omfattning, totalt")).toBe(
      "1:a halvåret 2014 (1 halvår; 2014H1): 5 av 6: sjukpenning, sjuk- och aktivitetsersättning, arbetslöshetsersättning, aktivitetsstöd, ekonomiskt bistånd (etableringsersättning saknas i underlaget); " +
        "2:a halvåret 2014 – 1:a halvåret 2015 (2 halvår; 2014H2–2015H1): 6 av 6: sjukpenning, sjuk- och aktivitetsersättning, arbetslöshetsersättning, aktivitetsstöd, etableringsersättning, ekonomiskt bistånd",
    );
    expect(rad("Precision")).toMatch(/fullständiga/);
  });

  it("says where they come from and where they were taken", () => {
    expect(rad("DEMODATA")).toMatch(/demodata/);
    expect(rad("Källfiler, utbetalningar")).toBe("fk: 2 filer, hämtade 2024-03-01–2024-09-01: fk/2024-03-01/a.xlsx (2024-03-01), fk/2024-09-01/a.xlsx (2024-09-01).");
    expect(rad("Källfiler, befolkning")).toMatch(/^kanonisk: 1 fil, hämtningsdatum saknas .*: befolkning_2024\.csv\.$/);
    expect(rad("Adress")).toBe("http://127.0.0.1:3000/kommun/0380?ersattning=totalt");
    expect(rad("Webbplatsen byggd")).toBe("2025-11-27T16:40:12Z");
    expect(rad("Nedladdad")).toMatch(/^2025-11-27T17:05:00[+-]\d\d:\d\d$/);
    expect(rad("Sida")).toBe("Uppsala");
  });

  it("keeps only the generic rows for a table that is not the measure", () => {
    const generiska = omDataRader({ meta: { ...META, demodata: false }, om: { ...OM, demodata: false }, extra: [["Definition", "Helårsekvivalenter …"]] });
    expect(generiska.map((r) => r[0])).toEqual(["Om data", "Definition", "Källor", "Källfiler, utbetalningar", "Källfiler, befolkning", "Webbplatsen byggd", "Nedladdad"]);
  });

  it("writes the .txt and the sheet", () => {
    expect(omDataText([["Formel", "a = b"], ["Adress", "http://x"]])).toBe("\ufeffFormel: a = b\r\nAdress: http://x\r\n");
    const sheet = omDataSheet([["Formel", "a = b"]]);
    expect(sheet[0].map((c) => c.value)).toEqual(["Rubrik", "Innehåll"]);
    expect(sheet[1][1]).toMatchObject({ value: "a = b", type: String, wrap: true });
  });
});

describe("period and region text", () => {
  it("names runs and gaps of periods", () => {
    expect(periodText(["2024", "2022", "2023"])).toBe("2022–2024 (3 år)");
    expect(periodText(["2020H1", "2024H1"])).toBe("2020H1, 2024H1 (2 halvår; 2020H1–2024H1)");
  });
  it("counts many regions per type", () => {
    const many = Array.from({ length: 12 }, (_, i) => `kommun:${String(100 + i).padStart(4, "0")}`);
    expect(regionText([...many, "lan:01"], new Map())).toBe("12 kommuner och 1 län");
  });
});
