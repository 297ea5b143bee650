// Group scope (DESIGN.md §2.1): a group sums its members that are in scope in the period (the data set has a value
// for them, for at least one kommun, whatever the kön); a kommun's group value exists only where it has a value for
// every in-scope member. A förbund may define its own totalt (a setting stored with the database).
//
// 2023H1, population 0.75·P(2022) + 0.25·P(2023) = 1000 (K 500, M 500) for both kommuner:
//   0180  sjukpenning T 1000 (K 400, M 600), sjuk- och aktivitetsersättning T 2000, ekonomiskt bistånd T 3000
//   0114  sjukpenning T 500
//   In scope: sjukpenning, sjuk- och aktivitetsersättning, ekonomiskt bistånd (3 of 6); the three arbetsmarknad
//   ersättningar are in no file.
//   0180: ohälsa 3000, totalt 6000; arbetsmarknad has no member in scope → no value.
//   0114: no ohälsa, no totalt (it lacks in-scope members): never a smaller sum.
//   K and M: ekonomiskt bistånd and sjuk- och aktivitetsersättning are given only for T → no group value by kön.
//   Riket totalt = 0180 only: 6000 / (1000 × 181).
// Own totalt (sjukpenning, sjuk- och aktivitetsersättning, ekonomiskt bistånd, arbetslöshetsersättning): 0180 = 6000,
// 3 of its 4 members in scope.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingest, parseTotalt } from "../../loaders/ingest.ts";
import { UsageError } from "../../loaders/errors.ts";
import { query, type Row, tempDir, writeFiles } from "../helpers.ts";

let dir: string;
let db: string;
let rows: Row[];

const pick = (where: Partial<Row>) => rows.filter((r) => Object.entries(where).every(([k, v]) => r[k] === v));

beforeAll(async () => {
  dir = tempDir();
  writeFiles(path.join(dir, "data"), {
    "befolkning.csv": [
      "kommunkod,datum,alder,kon,antal",
      ...["0180", "0114"].flatMap((kod) => ["2022", "2023"].flatMap((ar) => [`${kod},${ar}-12-31,40,K,500`, `${kod},${ar}-12-31,40,M,500`])),
    ],
    "utbetalningar.csv": [
      "kommunkod,period,ersattning,kon,belopp_kr",
      "0180,2023H1,sjukpenning,T,1000.00",
      "0180,2023H1,sjukpenning,K,400.00",
      "0180,2023H1,sjukpenning,M,600.00",
      "0180,2023H1,sjuk_och_aktivitetsersattning,T,2000.00",
      "0180,2023H1,ekonomiskt_bistand,T,3000.00",
      "0114,2023H1,sjukpenning,T,500.00",
    ],
  });
  db = path.join(dir, "omfattning.duckdb");
  await ingest({ dataDir: path.join(dir, "data"), dbPath: db });
  rows = await query(db, "SELECT * FROM forsorjningsmatt WHERE period = '2023H1'");
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("groups over the ersättningar in scope", () => {
  it("lists per period which members of each group are in scope", async () => {
    const o = await query(db, "SELECT grupp, ersattning, i_omfattning, antal_i_omfattning, antal_medlemmar FROM grupp_omfattning WHERE period = '2023H1' AND grupp = 'totalt' ORDER BY ersattning");
    expect(o.filter((r) => r.i_omfattning).map((r) => r.ersattning)).toEqual(["ekonomiskt_bistand", "sjuk_och_aktivitetsersattning", "sjukpenning"]);
    expect(o.every((r) => r.antal_i_omfattning === 3 && r.antal_medlemmar === 6)).toBe(true);
  });

  it("sums the in-scope members where the kommun has them all: 0180 ohälsa 3000, totalt 6000", () => {
    expect(pick({ regiontyp: "kommun", ersattning: "ohalsa" }).map((r) => [r.regionkod, r.kon, r.belopp_kr])).toEqual([["0180", "T", "3000.00"]]);
    expect(pick({ regiontyp: "kommun", ersattning: "totalt" }).map((r) => [r.regionkod, r.kon, r.belopp_kr])).toEqual([["0180", "T", "6000.00"]]);
  });

  it("gives no value to a group with no member in scope", () => {
    expect(pick({ ersattning: "arbetsmarknad" })).toEqual([]);
  });

  it("gives no K or M group value where an in-scope member is given only for T, so K + M = T stays true", () => {
    expect(pick({ ersattning: "totalt", kon: "K" })).toEqual([]);
    expect(pick({ ersattning: "ohalsa", kon: "M" })).toEqual([]);
    expect(pick({ regiontyp: "kommun", regionkod: "0180", ersattning: "sjukpenning", kon: "K" })[0].belopp_kr).toBe("400.00");
  });

  it("aggregates a group over the kommuner that have it: riket totalt = 6000 / (1000 × 181)", () => {
    const [r] = pick({ regiontyp: "riket", ersattning: "totalt", kon: "T" });
    expect(r.belopp_kr).toBe("6000.00");
    expect(r.kr_per_invanare_och_dag).toBeCloseTo(6000 / (1000 * 181), 12);
  });
});

describe("the förbund's own totalt", () => {
  it("is stored with the database and sums only its members in scope", async () => {
    const own = path.join(dir, "egen.duckdb");
    await ingest({
      dataDir: path.join(dir, "data"),
      dbPath: own,
      totalt: ["sjukpenning", "sjuk_och_aktivitetsersattning", "ekonomiskt_bistand", "arbetsloshetsersattning"],
    });
    const s = await query(own, "SELECT varde FROM installning WHERE nyckel = 'totalt_ersattningar'");
    expect(s[0].varde).toBe("sjukpenning,sjuk_och_aktivitetsersattning,arbetsloshetsersattning,ekonomiskt_bistand");
    const t = await query(own, "SELECT regionkod, belopp_kr FROM forsorjningsmatt WHERE regiontyp = 'kommun' AND ersattning = 'totalt' AND period = '2023H1'");
    expect(t).toEqual([{ regionkod: "0180", belopp_kr: "6000.00" }]);
    const o = await query(own, "SELECT DISTINCT antal_i_omfattning, antal_medlemmar FROM grupp_omfattning WHERE period = '2023H1' AND grupp = 'totalt'");
    expect(o).toEqual([{ antal_i_omfattning: 3, antal_medlemmar: 4 }]);
  });

  it("defaults to all six and refuses an unknown id with the list of valid ones", () => {
    expect(parseTotalt(undefined)).toHaveLength(6);
    expect(() => parseTotalt(["sjukpenning", "bostadsbidrag"])).toThrow(UsageError);
    expect(() => parseTotalt(["sjukpenning", "bostadsbidrag"])).toThrow(/okänd: bostadsbidrag/);
    expect(() => parseTotalt([])).toThrow(UsageError);
  });
});
