// The ingest's fast path for canonical deltagare*.csv with deltagare_id (loaders/bulk-deltagare.ts) against the exact
// path (every row through acceptDeltagare): the same files give the same insats tables row for row (deltagande_id
// included, also when fast and exact files interleave), the same views and the same notes; whatever the fast path
// cannot decide is read exactly, and a refusal reads as on the exact path and leaves the database as it was.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../loaders/config.ts";
import { IngestError } from "../../loaders/errors.ts";
import { ingest, type IngestResult } from "../../loaders/ingest.ts";
import { luhnSiffra } from "../../loaders/insatser/personnummer.ts";
import { generateDeltagare } from "../../scripts/bench/generate-deltagare.ts";
import { query, sha256OfFile, tempDir, writeFiles } from "../helpers.ts";

const TABLES = ["insats", "insats_ekonomi", "deltagare", "deltagare_forsorjning", "deltagare_anonyma", "deltagare_antal", "inlast_fil"];
const VIEWS = [
  "deltagande", "deltagande_period", "insats_period", "insats_resultat_delar", "insats_resultat", "insats_delar_niva", "insats_resultat_forbund",
  "insats_resultat_aldersgrupp", "insats_resultat_malgrupp", "insats_nyckeltal", "deltagande_forsorjning_primar", "insats_forsorjning_overgang",
  "insats_forsorjning_andel", "insats_individdata_ar",
];
const HEADER = "deltagare_id,insats_id,kon,fodelsear,kommunkod,startdatum,slutdatum,avslutsanledning,forsorjning_fore,forsorjning_efter,sysselsattning_fore,sysselsattning_efter";

let root: string;
beforeAll(() => {
  root = tempDir();
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

async function dump(db: string): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of [...TABLES, ...VIEWS]) out[t] = await query(db, `SELECT * FROM ${t} ORDER BY ALL`);
  return out;
}

interface Both {
  a: IngestResult;
  b: IngestResult;
  fast: Record<string, unknown[]>;
  exact: Record<string, unknown[]>;
  logFast: string[];
  /** The files read on the fast path. */
  snabba: string[];
}

async function both(dataDir: string): Promise<Both> {
  const fast = path.join(root, `${path.basename(dataDir)}-snabb.duckdb`);
  const exact = path.join(root, `${path.basename(dataDir)}-exakt.duckdb`);
  const logFast: string[] = [];
  const a = await ingest({ dataDir, dbPath: fast, log: (l) => logFast.push(l) });
  const b = await ingest({ dataDir, dbPath: exact, snabb: false });
  return { a, b, fast: await dump(fast), exact: await dump(exact), logFast, snabba: a.files.filter((f) => f.fast).map((f) => f.fil) };
}

function expectSame(r: Both): void {
  for (const t of [...TABLES, ...VIEWS]) expect(r.fast[t], t).toEqual(r.exact[t]);
  expect(r.a.notes).toEqual(r.b.notes);
  expect(r.a.rows).toBe(r.b.rows);
  expect(r.a.files).toEqual(r.b.files.map((f, i) => (r.a.files[i].fast ? { ...f, fast: true } : f)));
}

/** The exact path's refusal and the fast path's must be the same message; the database is left byte for byte. */
async function expectSameRefusal(dataDir: string): Promise<string> {
  const good = path.join(root, "good");
  if (!fs.existsSync(good)) writeFiles(good, { "deltagare.csv": [HEADER, "d1,A,K,1990,0180,2023-02-01,,,,,,"] });
  const db = path.join(root, `${path.basename(dataDir)}.duckdb`);
  await ingest({ dataDir: good, dbPath: db });
  const before = sha256OfFile(db);
  const log: string[] = [];
  const fast = await ingest({ dataDir, dbPath: db, log: (l) => log.push(l) }).catch((e: unknown) => e);
  const exact = await ingest({ dataDir, dbPath: db, snabb: false }).catch((e: unknown) => e);
  expect(fast).toBeInstanceOf(IngestError);
  expect(exact).toBeInstanceOf(IngestError);
  expect((fast as IngestError).message).toBe((exact as IngestError).message);
  expect(sha256OfFile(db)).toBe(before);
  expect(log.join("\n")).toContain("läser om allt med den exakta kontrollen");
  return (fast as IngestError).message;
}

const nr12 = (yyyymmdd: string, nnn: string) => `${yyyymmdd}${nnn}${luhnSiffra(yyyymmdd.slice(2) + nnn)}`;

describe("the fast path for deltagare gives what the exact path gives", () => {
  it("on the bench generator's files (20 000 participations)", { timeout: 180_000 }, async () => {
    const dir = path.join(root, "generator");
    generateDeltagare({ out: dir, antal: 20_000, insatser: 40 });
    const r = await both(dir);
    expect(r.snabba).toEqual(["deltagare.csv"]);
    expect(r.logFast.join("\n")).not.toContain("läser om allt");
    expect(r.fast.deltagare).toHaveLength(20_000);
    expect(r.fast.deltagare_forsorjning.length).toBeGreaterThan(20_000);
    expectSame(r);
    expect(r.a.notes.join("\n")).toMatch(/deltagare\.csv: folkbokföringskommun lästes 20\s000 som kommunkod\./);
    expect(r.a.notes.join("\n")).toMatch(/deltagare\.csv: \d+ deltaganden med avslutsanledning Felregistrering/);
  });

  it("on every variant of a field, with no insats list (insatser made from the references)", async () => {
    const dir = path.join(root, "varianter");
    writeFiles(dir, {
      "deltagare.csv": [
        `namn,${HEADER},efternamn`,
        // Codes without a leading zero, names (any case, with "kommun"), a recoded code, a current code.
        "Anna,d1,B,K,1990,180,2023-02-01,2023-10-31,,sjukpenning,lon,ingen,arbete,A",
        "Bo,d2,B,M,1985,Stockholm,2023-03-01,,,ekonomiskt_bistand,,arbetssokande,,B",
        "Cia,d3,A,K,,heby kommun,2022-12-31,2023-01-15,Avslutad enligt plan,,,,,C",
        "Dan,d4,A,M,2001,1917,2021-06-01,2024-01-01,Arbete,aktivitetsstod,lon,annan,arbete,D",
        "Eva,d5,C,K,1970,0180,2020-01-01,2019-12-31,FELREGISTRERING,,,,,E",
        "Fia,d6,C,K,1970,,2020-05-05,2020-05-04,felregistrering,annan,ingen,studier,ingen,F",
        // Multi-valued sources of support with duplicates and spaces, quoted fields, a time on a date.
        `Gus,d7,A,M,1999,0114,2022-01-10 08:30,2023-01-10T17:00:00,"Flytt",sjukpenning | lon|sjukpenning,"studiemedel|lon",ingen,studier,G`,
        "Hans,d1,A,K,1990,180,2023-02-01,,,,,,,H",
        // Numeric ids that are not personnummer; blanks around values.
        "Ida,12345, A , K ,1980 , 0180,2021-01-01 , ,  , arbetsloshetsersattning,,,,I",
        "Jon,000123456789012345,A,M,1980,0180,2021-01-01,,,,,,,J",
      ],
      // A second file: numbering goes on in file order; a byte order mark and CRLF line ends.
      "deltagare_2.csv": `\uFEFF${HEADER}\r\nd8,B,K,1960,0380,2019-03-03,2020-03-03,Annan,sjuk_och_aktivitetsersattning,sjuk_och_aktivitetsersattning,ingen,ingen\r\nd1,B,K,1990,0180,2024-02-01,,,,,,\r\n`,
      // An empty file (header only).
      "deltagare_tom.csv": [HEADER],
    });
    const r = await both(dir);
    expect(r.snabba).toEqual(["deltagare.csv", "deltagare_2.csv", "deltagare_tom.csv"]);
    expect(r.logFast.join("\n")).not.toContain("läser om allt");
    expectSame(r);
    expect(r.fast.insats.map((i) => (i as { insats_id: string }).insats_id)).toEqual(["A", "B", "C"]);
    const notes = r.a.notes.join("\n");
    expect(notes).toContain("deltagare.csv: kolumnerna namn, efternamn togs bort utan att läsas");
    expect(notes).toContain("som kod utan inledande nolla");
    expect(notes).toContain("som kommunnamn");
    expect(notes).toContain("deltagare.csv: 2 deltaganden med avslutsanledning Felregistrering");
    expect(notes).toContain("Ingen insatslista");
  });

  it("with an insats list, economy and anonymous counts beside the participants", async () => {
    const dir = path.join(root, "lista");
    writeFiles(dir, {
      "insatser.csv": ["insats_id,forbund_id,insats_namn,malgrupp", "A,blekinge,Steget,unga", "B,umea,Trappan,"],
      "insats_ekonomi.csv": ["insats_id,ar,budget_kr,utfall_kr", "A,2023,100000,90000.50", "B,2023,,5000"],
      "deltagare_anonyma.csv": ["insats_id,ar,kon,antal", "A,2023,K,3", "B,2023,M,2"],
      "deltagare.csv": [HEADER, "d1,A,K,1990,0180,2023-02-01,2023-10-31,,sjukpenning,lon,ingen,arbete", "d2,B,M,1990,1480,2023-03-01,,,,,,"],
    });
    const r = await both(dir);
    expect(r.snabba).toEqual(["deltagare.csv"]);
    expectSame(r);
  });

  it("beside the demo's SUS files, a fast file between them (deltagande_id in reading order)", { timeout: 180_000 }, async () => {
    const dir = path.join(root, "sus");
    fs.cpSync(path.join(PROJECT_ROOT, "data", "demo", "sus"), path.join(dir, "sus"), { recursive: true });
    // deltagare_extra.csv sorts after SUS_*.csv, anonyma_Umea.csv and budget_Umea.csv and before deltagarregister_Umea.csv.
    writeFiles(dir, {
      "sus/deltagare_extra.csv": [
        HEADER,
        "x1,BLE101,K,1990,1080,2021-02-01,2021-10-31,Avslutad enligt plan,ekonomiskt_bistand,lon,ingen,arbete",
        "x2,UME101,M,1985,Umeå,2023-08-01,,,sjukpenning|aktivitetsstod,,arbetssokande,",
        "U00001,UME101,K,1998,2480,2023-11-22,,,,,,",
      ],
    });
    const r = await both(dir);
    expect(r.snabba).toEqual(["sus/deltagare_extra.csv"]);
    expect(r.logFast.join("\n")).not.toContain("läser om allt");
    expectSame(r);
    const ids = (await query(path.join(root, "sus-snabb.duckdb"), "SELECT deltagande_id FROM deltagare WHERE deltagare_id IN ('x1', 'x2', 'U00001') AND fil_id = (SELECT fil_id FROM inlast_fil WHERE fil = 'sus/deltagare_extra.csv') ORDER BY 1")).map((x) => x.deltagande_id);
    const before = await query(path.join(root, "sus-snabb.duckdb"), "SELECT count(*)::INTEGER AS n FROM deltagare WHERE fil_id < (SELECT fil_id FROM inlast_fil WHERE fil = 'sus/deltagare_extra.csv')");
    expect(before[0].n).toBeGreaterThan(0);
    expect(ids).toEqual([1, 2, 3].map((i) => (before[0].n as number) + i));
    // deltagande_id has no index: it is unique and 1 … n because both paths number the rows so.
    expect(await query(path.join(root, "sus-snabb.duckdb"), "SELECT count(*)::INTEGER AS n, count(DISTINCT deltagande_id)::INTEGER AS olika, min(deltagande_id) AS lagst, max(deltagande_id) AS hogst FROM deltagare"))
      .toEqual([{ n: expect.any(Number), olika: expect.any(Number), lagst: 1, hogst: expect.any(Number) }]);
    const [u] = await query(path.join(root, "sus-snabb.duckdb"), "SELECT count(*)::INTEGER AS n, count(DISTINCT deltagande_id)::INTEGER AS olika, max(deltagande_id) AS hogst FROM deltagare");
    expect(u.olika).toBe(u.n);
    expect(u.hogst).toBe(u.n);
  });
});

describe("what the fast path for deltagare leaves to the exact path", () => {
  it("an id that looks like a personnummer with a wrong check digit: read exactly, accepted as an id", async () => {
    const p = nr12("19800101", "981");
    const wrong = `${p.slice(0, 11)}${(Number(p[11]) + 1) % 10}`;
    const dir = path.join(root, "pnr-fel");
    writeFiles(dir, { "deltagare.csv": [HEADER, `${wrong},A,K,1980,0180,2023-02-01,,,,,,`, "d2,A,M,1980,0180,2023-02-01,,,,,,"] });
    const r = await both(dir);
    expect(r.snabba).toEqual([]);
    expect(r.logFast.join("\n")).toContain("deltagare.csv har rader som den snabba inläsningen inte avgör");
    expectSame(r);
    expect(r.fast.deltagare).toHaveLength(2);
  });

  it("an insats given by its name where a list is given: read exactly and linked to its id", async () => {
    const dir = path.join(root, "namn");
    writeFiles(dir, {
      "insatser.csv": ["insats_id,insats_namn", "A,Steget"],
      "deltagare.csv": [HEADER, "d1,Steget,K,1980,0180,2023-02-01,,,,,,"],
    });
    const r = await both(dir);
    expect(r.snabba).toEqual([]);
    expectSame(r);
    expect(r.a.notes.join("\n")).toContain("Steget → A");
  });

  it("a personnummer column: the exact path (keyed hash), beside a fast file", async () => {
    const dir = path.join(root, "pnr");
    writeFiles(dir, {
      "deltagare_a.csv": ["personnummer,insats_id,kommunkod,startdatum", `${nr12("19800101", "981")},A,0180,2023-01-01`],
      "deltagare_b.csv": [HEADER, "d1,A,K,1980,0180,2023-02-01,,,,,,"],
    });
    const r = await both(dir);
    expect(r.snabba).toEqual(["deltagare_b.csv"]);
    expectSame(r);
  });
});

describe("refusals read as on the exact path, the database unchanged", () => {
  it("an impossible date", async () => {
    const dir = path.join(root, "r-datum");
    writeFiles(dir, { "deltagare.csv": [HEADER, "d1,A,K,1990,0180,2023-02-01,,,,,,", "d2,A,K,1990,0180,2023-02-30,,,,,,"] });
    expect(await expectSameRefusal(dir)).toMatch(/deltagare\.csv, rad 3, kolumn startdatum.*fann "2023-02-30"/);
  });

  it("an id that is a personnummer (right check digit), shown masked", async () => {
    const p = nr12("19800101", "981");
    const dir = path.join(root, "r-pnr");
    writeFiles(dir, { "deltagare.csv": [HEADER, "d1,A,K,1990,0180,2023-02-01,,,,,,", `${p.slice(0, 8)}-${p.slice(8)},A,K,1990,0180,2023-02-01,,,,,,`] });
    const message = await expectSameRefusal(dir);
    expect(message).toMatch(/deltagare\.csv, rad 3, kolumn deltagare_id.*ser ut som ett personnummer \(19800101-\*\*\*\*\)/);
    expect(message).not.toContain(p.slice(8));
  });

  it("an unknown sysselsättning", async () => {
    const dir = path.join(root, "r-syss");
    writeFiles(dir, { "deltagare.csv": [HEADER, "d1,A,K,1990,0180,2023-02-01,,,,,,pension"] });
    expect(await expectSameRefusal(dir)).toMatch(/deltagare\.csv, rad 2, kolumn sysselsattning_efter.*fann "pension"/);
  });

  it("slutdatum before startdatum, ingen with a public ersättning, a birth year after the start", async () => {
    for (const [name, row, column] of [
      ["r-slut", "d1,A,K,1990,0180,2023-02-01,2023-01-31,Avbrott,,,,", "slutdatum"],
      ["r-ingen", "d1,A,K,1990,0180,2023-02-01,,,ingen|sjukpenning,,,", "forsorjning_fore"],
      ["r-fodd", "d1,A,K,2024,0180,2023-02-01,,,,,,", "fodelsear"],
      ["r-tom", ",A,K,1990,0180,2023-02-01,,,,,,", "deltagare_id"],
      ["r-kommun", "d1,A,K,1990,9999,2023-02-01,,,,,,", "kommunkod"],
    ] as const) {
      const dir = path.join(root, name);
      writeFiles(dir, { "deltagare.csv": [HEADER, row] });
      expect(await expectSameRefusal(dir)).toContain(`deltagare.csv, rad 2, kolumn ${column}`);
    }
  });

  it("the same participation in two fast files", async () => {
    const dir = path.join(root, "r-dubblett");
    writeFiles(dir, {
      "deltagare_a.csv": [HEADER, "d1,A,K,1990,0180,2023-02-01,,,,,,"],
      "deltagare_b.csv": [HEADER, "d2,A,K,1990,0180,2023-02-01,,,,,,", "d1,A,M,1991,0180,2023-02-01,2023-05-01,,,,,"],
    });
    expect(await expectSameRefusal(dir)).toMatch(/deltagare_b\.csv, rad 3: fann en dubblett av deltagandet .* som redan finns i .*deltagare_a\.csv på rad 2/);
  });

  it("the same participation in a fast file and in a SUS file read exactly", async () => {
    const dir = path.join(root, "r-sus");
    fs.cpSync(path.join(PROJECT_ROOT, "data", "demo", "sus"), path.join(dir, "sus"), { recursive: true });
    writeFiles(dir, { "sus/deltagare_extra.csv": [HEADER, "U00001,UME101,K,1998,2480,2023-11-21,,,,,,"] });
    expect(await expectSameRefusal(dir)).toMatch(/deltagarregister_Umea\.csv, rad 2: fann en dubblett av deltagandet .* som redan finns i .*deltagare_extra\.csv på rad 2/);
  });

  it("a fast file's refusal comes before a later exact file's", async () => {
    const dir = path.join(root, "r-ordning");
    writeFiles(dir, {
      "deltagare_a.csv": [HEADER, "d1,A,K,1990,0180,2023-02-31,,,,,,"],
      "deltagare_b.csv": ["personnummer,insats_id,kommunkod,startdatum", "19800101-0000,A,0180,2023-01-01"],
    });
    expect(await expectSameRefusal(dir)).toMatch(/deltagare_a\.csv, rad 2, kolumn startdatum/);
  });
});
