// Kolada (RKA) API responses, v2 and v3 (FORMATS.md §2): {values:[{kpi, municipality, period, values:[{count,
// gender, status, value}]}], count, next_page | next_url}. One file per downloaded page; the KPI names come from a
// KPI metadata response (GET /v3/kpi/<ids>) saved in the same folder, when there is one.
import fs from "node:fs";
import path from "node:path";
import { type AcceptContext, acceptKontext } from "../canonical/accept.ts";
import { MappedRecord } from "../canonical/record.ts";
import { displayPath, IngestError, quoteFound } from "../errors.ts";
import { decodeText, parseNumber, resolveKon } from "./common.ts";
import type { Detection, SourceAdapter, SourceFile } from "./types.ts";

type Json = unknown;
type JsonObject = Record<string, Json>;

const isObject = (v: Json): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

/** Parsed JSON per file buffer, so detect() and read() parse a large response once. */
const parsedCache = new WeakMap<Buffer, { json: Json } | { error: string }>();

function parseJson(bytes: Buffer): { json: Json } | { error: string } {
  let hit = parsedCache.get(bytes);
  if (!hit) {
    try {
      hit = { json: JSON.parse(decodeText(bytes).text) as Json };
    } catch (err) {
      hit = { error: (err as Error).message };
    }
    parsedCache.set(bytes, hit);
  }
  return hit;
}

const PAGING_KEYS = ["count", "next_page", "next_url", "previous_page", "previous_url"];

export type KoladaKind = "data" | "kpi";

/** What a parsed JSON document is: a Kolada data page, a Kolada KPI metadata page, or neither (with a reason). */
export function koladaKind(json: Json): KoladaKind | { reason: string } {
  if (!isObject(json) || !Array.isArray(json.values)) return { reason: "inget JSON-objekt med en lista values" };
  const first = json.values[0];
  if (isObject(first)) {
    if ("kpi" in first && "municipality" in first) return "data";
    if ("id" in first && "title" in first && !("municipality" in first)) return "kpi";
    if ("values" in first || "period" in first) return "data"; // a broken data row: read() names what is wrong
    return { reason: "values[0] har varken kpi/municipality (data) eller id/title (nyckeltal)" };
  }
  if (json.values.length === 0 && PAGING_KEYS.some((k) => k in json)) return "data"; // an empty last page
  return { reason: "values är inte en lista av Kolada-rader" };
}

/** KPI id → title from the KPI metadata files (GET /kpi/<ids>) in a folder; cached per folder and content. */
const kpiNamesCache = new Map<string, Map<string, string>>();

function kpiNamesIn(folder: string): Map<string, string> {
  const files = fs.existsSync(folder) ? fs.readdirSync(folder).filter((n) => /\.json$/i.test(n)).sort() : [];
  const stamp = `${folder}|${files.map((f) => `${f}:${fs.statSync(path.join(folder, f)).mtimeMs}`).join(",")}`;
  const cached = kpiNamesCache.get(stamp);
  if (cached) return cached;
  const names = new Map<string, string>();
  for (const name of files) {
    const parsed = parseJson(fs.readFileSync(path.join(folder, name)));
    if (!("json" in parsed) || koladaKind(parsed.json) !== "kpi") continue;
    for (const k of (parsed.json as { values: Json[] }).values) {
      if (isObject(k) && typeof k.id === "string" && typeof k.title === "string") names.set(k.id, k.title);
    }
  }
  kpiNamesCache.set(stamp, names);
  return names;
}

const REGION_EXPECTED = "ett Kolada-id: en kommunkod med 4 siffror (t.ex. 1860), ett län som 00NN (t.ex. 0020), 0000 för riket eller en grupp G…";

function isDeleted(row: JsonObject): boolean {
  const flag = row.isdeleted ?? row.is_deleted;
  return flag === true || flag === 1 || flag === "1" || flag === "true";
}

export const kolada: SourceAdapter = {
  id: "kolada",
  namn: "Kolada API (v2/v3), JSON",
  detect(file: SourceFile): Detection {
    if (!/\.json$/i.test(file.name)) return { ok: false, reason: "inte en .json-fil" };
    const parsed = parseJson(file.bytes);
    if ("error" in parsed) return { ok: false, reason: `inte giltig JSON (${parsed.error})` };
    const kind = koladaKind(parsed.json);
    return typeof kind === "string" ? { ok: true } : { ok: false, reason: kind.reason };
  },
  async read(file: SourceFile, ctx: AcceptContext): Promise<number> {
    const parsed = parseJson(file.bytes);
    if ("error" in parsed) throw new IngestError({ file: file.path }, "ogiltig JSON", `ett Kolada-svar i JSON (${parsed.error})`);
    if (koladaKind(parsed.json) === "kpi") return 0; // names only, used by the data pages beside it
    const doc = parsed.json as { values: Json[] };
    const names = kpiNamesIn(path.dirname(file.path));
    const fail = (where: string, found: unknown, expected: string): never => {
      throw new IngestError({ file: file.path, path: where }, typeof found === "string" || found === null || found === undefined ? quoteFound(found) : quoteFound(JSON.stringify(found)), expected);
    };
    let read = 0;
    let groups = 0;
    let deleted = 0;
    const otherStatus = new Set<string>();
    doc.values.forEach((row, i) => {
      const at = `values[${i}]`;
      if (!isObject(row)) fail(at, row, "ett objekt {kpi, municipality, period, values}");
      const r = row as JsonObject;
      if (typeof r.kpi !== "string" || r.kpi.trim() === "") fail(`${at}.kpi`, r.kpi ?? null, "ett nyckeltals-id som text, t.ex. \"N31001\"");
      if (typeof r.municipality !== "string") fail(`${at}.municipality`, r.municipality ?? null, REGION_EXPECTED);
      const municipality = (r.municipality as string).trim();
      const period = typeof r.period === "number" ? String(r.period) : typeof r.period === "string" ? r.period.trim() : undefined;
      if (period === undefined || !/^\d{4}$/.test(period)) fail(`${at}.period`, r.period ?? null, "ett år, t.ex. \"2023\" eller 2023");
      if (!Array.isArray(r.values)) fail(`${at}.values`, r.values ?? null, "en lista av värden [{gender, status, value}]");
      const entries = r.values as Json[];
      if (isDeleted(r)) {
        deleted += entries.length;
        read += entries.length;
        return;
      }
      if (/^G/i.test(municipality)) {
        groups += entries.length;
        read += entries.length;
        return;
      }
      let regionkod: string;
      if (/^00\d{2}$/.test(municipality)) {
        const lan = municipality.slice(2);
        if (lan !== "00" && !ctx.ref.lan.some((l) => l.lanskod === lan)) fail(`${at}.municipality`, municipality, REGION_EXPECTED);
        regionkod = lan;
      } else if (/^\d{4}$/.test(municipality)) {
        regionkod = municipality; // acceptKontext checks it against the kommun list and applies recodes
      } else {
        return fail(`${at}.municipality`, municipality, REGION_EXPECTED);
      }
      entries.forEach((entry, j) => {
        const v = `${at}.values[${j}]`;
        read++;
        if (!isObject(entry)) fail(v, entry, "ett objekt {count, gender, status, value}");
        const e = entry as JsonObject;
        if (isDeleted(e)) {
          deleted++;
          return;
        }
        // Kolada writes T, K or M (FORMATS.md §2); resolveKon alone would also take SCB's 1/2 or "män".
        const kon = typeof e.gender === "string" && /^[TKM]$/i.test(e.gender.trim()) ? resolveKon(e.gender) : null;
        if (!kon) fail(`${v}.gender`, e.gender ?? null, "T, K eller M (totalt, kvinnor, män)");
        const value = e.value;
        let varde = "";
        let status = "";
        if (value === null || value === undefined) {
          status = "saknas";
        } else {
          const n = typeof value === "number" || typeof value === "string" ? parseNumber(value) : undefined;
          if (n === undefined) fail(`${v}.value`, value, "ett tal (punkt som decimaltecken) eller null");
          if (n === null) status = "saknas";
          else varde = n as string;
        }
        const koladaStatus = typeof e.status === "string" ? e.status.trim() : "";
        if (koladaStatus && status === "") {
          if (/^prel/i.test(koladaStatus)) status = "preliminar";
          else otherStatus.add(koladaStatus);
        }
        const kpi = (r.kpi as string).trim();
        const rec = new MappedRecord(
          file.path,
          { kpi, kpi_namn: names.get(kpi) ?? "", regionkod, ar: period as string, kon: kon as string, varde, status },
          {
            kpi: { path: `${at}.kpi` },
            regionkod: { path: `${at}.municipality` },
            ar: { path: `${at}.period` },
            kon: { path: `${v}.gender` },
            varde: { path: `${v}.value` },
            status: { path: `${v}.status` },
          },
          { path: v },
        );
        acceptKontext(rec, ctx);
      });
    });
    const shown = displayPath(file.path);
    if (groups) {
      ctx.data.notes.add(`${shown}: ${groups} värden för Kolada-kommungrupper (id G…) hoppades över; de är ovägda medelvärden av medlemskommunerna, inte värden för ett område.`);
    }
    if (deleted) ctx.data.notes.add(`${shown}: ${deleted} värden som Kolada markerat som borttagna (isdeleted) hoppades över.`);
    if (otherStatus.size) {
      ctx.data.notes.add(`${shown}: Kolada-status ${[...otherStatus].map((s) => `"${s}"`).join(", ")} förekommer; värdena lästes in som rapporterade.`);
    }
    return read;
  },
};
