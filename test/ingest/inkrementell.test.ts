// The incremental ingest (issue #10 item 4): after one new, changed or removed file, only that file is read again and
// only the periods that depend on it are computed again — and every table and view holds, row for row, what a full
// ingest of the same files gives.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingest, type IngestOptions, type IngestResult } from "../../loaders/ingest.ts";
import { monthlyRows, query, tempDir, writeFiles } from "../helpers.ts";

const RELATIONS = [
  "befolkning", "utbetalning", "helarsekvivalent", "inlast_fil", "inlast_fil_snabb", "forbund_medlem",
  "utbetalning_period", "forsorjningsmatt_kommun", "forsorjningsmatt_utokad", "forsorjningsmatt", "grupp_omfattning",
  "helarsekvivalenter", "statens_fordelning", "medlemsandel", "forsorjningsmatt_andring",
];

let root: string;
let data: string;
beforeAll(() => {
  root = tempDir();
  data = path.join(root, "data");
  const pop = (ar: string) => ["0180", "0114", "1280"].flatMap((k) => [`${k},${ar}-12-31,40,K,1000`, `${k},${ar}-12-31,40,M,1100`]);
  const payouts = (ar: string, belopp: string) => [
    "kommunkod,period,ersattning,kon,belopp_kr",
    ...["0180", "0114", "1280"].flatMap((k) => [
      ...monthlyRows(k, `${ar}H1`, "sjukpenning", "T", belopp),
      ...monthlyRows(k, `${ar}H2`, "sjukpenning", "T", belopp),
      `${k},${ar},ekonomiskt_bistand,T,1${belopp}`,
    ]),
  ];
  writeFiles(data, {
    "befolkning_2021.csv": ["kommunkod,datum,alder,kon,antal", ...pop("2021")],
    "befolkning_2022.csv": ["kommunkod,datum,alder,kon,antal", ...pop("2022")],
    "befolkning_2023.csv": ["kommunkod,datum,alder,kon,antal", ...pop("2023")],
    "utbetalningar_2022.csv": payouts("2022", "100.00"),
    "utbetalningar_2023.csv": payouts("2023", "200.00"),
    "helarsekvivalenter_2023.csv": ["kommunkod,manad,ersattning,kon,helarsekvivalenter", "0180,2023-01,sjukpenning,T,1.5"],
    "forbund.csv": ["forbund_id,forbund_namn,kommunkod,fran,till", "A,Förbund A,0180,,", "A,Förbund A,0114,,"],
  });
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

async function dump(db: string): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const r of RELATIONS) out[r] = await query(db, `SELECT * FROM ${r} ORDER BY ALL`);
  return out;
}

/** An incremental ingest into `db` (which holds the previous one) and a full one into a fresh file, compared. */
async function againAndFull(db: string, extra: Partial<IngestOptions> = {}): Promise<{ inc: IngestResult; full: IngestResult; log: string[] }> {
  const log: string[] = [];
  const inc = await ingest({ dataDir: data, dbPath: db, log: (l) => log.push(l), ...extra });
  const fullDb = path.join(root, `full-${Date.now()}.duckdb`);
  const full = await ingest({ dataDir: data, dbPath: fullDb, inkrementell: false, ...extra });
  expect(await dump(db)).toEqual(await dump(fullDb));
  expect(inc.notes).toEqual(full.notes);
  return { inc, full, log };
}

describe("incremental ingest", () => {
  const db = () => path.join(root, "inc.duckdb");

  it("reads nothing again when nothing changed, and gives the same database", async () => {
    await ingest({ dataDir: data, dbPath: db() });
    const { inc, log } = await againAndFull(db());
    expect(inc.files.filter((f) => f.fast).every((f) => f.reused)).toBe(true);
    expect(log.filter((l) => l.includes("oförändrad sedan förra inläsningen"))).toHaveLength(6);
    expect(log).toContain("Inga indata har ändrats: måttet togs oförändrat från förra inläsningen.");
  });

  it("reads only a changed file again (and only its year's periods are recomputed), with the same result as a full ingest", async () => {
    const file = path.join(data, "utbetalningar_2023.csv");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("0180,2023,ekonomiskt_bistand,T,1200.00", "0180,2023,ekonomiskt_bistand,T,999.50"));
    const { inc, log } = await againAndFull(db());
    expect(inc.files.filter((f) => f.fast && !f.reused).map((f) => f.fil)).toEqual(["utbetalningar_2023.csv"]);
    expect(log.join("\n")).toContain("utbetalningar_2023.csv: 39 rader lästa");
    expect(log).toContain("Måttet räknades om för året 2023; övriga perioder togs oförändrade från förra inläsningen.");
    const v = await query(db(), "SELECT belopp_kr FROM forsorjningsmatt WHERE regiontyp = 'kommun' AND regionkod = '0180' AND period = '2023' AND ersattning = 'ekonomiskt_bistand'");
    expect(v).toEqual([{ belopp_kr: "999.50" }]);
  });

  it("handles a new file and a removed one", async () => {
    writeFiles(data, { "befolkning_2024.csv": ["kommunkod,datum,alder,kon,antal", "0180,2024-12-31,40,K,1200", "0180,2024-12-31,40,M,1300"] });
    fs.rmSync(path.join(data, "befolkning_2021.csv"));
    const { inc, log } = await againAndFull(db());
    expect(inc.files.filter((f) => f.fast && !f.reused).map((f) => f.fil)).toEqual(["befolkning_2024.csv"]);
    // 31 December 2021 (removed) counts for 2021 and 2022; 31 December 2024 (new) for 2024 and 2025.
    expect(log).toContain("Måttet räknades om för åren 2021, 2022, 2024, 2025; övriga perioder togs oförändrade från förra inläsningen.");
  });

  it("computes every period again when another input changed (a förbund list, a setting), still equal to a full ingest", async () => {
    writeFiles(data, { "forbund.csv": ["forbund_id,forbund_namn,kommunkod,fran,till", "A,Förbund A,0180,,", "A,Förbund A,1280,,"] });
    await againAndFull(db());
    await againAndFull(db(), { ageBand: { fran: 20, till: 64 } });
  });
});
