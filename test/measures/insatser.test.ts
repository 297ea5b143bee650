// The outcome measures of insatser (DESIGN.md §2.3, view insats_resultat of §4 and the views beside it) against
// values computed by hand from this small data set.
//
// Insatser: A and B in förbund blekinge (built-in list), C in umea. Participations of A (d6 is Felregistrering,
// written in upper case, and must vanish from everything):
//   id  kön född  start       slut        syss. efter    försörjning före → efter
//   d1  K   1990  2023-02-01  2023-10-31  arbete         sjukpenning|ekonomiskt_bistand → lon
//   d2  K   2005  2023-05-01  2024-03-31  studier        ekonomiskt_bistand → studiemedel|ekonomiskt_bistand
//   d3  M   1960  2023-06-15  (ongoing)   –              aktivitetsstod → –
//   d4  M   –     2023-09-01  2023-12-31  arbetssokande  arbetsloshetsersattning → arbetsloshetsersattning
//   d5  M   1958  2024-01-10  2024-06-30  (unknown)      sjuk_och_aktivitetsersattning|sjukpenning → –
//   d6  K   1999  2023-03-01  2023-04-01  arbete         FELREGISTRERING
//   d7  K   2000  2022-11-01  2023-01-31  ingen          – → ingen
//   d8  M   2004  2024-02-01  2024-12-31  arbete         ekonomiskt_bistand|annan → lon|ekonomiskt_bistand
// Anonymous (A): 2023 K 2, M 1; 2024 K 1.   C: 2025 M 3 (and nothing else but a budget).
// Utfall: A 2022 100 000.00, 2023 600 000.00, 2024 450 000.50; B 2024 200 000; C 2025 50 000.
// The data reach 2025 (C), so d3, never ended, is ongoing at the end of 2023, 2024 and 2025: A has 2022–2025.
//
// A, 2023 (overlapping: d1 d2 d7 K, d3 d4 M):
//   startade d1 d2 | d3 d4 → K 2, M 2, T 4;  avslutade d1 d7 | d4 → K 2, M 1, T 3
//   pågående 31 Dec: d2 | d3 (d4 ends on 31 Dec: ended by then) → K 1, M 1, T 2
//   med uppgift d1 d7 | d4 → 3; till arbete/studier d1 → 1; andel T 1/3
//   deltagare under perioden T = 5 overlapping + 3 anonymous = 8; kostnad T = 600 000 / 8 = 75 000
// A, 2024 (overlapping d2 | d3 d5 d8): startade M 2; avslutade d2 | d5 d8 → T 3; pågående d3 → 1;
//   med uppgift d2 d8 (d5 unknown) → 2, till 2, andel 1; deltagare T = 4 + 1 = 5; kostnad 450 000.50 / 5 = 90 000.10
// A, 2025: only d3 → pågående M 1, T 1; no utfall → kostnad missing.
// A, alla: startade 7 (K 3, M 4), avslutade 6, pågående 1 (d3), med uppgift 5, till 3 (d1 d2 d8), andel 3/5,
//   anonyma 4, deltagare 7 + 4 = 11, utfall 1 150 000.50, kostnad 1 150 000.50 / 11 = 104 545.50.
// Wilson 95 % (z = 1.959963984540054), by hand from centre ± half-width:
//   1 of 3: 0.061491944720, 0.792340399198   3 of 5: 0.230724281276, 0.882379225767
//   2 of 2: 0.342380227507, 1                0 of 1: 0, 0.793450685623   2 of 3: 0.207659600802, 0.938508055280
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../../loaders/ingest.ts";
import { FORSORJNING, FORSORJNING_GRUPPER } from "../../loaders/insatser/kodlistor.ts";
import { query, type Row, tempDir, writeFiles } from "../helpers.ts";

const INSATSER = [
  "insats_id,forbund_id,insats_namn,inriktning,matningsmetod,startdatum,slutdatum,malgrupp,planerade_deltagare",
  "A,blekinge,Steget,individinriktad,personuppgifter,2022-09-01,,Unga,40",
  "B,Samordningsförbundet Blekinge,Vägen,individinriktad,personuppgifter,2024-01-01,2024-12-31,Unga,10",
  "C,umea,Trappan,strukturovergripande,endast_antal,2025-01-01,,,",
];
const EKONOMI = [
  "insats_id,ar,budget_kr,utfall_kr",
  "A,2022,120000,100000.00",
  "A,2023,650000,600000.00",
  "A,2024,500000,450000.50",
  "B,2024,250000,200000",
  "C,2025,60000,50000",
];
const DELTAGARE = [
  "deltagare_id,insats_id,kon,fodelsear,kommunkod,startdatum,slutdatum,avslutsanledning,forsorjning_fore,forsorjning_efter,sysselsattning_fore,sysselsattning_efter",
  "d1,A,K,1990,1080,2023-02-01,2023-10-31,Avslutad enligt plan,sjukpenning|ekonomiskt_bistand,lon,ingen,arbete",
  "d2,A,K,2005,1082,2023-05-01,2024-03-31,,ekonomiskt_bistand,studiemedel|ekonomiskt_bistand,ingen,studier",
  "d3,A,M,1960,1080,2023-06-15,,,aktivitetsstod,,arbetssokande,",
  "d4,A,M,,,2023-09-01,2023-12-31,,arbetsloshetsersattning,arbetsloshetsersattning,arbetssokande,arbetssokande",
  "d5,A,M,1958,1060,2024-01-10,2024-06-30,,sjuk_och_aktivitetsersattning|sjukpenning,,ingen,",
  "d6,A,K,1999,1080,2023-03-01,2023-04-01,FELREGISTRERING,lon,lon,arbete,arbete",
  "d7,A,K,2000,1080,2022-11-01,2023-01-31,,,ingen,ingen,ingen",
  "d8,A,M,2004,1083,2024-02-01,2024-12-31,,ekonomiskt_bistand|annan,lon|ekonomiskt_bistand,ingen,arbete",
  "e1,B,K,2000,1080,2024-03-01,2024-09-30,,sjukpenning,lon,ingen,arbete",
  "e2,B,M,1985,1080,2024-04-01,2024-05-31,,sjukpenning,lon,ingen,arbete",
];
const ANONYMA = ["insats_id,ar,kon,antal", "A,2023,K,2", "A,2023,M,1", "A,2024,K,1", "C,2025,M,3"];

let root: string;
let db: string;

beforeAll(async () => {
  root = tempDir();
  const dataDir = path.join(root, "data");
  writeFiles(dataDir, {
    "insatser.csv": INSATSER,
    "insats_ekonomi.csv": EKONOMI,
    "deltagare.csv": DELTAGARE,
    "deltagare_anonyma.csv": ANONYMA,
  });
  db = path.join(root, "insatser.duckdb");
  await ingest({ dataDir, dbPath: db });
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const COUNTS = "startade, avslutade, pagaende, avslutade_med_uppgift, till_arbete_eller_studier, anonyma, deltagare_under_perioden";

async function resultat(where: string, columns = "*"): Promise<Row[]> {
  return query(db, `SELECT ${columns} FROM insats_resultat WHERE ${where} ORDER BY period, kon`);
}

describe("insats_resultat (the data contract)", () => {
  it("has exactly the contract's columns, in order", async () => {
    const cols = await query(db, "SELECT column_name FROM information_schema.columns WHERE table_name = 'insats_resultat' ORDER BY ordinal_position");
    expect(cols.map((c) => c.column_name)).toEqual([
      "insats_id", "period", "kon", "startade", "avslutade", "pagaende", "avslutade_med_uppgift", "till_arbete_eller_studier",
      "andel_arbete_eller_studier", "wilson_lag", "wilson_hog", "anonyma", "deltagare_under_perioden", "utfall_kr", "kostnad_per_deltagare",
    ]);
  });

  it("has every year an insats's data touch, plus alla, each with K, M and T", async () => {
    const r = await query(db, "SELECT insats_id, list(DISTINCT period ORDER BY period) AS perioder, count(*)::INTEGER AS n FROM insats_resultat GROUP BY ALL ORDER BY insats_id");
    expect(r).toEqual([
      { insats_id: "A", perioder: ["2022", "2023", "2024", "2025", "alla"], n: 15 },
      { insats_id: "B", perioder: ["2024", "alla"], n: 6 },
      { insats_id: "C", perioder: ["2025", "alla"], n: 6 },
    ]);
  });

  it("counts A in 2023 by hand: started, ended, ongoing at year end, with Felregistrering left out", async () => {
    expect(await resultat("insats_id = 'A' AND period = '2023'", `kon, ${COUNTS}`)).toEqual([
      { kon: "K", startade: 2, avslutade: 2, pagaende: 1, avslutade_med_uppgift: 2, till_arbete_eller_studier: 1, anonyma: 2, deltagare_under_perioden: 5 },
      { kon: "M", startade: 2, avslutade: 1, pagaende: 1, avslutade_med_uppgift: 1, till_arbete_eller_studier: 0, anonyma: 1, deltagare_under_perioden: 3 },
      { kon: "T", startade: 4, avslutade: 3, pagaende: 2, avslutade_med_uppgift: 3, till_arbete_eller_studier: 1, anonyma: 3, deltagare_under_perioden: 8 },
    ]);
  });

  it("keeps an ongoing participation ongoing at the end of every later year the data reach (d3 in 2024 and 2025)", async () => {
    expect(await resultat("insats_id = 'A' AND period IN ('2024', '2025') AND kon = 'T'", `period, ${COUNTS}`)).toEqual([
      { period: "2024", startade: 2, avslutade: 3, pagaende: 1, avslutade_med_uppgift: 2, till_arbete_eller_studier: 2, anonyma: 1, deltagare_under_perioden: 5 },
      { period: "2025", startade: 0, avslutade: 0, pagaende: 1, avslutade_med_uppgift: 0, till_arbete_eller_studier: 0, anonyma: 0, deltagare_under_perioden: 1 },
    ]);
  });

  it("counts alla without bounds: every participation started, those with slutdatum ended, the rest ongoing", async () => {
    expect(await resultat("insats_id = 'A' AND period = 'alla'", `kon, ${COUNTS}`)).toEqual([
      { kon: "K", startade: 3, avslutade: 3, pagaende: 0, avslutade_med_uppgift: 3, till_arbete_eller_studier: 2, anonyma: 3, deltagare_under_perioden: 6 },
      { kon: "M", startade: 4, avslutade: 3, pagaende: 1, avslutade_med_uppgift: 2, till_arbete_eller_studier: 1, anonyma: 1, deltagare_under_perioden: 5 },
      { kon: "T", startade: 7, avslutade: 6, pagaende: 1, avslutade_med_uppgift: 5, till_arbete_eller_studier: 3, anonyma: 4, deltagare_under_perioden: 11 },
    ]);
  });

  it("gives the share with its 95 % Wilson interval (to 1e-9), missing when nobody ended with a recorded outcome", async () => {
    const r = await resultat("insats_id = 'A' AND kon = 'T'", "period, andel_arbete_eller_studier AS p, wilson_lag AS lo, wilson_hog AS hi");
    const expected: Record<string, [number | null, number | null, number | null]> = {
      "2022": [null, null, null],
      "2023": [1 / 3, 0.06149194472, 0.792340399198],
      "2024": [1, 0.342380227507, 1],
      "2025": [null, null, null],
      alla: [0.6, 0.230724281276, 0.882379225767],
    };
    for (const row of r) {
      const [p, lo, hi] = expected[row.period as string];
      for (const [got, want] of [[row.p, p], [row.lo, lo], [row.hi, hi]] as const) {
        if (want === null) expect(got).toBeNull();
        else expect(Math.abs((got as number) - want)).toBeLessThan(1e-9);
      }
    }
  });

  it("has the Wilson bounds of a zero share (0 of 1: 0 and 0.793450685623) on M in 2023", async () => {
    const [m] = await resultat("insats_id = 'A' AND period = '2023' AND kon = 'M'", "andel_arbete_eller_studier AS p, wilson_lag AS lo, wilson_hog AS hi");
    expect(m.p).toBe(0);
    expect(m.lo).toBe(0);
    expect(Math.abs((m.hi as number) - 0.793450685623)).toBeLessThan(1e-9);
  });

  it("puts costs on T rows only, the anonymous in the cost denominator", async () => {
    const r = await resultat("insats_id = 'A'", "period, kon, utfall_kr, kostnad_per_deltagare");
    const byKey = Object.fromEntries(r.map((x) => [`${x.period} ${x.kon}`, [x.utfall_kr, x.kostnad_per_deltagare]]));
    expect(byKey["2023 T"]).toEqual(["600000.00", 75000]);
    expect(byKey["2024 T"]).toEqual(["450000.50", 90000.1]);
    expect(byKey["2022 T"]).toEqual(["100000.00", 100000]);
    expect(byKey["alla T"]).toEqual(["1150000.50", 104545.5]);
    expect(byKey["2025 T"]).toEqual([null, null]);
    for (const k of ["K", "M"]) for (const p of ["2022", "2023", "2024", "2025", "alla"]) expect(byKey[`${p} ${k}`]).toEqual([null, null]);
  });

  it("never lets the anonymous into an outcome denominator: C has anonymous participants and no outcome", async () => {
    expect(await resultat("insats_id = 'C' AND period = '2025' AND kon = 'T'", `${COUNTS}, andel_arbete_eller_studier, kostnad_per_deltagare`)).toEqual([
      { startade: 0, avslutade: 0, pagaende: 0, avslutade_med_uppgift: 0, till_arbete_eller_studier: 0, anonyma: 3, deltagare_under_perioden: 3, andel_arbete_eller_studier: null, kostnad_per_deltagare: 50000 / 3 },
    ]);
  });

  it("leaves a Felregistrering out entirely (d6 would have added a 2023 start and an ended participation to arbete)", async () => {
    const d = await query(db, "SELECT count(*)::INTEGER AS n FROM deltagare WHERE insats_id = 'A'");
    expect(d[0].n).toBe(8); // stored, exactly as given …
    const v = await query(db, "SELECT count(*)::INTEGER AS n FROM deltagande WHERE insats_id = 'A'");
    expect(v[0].n).toBe(7); // … but not counted
  });
});

describe("per förbund and for all insatser", () => {
  it("sums A and B for blekinge (B's förbund was given by name) and adds C for alla", async () => {
    const r = await query(db, `SELECT forbund_id, ${COUNTS}, utfall_kr, kostnad_per_deltagare, antal_insatser FROM insats_resultat_forbund WHERE period = '2024' AND kon = 'T' ORDER BY forbund_id`);
    // A 2024 + B 2024: startade 2+2, avslutade 3+2, pågående 1, med uppgift 2+2, till 2+2, anonyma 1, deltagare 5+2;
    // utfall 450 000.50 + 200 000 = 650 000.50 over 7 deltagare = 92 857.214…
    const blekinge = { startade: 4, avslutade: 5, pagaende: 1, avslutade_med_uppgift: 4, till_arbete_eller_studier: 4, anonyma: 1, deltagare_under_perioden: 7, utfall_kr: "650000.50", kostnad_per_deltagare: 650000.5 / 7, antal_insatser: 2 };
    expect(r).toEqual([{ forbund_id: "alla", ...blekinge }, { forbund_id: "blekinge", ...blekinge }]);
  });

  it("divides a summed utfall only by the deltagare of insatser that report one (alla 2025: 50 000 / C's 3, not / 4)", async () => {
    const r = await query(db, "SELECT forbund_id, deltagare_under_perioden AS n, utfall_kr, kostnad_per_deltagare FROM insats_resultat_forbund WHERE period = '2025' AND kon = 'T' ORDER BY forbund_id");
    expect(r).toEqual([
      { forbund_id: "alla", n: 4, utfall_kr: "50000.00", kostnad_per_deltagare: 50000 / 3 },
      { forbund_id: "blekinge", n: 1, utfall_kr: null, kostnad_per_deltagare: null },
      { forbund_id: "umea", n: 3, utfall_kr: "50000.00", kostnad_per_deltagare: 50000 / 3 },
    ]);
  });
});

describe("breakdowns and key figures", () => {
  it("groups by age at start: d7 (22) and d8 (20) in 20–24, one of them to arbete; d4 without birth year is okänd", async () => {
    const r = await query(db, "SELECT aldersgrupp, startade, avslutade_med_uppgift, till_arbete_eller_studier, andel_arbete_eller_studier FROM insats_resultat_aldersgrupp WHERE insats_id = 'A' AND period = 'alla' AND kon = 'T' ORDER BY aldersgrupp");
    expect(r).toEqual([
      { aldersgrupp: "16–19", startade: 1, avslutade_med_uppgift: 1, till_arbete_eller_studier: 1, andel_arbete_eller_studier: 1 }, // d2, 2023 − 2005 = 18
      { aldersgrupp: "20–24", startade: 2, avslutade_med_uppgift: 2, till_arbete_eller_studier: 1, andel_arbete_eller_studier: 0.5 },
      { aldersgrupp: "30–39", startade: 1, avslutade_med_uppgift: 1, till_arbete_eller_studier: 1, andel_arbete_eller_studier: 1 }, // d1, 33
      { aldersgrupp: "50–64", startade: 1, avslutade_med_uppgift: 0, till_arbete_eller_studier: 0, andel_arbete_eller_studier: null }, // d3, 63
      { aldersgrupp: "65+", startade: 1, avslutade_med_uppgift: 0, till_arbete_eller_studier: 0, andel_arbete_eller_studier: null }, // d5, 66
      { aldersgrupp: "okänd", startade: 1, avslutade_med_uppgift: 1, till_arbete_eller_studier: 0, andel_arbete_eller_studier: 0 }, // d4
    ]);
  });

  it("groups by målgrupp over a förbund's insatser: Unga = A + B; C has none", async () => {
    const r = await query(db, "SELECT forbund_id, malgrupp, startade, till_arbete_eller_studier, antal_insatser FROM insats_resultat_malgrupp WHERE period = 'alla' AND kon = 'T' ORDER BY ALL");
    expect(r).toEqual([
      { forbund_id: "alla", malgrupp: "Unga", startade: 9, till_arbete_eller_studier: 5, antal_insatser: 2 },
      { forbund_id: "alla", malgrupp: "ej angiven", startade: 0, till_arbete_eller_studier: 0, antal_insatser: 1 },
      { forbund_id: "blekinge", malgrupp: "Unga", startade: 9, till_arbete_eller_studier: 5, antal_insatser: 2 },
      { forbund_id: "umea", malgrupp: "ej angiven", startade: 0, till_arbete_eller_studier: 0, antal_insatser: 1 },
    ]);
  });

  it("gives genomströmning, median days, share anonymous and the costs per deltagare for A in 2023", async () => {
    const [r] = await query(db, "SELECT * FROM insats_nyckeltal WHERE insats_id = 'A' AND period = '2023' AND kon = 'T'");
    // avslutade 3 of 5 overlapping participations; days d1 272, d4 121, d7 91 → median 121; anonymous 3 of 8;
    // 600 000 / 8 per deltagare, 600 000 / 1 per deltagare to arbete or studier
    expect(r).toMatchObject({
      forbund_id: "blekinge", genomstromning: 0.6, median_dagar_i_insats: 121, andel_anonyma: 0.375,
      kostnad_per_deltagare: 75000, kostnad_per_deltagare_till_arbete_eller_studier: 600000, budget_kr: "650000.00",
    });
  });

  it("gives no cost or median on K and M, and costs per deltagare to arbete/studier over alla (1 150 000.50 / 3)", async () => {
    const r = await query(db, "SELECT kon, median_dagar_i_insats, kostnad_per_deltagare_till_arbete_eller_studier AS k FROM insats_nyckeltal WHERE insats_id = 'A' AND period = 'alla' ORDER BY kon");
    // K ended: d1 272, d2 335, d7 91 → 272; M ended: d4 121, d5 172, d8 334 → 172; T: 91 121 172 272 334 335 → 222
    expect(r).toEqual([
      { kon: "K", median_dagar_i_insats: 272, k: null },
      { kon: "M", median_dagar_i_insats: 172, k: null },
      { kon: "T", median_dagar_i_insats: 222, k: 383333.5 },
    ]);
  });
});

describe("försörjning before → after", () => {
  it("builds the transition matrix on one primary source by the documented precedence", async () => {
    const r = await query(db, "SELECT fore_grupp, efter_grupp, antal FROM insats_forsorjning_overgang WHERE insats_id = 'A' AND period = 'alla' AND kon = 'T' ORDER BY ALL");
    // d1 sjukpenning (over ekonomiskt bistånd) → lön; d2 and d8 ekonomiskt bistånd (over annan) → studiemedel / lön;
    // d4 a-kassa → a-kassa; d5 sjuk- och aktivitetsersättning → unknown; d7 unknown → ingen. d3 has not ended.
    expect(r).toEqual([
      { fore_grupp: "arbetsmarknad", efter_grupp: "arbetsmarknad", antal: 1 },
      { fore_grupp: "ekonomiskt_bistand", efter_grupp: "lon_studiemedel", antal: 2 },
      { fore_grupp: "ohalsa", efter_grupp: "lon_studiemedel", antal: 1 },
      { fore_grupp: "ohalsa", efter_grupp: "uppgift_saknas", antal: 1 },
      { fore_grupp: "uppgift_saknas", efter_grupp: "ingen", antal: 1 },
    ]);
  });

  it("gives the multi-valued 'has source X' shares over those with a source recorded (5 of 6 before, 5 of 6 after)", async () => {
    const r = await query(db, "SELECT niva, kod, fore_antal, fore_med_uppgift, fore_andel, efter_antal, efter_andel FROM insats_forsorjning_andel WHERE insats_id = 'A' AND period = 'alla' AND kon = 'T' AND kod IN ('ekonomiskt_bistand', 'ohalsa', 'lon') ORDER BY niva, kod");
    expect(r).toEqual([
      { niva: "grupp", kod: "ekonomiskt_bistand", fore_antal: 3, fore_med_uppgift: 5, fore_andel: 0.6, efter_antal: 2, efter_andel: 0.4 },
      { niva: "grupp", kod: "ohalsa", fore_antal: 2, fore_med_uppgift: 5, fore_andel: 0.4, efter_antal: 0, efter_andel: 0 },
      { niva: "kalla", kod: "ekonomiskt_bistand", fore_antal: 3, fore_med_uppgift: 5, fore_andel: 0.6, efter_antal: 2, efter_andel: 0.4 },
      { niva: "kalla", kod: "lon", fore_antal: 0, fore_med_uppgift: 5, fore_andel: 0, efter_antal: 2, efter_andel: 0.4 },
    ]);
  });

  it("lists the same sources, precedence and groups in SQL as in loaders/insatser/kodlistor.ts", async () => {
    const k = await query(db, "SELECT kalla, grupp FROM forsorjning_kalla ORDER BY prioritet");
    expect(k).toEqual(FORSORJNING.map((f) => ({ kalla: f.id, grupp: f.grupp })));
    const g = await query(db, "SELECT grupp, namn FROM forsorjning_grupp ORDER BY ordning");
    expect(g).toEqual(FORSORJNING_GRUPPER.map((x) => ({ grupp: x.id, namn: x.namn })));
  });
});

describe("years with individual data", () => {
  it("marks C's 2025 as counts only (anonymous) and A's years as individual data", async () => {
    const r = await query(db, "SELECT insats_id, ar, deltagare_med_personuppgifter AS pu, anonyma, har_individdata FROM insats_individdata_ar WHERE forbund_id <> 'alla' AND insats_id <> 'alla' AND kon = 'T' ORDER BY ALL");
    expect(r).toEqual([
      { insats_id: "A", ar: 2022, pu: 1, anonyma: 0, har_individdata: true },
      { insats_id: "A", ar: 2023, pu: 5, anonyma: 3, har_individdata: true },
      { insats_id: "A", ar: 2024, pu: 4, anonyma: 1, har_individdata: true },
      { insats_id: "A", ar: 2025, pu: 1, anonyma: 0, har_individdata: true },
      { insats_id: "B", ar: 2024, pu: 2, anonyma: 0, har_individdata: true },
      { insats_id: "C", ar: 2025, pu: 0, anonyma: 3, har_individdata: false },
    ]);
  });
});
