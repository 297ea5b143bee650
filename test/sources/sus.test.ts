// The SUS-style adapter: workbooks and CSV saved from Excel (`;`, Windows-1252 or UTF-8 with BOM), headers and
// labels through data/alias/sus.json, real Excel date cells, several sources in one cell, Uppföljning Finsam counts,
// and clear refusals (the label and the alias file, the cell, masked personnummer) that leave the database as it was.
// Files are built by the test; personnummer are synthetic (date, birth number 98x, Luhn digit).
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeXlsx, type XlsxCell } from "../../loaders/demo/xlsx-writer.ts";
import { IngestError, UsageError } from "../../loaders/errors.ts";
import { ingest } from "../../loaders/ingest.ts";
import { luhnSiffra } from "../../loaders/insatser/personnummer.ts";
import { query, sha256OfFile, tempDir } from "../helpers.ts";

const pnr = (yyyymmdd: string, nnn: string, sep = "-") => `${yyyymmdd}${sep}${nnn}${luhnSiffra(yyyymmdd.slice(2) + nnn)}`;

let root: string;
const savedKey = process.env.FORSORJNING_NYCKEL;
const savedAlias = process.env.FORSORJNING_SUS_ALIAS;

beforeAll(() => {
  root = tempDir();
  process.env.FORSORJNING_NYCKEL = path.join(root, "nyckel");
});
afterAll(() => {
  for (const [k, v] of [["FORSORJNING_NYCKEL", savedKey], ["FORSORJNING_SUS_ALIAS", savedAlias]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  fs.rmSync(root, { recursive: true, force: true });
});

/** Writes files into a fresh data directory: Buffers as they are, string arrays as CRLF lines in the encoding. */
function dataDir(name: string, files: Record<string, Buffer | { lines: string[]; encoding: "windows-1252" | "utf-8-bom" }>): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(files)) {
    if (Buffer.isBuffer(content)) fs.writeFileSync(path.join(dir, file), content);
    else {
      const text = `${content.lines.join("\r\n")}\r\n`;
      fs.writeFileSync(path.join(dir, file), content.encoding === "utf-8-bom" ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]) : latin1(text));
    }
  }
  return dir;
}

/** Windows-1252 bytes of a text with Swedish letters (all of them are in Latin-1). */
const latin1 = (text: string) => Buffer.from(text, "latin1");

const INSATSER_SHEET: XlsxCell[][] = [
  ["Export från SUS, Samordningsförbundet Blekinge"],
  [],
  ["Insats-ID", "Insatsnamn", "Samverkansorganisation", "Inriktning", "Mätningsmetod", "Startdatum", "Målgrupp", "Planerat antal deltagare"],
  ["S1", "Steget", "Samordningsförbundet Blekinge", "Individinriktad", "Personuppgifter/anonym", { datum: "2022-01-01" }, "Unga vuxna", 40],
  ["S2", "Bron", "blekinge", "Strukturövergripande", "Endast antal (volyminsats)", { datum: "2023-01-01" }, "", ""],
];

function workbook(deltagare: XlsxCell[][]): Buffer {
  return Buffer.from(
    writeXlsx([
      { name: "Deltagare", rows: deltagare },
      { name: "Insatser", rows: INSATSER_SHEET },
      { name: "Budget", rows: [["Insats-ID", "År", "Budget (tkr)", "Utfall (tkr)"], ["S1", 2023, 1200.5, 1100.25], ["S1", 2024, 1250, ""]] },
      { name: "Anteckningar", rows: [["Exporterad för uppföljning."]] },
    ]),
  );
}

const DELTAGARE_HEADER: XlsxCell[] = ["Personnummer", "Namn", "Insats-ID", "Kommun", "Startdatum", "Slutdatum", "Avslutsanledning", "Försörjning före", "Försörjning efter", "Sysselsättning före", "Sysselsättning efter"];
const GOOD_ROWS: XlsxCell[][] = [
  // twelve digits as text, real date cells, two sources separated by a comma, kommun by name
  [pnr("19850301", "981"), "Test Testsson", "S1", "Karlskrona", { datum: "2023-01-15" }, { datum: "2023-09-30" }, "Avslutad", "Sjukpenning, Försörjningsstöd", "Lön", "Ingen", "Förvärvsarbete"],
  // ten digits as a number cell whose leading zero Excel dropped (2005: 050412…), kommun as a number without zero
  [Number(pnr("20050412", "982", "").slice(2)), "Test Testdotter", "S1", 180, { datum: "2023-03-15" }, null, null, "Sjuk- och aktivitetsersättning | Aktivitetsstöd", null, "Ingen", null],
  // a Felregistrering written another way, sources separated by |
  [pnr("19700101", "984"), "Prov Provsson", "S1", "1080", { datum: "2023-04-01" }, { datum: "2023-04-02" }, "Felregistrerad", "Etableringsersättning|Annan", "Ingen", "Arbetssökande", "Studier"],
];

describe("a SUS workbook", () => {
  let db: string;
  let result: Awaited<ReturnType<typeof ingest>>;
  beforeAll(async () => {
    const dir = dataDir("arbetsbok", { "sus_export_blekinge.xlsx": workbook([DELTAGARE_HEADER, ...GOOD_ROWS]) });
    db = path.join(root, "arbetsbok.duckdb");
    result = await ingest({ dataDir: dir, dbPath: db });
  });

  it("reads each sheet by its header (the insats list below a title) and says what was read how", () => {
    const notes = result.notes.join("\n");
    expect(notes).toContain("sus_export_blekinge.xlsx: bladet Deltagare lästes som deltagare (rubriker på rad 1).");
    expect(notes).toContain("sus_export_blekinge.xlsx: bladet Insatser lästes som insatser (rubriker på rad 3).");
    expect(notes).toContain("sus_export_blekinge.xlsx: bladet Budget lästes som budget och utfall (rubriker på rad 1).");
    expect(notes).toContain("bladet Anteckningar känns inte igen");
    expect(notes).toContain("kolumnen Namn togs bort utan att läsas");
    expect(notes).toContain("folkbokföringskommun lästes 1 som kommunkod, 1 som kod utan inledande nolla (t.ex. 180 → 0180), 1 som kommunnamn");
    expect(notes).toContain("1 nummer hade tappat sin inledande nolla");
  });

  it("stores the participants with canonical values, kön and birth year from the numbers", async () => {
    const r = await query(db, "SELECT insats_id, kon, fodelsear, kommunkod, strftime(startdatum, '%Y-%m-%d') AS start, strftime(slutdatum, '%Y-%m-%d') AS slut, avslutsanledning, sysselsattning_fore, sysselsattning_efter FROM deltagare ORDER BY deltagande_id");
    expect(r).toEqual([
      { insats_id: "S1", kon: "M", fodelsear: 1985, kommunkod: "1080", start: "2023-01-15", slut: "2023-09-30", avslutsanledning: "Avslutad", sysselsattning_fore: "ingen", sysselsattning_efter: "arbete" },
      { insats_id: "S1", kon: "K", fodelsear: 2005, kommunkod: "0180", start: "2023-03-15", slut: null, avslutsanledning: null, sysselsattning_fore: "ingen", sysselsattning_efter: null },
      { insats_id: "S1", kon: "K", fodelsear: 1970, kommunkod: "1080", start: "2023-04-01", slut: "2023-04-02", avslutsanledning: "Felregistrering", sysselsattning_fore: "arbetssokande", sysselsattning_efter: "studier" },
    ]);
  });

  it("splits several sources in one cell", async () => {
    const r = await query(db, "SELECT deltagande_id AS id, tidpunkt, list(kalla ORDER BY kalla) AS kallor FROM deltagare_forsorjning GROUP BY ALL ORDER BY id, tidpunkt DESC");
    expect(r).toEqual([
      { id: 1, tidpunkt: "fore", kallor: ["ekonomiskt_bistand", "sjukpenning"] },
      { id: 1, tidpunkt: "efter", kallor: ["lon"] },
      { id: 2, tidpunkt: "fore", kallor: ["aktivitetsstod", "sjuk_och_aktivitetsersattning"] },
      { id: 3, tidpunkt: "fore", kallor: ["annan", "etableringsersattning"] },
      { id: 3, tidpunkt: "efter", kallor: ["ingen"] },
    ]);
  });

  it("reads the insats list (förbund by name, labels to codes) and amounts in tkr exactly", async () => {
    expect(await query(db, "SELECT insats_id, forbund_id, inriktning, matningsmetod, malgrupp, planerade_deltagare FROM insats ORDER BY insats_id")).toEqual([
      { insats_id: "S1", forbund_id: "blekinge", inriktning: "individinriktad", matningsmetod: "personuppgifter", malgrupp: "Unga vuxna", planerade_deltagare: 40 },
      { insats_id: "S2", forbund_id: "blekinge", inriktning: "strukturovergripande", matningsmetod: "endast_antal", malgrupp: null, planerade_deltagare: null },
    ]);
    expect(await query(db, "SELECT ar, budget_kr, utfall_kr FROM insats_ekonomi ORDER BY ar")).toEqual([
      { ar: 2023, budget_kr: "1200500.00", utfall_kr: "1100250.00" },
      { ar: 2024, budget_kr: "1250000.00", utfall_kr: null },
    ]);
  });
});

describe("CSV saved from Excel", () => {
  it("reads Windows-1252 with `;`, headers without å/ä/ö and in other case, dates with times and D.M.YYYY", async () => {
    const dir = dataDir("csv1252", {
      "deltagare_2024.csv": {
        encoding: "windows-1252",
        lines: [
          "PERSONNR;insatsid;Kon;Fodelsear;Folkbokforingskommun;Inskrivningsdatum;Utskrivningsdatum;Avslutsorsak;Forsorjning fore;Forsorjning efter;Sysselsattning fore;Sysselsattning efter",
          `${pnr("19900101", "981")};S1;Man;1990;Ronneby;2024-01-08 00:00;31.5.2024;Avslutad;Arbetslöshetsersättning;Lön;Arbetssökande;Förvärvsarbete`,
          `${pnr("19920202", "982")};S1;Kvinna;;Karlshamn;2024-02-01 00:00:00;;;Försörjningsstöd;;Ingen;`,
        ],
      },
    });
    const db = path.join(root, "csv1252.duckdb");
    await ingest({ dataDir: dir, dbPath: db });
    expect(await query(db, "SELECT kon, fodelsear, kommunkod, strftime(startdatum, '%Y-%m-%d') AS s, strftime(slutdatum, '%Y-%m-%d') AS e FROM deltagare ORDER BY deltagande_id")).toEqual([
      { kon: "M", fodelsear: 1990, kommunkod: "1081", s: "2024-01-08", e: "2024-05-31" },
      { kon: "K", fodelsear: 1992, kommunkod: "1082", s: "2024-02-01", e: null },
    ]);
  });

  it("reads slash dates day first when the column shows a day above 12, and counts from Uppföljning Finsam", async () => {
    const dir = dataDir("csvbom", {
      "deltagare.csv": {
        encoding: "utf-8-bom",
        lines: ["Deltagar-ID;Insats;Kön;Födelseår;Startdatum;Slutdatum", "L1;Steget;K;1980;3/4/2023;25/4/2023", "L2;Steget;M;1981;13/1/2023;"],
      },
      "insatser.csv": { encoding: "utf-8-bom", lines: ["Insats-ID;Insatsnamn;Samordningsförbund", "S1;Steget;Blekinge"] },
      "uppfoljning_finsam.csv": {
        encoding: "windows-1252",
        lines: ["Insats-ID;År;Kön;Antal", "S1;2024;Kvinnor;7", "S1;2024;Män;5", "S1;2024;Totalt;13"],
      },
    });
    const db = path.join(root, "csvbom.duckdb");
    const r = await ingest({ dataDir: dir, dbPath: db });
    expect(await query(db, "SELECT deltagare_id, insats_id, strftime(startdatum, '%Y-%m-%d') AS s, strftime(slutdatum, '%Y-%m-%d') AS e FROM deltagare ORDER BY deltagande_id")).toEqual([
      { deltagare_id: "L1", insats_id: "S1", s: "2023-04-03", e: "2023-04-25" },
      { deltagare_id: "L2", insats_id: "S1", s: "2023-01-13", e: null },
    ]);
    expect(r.notes.join(" ")).toContain("1 insatser angavs med namn i stället för id och kopplades till sina id (Steget → S1)");
    expect(await query(db, "SELECT kon, antal, kalla FROM deltagare_antal ORDER BY kon")).toEqual([
      { kon: "K", antal: 7, kalla: "uppfoljning_finsam" },
      { kon: "M", antal: 5, kalla: "uppfoljning_finsam" },
      { kon: "T", antal: 13, kalla: "uppfoljning_finsam" },
    ]);
    // Individual data end in 2023 (counts from Uppföljning Finsam do not extend an ongoing participation into 2024):
    // 2024 has counts only, which an outcome page must say.
    const y = await query(db, "SELECT ar, kon, deltagare_med_personuppgifter AS pu, uppfoljning_finsam AS uf, har_individdata FROM insats_individdata_ar WHERE insats_id = 'S1' AND kon = 'T' ORDER BY ar");
    expect(y).toEqual([
      { ar: 2023, kon: "T", pu: 2, uf: 0, har_individdata: true },
      { ar: 2024, kon: "T", pu: 0, uf: 13, har_individdata: false },
    ]);
  });

  it("reads anonymous counts in the wide layout SUS registers them in (women and men per insats and year)", async () => {
    const dir = dataDir("anonyma", {
      "insatser.csv": { encoding: "utf-8-bom", lines: ["Insats-ID;Insatsnamn", "S1;Steget"] },
      "anonyma_2023.csv": { encoding: "windows-1252", lines: ["Insats-ID;Inregistreringsår;Anonyma kvinnor;Anonyma män", "S1;2023;2;0", "S1;2024;;3"] },
    });
    const db = path.join(root, "anonyma.duckdb");
    await ingest({ dataDir: dir, dbPath: db });
    expect(await query(db, "SELECT ar, kon, antal FROM deltagare_anonyma ORDER BY ar, kon")).toEqual([
      { ar: 2023, kon: "K", antal: 2 },
      { ar: 2023, kon: "M", antal: 0 },
      { ar: 2024, kon: "M", antal: 3 },
    ]);
  });
});

describe("refused SUS input", () => {
  let db: string;
  let goodHash: string;
  beforeAll(async () => {
    db = path.join(root, "refusals.duckdb");
    await ingest({ dataDir: dataDir("good", { "sus.xlsx": workbook([DELTAGARE_HEADER, ...GOOD_ROWS]) }), dbPath: db });
    goodHash = sha256OfFile(db);
  });

  async function refused(name: string, rows: XlsxCell[][]): Promise<IngestError> {
    const dir = dataDir(name, { "sus.xlsx": workbook([DELTAGARE_HEADER, ...rows]) });
    const error = await ingest({ dataDir: dir, dbPath: db }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(IngestError);
    expect(sha256OfFile(db)).toBe(goodHash);
    return error as IngestError;
  }

  it("names an unknown label, its cell and the alias file to extend", async () => {
    const row = [...GOOD_ROWS[0]];
    row[7] = "Sjukpenning, Sjukbidrag";
    const e = await refused("okand-etikett", [row]);
    expect(e.message).toMatch(/sus\.xlsx, cell H2 \(blad Deltagare\), kolumn Försörjning före: fann "Sjukbidrag" \(en okänd etikett för försörjningskälla\), förväntade en av Sjukpenning, .* — eller lägg till "Sjukbidrag" under varden\.forsorjning i data\/alias\/sus\.json\.$/);
  });

  it("refuses a wrong check digit at its cell, showing the number masked", async () => {
    const bad = pnr("19850301", "981");
    const row = [...GOOD_ROWS[0]];
    row[0] = `${bad.slice(0, -1)}${(Number(bad.slice(-1)) + 1) % 10}`;
    const e = await refused("kontrollsiffra", [row]);
    expect(e.message).toContain("sus.xlsx, cell A2 (blad Deltagare), kolumn Personnummer: fann ett personnummer med fel kontrollsiffra (19850301-****)");
    expect(e.message).not.toContain(bad.slice(9, 12));
  });

  it("masks a personnummer typed into another column", async () => {
    const row = [...GOOD_ROWS[0]];
    row[8] = pnr("19850301", "981");
    const e = await refused("fel-kolumn", [row]);
    expect(e.message).toContain('cell I2 (blad Deltagare), kolumn Försörjning efter: fann "19850301-****" (en okänd etikett för försörjningskälla)');
    expect(e.message).not.toMatch(/\d{8}-?\d{4}/);
  });

  it("refuses an unknown kön label", async () => {
    const header = [...DELTAGARE_HEADER, "Kön"];
    const dir = dataDir("kon", { "sus.xlsx": workbook([header, [...GOOD_ROWS[0], "Okänt"]]) });
    const e = (await ingest({ dataDir: dir, dbPath: db }).catch((x: unknown) => x)) as IngestError;
    expect(e.message).toContain('cell L2 (blad Deltagare), kolumn Kön: fann "Okänt" (en okänd etikett för kön), förväntade en av Kvinna, Kvinnor, K');
    expect(sha256OfFile(db)).toBe(goodHash);
  });

  it("refuses slash dates where no day above 12 tells day from month", async () => {
    const dir = dataDir("tvetydigt", {
      "deltagare.csv": { encoding: "utf-8-bom", lines: ["Deltagar-ID;Insats-ID;Kön;Startdatum", "L1;S1;K;3/4/2023", "L2;S1;M;5/6/2023"] },
    });
    const e = (await ingest({ dataDir: dir, dbPath: db }).catch((x: unknown) => x)) as IngestError;
    expect(e).toBeInstanceOf(IngestError);
    expect(e.message).toContain('deltagare.csv, rad 2, kolumn Startdatum (kolumn 4): fann "3/4/2023", där ingen dag i kolumnen är över 12');
    expect(sha256OfFile(db)).toBe(goodHash);
  });
});

describe("the alias file", () => {
  it("takes a new label without code (FORSORJNING_SUS_ALIAS points at an extended copy)", async () => {
    const alias = JSON.parse(fs.readFileSync(path.join("data", "alias", "sus.json"), "utf8"));
    alias.varden.forsorjning.sjukpenning.push("Sjukbidrag");
    alias.rubriker.startdatum.push("Första dag");
    const file = path.join(root, "egen-alias.json");
    fs.writeFileSync(file, JSON.stringify(alias));
    process.env.FORSORJNING_SUS_ALIAS = file;
    try {
      const dir = dataDir("egen-alias", {
        "deltagare.csv": { encoding: "utf-8-bom", lines: ["Deltagar-ID;Insats-ID;Kön;Första dag;Försörjning före", "L1;S1;K;2023-01-01;Sjukbidrag"] },
      });
      const db = path.join(root, "egen-alias.duckdb");
      await ingest({ dataDir: dir, dbPath: db });
      expect(await query(db, "SELECT kalla FROM deltagare_forsorjning")).toEqual([{ kalla: "sjukpenning" }]);
    } finally {
      delete process.env.FORSORJNING_SUS_ALIAS;
    }
  });

  it("refuses a broken alias file with a message naming it", async () => {
    const file = path.join(root, "trasig-alias.json");
    fs.writeFileSync(file, JSON.stringify({ varden: { kon: { X: ["Okänd"] } } }));
    process.env.FORSORJNING_SUS_ALIAS = file;
    try {
      const dir = dataDir("trasig-alias", { "deltagare.csv": { encoding: "utf-8-bom", lines: ["Deltagar-ID;Insats-ID;Kön;Startdatum", "L1;S1;K;2023-01-01"] } });
      const e = await ingest({ dataDir: dir, dbPath: path.join(root, "trasig.duckdb") }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(UsageError);
      expect((e as Error).message).toMatch(/Aliasfilen .*trasig-alias\.json går inte att använda: varden\.kon\.X är inget kanoniskt värde \(kända: K, M\)\./);
    } finally {
      delete process.env.FORSORJNING_SUS_ALIAS;
    }
  });
});
