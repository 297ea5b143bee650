// Försäkringskassan's open statistics files (FORMATS.md §4.1): whole tables as published, saved as received.
// Only files whose address is known from FK's own pattern are fetched; no address is guessed.
import { FetchError, type HttpClient } from "./http.ts";
import type { DownloadFolder } from "./output.ts";

export const FK_DEFAULT_BASE = "https://www.forsakringskassan.se/api/sprstatistikrapportera/public/v1";

/** <dataset-id>/<TableName>.<xlsx|json>: ohälsotal and sjukpenningtal per län and kommun, SA recipients and belopp per län. */
export const FK_DEFAULT_FILES = ["ohm-ohalsotal/SJPohttal.xlsx", "ohm-sjptal/SJPsjptal.xlsx", "sa-bestand-diagnos/SAbestandmanaddiagnoslan.json"];

export interface FkOptions {
  bas: string;
  filer: string[];
  log: (line: string) => void;
}

/** Downloads each file; an answer that is not the promised type (an HTML error page) is refused. */
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
