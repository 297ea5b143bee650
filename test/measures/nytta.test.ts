// The views behind the Nytta page (loaders/measures/insatser.sql: kronor_per_helarsekvivalent, insats_nytta_deltagande,
// insats_nytta_kommun, insats_nytta) against values computed by hand, and the loader's sums (nyttaPerioder) against
// the view.
//
// Kommun 1080, 2023: kronor paid (yearly rows, kön T) and helårsekvivalenter (the same every month, so the year is that
// value):
//   ersättning                      kronor       helårsekvivalenter   kr per helårsekvivalent
//   sjukpenning                     16 000 000   100                  160 000
//   sjuk_och_aktivitetsersattning    8 000 000    50                  160 000
//   arbetsloshetsersattning          4 000 000    25                  160 000
//   aktivitetsstod                   4 000 000    25                  160 000
//   etableringsersattning            1 000 000     5                  200 000
//   ekonomiskt_bistand               7 000 000    45                  155 555.56
//   totalt                          40 000 000   250                  160 000
// Kommun 1082 has no helårsekvivalenter, 2022 no data at all: no schablon there.
//
// Participations of insats A (förbund blekinge); who counts (one of the six ersättningar before; lön or studiemedel
// after, or sysselsättning arbete/studier after; ended):
//   d1  1080  ended 2023  sjukpenning → lön                          counts, S 160 000
//   d2  1080  ended 2023  ekonomiskt bistånd → studiemedel            counts, S 160 000
//   d3  1080  ended 2023  ingen → lön                                 no (no public support before)
//   d4  1080  ended 2023  aktivitetsstöd → aktivitetsstöd, arbete     counts (arbete after), S 160 000
//   d5  1082  ended 2023  sjukpenning → lön                           counts, no schablon
//   d6  1080  ongoing     sjukpenning                                 no (not ended)
//   d7  1080  ended 2022  sjukpenning → lön                           counts, no schablon (no 2022 data)
//   d8  1080  ended 2023  Felregistrering                             no
//   d9  1080  ended 2023  annan → lön                                 no ("annan" is not one of the six)
//   d10 1080  ended 2023  sjukpenning → sjukpenning, arbetssökande    no
// insats_nytta A: 2022 → 1 counted, 0 with schablon, Σ S 0; 2023 → 4, 3, 480 000; alla → 5, 3, 480 000.
// Utfall: 2022 100 000, 2023 600 000, alla 700 000.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../../loaders/ingest.ts";
import { nyttaPerioder } from "../../loaders/insatser/publicera.ts";
import { query, tempDir, writeFiles } from "../helpers.ts";

const BELOPP: [string, number, number][] = [
  ["sjukpenning", 16_000_000, 100],
  ["sjuk_och_aktivitetsersattning", 8_000_000, 50],
  ["arbetsloshetsersattning", 4_000_000, 25],
  ["aktivitetsstod", 4_000_000, 25],
  ["etableringsersattning", 1_000_000, 5],
  ["ekonomiskt_bistand", 7_000_000, 45],
];

let root: string;
let db: string;

beforeAll(async () => {
  root = tempDir();
  const dataDir = path.join(root, "data");
  const hek = ["kommunkod,manad,ersattning,kon,helarsekvivalenter"];
  for (const [e, , h] of BELOPP) for (let m = 1; m <= 12; m++) hek.push(`1080,2023-${String(m).padStart(2, "0")},${e},T,${h}`);
  writeFiles(dataDir, {
    "befolkning.csv": [
      "kommunkod,datum,alder,kon,antal",
      ...["2022", "2023"].flatMap((y) => ["1080", "1082"].flatMap((k) => [`${k},${y}-12-31,30,K,1000`, `${k},${y}-12-31,30,M,1000`])),
    ],
    "utbetalningar.csv": ["kommunkod,period,ersattning,kon,belopp_kr", ...BELOPP.map(([e, kr]) => `1080,2023,${e},T,${kr}`)],
    "helarsekvivalenter.csv": hek,
    "insatser.csv": ["insats_id,forbund_id,insats_namn", "A,blekinge,Steget"],
    "insats_ekonomi.csv": ["insats_id,ar,budget_kr,utfall_kr", "A,2022,120000,100000", "A,2023,650000,600000"],
    "deltagare.csv": [
      "deltagare_id,insats_id,kon,fodelsear,kommunkod,startdatum,slutdatum,avslutsanledning,forsorjning_fore,forsorjning_efter,sysselsattning_fore,sysselsattning_efter",
      "d1,A,K,1990,1080,2023-01-10,2023-06-30,,sjukpenning,lon,ingen,arbete",
      "d2,A,M,1985,1080,2023-02-01,2023-09-30,,ekonomiskt_bistand,studiemedel,ingen,studier",
      "d3,A,K,1970,1080,2023-03-01,2023-10-31,,ingen,lon,ingen,arbete",
      "d4,A,M,1980,1080,2023-03-01,2023-11-30,,aktivitetsstod,aktivitetsstod,arbetssokande,arbete",
      "d5,A,K,1975,1082,2023-04-01,2023-12-31,,sjukpenning,lon,ingen,arbete",
      "d6,A,M,1990,1080,2023-05-01,,,sjukpenning,,ingen,",
      "d7,A,K,1992,1080,2022-05-01,2022-12-31,,sjukpenning,lon,ingen,arbete",
      "d8,A,M,1991,1080,2023-01-01,2023-02-01,Felregistrering,sjukpenning,lon,ingen,arbete",
      "d9,A,K,1960,1080,2023-01-01,2023-08-31,,annan,lon,ingen,arbete",
      "d10,A,M,1961,1080,2023-02-01,2023-08-31,,sjukpenning,sjukpenning,ingen,arbetssokande",
    ],
  });
  db = path.join(root, "nytta.duckdb");
  await ingest({ dataDir, dbPath: db });
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("kronor_per_helarsekvivalent", () => {
  it("divides the year's kronor by its helårsekvivalenter, per ersättning and for the six together", async () => {
    const r = await query(db, "SELECT kommunkod, ar, ersattning, belopp_kr, helarsekvivalenter, kr_per_helarsekvivalent FROM kronor_per_helarsekvivalent ORDER BY ersattning");
    const per = Object.fromEntries(r.map((x) => [x.ersattning as string, x]));
    expect(Object.keys(per).sort()).toEqual([...BELOPP.map(([e]) => e), "totalt"].sort());
    expect(per.totalt).toMatchObject({ kommunkod: "1080", ar: 2023, belopp_kr: "40000000.00", helarsekvivalenter: 250 });
    expect(per.totalt.kr_per_helarsekvivalent).toBeCloseTo(160_000, 6);
    expect(per.etableringsersattning.kr_per_helarsekvivalent).toBeCloseTo(200_000, 6);
    expect(per.ekonomiskt_bistand.kr_per_helarsekvivalent).toBeCloseTo(7_000_000 / 45, 6);
  });
});

describe("insats_nytta", () => {
  it("counts who went from public support to lön/studiemedel or arbete/studier, per kommun and year, with its schablon", async () => {
    expect(await query(db, "SELECT deltagande_id FROM insats_nytta_deltagande ORDER BY 1").then((r) => r.length)).toBe(5);
    const r = await query(db, "SELECT kommunkod, ar, kvalificerade, kr_per_helarsekvivalent FROM insats_nytta_kommun ORDER BY kommunkod, ar");
    expect(r.map((x) => [x.kommunkod, x.ar, x.kvalificerade, x.kr_per_helarsekvivalent === null ? null : Math.round(x.kr_per_helarsekvivalent as number)])).toEqual([
      ["1080", 2022, 1, null],
      ["1080", 2023, 3, 160_000],
      ["1082", 2023, 1, null],
    ]);
  });

  it("sums per year and for alla: counted, with a schablon, Σ S, and the insats's utfall", async () => {
    const r = await query(db, "SELECT period, kvalificerade, med_schablon, summa_schablon_kr, utfall_kr FROM insats_nytta ORDER BY period");
    expect(r.map((x) => [x.period, x.kvalificerade, x.med_schablon, Math.round(x.summa_schablon_kr as number), x.utfall_kr])).toEqual([
      ["2022", 1, 0, 0, "100000.00"],
      ["2023", 4, 3, 480_000, "600000.00"],
      ["alla", 5, 3, 480_000, "700000.00"],
    ]);
  });

  it("gives the same sums through the loaders' nyttaPerioder as through the view", async () => {
    const kommun = await query(db, "SELECT kommunkod, ar, kvalificerade, kr_per_helarsekvivalent FROM insats_nytta_kommun");
    const view = await query(db, "SELECT period, kvalificerade, med_schablon, summa_schablon_kr, utfall_kr FROM insats_nytta ORDER BY period");
    const rader = nyttaPerioder(
      kommun.map((k) => ({ kommunkod: k.kommunkod as string, ar: k.ar as number, kvalificerade: k.kvalificerade as number, kr_per_helarsekvivalent: k.kr_per_helarsekvivalent as number | null })),
      ["2022", "2023", "alla"],
      (p) => Number(view.find((v) => v.period === p)!.utfall_kr),
    );
    for (const v of view) {
      const l = rader.find((x) => x.period === v.period)!;
      expect([l.kvalificerade, l.med_schablon, l.utfall_kr]).toEqual([v.kvalificerade, v.med_schablon, Number(v.utfall_kr)]);
      expect(l.summa_schablon_kr).toBeCloseTo(v.summa_schablon_kr as number, 6);
    }
  });
});
