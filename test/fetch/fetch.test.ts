// `npm run fetch` against a replay server on 127.0.0.1: files and manifest under data/raw/<källa>/<datum>/, SCB
// queries split under maxDataCells and spaced to the call budget, Kolada next_url paging, retries with bounded
// back-off, and a fast Swedish failure when a host cannot be reached. Nothing here leaves 127.0.0.1, except the
// name lookup of nonexistent.invalid (a reserved name that never resolves).
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../loaders/config.ts";
import { chunks, KOLADA_MAX_PER_SEGMENT } from "../../loaders/fetch/kolada.ts";
import { MANIFEST, type ManifestEntry } from "../../loaders/fetch/output.ts";
import { type FetchOptions, runFetch } from "../../loaders/fetch/run.ts";
import type { ScbTableSpec } from "../../loaders/fetch/scb.ts";
import { tempDir } from "../helpers.ts";
import { closedPort, FIXTURES, type ReplayServer, startReplayServer } from "./replay-server.ts";

const TSX = path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx");
const CLI = path.join(PROJECT_ROOT, "loaders", "cli", "fetch.ts");
const DATUM = "2026-11-20";

const TAB3200_RECORDING = JSON.parse(fs.readFileSync(path.join(FIXTURES, "atlas290_TAB3200_arbetsloshet_20_64_alla_kommuner_2020_2024.json"), "utf8"));
const TAB3200_BODY = JSON.parse(fs.readFileSync(path.join(FIXTURES, "atlas290_TAB3200_request_body_reconstructed.json"), "utf8")).body;

/** The selection atlas290 asked SCB for, as table rules: 290 kommuner, 1+2, 20-64, tot, arbetslöshet, 2020–2024. */
const TAB3200_SPEC: ScbTableSpec = {
  id: "TAB3200",
  fil: "TAB3200_arbetsloshet",
  beskrivning: "arbetslöshet 20–64 år",
  variabler: {
    Region: { monster: /^\d{4}$/, beskrivning: "kommuner" },
    Kon: { alla: true },
    Alder: { koder: ["20-64"] },
    Fodelseregion: { koder: ["tot"] },
    ContentsCode: { alla: true },
    Tid: { tidFran: "2020" },
  },
};
/** Every variable of the one-cell TAB638 recording, all values: exactly the recorded request. */
const TAB638_SPEC: ScbTableSpec = {
  id: "TAB638",
  fil: "TAB638_folkmangd",
  beskrivning: "folkmängd",
  variabler: { Region: { alla: true }, Civilstand: { alla: true }, Alder: { alla: true }, Kon: { alla: true }, ContentsCode: { alla: true }, Tid: { tidFran: "1968" } },
};

let root: string;
let server: ReplayServer;
let n = 0;

const PROXY_VARS = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"];
const savedProxy = Object.fromEntries(PROXY_VARS.map((n) => [n, process.env[n]]));

beforeAll(async () => {
  root = tempDir("fetch-test-");
  server = await startReplayServer();
  for (const n of PROXY_VARS) delete process.env[n]; // messages below are exact; a proxy adds a note (tested apart)
});
afterAll(async () => {
  for (const [n, v] of Object.entries(savedProxy)) if (v !== undefined) process.env[n] = v;
  await server.close();
  fs.rmSync(root, { recursive: true, force: true });
});
afterEach(() => {
  server.requests.length = 0;
  server.faults.clear();
  server.options.scbConfig = undefined;
  server.options.koladaPageSize = undefined;
});

async function fetchInto(options: Partial<FetchOptions>): Promise<{ dataDir: string; results: Awaited<ReturnType<typeof runFetch>>; log: string[]; ms: number }> {
  const dataDir = path.join(root, `run${++n}`);
  const log: string[] = [];
  const started = performance.now();
  const results = await runFetch({
    dataDir,
    datum: DATUM,
    scbBas: `${server.url}/api/v2`,
    koladaBas: `${server.url}/v3`,
    fkBas: `${server.url}/fk`,
    http: { vantetidMs: 20, maxVantetidMs: 200, anslutningMs: 2000 },
    // formatNumber groups thousands with a no-break space; compare with plain spaces
    log: (line) => log.push(line.replace(/[\u00a0\u202f]/g, " ")),
    ...options,
  });
  return { dataDir, results, log, ms: performance.now() - started };
}

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, "utf8"));
const manifest = (dir: string): ManifestEntry[] =>
  fs.readFileSync(path.join(dir, MANIFEST), "utf8").trim().split("\n").map((l) => JSON.parse(l));
const posts = () => server.requests.filter((r) => r.method === "POST");

/** Runs the command without blocking this process (the replay server answers from this event loop). */
function runCli(args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [CLI, ...args], { cwd: PROJECT_ROOT, env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGTERM"), 20_000);
    child.on("error", reject);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout: stdout.replace(/[\u00a0\u202f]/g, " "), stderr });
    });
  });
}

describe("SCB PxWebApi v2", () => {
  it("asks for the recorded selection in one call when it fits, and saves SCB's answer with a manifest", async () => {
    const { dataDir, results } = await fetchInto({ kallor: ["scb"], scbTabeller: [TAB3200_SPEC] });
    const folder = path.join(dataDir, "raw", "scb", DATUM);
    expect(results).toEqual([{ kalla: "scb", ok: true, mapp: folder, filer: 1 }]);
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /api/v2/config", "GET /api/v2/tables/TAB3200/metadata", "POST /api/v2/tables/TAB3200/data"]);
    // the body equals the one atlas290 sent SCB, and the query string asks for json-stat2 in Swedish
    expect(posts()[0].body).toEqual(TAB3200_BODY);
    expect(Object.fromEntries(posts()[0].query)).toEqual({ lang: "sv", outputFormat: "json-stat2" });
    expect(fs.readdirSync(folder).sort()).toEqual(["TAB3200_arbetsloshet_01.json", MANIFEST]);
    const file = path.join(folder, "TAB3200_arbetsloshet_01.json");
    expect(readJson(file)).toEqual(TAB3200_RECORDING.response);
    const [entry] = manifest(folder);
    expect(entry).toMatchObject({
      fil: "TAB3200_arbetsloshet_01.json",
      metod: "POST",
      url: `${server.url}/api/v2/tables/TAB3200/data?lang=sv&outputFormat=json-stat2`,
      fraga: TAB3200_BODY,
      sha256: crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex"),
      byte: fs.statSync(file).size,
    });
    expect(entry.hamtad).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it("stores a recorded response byte for byte", async () => {
    const { dataDir } = await fetchInto({ kallor: ["scb"], scbTabeller: [TAB638_SPEC] });
    const saved = fs.readFileSync(path.join(dataDir, "raw", "scb", DATUM, "TAB638_folkmangd_01.json"));
    expect(saved.equals(fs.readFileSync(path.join(FIXTURES, "rOpenGov_pxweb_TAB638_riket_ogifta_0ar_man_2024.json")))).toBe(true);
    expect(posts()[0].body).toEqual({
      selection: [
        { variableCode: "Region", valueCodes: ["00"] },
        { variableCode: "Civilstand", valueCodes: ["OG"] },
        { variableCode: "Alder", valueCodes: ["0"] },
        { variableCode: "Kon", valueCodes: ["1"] },
        { variableCode: "ContentsCode", valueCodes: ["BE0101N1"] },
        { variableCode: "Tid", valueCodes: ["2024"] },
      ],
    });
  });

  it("splits a query over maxDataCells from GET /config: 1 450 cells at most 1 000 a call = 200 + 90 kommuner", async () => {
    server.options.scbConfig = { maxDataCells: 1000, maxCallsPerTimeWindow: 30, timeWindow: 10 };
    const { dataDir, results, log } = await fetchInto({ kallor: ["scb"], scbTabeller: [TAB3200_SPEC] });
    expect(results[0].ok).toBe(true);
    const regions = posts().map((r) => (r.body as typeof TAB3200_BODY).selection[0].valueCodes as string[]);
    expect(regions.map((r) => r.length)).toEqual([200, 90]);
    expect([...regions[0], ...regions[1]]).toEqual(TAB3200_BODY.selection[0].valueCodes);
    for (const r of posts()) expect((r.body as typeof TAB3200_BODY).selection.slice(1)).toEqual(TAB3200_BODY.selection.slice(1));
    // together the two answers hold exactly the recorded values, kommun by kommun
    const folder = path.join(dataDir, "raw", "scb", DATUM);
    const parts = ["TAB3200_arbetsloshet_01.json", "TAB3200_arbetsloshet_02.json"].map((f) => readJson(path.join(folder, f)));
    expect(parts.map((p) => p.size)).toEqual([[200, 1, 1, 1, 1, 5], [90, 1, 1, 1, 1, 5]]);
    expect([...parts[0].value, ...parts[1].value]).toEqual(TAB3200_RECORDING.response.value);
    expect(manifest(folder).map((e) => e.fil)).toEqual(["TAB3200_arbetsloshet_01.json", "TAB3200_arbetsloshet_02.json"]);
    expect(log).toContain("SCB: högst 1 000 celler per fråga och 30 anrop per 10 s");
    expect(log.find((l) => l.startsWith("SCB TAB3200 del 2 av 2"))).toContain("450 celler; Region 1860–2584 (90 av 290)");
  });

  it("uses SCB's published 100 000 cells and 10 calls per 10 s when /config does not answer", async () => {
    server.options.scbConfig = null;
    const { results, log } = await fetchInto({ kallor: ["scb"], scbTabeller: [TAB3200_SPEC] });
    expect(results[0].ok).toBe(true);
    expect(posts()).toHaveLength(1);
    expect(log).toContain("SCB: högst 100 000 celler per fråga och 10 anrop per 10 s (SCB:s publicerade gränser; /config svarade inte)");
  });

  it("spaces calls to the budget from /config: at most 3 calls in any 1 s window", async () => {
    server.options.scbConfig = { maxDataCells: 500, maxCallsPerTimeWindow: 3, timeWindow: 1 };
    const { results } = await fetchInto({ kallor: ["scb"], scbTabeller: [TAB3200_SPEC] });
    expect(results[0].ok).toBe(true);
    expect(posts().map((r) => (r.body as typeof TAB3200_BODY).selection[0].valueCodes.length)).toEqual([100, 100, 90]); // 500 cells = 100 kommuner × 5 years
    const at = server.requests.map((r) => r.at);
    expect(at).toHaveLength(5); // config, metadata, 3 data calls
    expect(at[2] - at[0]).toBeLessThan(500); // the first three go at once
    // the client leaves ≥ 1 050 ms between call i and i + 3 (window + 5 %); arrivals may be a little closer
    for (let i = 0; i + 3 < at.length; i++) expect(at[i + 3] - at[i]).toBeGreaterThanOrEqual(1000);
    expect(at[4] - at[0]).toBeLessThan(2000);
  }, 10_000);

  it("refuses a table whose metadata lacks a variable the selection needs, and writes nothing", async () => {
    const spec: ScbTableSpec = { ...TAB3200_SPEC, variabler: { ...TAB3200_SPEC.variabler, Aldersgrupp: { koder: ["20-64"] } } };
    const { dataDir, results } = await fetchInto({ kallor: ["scb"], scbTabeller: [spec] });
    expect(results[0]).toMatchObject({ kalla: "scb", ok: false });
    expect(results[0].fel).toBe("SCB-tabellen TAB3200 har ingen variabel Aldersgrupp (den har Region, Kon, Alder, Fodelseregion, ContentsCode, Tid). SCB kan ha ändrat tabellen; programmet behöver uppdateras.");
    expect(fs.existsSync(path.join(dataDir, "raw", "scb"))).toBe(false);
  });
});

describe("Kolada v3", () => {
  it("follows next_url page by page and saves each page and the KPI names", async () => {
    server.options.koladaPageSize = 2;
    const { dataDir, results } = await fetchInto({ kallor: ["kolada"], kpier: ["N31001", "N31807"], franAr: 2022, tillAr: 2023 });
    const folder = path.join(dataDir, "raw", "kolada", DATUM);
    expect(results).toEqual([{ kalla: "kolada", ok: true, mapp: folder, filer: 5 }]);
    expect(server.requests.map((r) => `${r.path}?${r.query}`)).toEqual([
      "/v3/kpi/N31001,N31807?",
      "/v3/data/kpi/N31001,N31807/year/2022,2023?per_page=5000",
      "/v3/data/kpi/N31001,N31807/year/2022,2023?page=2&per_page=2",
      "/v3/data/kpi/N31001,N31807/year/2022,2023?page=3&per_page=2",
      "/v3/data/kpi/N31001,N31807/year/2022,2023?page=4&per_page=2",
    ]);
    expect(fs.readdirSync(folder).sort()).toEqual(["data_01_sida1.json", "data_01_sida2.json", "data_01_sida3.json", "data_01_sida4.json", "kpi_01_sida1.json", MANIFEST]);
    const pages = [1, 2, 3, 4].map((p) => readJson(path.join(folder, `data_01_sida${p}.json`)));
    expect(pages.map((p) => p.values.length)).toEqual([2, 2, 2, 1]);
    expect(pages.map((p) => p.next_url)).toEqual([
      `${server.url}/v3/data/kpi/N31001,N31807/year/2022,2023?page=2&per_page=2`,
      `${server.url}/v3/data/kpi/N31001,N31807/year/2022,2023?page=3&per_page=2`,
      `${server.url}/v3/data/kpi/N31001,N31807/year/2022,2023?page=4&per_page=2`,
      null,
    ]);
    expect(readJson(path.join(folder, "kpi_01_sida1.json")).values.map((k: { id: string }) => k.id)).toEqual(["N31001", "N31807"]);
  });

  it("puts at most 25 ids in a path segment: 27 KPIs are two calls for names and two for values", async () => {
    const ids = Array.from({ length: 27 }, (_, i) => `N${String(90001 + i)}`);
    const { results } = await fetchInto({ kallor: ["kolada"], kpier: ids, franAr: 2023, tillAr: 2023 });
    expect(results[0].ok).toBe(true);
    const segments = server.requests.map((r) => r.path.split("/")[r.path.startsWith("/v3/kpi/") ? 3 : 4].split(",").length);
    expect(segments).toEqual([25, 2, 25, 2]);
    expect(chunks(ids, KOLADA_MAX_PER_SEGMENT).map((c) => c.length)).toEqual([25, 2]);
  });

  it("refuses an id that is not a Kolada KPI before calling", async () => {
    const { results } = await fetchInto({ kallor: ["kolada"], kpier: ["N31001", "ohälsotal"] });
    expect(results[0].fel).toBe('Kolada: "ohälsotal" är inget nyckeltals-id (förväntade t.ex. N31001).');
    expect(server.requests).toHaveLength(0);
  });
});

describe("Försäkringskassan and Socialstyrelsen", () => {
  it("saves FK's files as received and tells how to export ekonomiskt bistånd by hand", async () => {
    const { dataDir, results, log } = await fetchInto({ kallor: ["fk", "socialstyrelsen"], fkFiler: ["ohm-ohalsotal/SJPohttal.xlsx", "sa-bestand-diagnos/SAbestandmanaddiagnoslan.json"] });
    const folder = path.join(dataDir, "raw", "fk", DATUM);
    expect(results.map((r) => [r.kalla, r.ok, r.filer])).toEqual([["fk", true, 3], ["socialstyrelsen", true, 0]]);
    expect(server.requests.map((r) => r.path)).toEqual(["/fk/ohm-ohalsotal/SJPohttal.xlsx", "/fk/sa-bestand-diagnos/SAbestandmanaddiagnoslan.json", "/fk/sa-bestand-diagnos/meta.json"]);
    expect(fs.readFileSync(path.join(folder, "SJPohttal.xlsx")).equals(fs.readFileSync(path.join(FIXTURES, "fk_ohalsotal_2024_11_06.xlsx")))).toBe(true);
    expect(readJson(path.join(folder, "SAbestandmanaddiagnoslan.json"))[0].observations.belopp.value).toBe(317591);
    // the table's metadata beside it, named so the ingest finds the belopp unit (*meta.json)
    expect(readJson(path.join(folder, "SAbestandmanaddiagnoslan.meta.json")).table.columns.find((c: { key: string }) => c.key === "belopp").label).toBe("Belopp i 1000-tal kr");
    expect(log.join("\n")).toContain("Socialstyrelsen: ekonomiskt bistånd per månad finns inte i något öppet API");
    expect(results[1].anteckning).toContain("https://sdb.socialstyrelsen.se/if_ekb_manad/");
    expect(results[1].anteckning).toContain("Utbetalt ekonomiskt bistånd tkr");
  });

  it.each([
    ["an HTML page instead of xlsx", "html/Fel.xlsx", "Försäkringskassan svarade på URL med något annat än en xlsx-fil (innehållstyp text/html)."],
    ["an empty JSON list", "tom/Tom.json", "Försäkringskassan svarade på URL med en tom lista; tabellnamnet kan ha ändrats."],
    ["a JSON table whose metadata cannot be found", "utan-meta/Tabell.json",
      "Försäkringskassan: metadata för utan-meta gick inte att hämta, och utan den är enheten för belopp okänd (127.0.0.1:PORT svarade 404 på GET BASE/utan-meta/meta.json: Not Found; 127.0.0.1:PORT svarade 404 på GET BASE/utan-meta/meta/json: Not Found)."],
  ])("refuses %s", async (_name, file, message) => {
    const { results } = await fetchInto({ kallor: ["fk"], fkFiler: [file] });
    expect(results[0].fel).toBe(message.replace("URL", `${server.url}/fk/${file}`).replaceAll("PORT", String(server.port)).replaceAll("BASE", `${server.url}/fk`));
  });
});

describe("retries and back-off", () => {
  it("retries after a 503 and then saves the answer", async () => {
    server.faults.set("POST /api/v2/tables/TAB638/data", [{ status: 503 }]);
    const { dataDir, results, log } = await fetchInto({ kallor: ["scb"], scbTabeller: [TAB638_SPEC] });
    expect(results[0].ok).toBe(true);
    expect(posts()).toHaveLength(2);
    expect(posts()[1].at - posts()[0].at).toBeGreaterThanOrEqual(19);
    expect(log).toContain("  503 serverfel; försöker igen om 20 ms (försök 2 av 4)");
    expect(fs.existsSync(path.join(dataDir, "raw", "scb", DATUM, "TAB638_folkmangd_01.json"))).toBe(true);
  });

  it("honours Retry-After on a 429, capped by the longest back-off", async () => {
    server.faults.set("GET /v3/kpi/N31001", [{ status: 429, headers: { "retry-after": "60" } }]);
    const { results, log } = await fetchInto({ kallor: ["kolada"], kpier: ["N31001"], franAr: 2023, tillAr: 2023 });
    expect(results[0].ok).toBe(true);
    const [first, second] = server.requests;
    expect(second.at - first.at).toBeGreaterThanOrEqual(195); // 60 s asked, 200 ms cap in this test
    expect(second.at - first.at).toBeLessThan(2000);
    expect(log).toContain("  429 för många anrop; försöker igen om 200 ms (försök 2 av 4)");
  });

  it("gives up after 4 tries with doubling waits (20, 40, 80 ms), writes nothing and keeps an earlier download", async () => {
    // an earlier complete download of the same day must survive the failed one
    const earlier = await fetchInto({ kallor: ["scb"], scbTabeller: [TAB638_SPEC] });
    const folder = path.join(earlier.dataDir, "raw", "scb", DATUM);
    const before = fs.readFileSync(path.join(folder, MANIFEST), "utf8");
    server.requests.length = 0;
    server.faults.set("POST /api/v2/tables/TAB638/data", Array.from({ length: 10 }, () => ({ status: 503 })));
    const started = performance.now();
    const results = await runFetch({
      dataDir: earlier.dataDir, datum: DATUM, kallor: ["scb"], scbTabeller: [TAB638_SPEC], scbBas: `${server.url}/api/v2`,
      http: { vantetidMs: 20, maxVantetidMs: 200 },
    });
    const ms = performance.now() - started;
    expect(results[0].ok).toBe(false);
    expect(results[0].fel).toBe(`127.0.0.1:${server.port} svarade 503 på POST ${server.url}/api/v2/tables/TAB638/data?lang=sv&outputFormat=json-stat2 efter 4 försök: Service Unavailable. Försök igen senare.`);
    const at = posts().map((r) => r.at);
    expect(at).toHaveLength(4);
    const gaps = at.slice(1).map((t, i) => t - at[i]);
    expect(gaps[0]).toBeGreaterThanOrEqual(19);
    expect(gaps[1]).toBeGreaterThanOrEqual(39);
    expect(gaps[2]).toBeGreaterThanOrEqual(79);
    expect(ms).toBeLessThan(2000);
    expect(fs.readFileSync(path.join(folder, MANIFEST), "utf8")).toBe(before);
    expect(fs.readdirSync(path.dirname(folder))).toEqual([DATUM]); // no staging folder left behind
  });

  it("retries a host that has answered before when an answer does not start in time", async () => {
    server.faults.set("GET /api/v2/tables/TAB638/metadata", [{ status: 0, hang: true }]);
    const { results, log } = await fetchInto({ kallor: ["scb"], scbTabeller: [TAB638_SPEC], http: { vantetidMs: 20, anslutningMs: 2000, svarsstartMs: 200 } });
    expect(results[0].ok).toBe(true);
    expect(server.requests.map((r) => r.path)).toEqual(["/api/v2/config", "/api/v2/tables/TAB638/metadata", "/api/v2/tables/TAB638/metadata", "/api/v2/tables/TAB638/data"]);
    expect(log).toContain("  inget svar inom 200 ms; försöker igen om 20 ms (försök 2 av 4)");
  });

  it("retries an answer dropped halfway, even on the first call to a host (it did answer)", async () => {
    server.faults.set("GET /v3/kpi/N31001", [{ status: 200, drop: true }]);
    const { results, log } = await fetchInto({ kallor: ["kolada"], kpier: ["N31001"], franAr: 2023, tillAr: 2023 });
    expect(results[0].ok).toBe(true);
    expect(server.requests.map((r) => r.path)).toEqual(["/v3/kpi/N31001", "/v3/kpi/N31001", "/v3/data/kpi/N31001/year/2023"]);
    expect(log).toContain("  anslutningen bröts (UND_ERR_SOCKET); försöker igen om 20 ms (försök 2 av 4)");
  });

  it("does not retry a 400 (a bad query is not transient)", async () => {
    const spec: ScbTableSpec = { ...TAB3200_SPEC, variabler: { ...TAB3200_SPEC.variabler, Kon: { koder: ["1+2"] } } };
    server.faults.set("POST /api/v2/tables/TAB3200/data", [{ status: 400 }]);
    const { results } = await fetchInto({ kallor: ["scb"], scbTabeller: [spec] });
    expect(posts()).toHaveLength(1);
    expect(results[0].fel).toMatch(/svarade 400 på POST .*TAB3200\/data/);
  });

  it("a re-run the same day replaces the day's folder: no stale pages from the earlier run", async () => {
    server.options.koladaPageSize = 2;
    const first = await fetchInto({ kallor: ["kolada"], kpier: ["N31001", "N31807"], franAr: 2022, tillAr: 2023 });
    const folder = path.join(first.dataDir, "raw", "kolada", DATUM);
    expect(fs.readdirSync(folder)).toHaveLength(6);
    server.options.koladaPageSize = undefined;
    await runFetch({ dataDir: first.dataDir, datum: DATUM, kallor: ["kolada"], kpier: ["N31001", "N31807"], franAr: 2022, tillAr: 2023, koladaBas: `${server.url}/v3` });
    expect(fs.readdirSync(folder).sort()).toEqual(["data_01_sida1.json", "kpi_01_sida1.json", MANIFEST]);
    expect(readJson(path.join(folder, "data_01_sida1.json")).values).toHaveLength(7);
  });
});

describe("no network", () => {
  it("fails at once, without retries, when nothing listens on the port", async () => {
    const port = await closedPort();
    const { results, ms, dataDir } = await fetchInto({ kallor: ["scb"], scbBas: `http://127.0.0.1:${port}/api/v2`, http: { vantetidMs: 1000 } });
    expect(results[0].fel).toBe(
      `Kunde inte nå 127.0.0.1:${port}: ingen nätverksanslutning? Anslutningen nekades (ECONNREFUSED). Kontrollera internetanslutningen (och proxy eller brandvägg) och försök igen. Anropet var GET http://127.0.0.1:${port}/api/v2/config.`,
    );
    expect(ms).toBeLessThan(1000); // a retry would have waited 1 s
    expect(fs.existsSync(path.join(dataDir, "raw"))).toBe(true);
    expect(fs.readdirSync(path.join(dataDir, "raw"))).toEqual([]);
  });

  it("says that a proxy in the environment is not used", async () => {
    const port = await closedPort();
    process.env.HTTPS_PROXY = "http://proxy.example:3128";
    try {
      const { results } = await fetchInto({ kallor: ["scb"], scbBas: `http://127.0.0.1:${port}/api/v2` });
      expect(results[0].fel).toContain("försök igen. Obs: HTTPS_PROXY är satt, men hämtningen går inte via en proxy; den kräver en direkt anslutning till internet. Anropet var GET");
    } finally {
      delete process.env.HTTPS_PROXY;
    }
  });

  it("fails at once when the name does not resolve", async () => {
    // where no name server answers at all, the 3 s wait for a first answer ends it instead
    const { results, ms } = await fetchInto({ kallor: ["kolada"], koladaBas: "http://nonexistent.invalid/v3", http: { vantetidMs: 1000, anslutningMs: 3000 } });
    expect(results[0].fel).toMatch(/^Kunde inte nå nonexistent\.invalid: ingen nätverksanslutning\? (Namnet nonexistent\.invalid kunde inte slås upp \(ENOTFOUND\)|Namnuppslagningen av nonexistent\.invalid misslyckades tillfälligt \(EAI_AGAIN\)|Inget svar inom 3 s)\./);
    expect(ms).toBeLessThan(4000);
  });

  it("stops waiting for a server that accepts but never answers after the connect timeout, without retrying, and skips the other sources", async () => {
    server.faults.set("GET /api/v2/config", [{ status: 0, hang: true }, { status: 0, hang: true }]);
    const { results, ms } = await fetchInto({ kallor: ["scb", "kolada", "socialstyrelsen", "fk"], http: { anslutningMs: 300, vantetidMs: 1000 } });
    expect(results[0].fel).toContain(`Kunde inte nå 127.0.0.1:${server.port}: ingen nätverksanslutning? Inget svar inom 300 ms.`);
    // no network at all, it seems: Kolada and FK are not tried (each would wait as long again)
    expect(results.map((r) => [r.kalla, r.ok, r.fel?.startsWith("Kunde") ? "…" : r.fel])).toEqual([
      ["scb", false, "…"],
      ["kolada", false, "Hoppades över: ingen nätverksanslutning (se SCB)."],
      ["socialstyrelsen", true, undefined],
      ["fk", false, "Hoppades över: ingen nätverksanslutning (se SCB)."],
    ]);
    expect(server.requests).toHaveLength(1);
    expect(ms).toBeLessThan(1500);
  });

  it("the command exits non-zero within seconds with a Swedish message for every source", async () => {
    const port = await closedPort();
    const dataDir = path.join(root, "cli-offline");
    const started = performance.now();
    const run = spawnSync(TSX, [CLI, "--data", dataDir, "--scb-bas", `http://127.0.0.1:${port}/api/v2`, "--kolada-bas", "http://nonexistent.invalid/v3", "--fk-bas", `http://127.0.0.1:${port}/fk`, "--anslutning-s", "3"], {
      encoding: "utf8",
      cwd: PROJECT_ROOT,
      timeout: 20_000,
      env: { ...process.env, SCB_API_BAS: "", KOLADA_API_BAS: "", FK_API_BAS: "", HTTPS_PROXY: "", https_proxy: "", HTTP_PROXY: "", http_proxy: "" },
    });
    const seconds = (performance.now() - started) / 1000;
    expect(run.status).toBe(1);
    expect(seconds).toBeLessThan(10);
    expect(run.stderr).toContain(`SCB: Kunde inte nå 127.0.0.1:${port}: ingen nätverksanslutning? Anslutningen nekades (ECONNREFUSED).`);
    expect(run.stderr).toContain("Kolada: Kunde inte nå nonexistent.invalid: ingen nätverksanslutning?");
    // (if no name server answered at all, Kolada's timeout counts as no network and FK is skipped)
    expect(run.stderr).toMatch(new RegExp(`Försäkringskassan: (Kunde inte nå 127\\.0\\.0\\.1:${port}: ingen nätverksanslutning\\?|Hoppades över: ingen nätverksanslutning \\(se Kolada\\)\\.)`));
    expect(run.stderr).toMatch(/Hämtningen misslyckades för SCB, Kolada, Försäkringskassan \(efter \d+,\d s\)\. Inget sparades för de källorna; tidigare hämtningar är orörda\./);
    expect(run.stdout).toContain("Socialstyrelsen: ekonomiskt bistånd per månad finns inte i något öppet API");
    expect(fs.existsSync(path.join(dataDir, "raw")) ? fs.readdirSync(path.join(dataDir, "raw")) : []).toEqual([]);
  }, 25_000);
});

describe("the command", () => {
  it("downloads from base addresses given as flags and environment variables, and exits 0", async () => {
    const dataDir = path.join(root, "cli-ok");
    const run = await runCli(
      ["--data", dataDir, "--kallor", "kolada,fk", "--kpi", "N00957", "--fran-ar", "2021", "--till-ar", "2023", "--datum", DATUM, "--fk-filer", "ohm-ohalsotal/SJPohttal.xlsx", "--fk-bas", `${server.url}/fk`],
      { KOLADA_API_BAS: `${server.url}/v3` },
    );
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Kolada nyckeltal N00957, sida 1: GET ${server.url}/v3/kpi/N00957`);
    expect(run.stdout).toContain(`Kolada N00957 2021–2023, sida 1: GET ${server.url}/v3/data/kpi/N00957/year/2021,2022,2023?per_page=5000`);
    expect(run.stdout).toContain("  2 rader (totalt 2)");
    expect(run.stdout).toMatch(new RegExp(`Klart på \\d+,\\d s: Kolada 2 filer i ${dataDir}/raw/kolada/2026-11-20; Försäkringskassan 1 filer i ${dataDir}/raw/fk/2026-11-20\\.`));
    expect(run.stdout).toContain(`Läs in dem med: npm run ingest -- --data ${path.join(dataDir, "raw")}`);
    expect(fs.readdirSync(path.join(dataDir, "raw", "kolada", DATUM)).sort()).toEqual(["data_01_sida1.json", "kpi_01_sida1.json", MANIFEST]);
  }, 25_000);

  it("Ctrl-C midway leaves no half download and keeps the day's earlier one", async () => {
    const dataDir = path.join(root, "cli-interrupted");
    const earlier = path.join(dataDir, "raw", "kolada", DATUM);
    fs.mkdirSync(earlier, { recursive: true });
    fs.writeFileSync(path.join(earlier, "data_01_sida1.json"), '{"values": [], "count": 0, "next_url": null}');
    server.options.koladaPageSize = 2;
    server.faults.set("GET /v3/data/kpi/N31001,N31807/year/2022,2023", [{ status: 0, hang: true }]);
    const child = spawn(TSX, [CLI, "--data", dataDir, "--kallor", "kolada", "--kpi", "N31001,N31807", "--fran-ar", "2022", "--till-ar", "2023", "--datum", DATUM, "--kolada-bas", `${server.url}/v3`, "--anslutning-s", "20"], { cwd: PROJECT_ROOT });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    // wait until the first data page has been asked for (the KPI page is saved in the staging folder by then)
    for (let i = 0; i < 200 && !server.requests.some((r) => r.path.startsWith("/v3/data/")); i++) await new Promise((r) => setTimeout(r, 25));
    const staging = fs.readdirSync(path.dirname(earlier)).filter((n) => n.startsWith("."));
    expect(staging).toHaveLength(1);
    const status = await new Promise<number | null>((resolve) => {
      child.on("close", (code) => resolve(code));
      child.kill("SIGINT");
    });
    expect(status).toBe(130);
    expect(stderr).toContain("Hämtningen avbröts. Den påbörjade källan sparades inte; tidigare hämtningar är orörda.");
    expect(fs.readdirSync(path.dirname(earlier))).toEqual([DATUM]);
    expect(fs.readdirSync(earlier)).toEqual(["data_01_sida1.json"]);
  }, 25_000);

  it.each([
    [["--kallor", "scb,iaf"], '--kallor: fann "scb,iaf", förväntade en eller flera av scb, kolada, fk, socialstyrelsen.'],
  ])("refuses bad arguments %j with exit code 2 (every check: args.test.ts)", (args, message) => {
    const run = spawnSync(TSX, [CLI, ...args], { encoding: "utf8", cwd: PROJECT_ROOT, timeout: 20_000 });
    expect(run.status).toBe(2);
    expect(run.stderr.split("\n")[0]).toBe(message);
  }, 25_000);
});
