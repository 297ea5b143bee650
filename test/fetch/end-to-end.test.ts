// From download to database: `npm run fetch`'s code fetches Kolada from the replay server into a temp data
// directory, then the ingest reads that directory; the values arrive in kontextindikator with the KPI names and
// the folder date as the retrieval date.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runFetch } from "../../loaders/fetch/run.ts";
import { ingest } from "../../loaders/ingest.ts";
import { query, tempDir } from "../helpers.ts";
import { type ReplayServer, startReplayServer } from "./replay-server.ts";

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
