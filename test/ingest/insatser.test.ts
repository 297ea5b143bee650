// The insatser files through the ingest: refusals name file, line, column, found and expected and leave the
// database byte for byte as it was; personnummer never reach the database; the same files twice give the same
// database. The numbers here are synthetic (a date, birth number 98x and its Luhn digit, built by the test).
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IngestError } from "../../loaders/errors.ts";
import { ingest } from "../../loaders/ingest.ts";
import { luhnSiffra } from "../../loaders/insatser/personnummer.ts";
import { INSTALLNING_DIGESTS, query, sha256OfFile, tempDir, writeFiles } from "../helpers.ts";

const nr12 = (yyyymmdd: string, nnn: string) => `${yyyymmdd}${nnn}${luhnSiffra(yyyymmdd.slice(2) + nnn)}`;
const P1 = nr12("19800101", "981"); // man (1 is odd)
const P3 = nr12("20010615", "984"); // woman
const P4 = nr12("19750961", "986"); // samordningsnummer, 1 September 1975, woman
const dash = (n: string) => `${n.slice(0, 8)}-${n.slice(8)}`;
const short = (n: string) => `${n.slice(2, 8)}-${n.slice(8)}`;

const INSATSER = ["insats_id,forbund_id,insats_namn", "A,blekinge,Steget", "B,umea,Trappan"];
const DELTAGARE_HEADER = "deltagare_id,insats_id,kon,fodelsear,kommunkod,startdatum,slutdatum,avslutsanledning,forsorjning_fore,forsorjning_efter,sysselsattning_fore,sysselsattning_efter";
const GOOD_DELTAGARE = [DELTAGARE_HEADER, "d1,A,K,1990,0180,2023-02-01,2023-10-31,,sjukpenning,lon,ingen,arbete"];
const PNR_HEADER = "personnummer,namn,insats_id,kommunkod,startdatum,slutdatum,forsorjning_fore,forsorjning_efter,sysselsattning_efter";

interface Case {
  name: string;
  files: Record<string, string | string[]>;
  file: string;
  line: number;
  column?: string;
  contains: string[];
  /** Substrings the message must never contain (the full number). */
  absent?: string[];
}

const cases: Case[] = [
  {
    name: "a personnummer with a wrong check digit, shown masked",
    files: { "deltagare.csv": [PNR_HEADER, `${P1.slice(0, 11)}${(Number(P1[11]) + 1) % 10},Test Testsson,A,0180,2023-01-01,,,,`] },
    file: "deltagare.csv", line: 2, column: "personnummer",
    contains: ["fel kontrollsiffra", `(${P1.slice(0, 8)}-****)`, "rätt kontrollsiffra"],
    absent: [P1.slice(0, 11)],
  },
  {
    name: "an insats that is not in the insats list",
    files: { "deltagare.csv": [DELTAGARE_HEADER, "d1,A,K,1990,0180,2023-02-01,,,,,,", "d2,X,M,1990,0180,2023-02-01,,,,,,"] },
    file: "deltagare.csv", line: 3, column: "insats_id",
    contains: ['fann "X"', "en insats som finns bland insatserna i insatser.csv"],
  },
  {
    name: "an impossible date",
    files: { "deltagare.csv": [DELTAGARE_HEADER, "d1,A,K,1990,0180,2023-02-30,,,,,,"] },
    file: "deltagare.csv", line: 2, column: "startdatum",
    contains: ['fann "2023-02-30"', "ett datum ÅÅÅÅ-MM-DD"],
  },
  {
    name: "a slutdatum before startdatum",
    files: { "deltagare.csv": [DELTAGARE_HEADER, "d1,A,K,1990,0180,2023-02-01,2023-01-31,,,,,"] },
    file: "deltagare.csv", line: 2, column: "slutdatum",
    contains: ['fann "2023-01-31"', "inte ligger före startdatum 2023-02-01"],
  },
  {
    name: "the same participation twice",
    files: { "deltagare.csv": [DELTAGARE_HEADER, "d1,A,K,1990,0180,2023-02-01,,,,,,", "d1,A,K,1990,0180,2023-02-01,2023-05-01,,,,,"] },
    file: "deltagare.csv", line: 3,
    contains: ["dubblett av deltagandet (samma deltagare i insats A med startdatum 2023-02-01)", "samma fil på rad 2"],
  },
  {
    name: "the same insats twice with different content",
    files: { "insatser_b.csv": ["insats_id,forbund_id,insats_namn", "A,blekinge,Stegen"] },
    file: "insatser_b.csv", line: 2, column: "insats_namn",
    contains: ['fann "Stegen" för insats A, som redan finns med "Steget" i', "insatser.csv på rad 2"],
  },
  {
    name: "an unknown förbund",
    files: { "insatser.csv": ["insats_id,forbund_id,insats_namn", "A,blekinge,Steget", "B,Okänt förbund,Trappan"] },
    file: "insatser.csv", line: 3, column: "forbund_id",
    contains: ['fann "Okänt förbund"', "ett förbund i datamängden", "forbund_2012.csv"],
  },
  {
    name: "an unknown source of support",
    files: { "deltagare.csv": [DELTAGARE_HEADER, "d1,A,K,1990,0180,2023-02-01,,,sjukbidrag,,,"] },
    file: "deltagare.csv", line: 2, column: "forsorjning_fore",
    contains: ['fann "sjukbidrag"', "källor åtskilda av |", "ekonomiskt_bistand"],
  },
  {
    name: "no public support together with sjukpenning",
    files: { "deltagare.csv": [DELTAGARE_HEADER, "d1,A,K,1990,0180,2023-02-01,,,ingen|sjukpenning,,,"] },
    file: "deltagare.csv", line: 2, column: "forsorjning_fore",
    contains: ["ingen offentlig försörjning tillsammans med sjukpenning"],
  },
  {
    name: "a personnummer in the deltagare_id column",
    files: { "deltagare.csv": [DELTAGARE_HEADER, `${dash(P3)},A,K,2001,0180,2023-02-01,,,,,,`] },
    file: "deltagare.csv", line: 2, column: "deltagare_id",
    contains: ["ser ut som ett personnummer", `(${P3.slice(0, 8)}-****)`],
    absent: [P3.slice(8)],
  },
  {
    name: "an unknown kommun",
    files: { "deltagare.csv": [DELTAGARE_HEADER, "d1,A,K,1990,Atlantis,2023-02-01,,,,,,"] },
    file: "deltagare.csv", line: 2, column: "kommunkod",
    contains: ['fann "Atlantis"', "kommunkod med 4 siffror (0180)", "(180)", "namn (Stockholm)"],
  },
  {
    name: "a birth year that contradicts the personnummer",
    files: { "deltagare.csv": ["personnummer,fodelsear,insats_id,startdatum", `${dash(P1)},1981,A,2023-01-01`] },
    file: "deltagare.csv", line: 2, column: "fodelsear",
    contains: ['fann "1981", som inte stämmer med personnumrets födelseår 1980'],
  },
  {
    name: "a negative utfall",
    files: { "insats_ekonomi.csv": ["insats_id,ar,budget_kr,utfall_kr", "A,2023,100,-5"] },
    file: "insats_ekonomi.csv", line: 2, column: "utfall_kr",
    contains: ['fann "-5"', "inte är negativt"],
  },
  {
    name: "anonymous counts with kön T",
    files: { "deltagare_anonyma.csv": ["insats_id,ar,kon,antal", "A,2023,T,4"] },
    file: "deltagare_anonyma.csv", line: 2, column: "kon",
    contains: ['fann "T"', "K eller M"],
  },
];

let root: string;
let db: string;
let goodHash: string;
const savedKey = process.env.FORSORJNING_NYCKEL;

beforeAll(async () => {
  root = tempDir();
  process.env.FORSORJNING_NYCKEL = path.join(root, "nyckel");
  writeFiles(path.join(root, "good"), { "insatser.csv": INSATSER, "deltagare.csv": GOOD_DELTAGARE });
  db = path.join(root, "db.duckdb");
  await ingest({ dataDir: path.join(root, "good"), dbPath: db });
  goodHash = sha256OfFile(db);
});

afterAll(() => {
  if (savedKey === undefined) delete process.env.FORSORJNING_NYCKEL;
  else process.env.FORSORJNING_NYCKEL = savedKey;
  fs.rmSync(root, { recursive: true, force: true });
});

describe("refused insatser input", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const dataDir = path.join(root, c.name.replace(/[^a-z0-9]+/gi, "-"));
    writeFiles(dataDir, { "insatser.csv": INSATSER, "deltagare.csv": GOOD_DELTAGARE, ...c.files });
    const error = await ingest({ dataDir, dbPath: db }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(IngestError);
    const e = error as IngestError;
    expect(path.basename(e.location.file)).toBe(c.file);
    expect(e.location.line).toBe(c.line);
    if (c.column) expect(e.location.column).toBe(c.column);
    expect(e.message).toContain(`${c.file}, rad ${c.line}`);
    if (c.column) expect(e.message).toContain(`kolumn ${c.column}`);
    expect(e.message).toMatch(/fann .+, förväntade .+\.$/);
    for (const s of c.contains) expect(e.message).toContain(s);
    for (const s of c.absent ?? []) expect(e.message).not.toContain(s);
    expect(sha256OfFile(db)).toBe(goodHash);
    expect(fs.readdirSync(root).filter((f) => f.includes(".tmp-"))).toEqual([]);
  });
});

describe("personnummer never reach the database", () => {
  let pdb: string;
  let result: Awaited<ReturnType<typeof ingest>>;
  const numbers = [P1, P3, P4];
  beforeAll(async () => {
    const dataDir = path.join(root, "pnr");
    writeFiles(dataDir, {
      "insatser.csv": INSATSER,
      // Three forms of writing: 12 digits with dash, 10 digits with dash, 12 digits without; kön and birth year only
      // from the numbers (no kon or fodelsear column); a name column that must not be read.
      "deltagare.csv": [
        PNR_HEADER,
        `${dash(P1)},Test Testsson,A,0180,2023-01-01,2023-06-30,sjukpenning,lon,arbete`,
        `${short(P3)},Test Testdotter,A,180,2023-02-01,,ekonomiskt_bistand,,`,
        `${P4},Prov Provsson,B,Stockholm,2024-01-01,,,,`,
        `${dash(P1)},Test Testsson,B,0180,2024-03-01,,,,`,
      ],
    });
    pdb = path.join(root, "pnr.duckdb");
    result = await ingest({ dataDir, dbPath: pdb });
  });

  it("derives birth year and kön from the numbers", async () => {
    const r = await query(pdb, "SELECT insats_id, kon, fodelsear, kommunkod, length(deltagare_id)::INTEGER AS idlangd FROM deltagare ORDER BY deltagande_id");
    expect(r).toEqual([
      { insats_id: "A", kon: "M", fodelsear: 1980, kommunkod: "0180", idlangd: 32 }, // 32 letters a–p, the keyed hash
      { insats_id: "A", kon: "K", fodelsear: 2001, kommunkod: "0180", idlangd: 32 },
      { insats_id: "B", kon: "K", fodelsear: 1975, kommunkod: "0180", idlangd: 32 },
      { insats_id: "B", kon: "M", fodelsear: 1980, kommunkod: "0180", idlangd: 32 },
    ]);
  });

  it("gives one person the same id in two insatser", async () => {
    const r = await query(pdb, "SELECT count(DISTINCT deltagare_id)::INTEGER AS n FROM deltagare");
    expect(r[0].n).toBe(3);
  });

  it("has no 10- or 12-digit number and no name in any text column of any table", async () => {
    // Every base table (the views only derive from them). The files' sha256 and the ingest's own digests in installning
    // (INSTALLNING_DIGESTS) are hex and no person's.
    const cols = await query(
      pdb,
      `SELECT c.table_name, c.column_name FROM information_schema.columns AS c
       JOIN information_schema.tables AS t USING (table_schema, table_name)
       WHERE c.data_type = 'VARCHAR' AND c.table_schema = 'main' AND t.table_type = 'BASE TABLE'
         AND NOT (c.table_name = 'inlast_fil' AND c.column_name = 'sha256')`,
    );
    expect(cols.length).toBeGreaterThan(20);
    for (const { table_name, column_name } of cols) {
      const digests = table_name === "installning" ? ` AND NOT (${INSTALLNING_DIGESTS})` : "";
      const hits = await query(pdb, `SELECT "${column_name}" AS v FROM "${table_name}" WHERE (regexp_matches("${column_name}", '\\d{6}[-+ ]?\\d{4}') OR "${column_name}" ILIKE '%testsson%' OR "${column_name}" ILIKE '%provsson%')${digests}`);
      expect(hits, `${table_name}.${column_name}`).toEqual([]);
    }
  });

  it("has none of the numbers anywhere in the database file's bytes", () => {
    const bytes = fs.readFileSync(pdb);
    for (const n of numbers) {
      for (const form of [n, n.slice(2), dash(n), short(n)]) expect(bytes.includes(Buffer.from(form)), form).toBe(false);
    }
  });

  it("says in the summary what was dropped and read how", () => {
    const notes = result.notes.join("\n");
    expect(notes).toContain("deltagare.csv: 4 personnummer ersattes med en nyckelhash (HMAC-SHA256) och lagrades inte; varav 1 samordningsnummer; födelseåret härleddes ur numret; kön härleddes ur numret för 4 rader utan kön.");
    expect(notes).toContain("deltagare.csv: kolumnen namn togs bort utan att läsas");
    expect(notes).toContain("deltagare.csv: folkbokföringskommun lästes 2 som kommunkod, 1 som kod utan inledande nolla (t.ex. 180 → 0180), 1 som kommunnamn.");
    expect(notes).toMatch(/(En ny nyckel för pseudonymisering skapades|Personnummer pseudonymiseras med nyckeln) i .*nyckel/);
  });
});

describe("re-running", () => {
  it("gives the same rows in every insatser table and view (same key, same ids)", async () => {
    const dataDir = path.join(root, "twice");
    writeFiles(dataDir, {
      "insatser.csv": INSATSER,
      "deltagare.csv": [PNR_HEADER, `${dash(P1)},,A,0180,2023-01-01,2023-06-30,sjukpenning,lon,arbete`, `${short(P3)},,B,0180,2023-02-01,,,,`],
      "deltagare_anonyma.csv": ["insats_id,ar,kon,antal", "A,2023,K,2"],
      "insats_ekonomi.csv": ["insats_id,ar,budget_kr,utfall_kr", "A,2023,100.00,90.50"],
    });
    const dump = async (file: string) => {
      const out: unknown[] = [];
      for (const t of ["insats", "insats_ekonomi", "deltagare", "deltagare_forsorjning", "deltagare_anonyma", "insats_resultat", "insats_nyckeltal"]) {
        out.push(await query(file, `SELECT * FROM ${t} ORDER BY ALL`));
      }
      return out;
    };
    const a = path.join(root, "twice-a.duckdb");
    await ingest({ dataDir, dbPath: a });
    const first = await dump(a);
    await ingest({ dataDir, dbPath: a });
    expect(await dump(a)).toEqual(first);
    expect((first[5] as unknown[]).length).toBeGreaterThan(0);
  });
});

describe("deltagare without an insats list", () => {
  it("creates the insatser from the participants, without förbund, and says so", async () => {
    const dataDir = path.join(root, "utan-lista");
    writeFiles(dataDir, { "deltagare.csv": [DELTAGARE_HEADER, "d1,X,K,1990,0180,2023-02-01,,,,,,", "d2,Y,M,1990,0180,2023-02-01,,,,,,"] });
    const file = path.join(root, "utan-lista.duckdb");
    const r = await ingest({ dataDir, dbPath: file });
    expect(await query(file, "SELECT insats_id, forbund_id, insats_namn FROM insats ORDER BY insats_id")).toEqual([
      { insats_id: "X", forbund_id: null, insats_namn: null },
      { insats_id: "Y", forbund_id: null, insats_namn: null },
    ]);
    expect(r.notes.join(" ")).toContain("Ingen insatslista");
    const f = await query(file, "SELECT forbund_id, startade FROM insats_resultat_forbund WHERE period = 'alla' AND kon = 'T'");
    expect(f).toEqual([{ forbund_id: "alla", startade: 2 }]);
  });
});

describe("telling the canonical files apart", () => {
  it("reads a deltagare*.csv with the anonymous counts' header as anonymous counts, and an insats given twice alike once", async () => {
    const dataDir = path.join(root, "namn");
    writeFiles(dataDir, {
      "insatser.csv": INSATSER,
      "insatser_kopia.csv": INSATSER,
      "deltagare.csv": GOOD_DELTAGARE,
      "deltagare_2023_anon.csv": ["insats_id,ar,kon,antal", "A,2023,K,3", "A,2023,M,0"],
    });
    const file = path.join(root, "namn.duckdb");
    const r = await ingest({ dataDir, dbPath: file });
    expect(await query(file, "SELECT kon, antal FROM deltagare_anonyma ORDER BY kon")).toEqual([{ kon: "K", antal: 3 }, { kon: "M", antal: 0 }]);
    expect(await query(file, "SELECT count(*)::INTEGER AS n FROM insats")).toEqual([{ n: 2 }]);
    expect(r.notes.join(" ")).toContain("2 insatser förekom mer än en gång med samma uppgifter och lästes in en gång.");
  });
});
