// Försäkringskassan's open statistics files (FORMATS.md §4.1): whole tables as published, saved as received.
// Only files whose address is known from FK's own pattern are fetched; no address is guessed.
import { FetchError, type HttpClient } from "./http.ts";
import type { DownloadFolder } from "./output.ts";

export const FK_DEFAULT_BASE = "https://www.forsakringskassan.se/api/sprstatistikrapportera/public/v1";

/**
 * <dataset-id>/<TableName>.<xlsx|json>. By default the one FK table with kronor the ingest reads: sjuk- och
 * aktivitetsersättning, recipients and belopp per län and month. Others by --fk-filer, e.g. ohm-ohalsotal/SJPohttal.xlsx
 * and ohm-sjptal/SJPsjptal.xlsx (ohälsotal, sjukpenningtal: days, not kronor; the ingest lists them as not used).
 */
export const FK_DEFAULT_FILES = ["sa-bestand-diagnos/SAbestandmanaddiagnoslan.json"];

export interface FkOptions {
  bas: string;
  filer: string[];
  log: (line: string) => void;
}

/**
 * A JSON table's metadata, which holds the unit of `belopp` ("Belopp i 1000-tal kr") that the ingest needs: at
 * <dataset>/meta.json (Region Dalarna's scripts), or <dataset>/meta/json (FORMATS.md §4.1; one may be legacy).
 */
async function fetchMeta(http: HttpClient, bas: string, dataset: string, log: (line: string) => void): Promise<{ url: string; bytes: Buffer }> {
  const tried: string[] = [];
  for (const url of [`${bas}/${dataset}/meta.json`, `${bas}/${dataset}/meta/json`]) {
    log(`Försäkringskassan ${dataset}: GET ${url} (tabellens metadata med enheten för belopp)`);
    try {
      const { json, response } = await http.json({ method: "GET", url });
      const columns = (json as { table?: { columns?: unknown } })?.table?.columns;
      if (Array.isArray(columns)) return { url, bytes: response.bytes };
      tried.push(`${url}: inga table.columns`);
    } catch (err) {
      if (!(err instanceof FetchError) || err.kind === "natverk") throw err;
      tried.push(err.message);
    }
  }
  throw new FetchError(
    `Försäkringskassan: metadata för ${dataset} gick inte att hämta, och utan den är enheten för belopp okänd (${tried.join("; ")}).`,
    "svar",
  );
}

/** Downloads each file (and a JSON table's metadata); an answer that is not the promised type is refused. */
export async function fetchFk(http: HttpClient, folder: DownloadFolder, o: FkOptions): Promise<number> {
  const bas = o.bas.replace(/\/+$/, "");
  let files = 0;
  for (const file of o.filer) {
    const m = /^([a-z0-9][a-z0-9-]*)\/([A-Za-z0-9_-]+\.(xlsx|json))$/.exec(file);
    if (!m) throw new FetchError(`Försäkringskassan: "${file}" är ingen fil av formen <dataset>/<Tabell>.xlsx eller .json.`, "svar");
    const url = `${bas}/${file}`;
    o.log(`Försäkringskassan ${m[1]}: GET ${url}`);
    const response = await http.request({ method: "GET", url });
    if (m[3] === "xlsx" && !(response.bytes[0] === 0x50 && response.bytes[1] === 0x4b)) {
      throw new FetchError(`Försäkringskassan svarade på ${url} med något annat än en xlsx-fil (innehållstyp ${response.contentType || "okänd"}).`, "svar");
    }
    if (m[3] === "json") {
      let json: unknown;
      try {
        json = JSON.parse(response.bytes.toString("utf8").replace(/^\uFEFF/, ""));
      } catch {
        throw new FetchError(`Försäkringskassan svarade på ${url} med något annat än JSON (innehållstyp ${response.contentType || "okänd"}).`, "svar");
      }
      // A wrong parameter or an unknown table gives 200 with [] (FORMATS.md §4.3): say so, do not save an empty file.
      if (Array.isArray(json) && json.length === 0) {
        throw new FetchError(`Försäkringskassan svarade på ${url} med en tom lista; tabellnamnet kan ha ändrats.`, "svar");
      }
    }
    folder.write(m[2], response.bytes, { metod: "GET", url });
    files++;
    if (m[3] === "json") {
      // Saved as <Tabell>.meta.json beside the table: the ingest reads the belopp unit from a *meta.json there.
      const meta = await fetchMeta(http, bas, m[1], o.log);
      folder.write(m[2].replace(/\.json$/, ".meta.json"), meta.bytes, { metod: "GET", url: meta.url });
      files++;
    }
  }
  return files;
}

/** Ekonomiskt bistånd per month has no API (FORMATS.md §3.1–3.2): what the user does by hand instead. */
export const SOCIALSTYRELSEN_NOTE = [
  "Socialstyrelsen: ekonomiskt bistånd per månad finns inte i något öppet API och hämtas därför inte automatiskt.",
  "  Exportera den för hand från https://sdb.socialstyrelsen.se/if_ekb_manad/ :",
  "  välj Alla kommuner och Alla län, måttet \"Utbetalt ekonomiskt bistånd tkr\", alla år och alla månader,",
  "  flytta År från kolumner till rader och spara som Excel (.xlsx).",
  "  Lägg filen i data/raw/socialstyrelsen/<ÅÅÅÅ-MM-DD>/ (dagens datum) och kör sedan npm run ingest.",
].join("\n");
