// SCB PxWeb adapter: every supported format ingested from a temp data directory, values checked in DuckDB.
// Real samples (test/fixtures/scb/README.md): population_2025_norrbotten.csv (API v2 CSV, TAB5557/CKM),
// SCB_alderkon_2019_utdrag.csv (web export with texts, as R wrote it), the TAB638 riket recording and the TAB3200
// recording. The other fixtures follow SCB's layouts with made-up numbers (make-fixtures.mjs gives the formulas).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ingest, type IngestResult } from "../../loaders/ingest.ts";
import { scbPxweb } from "../../loaders/sources/scb-pxweb.ts";
import type { SourceFile } from "../../loaders/sources/types.ts";
import { query, type Row, tempDir, writeFiles } from "../helpers.ts";

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "scb");
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** Ingests the named fixtures (plus extra text files) from a fresh data directory; returns the database and result. */
async function ingestFixtures(fixtures: string[], extra: Record<string, string | string[]> = {}): Promise<{ db: string; result: IngestResult }> {
  const dir = tempDir();
  dirs.push(dir);
  const data = path.join(dir, "data");
  fs.mkdirSync(data);
  for (const f of fixtures) fs.copyFileSync(path.join(FIXTURES, f), path.join(data, f));
  writeFiles(data, extra);
  const db = path.join(dir, "scb.duckdb");
  const result = await ingest({ dataDir: data, dbPath: db });
  return { db, result };
}

const befolkning = (db: string, where = "true") =>
  query(db, `SELECT kommunkod, strftime(datum, '%Y-%m-%d') AS datum, alder, kon, antal FROM befolkning WHERE ${where} ORDER BY kommunkod, datum, alder, kon`);

const fixtureFile = (name: string): SourceFile => {
  const full = path.join(FIXTURES, name);
  return { path: full, name, relative: name, bytes: fs.readFileSync(full), hamtad: null };
};

describe("folkmängd, real samples", () => {
  it("reads the API v2 CSV of TAB5557 (Region,Civilstand,Alder,Kon,000007ME 2025): 100+1 is 100, sums match SCB", async () => {
    const { db, result } = await ingestFixtures(["population_2025_norrbotten.csv"]);
    expect(result.files.map((f) => [f.fil, f.kalla, f.raderLasta, f.raderInlasta])).toEqual([["population_2025_norrbotten.csv", "scb-pxweb", 1010, 1010]]);
    // From the file with awk: 2580,SC,45,1,505 and 2580,SC,45,2,462; 2514,SC,100+1,2,4; 2560,SC,0,1,36
    expect(await befolkning(db, "kommunkod = '2580' AND alder = 45")).toEqual([
      { kommunkod: "2580", datum: "2025-12-31", alder: 45, kon: "K", antal: 462 },
      { kommunkod: "2580", datum: "2025-12-31", alder: 45, kon: "M", antal: 505 },
    ]);
    expect(await befolkning(db, "kommunkod = '2514' AND alder = 100 AND kon = 'K'")).toEqual([{ kommunkod: "2514", datum: "2025-12-31", alder: 100, kon: "K", antal: 4 }]);
    expect(await befolkning(db, "kommunkod = '2560' AND alder = 0 AND kon = 'M'")).toEqual([{ kommunkod: "2560", datum: "2025-12-31", alder: 0, kon: "M", antal: 36 }]);
    // Totals (awk over the file, and the sums in its PROVENANCE.md): Luleå 80 321, of whom 46 631 aged 20–64
    const sums = await query(db, "SELECT kommunkod, sum(antal)::INTEGER AS alla, (sum(antal) FILTER (WHERE alder BETWEEN 20 AND 64))::INTEGER AS a2064 FROM befolkning GROUP BY ALL ORDER BY kommunkod");
    expect(sums).toEqual([
      { kommunkod: "2514", alla: 15272, a2064: 7753 },
      { kommunkod: "2560", alla: 7846, a2064: 4103 },
      { kommunkod: "2580", alla: 80321, a2064: 46631 },
      { kommunkod: "2581", alla: 42203, a2064: 22703 },
      { kommunkod: "2582", alla: 28652, a2064: 15556 },
    ]);
  });

  it("reads a text-labelled export (\"region\",\"ålder\",\"kön\",\"X2019\"): names, including Uppsala, map to kommun codes", async () => {
    const { db } = await ingestFixtures(["SCB_alderkon_2019_utdrag.csv"]);
    // awk over the file: Upplands Väsby 46 786 (20–64: 27 304), Uppsala 230 767 (139 900), Örebro 155 696 (90 788)
    const sums = await query(db, "SELECT kommunkod, sum(antal)::INTEGER AS alla, (sum(antal) FILTER (WHERE alder BETWEEN 20 AND 64))::INTEGER AS a2064 FROM befolkning GROUP BY ALL ORDER BY kommunkod");
    expect(sums).toEqual([
      { kommunkod: "0114", alla: 46786, a2064: 27304 },
      { kommunkod: "0380", alla: 230767, a2064: 139900 },
      { kommunkod: "1880", alla: 155696, a2064: 90788 },
    ]);
    // "Uppsala","100","kvinnor",40
    expect(await befolkning(db, "kommunkod = '0380' AND alder = 100 AND kon = 'K'")).toEqual([{ kommunkod: "0380", datum: "2019-12-31", alder: 100, kon: "K", antal: 40 }]);
  });

  it("recognises the TAB638 riket recording but reads no kommun rows from it, and says so", async () => {
    const { db, result } = await ingestFixtures(["rOpenGov_pxweb_TAB638_riket_ogifta_0ar_man_2024.json", "population_2025_norrbotten.csv"]);
    const f = result.files.find((x) => x.fil.startsWith("rOpenGov"))!;
    expect([f.kalla, f.raderLasta, f.raderInlasta]).toEqual(["scb-pxweb", 1, 0]);
    expect(result.notes.join(" ")).toContain("SCB-tabell TAB638 (Folkmängd efter region, civilstånd, ålder, kön och år) innehåller inga kommunrader (bara riket eller län)");
    const n = await query(db, "SELECT count(*)::INTEGER AS n FROM befolkning WHERE strftime(datum, '%Y') = '2024'");
    expect(n).toEqual([{ n: 0 }]);
  });

  it("refuses the real TAB3200 recording with its table id and title, and goes on with the other files", async () => {
    const d = scbPxweb.detect(fixtureFile("atlas290_TAB3200_arbetsloshet_20_64_alla_kommuner_2020_2024.json"));
    expect(d.ok).toBe(false);
    const reason = (d as { reason: string }).reason;
    expect(reason).toContain("SCB-tabell TAB3200 (Arbetslöshet. Årligt register efter region, kön, ålder, födelseregion och år) används inte av försörjningsmåttet");
    expect(reason).toContain("BE0101N1/TAB638");
    const { db, result } = await ingestFixtures(["atlas290_TAB3200_arbetsloshet_20_64_alla_kommuner_2020_2024.json", "population_2025_norrbotten.csv"]);
    expect(result.unknown.map((u) => u.fil)).toEqual(["atlas290_TAB3200_arbetsloshet_20_64_alla_kommuner_2020_2024.json"]);
    const r = await query(db, "SELECT orsak FROM okand_fil");
    expect(String(r[0].orsak)).toContain("SCB-tabell TAB3200");
  });
});

describe("folkmängd, SCB layouts", () => {
  it("json-stat2 TAB638 at kommun level: civilstånd summed, category order from index, riket skipped", async () => {
    const { db, result } = await ingestFixtures(["TAB638_kommuner_civilstand_2023_2024.json"]);
    // 3 regions × 4 civilstånd × 3 ages × 2 kön × 2 years = 144 cells; 2 kommuner × 3 × 2 × 2 = 24 rows
    expect([result.files[0].raderLasta, result.files[0].raderInlasta]).toEqual([144, 24]);
    const rows = await befolkning(db);
    // cell = 1000·(region+1) + 100·age + 10·civilstånd + kön + 5·year (indexes), 0 for gifta/skilda/änkor at 0 år:
    //   0114, 45 år, kvinnor, 2024: (1000+100+1+5)·4 + 10·(0+1+2+3) = 4424 + 60 = 4484
    //   0114, 0 år, män, 2023: ogifta only = 1000
    //   1880, 100+ år, män, 2024: (2000+200+5)·4 + 60 = 8880
    expect(rows.find((r) => r.kommunkod === "0114" && r.alder === 45 && r.kon === "K" && r.datum === "2024-12-31")!.antal).toBe(4484);
    expect(rows.find((r) => r.kommunkod === "0114" && r.alder === 0 && r.kon === "M" && r.datum === "2023-12-31")!.antal).toBe(1000);
    expect(rows.find((r) => r.kommunkod === "1880" && r.alder === 100 && r.kon === "M" && r.datum === "2024-12-31")!.antal).toBe(8880);
    expect(rows.length).toBe(24);
  });

  it("web download \"Semikolonavgränsad med rubrik\" in Windows-1252: title line skipped, names with å/ä/ö, totalt ålder skipped", async () => {
    const { db, result } = await ingestFixtures(["BE0101N1_semikolon_med_rubrik_windows1252.csv"]);
    expect(result.files[0].raderInlasta).toBe(16);
    // Örebro (1880) 45 år män 2023: Σ over 4 civilstånd of 100 + 10·c + 1000 = 4400 + 60 = 4460; 2024 = +2 each → 4468
    // Malung-Sälen (2023) 100+ år kvinnor 2024: Σ (200 + 10·c + 1 + 2) = 812 + 60 = 872
    expect(await befolkning(db, "(kommunkod = '1880' AND alder = 45 AND kon = 'M') OR (kommunkod = '2023' AND alder = 100 AND kon = 'K' AND year(datum) = 2024)")).toEqual([
      { kommunkod: "1880", datum: "2023-12-31", alder: 45, kon: "M", antal: 4460 },
      { kommunkod: "1880", datum: "2024-12-31", alder: 45, kon: "M", antal: 4468 },
      { kommunkod: "2023", datum: "2024-12-31", alder: 100, kon: "K", antal: 872 },
    ]);
  });

  it("csv3 long layout (codes, value column named BE0101N1): totals, län and other contents skipped", async () => {
    const { db } = await ingestFixtures(["BE0101N1_csv3_lang.csv"]);
    expect(await befolkning(db)).toEqual([
      { kommunkod: "0114", datum: "2024-12-31", alder: 44, kon: "K", antal: 298 },
      { kommunkod: "0114", datum: "2024-12-31", alder: 44, kon: "M", antal: 310 },
    ]);
  });

  it("API v1 json ({columns, data}): Folkmängd read, Folkökning (with a ..) ignored, riket skipped", async () => {
    const { db } = await ingestFixtures(["BefolkningNy_api_v1.json"]);
    expect(await befolkning(db)).toEqual([
      { kommunkod: "0114", datum: "2023-12-31", alder: 30, kon: "K", antal: 389 },
      { kommunkod: "0114", datum: "2023-12-31", alder: 30, kon: "M", antal: 401 },
      { kommunkod: "0114", datum: "2023-12-31", alder: 100, kon: "K", antal: 3 },
      { kommunkod: "2580", datum: "2023-12-31", alder: 30, kon: "M", antal: 1012 },
    ]);
  });

  it("json-stat2 with a sparse value object and an old kommun code (Heby 1917 → 0331, with a note)", async () => {
    const doc = JSON.parse(fs.readFileSync(path.join(FIXTURES, "rOpenGov_pxweb_TAB638_riket_ogifta_0ar_man_2024.json"), "utf8"));
    doc.dimension.Region.category = { index: { "1917": 0 }, label: { "1917": "Heby" } };
    doc.value = { "0": 123 };
    const { db, result } = await ingestFixtures([], { "heby.json": JSON.stringify(doc) });
    expect(await befolkning(db)).toEqual([{ kommunkod: "0331", datum: "2024-12-31", alder: 0, kon: "M", antal: 123 }]);
    expect(result.notes.join(" ")).toContain("Kommunkod 1917 har räknats om till 0331");
  });

  it("API v1 json-stat ({dataset: …}): row-major over dimension.id", async () => {
    const { db } = await ingestFixtures(["BefolkningNy_api_v1_json-stat.json"]);
    expect((await befolkning(db)).map((r) => [r.alder, r.kon, r.antal])).toEqual([
      [20, "K", 240],
      [20, "M", 250],
      [21, "K", 255],
      [21, "M", 260],
    ]);
  });
});

describe("helårsekvivalenter HE0000T02N2 / TAB1386", () => {
  let db: string;
  let result: IngestResult;
  const hek = (where: string): Promise<Row[]> =>
    query(db, `SELECT kommunkod, manad, ersattning, kon, helarsekvivalenter, status FROM helarsekvivalent WHERE ${where} ORDER BY kommunkod, manad, ersattning, kon`);

  it("json-stat2: contents by text, 20-64 only, kön 1/2/1+2 → M/K/T, null+status → saknas, 0 ekonomiskt bistånd flagged", async () => {
    // 0180, 31 Dec 2022 and 2023: 500 K + 500 M aged 30 → 2023H1 befolkning 20–64: K 500, M 500, T 1000
    ({ db, result } = await ingestFixtures(["TAB1386_HE0000T02N2_0180_2023H1.json"], {
      "befolkning.csv": ["kommunkod,datum,alder,kon,antal", ...["2022", "2023"].flatMap((y) => [`0180,${y}-12-31,30,K,500`, `0180,${y}-12-31,30,M,500`])],
    }));
    const f = result.files.find((x) => x.kalla === "scb-pxweb")!;
    // 2 regions × 3 kön × 2 åldersgrupper × 9 contents × 6 months = 648 cells; 0180 × 3 kön × 6 benefits × 6 months = 108 rows
    expect([f.raderLasta, f.raderInlasta]).toEqual([648, 108]);
    const kinds = await query(db, "SELECT DISTINCT ersattning FROM helarsekvivalent ORDER BY 1");
    expect(kinds.map((r) => r.ersattning)).toEqual(["aktivitetsstod", "arbetsloshetsersattning", "ekonomiskt_bistand", "etableringsersattning", "sjuk_och_aktivitetsersattning", "sjukpenning"]);
    // sjukpenning: män 40 + m, kvinnor 60 + 2m, totalt 100 + 3m (m = month 1…6); 20-65 (+1) and riket (×1000) not read
    expect(await hek("ersattning = 'sjukpenning' AND manad = '2023-01'")).toEqual([
      { kommunkod: "0180", manad: "2023-01", ersattning: "sjukpenning", kon: "K", helarsekvivalenter: "62.00", status: "" },
      { kommunkod: "0180", manad: "2023-01", ersattning: "sjukpenning", kon: "M", helarsekvivalenter: "41.00", status: "" },
      { kommunkod: "0180", manad: "2023-01", ersattning: "sjukpenning", kon: "T", helarsekvivalenter: "103.00", status: "" },
    ]);
    // "Sjuk- och aktivitetsersersättning" (SCB's spelling): män 80 + m
    expect(await hek("ersattning = 'sjuk_och_aktivitetsersattning' AND manad = '2023-06' AND kon = 'M'")).toMatchObject([{ helarsekvivalenter: "86.00" }]);
    // "Arbetsmarknadsåtgärder" → aktivitetsstod: kvinnor 240 + 2m
    expect(await hek("ersattning = 'aktivitetsstod' AND manad = '2023-02' AND kon = 'K'")).toMatchObject([{ helarsekvivalenter: "244.00" }]);
    // value null with status ".." → NULL, saknas (never 0)
    expect(await hek("ersattning = 'arbetsloshetsersattning' AND manad = '2023-03'")).toEqual([
      { kommunkod: "0180", manad: "2023-03", ersattning: "arbetsloshetsersattning", kon: "K", helarsekvivalenter: null, status: "saknas" },
      { kommunkod: "0180", manad: "2023-03", ersattning: "arbetsloshetsersattning", kon: "M", helarsekvivalenter: "123.00", status: "" },
      { kommunkod: "0180", manad: "2023-03", ersattning: "arbetsloshetsersattning", kon: "T", helarsekvivalenter: "309.00", status: "" },
    ]);
    // SCB's 0 for ekonomiskt bistånd may be a missing month: kept as 0, flagged
    expect((await hek("ersattning = 'ekonomiskt_bistand' AND manad = '2023-02'")).map((r) => [r.kon, r.helarsekvivalenter, r.status])).toEqual([
      ["K", "0.00", "noll_kan_vara_bortfall"],
      ["M", "0.00", "noll_kan_vara_bortfall"],
      ["T", "0.00", "noll_kan_vara_bortfall"],
    ]);
    expect((await hek("ersattning = 'ekonomiskt_bistand' AND manad = '2023-03' AND kon = 'T'"))[0].status).toBe("");
  });

  it("end to end: the helarsekvivalenter view gives the hand-computed andel", async () => {
    const rows = await query(db, "SELECT * FROM helarsekvivalenter WHERE regiontyp = 'kommun' ORDER BY ersattning, kon");
    const get = (e: string, k: string) => rows.find((r) => r.ersattning === e && r.kon === k);
    // sjukpenning T: (103+106+109+112+115+118)/6 = 110.5 → andel 110.5 / 1000 = 0.1105
    expect(get("sjukpenning", "T")).toMatchObject({ regionkod: "0180", period: "2023H1", helarsekvivalenter: 110.5, befolkning_20_64: "1000.00" });
    expect(get("sjukpenning", "T")!.andel).toBeCloseTo(0.1105, 12);
    // sjukpenning K: (62+64+…+72)/6 = 67 → 67 / 500 = 0.134
    expect(get("sjukpenning", "K")!.andel).toBeCloseTo(0.134, 12);
    // ekonomiskt bistånd: February is a 0 that may be a gap → no half-year value; arbetslöshet K: March missing → none
    expect(get("ekonomiskt_bistand", "T")).toBeUndefined();
    expect(get("arbetsloshetsersattning", "K")).toBeUndefined();
    // arbetslöshet T, given by SCB: (300 + 3m) → mean 310.5
    expect(get("arbetsloshetsersattning", "T")!.helarsekvivalenter).toBe(310.5);
  });

  it("API v2 CSV with title, TAB separator and UTF-8 BOM: texts, decimal comma, .., 20-65 and riket skipped", async () => {
    const { db: d, result: r } = await ingestFixtures(["TAB1386_api_v2_tab_med_titel.csv"]);
    expect(r.files[0].raderInlasta).toBe(12);
    const rows = await query(d, "SELECT manad, ersattning, kon, helarsekvivalenter, status FROM helarsekvivalent WHERE kommunkod = '1880' ORDER BY ersattning, manad, kon");
    expect(rows.map((x) => [x.manad, x.ersattning, x.kon, x.helarsekvivalenter, x.status])).toEqual([
      ["2024-01", "ekonomiskt_bistand", "K", "88.00", ""],
      ["2024-01", "ekonomiskt_bistand", "M", "95.00", ""],
      ["2024-01", "ekonomiskt_bistand", "T", "183.00", ""],
      ["2024-02", "ekonomiskt_bistand", "K", "0.00", "noll_kan_vara_bortfall"],
      ["2024-02", "ekonomiskt_bistand", "M", "0.00", "noll_kan_vara_bortfall"],
      ["2024-02", "ekonomiskt_bistand", "T", "0.00", "noll_kan_vara_bortfall"],
      ["2024-01", "sjukpenning", "K", "630.50", ""],
      ["2024-01", "sjukpenning", "M", "410.00", ""],
      ["2024-01", "sjukpenning", "T", "1040.00", ""],
      ["2024-02", "sjukpenning", "K", null, "saknas"],
      ["2024-02", "sjukpenning", "M", "412.00", ""],
      ["2024-02", "sjukpenning", "T", "1046.00", ""],
    ]);
  });

  it("wide CSV with months as headings and tabellinnehåll in the stub (API v1 csv layout), region as code and name", async () => {
    const { db: d } = await ingestFixtures([], {
      "hek_v1.csv": [
        '"region","kön","åldersgrupp","tabellinnehåll","2014M01","2014M02"',
        '"0114 Upplands Väsby","män","20-64 år","Sjukpenning",101,102',
        '"0114 Upplands Väsby","kvinnor","20-64 år","Etableringsersättning",7.5,-',
        '"0114 Upplands Väsby","kvinnor","20-64 år","Summa helårsekvivalenter",999,999',
        '"00 Riket","män","20-64 år","Sjukpenning",70000,70001',
      ],
    });
    const rows = await query(d, "SELECT kommunkod, manad, ersattning, kon, helarsekvivalenter, status FROM helarsekvivalent ORDER BY ersattning, manad");
    expect(rows.map((x) => [x.kommunkod, x.manad, x.ersattning, x.kon, x.helarsekvivalenter, x.status])).toEqual([
      ["0114", "2014-01", "etableringsersattning", "K", "7.50", ""],
      ["0114", "2014-02", "etableringsersattning", "K", null, "saknas"],
      ["0114", "2014-01", "sjukpenning", "M", "101.00", ""],
      ["0114", "2014-02", "sjukpenning", "M", "102.00", ""],
    ]);
  });

  it("API v1 json: one contents column per benefit, read by text", async () => {
    const { db: d } = await ingestFixtures(["HE0000T02N2_api_v1.json"]);
    const rows = await query(d, "SELECT manad, ersattning, helarsekvivalenter, status FROM helarsekvivalent WHERE kommunkod = '2580' AND kon = 'T' ORDER BY manad, ersattning");
    expect(rows.map((x) => [x.manad, x.ersattning, x.helarsekvivalenter, x.status])).toEqual([
      ["2024-01", "aktivitetsstod", "404.00", ""],
      ["2024-01", "arbetsloshetsersattning", "503.00", ""],
      ["2024-01", "ekonomiskt_bistand", "0.00", "noll_kan_vara_bortfall"],
      ["2024-01", "etableringsersattning", "61.00", ""],
      ["2024-01", "sjuk_och_aktivitetsersattning", "2102.00", ""],
      ["2024-01", "sjukpenning", "1201.00", ""],
      ["2024-02", "aktivitetsstod", "410.00", ""],
      ["2024-02", "arbetsloshetsersattning", null, "saknas"],
      ["2024-02", "ekonomiskt_bistand", "322.00", ""],
      ["2024-02", "etableringsersattning", "60.00", ""],
      ["2024-02", "sjuk_och_aktivitetsersattning", "2100.00", ""],
      ["2024-02", "sjukpenning", "1199.00", ""],
    ]);
  });
});
