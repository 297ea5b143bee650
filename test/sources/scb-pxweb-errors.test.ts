// SCB PxWeb adapter: bad cells and unusable selections are refused with file, place (CSV line and column, or JSON path
// with the cell's dimension codes), what was found and what was expected; other files are told apart by content.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { IngestError } from "../../loaders/errors.ts";
import { ingest } from "../../loaders/ingest.ts";
import { scbPxweb } from "../../loaders/sources/scb-pxweb.ts";
import type { SourceFile } from "../../loaders/sources/types.ts";
import { tempDir } from "../helpers.ts";

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "scb");
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const fixtureJson = (name: string) => JSON.parse(fixture(name).toString("utf8"));
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** Ingests one file (bytes) and returns the IngestError it must cause. */
async function refusal(name: string, bytes: Buffer | string): Promise<IngestError> {
  const dir = tempDir();
  dirs.push(dir);
  const data = path.join(dir, "data");
  fs.mkdirSync(data);
  fs.writeFileSync(path.join(data, name), bytes);
  try {
    await ingest({ dataDir: data, dbPath: path.join(dir, "x.duckdb") });
  } catch (err) {
    expect(err).toBeInstanceOf(IngestError);
    expect(fs.existsSync(path.join(dir, "x.duckdb"))).toBe(false);
    return err as IngestError;
  }
  throw new Error(`${name} was not refused`);
}

const sourceFile = (name: string, bytes: Buffer | string): SourceFile => ({
  path: `/tmp/${name}`,
  name,
  relative: name,
  bytes: Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes),
  hamtad: null,
});

describe("bad cells", () => {
  it("CSV: a value that is not a number names the line, the column header and its number", async () => {
    const text = fixture("TAB1386_api_v2_tab_med_titel.csv").toString("utf8").replace("\t412\t", "\t41 2x\t");
    const e = await refusal("hek.csv", text);
    expect(e.location).toMatchObject({ line: 3, column: "Sjukpenning 2024M02", columnNumber: 5 });
    expect(e.message).toContain('hek.csv, rad 3, kolumn Sjukpenning 2024M02 (kolumn 5): fann "41 2x"');
    expect(e.message).toContain("ett antal helårsekvivalenter");
  });

  it("CSV (Windows-1252): a population cell with a missing-value symbol is refused, not read as 0", async () => {
    // line 4 is the first data line ("Örebro";"ogifta";"45 år";"män";1100;1102)
    const bytes = Buffer.from(fixture("BE0101N1_semikolon_med_rubrik_windows1252.csv").toString("latin1").replace(";1100;1102", ";..;1102"), "latin1");
    const e = await refusal("folk.csv", bytes);
    expect(e.message).toContain('folk.csv, rad 4, kolumn Folkmängd 2023 (kolumn 5): fann ".."');
    expect(e.expected).toContain("folkmängden får inte saknas");
  });

  it("json-stat2: a negative value names value[i] and the cell's dimension codes", async () => {
    const doc = fixtureJson("TAB1386_HE0000T02N2_0180_2023H1.json");
    doc.value[0] = -5; // Region 0180, Kon 1, Aldersgrupp 20-64, Sjukpenning, 2023M01
    const e = await refusal("hek.json", JSON.stringify(doc));
    expect(e.location.path).toBe("value[0]");
    expect(e.message).toContain('hek.json, i value[0]: fann "-5" (Region=0180, Kon=1, Aldersgrupp=20-64, ContentsCode=HEK0000A, Tid=2023M01)');
    expect(e.expected).toContain("inte är negativt");
  });

  it("json-stat2: a text value names value[i] and the codes", async () => {
    const doc = fixtureJson("TAB1386_HE0000T02N2_0180_2023H1.json");
    doc.value[7] = "sju"; // 6 months per content: index 7 = content 1 (Sjuk- och aktivitetsersättning), month 2
    const e = await refusal("hek.json", JSON.stringify(doc));
    expect(e.message).toContain('i value[7]: fann "sju" (Region=0180, Kon=1, Aldersgrupp=20-64, ContentsCode=HEK0000B, Tid=2023M02)');
  });

  it("v1 json: a missing folkmängd cell names data[i].values[j] and the key", async () => {
    const doc = fixtureJson("BefolkningNy_api_v1.json");
    doc.data[1].values[0] = "..";
    const e = await refusal("folk.json", JSON.stringify(doc));
    expect(e.message).toContain('folk.json, i data[1].values[0]: fann ".." (Region=0114, Alder=30, Kon=2, Tid=2023, ContentsCode=BE0101N1)');
  });

  it("a region name that maps to no kommun is named, asking for a kommun code or SCB's exact name", async () => {
    const bytes = Buffer.from(fixture("BE0101N1_semikolon_med_rubrik_windows1252.csv").toString("latin1").replace('"Malung-Sälen"', '"Malung"'), "latin1");
    const e = await refusal("folk.csv", bytes);
    expect(e.message).toContain('kolumn region (kolumn 1): fann "Malung"');
    expect(e.expected).toContain("kommunkod");
    expect(e.expected).toContain("exakt som SCB skriver det");
  });

  it("an age that is not a single year is refused with the place", async () => {
    const e = await refusal("folk.csv", ['"Region","Alder","Kon","ContentsCode","Tid","BE0101N1"', '"0114","fyrtio","1","BE0101N1","2024",310'].join("\n"));
    expect(e.message).toContain('folk.csv, rad 2, kolumn Alder (kolumn 2): fann "fyrtio"');
  });

  it("population by month is refused (folkmängd must be per 31 December)", async () => {
    const e = await refusal("folk.csv", ['"Region","Alder","Kon","ContentsCode","Tid","BE0101N1"', '"0114","44","1","BE0101N1","2024M03",310'].join("\n"));
    expect(e.message).toContain('kolumn Tid (kolumn 5): fann "2024M03"');
  });
});

describe("unusable selections", () => {
  it("civilstånd is summed only when every civilstånd is there", async () => {
    // drop "Örebro";"skilda";"45 år";"män" (line 16)
    const text = fixture("BE0101N1_semikolon_med_rubrik_windows1252.csv").toString("latin1").replace('"Örebro";"skilda";"45 år";"män";1120;1122\r\n', "");
    const e = await refusal("folk.csv", Buffer.from(text, "latin1"));
    expect(e.message).toContain("kommun 1880, 2023-12-31, ålder 45, kön M utan civilstånd skilda");
    expect(e.expected).toContain("hämta tabellen utan civilstånd");
  });

  it("HE0000T02N2 without åldersgrupp 20-64 is refused with the groups it has", async () => {
    const doc = fixtureJson("TAB1386_HE0000T02N2_0180_2023H1.json");
    doc.dimension.Aldersgrupp.category = { index: { "16-64": 0, "20-65": 1 }, label: { "16-64": "16-64 år", "20-65": "20-65 år" } };
    const e = await refusal("hek.json", JSON.stringify(doc));
    expect(e.message).toContain('hek.json, i dimension.Aldersgrupp.category: fann åldersgrupperna "16-64 år", "20-65 år" men inte 20-64 år');
  });

  it("HE0000T02N2 with contents as codes only (CSV UseCodes) asks for texts", async () => {
    const text = fixture("TAB1386_api_v2_tab_med_titel.csv").toString("utf8").replace(/Sjukpenning/g, "0000018K").replace(/Ekonomiskt bistånd/g, "0000018L");
    const e = await refusal("hek.csv", text);
    expect(e.found).toContain('"0000018K"');
    expect(e.expected).toContain("hämta tabellen med texter");
  });

  it("HE0000T02N2 without the åldersgrupp variable is refused (20-64 or 20-65 unknown)", async () => {
    const csv = ['"region","kön","Sjukpenning 2024M01"', '"Örebro","män",410'].join("\n");
    const e = await refusal("hek.csv", csv);
    expect(e.message).toContain("utan variabeln åldersgrupp (20-64 år)");
  });

  it("TAB638 with Folkökning but not Folkmängd is refused, naming the contents", async () => {
    const doc = fixtureJson("rOpenGov_pxweb_TAB638_riket_ogifta_0ar_man_2024.json");
    doc.dimension.ContentsCode.category = { index: { BE0101N2: 0 }, label: { BE0101N2: "Folkökning" } };
    const e = await refusal("folk.json", JSON.stringify(doc));
    expect(e.message).toContain('i dimension.ContentsCode.category: fann innehållet "Folkökning" i SCB-tabell TAB638');
    expect(e.expected).toContain("Folkmängd (BE0101N1 i TAB638, 000007ME i TAB5557)");
  });

  it("TAB638 with ålder summed away is refused, asking for ålder as a variable", async () => {
    const doc = fixtureJson("rOpenGov_pxweb_TAB638_riket_ogifta_0ar_man_2024.json");
    doc.id = doc.id.filter((d: string) => d !== "Alder");
    doc.size = [1, 1, 1, 1, 1];
    delete doc.dimension.Alder;
    const e = await refusal("folk.json", JSON.stringify(doc));
    expect(e.message).toContain("SCB-tabell TAB638 (Folkmängd efter region, civilstånd, ålder, kön och år) utan variabeln ålder");
  });

  it("json-stat2 whose value list does not match size is refused", async () => {
    const doc = fixtureJson("TAB638_kommuner_civilstand_2023_2024.json");
    doc.value.pop();
    const e = await refusal("folk.json", JSON.stringify(doc));
    expect(e.message).toContain("folk.json, i value: fann 143 värden, förväntade 144 värden (produkten av size)");
  });
});

describe("recognition by content", () => {
  it("takes SCB files whatever their name, and leaves other files to other adapters with a reason", () => {
    expect(scbPxweb.detect(sourceFile("download(3).csv", fixture("population_2025_norrbotten.csv")))).toEqual({ ok: true });
    expect(scbPxweb.detect(sourceFile("data.json", fixture("TAB1386_HE0000T02N2_0180_2023H1.json")))).toEqual({ ok: true });
    const sos = scbPxweb.detect(sourceFile("ekb.csv", "Region;Mått;Januari;Februari\nStockholms län;Antal hushåll;19503;19000\n"));
    expect(sos).toEqual({ ok: false, reason: expect.stringContaining("rubrikraden har inte SCB:s kolumner") });
    const kolada = scbPxweb.detect(sourceFile("k.json", JSON.stringify({ values: [], count: 0 })));
    expect(kolada).toEqual({ ok: false, reason: expect.stringContaining("inte ett svar från SCB:s PxWeb-API") });
  });

  it("a CSV with only years as headings is folkmängd only if its title says so", () => {
    const body = ['"region";"ålder";"kön";"2023";"2024"', '"Örebro";"45 år";"män";12;14'];
    const doda = scbPxweb.detect(sourceFile("d.csv", ['"Döda efter region, ålder, kön och år"', "", ...body].join("\r\n")));
    expect(doda).toEqual({ ok: false, reason: expect.stringContaining('SCB-tabellen "Döda efter region, ålder, kön och år" används inte') });
    expect(scbPxweb.detect(sourceFile("f.csv", ['"Folkmängden efter region, ålder, kön och år"', "", ...body].join("\r\n")))).toEqual({ ok: true });
  });

  it("names a CSV table it does not use by its title", () => {
    const csv = ['"Arbetslöshet efter region, kön och år"', "", '"region";"kön";"Arbetslöshet 2024"', '"Upplands Väsby";"män";5.1'].join("\r\n");
    const d = scbPxweb.detect(sourceFile("al.csv", csv));
    expect(d).toEqual({ ok: false, reason: expect.stringContaining('SCB-tabellen "Arbetslöshet efter region, kön och år" används inte av försörjningsmåttet') });
  });
});
