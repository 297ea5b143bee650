// A local stand-in for SCB PxWebApi v2, Kolada v3 and Försäkringskassan's open data on 127.0.0.1 (random port),
// replaying the recorded responses in test/fixtures/fetch/. SCB data calls are answered from real json-stat2
// recordings (byte for byte for the recorded selection, sliced for smaller ones) with SCB's own rules: 403 over
// maxDataCells, 400 for unknown codes. Every request is logged; faults (503, 429, hanging) can be queued per path.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { PROJECT_ROOT } from "../../loaders/config.ts";

export const FIXTURES = path.join(PROJECT_ROOT, "test", "fixtures", "fetch");

export interface LoggedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  /** Arrival, performance.now() in this process (the test runs the server and the client). */
  at: number;
}

export interface Fault {
  status: number;
  headers?: Record<string, string>;
  /** Accept the request and never answer. */
  hang?: boolean;
  /** Send the headers and part of the body, then drop the connection. */
  drop?: boolean;
}

export interface JsonStat {
  id: string[];
  size: number[];
  dimension: Record<string, { category: { index: Record<string, number>; label: Record<string, string>; [k: string]: unknown }; [k: string]: unknown }>;
  value: (number | null)[];
  status?: Record<string, string>;
  [k: string]: unknown;
}

export interface Dataset {
  doc: JsonStat;
  /** The recorded bytes, served unchanged for the recorded selection. */
  raw: Buffer;
}

function load(file: string): Buffer {
  return fs.readFileSync(path.join(FIXTURES, file));
}

export function recordings(): Record<string, Dataset> {
  const tab638 = load("rOpenGov_pxweb_TAB638_riket_ogifta_0ar_man_2024.json");
  const tab3200 = JSON.parse(load("atlas290_TAB3200_arbetsloshet_20_64_alla_kommuner_2020_2024.json").toString("utf8")).response as JsonStat;
  return {
    TAB638: { doc: JSON.parse(tab638.toString("utf8")), raw: tab638 },
    TAB3200: { doc: tab3200, raw: Buffer.from(JSON.stringify(tab3200)) },
  };
}

export interface DerivedDimension {
  code: string;
  label: string;
  /** code → label, in table order */
  values: [string, string][];
  elimination: boolean;
}

/**
 * A table shaped like a real recording (its top level, notes and per-dimension extensions kept) but with other
 * categories and computed values: for tables no recording covers (the default TAB638/TAB5557/TAB1386 selections).
 * `value(codes)` gets the cell's code per dimension, in `dims` order.
 */
export function derivedDataset(base: JsonStat, tableId: string, label: string, dims: DerivedDimension[], value: (codes: string[]) => number | null): Dataset {
  const dimension: JsonStat["dimension"] = {};
  for (const d of dims) {
    const recorded = base.dimension[d.code] as { extension?: Record<string, unknown>; [k: string]: unknown } | undefined;
    dimension[d.code] = {
      ...(recorded ?? {}),
      label: d.label,
      category: { index: Object.fromEntries(d.values.map(([c], i) => [c, i])), label: Object.fromEntries(d.values) },
      extension: { ...(recorded?.extension ?? {}), elimination: d.elimination },
    };
  }
  const values: (number | null)[] = [];
  const status: Record<string, string> = {};
  const walk = (k: number, codes: string[]) => {
    if (k === dims.length) {
      const v = value(codes);
      if (v === null) status[String(values.length)] = "..";
      values.push(v);
      return;
    }
    for (const [c] of dims[k].values) walk(k + 1, [...codes, c]);
  };
  walk(0, []);
  const ext = base.extension as { px?: Record<string, unknown> } | undefined;
  const doc: JsonStat = {
    ...base,
    label,
    id: dims.map((d) => d.code),
    size: dims.map((d) => d.values.length),
    role: { time: ["Tid"], metric: ["ContentsCode"] },
    dimension,
    extension: { ...(ext ?? {}), px: { ...(ext?.px ?? {}), tableid: tableId, matrix: tableId } },
    value: values,
  };
  delete doc.status;
  if (Object.keys(status).length) doc.status = status;
  return { doc, raw: Buffer.from(JSON.stringify(doc)) };
}

const codesOf = (doc: JsonStat, dim: string) =>
  Object.entries(doc.dimension[dim].category.index).sort((a, b) => a[1] - b[1]).map(([c]) => c);

/** The recording cut down to a selection, in json-stat2 row-major order; a string is an error for a 400. */
export function sliceDataset(doc: JsonStat, selection: { variableCode: string; valueCodes: string[] }[]): JsonStat | string {
  const chosen: string[][] = [];
  for (const [d, dim] of doc.id.entries()) {
    const all = codesOf(doc, dim);
    const sel = selection.find((s) => s.variableCode === dim);
    if (!sel) {
      if (all.length !== 1 && doc.dimension[dim].extension && (doc.dimension[dim].extension as { elimination?: boolean }).elimination !== true) {
        return `Variable ${dim} can not be eliminated`;
      }
      chosen[d] = all; // the recording holds just the total
      continue;
    }
    const unknown = sel.valueCodes.filter((c) => !all.includes(c));
    if (unknown.length) return `Non-existent value(s) ${unknown.join(",")} for variable ${dim}`;
    chosen[d] = sel.valueCodes;
  }
  const extra = selection.filter((s) => !doc.id.includes(s.variableCode));
  if (extra.length) return `Non-existent variable ${extra[0].variableCode}`;
  const strides = doc.size.map((_, d) => doc.size.slice(d + 1).reduce((a, b) => a * b, 1));
  const positions = chosen.map((codes, d) => codes.map((c) => doc.dimension[doc.id[d]].category.index[c]));
  const value: (number | null)[] = [];
  const status: Record<string, string> = {};
  const walk = (d: number, offset: number) => {
    if (d === doc.id.length) {
      if (doc.status?.[String(offset)] !== undefined) status[String(value.length)] = doc.status[String(offset)];
      value.push(doc.value[offset]);
      return;
    }
    for (const p of positions[d]) walk(d + 1, offset + p * strides[d]);
  };
  walk(0, 0);
  const dimension: JsonStat["dimension"] = {};
  for (const [d, dim] of doc.id.entries()) {
    const src = doc.dimension[dim];
    const label = Object.fromEntries(chosen[d].map((c) => [c, src.category.label[c]]));
    dimension[dim] = { ...src, category: { ...src.category, index: Object.fromEntries(chosen[d].map((c, i) => [c, i])), label } };
  }
  const out: JsonStat = { ...doc, size: chosen.map((c) => c.length), dimension, value };
  delete out.status;
  if (Object.keys(status).length) out.status = status;
  return out;
}

export interface ReplayOptions {
  /** SCB tables served besides (or instead of) the recordings, by table id. */
  scbDatasets?: Record<string, Dataset>;
  /** GET /api/v2/config body; null answers 404 (a server without /config). */
  scbConfig?: Record<string, unknown> | null;
  /** Kolada rows per page at most (the server's page size; the client asks for 5000). */
  koladaPageSize?: number;
}

export interface ReplayServer {
  url: string;
  port: number;
  requests: LoggedRequest[];
  /** Faults served before the normal answer, by "<METHOD> <path>" (path without query). */
  faults: Map<string, Fault[]>;
  options: ReplayOptions;
  close(): Promise<void>;
}

export const DEFAULT_SCB_CONFIG = { apiVersion: "2.0", maxDataCells: 100_000, maxCallsPerTimeWindow: 30, timeWindow: 10 };

function send(res: http.ServerResponse, status: number, body: Buffer | string, type = "application/json; charset=utf-8", headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": type, ...headers });
  res.end(body);
}

export async function startReplayServer(options: ReplayOptions = {}): Promise<ReplayServer> {
  const datasets = { ...recordings(), ...(options.scbDatasets ?? {}) };
  const koladaRows = JSON.parse(load("kolada_v3_rader.json").toString("utf8")) as { kpi: string; period: number }[];
  const koladaKpis = JSON.parse(load("kolada_v3_kpi.json").toString("utf8")) as { id: string }[];
  const requests: LoggedRequest[] = [];
  const faults = new Map<string, Fault[]>();
  const hanging = new Set<http.ServerResponse>();
  let base = "";

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", base);
      const raw = Buffer.concat(chunks).toString("utf8");
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = raw;
      }
      requests.push({ method: req.method ?? "", path: url.pathname, query: url.searchParams, body, at: performance.now() });
      const fault = faults.get(`${req.method} ${url.pathname}`)?.shift();
      if (fault?.hang) {
        hanging.add(res);
        return;
      }
      if (fault?.drop) {
        res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
        res.write('{"values": [');
        setTimeout(() => res.destroy(), 10);
        return;
      }
      if (fault) return send(res, fault.status, fault.status === 429 ? "Too Many Requests" : "Service Unavailable", "text/plain", fault.headers);
      route(req.method ?? "GET", url, body, res);
    });
  });

  function route(method: string, url: URL, body: unknown, res: http.ServerResponse): void {
    const p = url.pathname;
    let m: RegExpExecArray | null;
    // --- SCB PxWebApi v2
    if (p === "/api/v2/config" && method === "GET") {
      const config = options.scbConfig === undefined ? DEFAULT_SCB_CONFIG : options.scbConfig;
      return config === null ? send(res, 404, "Not Found", "text/plain") : send(res, 200, JSON.stringify(config));
    }
    if ((m = /^\/api\/v2\/tables\/([^/]+)\/metadata$/.exec(p)) && method === "GET") {
      const ds = datasets[m[1]];
      if (!ds) return send(res, 404, JSON.stringify({ type: "Not found", title: `No such table ${m[1]}` }));
      const { value: _v, status: _s, ...meta } = ds.doc;
      return send(res, 200, JSON.stringify(meta));
    }
    if ((m = /^\/api\/v2\/tables\/([^/]+)\/data$/.exec(p)) && method === "POST") {
      const ds = datasets[m[1]];
      if (!ds) return send(res, 404, JSON.stringify({ type: "Not found", title: `No such table ${m[1]}` }));
      if (url.searchParams.get("outputFormat") !== "json-stat2") return send(res, 400, JSON.stringify({ title: "outputFormat json-stat2 expected by this stand-in" }));
      const selection = (body as { selection?: { variableCode: string; valueCodes: string[] }[] })?.selection;
      if (!Array.isArray(selection)) return send(res, 400, JSON.stringify({ title: "Missing selection" }));
      const cells = selection.reduce((n, s) => n * s.valueCodes.length, 1);
      const max = ((options.scbConfig ?? DEFAULT_SCB_CONFIG) as { maxDataCells?: number }).maxDataCells ?? 100_000;
      if (cells > max) return send(res, 403, JSON.stringify({ title: `Too many cells selected (${cells} > ${max})` }));
      const recorded = ds.doc.id.every((dim) => {
        const sel = selection.find((s) => s.variableCode === dim);
        return sel ? JSON.stringify(sel.valueCodes) === JSON.stringify(codesOf(ds.doc, dim)) : codesOf(ds.doc, dim).length === 1;
      });
      if (recorded) return send(res, 200, ds.raw);
      const sliced = sliceDataset(ds.doc, selection);
      return typeof sliced === "string" ? send(res, 400, JSON.stringify({ title: sliced })) : send(res, 200, JSON.stringify(sliced));
    }
    // --- Kolada v3
    if ((m = /^\/v3\/kpi\/([^/]+)$/.exec(p)) && method === "GET") {
      const ids = m[1].split(",");
      if (ids.length > 25) return send(res, 400, JSON.stringify({ detail: "At most 25 ids" }));
      const values = koladaKpis.filter((k) => ids.includes(k.id));
      return send(res, 200, JSON.stringify({ count: values.length, values, next_url: null, previous_url: null }));
    }
    if ((m = /^\/v3\/data\/kpi\/([^/]+)\/year\/([^/]+)$/.exec(p)) && method === "GET") {
      const ids = m[1].split(",");
      const years = m[2].split(",").map(Number);
      if (ids.length > 25 || years.length > 25) return send(res, 400, JSON.stringify({ detail: "At most 25 items per segment" }));
      const rows = koladaRows.filter((r) => ids.includes(r.kpi) && years.includes(r.period));
      const page = Number(url.searchParams.get("page") ?? "1");
      const perPage = Math.min(Number(url.searchParams.get("per_page") ?? "5000"), options.koladaPageSize ?? 5000);
      const slice = rows.slice((page - 1) * perPage, page * perPage);
      const link = (n: number) => `${base}${p}?page=${n}&per_page=${perPage}`;
      return send(res, 200, JSON.stringify({
        count: rows.length,
        next_url: page * perPage < rows.length ? link(page + 1) : null,
        previous_url: page > 1 ? link(page - 1) : null,
        values: slice,
      }));
    }
    // --- Försäkringskassan open data
    if (p === "/fk/ohm-ohalsotal/SJPohttal.xlsx" && method === "GET") {
      return send(res, 200, load("fk_ohalsotal_2024_11_06.xlsx"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    }
    if (p === "/fk/sa-bestand-diagnos/SAbestandmanaddiagnoslan.json" && method === "GET") {
      return send(res, 200, load("fk_sa_bestand_diagnos.json"));
    }
    if (p === "/fk/sa-bestand-diagnos/meta.json" && method === "GET") {
      return send(res, 200, load("fk_sa_bestand_diagnos_meta.json"));
    }
    if (p === "/fk/tom/Tom.json" && method === "GET") return send(res, 200, "[]");
    if (p === "/fk/utan-meta/Tabell.json" && method === "GET") return send(res, 200, load("fk_sa_bestand_diagnos.json"));
    if (p === "/fk/html/Fel.xlsx" && method === "GET") return send(res, 200, "<!doctype html><title>Sidan finns inte</title>", "text/html");
    send(res, 404, "Not Found", "text/plain");
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    port,
    requests,
    faults,
    options,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
