// The ingest as a whole: reference data always loaded, kommun-code crosswalk, demo flag, file records,
// re-running without double counting, the CLI's output and exit codes, and a kill midway.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INGEST_MEMORY_LIMIT, ingestMemoryLimit, PROJECT_ROOT } from "../../loaders/config.ts";
import { ingest } from "../../loaders/ingest.ts";
import { monthlyRows, query, sha256OfFile, tempDir, writeFiles } from "../helpers.ts";

const TSX = path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx");
const CLI = path.join(PROJECT_ROOT, "loaders", "cli", "ingest.ts");

let root: string;

beforeAll(() => {
  root = tempDir();
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const BEFOLKNING = [
  "kommunkod,datum,alder,kon,antal",
  "0331,2022-12-31,30,K,4000",
  "0331,2022-12-31,30,M,4000",
  "0331,2023-12-31,30,K,4000",
  "0331,2023-12-31,30,M,4000",
  "0380,2001-12-31,30,K,100",
];

describe("what an analyst types", () => {
  it("keeps förbund ids as given (capitals, spaces, digits) and reads kommuner by stripped code or name", async () => {
    const dataDir = path.join(root, "typed");
    writeFiles(dataDir, {
      "befolkning.csv": BEFOLKNING,
      "utbetalningar.csv": ["kommunkod,period,ersattning,kon,belopp_kr", "331,2023H1,sjukpenning,T,100.00", "Heby,2023H2,sjukpenning,T,200.00"],
      "forbund.csv": [
        "forbund_id,forbund_namn,kommunkod,fran,till",
        "RAR,RAR Sörmland,0480,,",
        "Finsam Göteborg,Finsam Göteborg,Göteborg,,",
        "12,Förbund tolv,180,,",
      ],
    });
    const db = path.join(root, "typed.duckdb");
    const result = await ingest({ dataDir, dbPath: db });
    expect(await query(db, "SELECT forbund_id, kommunkod FROM forbund_medlem ORDER BY forbund_id")).toEqual([
      { forbund_id: "12", kommunkod: "0180" },
      { forbund_id: "Finsam Göteborg", kommunkod: "1480" },
      { forbund_id: "RAR", kommunkod: "0480" },
    ]);
    expect(await query(db, "SELECT period, belopp_kr FROM utbetalning WHERE kommunkod = '0331' ORDER BY period")).toEqual([
      { period: "2023H1", belopp_kr: "100.00" },
      { period: "2023H2", belopp_kr: "200.00" },
    ]);
    const notes = result.notes.join("\n");
    expect(notes).toContain("331 → 0331");
    expect(notes).toContain('"Heby" → 0331');
    expect(notes).toContain('"Göteborg" → 1480');
  });
});

describe("reference data and crosswalk", () => {
  let db: string;
  let result: Awaited<ReturnType<typeof ingest>>;
  beforeAll(async () => {
    const dataDir = path.join(root, "heby");
    writeFiles(dataDir, {
      "befolkning.csv": BEFOLKNING,
      // Heby's old code 1917 (Västmanlands län) is a pure recode to 0331 (Uppsala län)
      "utbetalningar.csv": ["kommunkod,period,ersattning,kon,belopp_kr", "1917,2023H1,sjukpenning,T,1448000.00"],
      "DEMODATA.md": "# Demodata\n",
    });
    db = path.join(root, "heby.duckdb");
    result = await ingest({ dataDir, dbPath: db });
  });

  it("always loads the 290 kommuner, 21 län and the built-in 83 förbund", async () => {
    const r = await query(db, `SELECT (SELECT count(*) FROM kommun)::INTEGER k, (SELECT count(*) FROM lan)::INTEGER l,
      (SELECT count(*) FROM forbund)::INTEGER f, (SELECT count(*) FROM forbund_medlem)::INTEGER m,
      (SELECT lanskod FROM kommun WHERE kommunkod = '0331') heby_lan`);
    expect(r[0]).toEqual({ k: 290, l: 21, f: 83, m: 223, heby_lan: "03" });
    expect(result.forbundKalla).toContain("forbund_2012.csv");
  });

  it("maps Heby 1917 to 0331 so the row counts for Uppsala län: 1 448 000 / (8000 × 181) = 1 kr", async () => {
    const r = await query(db, "SELECT regiontyp, regionkod, kr_per_invanare_och_dag FROM forsorjningsmatt WHERE ersattning = 'sjukpenning' AND regiontyp IN ('kommun', 'lan') ORDER BY regiontyp");
    expect(r).toEqual([
      { regiontyp: "kommun", regionkod: "0331", kr_per_invanare_och_dag: 1 },
      { regiontyp: "lan", regionkod: "03", kr_per_invanare_och_dag: 1 },
    ]);
    expect(result.notes.join(" ")).toContain("1917 har räknats om till 0331");
  });

  it("flags Uppsala (0380) figures from before Knivsta's split in 2003 instead of merging them", () => {
    expect(result.notes.join(" ")).toContain("Uppgifter för 0380 före 2003-01-01 omfattar även det område som blev 0330");
  });

  it("records demo data and every file read", async () => {
    const s = await query(db, "SELECT varde FROM installning WHERE nyckel = 'demodata'");
    expect(s[0].varde).toBe("ja");
    const f = await query(db, "SELECT fil, kalla, hamtad, rader_lasta, rader_inlasta, length(sha256)::INTEGER AS n FROM inlast_fil ORDER BY fil");
    expect(f).toEqual([
      { fil: "befolkning.csv", kalla: "kanonisk", hamtad: null, rader_lasta: 5, rader_inlasta: 5, n: 64 },
      { fil: "utbetalningar.csv", kalla: "kanonisk", hamtad: null, rader_lasta: 1, rader_inlasta: 1, n: 64 },
    ]);
  });
});

describe("re-running", () => {
  it("gives the same database: same rows in every view, no double counting", async () => {
    const dataDir = path.join(root, "twice");
    writeFiles(dataDir, {
      "befolkning.csv": BEFOLKNING,
      "utbetalningar_1.csv": ["kommunkod,period,ersattning,kon,belopp_kr", ...monthlyRows("0331", "2023H1", "sjukpenning", "T", "241333.33")],
    });
    const db = path.join(root, "twice.duckdb");
    const dump = async () =>
      JSON.stringify(await query(db, "SELECT * FROM forsorjningsmatt ORDER BY ALL")) +
      JSON.stringify(await query(db, "SELECT * FROM utbetalning ORDER BY ALL"));
    await ingest({ dataDir, dbPath: db });
    const first = await dump();
    await ingest({ dataDir, dbPath: db });
    expect(await dump()).toBe(first);
    const r = await query(db, "SELECT ersattning, belopp_kr FROM forsorjningsmatt WHERE regiontyp = 'kommun' ORDER BY ersattning");
    // Sjukpenning is the only ersättning in scope, so ohälsa and totalt are sjukpenning alone (DESIGN.md §2.1).
    expect(r).toEqual([
      { ersattning: "ohalsa", belopp_kr: "1447999.98" },
      { ersattning: "sjukpenning", belopp_kr: "1447999.98" },
      { ersattning: "totalt", belopp_kr: "1447999.98" },
    ]);
  });
});

describe("command line", () => {
  it("prints one line per file and a summary, exit code 0", () => {
    const dataDir = path.join(root, "cli-ok");
    writeFiles(dataDir, { "befolkning.csv": BEFOLKNING });
    const db = path.join(root, "cli.duckdb");
    const r = spawnSync(TSX, [CLI, "--data", dataDir, "--db", db], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/befolkning\.csv: 5 rader lästa, 5 inlästa/);
    expect(r.stdout).toMatch(/Klart: 1 filer, 5 rader inlästa/);
  });

  it("refuses bad input with exit code 1, a one-line reason and no stack trace", () => {
    const dataDir = path.join(root, "cli-bad");
    writeFiles(dataDir, { "befolkning.csv": ["kommunkod,datum,alder,kon,antal", "0180,2023-12-31,30,K,tio"] });
    const db = path.join(root, "cli.duckdb");
    const before = sha256OfFile(db);
    const r = spawnSync(TSX, [CLI, "--data", dataDir, "--db", db], { encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('befolkning.csv, rad 2, kolumn antal (kolumn 5): fann "tio", förväntade ett antal personer');
    expect(r.stderr).toContain("är oförändrad");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(sha256OfFile(db)).toBe(before);
  });

  it("a kill midway leaves a whole database: the old one, or the complete new one", async () => {
    // Enough rows that the process is still working when it is killed.
    const dataDir = path.join(root, "cli-kill");
    const rows = ["kommunkod,period,ersattning,kon,belopp_kr"];
    for (let m = 1; m <= 12; m++) for (const k of ["K", "M"]) for (const e of ["sjukpenning", "aktivitetsstod"]) {
      for (const kod of ["0114", "0115", "0117", "0120", "0123", "0125", "0126", "0127", "0128", "0136"]) {
        for (let y = 1970; y < 2070; y++) rows.push(`${kod},${y}-${String(m).padStart(2, "0")},${e},${k},1.00`);
      }
    }
    const db = path.join(root, "kill.duckdb");
    writeFiles(dataDir, { "befolkning.csv": BEFOLKNING });
    await ingest({ dataDir, dbPath: db });
    const before = sha256OfFile(db);
    fs.rmSync(path.join(dataDir, "befolkning.csv"));
    writeFiles(dataDir, { "utbetalningar.csv": rows });
    const child = spawn(TSX, [CLI, "--data", dataDir, "--db", db], { stdio: "ignore", detached: true });
    // Kill as soon as the new file is being written beside the old one (or after 3 s at the latest).
    const started = Date.now();
    while (Date.now() - started < 3000 && !fs.readdirSync(root).some((f) => f.startsWith("kill.duckdb.tmp-"))) {
      await new Promise((r) => setTimeout(r, 5));
    }
    process.kill(-child.pid!, "SIGKILL");
    await new Promise((r) => child.on("exit", r));
    const r = await query(db, "SELECT (SELECT count(*) FROM befolkning)::INTEGER AS b, (SELECT count(*) FROM utbetalning)::INTEGER AS u");
    if (sha256OfFile(db) === before) expect(r[0]).toEqual({ b: 5, u: 0 });
    else expect(r[0]).toEqual({ b: 0, u: rows.length - 1 });
    // The next ingest clears what the killed process left beside the database.
    writeFiles(dataDir, { "befolkning.csv": BEFOLKNING });
    fs.rmSync(path.join(dataDir, "utbetalningar.csv"));
    await ingest({ dataDir, dbPath: db });
    expect(fs.readdirSync(root).filter((f) => f.startsWith("kill.duckdb.tmp-"))).toEqual([]);
  });

  it("clears a killed ingest's spill folder; FORSORJNING_MINNE sets DuckDB's memory limit and a bad value is refused", async () => {
    const dataDir = path.join(root, "spill");
    writeFiles(dataDir, { "befolkning.csv": BEFOLKNING });
    const db = path.join(root, "spill.duckdb");
    // What DuckDB leaves beside the temp file when the process dies while it spills (pid 2^22: no such process).
    const spill = path.join(root, "spill.duckdb.tmp-4194304.spill");
    fs.mkdirSync(spill, { recursive: true });
    fs.writeFileSync(path.join(spill, "duckdb_temp_storage-0.tmp"), "x");
    await ingest({ dataDir, dbPath: db });
    expect(fs.readdirSync(root).filter((f) => f.startsWith("spill.duckdb.tmp-"))).toEqual([]);
    expect(ingestMemoryLimit()).toBe(INGEST_MEMORY_LIMIT);
    const saved = process.env.FORSORJNING_MINNE;
    try {
      process.env.FORSORJNING_MINNE = "2GB";
      expect(ingestMemoryLimit()).toBe("2GB");
      process.env.FORSORJNING_MINNE = "mycket";
      expect(() => ingestMemoryLimit()).toThrow('FORSORJNING_MINNE: fann "mycket", förväntade en storlek som 800MB eller 2GB');
      await expect(ingest({ dataDir, dbPath: db })).rejects.toThrow("FORSORJNING_MINNE");
    } finally {
      if (saved === undefined) delete process.env.FORSORJNING_MINNE;
      else process.env.FORSORJNING_MINNE = saved;
    }
  });
});
