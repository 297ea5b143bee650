// Bad input is refused with a message naming file, line, column, what was found and what was expected,
// and the existing database stays exactly as it was.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IngestError } from "../../loaders/errors.ts";
import { ingest } from "../../loaders/ingest.ts";
import { sha256OfFile, tempDir, writeFiles } from "../helpers.ts";

const BEFOLKNING_HEADER = "kommunkod,datum,alder,kon,antal";
const UTBETALNINGAR_HEADER = "kommunkod,period,ersattning,kon,belopp_kr";
const GOOD_BEFOLKNING = [BEFOLKNING_HEADER, "0180,2023-12-31,30,K,100", "0180,2023-12-31,30,M,100"];
const GOOD_UTBETALNINGAR = [UTBETALNINGAR_HEADER, "0180,2024H1,sjukpenning,T,1000.00"];

interface Case {
  name: string;
  files: Record<string, string | string[]>;
  file: string;
  line: number;
  column?: string;
  /** Substrings the message must contain (the value found and what was expected). */
  contains: string[];
}

const cases: Case[] = [
  {
    name: "unknown kommunkod",
    files: { "utbetalningar_a.csv": [UTBETALNINGAR_HEADER, "9999,2024H1,sjukpenning,T,1"] },
    file: "utbetalningar_a.csv", line: 2, column: "kommunkod",
    contains: ['fann "9999"', "290 kommuner"],
  },
  {
    // Three digits are read as a code Excel stripped of its leading zero (test/ingest/ingest.test.ts); two are a län.
    name: "kommunkod of two digits",
    files: { "utbetalningar_a.csv": [UTBETALNINGAR_HEADER, "18,2024H1,sjukpenning,T,1"] },
    file: "utbetalningar_a.csv", line: 2, column: "kommunkod",
    contains: ['fann "18"', "4 siffror", "kommunnamn"],
  },
  {
    name: "unknown ersättning",
    files: { "utbetalningar_a.csv": [UTBETALNINGAR_HEADER, "0180,2024H1,sjukpeng,T,1"] },
    file: "utbetalningar_a.csv", line: 2, column: "ersattning",
    contains: ['fann "sjukpeng"', "sjukpenning, sjuk_och_aktivitetsersattning"],
  },
  {
    name: "unknown kön",
    files: { "utbetalningar_a.csv": [UTBETALNINGAR_HEADER, "0180,2024H1,sjukpenning,X,1"] },
    file: "utbetalningar_a.csv", line: 2, column: "kon",
    contains: ['fann "X"', "K, M eller T"],
  },
  {
    name: "kön T in a population file",
    files: { "befolkning_a.csv": [BEFOLKNING_HEADER, "0180,2023-12-31,30,T,100"] },
    file: "befolkning_a.csv", line: 2, column: "kon",
    contains: ['fann "T"', "K eller M"],
  },
  {
    name: "malformed month",
    files: { "utbetalningar_a.csv": [UTBETALNINGAR_HEADER, "0180,2024-13,sjukpenning,T,1"] },
    file: "utbetalningar_a.csv", line: 2, column: "period",
    contains: ['fann "2024-13"', "ÅÅÅÅ-MM", "ÅÅÅÅH1"],
  },
  {
    name: "malformed half-year",
    files: { "utbetalningar_a.csv": [UTBETALNINGAR_HEADER, "0180,2024H3,sjukpenning,T,1"] },
    file: "utbetalningar_a.csv", line: 2, column: "period",
    contains: ['fann "2024H3"'],
  },
  {
    name: "impossible date",
    files: { "befolkning_a.csv": [BEFOLKNING_HEADER, "0180,2023-02-30,30,K,1"] },
    file: "befolkning_a.csv", line: 2, column: "datum",
    contains: ['fann "2023-02-30"', "giltigt datum"],
  },
  {
    name: "a population date that is not a year-end",
    files: { "befolkning_a.csv": [BEFOLKNING_HEADER, "0180,2023-06-30,30,K,1"] },
    file: "befolkning_a.csv", line: 2, column: "datum",
    contains: ['fann "2023-06-30"', "31 december"],
  },
  {
    name: "non-numeric amount (Swedish decimal comma in a canonical file)",
    files: { "utbetalningar_a.csv": [UTBETALNINGAR_HEADER, '0180,2024H1,sjukpenning,T,"12,50"'] },
    file: "utbetalningar_a.csv", line: 2, column: "belopp_kr",
    contains: ['fann "12,50"', "punkt som decimaltecken"],
  },
  {
    name: "missing amount",
    files: { "utbetalningar_a.csv": [UTBETALNINGAR_HEADER, "0180,2024H1,sjukpenning,T,"] },
    file: "utbetalningar_a.csv", line: 2, column: "belopp_kr",
    contains: ["fann ett tomt fält", "belopp i kronor"],
  },
  {
    name: "amount with more than two decimals",
    files: { "utbetalningar_a.csv": [UTBETALNINGAR_HEADER, "0180,2024H1,sjukpenning,T,1.005"] },
    file: "utbetalningar_a.csv", line: 2, column: "belopp_kr",
    contains: ['fann "1.005"', "högst 2 decimaler"],
  },
  {
    name: "negative population",
    files: { "befolkning_a.csv": [BEFOLKNING_HEADER, "0180,2023-12-31,30,K,-5"] },
    file: "befolkning_a.csv", line: 2, column: "antal",
    contains: ['fann "-5"', "heltal som är 0 eller större"],
  },
  {
    name: "non-integer population",
    files: { "befolkning_a.csv": [BEFOLKNING_HEADER, "0180,2023-12-31,30,K,10.5"] },
    file: "befolkning_a.csv", line: 2, column: "antal",
    contains: ['fann "10.5"', "heltal"],
  },
  {
    name: "unknown age",
    files: { "befolkning_a.csv": [BEFOLKNING_HEADER, "0180,2023-12-31,101,K,1"] },
    file: "befolkning_a.csv", line: 2, column: "alder",
    contains: ['fann "101"', "0–100"],
  },
  {
    name: "missing column",
    files: { "utbetalningar_a.csv": ["kommunkod,period,ersattning,kon,belopp", "0180,2024H1,sjukpenning,T,1"] },
    file: "utbetalningar_a.csv", line: 1, column: "belopp_kr",
    contains: ["kolumnen belopp_kr saknas", "kommunkod,period,ersattning,kon,belopp_kr"],
  },
  {
    name: "too few fields",
    files: { "utbetalningar_a.csv": [UTBETALNINGAR_HEADER, "0180,2024H1,sjukpenning,T,1", "0180,2024H2,sjukpenning"] },
    file: "utbetalningar_a.csv", line: 3,
    contains: ["fann 3 fält (för få)", "5 fält"],
  },
  {
    name: "broken quoting",
    files: { "utbetalningar_a.csv": [UTBETALNINGAR_HEADER, '0180,2024H1,"sjukpenning,T,1', "0180,2024H2,sjukpenning,T,1"] },
    file: "utbetalningar_a.csv", line: 3,
    contains: ["citattecken som öppnas men aldrig stängs", "korrekt citerade fält"],
  },
  {
    name: "duplicate key within a file",
    files: { "utbetalningar_a.csv": [UTBETALNINGAR_HEADER, "0180,2024H1,sjukpenning,T,1", "0180,2024H1,sjukpenning,T,2"] },
    file: "utbetalningar_a.csv", line: 3,
    contains: ["dubblett", "samma fil på rad 2"],
  },
  {
    name: "duplicate key across files",
    files: {
      "utbetalningar_a.csv": [UTBETALNINGAR_HEADER, "0180,2024-01,sjukpenning,T,1"],
      "utbetalningar_b.csv": [UTBETALNINGAR_HEADER, "0180,2024-01,sjukpenning,T,1"],
    },
    file: "utbetalningar_b.csv", line: 2,
    contains: ["dubblett", "utbetalningar_a.csv på rad 2"],
  },
  {
    name: "a monthly row overlapping a half-year row",
    files: {
      "utbetalningar_a.csv": [UTBETALNINGAR_HEADER, "0180,2024H1,sjukpenning,K,100"],
      "utbetalningar_b.csv": [UTBETALNINGAR_HEADER, "0180,2024-03,sjukpenning,K,10"],
    },
    file: "utbetalningar_b.csv", line: 2, column: "period",
    contains: ['fann "2024-03"', "överlappar halvårsraden 2024H1", "utbetalningar_a.csv på rad 2", "inte båda"],
  },
  {
    name: "a förbund member that is not a kommun",
    files: { "forbund_a.csv": ["forbund_id,forbund_namn,kommunkod,fran,till", "f1,Förbund 1,0180,,", "f1,Förbund 1,0999,,"] },
    file: "forbund_a.csv", line: 3, column: "kommunkod",
    contains: ['fann "0999"', "en av Sveriges 290 kommuner"],
  },
  {
    name: "a yearly row overlapping a month of the same year",
    files: { "utbetalningar_a.csv": [UTBETALNINGAR_HEADER, "0180,2024-03,sjukpenning,T,10", "0180,2024,sjukpenning,T,120"] },
    file: "utbetalningar_a.csv", line: 3, column: "period",
    contains: ['fann "2024"', "överlappar månadsraden 2024-03", "samma fil på rad 2", "inte båda"],
  },
  {
    name: "a half-year row overlapping a yearly row",
    files: {
      "utbetalningar_a.csv": [UTBETALNINGAR_HEADER, "0180,2024,sjukpenning,K,120"],
      "utbetalningar_b.csv": [UTBETALNINGAR_HEADER, "0180,2024H2,sjukpenning,K,60"],
    },
    file: "utbetalningar_b.csv", line: 2, column: "period",
    contains: ['fann "2024H2"', "överlappar årsraden 2024", "utbetalningar_a.csv på rad 2"],
  },
  {
    name: "an empty förbund id",
    files: { "forbund_a.csv": ["forbund_id,forbund_namn,kommunkod,fran,till", ",Förbund 1,0180,,"] },
    file: "forbund_a.csv", line: 2, column: "forbund_id",
    contains: ["fann ett tomt fält", "ett id för förbundet"],
  },
  {
    name: "one förbund id with two names",
    files: { "forbund_a.csv": ["forbund_id,forbund_namn,kommunkod,fran,till", "RAR,RAR Sörmland,0480,,", "RAR,Samordningsförbundet RAR,0486,,"] },
    file: "forbund_a.csv", line: 3, column: "forbund_namn",
    contains: ['fann "Samordningsförbundet RAR"', '"RAR Sörmland"', "på rad 2", "RAR"],
  },
  {
    name: "a förbund membership ending before it starts",
    files: { "forbund_a.csv": ["forbund_id,forbund_namn,kommunkod,fran,till", "f1,Förbund 1,0180,2020-01-01,2019-12-31"] },
    file: "forbund_a.csv", line: 2, column: "till",
    contains: ['fann "2019-12-31"', "2020-01-01"],
  },
];

let root: string;
let db: string;
let goodHash: string;

beforeAll(async () => {
  root = tempDir();
  writeFiles(path.join(root, "good"), { "befolkning_a.csv": GOOD_BEFOLKNING, "utbetalningar_a.csv": GOOD_UTBETALNINGAR });
  db = path.join(root, "db.duckdb");
  await ingest({ dataDir: path.join(root, "good"), dbPath: db });
  goodHash = sha256OfFile(db);
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("refused input", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const dataDir = path.join(root, c.name.replace(/[^a-z0-9]+/gi, "-"));
    // Start from valid files, then let the case add or replace files.
    writeFiles(dataDir, { "befolkning_a.csv": GOOD_BEFOLKNING, ...c.files });
    const error = await ingest({ dataDir, dbPath: db }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(IngestError);
    const e = error as IngestError;
    expect(path.basename(e.location.file)).toBe(c.file);
    expect(e.location.line).toBe(c.line);
    if (c.column) expect(e.location.column).toBe(c.column);
    expect(e.message).toContain(c.file);
    expect(e.message).toContain(`rad ${c.line}`);
    if (c.column) expect(e.message).toContain(`kolumn ${c.column}`);
    expect(e.message).toMatch(/fann .+, förväntade .+\.$/);
    for (const s of c.contains) expect(e.message).toContain(s);
    // The database is byte for byte what the last good ingest wrote.
    expect(sha256OfFile(db)).toBe(goodHash);
    expect(fs.readdirSync(root).filter((f) => f.includes(".tmp-"))).toEqual([]);
  });
});
