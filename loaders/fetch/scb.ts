// SCB PxWebApi v2 (FORMATS.md §1.2): population by age and kön per kommun (TAB638, from 2025 TAB5557) and
// helårsekvivalenter (TAB1386) as json-stat2. The selection is built from the table's metadata (codes are never
// assumed beyond the few a table is defined by), split so every call stays under SCB's cell limit (GET /config
// maxDataCells, else 100 000), and calls are spaced to SCB's budget (10 calls per 10 s).
import { formatNumber } from "@forsorjningsmatt/delat/format.js";
import { FetchError, type HttpClient, RateLimiter } from "./http.ts";
import type { DownloadFolder } from "./output.ts";

export const SCB_DEFAULT_BASE = "https://statistikdatabasen.scb.se/api/v2";
/** SCB's published limits (scb.se/vara-tjanster/oppna-data), used when GET /config does not say. */
export const SCB_DEFAULT_LIMITS = { maxDataCells: 100_000, maxCalls: 10, windowMs: 10_000 };

/** How one variable's values are chosen from the table's metadata. */
export type ScbRule =
  | { alla: true }
  | { koder: string[] }
  | { monster: RegExp; beskrivning: string }
  /** Time codes from this one on ("2013" also takes "2013M01"…). */
  | { tidFran: string }
  /** Leave the variable out, so SCB sums over it (e.g. civilstånd). */
  | { eliminera: true };

export interface ScbTableSpec {
  id: string;
  /** File name stem, e.g. "TAB638_folkmangd_alder_kon". */
  fil: string;
  beskrivning: string;
  variabler: Record<string, ScbRule>;
  /** Only time codes after the last one fetched from this table (TAB5557 continues TAB638). */
  fortsatterTabell?: string;
}

const KOMMUNER: ScbRule = { monster: /^\d{4}$/, beskrivning: "kommunkoder med 4 siffror" };
/** Single years of age, "100+" (TAB638) or "100+1" (TAB5557), but not "tot". */
const ETTARSALDRAR: ScbRule = { monster: /^\d{1,3}(\+\d*)?$/, beskrivning: "ettårsåldrar 0–100+" };

export function defaultScbTables(franAr: number): ScbTableSpec[] {
  const tid: ScbRule = { tidFran: String(franAr) };
  return [
    {
      id: "TAB638",
      fil: "TAB638_folkmangd_alder_kon",
      beskrivning: "folkmängd 31 december efter ålder och kön",
      variabler: { Region: KOMMUNER, Civilstand: { eliminera: true }, Alder: ETTARSALDRAR, Kon: { koder: ["1", "2"] }, ContentsCode: { koder: ["BE0101N1"] }, Tid: tid },
    },
    {
      id: "TAB5557",
      fil: "TAB5557_folkmangd_alder_kon",
      beskrivning: "folkmängd 31 december efter ålder och kön, från 2025",
      variabler: { Region: KOMMUNER, Civilstand: { eliminera: true }, Alder: ETTARSALDRAR, Kon: { koder: ["1", "2"] }, ContentsCode: { koder: ["000007ME"] }, Tid: tid },
      fortsatterTabell: "TAB638",
    },
    {
      id: "TAB1386",
      fil: "TAB1386_helarsekvivalenter",
      beskrivning: "helårsekvivalenter per månad efter ersättning och kön",
      // Content codes are not known for certain (FORMATS.md §1.5): take them all, the adapter picks by text.
      variabler: { Region: KOMMUNER, Kon: { alla: true }, Aldersgrupp: { monster: /^20-64/, beskrivning: "20-64 år" }, ContentsCode: { alla: true }, Tid: tid },
    },
  ];
}

export interface ScbVariable {
  code: string;
  label: string;
  codes: string[];
  elimination: boolean;
}

/** The variables of a table from its json-stat2 metadata, with codes in the table's order (category.index). */
export function parseMetadata(json: unknown, tableId: string): ScbVariable[] {
  const bad = (what: string) => new FetchError(`SCB:s metadata för ${tableId} ser inte ut som json-stat2 (${what}).`, "svar");
  const doc = json as { id?: unknown; dimension?: Record<string, unknown> };
  if (!doc || !Array.isArray(doc.id) || typeof doc.dimension !== "object" || doc.dimension === null) throw bad("id eller dimension saknas");
  return doc.id.map((code) => {
    const dim = doc.dimension![String(code)] as { label?: string; category?: { index?: unknown; label?: Record<string, string> }; extension?: { elimination?: boolean } } | undefined;
    if (!dim?.category) throw bad(`dimension.${String(code)}.category saknas`);
    const index = dim.category.index;
    let codes: string[];
    if (Array.isArray(index)) codes = index.map(String);
    else if (index && typeof index === "object") {
      // Key order is not table order (JavaScript puts "1060" before "0114"): sort by the position.
      codes = Object.entries(index as Record<string, number>).sort((a, b) => a[1] - b[1]).map(([c]) => c);
    } else codes = Object.keys(dim.category.label ?? {});
    if (codes.length === 0) throw bad(`dimension.${String(code)} har inga värden`);
    return { code: String(code), label: dim.label ?? String(code), codes, elimination: dim.extension?.elimination === true };
  });
}

export interface Selection {
  variableCode: string;
  valueCodes: string[];
}

/** SCB's POST body for a selection (FORMATS.md §1.2). */
export function selectionBody(selection: Selection[]): { selection: Selection[] } {
  return { selection: selection.map((s) => ({ variableCode: s.variableCode, valueCodes: s.valueCodes })) };
}

/** Chooses each variable's values by the table spec; variables the spec does not name are eliminated when allowed. */
export function buildSelection(spec: ScbTableSpec, variables: ScbVariable[], after?: string): Selection[] {
  const names = variables.map((v) => v.code);
  for (const [code, rule] of Object.entries(spec.variabler)) {
    if (!names.includes(code) && !("eliminera" in rule)) {
      throw new FetchError(
        `SCB-tabellen ${spec.id} har ingen variabel ${code} (den har ${names.join(", ")}). SCB kan ha ändrat tabellen; programmet behöver uppdateras.`,
        "svar",
      );
    }
  }
  const selection: Selection[] = [];
  for (const v of variables) {
    const rule = spec.variabler[v.code];
    let values: string[];
    if (!rule) {
      if (v.elimination) continue;
      values = v.codes;
    } else if ("eliminera" in rule) {
      if (v.elimination) continue;
      values = v.codes; // SCB does not allow leaving it out: take every value
    } else if ("alla" in rule) values = v.codes;
    else if ("koder" in rule) {
      const missing = rule.koder.filter((k) => !v.codes.includes(k));
      if (missing.length) {
        throw new FetchError(`SCB-tabellen ${spec.id} saknar ${v.code} = ${missing.join(", ")} (finns: ${v.codes.slice(0, 12).join(", ")}${v.codes.length > 12 ? ", …" : ""}).`, "svar");
      }
      values = rule.koder;
    } else if ("monster" in rule) values = v.codes.filter((c) => rule.monster.test(c));
    else values = v.codes.filter((c) => c >= rule.tidFran && (after === undefined || c.slice(0, after.length) > after));
    if (values.length === 0 && !("tidFran" in (rule ?? {}))) {
      const what = rule && "monster" in rule ? rule.beskrivning : v.code;
      throw new FetchError(`SCB-tabellen ${spec.id} har inga värden för ${v.code} som passar (${what}).`, "svar");
    }
    selection.push({ variableCode: v.code, valueCodes: values });
  }
  return selection;
}

export const cellCount = (selection: Selection[]) => selection.reduce((n, s) => n * s.valueCodes.length, 1);

/**
 * Splits a selection into parts of at most `maxCells` cells: the variable with the most values is cut into
 * chunks; when even one of its values is too many cells, each value is split further on the next variable.
 */
export function splitSelection(selection: Selection[], maxCells: number): Selection[][] {
  const cells = cellCount(selection);
  if (cells <= maxCells) return [selection];
  let widest = 0;
  selection.forEach((s, i) => {
    if (s.valueCodes.length > selection[widest].valueCodes.length) widest = i;
  });
  const values = selection[widest].valueCodes;
  if (values.length <= 1) return [selection]; // cannot be split further (maxCells < 1)
  const rest = cells / values.length;
  const chunk = Math.max(1, Math.floor(maxCells / rest));
  const parts: Selection[][] = [];
  for (let i = 0; i < values.length; i += chunk) {
    const part = selection.map((s, j) => (j === widest ? { ...s, valueCodes: values.slice(i, i + chunk) } : s));
    parts.push(...(chunk === 1 && rest > maxCells ? splitSelection(part, maxCells) : [part]));
  }
  return parts;
}

export interface ScbOptions {
  bas: string;
  tabeller: ScbTableSpec[];
  log: (line: string) => void;
}

interface ScbConfig {
  maxDataCells: number;
  maxCalls: number;
  windowMs: number;
  fromServer: boolean;
}

async function readConfig(http: HttpClient, bas: string, limiter: RateLimiter): Promise<ScbConfig> {
  const defaults = { maxDataCells: SCB_DEFAULT_LIMITS.maxDataCells, maxCalls: SCB_DEFAULT_LIMITS.maxCalls, windowMs: SCB_DEFAULT_LIMITS.windowMs, fromServer: false };
  let json: unknown;
  try {
    json = (await http.json({ method: "GET", url: `${bas}/config`, limiter })).json;
  } catch (err) {
    // No /config (an older server or a proxy): SCB's published limits apply. No network at all: stop here.
    if (err instanceof FetchError && err.kind !== "natverk") return defaults;
    throw err;
  }
  const c = json as { maxDataCells?: unknown; maxCallsPerTimeWindow?: unknown; timeWindow?: unknown };
  const positive = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && v > 0 ? v : undefined);
  return {
    maxDataCells: positive(c?.maxDataCells) ?? defaults.maxDataCells,
    maxCalls: positive(c?.maxCallsPerTimeWindow) ?? defaults.maxCalls,
    // timeWindow is in seconds
    windowMs: positive(c?.timeWindow) !== undefined ? (c.timeWindow as number) * 1000 : defaults.windowMs,
    fromServer: true,
  };
}

/** Downloads the configured tables into the folder; returns the number of files written. */
export async function fetchScb(http: HttpClient, folder: DownloadFolder, o: ScbOptions): Promise<number> {
  const bas = o.bas.replace(/\/+$/, "");
  // Until /config has answered, the published budget applies to the /config call itself.
  const limiter = new RateLimiter(SCB_DEFAULT_LIMITS.maxCalls, SCB_DEFAULT_LIMITS.windowMs);
  o.log(`SCB: GET ${bas}/config (gränser för frågor)`);
  const config = await readConfig(http, bas, limiter);
  const budget = new RateLimiter(config.maxCalls, config.windowMs);
  await budget.take(); // the /config call counts
  o.log(
    `SCB: högst ${formatNumber(config.maxDataCells)} celler per fråga och ${config.maxCalls} anrop per ${formatNumber(config.windowMs / 1000)} s` +
      `${config.fromServer ? "" : " (SCB:s publicerade gränser; /config svarade inte)"}`,
  );
  const lastTime = new Map<string, string>();
  let files = 0;
  for (const spec of o.tabeller) {
    const metaUrl = `${bas}/tables/${encodeURIComponent(spec.id)}/metadata?lang=sv`;
    o.log(`SCB ${spec.id} (${spec.beskrivning}): GET ${metaUrl}`);
    const variables = parseMetadata((await http.json({ method: "GET", url: metaUrl, limiter: budget })).json, spec.id);
    const after = spec.fortsatterTabell ? lastTime.get(spec.fortsatterTabell) : undefined;
    const selection = buildSelection(spec, variables, after);
    const tid = selection.find((s) => /^tid$/i.test(s.variableCode));
    if (tid && tid.valueCodes.length === 0) {
      o.log(`SCB ${spec.id}: inga ${after ? `tidpunkter efter ${after}` : "tidpunkter i det valda intervallet"} ännu; hoppar över tabellen.`);
      continue;
    }
    if (tid) lastTime.set(spec.id, tid.valueCodes[tid.valueCodes.length - 1]);
    const parts = splitSelection(selection, config.maxDataCells);
    const total = cellCount(selection);
    o.log(`SCB ${spec.id}: ${selection.map((s) => `${s.variableCode} ${s.valueCodes.length}`).join(" × ")} = ${formatNumber(total)} celler i ${parts.length} ${parts.length === 1 ? "fråga" : "frågor"}`);
    const width = Math.max(2, String(parts.length).length);
    for (const [i, part] of parts.entries()) {
      const url = `${bas}/tables/${encodeURIComponent(spec.id)}/data?lang=sv&outputFormat=json-stat2`;
      const body = selectionBody(part);
      // Which slice this is: the variables that were cut, e.g. "Region 0114–0381 (41 av 290)".
      const cut = part
        .map((s, j) => ({ s, all: selection[j].valueCodes.length }))
        .filter(({ s, all }) => s.valueCodes.length < all)
        .map(({ s, all }) => `${s.variableCode} ${s.valueCodes[0]}${s.valueCodes.length > 1 ? `–${s.valueCodes[s.valueCodes.length - 1]}` : ""} (${s.valueCodes.length} av ${all})`);
      o.log(`SCB ${spec.id} del ${i + 1} av ${parts.length}: POST ${url} (${formatNumber(cellCount(part))} celler${cut.length ? `; ${cut.join(", ")}` : ""})`);
      const { json, response } = await http.json({ method: "POST", url, body, limiter: budget });
      const doc = json as { class?: unknown; value?: unknown; size?: unknown };
      const expected = cellCount(part);
      if (doc?.class !== "dataset" || !Array.isArray(doc.value) || doc.value.length !== expected) {
        throw new FetchError(
          `SCB svarade på ${spec.id} del ${i + 1} med något annat än json-stat2 med ${formatNumber(expected)} värden (fann ${Array.isArray(doc?.value) ? `${doc.value.length} värden` : "inget dataset"}).`,
          "svar",
        );
      }
      folder.write(`${spec.fil}_${String(i + 1).padStart(width, "0")}.json`, response.bytes, { metod: "POST", url, fraga: body });
      files++;
    }
  }
  return files;
}
