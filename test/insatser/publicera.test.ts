// What the insats loaders publish (loaders/insatser/publicera.ts, through src/data/insatser-lib.ts) from a small data set
// ingested here: a small insats's cells are "..", the förbund's total is kept and cannot give the small insats back,
// no published line (K + M = T, insatser → förbund, years → alla, the identities between measures) has exactly one
// hidden value, the breakdowns follow the main table, and the nytta inputs are held back for small groups.
//
// Förbund blekinge. Insats A: 30 participations, K and M alternating, starting 2023 (i = 0 … 29, start month 1 + i % 12),
// the first 20 ended in 2023, the next 6 in 2024, 4 still going; of those ended, every other one to arbete. Insats B
// (a pilot): 3 participations in 2023, K K M, all ended in 2023, one to arbete. Anonymous: A 2023 K 2.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../../loaders/ingest.ts";
import { PRICK } from "../../loaders/insatser/rojande.ts";
import { rojAldersgrupper, rojFloden, rojNytta, type Kon, wilson } from "../../loaders/insatser/publicera.ts";
import { lasAldersgrupper, lasFloden, lasInsatser, type InsatsUnderlag } from "../../src/data/insatser-lib.ts";
import { openDb } from "../../loaders/site/lib.ts";
import { tempDir, writeFiles } from "../helpers.ts";
import { oppnaLinjer, RAKNE } from "./oppna-linjer.ts";

let root: string;
let u: InsatsUnderlag;
let aldrar: Awaited<ReturnType<typeof lasAldersgrupper>>;
let floden: Awaited<ReturnType<typeof lasFloden>>;
const savedDb = process.env.FORSORJNING_DB;

function deltagare(): string[] {
  const rows = [
    "deltagare_id,insats_id,kon,fodelsear,kommunkod,startdatum,slutdatum,avslutsanledning,forsorjning_fore,forsorjning_efter,sysselsattning_fore,sysselsattning_efter",
  ];
  for (let i = 0; i < 30; i++) {
    const kon = i % 2 === 0 ? "K" : "M";
    const start = `2023-${String(1 + (i % 12)).padStart(2, "0")}-01`;
    const slut = i < 20 ? "2023-12-31" : i < 26 ? "2024-06-30" : "";
    const efter = slut === "" ? "" : i % 2 === 0 ? "arbete" : "arbetssokande";
    rows.push(`a${i},A,${kon},${1970 + i},1080,${start},${slut},,sjukpenning,${slut && efter === "arbete" ? "lon" : slut ? "sjukpenning" : ""},ingen,${efter}`);
  }
  rows.push("b1,B,K,1990,1080,2023-03-01,2023-09-30,,sjukpenning,lon,ingen,arbete");
  rows.push("b2,B,K,1991,1080,2023-04-01,2023-10-31,,sjukpenning,sjukpenning,ingen,arbetssokande");
  rows.push("b3,B,M,1992,1080,2023-05-01,2023-11-30,,ekonomiskt_bistand,ekonomiskt_bistand,ingen,arbetssokande");
  return rows;
}

beforeAll(async () => {
  root = tempDir();
  const dataDir = path.join(root, "data");
  writeFiles(dataDir, {
    "insatser.csv": ["insats_id,forbund_id,insats_namn", "A,blekinge,Stora", "B,blekinge,Pilot"],
    "insats_ekonomi.csv": ["insats_id,ar,budget_kr,utfall_kr", "A,2023,900000,850000", "A,2024,300000,280000", "B,2023,100000,90000"],
    "deltagare.csv": deltagare(),
    "deltagare_anonyma.csv": ["insats_id,ar,kon,antal", "A,2023,K,2"],
  });
  const db = path.join(root, "publicera.duckdb");
  await ingest({ dataDir, dbPath: db });
  process.env.FORSORJNING_DB = db;
  const conn = await openDb();
  try {
    u = await lasInsatser(conn);
    aldrar = await lasAldersgrupper(conn);
    floden = await lasFloden(conn);
  } finally {
    conn.close();
  }
});
afterAll(() => {
  if (savedDb === undefined) delete process.env.FORSORJNING_DB;
  else process.env.FORSORJNING_DB = savedDb;
  fs.rmSync(root, { recursive: true, force: true });
});

describe("the main table", () => {
  it("hides every count of 1–4 of the small insats, shows its zeros, and hides its share", () => {
    const b = u.resultat.insatser.get("B")!;
    expect(Object.keys(b).sort()).toEqual(["2023", "alla"]);
    for (const p of ["alla", "2023"]) {
      expect(b[p]!.T).toMatchObject({ startade: PRICK, avslutade: PRICK, pagaende: 0, deltagare_under_perioden: PRICK, avslutade_med_uppgift: PRICK, till_arbete_eller_studier: PRICK, anonyma: 0 });
      expect(b[p]!.T!.andel_arbete_eller_studier).toBe(PRICK);
      expect(b[p]!.T!.wilson_lag).toBe(PRICK);
      // the cost is public, so the cost per deltagare would give the count back
      expect(b[p]!.T!.utfall_kr).toBe(90000);
      expect(b[p]!.T!.kostnad_per_deltagare).toBe(PRICK);
    }
  });

  it("keeps the förbund's total and hides the large insats's count instead, so the total gives nothing back", () => {
    // Started in 2023: A 30, B 3, förbund 33. B's 3 is primary; with only two insatser, either A's 30 or the total 33
    // must go — the total is kept (it is the förbund page's figure).
    const f = u.resultat.forbund.get("blekinge")!;
    expect(f["2023"]!.T!.startade).toBe(33);
    expect(u.resultat.insatser.get("A")!["2023"]!.T!.startade).toBe(PRICK);
  });

  it("leaves no published line with exactly one hidden value", () => {
    expect(oppnaLinjer(u.resultat.insatser, u.resultat.forbund, new Map([["blekinge", ["A", "B"]]]))).toEqual([]);
  });

  it("shows a share with its Wilson interval where the counts allow it, as the SQL computes it", () => {
    // A, 2023, kön T: 20 ended with an outcome, every other one (10) to arbete.
    const a = u.delar.find((d) => d.insats_id === "A" && d.period === "2023" && d.kon === "T")!;
    expect([a.avslutade_med_uppgift, a.till_arbete_eller_studier]).toEqual([20, 10]);
    const v = u.resultat.insatser.get("A")!["2023"]!.T!;
    if (v.andel_arbete_eller_studier !== PRICK) {
      expect(v.andel_arbete_eller_studier).toBe(0.5);
      expect(v.wilson_lag).toBeCloseTo(wilson(10, 20)![0], 12);
    }
    // The macro's values in test/measures/insatser.test.ts: 1 of 3 → 0.061491944720, 0.792340399198.
    expect(wilson(1, 3)![0]).toBeCloseTo(0.06149194472, 10);
    expect(wilson(1, 3)![1]).toBeCloseTo(0.792340399198, 10);
    expect(wilson(0, 0)).toBe(null);
  });

  it("never publishes a count of 1–4", () => {
    const alla = [...u.resultat.insatser.values(), ...u.resultat.forbund.values()];
    for (const vp of alla) for (const perKon of Object.values(vp)) for (const v of Object.values(perKon)) {
      for (const m of RAKNE) {
        const x = v![m];
        expect(x === PRICK || x === 0 || (typeof x === "number" && x >= 5), `${m} ${x}`).toBe(true);
      }
    }
  });
});

describe("the breakdowns", () => {
  it("follow the main table: a total hidden there is hidden in the age groups and the flows too", () => {
    const b = u.insatser.find((i) => i.id === "B")!;
    const alder = rojAldersgrupper("B", aldrar.get("B") ?? [], b.perioder, u.resultat.orsak, u.huvud);
    for (const g of alder.alla!) expect([g.deltagare_med_personuppgifter, g.avslutade_med_uppgift].every((x) => x === 0 || x === PRICK)).toBe(true);
    const flode = rojFloden("B", floden.get("B") ?? [], b.perioder, u.resultat.orsak, u.huvud);
    expect(flode.alla!.T!.totalt).toBe(PRICK);
    expect(flode.alla!.T!.celler.flat().every((x) => x === 0 || x === PRICK)).toBe(true);
    // A's flow: the total is the main table's avslutade, shown or hidden as there.
    const a = u.insatser.find((i) => i.id === "A")!;
    const fa = rojFloden("A", floden.get("A") ?? [], a.perioder, u.resultat.orsak, u.huvud);
    for (const p of a.perioder) for (const k of ["K", "M", "T"] as Kon[]) expect(fa[p]![k]!.totalt).toBe(u.resultat.insatser.get("A")![p]![k]!.avslutade);
  });

  it("refuses a breakdown that does not add up to the main table", () => {
    const a = u.insatser.find((i) => i.id === "A")!;
    const fel = (aldrar.get("A") ?? []).map((r) => ({ ...r, deltagare_med_personuppgifter: r.deltagare_med_personuppgifter + 1 }));
    expect(() => rojAldersgrupper("A", fel, a.perioder, u.resultat.orsak, u.huvud)).toThrow(/add up/);
  });
});

describe("rojNytta", () => {
  const k = (kommunkod: string, ar: number, kvalificerade: number, s: number | null = 160_000) => ({ kommunkod, ar, kvalificerade, kr_per_helarsekvivalent: s });
  const rad = (period: string, kvalificerade: number, med_schablon: number, summa: number) => ({ period, kvalificerade, med_schablon, summa_schablon_kr: summa, utfall_kr: 500_000 });

  it("publishes the Σ of schablons for 5 or more, and hides it with the count for fewer", () => {
    // 2023: 1080 6, 1082 2 → 8; 2024: 1080 3 → 3 (primary); alla 11. Kommun × year with margins: 1082's 2 and
    // 2024's 3 are primary; the rest follows the table rule.
    const n = rojNytta(
      [rad("2023", 8, 8, 1_280_000), rad("2024", 3, 3, 480_000), rad("alla", 11, 11, 1_760_000)],
      [k("1080", 2023, 6), k("1082", 2023, 2), k("1080", 2024, 3)],
      ["alla", "2023", "2024"],
    );
    expect(n.perioder["2024"]).toMatchObject({ kvalificerade: PRICK, summa_schablon_kr: PRICK });
    // With 2024 hidden, 2023 must be hidden too (alla − 2023 would give 3), or alla: the total is kept.
    expect(n.perioder.alla).toMatchObject({ kvalificerade: 11, summa_schablon_kr: 1_760_000, utan_schablon: 0, kommunschablon: true });
    expect(n.perioder["2023"]!.kvalificerade).toBe(PRICK);
    expect(n.kommuner.find((x) => x.kommunkod === "1082")!.kvalificerade["2023"]).toBe(PRICK);
  });

  it("lets the page weight by kommun only when those without a schablon are none, all, or 5 or more beside 5 or more", () => {
    const en = (med: number) => rojNytta([rad("alla", 20, med, med * 160_000)], [k("1080", 2023, 20)], ["alla"]).perioder.alla!;
    expect(en(20)).toMatchObject({ kommunschablon: true, utan_schablon: 0 });
    expect(en(0)).toMatchObject({ kommunschablon: true, utan_schablon: 20 });
    expect(en(12)).toMatchObject({ kommunschablon: true, utan_schablon: 8 });
    expect(en(17)).toMatchObject({ kommunschablon: false, utan_schablon: PRICK, summa_schablon_kr: PRICK, kvalificerade: 20 });
  });
});
