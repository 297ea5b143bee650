// The demo SUS-style export (data/demo/sus): deterministic, committed as generated, with the properties the issue
// promises, and read by the ingest into the measures without a personnummer reaching the database.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_DIR } from "../../loaders/config.ts";
import { buildSusModel, generateSusDemo, SUS_FORBUND } from "../../loaders/demo/sus.ts";
import { ingest } from "../../loaders/ingest.ts";
import { parsePersonnummer } from "../../loaders/insatser/personnummer.ts";
import { INSTALLNING_DIGESTS, query } from "../helpers.ts";

const SUS_DIR = path.join(DEMO_DIR, "sus");
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe("the generator", () => {
  it("writes the same bytes on every run, and the same as the committed data/demo/sus", () => {
    const a = fs.mkdtempSync(path.join(os.tmpdir(), "sus-a-"));
    const b = fs.mkdtempSync(path.join(os.tmpdir(), "sus-b-"));
    dirs.push(a, b);
    generateSusDemo({ out: a });
    generateSusDemo({ out: b });
    const names = fs.readdirSync(a).sort();
    expect(names).toContain("SUS_export_RAR_Sormland.xlsx");
    expect(fs.readdirSync(b).sort()).toEqual(names);
    expect(fs.readdirSync(SUS_DIR).sort()).toEqual(names);
    for (const n of names) {
      expect(fs.readFileSync(path.join(b, n)).equals(fs.readFileSync(path.join(a, n))), n).toBe(true);
      expect(fs.readFileSync(path.join(SUS_DIR, n)).equals(fs.readFileSync(path.join(a, n))), `${n} differs from the committed file: run npm run demo-data`).toBe(true);
    }
  });

  it("gives another data set for another seed", () => {
    const a = buildSusModel();
    const b = buildSusModel(1);
    expect(b.deltaganden.map((d) => d.start)).not.toEqual(a.deltaganden.map((d) => d.start));
  });
});

describe("the model behind it", () => {
  const model = buildSusModel();
  const fel = (a: string | null) => a !== null && a.toLowerCase().startsWith("felregistr");

  it("has three förbund of the built-in list, 40 insatser and 5 000 participations 2019–2025", () => {
    const forbund = fs.readFileSync(path.join("data", "reference", "forbund", "forbund_2012.csv"), "utf8");
    for (const f of SUS_FORBUND) expect(forbund).toContain(`\n${f.id},`);
    expect(new Set(model.insatser.map((i) => i.forbundId)).size).toBe(3);
    // every insats has its own name (the pool once ran out and wrote "undefined")
    expect(new Set(model.insatser.map((i) => i.namn)).size).toBe(40);
    expect(model.insatser.every((i) => typeof i.namn === "string" && i.namn !== "undefined")).toBe(true);
    expect(model.insatser).toHaveLength(40);
    expect(model.deltaganden).toHaveLength(5000);
    const years = new Set(model.deltaganden.map((d) => d.start.slice(0, 4)));
    expect([...years].sort()).toEqual(["2019", "2020", "2021", "2022", "2023", "2024", "2025"]);
  });

  it("has ongoing participations, Felregistrering, unknown outcomes and anonymous participants every year", () => {
    expect(model.deltaganden.filter((d) => d.slut === null).length).toBeGreaterThan(100);
    expect(model.deltaganden.filter((d) => fel(d.avslutsanledning)).length).toBeGreaterThan(30);
    expect(model.deltaganden.filter((d) => d.slut !== null && !fel(d.avslutsanledning) && d.sysselsattningEfter === null).length).toBeGreaterThan(100);
    expect([...new Set(model.anonyma.map((a) => a.ar))].sort()).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025]);
  });

  it("gives every personnummer a valid check digit and a date, and never the same number to two persons", () => {
    const persons = new Map(model.deltaganden.map((d) => [d.person.lopnr + d.insats.forbundId, d.person]));
    const numbers = [...persons.values()].map((p) => p.nummer);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const p of persons.values()) {
      const parsed = parsePersonnummer(p.nummer, { ar: 2025, manad: 12, dag: 31 });
      expect(parsed).toMatchObject({ fodelsear: p.fodelsear, kon: p.kon, samordningsnummer: true });
    }
  });

  it("has budget and utfall for every insats and year it ran", () => {
    for (const insats of model.insatser) {
      const first = Number(insats.start.slice(0, 4));
      const years = new Set(model.ekonomi.filter((e) => e.insats === insats).map((e) => e.ar));
      expect(years.has(first), insats.id).toBe(true);
      expect(model.ekonomi.filter((e) => e.insats === insats).every((e) => e.utfallOre > 0 && e.budgetOre > 0)).toBe(true);
    }
  });
});

describe("read by the ingest", () => {
  let db: string;
  let result: Awaited<ReturnType<typeof ingest>>;
  const savedKey = process.env.FORSORJNING_NYCKEL;
  beforeAll(async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sus-db-"));
    dirs.push(tmp);
    process.env.FORSORJNING_NYCKEL = path.join(tmp, "nyckel");
    db = path.join(tmp, "sus.duckdb");
    result = await ingest({ dataDir: SUS_DIR, dbPath: db });
  });
  afterAll(() => {
    if (savedKey === undefined) delete process.env.FORSORJNING_NYCKEL;
    else process.env.FORSORJNING_NYCKEL = savedKey;
  });

  it("reads all three exports and marks the database as demo data", async () => {
    expect(result.demodata).toBe(true);
    expect(await query(db, "SELECT count(*)::INTEGER AS insatser, count(DISTINCT forbund_id)::INTEGER AS forbund FROM insats")).toEqual([{ insatser: 40, forbund: 3 }]);
    expect(await query(db, "SELECT count(*)::INTEGER AS n FROM deltagare")).toEqual([{ n: 5000 }]);
    expect(await query(db, "SELECT min(ar)::INTEGER AS fran, max(ar)::INTEGER AS till FROM deltagare_antal")).toEqual([{ fran: 2023, till: 2025 }]);
  });

  it("reads the Windows-1252 export's en dash as an en dash, and every insats by its name", async () => {
    const r = await query(db, "SELECT insats_id, insats_namn, malgrupp FROM insats ORDER BY insats_id");
    const model = buildSusModel();
    expect(r.map((x) => x.insats_namn)).toEqual([...model.insatser].sort((a, b) => (a.id < b.id ? -1 : 1)).map((i) => i.namn));
    expect(r.filter((x) => String(x.insats_id).startsWith("BLE") && x.malgrupp === "Unga 16–29 år").length).toBeGreaterThan(0);
    expect(r.some((x) => /[\u0000-\u001f]/.test(`${x.insats_namn}${x.malgrupp}`))).toBe(false);
  });

  it("agrees with the model: participations, Felregistrering left out, ongoing at the export", async () => {
    const model = buildSusModel();
    const counted = model.deltaganden.filter((d) => !(d.avslutsanledning ?? "").toLowerCase().startsWith("felregistr"));
    const [r] = await query(db, "SELECT startade, pagaende FROM insats_resultat_forbund WHERE forbund_id = 'alla' AND period = 'alla' AND kon = 'T'");
    expect(r).toEqual({ startade: counted.length, pagaende: counted.filter((d) => d.slut === null).length });
  });

  it("has small insatser whose cells must be suppressed (counts of 1–4 in insats_resultat)", async () => {
    const r = await query(db, "SELECT DISTINCT insats_id FROM insats_resultat WHERE period = 'alla' AND kon IN ('K', 'M') AND startade BETWEEN 1 AND 4 ORDER BY insats_id");
    expect(r.map((x) => x.insats_id)).toEqual(expect.arrayContaining(["RAR113", "UME112"]));
  });

  it("stores no personnummer: no 10- or 12-digit number in any text column", async () => {
    const cols = await query(
      db,
      `SELECT c.table_name, c.column_name FROM information_schema.columns AS c JOIN information_schema.tables AS t USING (table_schema, table_name)
       WHERE c.data_type = 'VARCHAR' AND t.table_type = 'BASE TABLE' AND NOT (c.table_name = 'inlast_fil' AND c.column_name = 'sha256')`,
    );
    for (const { table_name, column_name } of cols) {
      // (The ingest's own digests in installning are hex, and a run of ten digits in one is chance: INSTALLNING_DIGESTS.)
      const digests = table_name === "installning" ? ` AND NOT (${INSTALLNING_DIGESTS})` : "";
      const hits = await query(db, `SELECT count(*)::INTEGER AS n FROM "${table_name}" WHERE (regexp_matches("${column_name}", '\\d{6}[-+ ]?\\d{4}') OR "${column_name}" ILIKE 'Testperson%')${digests}`);
      expect(hits[0].n, `${table_name}.${column_name}`).toBe(0);
    }
  });
});
