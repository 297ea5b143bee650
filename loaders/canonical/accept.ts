// The shared validation of canonical rows. Every adapter — the canonical CSV files and the publishers' own
// formats — turns its rows into FieldRecords and hands them to an accept* function here, so all sources are
// checked by one set of rules and give the same messages (file, place, found, expected).
import Decimal from "decimal.js";
import { ERSATTNINGAR, type ErsattningId, MAX_AGE } from "../config.ts";
import { displayPath, type ErrorLocation, IngestError, quoteFound } from "../errors.ts";
import { epochDays, halvarForManad, halvarStart, parseDatum, parseHalvar, parseManad } from "../periods.ts";
import type { Reference } from "../reference.ts";
import { resolveRegion } from "../sources/common.ts";
import type { FieldRecord } from "./record.ts";
import { type OmradeKeyKind, OmradeData } from "./omrade-data.ts";
import { InsatsData } from "./accept-insatser.ts";

export type Kon = "K" | "M" | "T";

/**
 * Status of a value as the publisher marks it. Missing is never zero:
 * - "" — reported;
 * - "saknas" — the publisher shows it as missing (`..`, `--`, empty); the value is NULL;
 * - "undertryckt" — suppressed for privacy (Försäkringskassan's `rojd`); the value is NULL;
 * - "noll_kan_vara_bortfall" — reported as 0 by a source that writes 0 for missing months (SCB's ekonomiskt bistånd);
 * - "preliminar" — reported, but the publisher calls it preliminary.
 */
export const STATUSAR = ["", "saknas", "undertryckt", "noll_kan_vara_bortfall", "preliminar"] as const;
export type Status = (typeof STATUSAR)[number];
const NULL_STATUS = new Set<Status>(["saknas", "undertryckt"]);

/** A file the ingest read, with its source and retrieval date (the vintage that revisions are judged by). */
export interface FileInfo {
  /** Path relative to the data directory, "/" separators. */
  fil: string;
  path: string;
  /** Adapter id, e.g. "kanonisk", "scb-pxweb". */
  kalla: string;
  /** Retrieval date YYYY-MM-DD from the path (data/raw/<källa>/<datum>/…), or null. */
  hamtad: string | null;
}

/** Where a row came from, for messages about duplicates and overlaps found across files. */
export interface Origin {
  file: string;
  /** The record's position in its file (see FieldRecord.position); lineOf() turns it into a line. */
  position: number | undefined;
  fileId: number;
}

export interface BefolkningRow {
  kommunkod: string;
  datumDays: number;
  alder: number;
  kon: "K" | "M";
  antal: number;
  fileId: number;
}

export interface UtbetalningRow {
  kommunkod: string;
  period: string;
  manad: string | null;
  halvar: string | null;
  ar: number;
  ersattning: ErsattningId;
  kon: Kon;
  /** Exact amount in öre; null when missing or suppressed. */
  beloppOre: bigint | null;
  status: Status;
  fileId: number;
}

export interface RegionUtbetalningRow extends Omit<UtbetalningRow, "kommunkod"> {
  regiontyp: "lan" | "riket";
  regionkod: string;
}

export interface HelarsekvivalentRow {
  kommunkod: string;
  manad: string;
  halvar: string;
  ersattning: ErsattningId;
  kon: Kon;
  /** Exact value in hundredths; null when missing. */
  hundradelar: bigint | null;
  status: Status;
  fileId: number;
}

export interface ForbundRow {
  forbundId: string;
  forbundNamn: string;
  kommunkod: string;
  fran: string | null;
  till: string | null;
  franDays: number | null;
  tillDays: number | null;
  delomrade: string | null;
  fileId: number;
}

export interface MedlemsnyckelRow {
  forbundId: string;
  ar: number;
  kommunkod: string;
  /** Exact key value in ten-thousandths. */
  varde: bigint;
  fileId: number;
  /** Where its förbund id is written, to name it when the förbund turns out to be unknown once every file is read. */
  forbundIdWhere: ErrorLocation;
}

export interface KontextRow {
  kpi: string;
  kpiNamn: string;
  regiontyp: "kommun" | "lan" | "riket";
  regionkod: string;
  ar: number;
  kon: Kon;
  varde: number | null;
  status: Status;
  fileId: number;
}

export interface MottagareRow {
  kommunkod: string;
  period: string;
  ersattning: ErsattningId;
  kon: Kon;
  antal: number | null;
  status: Status;
  fileId: number;
}

type OverlapGrain = "manad" | "halvar" | "ar";

type KeyKind = "befolkning" | "utbetalningar" | "region_utbetalningar" | "helarsekvivalenter" | "forbund" | "kontext" | "mottagare" | "medlemsnyckel" | OmradeKeyKind;

export interface Placement {
  action: "new" | "replace" | "older";
  /** The row's index in its array (for "replace": the row being replaced). */
  index: number;
}

interface Claim {
  origin: Origin;
  /** Index of the row currently holding this key in its array. */
  index: number;
}

/** Everything read from the data directory, with the keys seen so duplicates across files are caught. */
export class CanonicalData {
  files: FileInfo[] = [];
  befolkning: BefolkningRow[] = [];
  utbetalningar: UtbetalningRow[] = [];
  regionUtbetalningar: RegionUtbetalningRow[] = [];
  helarsekvivalenter: HelarsekvivalentRow[] = [];
  forbund: ForbundRow[] = [];
  kontext: KontextRow[] = [];
  mottagare: MottagareRow[] = [];
  medlemsnyckel: MedlemsnyckelRow[] = [];
  /** Areas below kommun, summed parts, a source's own population and yearly helårsekvivalenter (accept-omrade.ts). */
  omraden = new OmradeData();
  /** Earlier vintages of payouts that a newer download of the same source replaced. */
  utbetalningVersioner: UtbetalningRow[] = [];
  /** Insatser, their economy and participants (accept-insatser.ts). */
  insatser = new InsatsData();
  /** Warnings for the user (split kommun codes, recoded codes, revisions), printed after the ingest. */
  notes = new Set<string>();
  private readonly noteKeys = new Set<string>();

  /** A note given once per key (e.g. once per file for a kind of remark), with the first example met. */
  noteOnce(key: string, text: string): void {
    if (this.noteKeys.has(key)) return;
    this.noteKeys.add(key);
    this.notes.add(text);
  }

  /** Rows that became current values (a row kept only as an older vintage does not count). */
  loaded = 0;
  private readonly keys = new Map<KeyKind, Map<string, Claim>>();
  /** Per kommun|ersättning|kön|year (and |half-year): the first row of each length seen, for checkOverlap. */
  private readonly overlap = new Map<string, Map<OverlapGrain, Origin & { period: string }>>();
  private readonly forbundNamn = new Map<string, Origin & { namn: string }>();
  /** Per file, how to turn a record position into a line (taken from the file's first record). */
  private readonly lineResolvers = new Map<number, FieldRecord>();

  addFile(info: FileInfo): number {
    this.files.push(info);
    return this.files.length - 1;
  }

  /**
   * Claims a key for a row about to be added. A second row with the same key is refused — unless both come
   * from dated downloads of the same source with different dates: then the newer one is current and the
   * older is kept as an earlier vintage (returns "replace" or "older").
   */
  claim(kind: KeyKind, key: string, rec: FieldRecord, fileId: number, index: number, describe: string): Placement {
    let map = this.keys.get(kind);
    if (!map) this.keys.set(kind, (map = new Map()));
    const seen = map.get(key);
    const origin = this.origin(rec, fileId);
    if (!seen) {
      map.set(key, { origin, index });
      return { action: "new", index };
    }
    const a = this.files[seen.origin.fileId];
    const b = this.files[fileId];
    if (a.kalla === b.kalla && a.hamtad && b.hamtad && a.hamtad !== b.hamtad) {
      if (b.hamtad > a.hamtad) {
        map.set(key, { origin, index: seen.index });
        this.notes.add(`${b.fil} (hämtad ${b.hamtad}) ersätter värden från ${a.fil} (hämtad ${a.hamtad}); de äldre värdena sparas som tidigare version.`);
        return { action: "replace", index: seen.index };
      }
      return { action: "older", index: seen.index };
    }
    throw new IngestError(
      { file: rec.file, line: rec.line },
      `en dubblett av ${describe}, som redan finns i ${seen.origin.file === rec.file ? "samma fil" : displayPath(seen.origin.file)}${this.onLine(seen.origin)}`,
      "högst en rad per nyckel (en rad får inte räknas två gånger); två hämtningar av samma källa läggs i var sin datummapp, data/raw/<källa>/<ÅÅÅÅ-MM-DD>/",
    );
  }

  private origin(rec: FieldRecord, fileId: number): Origin {
    if (!this.lineResolvers.has(fileId)) this.lineResolvers.set(fileId, rec);
    return { file: rec.file, position: rec.position, fileId };
  }

  /** " på rad 17" for an origin whose line is known, else "". */
  private onLine(origin: Origin): string {
    const line = this.lineResolvers.get(origin.fileId)?.lineOf(origin.position);
    return line !== undefined ? ` på rad ${line}` : "";
  }

  /**
   * Refuses rows of different lengths that cover the same time for one kommun, ersättning and kön: a month and its
   * half-year, or a year and any month or half-year in it (a year is never spread over half-years, nor mixed with
   * rows for part of it).
   */
  checkOverlap(rec: FieldRecord, fileId: number, kod: string, e: string, k: string, p: { period: string; manad: string | null; halvar: string | null; ar: number }): void {
    const grain: OverlapGrain = p.manad !== null ? "manad" : p.halvar !== null ? "halvar" : "ar";
    // Within a year a yearly row clashes with any other length; within a half-year a month clashes with a half-year row.
    const keys: [string, (g: OverlapGrain) => boolean][] = [[`${kod}|${e}|${k}|${p.ar}`, (g) => g !== grain && (g === "ar" || grain === "ar")]];
    if (p.halvar) keys.push([`${kod}|${e}|${k}|${p.halvar}`, (g) => g !== grain]);
    for (const [key, clashes] of keys) {
      const other = [...(this.overlap.get(key)?.entries() ?? [])].find(([g]) => clashes(g));
      if (!other) continue;
      const [otherGrain, origin] = other;
      const a = this.files[origin.fileId];
      const b = this.files[fileId];
      if (a.kalla === b.kalla && b.hamtad && a.hamtad !== b.hamtad) continue; // different vintages of one source: the revision logic decides
      const namn: Record<OverlapGrain, string> = { manad: "månadsraden", halvar: "halvårsraden", ar: "årsraden" };
      rec.fail(
        "period",
        `${quoteFound(p.period)} för kommun ${kod}, ${e}, kön ${k}, som överlappar ${namn[otherGrain]} ${origin.period} i ${origin.file === rec.file ? "samma fil" : displayPath(origin.file)}${this.onLine(origin)}`,
        "rader av en längd för samma kommun, ersättning, kön och tid — månadsrader, halvårsrader eller en årsrad, inte båda (ett år tillsammans med månader eller halvår i året, eller ett halvår tillsammans med dess månader)",
      );
    }
    for (const [key] of keys) {
      let seen = this.overlap.get(key);
      if (!seen) this.overlap.set(key, (seen = new Map()));
      if (!seen.has(grain)) seen.set(grain, { ...this.origin(rec, fileId), period: p.period });
    }
  }

  checkForbundNamn(rec: FieldRecord, fileId: number, id: string, namn: string): void {
    const seen = this.forbundNamn.get(id);
    if (seen && seen.namn !== namn) {
      rec.fail("forbund_namn", quoteFound(namn), `samma namn som${this.onLine(seen)} i ${displayPath(seen.file)} för förbund ${id}: "${seen.namn}"`);
    }
    this.forbundNamn.set(id, { ...this.origin(rec, fileId), namn });
  }

  /** Places a row according to claim(): appended, replacing an older vintage, or kept as an older vintage. */
  place<T>(rows: T[], row: T, placement: Placement, versions?: T[]): void {
    if (placement.action !== "older") this.loaded++;
    if (placement.action === "new") rows.push(row);
    else if (placement.action === "replace") {
      versions?.push(rows[placement.index]);
      rows[placement.index] = row;
    } else versions?.push(row);
  }
}

/** The context an adapter reads a file in: the reference, the data being collected, and the file's id. */
export interface AcceptContext {
  ref: Reference;
  data: CanonicalData;
  fileId: number;
}

const ERSATTNING_IDS = new Set<string>(ERSATTNINGAR.map((e) => e.id));
const ERSATTNING_EXPECTED = `en av ${ERSATTNINGAR.map((e) => e.id).join(", ")}`;
const AMOUNT = /^-?\d+(\.\d+)?$/;
const NON_NEGATIVE_INTEGER = /^\d+$/;
const KON_NAMN: Record<Kon, string> = { K: "kvinnor", M: "män", T: "totalt" };

/**
 * A kommun as an analyst writes it: the 4-digit code ("0180"), the code with its leading zero stripped by a
 * spreadsheet ("180"), or the kommun's name ("Stockholm", "Stockholms kommun"). What was read how is noted once per
 * file for the ingest summary; anything else is refused.
 */
export function acceptKommunkod(rec: FieldRecord, ctx: AcceptContext, field = "kommunkod", periodStart?: string): string {
  const { ref, data } = ctx;
  let kod = rec.required(field, "en kommunkod med 4 siffror, t.ex. 0180");
  if (/^\d{3}$/.test(kod)) {
    data.noteOnce(`${rec.file}|tre siffror`, `${displayPath(rec.file)}: kommunkoder med tre siffror (t.ex. ${kod}) har lästs som koder vars inledande nolla tagits bort (${kod} → 0${kod}).`);
    kod = `0${kod}`;
  } else if (!/^\d{4}$/.test(kod)) {
    const byName = resolveRegion(kod, ref);
    if (byName?.regiontyp !== "kommun") {
      rec.fail(field, quoteFound(kod), "en kommunkod med 4 siffror, t.ex. 0180 (180 går också), eller ett kommunnamn, t.ex. Stockholm");
    }
    data.noteOnce(`${rec.file}|namn`, `${displayPath(rec.file)}: kommuner angivna med namn har lästs via kommunlistan (t.ex. "${kod}" → ${byName.kod}).`);
    kod = byName.kod;
  }
  const recode = ref.omkodning.get(kod);
  if (recode) {
    data.notes.add(`Kommunkod ${kod} har räknats om till ${recode.nyKod}: ${recode.beskrivning}.`);
    return recode.nyKod;
  }
  if (!ref.kommunByKod.has(kod)) {
    rec.fail(field, quoteFound(kod), "en kommunkod bland Sveriges 290 kommuner (data/reference/kommuner/municipalities.csv)");
  }
  for (const split of ref.delningar.get(kod) ?? []) {
    if (periodStart && periodStart < split.giltigFran) {
      data.notes.add(
        `Uppgifter för ${kod} före ${split.giltigFran} omfattar även det område som blev ${split.nyKod}: ${split.beskrivning}. De har lästs in som de är, utan att delas.`,
      );
    }
  }
  return kod;
}

function acceptKon<T extends Kon>(rec: FieldRecord, allowed: readonly T[]): T {
  const value = rec.get("kon");
  if (!(allowed as readonly string[]).includes(value)) {
    rec.fail("kon", quoteFound(value), `${allowed.join(", ").replace(/, ([^,]*)$/, " eller $1")} (${allowed.map((k) => KON_NAMN[k]).join(", ")})`);
  }
  return value as T;
}

function acceptErsattning(rec: FieldRecord): ErsattningId {
  const value = rec.get("ersattning");
  if (!ERSATTNING_IDS.has(value)) rec.fail("ersattning", quoteFound(value), ERSATTNING_EXPECTED);
  return value as ErsattningId;
}

/** The optional status field; "" when the source has none. */
function acceptStatus(rec: FieldRecord): Status {
  const value = rec.get("status");
  if (!(STATUSAR as readonly string[]).includes(value)) {
    rec.fail("status", quoteFound(value), `ett tomt fält eller en av ${STATUSAR.filter(Boolean).join(", ")}`);
  }
  return value as Status;
}

/** An exact decimal with at most `decimals` decimals, scaled to an integer (kronor → öre); null when missing. */
function exactScaled(rec: FieldRecord, field: string, decimals: number, what: string, allowNegative: boolean, status: Status): bigint | null {
  const text = rec.get(field);
  const expected = `${what} med punkt som decimaltecken och högst ${decimals} decimaler, t.ex. 1234567.50`;
  if (NULL_STATUS.has(status)) {
    if (text !== "") rec.fail(field, quoteFound(text), `ett tomt fält när status är ${status}`);
    return null;
  }
  if (text === "" || !AMOUNT.test(text)) rec.fail(field, quoteFound(text), expected);
  const d = new Decimal(text);
  if (d.decimalPlaces() > decimals) rec.fail(field, quoteFound(text), expected);
  if (!allowNegative && d.isNegative()) rec.fail(field, quoteFound(text), `${what} som inte är negativt`);
  return BigInt(d.times(new Decimal(10).pow(decimals)).toFixed(0));
}

/** befolkning: kommunkod, datum (31 December), alder 0–100, kon K/M, antal. */
export function acceptBefolkning(rec: FieldRecord, ctx: AcceptContext): void {
  const datumText = rec.required("datum", "ett datum ÅÅÅÅ-12-31");
  const datum = parseDatum(datumText);
  if (!datum) throw rec.error("datum", quoteFound(datumText), "ett giltigt datum ÅÅÅÅ-MM-DD, normalt ÅÅÅÅ-12-31");
  if (datum.manad !== 12 || datum.dag !== 31) {
    rec.fail("datum", quoteFound(datumText), "folkmängden den 31 december (ÅÅÅÅ-12-31): befolkningen per halvår interpoleras mellan årsskiften");
  }
  const kod = acceptKommunkod(rec, ctx, "kommunkod", datumText);
  const alderText = rec.get("alder");
  if (!NON_NEGATIVE_INTEGER.test(alderText) || Number(alderText) > MAX_AGE) {
    rec.fail("alder", quoteFound(alderText), `en ålder i hela år 0–${MAX_AGE} (${MAX_AGE} = ${MAX_AGE} år och äldre)`);
  }
  const k = acceptKon(rec, ["K", "M"] as const);
  const antalText = rec.get("antal");
  if (!NON_NEGATIVE_INTEGER.test(antalText)) {
    rec.fail("antal", quoteFound(antalText), "ett antal personer: ett heltal som är 0 eller större");
  }
  const alder = Number(alderText);
  const row: BefolkningRow = { kommunkod: kod, datumDays: epochDays(datum), alder, kon: k, antal: Number(antalText), fileId: ctx.fileId };
  const claim = ctx.data.claim("befolkning", `${kod}|${datumText}|${alder}|${k}`, rec, ctx.fileId, ctx.data.befolkning.length, `kommun ${kod}, ${datumText}, ålder ${alder}, kön ${k}`);
  ctx.data.place(ctx.data.befolkning, row, claim);
}


interface ParsedPeriod {
  period: string;
  manad: string | null;
  halvar: string | null;
  ar: number;
  start: string;
}

/** A month YYYY-MM, a half-year YYYYH1/H2, or (where annual figures are allowed) a year YYYY. */
function acceptPeriod(rec: FieldRecord, allowYear: boolean): ParsedPeriod {
  const expected = `en månad ÅÅÅÅ-MM (t.ex. 2024-03) eller ett halvår ÅÅÅÅH1/ÅÅÅÅH2 (t.ex. 2024H1)${allowYear ? " eller ett år ÅÅÅÅ" : ""}`;
  const period = rec.required("period", expected);
  const manad = parseManad(period);
  if (manad) return { period, manad: period, halvar: halvarForManad(manad), ar: manad.ar, start: `${period}-01` };
  const h = parseHalvar(period);
  if (h) return { period, manad: null, halvar: period, ar: h.ar, start: halvarStart(period) };
  if (allowYear && /^\d{4}$/.test(period) && Number(period) >= 1968 && Number(period) <= 2100) {
    return { period, manad: null, halvar: null, ar: Number(period), start: `${period}-01-01` };
  }
  return rec.fail("period", quoteFound(period), expected);
}

/**
 * utbetalningar: kommunkod, period (month, half-year, or a year — annual figures are stored as annual and never
 * spread over half-years), ersattning, kon K/M/T, belopp_kr (kronor, exact), optional status.
 */
export function acceptUtbetalning(rec: FieldRecord, ctx: AcceptContext): void {
  const p = acceptPeriod(rec, true);
  const kod = acceptKommunkod(rec, ctx, "kommunkod", p.start);
  const e = acceptErsattning(rec);
  const k = acceptKon(rec, ["K", "M", "T"] as const);
  const status = acceptStatus(rec);
  const beloppOre = exactScaled(rec, "belopp_kr", 2, "ett belopp i kronor", true, status);
  const key = `${kod}|${p.period}|${e}|${k}`;
  const claim = ctx.data.claim("utbetalningar", key, rec, ctx.fileId, ctx.data.utbetalningar.length, `kommun ${kod}, period ${p.period}, ${e}, kön ${k}`);
  ctx.data.checkOverlap(rec, ctx.fileId, kod, e, k, p);
  const row: UtbetalningRow = { kommunkod: kod, period: p.period, manad: p.manad, halvar: p.halvar, ar: p.ar, ersattning: e, kon: k, beloppOre, status, fileId: ctx.fileId };
  ctx.data.place(ctx.data.utbetalningar, row, claim, ctx.data.utbetalningVersioner);
}

/** A published total for a län or riket (regionkod "01" … "25", or "00"), kept beside the kommun sums. */
export function acceptRegionUtbetalning(rec: FieldRecord, ctx: AcceptContext): void {
  const p = acceptPeriod(rec, true);
  const regionkod = rec.required("regionkod", "en länskod med 2 siffror eller 00 för riket");
  const isLan = ctx.ref.lan.some((l) => l.lanskod === regionkod);
  if (regionkod !== "00" && !isLan) {
    rec.fail("regionkod", quoteFound(regionkod), "en av de 21 länskoderna (01, 03, …, 25) eller 00 för riket");
  }
  const e = acceptErsattning(rec);
  const k = acceptKon(rec, ["K", "M", "T"] as const);
  const status = acceptStatus(rec);
  const beloppOre = exactScaled(rec, "belopp_kr", 2, "ett belopp i kronor", true, status);
  const key = `${regionkod}|${p.period}|${e}|${k}`;
  const claim = ctx.data.claim("region_utbetalningar", key, rec, ctx.fileId, ctx.data.regionUtbetalningar.length, `region ${regionkod}, period ${p.period}, ${e}, kön ${k}`);
  const row: RegionUtbetalningRow = {
    regiontyp: regionkod === "00" ? "riket" : "lan", regionkod, period: p.period, manad: p.manad, halvar: p.halvar, ar: p.ar,
    ersattning: e, kon: k, beloppOre, status, fileId: ctx.fileId,
  };
  ctx.data.place(ctx.data.regionUtbetalningar, row, claim);
}

/** helarsekvivalenter: kommunkod, manad, ersattning, kon, helarsekvivalenter (≥ 0), optional status. */
export function acceptHelarsekvivalent(rec: FieldRecord, ctx: AcceptContext): void {
  const manadText = rec.required("manad", "en månad ÅÅÅÅ-MM");
  const manad = parseManad(manadText);
  if (!manad) throw rec.error("manad", quoteFound(manadText), "en månad ÅÅÅÅ-MM, t.ex. 2024-03");
  const kod = acceptKommunkod(rec, ctx, "kommunkod", `${manadText}-01`);
  const e = acceptErsattning(rec);
  const k = acceptKon(rec, ["K", "M", "T"] as const);
  const status = acceptStatus(rec);
  const hundradelar = exactScaled(rec, "helarsekvivalenter", 2, "ett antal helårsekvivalenter", false, status);
  const key = `${kod}|${manadText}|${e}|${k}`;
  const claim = ctx.data.claim("helarsekvivalenter", key, rec, ctx.fileId, ctx.data.helarsekvivalenter.length, `kommun ${kod}, månad ${manadText}, ${e}, kön ${k}`);
  const row: HelarsekvivalentRow = { kommunkod: kod, manad: manadText, halvar: halvarForManad(manad), ersattning: e, kon: k, hundradelar, status, fileId: ctx.fileId };
  ctx.data.place(ctx.data.helarsekvivalenter, row, claim);
}

function optionalDatum(rec: FieldRecord, field: string): { text: string | null; days: number | null } {
  const text = rec.get(field);
  if (text === "") return { text: null, days: null };
  const d = parseDatum(text);
  if (!d) throw rec.error(field, quoteFound(text), "ett giltigt datum ÅÅÅÅ-MM-DD eller ett tomt fält");
  return { text, days: epochDays(d) };
}

/** forbund: forbund_id, forbund_namn, kommunkod, fran, till (dates or empty), optional delomrade. */
export function acceptForbund(rec: FieldRecord, ctx: AcceptContext): void {
  // Any non-empty id, as the analyst typed it (RAR, Finsam Göteborg, 12): the site derives its own address from it.
  const id = rec.required("forbund_id", "ett id för förbundet, t.ex. RAR eller 12 (vilken text som helst)");
  const namn = rec.required("forbund_namn", "förbundets namn");
  const kodText = rec.get("kommunkod");
  if (/^\d{4}$/.test(kodText) && !ctx.ref.kommunByKod.has(kodText) && !ctx.ref.omkodning.has(kodText)) {
    rec.fail("kommunkod", quoteFound(kodText), "en medlem som är en av Sveriges 290 kommuner, angiven med sin kommunkod (4 siffror) eller sitt namn");
  }
  const kod = acceptKommunkod(rec, ctx);
  const fran = optionalDatum(rec, "fran");
  const till = optionalDatum(rec, "till");
  if (fran.days !== null && till.days !== null && till.days < fran.days) {
    rec.fail("till", quoteFound(till.text), `ett slutdatum som inte ligger före startdatum ${fran.text}`);
  }
  ctx.data.checkForbundNamn(rec, ctx.fileId, id, namn);
  const delomrade = rec.get("delomrade") || null;
  const key = `${id}|${kod}|${fran.text ?? ""}|${delomrade ?? ""}`;
  ctx.data.claim("forbund", key, rec, ctx.fileId, ctx.data.forbund.length, `förbund ${id}, kommun ${kod}, från ${fran.text ?? "(tomt)"}`);
  ctx.data.loaded++;
  ctx.data.forbund.push({ forbundId: id, forbundNamn: namn, kommunkod: kod, fran: fran.text, till: till.text, franDays: fran.days, tillDays: till.days, delomrade, fileId: ctx.fileId });
}

/** A region code for context indicators: kommun (4 digits), län (2 digits) or riket ("00"). */
function acceptRegion(rec: FieldRecord, ctx: AcceptContext): { regiontyp: "kommun" | "lan" | "riket"; regionkod: string } {
  const kod = rec.required("regionkod", "en kommunkod (4 siffror), en länskod (2 siffror) eller 00 för riket");
  if (kod === "00") return { regiontyp: "riket", regionkod: kod };
  if (/^\d{2}$/.test(kod)) {
    if (!ctx.ref.lan.some((l) => l.lanskod === kod)) rec.fail("regionkod", quoteFound(kod), "en av de 21 länskoderna (01, 03, …, 25)");
    return { regiontyp: "lan", regionkod: kod };
  }
  return { regiontyp: "kommun", regionkod: acceptKommunkod(rec, ctx, "regionkod") };
}

/**
 * A context indicator shown beside the measure (Kolada KPIs): kpi, kpi_namn, regionkod, ar, kon K/M/T, varde
 * (a ratio or count as published; never summed), optional status.
 */
export function acceptKontext(rec: FieldRecord, ctx: AcceptContext): void {
  const kpi = rec.required("kpi", "ett nyckeltals-id, t.ex. N31001");
  const kpiNamn = rec.get("kpi_namn");
  const { regiontyp, regionkod } = acceptRegion(rec, ctx);
  const arText = rec.get("ar");
  if (!/^\d{4}$/.test(arText)) rec.fail("ar", quoteFound(arText), "ett år ÅÅÅÅ");
  const k = acceptKon(rec, ["K", "M", "T"] as const);
  const status = acceptStatus(rec);
  const vardeText = rec.get("varde");
  let varde: number | null = null;
  if (NULL_STATUS.has(status) || vardeText === "") {
    if (!NULL_STATUS.has(status)) rec.fail("varde", quoteFound(vardeText), "ett tal, eller status saknas");
  } else {
    if (!/^-?\d+(\.\d+)?$/.test(vardeText)) rec.fail("varde", quoteFound(vardeText), "ett tal med punkt som decimaltecken");
    varde = Number(vardeText);
  }
  const key = `${kpi}|${regionkod}|${arText}|${k}`;
  const claim = ctx.data.claim("kontext", key, rec, ctx.fileId, ctx.data.kontext.length, `nyckeltal ${kpi}, region ${regionkod}, år ${arText}, kön ${k}`);
  const row: KontextRow = { kpi, kpiNamn, regiontyp, regionkod, ar: Number(arText), kon: k, varde, status, fileId: ctx.fileId };
  ctx.data.place(ctx.data.kontext, row, claim);
}

/** Recipients (e.g. biståndsmottagare): kommunkod, period (month, half-year or year), ersattning, kon, antal. */
export function acceptMottagare(rec: FieldRecord, ctx: AcceptContext): void {
  const p = acceptPeriod(rec, true);
  const kod = acceptKommunkod(rec, ctx, "kommunkod", p.start);
  const e = acceptErsattning(rec);
  const k = acceptKon(rec, ["K", "M", "T"] as const);
  const status = acceptStatus(rec);
  const antalText = rec.get("antal");
  let antal: number | null = null;
  if (NULL_STATUS.has(status)) {
    if (antalText !== "") rec.fail("antal", quoteFound(antalText), `ett tomt fält när status är ${status}`);
  } else {
    if (!NON_NEGATIVE_INTEGER.test(antalText)) rec.fail("antal", quoteFound(antalText), "ett antal: ett heltal som är 0 eller större");
    antal = Number(antalText);
  }
  const key = `${kod}|${p.period}|${e}|${k}`;
  const claim = ctx.data.claim("mottagare", key, rec, ctx.fileId, ctx.data.mottagare.length, `kommun ${kod}, period ${p.period}, ${e}, kön ${k}`);
  ctx.data.place(ctx.data.mottagare, { kommunkod: kod, period: p.period, ersattning: e, kon: k, antal, status, fileId: ctx.fileId }, claim);
}

/**
 * medlemsnyckel: forbund_id, ar (the budget year), kommunkod, varde (a non-negative key value, e.g. a share in per
 * cent or a population on another date). The förbund must be one of the data's förbund (checked once every file is read).
 */
export function acceptMedlemsnyckel(rec: FieldRecord, ctx: AcceptContext): void {
  const forbundId = rec.required("forbund_id", "förbundets id, som i forbund*.csv");
  const arText = rec.get("ar");
  if (!/^\d{4}$/.test(arText)) rec.fail("ar", quoteFound(arText), "ett budgetår ÅÅÅÅ, t.ex. 2025");
  const kod = acceptKommunkod(rec, ctx);
  const varde = exactScaled(rec, "varde", 4, "ett nyckelvärde", false, "");
  const key = `${forbundId}|${arText}|${kod}`;
  const claim = ctx.data.claim("medlemsnyckel", key, rec, ctx.fileId, ctx.data.medlemsnyckel.length, `förbund ${forbundId}, år ${arText}, kommun ${kod}`);
  ctx.data.place(ctx.data.medlemsnyckel, { forbundId, ar: Number(arText), kommunkod: kod, varde: varde!, fileId: ctx.fileId, forbundIdWhere: rec.where("forbund_id") }, claim);
}
// Shared with the validation of the area tables (accept-omrade.ts).
export { acceptErsattning, acceptKon, acceptStatus, exactScaled, NULL_STATUS };
