// The ingest's fast path (loaders/bulk.ts: DuckDB reads the large canonical files itself) against the exact path
// (every row through the adapter and the shared validation): the same files give the same tables, row for row, and
// the same notes; a file the fast path cannot decide is read exactly (with the exact path's refusal when it is bad).
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../loaders/config.ts";
import { bulkLoads } from "../../loaders/bulk.ts";
import { IngestError } from "../../loaders/errors.ts";
import { crossFileConflict, ingest } from "../../loaders/ingest.ts";
import { monthlyRows, query, tempDir, writeFiles } from "../helpers.ts";

const TABLES = [
  "befolkning", "utbetalning", "utbetalning_version", "helarsekvivalent", "inlast_fil", "forbund_medlem", "installning",
  "delomrade", "utbetalning_delomrade", "befolkning_angiven", "deltagare", "deltagare_forsorjning", "insats",
];

let root: string;
beforeAll(() => {
  root = tempDir();
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

async function dump(db: string): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of TABLES) out[t] = await query(db, `SELECT * FROM ${t} ORDER BY ALL`);
  out.forsorjningsmatt = await query(db, "SELECT * FROM forsorjningsmatt ORDER BY ALL");
  return out;
}

async function both(dataDir: string) {
  const fast = path.join(root, `${path.basename(dataDir)}-snabb.duckdb`);
  const exact = path.join(root, `${path.basename(dataDir)}-exakt.duckdb`);
  const logFast: string[] = [];
  const a = await ingest({ dataDir, dbPath: fast, log: (l) => logFast.push(l) });
  const b = await ingest({ dataDir, dbPath: exact, snabb: false });
  return { a, b, fast: await dump(fast), exact: await dump(exact), logFast };
}

describe("the fast path gives what the exact path gives", () => {
  it("on a slice of the demo (population, payouts, helårsekvivalenter, SUS export, built-in förbund)", { timeout: 180_000 }, async () => {
    const dir = path.join(root, "demo");
    fs.mkdirSync(dir);
    for (const f of ["DEMODATA.md", "befolkning_2019.csv", "befolkning_2020.csv", "utbetalningar_2020.csv", "helarsekvivalenter_2020.csv"]) {
      fs.copyFileSync(path.join(PROJECT_ROOT, "data", "demo", f), path.join(dir, f));
    }
    fs.cpSync(path.join(PROJECT_ROOT, "data", "demo", "sus"), path.join(dir, "sus"), { recursive: true });
    const r = await both(dir);
    expect(r.fast.utbetalning.length).toBe(38_280);
    expect(r.a.files.filter((f) => f.fast).map((f) => f.fil)).toEqual(["befolkning_2019.csv", "befolkning_2020.csv", "helarsekvivalenter_2020.csv", "utbetalningar_2020.csv"]);
    expect(r.logFast.join("\n")).not.toContain("läser om allt");
    expect(r.fast).toEqual(r.exact);
    expect(r.a.notes).toEqual(r.b.notes);
    expect(r.a.rows).toBe(r.b.rows);
  });

  it("on codes without a leading zero, names, a recoded code, a split kommun, years, K/M/T and statuses", async () => {
    const dir = path.join(root, "varianter");
    writeFiles(dir, {
      "befolkning.csv": [
        "kommunkod,datum,alder,kon,antal",
        "114,2022-12-31,40,K,500", "114,2022-12-31,40,M,500", "0114,2023-12-31,40,K,510", "0114,2023-12-31,40,M,490",
        "Heby,2022-12-31,30,K,700", "1917,2023-12-31,30,K,710", "0331,2022-12-31,30,M,650", "0331,2023-12-31,30,M,640",
        "0380,2001-12-31,30,K,100", "0380,2002-12-31,30,K,110",
      ],
      "utbetalningar.csv": [
        "kommunkod,period,ersattning,kon,belopp_kr,status",
        ...monthlyRows("114", "2023H1", "sjukpenning", "K", "100.10").map((r) => `${r},`),
        "Upplands Väsby,2023H2,sjukpenning,T,1234.5,",
        "1917,2023,ekonomiskt_bistand,T,99.99,",
        "0331,2023,aktivitetsstod,K,,saknas",
        "0380,2002H1,sjukpenning,T,50,",
        "0380,2002H2,sjukpenning,T,-5.25,preliminar",
      ],
      "helarsekvivalenter.csv": ["kommunkod,manad,ersattning,kon,helarsekvivalenter", "114,2023-01,sjukpenning,K,1.5", "0114,2023-02,sjukpenning,K,0"],
    });
    const r = await both(dir);
    expect(r.fast).toEqual(r.exact);
    expect(r.a.notes).toEqual(r.b.notes);
    expect(r.a.notes.join("\n")).toContain("114 → 0114");
    expect(r.a.notes.join("\n")).toContain("Kommunkod 1917 har räknats om till 0331");
    expect(r.a.notes.join("\n")).toContain("Uppgifter för 0380 före 2003-01-01");
    // Every one of these files was decided on the fast path (no "läser om allt" line).
    expect(r.a.files.every((f) => f.fast)).toBe(true);
    expect(r.logFast.join("\n")).not.toContain("läser om allt");
  });
});

describe("the direct load (files as the canonical format writes them) gives what the exact path gives", () => {
  it("with current codes, a split kommun before its split, months, half-years, years, K/M/T, statuses and negative values", async () => {
    const dir = path.join(root, "direkt");
    writeFiles(dir, {
      "befolkning_a.csv": ["kommunkod,datum,alder,kon,antal", "0114,2022-12-31,40,K,500", "0114,2023-12-31,100,M,0", "0380,2002-12-31,0,K,110", "0380,2003-12-31,30,K,120"],
      "befolkning_b.csv": ["kommunkod,datum,alder,kon,antal", "0331,2022-12-31,30,M,650", "0331,2023-12-31,30,M,640"],
      "utbetalningar_a.csv": [
        "kommunkod,period,ersattning,kon,belopp_kr,status",
        ...monthlyRows("0114", "2023H1", "sjukpenning", "K", "100.10").map((r) => `${r},`),
        "0114,2023H2,sjukpenning,T,1234.5,",
        "0331,2023,aktivitetsstod,K,,saknas",
        "0331,2023,aktivitetsstod,M,,undertryckt",
        "0380,2002H1,sjukpenning,T,50,",
        "0380,2002H2,sjukpenning,T,-5.25,preliminar",
      ],
      "utbetalningar_b.csv": ["kommunkod,period,ersattning,kon,belopp_kr,status", "0331,2023-07,ekonomiskt_bistand,M,0,noll_kan_vara_bortfall"],
      "helarsekvivalenter.csv": ["kommunkod,manad,ersattning,kon,helarsekvivalenter", "0114,2023-01,sjukpenning,K,1.5", "0380,2002-02,sjukpenning,K,0"],
    });
    const before = { ...bulkLoads };
    const r = await both(dir);
    // One read per kind and header (befolkning, utbetalningar, helårsekvivalenter), each decided by the direct load.
    expect(bulkLoads.direct - before.direct).toBe(3);
    expect(bulkLoads.staged - before.staged).toBe(0);
    expect(r.a.files.every((f) => f.fast)).toBe(true);
    expect(r.fast).toEqual(r.exact);
    expect(r.a.notes).toEqual(r.b.notes);
    expect(r.a.rows).toBe(r.b.rows);
    expect(r.fast.utbetalning).toHaveLength(12);
    // The split kommun's note (three files have its data from before the split; the summary says it once).
    expect(r.a.notes.filter((n) => n.includes("Uppgifter för 0380 före 2003-01-01"))).toHaveLength(1);
  });

  it("leaves a file with one row it does not decide to the staged load, with the same result", async () => {
    const dir = path.join(root, "direkt-nej");
    writeFiles(dir, {
      "befolkning.csv": ["kommunkod,datum,alder,kon,antal", "0114,2022-12-31,40,K,500", "0114,2023-12-31,40,K, 510"],
      "utbetalningar.csv": ["kommunkod,period,ersattning,kon,belopp_kr", "0114,2023H1,sjukpenning,K,5", "0114,2023H2,sjukpenning,K,5.5"],
    });
    const before = { ...bulkLoads };
    const r = await both(dir);
    expect(bulkLoads.direct - before.direct).toBe(1);
    expect(bulkLoads.staged - before.staged).toBe(1);
    expect(r.fast).toEqual(r.exact);
    expect(r.fast.befolkning).toHaveLength(2);
  });
});

describe("periods the direct load checks once per distinct period, after the rows are in", () => {
  it("leaves a period written with a space to the staged load, with the same result as the exact path", async () => {
    const dir = path.join(root, "period-mellanslag");
    writeFiles(dir, {
      "befolkning.csv": ["kommunkod,datum,alder,kon,antal", "0114,2022-12-31,40,K,500", "0114,2023-12-31,40,K,510"],
      "utbetalningar.csv": ["kommunkod,period,ersattning,kon,belopp_kr", "0114,2023H1,sjukpenning,K,5", '0114," 2023H2",sjukpenning,K,5.5'],
      "helarsekvivalenter.csv": ["kommunkod,manad,ersattning,kon,helarsekvivalenter", "0114,2023-01,sjukpenning,K,1.5", '0114,"2023-02 ",sjukpenning,K,2'],
    });
    const before = { ...bulkLoads };
    const r = await both(dir);
    // befolkning by the direct load; utbetalningar and helårsekvivalenter by the staged load, after the direct load's
    // rows were taken out again.
    expect(bulkLoads.direct - before.direct).toBe(1);
    expect(bulkLoads.staged - before.staged).toBe(2);
    expect(r.fast).toEqual(r.exact);
    expect(r.fast.utbetalning).toHaveLength(2);
    expect(r.fast.helarsekvivalent).toHaveLength(2);
  });

  it("refuses a month 13 and a year before 1968 as the exact path does", async () => {
    const cases: [string, Record<string, string[]>, string][] = [
      ["manad-13", { "utbetalningar.csv": ["kommunkod,period,ersattning,kon,belopp_kr", "0114,2023-12,sjukpenning,K,5", "0114,2023-13,sjukpenning,K,5"] }, '"2023-13"'],
      ["ar-1967", { "helarsekvivalenter.csv": ["kommunkod,manad,ersattning,kon,helarsekvivalenter", "0114,2023-01,sjukpenning,K,1.5", "0114,1967-02,sjukpenning,K,2"] }, '"1967-02"'],
    ];
    for (const [name, files, found] of cases) {
      const dir = path.join(root, name);
      writeFiles(dir, { "befolkning.csv": ["kommunkod,datum,alder,kon,antal", "0114,2022-12-31,40,K,500"], ...files });
      const db = path.join(root, `${name}.duckdb`);
      const error = await ingest({ dataDir: dir, dbPath: db }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IngestError);
      expect((error as IngestError).message).toMatch(new RegExp(`rad 3, kolumn (period|manad).*fann ${found}`));
      expect(fs.existsSync(db)).toBe(false);
    }
  });
});

describe("what the fast path leaves to the exact path", () => {
  it("a kommun written as code and name is read exactly, with the same result", async () => {
    const dir = path.join(root, "kodnamn");
    writeFiles(dir, {
      "befolkning.csv": ["kommunkod,datum,alder,kon,antal", "0180,2022-12-31,40,K,10", "0180,2023-12-31,40,K,10"],
      "utbetalningar.csv": ["kommunkod,period,ersattning,kon,belopp_kr", "0180 Stockholm,2023H1,sjukpenning,K,5"],
    });
    const r = await both(dir);
    expect(r.fast).toEqual(r.exact);
    expect(r.fast.utbetalning).toHaveLength(1);
    // One file the fast path cannot decide sends every file to the exact path.
    expect(r.a.files.map((f) => [f.fil, f.fast ?? false])).toEqual([["befolkning.csv", false], ["utbetalningar.csv", false]]);
    expect(r.logFast.join("\n")).toContain("utbetalningar.csv har rader som den snabba inläsningen inte avgör: läser om allt med den exakta kontrollen.");
  });

  it("a SUS export read while DuckDB loads the large files: a refusal in it is the exact path's", async () => {
    const dir = path.join(root, "sus-fel");
    fs.mkdirSync(path.join(dir, "sus"), { recursive: true });
    for (const f of ["befolkning_2019.csv", "befolkning_2020.csv", "utbetalningar_2020.csv"]) fs.copyFileSync(path.join(PROJECT_ROOT, "data", "demo", f), path.join(dir, f));
    for (const f of ["deltagarregister_Umea.csv", "insatser_Umea_export.csv"]) fs.copyFileSync(path.join(PROJECT_ROOT, "data", "demo", "sus", f), path.join(dir, "sus", f));
    // Its sixth line gets a start date that is no date.
    const file = path.join(dir, "sus", "deltagarregister_Umea.csv");
    const lines = fs.readFileSync(file, "utf8").split("\n");
    const cells = lines[5].split(";");
    cells[5] = "2023-13-45 00:00";
    lines[5] = cells.join(";");
    fs.writeFileSync(file, lines.join("\n"));
    const log: string[] = [];
    const error = await ingest({ dataDir: dir, dbPath: path.join(root, "sus-fel.duckdb"), log: (l) => log.push(l) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).message).toMatch(/deltagarregister_Umea\.csv, rad 6, kolumn Startdatum \(kolumn 6\): fann "2023-13-45"/);
    expect(log.join("\n")).toContain("deltagarregister_Umea.csv avvisas: läser om allt med den exakta kontrollen.");
    expect(fs.existsSync(path.join(root, "sus-fel.duckdb"))).toBe(false);
  });

  it("a key given in two files sends the whole ingest to the exact path, which refuses it as usual", async () => {
    const dir = path.join(root, "dubblett");
    writeFiles(dir, {
      "befolkning.csv": ["kommunkod,datum,alder,kon,antal", "0180,2023-12-31,40,K,10"],
      "utbetalningar_a.csv": ["kommunkod,period,ersattning,kon,belopp_kr", "0180,2024H1,sjukpenning,T,1"],
      "utbetalningar_b.csv": ["kommunkod,period,ersattning,kon,belopp_kr", "0180,2024H1,sjukpenning,T,2"],
    });
    const log: string[] = [];
    const error = await ingest({ dataDir: dir, dbPath: path.join(root, "dubblett.duckdb"), log: (l) => log.push(l) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).message).toMatch(/utbetalningar_b\.csv, rad 2: fann en dubblett av kommun 0180, period 2024H1, sjukpenning, kön T, som redan finns i .*utbetalningar_a\.csv på rad 2/);
    expect(log.join("\n")).toContain("läser om allt med den exakta kontrollen");
  });
});

describe("the cross-file checks (crossFileConflict)", () => {
  // Each case: rows of the three tables as the loads leave them, and whether only the exact path may judge them.
  const bef = (kommun: string, datum: string, alder: number, kon = "K") => `('${kommun}', DATE '${datum}', ${alder}, '${kon}', 1, 0)`;
  const utb = (period: string, opts: { kommun?: string; kon?: string } = {}) => {
    const ar = period.slice(0, 4);
    const manad = period.length === 7 ? `'${period}'` : "NULL";
    const halvar = period.length === 7 ? `'${ar}${Number(period.slice(5)) <= 6 ? "H1" : "H2"}'` : period.length === 6 ? `'${period}'` : "NULL";
    return `('${opts.kommun ?? "0180"}', '${period}', ${manad}, ${halvar}, ${ar}, 'sjukpenning', '${opts.kon ?? "T"}', 1, '', 0)`;
  };
  const hae = (manad: string, kon = "T") => `('0180', '${manad}', '${manad.slice(0, 4)}H${Number(manad.slice(5)) <= 6 ? 1 : 2}', 'sjukpenning', '${kon}', 1, '', 0)`;
  const cases: { name: string; befolkning?: string[]; utbetalning?: string[]; helarsekvivalent?: string[]; conflict: boolean }[] = [
    { name: "every age 0–100 of two kommuner, both kön, two years", conflict: false,
      befolkning: ["0180", "0114"].flatMap((k) => ["2023-12-31", "2024-12-31"].flatMap((d) => Array.from({ length: 101 }, (_, a) => [bef(k, d, a, "K"), bef(k, d, a, "M")]).flat())) },
    { name: "age 100 twice", conflict: true, befolkning: [bef("0180", "2024-12-31", 100), bef("0180", "2024-12-31", 99), bef("0180", "2024-12-31", 100)] },
    { name: "age 0 twice", conflict: true, befolkning: [bef("0180", "2024-12-31", 0), bef("0180", "2024-12-31", 0)] },
    { name: "an age beyond 100 (only the exact path judges it)", conflict: true, befolkning: [bef("0180", "2024-12-31", 130)] },
    { name: "the same age on two dates and for two kön", conflict: false, befolkning: [bef("0180", "2023-12-31", 40), bef("0180", "2024-12-31", 40), bef("0180", "2024-12-31", 40, "M")] },
    { name: "twelve months, two years, K and M", conflict: false,
      utbetalning: ["2023", "2024"].flatMap((y) => Array.from({ length: 12 }, (_, m) => `${y}-${String(m + 1).padStart(2, "0")}`)).flatMap((p) => [utb(p, { kon: "K" }), utb(p, { kon: "M" })]) },
    { name: "a month twice", conflict: true, utbetalning: [utb("2024-03"), utb("2024-04"), utb("2024-03")] },
    { name: "a half-year twice", conflict: true, utbetalning: [utb("2024H2"), utb("2024H2")] },
    { name: "a year twice", conflict: true, utbetalning: [utb("2024"), utb("2024")] },
    { name: "both half-years, and a year of another kommun", conflict: false, utbetalning: [utb("2024H1"), utb("2024H2"), utb("2024", { kommun: "0114" })] },
    { name: "a year beside its half-year", conflict: true, utbetalning: [utb("2024"), utb("2024H2")] },
    { name: "a month beside its half-year", conflict: true, utbetalning: [utb("2024H1"), utb("2024-06")] },
    { name: "a month beside the other half-year", conflict: false, utbetalning: [utb("2024H1"), utb("2024-07")] },
    { name: "a period no load writes", conflict: true, utbetalning: [utb("2024-13")] },
    { name: "helårsekvivalenter: twelve months of two years", conflict: false,
      helarsekvivalent: ["2023", "2024"].flatMap((y) => Array.from({ length: 12 }, (_, m) => hae(`${y}-${String(m + 1).padStart(2, "0")}`))) },
    { name: "helårsekvivalenter: December twice", conflict: true, helarsekvivalent: [hae("2024-12"), hae("2024-01"), hae("2024-12")] },
    { name: "helårsekvivalenter: the same month for K and M", conflict: false, helarsekvivalent: [hae("2024-05", "K"), hae("2024-05", "M")] },
  ];
  for (const c of cases) {
    it(`${c.name}: ${c.conflict ? "left to the exact path" : "no conflict"}`, async () => {
      const { DuckDBInstance } = await import("@duckdb/node-api");
      const instance = await DuckDBInstance.create(":memory:");
      const connection = await instance.connect();
      try {
        await connection.run(fs.readFileSync(path.join(PROJECT_ROOT, "loaders", "db", "schema.sql"), "utf8"));
        for (const table of ["befolkning", "utbetalning", "helarsekvivalent"] as const) {
          const rows = c[table];
          if (rows?.length) await connection.run(`INSERT INTO ${table} VALUES ${rows.join(", ")}`);
        }
        expect(await crossFileConflict(connection)).toBe(c.conflict);
      } finally {
        connection.closeSync();
        instance.closeSync();
      }
    });
  }
});
