// SCB PxWeb output (API v2 and v1, and the Statistikdatabasen downloads), recognised by content. Two tables are used
// (FORMATS.md §1.4–1.5): folkmängd per kommun, ålder, kön and year (BE0101N1/BefolkningNy = TAB638, and TAB5557 from
// 2025; civilstånd is summed) and helårsekvivalenter per kommun, kön and month (HE0000T02N2 = TAB1386; åldersgrupp
// 20–64, contents chosen by their texts since SCB's content codes are not known). Any other PxWeb table is refused
// with its id and title, so the user sees why it was not read.
import { type AcceptContext, acceptBefolkning, acceptHelarsekvivalent, type Status } from "../canonical/accept.ts";
import { MappedRecord } from "../canonical/record.ts";
import type { ErsattningId } from "../config.ts";
import { IngestError, quoteFound } from "../errors.ts";
import { monthFromScbCode, parseNumber, resolveKon, resolveRegion } from "./common.ts";
import { type Cell, type Cube, type Dim, type DimValue, describeCoords, type Loc, parsePxweb, type Parsed, type Role } from "./scb-pxweb-cube.ts";
import type { SourceAdapter, SourceFile } from "./types.ts";

const norm = (s: string) => s.normalize("NFC").toLowerCase().replace(/\s+/g, " ").trim();

/** HE0000T02N2's contents by text (SCB writes "aktivitetsersersättning", sic); null = a content we do not read. */
const HE_CONTENTS = new Map<string, ErsattningId | null>([
  ["sjukpenning", "sjukpenning"],
  ["sjukpenning och rehabiliteringspenning", "sjukpenning"],
  ["sjuk- och aktivitetsersersättning", "sjuk_och_aktivitetsersattning"],
  ["sjuk- och aktivitetsersättning", "sjuk_och_aktivitetsersattning"],
  ["arbetslöshetsersättning", "arbetsloshetsersattning"],
  ["arbetsmarknadsåtgärder", "aktivitetsstod"],
  ["ekonomiskt bistånd", "ekonomiskt_bistand"],
  ["etableringsersättning", "etableringsersattning"],
  ["summa helårsekvivalenter", null],
  ["folkmängd", null],
  ["andel av befolkningen", null],
]);
const HE_TABLES = new Set(["tab1386", "he0000t02n2"]);
const POPULATION_TABLES = new Set(["tab638", "tab5557", "befolkningny", "befolkningckm", "be0101n1"]);
/** Contents codes and texts of folkmängd (BE0101N1 in TAB638, 000007ME in TAB5557). */
const isFolkmangd = (v: DimValue) => ["be0101n1", "000007me"].includes(norm(v.code)) || /^folkmängd(en)?\b/.test(norm(v.text)) || /^folkmängd(en)?\b/.test(norm(v.code));
const heContent = (v: DimValue): ErsattningId | null | undefined => {
  const t = norm(v.text).replace(/[.:]$/, "");
  return HE_CONTENTS.has(t) ? HE_CONTENTS.get(t) : HE_CONTENTS.get(norm(v.code));
};

const WANTED =
  "folkmängd per kommun, ålder, kön och år (SCB BE0101N1/TAB638 eller TAB5557) eller helårsekvivalenter per kommun, kön och månad (SCB HE0000T02N2/TAB1386)";

type Kind = { kind: "befolkning" } | { kind: "hek" } | { kind: "other"; reason: string };

function dimOf(cube: Cube, role: Role): { dim: Dim; k: number } | undefined {
  const k = cube.dims.findIndex((d) => d.role === role);
  return k === -1 ? undefined : { dim: cube.dims[k], k };
}

function describeTable(cube: { tableId?: string; title?: string }): string {
  if (cube.tableId && cube.title) return `SCB-tabell ${cube.tableId} (${cube.title})`;
  if (cube.tableId) return `SCB-tabell ${cube.tableId}`;
  if (cube.title) return `SCB-tabellen "${cube.title}"`;
  return "SCB-tabellen";
}

/** Which of our tables a cube is, by its id or title and its dimensions. */
function classify(cube: Cube): Kind {
  const id = norm(cube.tableId ?? "");
  const title = norm(cube.title ?? "");
  const contents = dimOf(cube, "contents")?.dim;
  const has = (role: Role) => cube.dims.some((d) => d.role === role);
  const heTexts = contents?.values.some((v) => heContent(v)) ?? false;
  if (HE_TABLES.has(id) || /helårsekvivalenter/.test(title) || (heTexts && has("region") && has("kon"))) return { kind: "hek" };
  const others = cube.dims.filter((d) => d.role === "other");
  // Folkmängd by its contents; a file without contents (a CSV with only years as headings) by its title, if it has one.
  const folk = contents ? contents.values.some(isFolkmangd) : !cube.title || /^(folkmängd|befolkning)/.test(title);
  if (POPULATION_TABLES.has(id) || (has("region") && has("alder") && has("kon") && others.length === 0 && folk)) {
    return { kind: "befolkning" };
  }
  const what = [
    contents ? `innehållet ${contents.values.map((v) => v.text).slice(0, 4).join(", ")}` : "",
    `variablerna ${cube.dims.filter((d) => d.role !== "contents").map((d) => d.text).join(", ")}`,
  ].filter(Boolean);
  let reason = `${describeTable(cube)} används inte av försörjningsmåttet (${what.join("; ")}); förväntade ${WANTED}`;
  const monthly = dimOf(cube, "tid")?.dim.values.every((v) => monthFromScbCode(v.code) !== null) ?? false;
  if (has("aldersgrupp") && monthly && contents && !heTexts) {
    reason += ". Är det HE0000T02N2 med innehållet som koder: hämta tabellen med texter (UseTexts), eftersom innehållet väljs efter sin text";
  }
  return { kind: "other", reason };
}

type Analysis = { ok: true; cube: Cube; kind: "befolkning" | "hek" } | { ok: true; broken: IngestError } | { ok: false; reason: string };
const cache = new WeakMap<Buffer, Analysis>();

function analyse(file: SourceFile): Analysis {
  const cached = cache.get(file.bytes);
  if (cached) return cached;
  const parsed: Parsed = parsePxweb(file.bytes, file.name, file.path);
  let a: Analysis;
  if (parsed.kind === "not-pxweb") a = { ok: false, reason: parsed.reason };
  else if (parsed.kind === "broken") a = { ok: true, broken: parsed.error };
  else {
    const c = classify(parsed.cube);
    a = c.kind === "other" ? { ok: false, reason: c.reason } : { ok: true, cube: parsed.cube, kind: c.kind };
  }
  cache.set(file.bytes, a);
  return a;
}

// ---------------------------------------------------------------------------------------------------------------
// Shared cell helpers

class CellReader {
  private regionCache = new Map<DimValue, string | null>();
  constructor(
    readonly cube: Cube,
    readonly file: string,
    readonly ctx: AcceptContext,
  ) {}

  /** Where a cell or one of its coordinates is, as a full location. */
  loc(at: Loc) {
    return { file: this.file, ...at };
  }

  /** "fann <found>" for a cell: its value, and for JSON cells the dimension codes (there is no line to look at). */
  found(cell: Cell, text: string): string {
    return this.cube.json ? `${text} (${describeCoords(this.cube, cell)})` : text;
  }

  /** A region value as a kommunkod, "" for riket and län (not kommun rows), or undefined when it can't be mapped. */
  resolve(v: DimValue): string | undefined {
    if (this.regionCache.has(v)) return this.regionCache.get(v) ?? undefined;
    const r = resolveRegion(v.code, this.ctx.ref) ?? (v.text !== v.code ? resolveRegion(v.text, this.ctx.ref) : null) ?? this.kommunByExactName(v.text);
    // An old code (Heby 1917 → 0331) goes to the shared validation as written, which recodes it and tells the user.
    const kod = !r ? null : r.regiontyp !== "kommun" ? "" : this.ctx.ref.omkodning.has(v.code.trim()) ? v.code.trim() : r.kod;
    this.regionCache.set(v, kod);
    return kod ?? undefined;
  }

  /** The kommunkod of a cell's region, or null for riket and län rows; refuses a region that can't be mapped. */
  kommun(cell: Cell, k: number): string | null {
    const v = cell.coords[k];
    const kod = this.resolve(v);
    if (kod === undefined) {
      throw new IngestError(
        this.loc(cell.coordAt[k]),
        this.found(cell, quoteFound(v.code === v.text ? v.code : `${v.code} ${v.text}`)),
        "en region som en kommunkod (4 siffror, t.ex. 0114) eller ett kommunnamn exakt som SCB skriver det (t.ex. \"Upplands Väsby\"); namnet matchar ingen kommun eller flera",
      );
    }
    return kod === "" ? null : kod;
  }

  /** Whether a region value is used: kommuner and regions that can't be mapped (so their error is raised) are. */
  keepRegion(v: DimValue): boolean {
    return this.resolve(v) !== "";
  }

  /** A JSON number that is a whole number as its exact text (fast); anything else through parseNumber. */
  number(raw: string | number | null): string | null | undefined {
    return typeof raw === "number" && Number.isSafeInteger(raw) ? String(raw) : parseNumber(raw);
  }

  /**
   * SCB writes län with "län" ("Uppsala län"), so a label that is exactly one kommun's name is that kommun, even where
   * resolveRegion finds it ambiguous because it also matches a län name without "län" ("Uppsala", "Kalmar", "Örebro").
   */
  private kommunByExactName(label: string): { regiontyp: "kommun"; kod: string } | null {
    const t = norm(label);
    const hits = this.ctx.ref.kommuner.filter((k) => norm(k.kommunnamn) === t);
    return hits.length === 1 ? { regiontyp: "kommun", kod: hits[0].kommunkod } : null;
  }

  kon(cell: Cell, k: number): "K" | "M" | "T" {
    const v = cell.coords[k];
    const kon = resolveKon(v.code) ?? resolveKon(v.text);
    if (!kon) {
      throw new IngestError(this.loc(cell.coordAt[k]), this.found(cell, quoteFound(v.text)), 'kön som 1, 2, "män", "kvinnor" eller en totalsumma ("1+2", "män och kvinnor totalt")');
    }
    return kon;
  }

  /** Accepts a record, naming the cell's dimension codes in any message about a JSON cell. */
  accept(cell: Cell, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      if (err instanceof IngestError && this.cube.json) throw new IngestError(err.location, this.found(cell, err.found), err.expected);
      throw err;
    }
  }
}

function requireDim(cube: Cube, file: string, role: Role, what: string): { dim: Dim; k: number } {
  const d = dimOf(cube, role);
  if (!d) {
    throw new IngestError(
      { file },
      `${describeTable(cube)} utan variabeln ${what} (variablerna är ${cube.dims.map((x) => x.code).join(", ")})`,
      `en tabell med ${what} som egen variabel: välj alla dess värden vid uttaget (den får inte summeras bort)`,
    );
  }
  return d;
}

// ---------------------------------------------------------------------------------------------------------------
// Folkmängd

/** A single-year age: "0"…"99", "100+", "100+1" (TAB5557's code), "0 år", "100+ år"; "skip" for totals; null if not an age. */
function parseAge(v: DimValue): number | "skip" | null {
  for (const s of [v.code, v.text]) {
    const t = norm(s);
    if (["tot", "totalt", "total", "totalt ålder", "samtliga åldrar", "alla åldrar", "samtliga"].includes(t)) return "skip";
    const m = /^(\d{1,3})(\+\d*)?( år)?( och äldre| eller äldre| el\. äldre)?( år)?$/.exec(t);
    if (m) {
      const n = Number(m[1]);
      const open = m[2] !== undefined || m[4] !== undefined;
      if (n < 100 && !open) return n;
      if (n === 100) return 100;
    }
  }
  return null;
}

const CIVIL_TOTALS = new Set(["sc", "tot", "totalt", "samtliga", "samtliga civilstånd", "totalt civilstånd", "alla civilstånd"]);

async function readBefolkning(cube: Cube, file: SourceFile, ctx: AcceptContext): Promise<number> {
  const r = new CellReader(cube, file.path, ctx);
  const region = requireDim(cube, file.path, "region", "region");
  const alder = requireDim(cube, file.path, "alder", "ålder (ettårsklasser)");
  const kon = requireDim(cube, file.path, "kon", "kön");
  const tid = requireDim(cube, file.path, "tid", "år");
  const contents = dimOf(cube, "contents");
  if (contents && !contents.dim.values.some(isFolkmangd)) {
    throw new IngestError(
      { file: file.path, ...contents.dim.at },
      `innehållet ${contents.dim.values.map((v) => `"${v.text}"`).join(", ")} i ${describeTable(cube)}`,
      "innehållet Folkmängd (BE0101N1 i TAB638, 000007ME i TAB5557); välj det vid uttaget",
    );
  }
  const civil = dimOf(cube, "civilstand");
  // Civilstånd: one value is used as it is; a total among several is used alone; otherwise the values are summed.
  let civilUsed: Set<DimValue> | null = null;
  if (civil && civil.dim.values.length > 1) {
    const totals = civil.dim.values.filter((v) => CIVIL_TOTALS.has(norm(v.code)) || CIVIL_TOTALS.has(norm(v.text)));
    civilUsed = new Set(totals.length === 1 ? totals : civil.dim.values);
  }
  interface Sum {
    antal: bigint;
    cell: Cell;
    civil: Set<DimValue>;
  }
  const sums = new Map<string, Sum>();
  const keys = new Map<string, { kommunkod: string; datum: string; alder: number; kon: "K" | "M" }>();
  const ageCache = new Map<DimValue, number | "skip" | null>();
  const ageOf = (v: DimValue) => {
    if (!ageCache.has(v)) ageCache.set(v, parseAge(v));
    return ageCache.get(v)!;
  };
  const nonKommun = region.dim.values.some((v) => !r.keepRegion(v));
  // Only the cells that can become rows: folkmängd, the civilstånd used, kommuner, single ages, men and women.
  const keep = (k: number, v: DimValue) =>
    k === contents?.k ? isFolkmangd(v)
    : k === civil?.k ? !civilUsed || civilUsed.has(v)
    : k === region.k ? r.keepRegion(v)
    : k === alder.k ? ageOf(v) !== "skip"
    : k === kon.k ? (resolveKon(v.code) ?? resolveKon(v.text)) !== "T"
    : true;
  for (const cell of cube.cells(keep)) {
    const kommunkod = r.kommun(cell, region.k);
    if (kommunkod === null) continue;
    const av = cell.coords[alder.k];
    const age = ageOf(av);
    if (age === "skip") continue;
    if (age === null) {
      throw new IngestError(r.loc(cell.coordAt[alder.k]), r.found(cell, quoteFound(av.text)), 'en ålder i hela år: 0–99 eller 100+ (t.ex. "0", "45 år", "100+"), eller en totalsumma som hoppas över');
    }
    const k = r.kon(cell, kon.k);
    if (k === "T") continue;
    const tv = cell.coords[tid.k];
    if (!/^\d{4}$/.test(tv.code.trim())) {
      throw new IngestError(r.loc(cell.coordAt[tid.k]), r.found(cell, quoteFound(tv.code)), "ett år ÅÅÅÅ (folkmängden den 31 december); månader eller kvartal går inte att använda");
    }
    const raw = cell.raw;
    const value = r.number(raw);
    if (value === null || value === undefined || !/^\d+$/.test(value)) {
      const shown = raw === null ? "null" : quoteFound(String(raw));
      const missing = value === null;
      throw new IngestError(
        r.loc(cell.at),
        r.found(cell, `${shown}${missing && cell.status ? ` med status "${cell.status}"` : ""}`),
        missing
          ? "ett antal personer: folkmängden får inte saknas (en cell som saknas går inte att summera eller ersätta med 0)"
          : "ett antal personer: ett heltal som är 0 eller större",
      );
    }
    const datum = `${tv.code.trim()}-12-31`;
    const key = `${kommunkod}|${datum}|${age}|${k}`;
    const civilValue = civil ? cell.coords[civil.k] : undefined;
    const seen = sums.get(key);
    if (!seen) {
      sums.set(key, { antal: BigInt(value), cell, civil: new Set(civilValue ? [civilValue] : []) });
      keys.set(key, { kommunkod, datum, alder: age, kon: k });
      continue;
    }
    if (!civilValue || seen.civil.has(civilValue)) {
      const first = seen.cell.at;
      throw new IngestError(
        r.loc(cell.at),
        r.found(cell, `en andra cell för kommun ${kommunkod}, ${datum}, ålder ${age}, kön ${k}`),
        `högst en cell per kommun, år, ålder och kön${civil ? " och civilstånd" : ""} (den första finns ${first.path ? `i ${first.path}` : `på rad ${first.line}`})`,
      );
    }
    seen.civil.add(civilValue);
    seen.antal += BigInt(value);
  }
  for (const [key, sum] of sums) {
    const f = keys.get(key)!;
    const cell = sum.cell;
    if (civil && civilUsed && sum.civil.size !== civilUsed.size) {
      const missing = [...civilUsed].filter((v) => !sum.civil.has(v)).map((v) => v.text);
      throw new IngestError(
        r.loc(cell.at),
        r.found(cell, `kommun ${f.kommunkod}, ${f.datum}, ålder ${f.alder}, kön ${f.kon} utan civilstånd ${missing.join(", ")}`),
        "en cell för varje civilstånd, så att summan över civilstånd blir hela folkmängden (eller hämta tabellen utan civilstånd)",
      );
    }
    const rec = new MappedRecord(
      file.path,
      { kommunkod: f.kommunkod, datum: f.datum, alder: String(f.alder), kon: f.kon, antal: sum.antal.toString() },
      { kommunkod: cell.coordAt[region.k], datum: cell.coordAt[tid.k], alder: cell.coordAt[alder.k], kon: cell.coordAt[kon.k], antal: cell.at },
      cell.at.line !== undefined ? { line: cell.at.line } : {},
    );
    r.accept(cell, () => acceptBefolkning(rec, ctx));
  }
  if (sums.size === 0) {
    ctx.data.notes.add(
      `${file.relative}: ${describeTable(cube)} innehåller inga kommunrader${nonKommun ? " (bara riket eller län)" : ""}; ingen folkmängd lästes in. Välj kommunerna (t.ex. värdemängden vs_RegionKommun07) vid uttaget.`,
    );
  }
  return cube.size;
}

// ---------------------------------------------------------------------------------------------------------------
// Helårsekvivalenter

const is2064 = (v: DimValue) => [v.code, v.text].some((s) => /^20\s*[-–]\s*64(\s*år)?$/.test(norm(s)));

async function readHelarsekvivalenter(cube: Cube, file: SourceFile, ctx: AcceptContext): Promise<number> {
  const r = new CellReader(cube, file.path, ctx);
  const region = requireDim(cube, file.path, "region", "region");
  const kon = requireDim(cube, file.path, "kon", "kön");
  const tid = requireDim(cube, file.path, "tid", "månad");
  const contents = requireDim(cube, file.path, "contents", "tabellinnehåll");
  // Without åldersgrupp the figures' age group is unknown (the table has 20-64 and 20-65): refuse rather than guess.
  const grupp = requireDim(cube, file.path, "aldersgrupp", "åldersgrupp (20-64 år)");
  if (!grupp.dim.values.some(is2064)) {
    throw new IngestError(
      { file: file.path, ...grupp.dim.at },
      `åldersgrupperna ${grupp.dim.values.map((v) => `"${v.text}"`).join(", ")} men inte 20-64 år`,
      "åldersgruppen 20-64 år, som helårsekvivalenterna jämförs med (befolkningen 20–64); välj den vid uttaget",
    );
  }
  const known = contents.dim.values.filter((v) => heContent(v));
  if (known.length === 0) {
    throw new IngestError(
      { file: file.path, ...contents.dim.at },
      `innehållet ${contents.dim.values.map((v) => `"${v.text}"`).join(", ")}`,
      "minst ett av innehållen Sjukpenning, Sjuk- och aktivitetsersättning, Arbetslöshetsersättning, Arbetsmarknadsåtgärder, Ekonomiskt bistånd eller Etableringsersättning, med sina texter (innehållets koder är okända: hämta tabellen med texter)",
    );
  }
  const unknown = contents.dim.values.filter((v) => heContent(v) === undefined);
  if (unknown.length) {
    ctx.data.notes.add(`${file.relative}: innehållet ${unknown.map((v) => `"${v.text}"`).join(", ")} i ${describeTable(cube)} känns inte igen och lästes inte in.`);
  }
  let loaded = 0;
  const keep = (k: number, v: DimValue) =>
    k === contents.k ? Boolean(heContent(v)) : k === grupp.k ? is2064(v) : k === region.k ? r.keepRegion(v) : true;
  for (const cell of cube.cells(keep)) {
    const ersattning = heContent(cell.coords[contents.k]);
    if (!ersattning) continue;
    const kommunkod = r.kommun(cell, region.k);
    if (kommunkod === null) continue;
    const k = r.kon(cell, kon.k);
    const tv = cell.coords[tid.k];
    const manad = monthFromScbCode(tv.code) ?? monthFromScbCode(tv.text);
    if (!manad) {
      throw new IngestError(r.loc(cell.coordAt[tid.k]), r.found(cell, quoteFound(tv.code)), "en månad som SCB skriver den, ÅÅÅÅMmm (t.ex. 2014M01)");
    }
    const value = r.number(cell.raw);
    if (value === undefined) {
      throw new IngestError(r.loc(cell.at), r.found(cell, quoteFound(String(cell.raw))), "ett antal helårsekvivalenter (punkt som decimaltecken) eller ett tecken för saknat värde som .. eller -");
    }
    let status: Status = "";
    if (value === null) status = "saknas";
    // SCB writes 0 for kommuner with missing ekonomiskt bistånd months (the table's footnote): a 0 may be a gap.
    else if (ersattning === "ekonomiskt_bistand" && /^-?0(\.0+)?$/.test(value)) status = "noll_kan_vara_bortfall";
    const rec = new MappedRecord(
      file.path,
      { kommunkod, manad, ersattning, kon: k, helarsekvivalenter: value ?? "", status },
      { kommunkod: cell.coordAt[region.k], manad: cell.coordAt[tid.k], ersattning: cell.coordAt[contents.k], kon: cell.coordAt[kon.k], helarsekvivalenter: cell.at, status: cell.at },
      cell.at.line !== undefined ? { line: cell.at.line } : {},
    );
    r.accept(cell, () => acceptHelarsekvivalent(rec, ctx));
    loaded++;
  }
  if (loaded === 0) {
    ctx.data.notes.add(`${file.relative}: ${describeTable(cube)} innehåller inga kommunrader för 20-64 år; inga helårsekvivalenter lästes in.`);
  }
  return cube.size;
}

// ---------------------------------------------------------------------------------------------------------------

export const scbPxweb: SourceAdapter = {
  id: "scb-pxweb",
  namn: "SCB PxWeb (json-stat2, json, CSV)",
  detect(file) {
    let a: Analysis;
    try {
      a = analyse(file);
    } catch (err) {
      // Never let an unexpected file stop the other adapters from being asked.
      return { ok: false, reason: `filen gick inte att tolka som SCB PxWeb (${(err as Error).message})` };
    }
    return a.ok ? { ok: true } : { ok: false, reason: a.reason };
  },
  async read(file, ctx) {
    const a = analyse(file);
    if (!a.ok) throw new IngestError({ file: file.path }, a.reason, WANTED);
    if ("broken" in a) throw a.broken;
    return a.kind === "befolkning" ? readBefolkning(a.cube, file, ctx) : readHelarsekvivalenter(a.cube, file, ctx);
  },
};

