// The Kolada adapter: v2 and v3 pages read into kontextindikator with hand-checked values; groups and deleted values
// skipped with a note; KPI names from a metadata file beside the pages; bad responses refused with the JSON path.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CanonicalData } from "../../loaders/canonical/accept.ts";
import { PROJECT_ROOT } from "../../loaders/config.ts";
import { IngestError } from "../../loaders/errors.ts";
import { ingest, pickAdapter } from "../../loaders/ingest.ts";
import { loadReference } from "../../loaders/reference.ts";
import { kolada } from "../../loaders/sources/kolada.ts";
import type { SourceFile } from "../../loaders/sources/types.ts";
import { query, tempDir, writeFiles } from "../helpers.ts";

const FIXTURES = path.join(PROJECT_ROOT, "test", "fixtures", "kolada");

let root: string;
beforeAll(() => {
  root = tempDir("kolada-test-");
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function copyFixtures(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const name of fs.readdirSync(from)) fs.copyFileSync(path.join(from, name), path.join(to, name));
}

function sourceFile(file: string, bytes = fs.readFileSync(file)): SourceFile {
  return { path: file, name: path.basename(file), relative: path.basename(file), bytes, hamtad: null };
}

/** Reads one JSON document with the adapter; returns the collected data or throws the IngestError. */
async function readJson(name: string, json: unknown): Promise<CanonicalData> {
  const file = path.join(root, "direct", name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(json));
  const data = new CanonicalData();
  const fileId = data.addFile({ fil: name, path: file, kalla: "kolada", hamtad: null });
  await kolada.read(sourceFile(file), { ref: loadReference(), data, fileId });
  return data;
}

async function refusal(json: unknown): Promise<IngestError> {
  try {
    await readJson(`bad-${Math.random().toString(36).slice(2)}.json`, json);
  } catch (err) {
    if (err instanceof IngestError) return err;
    throw err;
  }
  throw new Error("expected the file to be refused");
}

const row = (over: Record<string, unknown> = {}, value: Record<string, unknown> = {}) => ({
  kpi: "N31001",
  municipality: "1860",
  period: "2023",
  values: [{ count: 1, gender: "T", status: "", value: 1000, ...value }],
  ...over,
});

describe("detection by content", () => {
  it("recognises v2 and v3 data pages and the KPI metadata file, not other JSON", () => {
    for (const f of ["v2/N31001_N00957_2022-2023.json", "v2/kpi.json", "v3/sida1.json", "v3/sida2.json"]) {
      const picked = pickAdapter(sourceFile(path.join(FIXTURES, f)));
      expect("id" in picked && picked.id, f).toBe("kolada");
    }
    const scb = path.join(PROJECT_ROOT, "test", "fixtures", "fetch", "rOpenGov_pxweb_TAB638_riket_ogifta_0ar_man_2024.json");
    expect(kolada.detect(sourceFile(scb))).toEqual({ ok: false, reason: "inget JSON-objekt med en lista values" });
    expect(kolada.detect(sourceFile("/x/fk.json", Buffer.from('[{"row_nr":1}]')))).toEqual({ ok: false, reason: "inget JSON-objekt med en lista values" });
    expect(kolada.detect(sourceFile("/x/a.csv", Buffer.from("a,b\n")))).toEqual({ ok: false, reason: "inte en .json-fil" });
    const broken = kolada.detect(sourceFile("/x/trasig.json", Buffer.from('{"values": [')));
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.reason).toMatch(/^inte giltig JSON/);
  });
});

describe("v2 and v3 pages through the ingest", () => {
  let db: string;
  let result: Awaited<ReturnType<typeof ingest>>;
  beforeAll(async () => {
    const dataDir = path.join(root, "data");
    copyFixtures(path.join(FIXTURES, "v2"), path.join(dataDir, "raw", "kolada", "2024-06-30"));
    copyFixtures(path.join(FIXTURES, "v3"), path.join(dataDir, "raw", "kolada-v3", "2025-05-02"));
    db = path.join(root, "kolada.duckdb");
    result = await ingest({ dataDir, dbPath: db });
  });

  it("stores every kommun, län and riket value with its KPI name, kön and status (hand-checked)", async () => {
    const rows = await query(db, "SELECT kpi, kpi_namn, regiontyp, regionkod, ar, kon, varde, status FROM kontextindikator ORDER BY kpi, regionkod, ar, kon");
    expect(rows).toEqual([
      { kpi: "N00957", kpi_namn: "Ohälsotal, dagar", regiontyp: "kommun", regionkod: "0114", ar: 2023, kon: "K", varde: null, status: "saknas" },
      { kpi: "N00957", kpi_namn: "Ohälsotal, dagar", regiontyp: "kommun", regionkod: "0114", ar: 2023, kon: "M", varde: 17.6, status: "" },
      { kpi: "N00957", kpi_namn: "Ohälsotal, dagar", regiontyp: "kommun", regionkod: "0114", ar: 2023, kon: "T", varde: 20.1, status: "" },
      { kpi: "N00957", kpi_namn: "Ohälsotal, dagar", regiontyp: "kommun", regionkod: "1860", ar: 2023, kon: "K", varde: 31.2, status: "" },
      { kpi: "N00957", kpi_namn: "Ohälsotal, dagar", regiontyp: "kommun", regionkod: "1860", ar: 2023, kon: "M", varde: 22.8, status: "" },
      { kpi: "N00957", kpi_namn: "Ohälsotal, dagar", regiontyp: "kommun", regionkod: "1860", ar: 2023, kon: "T", varde: 26.9, status: "" },
      { kpi: "N31001", kpi_namn: "Kostnad ekonomiskt bistånd, kr/inv", regiontyp: "riket", regionkod: "00", ar: 2023, kon: "T", varde: 1695, status: "" },
      { kpi: "N31001", kpi_namn: "Kostnad ekonomiskt bistånd, kr/inv", regiontyp: "lan", regionkod: "08", ar: 2023, kon: "T", varde: 1411, status: "" },
      { kpi: "N31001", kpi_namn: "Kostnad ekonomiskt bistånd, kr/inv", regiontyp: "kommun", regionkod: "1860", ar: 2022, kon: "T", varde: 1152, status: "" },
      { kpi: "N31001", kpi_namn: "Kostnad ekonomiskt bistånd, kr/inv", regiontyp: "kommun", regionkod: "1860", ar: 2023, kon: "T", varde: 1289.5, status: "" },
      // v3: no KPI file in that folder, so no name; numeric periods; 1917 recoded to Heby 0331; 0001 = Stockholms län
      { kpi: "N31807", kpi_namn: "", regiontyp: "lan", regionkod: "01", ar: 2024, kon: "T", varde: 3.1, status: "" },
      { kpi: "N31807", kpi_namn: "", regiontyp: "kommun", regionkod: "0180", ar: 2023, kon: "T", varde: 3.9, status: "" },
      { kpi: "N31807", kpi_namn: "", regiontyp: "kommun", regionkod: "0180", ar: 2024, kon: "T", varde: 3.7, status: "" },
      { kpi: "N31807", kpi_namn: "", regiontyp: "kommun", regionkod: "0331", ar: 2023, kon: "T", varde: 2.4, status: "" },
      // 2584 T is marked deleted; only K remains
      { kpi: "N31807", kpi_namn: "", regiontyp: "kommun", regionkod: "2584", ar: 2024, kon: "K", varde: 4.4, status: "" },
    ]);
  });

  it("reports rows read per page, the group and deletion skipped, and the Heby recode", () => {
    const byFile = Object.fromEntries(result.files.map((f) => [f.fil, [f.kalla, f.hamtad, f.raderLasta, f.raderInlasta]]));
    expect(byFile).toEqual({
      "raw/kolada/2024-06-30/N31001_N00957_2022-2023.json": ["kolada", "2024-06-30", 11, 10],
      "raw/kolada/2024-06-30/kpi.json": ["kolada", "2024-06-30", 0, 0],
      "raw/kolada-v3/2025-05-02/sida1.json": ["kolada", "2025-05-02", 3, 3],
      "raw/kolada-v3/2025-05-02/sida2.json": ["kolada", "2025-05-02", 3, 2],
    });
    const notes = result.notes.join("\n");
    expect(notes).toContain("1 värden för Kolada-kommungrupper (id G…) hoppades över; de är ovägda medelvärden");
    expect(notes).toContain("1 värden som Kolada markerat som borttagna (isdeleted) hoppades över");
    expect(notes).toContain("1917 har räknats om till 0331");
  });
});

describe("refusals name the file, the JSON path, what was found and what was expected", () => {
  it.each([
    ["an unknown kommun code", { values: [row({ municipality: "1899" })] }, "values[0].municipality", '"1899"', "en kommunkod bland Sveriges 290 kommuner"],
    ["a municipality id that is no Kolada id", { values: [row({ municipality: "Vimmerby" })] }, "values[0].municipality", '"Vimmerby"', "ett Kolada-id"],
    ["an unknown län", { values: [row({ municipality: "0002" })] }, "values[0].municipality", '"0002"', "ett län som 00NN"],
    ["a text value", { values: [row({}, { value: "1 234 kr" })] }, "values[0].values[0].value", '"1 234 kr"', "ett tal (punkt som decimaltecken) eller null"],
    ["a gender that is not T/K/M", { values: [row(), row({ period: "2022" }, { gender: "F" })] }, "values[1].values[0].gender", '"F"', "T, K eller M"],
    ["a period that is not a year", { values: [row({ period: "2023H1" })] }, "values[0].period", '"2023H1"', "ett år"],
    ["a missing kpi", { values: [row({ kpi: undefined })] }, "values[0].kpi", "inget värde", "ett nyckeltals-id"],
    ["values that are not a list", { count: 1, values: [row({ values: { value: 1 } })] }, "values[0].values", '"{"value":1}"', "en lista av värden"],
  ])("%s", async (_name, json, where, found, expected) => {
    const err = await refusal(json);
    expect(err.location.path).toBe(where);
    expect(err.found).toBe(found);
    expect(err.expected).toContain(expected);
    expect(err.message).toMatch(new RegExp(`^.*bad-\\w+\\.json, i ${where.replace(/[[\].]/g, "\\$&")}: fann `));
  });

  it("refuses the same KPI, region, year and kön twice in one download (pages must not overlap)", async () => {
    const err = await refusal({ values: [row(), row({ period: 2023 })] });
    expect(err.message).toContain("en dubblett av nyckeltal N31001, region 1860, år 2023, kön T");
  });

  it("skips v2 values marked is_deleted (from_date downloads) and reads an empty last page", async () => {
    const data = await readJson("deleted.json", {
      values: [row({}, { is_deleted: 1 }), row({ period: "2022" }, { is_deleted: 0, value: 12.5 })],
      count: 2,
      next_page: "http://api.kolada.se/v2/data/kpi/N31001/year/2022,2023?from_date=2024-01-01&page=2",
    });
    expect(data.kontext.map((k) => [k.ar, k.varde])).toEqual([[2022, 12.5]]);
    expect([...data.notes].join("")).toContain("1 värden som Kolada markerat som borttagna (isdeleted) hoppades över");
    const empty = await readJson("empty.json", { values: [], count: 2, previous_page: "http://api.kolada.se/v2/data/kpi/N31001/year/2022", next_page: null });
    expect(empty.kontext).toEqual([]);
  });

  it("keeps a Kolada status text other than preliminary as a reported value, with a note", async () => {
    const data = await readJson("status.json", { values: [row({}, { status: "Prel" }), row({ period: 2022 }, { status: "B" })] });
    expect(data.kontext.map((k) => [k.ar, k.varde, k.status])).toEqual([
      [2023, 1000, "preliminar"],
      [2022, 1000, ""],
    ]);
    expect([...data.notes].join("")).toContain('Kolada-status "B" förekommer');
  });
});

describe("KPI names", () => {
  it("come only from a KPI metadata file in the same folder", async () => {
    const dir = path.join(root, "names");
    writeFiles(dir, {
      "a/kpi.json": JSON.stringify({ values: [{ id: "N31001", title: "Kostnad ekonomiskt bistånd, kr/inv" }] }),
      "a/data.json": JSON.stringify({ values: [row()], count: 1, next_url: null }),
      "b/data.json": JSON.stringify({ values: [row({ period: "2021" })], count: 1, next_url: null }),
    });
    const data = new CanonicalData();
    for (const f of ["a/kpi.json", "a/data.json", "b/data.json"]) {
      const full = path.join(dir, f);
      const fileId = data.addFile({ fil: f, path: full, kalla: "kolada", hamtad: null });
      await kolada.read(sourceFile(full), { ref: loadReference(), data, fileId });
    }
    expect(data.kontext.map((k) => [k.ar, k.kpiNamn])).toEqual([
      [2023, "Kostnad ekonomiskt bistånd, kr/inv"],
      [2021, ""],
    ]);
  });
});
