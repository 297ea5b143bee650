// Areas below kommun (issue #7 item 6): stadsdelar, valdistrikt and förbund areas from SCB's finsam.se delivery
// (the assumed-layout fixture test/fixtures/scb-finsam/) are their own region type under their kommun, and a förbund
// whose membership names a delområde takes its value from the matching areas — or has none, and shows as incomplete.
// The fixture gives the population 16–65 beside the amounts, so the ingest runs with --aldersband 16-65.
//   Göteborg Centrum (förbund area) 2023: totalt 3 401 000 kr over 90 500 invånare (given, not interpolated) × 365
//   Södermalm (stadsdel of 0180) 2023: sjukpenning 710 000 kr over 90 500 × 365
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../loaders/config.ts";
import { ingest } from "../../loaders/ingest.ts";
import { LAGRING, viewsSql } from "../../loaders/measures/views.ts";
import { query, type Row, tempDir, writeFiles } from "../helpers.ts";

const FIXTURE = path.join(PROJECT_ROOT, "test", "fixtures", "scb-finsam", "forsorjningsmatt_2022_2023.xlsx");
let dir: string;
let db: string;

beforeAll(async () => {
  dir = tempDir();
  fs.mkdirSync(path.join(dir, "data"));
  fs.copyFileSync(FIXTURE, path.join(dir, "data", path.basename(FIXTURE)));
  db = path.join(dir, "omraden.duckdb");
  // The built-in 2012 list names Göteborg's four förbund by delområde (Centrum, Hisingen, Väster, Nordost).
  await ingest({ dataDir: path.join(dir, "data"), dbPath: db, ageBand: { fran: 16, till: 65 } });
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const one = (rows: Row[]) => {
  expect(rows).toHaveLength(1);
  return rows[0];
};

describe("areas below kommun", () => {
  it("are their own region type under their kommun, over the population the source gives", async () => {
    const r = one(await query(db, "SELECT * FROM forsorjningsmatt_delomrade WHERE regionkod = 'Södermalm' AND period = '2023' AND ersattning = 'sjukpenning'"));
    expect(r).toMatchObject({ regiontyp: "stadsdel", kommunkod: "0180", belopp_kr: "710000.00", befolkning: "90500.00", dagar: 365, preliminar: false });
    expect(r.kr_per_invanare_och_dag).toBeCloseTo(710_000 / (90_500 * 365), 12);
  });

  it("never enter the kommun's own value or the contract view's region types", async () => {
    const typer = await query(db, "SELECT DISTINCT regiontyp FROM forsorjningsmatt ORDER BY 1");
    expect(typer.map((t) => t.regiontyp)).toEqual(["forbund", "kommun", "lan", "riket"]);
  });
});

describe("the views the ingest computes once (loaders/measures/views.ts LAGRING)", () => {
  it("give, row for row, what their definitions in views.sql and ekonomi.sql give (kommuner and areas below them)", async () => {
    const text = viewsSql({ fran: 16, till: 65 });
    // (Those held only while the ingest runs are their definitions afterwards.)
    for (const { view } of LAGRING.filter((l) => l.tabell)) {
      const definition = new RegExp(`CREATE VIEW ${view} AS\\n([\\s\\S]*?);\\n`).exec(text)?.[1];
      expect(definition, view).toBeTruthy();
      const [r] = await query(db, `SELECT
          (SELECT count(*) FROM ${view})::INTEGER AS rader,
          (SELECT count(*) FROM (SELECT * FROM ${view} EXCEPT ALL SELECT * FROM (${definition})))::INTEGER AS bara_lagrad,
          (SELECT count(*) FROM (SELECT * FROM (${definition}) EXCEPT ALL SELECT * FROM ${view}))::INTEGER AS bara_definition`);
      expect({ view, ...r }).toEqual({ view, rader: expect.any(Number), bara_lagrad: 0, bara_definition: 0 });
      expect(Number(r.rader), view).toBeGreaterThan(0);
    }
    // The areas below a kommun are among forsorjningsmatt_kommun's rows (kept apart from its kommun rows).
    const [enhet] = await query(db, "SELECT count(*)::INTEGER AS n FROM forsorjningsmatt_kommun WHERE enhetstyp <> 'kommun'");
    expect(Number(enhet.n)).toBeGreaterThan(0);
  });
});

describe("förbund covering part of a kommun", () => {
  it("take their value from the matching förbund area: Göteborg Centrum 2023 = 3 401 000 / (90 500 × 365)", async () => {
    const r = one(await query(db, "SELECT * FROM forsorjningsmatt_utokad WHERE regiontyp = 'forbund' AND regionkod = 'goteborg-centrum' AND period = '2023' AND ersattning = 'totalt' AND kon = 'T'"));
    expect(r).toMatchObject({ belopp_kr: "3401000.00", befolkning: "90500.00", antal_kommuner: 1, antal_kommuner_i_regionen: 1 });
    expect(r.kr_per_invanare_och_dag).toBeCloseTo(3_401_000 / (90_500 * 365), 12);
  });

  it("match a stadsdel named in the membership, and count a delområde the data lacks as missing", async () => {
    const data = path.join(dir, "egna");
    fs.cpSync(path.join(dir, "data"), data, { recursive: true });
    writeFiles(data, {
      "forbund.csv": [
        "forbund_id,forbund_namn,kommunkod,fran,till,delomrade",
        "Söder,Finsam Söder,0180,,,Södermalm",
        "Söder,Finsam Söder,0180,,,Kungsholmen",
      ],
    });
    const db2 = path.join(dir, "egna.duckdb");
    await ingest({ dataDir: data, dbPath: db2, ageBand: { fran: 16, till: 65 } });
    const r = one(await query(db2, "SELECT * FROM forsorjningsmatt_utokad WHERE regiontyp = 'forbund' AND regionkod = 'Söder' AND period = '2023' AND ersattning = 'sjukpenning' AND kon = 'T'"));
    // Södermalm only; Kungsholmen is a member without data: 1 of 2 areas, so the site says the value is incomplete.
    expect(r).toMatchObject({ belopp_kr: "710000.00", antal_kommuner: 1, antal_kommuner_i_regionen: 2 });
    const enheter = await query(db2, "SELECT delomrade, enhetstyp, enhetskod FROM region_enhet WHERE regionkod = 'Söder' ORDER BY delomrade");
    expect(enheter).toEqual([
      { delomrade: "Kungsholmen", enhetstyp: null, enhetskod: null },
      { delomrade: "Södermalm", enhetstyp: "stadsdel", enhetskod: "Södermalm" },
    ]);
  });

  it("have no value when the band of the source's population is not the configured band (16–64 here)", async () => {
    const db3 = path.join(dir, "band.duckdb");
    await ingest({ dataDir: path.join(dir, "data"), dbPath: db3 });
    expect(await query(db3, "SELECT count(*)::INTEGER n FROM forsorjningsmatt_delomrade")).toEqual([{ n: 0 }]);
    expect(await query(db3, "SELECT count(*)::INTEGER n FROM forsorjningsmatt WHERE regiontyp = 'forbund'")).toEqual([{ n: 0 }]);
  });
});
