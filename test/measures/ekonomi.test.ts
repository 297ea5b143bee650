// The förbund's economy (DESIGN.md §2.4) against values computed by hand.
//
// Three förbund: A = 0114 (member all along) + 0115 (joins 2023-07-01), B = 0117, C = 0120 (no payouts in the data).
// Payouts 2023, yearly rows, kön T, sjukpenning only (the one ersättning in scope): 0114 300 000, 0115 100 000,
// 0117 400 000. Population 16–64 on 31 December (aged 40, and 100 aged 18 in 0114 in 2023):
//        2022   2023 (16–64)   2023 (20–64)
//   0114  900   1100           1000
//   0115  800   1000           1000
//   0117 2000   3000           3000
//   0120  400    500            500
// Settings: B = 1 000 000 kr, G = 100 000 kr, weights 0.75 / 0.25; n = 3 förbund → B − n·G = 700 000.
// Data year 2023, membership on 1 January: A = 0114 only → belopp 300 000, befolkning 1100; B → 400 000, 3000;
// C has no payouts → G alone. Σbelopp = 700 000, Σbefolkning (förbund with data) = 4100.
//   A = 100 000 + 700 000 · (0.75 · 3/7 + 0.25 · 1100/4100) = 371 951.219…
//   B = 100 000 + 700 000 · (0.75 · 4/7 + 0.25 · 3000/4100) = 528 048.780…
//   C = 100 000;  A + B + C = 1 000 000.
// Medlemsandel, budget year 2024 (membership on 1 January 2024, population on 31 December 2023):
//   A: 0114 1100 / 2100, 0115 1000 / 2100;  B: 0117 1;  C: 0120 1.   Budget year 2023 (31 December 2022): A: 0114 alone.
//   With a 20–64 key: A 2024: 0114 1000 / 2000 = 0.5.   With an own key file (A 2024: 0114 60, 0115 40): 0.6 and 0.4.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingest, parseEconomy } from "../../loaders/ingest.ts";
import { IngestError, UsageError } from "../../loaders/errors.ts";
import { query, type Row, tempDir, writeFiles } from "../helpers.ts";

let dir: string;
let db: string;

const EKONOMI = { budgetKr: 1_000_000, grundbeloppKr: 100_000 };
const A = 100_000 + 700_000 * (0.75 * (3 / 7) + 0.25 * (1100 / 4100));
const B = 100_000 + 700_000 * (0.75 * (4 / 7) + 0.25 * (3000 / 4100));

function pop(kod: string, ar: string, n: number, aged18 = 0): string[] {
  const rows = [`${kod},${ar}-12-31,40,K,${n / 2}`, `${kod},${ar}-12-31,40,M,${n / 2}`];
  return aged18 ? [...rows, `${kod},${ar}-12-31,18,K,${aged18}`] : rows;
}

beforeAll(async () => {
  dir = tempDir();
  writeFiles(path.join(dir, "data"), {
    "befolkning.csv": [
      "kommunkod,datum,alder,kon,antal",
      ...pop("0114", "2022", 900), ...pop("0114", "2023", 1000, 100),
      ...pop("0115", "2022", 800), ...pop("0115", "2023", 1000),
      ...pop("0117", "2022", 2000), ...pop("0117", "2023", 3000),
      ...pop("0120", "2022", 400), ...pop("0120", "2023", 500),
    ],
    "utbetalningar.csv": [
      "kommunkod,period,ersattning,kon,belopp_kr",
      "0114,2023,sjukpenning,T,300000.00",
      "0115,2023,sjukpenning,T,100000.00",
      "0117,2023,sjukpenning,T,400000.00",
    ],
    "forbund.csv": [
      "forbund_id,forbund_namn,kommunkod,fran,till",
      "A,Förbund A,0114,,",
      "A,Förbund A,0115,2023-07-01,",
      "B,Förbund B,0117,,",
      "C,Förbund C,0120,,",
    ],
  });
  db = path.join(dir, "ekonomi.duckdb");
  await ingest({ dataDir: path.join(dir, "data"), dbPath: db, ekonomi: EKONOMI });
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("statens fördelningsmodell", () => {
  let rows: Row[];
  beforeAll(async () => {
    rows = await query(db, "SELECT * FROM statens_fordelning ORDER BY forbund_id");
  });

  it("has exactly the contract's columns", () => {
    expect(Object.keys(rows[0])).toEqual(["ar", "forbund_id", "belopp_kr", "befolkning", "andel_belopp", "andel_befolkning", "beraknad_tilldelning_kr"]);
  });

  it("counts kronor and population of the members on 1 January of the data year", () => {
    expect(rows.map((r) => [r.ar, r.forbund_id, r.belopp_kr, r.befolkning])).toEqual([
      [2023, "A", "300000.00", 1100],
      [2023, "B", "400000.00", 3000],
      [2023, "C", null, 500],
    ]);
    expect(rows[0].andel_belopp).toBeCloseTo(3 / 7, 12);
    expect(rows[0].andel_befolkning).toBeCloseTo(1100 / 4100, 12);
  });

  it("gives G + (B − n·G) × (0.75 · belopp share + 0.25 · population share), and G alone without data", () => {
    expect(rows[0].beraknad_tilldelning_kr).toBeCloseTo(A, 6);
    expect(rows[1].beraknad_tilldelning_kr).toBeCloseTo(B, 6);
    expect(rows[2].beraknad_tilldelning_kr).toBe(100_000);
    expect((rows[0].beraknad_tilldelning_kr as number) + (rows[1].beraknad_tilldelning_kr as number) + 100_000).toBeCloseTo(1_000_000, 6);
  });

  it("flags the förbund without data and shows the settings beside the figures", async () => {
    const u = await query(db, "SELECT forbund_id, utan_data, antal_forbund, budget_kr, grundbelopp_kr, vikt_belopp, vikt_befolkning FROM statens_fordelning_utokad ORDER BY forbund_id");
    expect(u.map((r) => r.utan_data)).toEqual([false, false, true]);
    expect(u[0]).toMatchObject({ antal_forbund: 3, budget_kr: 1_000_000, grundbelopp_kr: 100_000, vikt_belopp: 0.75, vikt_befolkning: 0.25 });
  });

  it("refuses weights that do not sum to 1", () => {
    expect(() => parseEconomy({ viktBelopp: 0.8, viktBefolkning: 0.25 })).toThrow(UsageError);
    expect(parseEconomy(undefined)).toMatchObject({ budgetKr: 339_000_000, grundbeloppKr: 400_000, viktBelopp: 0.75, viktBefolkning: 0.25 });
  });
});

describe("medlemsandel", () => {
  it("has exactly the contract's columns", async () => {
    const r = await query(db, "SELECT * FROM medlemsandel LIMIT 1");
    expect(Object.keys(r[0])).toEqual(["forbund_id", "ar", "kommunkod", "befolkning", "andel"]);
  });

  it("splits by the population at 31 December before the budget year, members on 1 January of it", async () => {
    const r = await query(db, "SELECT ar, forbund_id, kommunkod, befolkning, andel FROM medlemsandel ORDER BY ar, forbund_id, kommunkod");
    const a2024 = r.filter((x) => x.ar === 2024 && x.forbund_id === "A");
    expect(a2024.map((x) => [x.kommunkod, x.befolkning])).toEqual([["0114", 1100], ["0115", 1000]]);
    expect(a2024[0].andel).toBeCloseTo(1100 / 2100, 12);
    expect(a2024[1].andel).toBeCloseTo(1000 / 2100, 12);
    expect(r.filter((x) => x.ar === 2023 && x.forbund_id === "A").map((x) => [x.kommunkod, x.befolkning, x.andel])).toEqual([["0114", 900, 1]]);
    expect(r.filter((x) => x.ar === 2024 && x.forbund_id === "C").map((x) => [x.kommunkod, x.andel])).toEqual([["0120", 1]]);
  });

  it("takes the key's own age band when set: 20–64 → A 2024 0114 = 1000 / 2000", async () => {
    const db2 = path.join(dir, "band.duckdb");
    await ingest({ dataDir: path.join(dir, "data"), dbPath: db2, ekonomi: { ...EKONOMI, nyckelAldersband: { fran: 20, till: 64 } } });
    const r = await query(db2, "SELECT kommunkod, befolkning, andel FROM medlemsandel WHERE ar = 2024 AND forbund_id = 'A' ORDER BY kommunkod");
    expect(r.map((x) => [x.kommunkod, x.befolkning, x.andel])).toEqual([["0114", 1000, 0.5], ["0115", 1000, 0.5]]);
    const s = await query(db2, "SELECT varde FROM installning WHERE nyckel IN ('medlemsandel_alder_fran', 'medlemsandel_alder_till') ORDER BY nyckel");
    expect(s.map((x) => x.varde)).toEqual(["20", "64"]);
  });

  it("uses a förbund's own key file where it has one, and refuses a key for an unknown förbund", async () => {
    const data = path.join(dir, "egen");
    fs.cpSync(path.join(dir, "data"), data, { recursive: true });
    writeFiles(data, { "medlemsnyckel.csv": ["forbund_id,ar,kommunkod,varde", "A,2024,0114,60", "A,2024,0115,40"] });
    const db3 = path.join(dir, "egen.duckdb");
    await ingest({ dataDir: data, dbPath: db3, ekonomi: EKONOMI });
    const r = await query(db3, "SELECT kommunkod, befolkning, andel, nyckeltyp FROM medlemsandel_utokad WHERE ar = 2024 AND forbund_id = 'A' ORDER BY kommunkod");
    expect(r).toEqual([
      { kommunkod: "0114", befolkning: null, andel: 0.6, nyckeltyp: "egen_nyckel" },
      { kommunkod: "0115", befolkning: null, andel: 0.4, nyckeltyp: "egen_nyckel" },
    ]);
    writeFiles(data, { "medlemsnyckel.csv": ["forbund_id,ar,kommunkod,varde", "A,2024,0114,60", "X,2024,0115,40"] });
    const error = await ingest({ dataDir: data, dbPath: db3, ekonomi: EKONOMI }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).message).toMatch(/medlemsnyckel\.csv, rad 3, kolumn forbund_id.*fann "X", förväntade ett förbund i förbundslistan/);
  });
});
