// `npm run fetch`: downloads the current tables of each source into data/raw/<källa>/<ÅÅÅÅ-MM-DD>/ (today's date,
// the vintage the ingest keeps revisions by). Sources are independent: one failing does not discard another's
// complete download, but the run as a whole reports failure.
import path from "node:path";
import { displayPath } from "../errors.ts";
import { FK_DEFAULT_BASE, FK_DEFAULT_FILES, fetchFk, SOCIALSTYRELSEN_NOTE } from "./fk.ts";
import { FetchError, HttpClient, type HttpOptions } from "./http.ts";
import { fetchKolada, KOLADA_DEFAULT_BASE, KOLADA_DEFAULT_KPIER } from "./kolada.ts";
import { DownloadFolder } from "./output.ts";
import { defaultScbTables, fetchScb, SCB_DEFAULT_BASE, type ScbTableSpec } from "./scb.ts";

export const KALLOR = ["scb", "kolada", "fk", "socialstyrelsen"] as const;
export type Kalla = (typeof KALLOR)[number];

export const KALLA_NAMN: Record<Kalla, string> = {
  scb: "SCB",
  kolada: "Kolada",
  fk: "Försäkringskassan",
  socialstyrelsen: "Socialstyrelsen",
};

/** First year fetched: 2013, so the helårsekvivalenter from 2014M01 have the population of 31 Dec before them. */
export const DEFAULT_FRAN_AR = 2013;

export interface FetchOptions {
  /** The data directory; files go to <dataDir>/raw/<källa>/<datum>/. */
  dataDir: string;
  /** Retrieval date ÅÅÅÅ-MM-DD (default: today, local time). */
  datum?: string;
  kallor?: readonly Kalla[];
  scbBas?: string;
  koladaBas?: string;
  fkBas?: string;
  scbTabeller?: ScbTableSpec[];
  kpier?: string[];
  franAr?: number;
  tillAr?: number;
  fkFiler?: string[];
  http?: Omit<HttpOptions, "log">;
  log?: (line: string) => void;
  now?: () => Date;
}

export interface SourceResult {
  kalla: Kalla;
  ok: boolean;
  /** The folder written (absolute), when the download completed. */
  mapp?: string;
  filer: number;
  fel?: string;
  /** A source with nothing to fetch (Socialstyrelsen): what to do instead. */
  anteckning?: string;
}

/** The local date ÅÅÅÅ-MM-DD: a download made at 00:30 in Sweden belongs to that day, not to yesterday in UTC. */
export function today(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export async function runFetch(options: FetchOptions): Promise<SourceResult[]> {
  const log = options.log ?? (() => {});
  const now = options.now ?? (() => new Date());
  const datum = options.datum ?? today(now());
  const franAr = options.franAr ?? DEFAULT_FRAN_AR;
  const tillAr = options.tillAr ?? now().getUTCFullYear();
  const http = new HttpClient({ ...options.http, log });
  const results: SourceResult[] = [];
  // Once the network itself looks missing, the other sources are not tried: offline, the run ends in seconds.
  let offline: Kalla | null = null;
  for (const kalla of options.kallor ?? KALLOR) {
    if (kalla === "socialstyrelsen") {
      log(SOCIALSTYRELSEN_NOTE);
      results.push({ kalla, ok: true, filer: 0, anteckning: SOCIALSTYRELSEN_NOTE });
      continue;
    }
    if (offline) {
      const fel = `Hoppades över: ingen nätverksanslutning (se ${KALLA_NAMN[offline]}).`;
      log(`${KALLA_NAMN[kalla]}: ${fel}`);
      results.push({ kalla, ok: false, filer: 0, fel });
      continue;
    }
    const folder = new DownloadFolder(path.resolve(options.dataDir), kalla, datum, now);
    try {
      let filer: number;
      if (kalla === "scb") {
        filer = await fetchScb(http, folder, { bas: options.scbBas ?? SCB_DEFAULT_BASE, tabeller: options.scbTabeller ?? defaultScbTables(franAr), log });
      } else if (kalla === "kolada") {
        filer = await fetchKolada(http, folder, { bas: options.koladaBas ?? KOLADA_DEFAULT_BASE, kpier: options.kpier ?? KOLADA_DEFAULT_KPIER, franAr, tillAr, log });
      } else {
        filer = await fetchFk(http, folder, { bas: options.fkBas ?? FK_DEFAULT_BASE, filer: options.fkFiler ?? FK_DEFAULT_FILES, log });
      }
      const mapp = folder.commit();
      log(`${KALLA_NAMN[kalla]}: ${filer} filer sparade i ${displayPath(mapp)}`);
      results.push({ kalla, ok: true, mapp, filer });
    } catch (err) {
      folder.abort();
      if (!(err instanceof FetchError)) throw err;
      log(`${KALLA_NAMN[kalla]}: hämtningen misslyckades; inget sparades (orsaken skrivs ut nedan).`);
      results.push({ kalla, ok: false, filer: 0, fel: err.message });
      if (err.ingetNatverk) offline = kalla;
    }
  }
  return results;
}
