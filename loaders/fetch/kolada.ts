// Kolada API v3 (FORMATS.md §2): the KPI metadata (for the names) and the values of a configured list of KPIs for
// every kommun, län and riket, at most 25 ids per path segment, following next_url page by page. Each page is
// saved as received; the Kolada adapter (loaders/sources/kolada.ts) reads them.
import { formatNumber } from "@forsorjningsmatt/delat/format.js";
import { koladaKind } from "../sources/kolada.ts";
import { FetchError, type HttpClient } from "./http.ts";
import type { DownloadFolder } from "./output.ts";

export const KOLADA_DEFAULT_BASE = "https://api.kolada.se/v3";
/** Kostnad ekonomiskt bistånd kr/inv, ekonomiskt bistånd andel av bef., ohälsotal, sjukpenningtal (FORMATS.md §2). */
export const KOLADA_DEFAULT_KPIER = ["N31001", "N31807", "N00957", "N00938"];
/** Kolada v3 takes at most 25 items per path segment (rKolada chunks at 25). */
export const KOLADA_MAX_PER_SEGMENT = 25;
export const KOLADA_PER_PAGE = 5000;
const MAX_PAGES = 1000;

export interface KoladaOptions {
  bas: string;
  kpier: string[];
  franAr: number;
  tillAr: number;
  log: (line: string) => void;
}

export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The next page's address, kept on the configured server: Kolada's next_url may name another scheme or host
 * (http vs https, a mirror); only its path and query are used, so a run never leaves the base it was given.
 */
function nextUrl(next: unknown, bas: URL, current: string): string | null {
  if (next === null || next === undefined || next === "") return null;
  if (typeof next !== "string") throw new FetchError(`Kolada svarade på ${current} med ett next_url som inte är en adress (${JSON.stringify(next)}).`, "svar");
  let url: URL;
  try {
    url = new URL(next, current);
  } catch {
    throw new FetchError(`Kolada svarade på ${current} med ett ogiltigt next_url: ${next}`, "svar");
  }
  return new URL(`${url.pathname}${url.search}`, bas.origin).toString();
}

/** Follows one paged query to its end, writing every page; returns the number of pages. */
async function fetchPaged(http: HttpClient, folder: DownloadFolder, first: string, stem: string, kind: "data" | "kpi", o: KoladaOptions, label: string): Promise<number> {
  const bas = new URL(o.bas);
  const seen = new Set<string>();
  let url: string | null = first;
  let page = 0;
  while (url) {
    if (seen.has(url) || page >= MAX_PAGES) throw new FetchError(`Kolada: sidorna tar inte slut (${url} igen efter ${page} sidor).`, "svar");
    seen.add(url);
    page++;
    o.log(`Kolada ${label}, sida ${page}: GET ${url}`);
    const { json, response } = await http.json({ method: "GET", url });
    const found = koladaKind(json);
    if (found !== kind && !(kind === "kpi" && Array.isArray((json as { values?: unknown[] }).values) && (json as { values: unknown[] }).values.length === 0)) {
      throw new FetchError(`Kolada svarade på ${url} med något annat än ${kind === "data" ? "nyckeltalsvärden" : "nyckeltalsbeskrivningar"} (${typeof found === "string" ? found : found.reason}).`, "svar");
    }
    const doc = json as { values: unknown[]; count?: unknown; next_url?: unknown; next_page?: unknown };
    folder.write(`${stem}_sida${page}.json`, response.bytes, { metod: "GET", url });
    o.log(`  ${formatNumber(doc.values.length)} rader${typeof doc.count === "number" ? ` (totalt ${formatNumber(doc.count)})` : ""}`);
    url = nextUrl(doc.next_url ?? doc.next_page, bas, url);
  }
  return page;
}

/** Downloads KPI metadata and values; returns the number of files written. */
export async function fetchKolada(http: HttpClient, folder: DownloadFolder, o: KoladaOptions): Promise<number> {
  const bas = o.bas.replace(/\/+$/, "");
  for (const id of o.kpier) {
    if (!/^[A-Z]\d{5}$/.test(id)) throw new FetchError(`Kolada: "${id}" är inget nyckeltals-id (förväntade t.ex. N31001).`, "svar");
  }
  const years = Array.from({ length: o.tillAr - o.franAr + 1 }, (_, i) => String(o.franAr + i));
  const kpiChunks = chunks(o.kpier, KOLADA_MAX_PER_SEGMENT);
  const yearChunks = chunks(years, KOLADA_MAX_PER_SEGMENT);
  let files = 0;
  for (const [i, ids] of kpiChunks.entries()) {
    const n = String(i + 1).padStart(2, "0");
    files += await fetchPaged(http, folder, `${bas}/kpi/${ids.join(",")}`, `kpi_${n}`, "kpi", o, `nyckeltal ${ids.join(",")}`);
  }
  let part = 0;
  for (const ids of kpiChunks) {
    for (const ys of yearChunks) {
      part++;
      const n = String(part).padStart(2, "0");
      const first = `${bas}/data/kpi/${ids.join(",")}/year/${ys.join(",")}?per_page=${KOLADA_PER_PAGE}`;
      files += await fetchPaged(http, folder, first, `data_${n}`, "data", o, `${ids.join(",")} ${ys[0]}–${ys[ys.length - 1]}`);
    }
  }
  return files;
}
