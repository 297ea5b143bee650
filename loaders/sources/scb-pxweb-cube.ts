// SCB PxWeb output, whatever its format, as one "cube": the table's dimensions (with their values, codes and texts)
// and its cells, each cell knowing its coordinates and where in the file it was written (CSV line and column, or JSON
// path). Formats (FORMATS.md §1): json-stat2 (API v2, API v1 "json-stat2"), json-stat 1 (API v1 "json-stat"),
// API v1 "json" ({columns, data:[{key, values}]}), and PxWeb CSV — "long" (csv2/csv3, one value column) and "wide"
// (one column per heading combination, "Folkmängd 2024"), with or without the title line ("med rubrik").
import { parse as parseCsv } from "csv-parse/sync";
import { type ErrorLocation, IngestError, quoteFound } from "../errors.ts";
import { decodeText, isMissingSymbol, parseNumber, sniffSeparator } from "./common.ts";

export type Loc = Omit<ErrorLocation, "file">;

/** What a dimension means to us, from its code or text (and its values, for ålder vs åldersgrupp). */
export type Role = "region" | "alder" | "aldersgrupp" | "kon" | "civilstand" | "contents" | "tid" | "other";

export interface DimValue {
  code: string;
  text: string;
}

export interface Dim {
  code: string;
  text: string;
  role: Role;
  /** Distinct values in the table's order. */
  values: DimValue[];
  /** Where the dimension is described (CSV column header, JSON path), for messages about the whole dimension. */
  at: Loc;
}

export interface Cell {
  /** One value per dimension, in the cube's dimension order. */
  coords: DimValue[];
  /** Where each coordinate was written (CSV column of the row; JSON key or dimension path). */
  coordAt: Loc[];
  /** The value as written: a JSON number, a string, or null (json-stat2 missing). */
  raw: string | number | null;
  /** json-stat status symbol for the cell, if any. */
  status?: string;
  /** Where the value was written. */
  at: Loc;
}

/** Whether value `v` of dimension number `k` is used; values left out are skipped. */
export type Keep = (k: number, v: DimValue) => boolean;

/** Per dimension, the values kept (all when no filter is given). */
function keptValues(dims: Dim[], keep: Keep | undefined): Set<DimValue>[] {
  return dims.map((d, k) => new Set(keep ? d.values.filter((v) => keep(k, v)) : d.values));
}

export interface Cube {
  /** Short Swedish name of the format, for messages. */
  format: string;
  tableId?: string;
  title?: string;
  dims: Dim[];
  /** Number of cells (for counting). */
  size: number;
  /**
   * The cells, in the file's order. `keep` may leave out values the reader does not use (other contents, totals),
   * so a large table is not materialised cell by cell for nothing; a skipped cell is never checked.
   */
  cells(keep?: Keep): Iterable<Cell>;
  /** True for JSON formats: messages about a cell then name its dimension codes. */
  json: boolean;
}

const norm = (s: string) => s.normalize("NFC").toLowerCase().replace(/\s+/g, " ").trim();

const ROLE_NAMES: Record<Exclude<Role, "other">, string[]> = {
  region: ["region"],
  alder: ["alder", "ålder"],
  aldersgrupp: ["aldersgrupp", "åldersgrupp", "åldersgrupper"],
  kon: ["kon", "kön"],
  civilstand: ["civilstand", "civilstånd"],
  contents: ["contentscode", "tabellinnehåll", "contents"],
  tid: ["tid", "år", "månad", "år och månad", "period"],
};

/** The role a dimension name (code or text) stands for, "other" when unknown. */
export function roleOfName(...names: (string | undefined)[]): Role {
  for (const name of names) {
    if (name === undefined) continue;
    const n = norm(name);
    for (const [role, list] of Object.entries(ROLE_NAMES)) if (list.includes(n)) return role as Role;
  }
  return "other";
}

/** An age-group value such as "20-64" or "20-64 år" (a range, not a single year). */
export const AGE_RANGE = /^\d+\s*[-–]\s*\d+(\s*år)?$/;

/** Ålder whose values are ranges is an åldersgrupp (HE0000T02N2 may name it either way). */
function refineRole(dim: Dim): Role {
  if (dim.role === "alder" && dim.values.some((v) => AGE_RANGE.test(norm(v.code)) || AGE_RANGE.test(norm(v.text)))) return "aldersgrupp";
  return dim.role;
}

/** A PxWeb time code: year, month (2014M01), quarter (2014K1) or half-year. */
const TIME_CODE = /^\d{4}(M(0[1-9]|1[0-2])|K[1-4]|H[12])?$/;

// ---------------------------------------------------------------------------------------------------------------
// json-stat2 and json-stat 1

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** The dataset of a json-stat response: json-stat2 itself, json-stat 1's {"dataset": …}, or a saved {response: …}. */
function findJsonStat(doc: Json): { ds: Json; prefix: string; version: 1 | 2 } | null {
  const isStat2 = (o: unknown): boolean => isObject(o) && o.class === "dataset" && Array.isArray(o.id) && isObject(o.dimension);
  const isStat1 = (o: unknown): boolean => isObject(o) && isObject(o.dimension) && Array.isArray((o.dimension as Json).id);
  if (isStat2(doc)) return { ds: doc, prefix: "", version: 2 };
  // Some clients store SCB's answer inside their own record: {kind, table, url, selection, response: <json-stat2>}.
  if (isStat2(doc.response)) return { ds: doc.response as Json, prefix: "response.", version: 2 };
  if (isStat1(doc.dataset)) return { ds: doc.dataset as Json, prefix: "dataset.", version: 1 };
  return null;
}

function categoryValues(dimJson: Json, size: number | undefined): { values: DimValue[] } | { problem: string } {
  const cat = isObject(dimJson.category) ? dimJson.category : {};
  const labels = isObject(cat.label) ? (cat.label as Record<string, unknown>) : {};
  let codes: string[];
  if (Array.isArray(cat.index)) codes = cat.index.map(String);
  else if (isObject(cat.index)) {
    // Order by the index numbers, never by the JSON key order (SCB's Region index lists 1xxx before 0xxx codes).
    const entries = Object.entries(cat.index as Record<string, unknown>);
    codes = new Array(entries.length);
    for (const [code, i] of entries) {
      if (typeof i !== "number" || !Number.isInteger(i) || i < 0 || i >= entries.length || codes[i] !== undefined) {
        return { problem: `category.index har ett ogiltigt läge för "${code}"` };
      }
      codes[i] = code;
    }
  } else codes = Object.keys(labels);
  if (size !== undefined && codes.length !== size) return { problem: `${codes.length} värden i category men size anger ${size}` };
  return { values: codes.map((code) => ({ code, text: typeof labels[code] === "string" ? (labels[code] as string) : code })) };
}

function jsonStatCube(found: { ds: Json; prefix: string; version: 1 | 2 }, file: string): Cube {
  const { ds, prefix, version } = found;
  const dimension = ds.dimension as Json;
  const ids = (version === 2 ? ds.id : dimension.id) as unknown[];
  const sizes = (version === 2 ? ds.size : dimension.size) as unknown;
  const roleJson = (version === 2 ? ds.role : dimension.role) as Json | undefined;
  const where = (p: string): Loc => ({ path: `${prefix}${p}` });
  const bad = (p: string, found: string, expected: string) => new IngestError({ file, ...where(p) }, found, expected);
  if (!Array.isArray(sizes) || sizes.length !== ids.length || !sizes.every((s) => Number.isInteger(s) && s >= 0)) {
    throw bad("size", quoteFound(JSON.stringify(sizes)), `en lista med ett heltal per dimension i id (${ids.length} st)`);
  }
  const timeIds = new Set(Array.isArray(roleJson?.time) ? (roleJson.time as string[]) : []);
  const metricIds = new Set(Array.isArray(roleJson?.metric) ? (roleJson.metric as string[]) : []);
  const dims: Dim[] = ids.map((idRaw, k) => {
    const id = String(idRaw);
    const dj = dimension[id];
    const dimPath = `dimension.${id}`;
    if (!isObject(dj)) throw bad(dimPath, "inget värde", `en beskrivning av dimensionen ${id} (den finns i id)`);
    const cv = categoryValues(dj, sizes[k] as number);
    if ("problem" in cv) throw bad(`${dimPath}.category`, cv.problem, "en kategori per värde, i samma antal som size");
    const text = typeof dj.label === "string" ? dj.label : id;
    let role = roleOfName(id, text);
    if (role === "other" && timeIds.has(id)) role = "tid";
    if (role === "other" && metricIds.has(id)) role = "contents";
    const dim: Dim = { code: id, text, role, values: cv.values, at: where(`${dimPath}.category`) };
    dim.role = refineRole(dim);
    return dim;
  });
  const n = (sizes as number[]).reduce((a, b) => a * b, 1);
  const value = ds.value;
  if (Array.isArray(value)) {
    if (value.length !== n) throw bad("value", `${value.length} värden`, `${n} värden (produkten av size)`);
  } else if (!isObject(value)) {
    throw bad("value", quoteFound(typeof value), "en lista med värden (eller ett objekt med läge → värde)");
  }
  const status = ds.status;
  const statusOf = (i: number): string | undefined => {
    if (typeof status === "string") return status;
    if (Array.isArray(status)) return typeof status[i] === "string" ? status[i] : undefined;
    if (isObject(status)) return typeof status[String(i)] === "string" ? (status[String(i)] as string) : undefined;
    return undefined;
  };
  const ext = isObject(ds.extension) && isObject((ds.extension as Json).px) ? ((ds.extension as Json).px as Json) : {};
  const tableId = typeof ext.tableid === "string" ? ext.tableid : typeof ext.matrix === "string" ? ext.matrix : undefined;
  const coordAts = dims.map((d) => d.values.map((v) => where(`dimension.${d.code}.category.index["${v.code}"]`)));
  return {
    format: version === 2 ? "json-stat2" : "json-stat",
    tableId,
    title: typeof ds.label === "string" ? ds.label : undefined,
    dims,
    size: n,
    json: true,
    *cells(keep?: Keep) {
      // Row-major over id: the last dimension changes fastest. Walk the kept values of each dimension like an odometer.
      const sets = keptValues(dims, keep);
      const kept = dims.map((d, k) => d.values.flatMap((v, j) => (sets[k].has(v) ? [j] : [])));
      if (kept.some((list) => list.length === 0)) return;
      const strides = dims.map((_, k) => dims.slice(k + 1).reduce((a, d) => a * d.values.length, 1));
      const pos = new Array<number>(dims.length).fill(0);
      const idx = kept.map((list) => list[0]);
      for (;;) {
        let i = 0;
        for (let k = 0; k < dims.length; k++) i += idx[k] * strides[k];
        const v = Array.isArray(value) ? value[i] : (value as Json)[String(i)];
        const raw = typeof v === "number" || typeof v === "string" ? v : v === null || v === undefined ? null : JSON.stringify(v);
        yield {
          coords: idx.map((j, k) => dims[k].values[j]),
          coordAt: idx.map((j, k) => coordAts[k][j]),
          raw,
          status: statusOf(i),
          at: where(`value[${i}]`),
        };
        let k = dims.length - 1;
        while (k >= 0 && pos[k] === kept[k].length - 1) {
          pos[k] = 0;
          idx[k] = kept[k][0];
          k--;
        }
        if (k < 0) return;
        pos[k]++;
        idx[k] = kept[k][pos[k]];
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// API v1 "json": {columns:[{code,text,type}], data:[{key:[…], values:[…]}]}

function isV1Json(doc: Json): boolean {
  return (
    Array.isArray(doc.columns) &&
    doc.columns.length > 0 &&
    Array.isArray(doc.data) &&
    doc.columns.every((c) => isObject(c) && typeof c.code === "string" && typeof c.text === "string" && ["d", "t", "c"].includes(c.type as string))
  );
}

function v1JsonCube(doc: Json, file: string): Cube {
  const columns = doc.columns as Json[];
  const data = doc.data as unknown[];
  const keyCols = columns.filter((c) => c.type !== "c");
  const contentCols = columns.filter((c) => c.type === "c");
  const bad = (p: string, found: string, expected: string) => new IngestError({ file, path: p }, found, expected);
  if (contentCols.length === 0) throw bad("columns", "inga kolumner med type \"c\"", "minst en innehållskolumn (type \"c\", t.ex. BE0101N1 Folkmängd)");
  const dims: Dim[] = keyCols.map((c, k) => ({
    code: c.code as string,
    text: typeof c.text === "string" ? c.text : (c.code as string),
    role: c.type === "t" ? "tid" : roleOfName(c.code as string, c.text as string),
    values: [],
    at: { path: `columns[${columns.indexOf(c)}]` },
  }));
  const seen = dims.map(() => new Map<string, DimValue>());
  data.forEach((row, i) => {
    if (!isObject(row) || !Array.isArray(row.key) || !Array.isArray(row.values)) {
      throw bad(`data[${i}]`, quoteFound(JSON.stringify(row)), "ett objekt {key: [...], values: [...]}");
    }
    if (row.key.length !== keyCols.length) {
      throw bad(`data[${i}].key`, `${row.key.length} koder`, `${keyCols.length} koder, en per kolumn ${keyCols.map((c) => c.code).join(", ")}`);
    }
    if (row.values.length !== contentCols.length) {
      throw bad(`data[${i}].values`, `${row.values.length} värden`, `${contentCols.length} värden, ett per innehåll ${contentCols.map((c) => c.code).join(", ")}`);
    }
    row.key.forEach((code, k) => {
      const c = String(code);
      if (!seen[k].has(c)) {
        const v = { code: c, text: c };
        seen[k].set(c, v);
        dims[k].values.push(v);
      }
    });
  });
  const contents: Dim = {
    code: "ContentsCode",
    text: "tabellinnehåll",
    role: "contents",
    values: contentCols.map((c) => ({ code: c.code as string, text: typeof c.text === "string" ? c.text : (c.code as string) })),
    at: { path: "columns" },
  };
  for (const d of dims) d.role = refineRole(d);
  const all = [...dims, contents];
  // ⚠️ Some v1 answers are said to carry metadata [{label, source, updated}]; use its label as the title when present.
  const meta = Array.isArray(doc.metadata) && isObject(doc.metadata[0]) ? (doc.metadata[0] as Json) : {};
  return {
    format: "json (PxWeb API v1)",
    title: typeof meta.label === "string" ? meta.label : undefined,
    dims: all,
    size: data.length * contentCols.length,
    json: true,
    *cells(keep?: Keep) {
      const sets = keptValues(all, keep);
      for (let i = 0; i < data.length; i++) {
        const row = data[i] as { key: unknown[]; values: unknown[] };
        const coords = row.key.map((code, k) => seen[k].get(String(code))!);
        if (coords.some((v, k) => !sets[k].has(v))) continue;
        const coordAt = row.key.map((_, k) => ({ path: `data[${i}].key[${k}]` }));
        for (let j = 0; j < contentCols.length; j++) {
          if (!sets[dims.length].has(contents.values[j])) continue;
          const v = row.values[j];
          yield {
            coords: [...coords, contents.values[j]],
            coordAt: [...coordAt, { path: `columns[${columns.indexOf(contentCols[j])}]` }],
            raw: typeof v === "number" || typeof v === "string" ? v : v === null || v === undefined ? null : JSON.stringify(v),
            at: { path: `data[${i}].values[${j}]` },
          };
        }
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// PxWeb CSV

/** A heading label of a wide CSV column: "Folkmängd 2024", "BE0101N1 2024", "2014M01", R's "X2019", or "Folkmängd". */
export function parseHeading(label: string): { contents: string; tid: string } {
  const t = label.trim();
  const r = /^X(\d{4}(?:M\d{2})?)$/.exec(t); // R's read.csv turns a column named 2019 into X2019
  if (r) return { contents: "", tid: r[1] };
  const parts = t.split(/\s+/);
  if (parts.length && TIME_CODE.test(parts[parts.length - 1])) return { contents: parts.slice(0, -1).join(" "), tid: parts[parts.length - 1] };
  if (parts.length > 1 && TIME_CODE.test(parts[0])) return { contents: parts.slice(1).join(" "), tid: parts[0] };
  return { contents: t, tid: "" };
}

/** A stub cell in code-and-text form ("0114 - Upplands Väsby") split into code and text. */
function stubValue(s: string): DimValue {
  const m = /^(\S+) - (.+)$/.exec(s);
  return m ? { code: m[1], text: m[2] } : { code: s, text: s };
}

interface CsvParsed {
  title?: string;
  header: string[];
  headerLine: number;
  rows: { fields: string[]; line: number }[];
}

/** The header and title of a CSV text, from its first lines only (for recognising a file whose body is broken). */
function csvHead(text: string): { title?: string; headerLine: string; headerLineNo: number; sep: "," | ";" | "\t" } | null {
  const lines = text.split(/\r\n|\n|\r/, 20);
  let i = 0;
  while (i < lines.length && lines[i].trim() === "") i++;
  if (i >= lines.length) return null;
  let title: string | undefined;
  // SCB's title line: one quoted field ("med rubrik"), followed by an empty line (web UI) or directly by the header (API v2).
  if (/^\s*"[^"]*(""[^"]*)*"\s*$/.test(lines[i])) {
    const next = lines.slice(i + 1).findIndex((l) => l.trim() !== "");
    if (next !== -1 && sniffSeparatorCount(lines[i + 1 + next]) > 0) {
      title = lines[i].trim().slice(1, -1).replace(/""/g, '"');
      i = i + 1 + next;
    }
  }
  return { title, headerLine: lines[i], headerLineNo: i + 1, sep: sniffSeparator(lines[i]) };
}

function sniffSeparatorCount(line: string): number {
  let quoted = false;
  let n = 0;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "," || ch === ";" || ch === "\t")) n++;
  }
  return n;
}

function parseCsvText(text: string, file: string, head: NonNullable<ReturnType<typeof csvHead>>): CsvParsed {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(text, { delimiter: head.sep, relax_column_count: true, skip_empty_lines: true, info: true }) as never;
  } catch (err) {
    const e = err as { code?: string; lines?: number; index?: number; message?: string };
    throw new IngestError(
      { file, line: e.lines, columnNumber: typeof e.index === "number" ? e.index + 1 : undefined },
      `en rad som inte går att tolka som CSV (${e.code ?? e.message})`,
      'korrekt citerade fält: ett fält som börjar med " slutar med " följt av avgränsare eller radslut',
    );
  }
  let k = 0;
  if (head.title !== undefined) k = 1;
  const header = (records[k]?.record ?? []).map((h) => h.trim());
  const headerLine = records[k]?.info.lines ?? head.headerLineNo;
  const rows = records.slice(k + 1).map((r) => ({ fields: r.record, line: r.info.lines }));
  return { title: head.title, header, headerLine, rows };
}

function csvCube(p: CsvParsed, file: string): Cube {
  const { header, rows } = p;
  for (const r of rows) {
    if (r.fields.length !== header.length) {
      throw new IngestError({ file, line: r.line }, `${r.fields.length} fält`, `${header.length} fält, lika många som rubrikraden (${header.join(", ")})`);
    }
  }
  // The stub: leading columns named like an SCB variable, or holding texts; the rest hold numbers, one per heading combination.
  const isValueCell = (s: string) => isMissingSymbol(s) || parseNumber(s) !== undefined;
  let nStub = 0;
  while (nStub < header.length - 1 && (roleOfName(header[nStub]) !== "other" || rows.some((r) => !isValueCell(r.fields[nStub])))) nStub++;
  const stubValues: Map<string, DimValue>[] = [];
  const stubDims: Dim[] = header.slice(0, nStub).map((h, c) => {
    const seen = new Map<string, DimValue>();
    for (const r of rows) {
      const s = r.fields[c].trim();
      if (!seen.has(s)) seen.set(s, stubValue(s));
    }
    stubValues.push(seen);
    return { code: h, text: h, role: roleOfName(h), values: [...seen.values()], at: { line: p.headerLine, column: h, columnNumber: c + 1 } };
  });
  for (const d of stubDims) d.role = refineRole(d);
  const valueCols = header.slice(nStub).map((h, j) => ({ h, col: nStub + j, ...parseHeading(h) }));
  const stubHas = (role: Role) => stubDims.some((d) => d.role === role);
  const virtual: { dim: Dim; of: (vc: (typeof valueCols)[number]) => string }[] = [];
  // Heading parts become dimensions of their own unless the stub already has that variable (long csv2/csv3 layout).
  if (!stubHas("tid") && valueCols.some((v) => v.tid)) {
    virtual.push({ dim: { code: "Tid", text: "tid", role: "tid", values: [], at: { line: p.headerLine } }, of: (v) => v.tid });
  }
  if (!stubHas("contents") && valueCols.some((v) => v.contents)) {
    virtual.push({ dim: { code: "ContentsCode", text: "tabellinnehåll", role: "contents", values: [], at: { line: p.headerLine } }, of: (v) => v.contents });
  }
  const virtualValues = valueCols.map((vc) =>
    virtual.map(({ dim, of }) => {
      const label = of(vc);
      let v = dim.values.find((x) => x.code === label);
      if (!v) dim.values.push((v = { code: label, text: label }));
      return v;
    }),
  );
  const dims = [...stubDims, ...virtual.map((v) => v.dim)];
  return {
    format: "CSV från SCB:s statistikdatabas",
    title: p.title,
    dims,
    size: rows.length * valueCols.length,
    json: false,
    *cells(keep?: Keep) {
      const sets = keptValues(dims, keep);
      const columnKept = virtualValues.map((vals) => vals.every((v, m) => sets[stubDims.length + m].has(v)));
      for (const r of rows) {
        const coords = stubDims.map((_, c) => stubValues[c].get(r.fields[c].trim())!);
        if (coords.some((v, c) => !sets[c].has(v))) continue;
        const coordAt: Loc[] = stubDims.map((d, c) => ({ line: r.line, column: d.code, columnNumber: c + 1 }));
        for (let j = 0; j < valueCols.length; j++) {
          if (!columnKept[j]) continue;
          const vc = valueCols[j];
          const at: Loc = { line: r.line, column: vc.h, columnNumber: vc.col + 1 };
          yield {
            coords: [...coords, ...virtualValues[j]],
            coordAt: [...coordAt, ...virtual.map(() => at)],
            raw: r.fields[vc.col],
            at,
          };
        }
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------

export type Parsed =
  | { kind: "cube"; cube: Cube }
  /** A PxWeb file whose body is broken: recognised, but reading it fails with this error. */
  | { kind: "broken"; error: IngestError; title?: string }
  | { kind: "not-pxweb"; reason: string };

/** Whether a CSV header looks like SCB's: a region column and another SCB variable or a time heading. */
function looksLikePxwebHeader(header: string[]): boolean {
  const roles = header.map((h) => roleOfName(h));
  return roles.includes("region") && (roles.some((r) => r !== "region" && r !== "other") || header.some((h) => parseHeading(h).tid !== ""));
}

/** Reads a file's bytes as PxWeb output of any supported format. */
export function parsePxweb(bytes: Buffer, name: string, file: string): Parsed {
  const { text } = decodeText(bytes);
  const first = text.trimStart()[0];
  if (/\.json$/i.test(name) || first === "{") {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      return { kind: "not-pxweb", reason: "filen är inte giltig JSON" };
    }
    if (!isObject(doc)) return { kind: "not-pxweb", reason: "JSON-filen är inte ett svar från SCB:s PxWeb-API (json-stat2, json-stat eller json)" };
    const js = findJsonStat(doc);
    try {
      if (js) return { kind: "cube", cube: jsonStatCube(js, file) };
      if (isV1Json(doc)) return { kind: "cube", cube: v1JsonCube(doc, file) };
    } catch (err) {
      if (err instanceof IngestError) return { kind: "broken", error: err, title: js && typeof js.ds.label === "string" ? js.ds.label : undefined };
      throw err;
    }
    return { kind: "not-pxweb", reason: "JSON-filen är inte ett svar från SCB:s PxWeb-API (json-stat2, json-stat eller json med columns och data)" };
  }
  if (!/\.(csv|txt|tsv)$/i.test(name)) return { kind: "not-pxweb", reason: "varken JSON eller CSV" };
  const head = csvHead(text);
  if (!head) return { kind: "not-pxweb", reason: "filen är tom" };
  const headerFields = head.headerLine.split(head.sep).map((h) => h.trim().replace(/^"|"$/g, ""));
  if (!looksLikePxwebHeader(headerFields)) {
    return { kind: "not-pxweb", reason: "rubrikraden har inte SCB:s kolumner (region och ålder, kön, tid eller tabellinnehåll)" };
  }
  try {
    return { kind: "cube", cube: csvCube(parseCsvText(text, file, head), file) };
  } catch (err) {
    if (err instanceof IngestError) return { kind: "broken", error: err, title: head.title };
    throw err;
  }
}

/** "Region=0114, Kon=1, Tid=2024": a cell's coordinates by code, for messages about JSON cells. */
export function describeCoords(cube: Cube, cell: Cell): string {
  return cube.dims.map((d, k) => `${d.code}=${cell.coords[k].code}`).join(", ");
}
