// From download to database: `npm run fetch`'s code fetches from the replay server into a temp data directory, then
// the ingest reads that directory. Kolada values arrive in kontextindikator with the KPI names; SCB's default tables
// (TAB638, TAB5557, TAB1386, shaped like the real TAB638 recording, values computed) arrive in befolkning and
// helarsekvivalent; the folder date is the retrieval date.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runFetch } from "../../loaders/fetch/run.ts";
import { ingest } from "../../loaders/ingest.ts";
import { query, tempDir } from "../helpers.ts";
import { type DerivedDimension, derivedDataset, FIXTURES, type JsonStat, type ReplayServer, startReplayServer } from "./replay-server.ts";

let root: string;
let server: ReplayServer;
beforeAll(async () => {
  root = tempDir("fetch-e2e-");
  server = await startReplayServer({ koladaPageSize: 3 });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe("fetch, then ingest", () => {
  let db: string;
  let result: Awaited<ReturnType<typeof ingest>>;
  beforeAll(async () => {
    const dataDir = path.join(root, "data");
    const results = await runFetch({ dataDir, datum: "2026-11-21", kallor: ["kolada"], kpier: ["N31001", "N31807", "N00957"], franAr: 2021, tillAr: 2023, koladaBas: `${server.url}/v3` });
    expect(results).toEqual([{ kalla: "kolada", ok: true, mapp: path.join(dataDir, "raw", "kolada", "2026-11-21"), filer: 4 }]);
    db = path.join(root, "e2e.duckdb");
    result = await ingest({ dataDir: path.join(dataDir, "raw"), dbPath: db });
  });

  it("stores the fetched Kolada values with names, regions, kön and missing values as published", async () => {
    const rows = await query(db, "SELECT kpi, kpi_namn, regiontyp, regionkod, ar, kon, varde, status FROM kontextindikator ORDER BY kpi, regionkod, ar, kon");
    expect(rows).toEqual([
      { kpi: "N00957", kpi_namn: "Ohälsotal, dagar", regiontyp: "kommun", regionkod: "2021", ar: 2021, kon: "T", varde: 30.2, status: "" },
      { kpi: "N00957", kpi_namn: "Ohälsotal, dagar", regiontyp: "kommun", regionkod: "2021", ar: 2023, kon: "K", varde: 33.4, status: "" },
      { kpi: "N00957", kpi_namn: "Ohälsotal, dagar", regiontyp: "kommun", regionkod: "2021", ar: 2023, kon: "M", varde: 24.1, status: "" },
      { kpi: "N00957", kpi_namn: "Ohälsotal, dagar", regiontyp: "kommun", regionkod: "2021", ar: 2023, kon: "T", varde: 28.5, status: "" },
      { kpi: "N31001", kpi_namn: "Kostnad ekonomiskt bistånd, kr/inv", regiontyp: "riket", regionkod: "00", ar: 2022, kon: "T", varde: 1621, status: "" },
      { kpi: "N31001", kpi_namn: "Kostnad ekonomiskt bistånd, kr/inv", regiontyp: "riket", regionkod: "00", ar: 2023, kon: "T", varde: 1695, status: "" },
      { kpi: "N31001", kpi_namn: "Kostnad ekonomiskt bistånd, kr/inv", regiontyp: "lan", regionkod: "20", ar: 2023, kon: "T", varde: 1488, status: "" },
      { kpi: "N31001", kpi_namn: "Kostnad ekonomiskt bistånd, kr/inv", regiontyp: "kommun", regionkod: "2021", ar: 2023, kon: "T", varde: 1052.5, status: "" },
      { kpi: "N31807", kpi_namn: "Ekonomiskt bistånd, andel (%) av bef.", regiontyp: "kommun", regionkod: "2021", ar: 2022, kon: "T", varde: null, status: "saknas" },
      { kpi: "N31807", kpi_namn: "Ekonomiskt bistånd, andel (%) av bef.", regiontyp: "kommun", regionkod: "2021", ar: 2023, kon: "T", varde: 2.8, status: "" },
    ]);
  });

  it("records every page as a Kolada file retrieved on the folder's date; the manifest is not read as data", async () => {
    const files = await query(db, "SELECT fil, kalla, strftime(hamtad, '%Y-%m-%d') AS hamtad, rader_lasta, rader_inlasta FROM inlast_fil ORDER BY fil");
    expect(files).toEqual([
      { fil: "kolada/2026-11-21/data_01_sida1.json", kalla: "kolada", hamtad: "2026-11-21", rader_lasta: 3, rader_inlasta: 3 },
      { fil: "kolada/2026-11-21/data_01_sida2.json", kalla: "kolada", hamtad: "2026-11-21", rader_lasta: 3, rader_inlasta: 2 },
      { fil: "kolada/2026-11-21/data_01_sida3.json", kalla: "kolada", hamtad: "2026-11-21", rader_lasta: 5, rader_inlasta: 5 },
      { fil: "kolada/2026-11-21/kpi_01_sida1.json", kalla: "kolada", hamtad: "2026-11-21", rader_lasta: 0, rader_inlasta: 0 },
    ]);
    expect(result.unknown).toEqual([]);
    expect(result.notes.join("\n")).toContain("1 värden för Kolada-kommungrupper (id G…) hoppades över");
  });
});

const base = JSON.parse(fs.readFileSync(path.join(FIXTURES, "rOpenGov_pxweb_TAB638_riket_ogifta_0ar_man_2024.json"), "utf8")) as JsonStat;
const REGION: DerivedDimension = { code: "Region", label: "region", elimination: true, values: [["00", "Riket"], ["0114", "Upplands Väsby"], ["1860", "Vimmerby"]] };
const CIVIL = ["OG", "G", "SK", "ÄNKL"];
const age = (code: string) => (code === "tot" ? -1 : Number.parseInt(code, 10));
const ages = (top: string): [string, string][] => [...Array.from({ length: 100 }, (_, i): [string, string] => [String(i), `${i} år`]), [top, "100+ år"], ["tot", "totalt ålder"]];
const HE_TEXTS = ["Sjukpenning", "Sjuk- och aktivitetsersersättning", "Arbetslöshetsersättning", "Arbetsmarknadsåtgärder", "Ekonomiskt bistånd", "Etableringsersättning", "Summa helårsekvivalenter", "Folkmängd", "Andel av befolkningen"];

// TAB638: cell = (age mod 5) + civilstånd number (1–4), doubled for Vimmerby; summed over civilstånd: 4·(age mod 5) + 10.
const TAB638 = derivedDataset(base, "TAB638", "Folkmängd efter region, civilstånd, ålder, kön och år", [
  REGION,
  { code: "Civilstand", label: "civilstånd", elimination: false, values: [["OG", "ogifta"], ["G", "gifta"], ["SK", "skilda"], ["ÄNKL", "änkor/änklingar"]] },
  { code: "Alder", label: "ålder", elimination: true, values: ages("100+") },
  { code: "Kon", label: "kön", elimination: true, values: [["1", "män"], ["2", "kvinnor"]] },
  { code: "ContentsCode", label: "tabellinnehåll", elimination: false, values: [["BE0101N1", "Folkmängd"], ["BE0101N2", "Folkökning"]] },
  { code: "Tid", label: "år", elimination: false, values: [["2022", "2022"], ["2023", "2023"], ["2024", "2024"]] },
], ([region, civil, alder, , contents]) => (contents === "BE0101N2" ? 7 : ((Math.max(age(alder), 0) % 5) + CIVIL.indexOf(civil) + 1) * (region === "1860" ? 2 : 1)));
// TAB5557 (CKM, from 2025, no civilstånd): cell = 100 + age, + 1000 for Vimmerby.
const TAB5557 = derivedDataset(base, "TAB5557", "Folkmängd efter region, ålder, kön och år", [
  REGION,
  { code: "Alder", label: "ålder", elimination: true, values: ages("100+1") },
  { code: "Kon", label: "kön", elimination: true, values: [["1", "män"], ["2", "kvinnor"]] },
  { code: "ContentsCode", label: "tabellinnehåll", elimination: false, values: [["000007ME", "Folkmängd"]] },
  { code: "Tid", label: "år", elimination: false, values: [["2024", "2024"], ["2025", "2025"]] },
], ([region, alder]) => 100 + Math.max(age(alder), 0) + (region === "1860" ? 1000 : 0));
// TAB1386: content codes invented (SCB's are not known); cell = 10·(content number) + month + 0.5 for kvinnor.
const TAB1386 = derivedDataset(base, "TAB1386", "Antal helårsekvivalenter som försörjs med sociala ersättningar och bidrag efter region, kön, åldersgrupp och månad", [
  REGION,
  { code: "Kon", label: "kön", elimination: true, values: [["1", "män"], ["2", "kvinnor"], ["1+2", "män och kvinnor totalt"]] },
  { code: "Aldersgrupp", label: "åldersgrupp", elimination: false, values: [["20-64", "20-64 år"], ["20-65", "20-65 år"]] },
  { code: "ContentsCode", label: "tabellinnehåll", elimination: false, values: HE_TEXTS.map((t, i): [string, string] => [`HEK${i + 1}`, t]) },
  { code: "Tid", label: "månad", elimination: false, values: [["2024M01", "2024M01"], ["2024M02", "2024M02"], ["2024M03", "2024M03"]] },
], ([, kon, , contents, tid]) => 10 * Number(contents.slice(3)) + Number(tid.slice(-2)) + (kon === "2" ? 0.5 : 0));

describe("fetch SCB's default tables, then ingest", () => {
  let scb: ReplayServer;
  let db: string;
  let fetched: Awaited<ReturnType<typeof runFetch>>;
  let log: string[];
  beforeAll(async () => {
    scb = await startReplayServer({ scbDatasets: { TAB638, TAB5557, TAB1386 }, scbConfig: { maxDataCells: 1000, maxCallsPerTimeWindow: 30, timeWindow: 10 } });
    const dataDir = path.join(root, "scb-data");
    log = [];
    fetched = await runFetch({ dataDir, datum: "2026-11-22", kallor: ["scb"], franAr: 2023, scbBas: `${scb.url}/api/v2`, log: (l) => log.push(l.replace(/[\u00a0\u202f]/g, " ")) });
    db = path.join(root, "scb.duckdb");
    await ingest({ dataDir: path.join(dataDir, "raw"), dbPath: db });
  });
  afterAll(() => scb.close());

  it("asks for kommuner only, single ages, both kön, 2023 on; civilstånd in full since the table cannot eliminate it", () => {
    expect(fetched.map((r) => [r.kalla, r.ok, r.filer, r.fel])).toEqual([["scb", true, 6, undefined]]);
    expect(log).toContain("SCB TAB638: Region 2 × Civilstand 4 × Alder 101 × Kon 2 × ContentsCode 1 × Tid 2 = 3 232 celler i 4 frågor");
    expect(log).toContain("SCB TAB5557: Region 2 × Alder 101 × Kon 2 × ContentsCode 1 × Tid 1 = 404 celler i 1 fråga");
    expect(log).toContain("SCB TAB1386: Region 2 × Kon 3 × Aldersgrupp 1 × ContentsCode 9 × Tid 3 = 162 celler i 1 fråga");
    const bodies = scb.requests.filter((r) => r.method === "POST").map((r) => (r.body as { selection: { variableCode: string; valueCodes: string[] }[] }).selection);
    expect(bodies).toHaveLength(6); // TAB638 in 4 calls (31 + 31 + 31 + 8 ages × 32 cells ≤ 1 000), TAB5557 and TAB1386 (162 cells) in 1 each
    expect(bodies[0].find((v) => v.variableCode === "Alder")!.valueCodes).toHaveLength(31);
    expect(bodies[4].find((v) => v.variableCode === "Tid")!.valueCodes).toEqual(["2025"]);
  });

  it("gives the population per kommun, age and kön, civilstånd summed (hand-checked cells)", async () => {
    const r = await query(db, `SELECT kommunkod, strftime(datum, '%Y-%m-%d') AS datum, alder, kon, antal FROM befolkning
      WHERE (kommunkod, alder) IN (('0114', 3), ('1860', 3), ('0114', 100)) AND kon = 'K' ORDER BY kommunkod, alder, datum`);
    expect(r).toEqual([
      { kommunkod: "0114", datum: "2023-12-31", alder: 3, kon: "K", antal: 22 }, // 4·3 + 10
      { kommunkod: "0114", datum: "2024-12-31", alder: 3, kon: "K", antal: 22 },
      { kommunkod: "0114", datum: "2025-12-31", alder: 3, kon: "K", antal: 103 }, // TAB5557: 100 + 3
      { kommunkod: "0114", datum: "2023-12-31", alder: 100, kon: "K", antal: 10 }, // 4·0 + 10
      { kommunkod: "0114", datum: "2024-12-31", alder: 100, kon: "K", antal: 10 },
      { kommunkod: "0114", datum: "2025-12-31", alder: 100, kon: "K", antal: 200 }, // "100+1"
      { kommunkod: "1860", datum: "2023-12-31", alder: 3, kon: "K", antal: 44 },
      { kommunkod: "1860", datum: "2024-12-31", alder: 3, kon: "K", antal: 44 },
      { kommunkod: "1860", datum: "2025-12-31", alder: 3, kon: "K", antal: 1103 },
    ]);
    const n = await query(db, "SELECT count(*)::INTEGER AS n FROM befolkning");
    expect(n[0].n).toBe(2 * 101 * 2 * 3);
  });

  it("gives helårsekvivalenter per kommun, month, ersättning and kön from the contents' texts", async () => {
    const r = await query(db, `SELECT ersattning, kon, helarsekvivalenter::VARCHAR AS h FROM helarsekvivalent
      WHERE kommunkod = '1860' AND manad = '2024-02' ORDER BY ersattning, kon`);
    expect(r).toEqual([
      { ersattning: "aktivitetsstod", kon: "K", h: "42.50" }, // Arbetsmarknadsåtgärder, content 4: 40 + 2 + 0.5
      { ersattning: "aktivitetsstod", kon: "M", h: "42.00" },
      { ersattning: "aktivitetsstod", kon: "T", h: "42.00" },
      { ersattning: "arbetsloshetsersattning", kon: "K", h: "32.50" },
      { ersattning: "arbetsloshetsersattning", kon: "M", h: "32.00" },
      { ersattning: "arbetsloshetsersattning", kon: "T", h: "32.00" },
      { ersattning: "ekonomiskt_bistand", kon: "K", h: "52.50" },
      { ersattning: "ekonomiskt_bistand", kon: "M", h: "52.00" },
      { ersattning: "ekonomiskt_bistand", kon: "T", h: "52.00" },
      { ersattning: "etableringsersattning", kon: "K", h: "62.50" },
      { ersattning: "etableringsersattning", kon: "M", h: "62.00" },
      { ersattning: "etableringsersattning", kon: "T", h: "62.00" },
      { ersattning: "sjuk_och_aktivitetsersattning", kon: "K", h: "22.50" },
      { ersattning: "sjuk_och_aktivitetsersattning", kon: "M", h: "22.00" },
      { ersattning: "sjuk_och_aktivitetsersattning", kon: "T", h: "22.00" },
      { ersattning: "sjukpenning", kon: "K", h: "12.50" },
      { ersattning: "sjukpenning", kon: "M", h: "12.00" },
      { ersattning: "sjukpenning", kon: "T", h: "12.00" },
    ]);
    const files = await query(db, "SELECT fil, kalla, strftime(hamtad, '%Y-%m-%d') AS hamtad FROM inlast_fil ORDER BY fil");
    expect(files.map((f) => [f.fil, f.kalla, f.hamtad])).toEqual([
      ["scb/2026-11-22/TAB1386_helarsekvivalenter_01.json", "scb-pxweb", "2026-11-22"],
      ["scb/2026-11-22/TAB5557_folkmangd_alder_kon_01.json", "scb-pxweb", "2026-11-22"],
      ...[1, 2, 3, 4].map((i) => [`scb/2026-11-22/TAB638_folkmangd_alder_kon_0${i}.json`, "scb-pxweb", "2026-11-22"]),
    ]);
  });
});

describe("fetch Försäkringskassan's default table with its metadata, then ingest", () => {
  it("stores SA belopp per län/riket in kronor (1000-tal kr × 1000), a suppressed cell as undertryckt", async () => {
    const dataDir = path.join(root, "fk-data");
    const results = await runFetch({ dataDir, datum: "2026-11-22", kallor: ["fk"], fkBas: `${server.url}/fk` });
    expect(results.map((r) => [r.kalla, r.ok, r.filer])).toEqual([["fk", true, 2]]);
    const db = path.join(root, "fk.duckdb");
    const ingested = await ingest({ dataDir: path.join(dataDir, "raw"), dbPath: db });
    const rows = await query(db, "SELECT regiontyp, regionkod, period, ersattning, kon, belopp_kr::VARCHAR AS belopp_kr, status FROM utbetalning_region ORDER BY regionkod, kon");
    expect(rows).toEqual([
      { regiontyp: "riket", regionkod: "00", period: "2024-12", ersattning: "sjuk_och_aktivitetsersattning", kon: "K", belopp_kr: "135644000.00", status: "" },
      { regiontyp: "riket", regionkod: "00", period: "2024-12", ersattning: "sjuk_och_aktivitetsersattning", kon: "T", belopp_kr: "317591000.00", status: "" },
      { regiontyp: "lan", regionkod: "20", period: "2024-12", ersattning: "sjuk_och_aktivitetsersattning", kon: "T", belopp_kr: null, status: "undertryckt" },
    ]);
    // The table and its meta.json (0 rows, recorded so the unit's source is on file) are both read.
    expect(ingested.files.map((f) => [f.fil, f.kalla, f.hamtad, f.raderLasta])).toEqual([
      ["fk/2026-11-22/SAbestandmanaddiagnoslan.json", "forsakringskassan", "2026-11-22", 3],
      ["fk/2026-11-22/SAbestandmanaddiagnoslan.meta.json", "forsakringskassan", "2026-11-22", 0],
    ]);
    expect(ingested.unknown).toEqual([]);
  });
});
