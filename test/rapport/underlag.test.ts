// The board report's data (src/data/rapport.ts) on a small ingested database with hand-computed values:
// three kommuner in two län with population 2 000 every half-year, so kr per invånare och dag = belopp / (2 000 × dagar);
// a förbund ("Test Förbund") with Stockholm from the start and Uppsala from 2024 (so two län: Stockholms first, on code); etableringsersättning only in 2024H1
// (out of scope a year earlier); a revised download of Upplands Väsby's sjukpenning 2023H2; two insatser, one with
// three deltagare (suppressed). Every block's headline equals the view's value rounded to öre; the components add up.
//
// kr per invånare och dag (sjukpenning / ekonomiskt bistånd / etableringsersättning → totalt):
//   0180 Stockholm        2023H1 10 / 5 / – → 15   2023H2 9 / 5 → 14            2024H1 8 / 6 / 2 → 16
//   0114 Upplands Väsby   2023H1 12 / 3 → 15       2023H2 11 → 11,50 (rev.) / 3 → 14,50   2024H1 10,50 / 3 / 0,50 → 14
//   0380 Uppsala          2023H1 7 / 4 → 11        2023H2 7 / 4 → 11            2024H1 7 / 4 / 1 → 12
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../../loaders/ingest.ts";
import { openDb } from "../../loaders/site/lib.ts";
import { type RapportDokument, rapportDokument } from "../../src/data/rapport.ts";
import { query, tempDir, writeFiles } from "../helpers.ts";

let dir: string;
let db: string;
let docs: Map<string, RapportDokument>;
const HEADER = "kommunkod,period,ersattning,kon,belopp_kr,status";
const DAGAR: Record<string, number> = { "2023H1": 181, "2023H2": 184, "2024H1": 182 };
const KR: Record<string, Record<string, Record<string, number>>> = {
  "0180": { sjukpenning: { "2023H1": 10, "2023H2": 9, "2024H1": 8 }, ekonomiskt_bistand: { "2023H1": 5, "2023H2": 5, "2024H1": 6 }, etableringsersattning: { "2024H1": 2 } },
  "0114": { sjukpenning: { "2023H1": 12, "2024H1": 10.5 }, ekonomiskt_bistand: { "2023H1": 3, "2023H2": 3, "2024H1": 3 }, etableringsersattning: { "2024H1": 0.5 } },
  "0380": { sjukpenning: { "2023H1": 7, "2023H2": 7, "2024H1": 7 }, ekonomiskt_bistand: { "2023H1": 4, "2023H2": 4, "2024H1": 4 }, etableringsersattning: { "2024H1": 1 } },
};
const belopp = (kr: number, period: string) => (kr * 2000 * DAGAR[period]).toFixed(2);

beforeAll(async () => {
  dir = tempDir();
  const befolkning = ["kommunkod,datum,alder,kon,antal"];
  for (const kod of Object.keys(KR)) for (const y of [2022, 2023, 2024]) befolkning.push(`${kod},${y}-12-31,40,K,1000`, `${kod},${y}-12-31,40,M,1000`);
  const rader = [HEADER];
  for (const [kod, ers] of Object.entries(KR)) for (const [e, p] of Object.entries(ers)) for (const [period, kr] of Object.entries(p)) rader.push(`${kod},${period},${e},T,${belopp(kr, period)},`);
  const deltagare = ["deltagare_id,insats_id,kon,fodelsear,kommunkod,startdatum,slutdatum,avslutsanledning,forsorjning_fore,forsorjning_efter,sysselsattning_fore,sysselsattning_efter"];
  // Stora insatsen: 12 deltagare (6 K, 6 M) in 2024; 8 ended in May (4 K, 4 M), 5 of them to arbete, 3 to nothing.
  for (let i = 0; i < 12; i++) {
    const slut = i < 8 ? "2024-05-01" : "";
    const efter = i < 8 ? (i < 5 ? "arbete" : "ingen") : "";
    deltagare.push(`s${i},I1,${i % 2 ? "M" : "K"},1990,0180,2024-02-01,${slut},,ekonomiskt_bistand,,ingen,${efter}`);
  }
  // Lilla insatsen: 3 deltagare (2 K, 1 M), ongoing.
  for (let i = 0; i < 3; i++) deltagare.push(`l${i},I2,${i < 2 ? "K" : "M"},1985,0380,2024-03-01,,,sjukpenning,,ingen,`);
  writeFiles(dir, {
    "befolkning.csv": befolkning,
    "utbetalningar.csv": rader,
    // Upplands Väsby's sjukpenning 2023H2: 11,00 kr in the first download, 11,50 kr in the second.
    "raw/fk/2024-03-01/utbetalningar_fk.csv": [HEADER, `0114,2023H2,sjukpenning,T,${belopp(11, "2023H2")},`],
    "raw/fk/2024-09-01/utbetalningar_fk.csv": [HEADER, `0114,2023H2,sjukpenning,T,${belopp(11.5, "2023H2")},`],
    "forbund.csv": ["forbund_id,forbund_namn,kommunkod,fran,till", "Test Förbund,Testförbundet,0180,,", "Test Förbund,Testförbundet,0380,2024-01-01,"],
    "insatser.csv": ["insats_id,forbund_id,insats_namn", "I1,Test Förbund,Stora insatsen", "I2,Test Förbund,Lilla insatsen"],
    "insats_ekonomi.csv": ["insats_id,ar,budget_kr,utfall_kr", "I1,2024,500000,250000", "I2,2024,100000,40000"],
    "deltagare.csv": deltagare,
  });
  db = path.join(dir, "rapport.duckdb");
  await ingest({ dataDir: dir, dbPath: db });
  process.env.FORSORJNING_DB = db;
  const handle = await openDb();
  try {
    docs = await rapportDokument(handle, db);
  } finally {
    handle.close();
  }
}, 120_000);

afterAll(() => {
  delete process.env.FORSORJNING_DB;
  fs.rmSync(dir, { recursive: true, force: true });
});

const nbsp = (s: string | null) => (s ?? "").replace(/[\u00a0\u202f]/g, " ").replace(/\u2212/g, "-");

describe("the report documents", () => {
  it("exist for every förbund, kommun and län, a förbund under its address", () => {
    expect(docs.has("forbund/test-forbund")).toBe(true);
    expect(docs.get("forbund/test-forbund")!.kod).toBe("Test Förbund");
    expect(docs.has("kommun/0180") && docs.has("lan/01") && docs.has("lan/03")).toBe(true);
    expect(docs.get("kommun/0180")!.perioder).toEqual({ halvar: ["2023H1", "2023H2", "2024H1"], ar: ["2023"] });
    expect(docs.get("kommun/0180")!.standard).toBe("2024H1");
    expect(docs.get("kommun/0180")!.demodata).toBe(false);
  });

  it("give every block's headline as the view's value rounded to öre", async () => {
    const rows = await query(
      db,
      `SELECT regiontyp, regionkod, period, round(kr_per_invanare_och_dag, 2)::DOUBLE AS kr FROM forsorjningsmatt
       WHERE ersattning = 'totalt' AND kon = 'T' AND regiontyp IN ('forbund', 'kommun', 'lan')`,
    );
    expect(rows.length).toBeGreaterThan(10);
    const viaDokument = new Map<string, number>();
    for (const d of docs.values()) for (const [p, b] of Object.entries(d.block)) viaDokument.set(`${d.typ}:${d.kod}|${p}`, b.varde);
    for (const r of rows) expect(viaDokument.get(`${r.regiontyp}:${r.regionkod}|${r.period}`), `${r.regiontyp} ${r.regionkod} ${r.period}`).toBe(r.kr);
    expect(viaDokument.size).toBe(rows.length);
  });

  it("compare the förbund with its län and riket, the half-year before and a year earlier (hand-computed)", () => {
    const b = docs.get("forbund/test-forbund")!.block["2024H1"];
    // 2024H1: (16 + 12) / 2 = 14,00; 2023H2 and 2023H1: Stockholm alone, 14,00 and 15,00.
    expect(b.jamforelse.map((r) => [r.roll, r.namn, r.nu, r.foregaende, r.aretFore])).toEqual([
      ["region", "Testförbundet", 14, 14, 15],
      ["lan", "Stockholms län", 15, 14.25, 15],
      ["lan", "Uppsala län", 12, 11, 11],
      ["riket", "Riket", 14, 13.17, 13.67],
    ]);
    expect(b.jamforelse[0].andringAretFore).toEqual({ kr: -1, procent: -6.7 });
    expect(b.jamforelse[0].andringForegaende).toEqual({ kr: 0, procent: 0 });
    expect(nbsp(b.text.huvudmening)).toBe(
      "Försörjningsmåttet i Testförbundet var 14,00 kr per invånare 16–64 år och dag under första halvåret 2024 (halvåret före 14,00; ett år tidigare 15,00).",
    );
    expect(nbsp(b.text.jamforelse)).toBe("Det är lägre än i Stockholms län (15,00 kr) och lika högt som i riket (14,00 kr).");
  });

  it("split the change by ersättning so the parts add up, with etableringsersättning out of scope a year earlier", () => {
    const b = docs.get("forbund/test-forbund")!.block["2024H1"];
    // sjukpenning (8 + 7) / 2 = 7,50 against 10,00; ekonomiskt bistånd 5,00 against 5,00; etableringsersättning 1,50 against 0.
    expect(b.komponenter.map((k) => [k.ersattning, k.nu, k.aretFore, k.andring, k.baraEnPeriod])).toEqual([
      ["sjukpenning", 7.5, 10, -2.5, false],
      ["etableringsersattning", 1.5, null, 1.5, true],
      ["ekonomiskt_bistand", 5, 5, 0, false],
    ]);
    const summa = b.komponenter.reduce((s, k) => s + Math.round(k.andring! * 100), 0) / 100;
    expect(summa).toBe(b.jamforelse[0].andringAretFore!.kr);
    expect(nbsp(b.text.forandring)).toBe(
      "Försörjningsmåttet minskade med 1,00 kr (-6,7 %) jämfört med första halvåret 2023, främst genom lägre sjukpenning (-2,50 kr), trots högre etableringsersättning (+1,50 kr).",
    );
    expect(b.text.omfattning).toBe("Jämförelsen påverkas av att etableringsersättning bara ingår i underlaget för första halvåret 2024.");
  });

  it("rank the members counted that period, with directions against a year earlier", () => {
    const d = docs.get("forbund/test-forbund")!;
    expect(d.block["2023H1"].medlemmar!.map((m) => m.namn)).toEqual(["Stockholm"]);
    expect(d.block["2024H1"].medlemmar!.map((m) => [m.plats, m.namn, m.nu, m.aretFore, m.andring, m.riktning])).toEqual([
      [1, "Stockholm", 16, 15, 1, "upp"],
      [2, "Uppsala", 12, 11, 1, "upp"],
    ]);
    const lan = docs.get("lan/01")!.block["2024H1"];
    expect(lan.medlemmar!.map((m) => [m.namn, m.nu, m.riktning])).toEqual([["Stockholm", 16, "upp"], ["Upplands Väsby", 14, "ned"]]);
    expect(docs.get("kommun/0114")!.block["2024H1"].rang).toEqual({ lan: [2, 2], riket: [2, 3] });
  });

  it("mark the values changed since the previous download, and give the retrieval date of the period's files", () => {
    const b = docs.get("kommun/0114")!.block["2024H1"];
    const nycklar = b.andringar.map((a) => [a.nyckel, a.tidigare, a.nu]);
    expect(nycklar).toContainEqual(["kommun:0114|2023H2|totalt", 14, 14.5]);
    expect(nycklar).toContainEqual(["lan:01|2023H2|totalt", 14, 14.25]);
    expect(docs.get("kommun/0180")!.block["2024H1"].andringar.map((a) => a.nyckel)).not.toContain("kommun:0180|2023H2|totalt");
    expect(docs.get("kommun/0114")!.block["2023H2"].hamtning).toEqual({ senast: "2024-09-01", forst: "2024-09-01", utanDatum: 1, filer: 2 });
    expect(docs.get("kommun/0114")!.block["2023H1"].hamtning).toEqual({ senast: null, forst: null, utanDatum: 1, filer: 1 });
  });

  it("publish the insatser of the year only through the suppression rules", () => {
    const ins = docs.get("forbund/test-forbund")!.block["2024H1"].insatser!;
    expect(ins.ar).toBe("2024");
    expect(ins.helar).toBe(true);
    // Lilla insatsen's 3 deltagare are hidden, and Stora insatsen's 12 with them (the total 15 is shown).
    expect(ins.rader.map((r) => [r.namn, r.deltagare, r.avslutade, r.andelArbeteStudier, r.budget, r.utfall])).toEqual([
      ["Lilla insatsen", "..", 0, null, 100000, 40000],
      ["Stora insatsen", "..", 8, "..", 500000, 250000],
    ]);
    expect(ins.summa.deltagare).toEqual({ K: 8, M: 7, T: 15 });
    // 4 kvinnor and 4 män ended: both hidden, the total 8 shown; 5 of 8 to arbete leaves 3 out: hidden.
    expect(ins.summa.avslutade).toEqual({ K: "..", M: "..", T: 8 });
    expect(ins.summa.andelArbeteStudier).toBe("..");
    expect([ins.summa.budget, ins.summa.utfall]).toEqual([600000, 290000]);
    const json = JSON.stringify(docs.get("forbund/test-forbund"));
    expect(json).not.toMatch(/"deltagare":3\b/);
    expect(docs.get("kommun/0180")!.block["2024H1"].insatser).toBeNull();
  });
});
