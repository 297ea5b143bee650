// The shared validation of insatser, their economy and their participants (DESIGN.md §2.3 and §4). The canonical CSV
// files and the SUS-style adapter (loaders/sources/sus.ts) hand their rows here as FieldRecords with canonical field
// names and values, so every source gives the same messages: file, line and column (or cell), found, expected.
//
// Privacy: a personnummer is checked (Luhn, a real date), its birth year and — when no kön is given — its kön are
// taken, and it is replaced by a keyed hash (loaders/insatser/pseudonym.ts) before the row is kept. A message about a
// bad number shows it masked (birth date and ****). Names are never read.
//
// Decisions where the design is silent:
// - A participation is identified by (deltagare, insats, startdatum); the same one twice is refused.
// - An insats given twice with the same content is read once; with different content it is refused.
// - When insatser are given (insatser*.csv or a SUS insats list), every deltagare, anonymous count, count and budget
//   row must name one of them (by id, or by its unique name); when none are given, each insats_id referred to becomes
//   an insats without name or förbund, and the summary says so.
// - An insats's förbund is matched against the förbund of the data set (forbund*.csv or the built-in list) by id or
//   name, ignoring case and å/ä/ö; an unknown förbund is refused; an empty one leaves the insats out of förbund sums.
// - slutdatum before startdatum is refused, except on a Felregistrering row (left out of every measure anyway).
import type { Reference } from "../reference.ts";
import { displayPath, IngestError, quoteFound } from "../errors.ts";
import { epochDays, MAX_YEAR, MIN_YEAR, parseDatum, type Datum } from "../periods.ts";
import {
  ALLA,
  FELREGISTRERING,
  FORSORJNING,
  FORSORJNING_IDS,
  INRIKTNINGAR,
  MATNINGSMETODER,
  OFFENTLIG_FORSORJNING,
  SYSSELSATTNING,
  SYSSELSATTNING_IDS,
} from "../insatser/kodlistor.ts";
import { luhnOk, maskeraPersonnummer, maskeraPersonnummerIText, parsePersonnummer } from "../insatser/personnummer.ts";
import { lasEllerSkapaNyckel, pseudonym } from "../insatser/pseudonym.ts";
import { resolveRegion } from "../sources/common.ts";
import { formatNumber } from "@forsorjningsmatt/delat/format.js";
import type { FieldRecord } from "./record.ts";

/** The part of the ingest's data these functions need (CanonicalData; a structural type avoids an import cycle). */
export interface InsatsContext {
  ref: Reference;
  data: {
    insatser: InsatsData;
    files: { fil: string }[];
    notes: Set<string>;
    loaded: number;
    forbund: { forbundId: string; forbundNamn: string }[];
  };
  fileId: number;
}

export interface InsatsRow {
  insatsId: string;
  /** The förbund as the file gives it (id or name); resolved to an id by finishInsatser. */
  forbundText: string | null;
  forbundId: string | null;
  namn: string | null;
  inriktning: string | null;
  matningsmetod: string | null;
  startDays: number | null;
  slutDays: number | null;
  malgrupp: string | null;
  planeradeDeltagare: number | null;
  fileId: number | null;
}

export interface EkonomiRow {
  insatsId: string;
  ar: number;
  budgettyp: string | null;
  /** Exact amounts in öre; null when not given. */
  budgetOre: bigint | null;
  utfallOre: bigint | null;
  fileId: number;
}

export interface DeltagareRow {
  deltagareId: string;
  insatsId: string;
  kon: "K" | "M";
  fodelsear: number | null;
  kommunkod: string | null;
  startDays: number;
  slutDays: number | null;
  avslutsanledning: string | null;
  sysselsattningFore: string | null;
  sysselsattningEfter: string | null;
  /** Sources before and after; null = unknown (no row in deltagare_forsorjning). */
  forsorjningFore: string[] | null;
  forsorjningEfter: string[] | null;
  fileId: number;
}

export interface AnonymaRow {
  insatsId: string;
  ar: number;
  kon: "K" | "M";
  antal: number;
  fileId: number;
}

export interface AntalRow {
  insatsId: string;
  ar: number;
  kon: "K" | "M" | "T";
  antal: number;
  kalla: string;
  fileId: number;
}

/** What was read how in one file, for the ingest summary. */
interface FilStatistik {
  personnummer: number;
  samordningsnummer: number;
  pnrUtanNolla: number;
  konFranPersonnummer: number;
  kommunKod: number;
  kommunUtanNolla: number;
  kommunNamn: number;
  felregistrering: number;
  /** Columns an adapter dropped without reading (names) or did not recognise. */
  borttagna: Set<string>;
  olasta: Set<string>;
  /** Other remarks an adapter made about the file (several sysselsättningar in a cell, units, …). */
  anmarkningar: Map<string, number>;
  /** Whether the file's columns were looked at for names (once per file). */
  kolumnerSedda: boolean;
}

interface Reference0 {
  rec: FieldRecord;
  field: string;
}

/** "1 rad", "2 rader". */
const antal = (n: number, en: string, flera: string) => `${formatNumber(n)} ${n === 1 ? en : flera}`;

const NAME_KEY = (s: string) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "");

/** Everything read about insatser; one field of CanonicalData. */
export class InsatsData {
  insatser: InsatsRow[] = [];
  ekonomi: EkonomiRow[] = [];
  deltagare: DeltagareRow[] = [];
  anonyma: AnonymaRow[] = [];
  antal: AntalRow[] = [];
  /**
   * Participations the ingest's fast path (loaders/bulk-deltagare.ts) wrote straight into the database, per file id:
   * writeInsatser numbers the rows read here around them, so deltagande_id follows the files' order whichever path
   * read a file.
   */
  readonly snabbaDeltaganden = new Map<number, number>();

  private readonly insatsIndex = new Map<string, { row: InsatsRow; rec: FieldRecord }>();
  private readonly referenser = new Map<string, Reference0>();
  /** Per kind, key → where it was first seen, packed in one number (file id × 2^32 + position): a million keys fit. */
  private readonly keys = new Map<string, Map<string, number>>();
  private readonly fileOf = new Map<number, string>();
  private readonly interned = new Map<string, string>();
  private readonly internedLists = new Map<string, string[]>();
  private readonly lineResolvers = new Map<number, FieldRecord>();
  private readonly stats = new Map<number, FilStatistik>();
  private readonly kommunCache = new Map<string, { kod: string; hur: "kod" | "utanNolla" | "namn" } | null>();
  private nyckel: Buffer | undefined;
  private nyckelNote: string | undefined;
  private identiskaInsatser = 0;

  /** Per-file statistics, created on first use (adapters add their own remarks through it). */
  statistik(fileId: number): FilStatistik {
    let s = this.stats.get(fileId);
    if (!s) {
      s = {
        personnummer: 0, samordningsnummer: 0, pnrUtanNolla: 0, konFranPersonnummer: 0,
        kommunKod: 0, kommunUtanNolla: 0, kommunNamn: 0, felregistrering: 0,
        borttagna: new Set(), olasta: new Set(), anmarkningar: new Map(), kolumnerSedda: false,
      };
      this.stats.set(fileId, s);
    }
    return s;
  }

  /** An adapter's remark about a file, counted (e.g. "flera sysselsättningar i en cell; den högsta användes"). */
  anmarkning(fileId: number, text: string): void {
    const a = this.statistik(fileId).anmarkningar;
    a.set(text, (a.get(text) ?? 0) + 1);
  }

  pseudonym(normalized: string): string {
    if (!this.nyckel) {
      const { key, skapad, fil } = lasEllerSkapaNyckel();
      this.nyckel = key;
      this.nyckelNote = skapad
        ? `En ny nyckel för pseudonymisering skapades i ${displayPath(fil)} (den checkas aldrig in; behåll den för att samma person ska få samma id vid nästa inläsning).`
        : `Personnummer pseudonymiseras med nyckeln i ${displayPath(fil)}.`;
    }
    return pseudonym(this.nyckel, normalized);
  }

  /** One shared copy of a value that repeats from row to row (insats ids, labels), so a million rows stay small. */
  intern(value: string): string {
    const seen = this.interned.get(value);
    if (seen !== undefined) return seen;
    if (this.interned.size < 100_000) this.interned.set(value, value);
    return value;
  }

  /** One shared list of sources for each distinct cell text. */
  internList(text: string, list: string[]): string[] {
    const seen = this.internedLists.get(text);
    if (seen) return seen;
    if (this.internedLists.size < 10_000) this.internedLists.set(text, list);
    return list;
  }

  /** Remembers the first place an insats is referred to, for the message when it turns out not to exist. */
  referera(insatsId: string, rec: FieldRecord, field: string): void {
    if (!this.referenser.has(insatsId)) this.referenser.set(insatsId, { rec, field });
  }

  /** Claims a key; a second row with the same key is refused with the place of the first. */
  claim(kind: string, key: string, rec: FieldRecord, fileId: number, describe: string): void {
    let map = this.keys.get(kind);
    if (!map) this.keys.set(kind, (map = new Map()));
    const seen = map.get(key);
    if (!this.lineResolvers.has(fileId)) {
      this.lineResolvers.set(fileId, rec);
      this.fileOf.set(fileId, rec.file);
    }
    if (seen === undefined) {
      map.set(key, fileId * 2 ** 32 + (rec.position ?? 2 ** 32 - 1));
      return;
    }
    const seenFileId = Math.floor(seen / 2 ** 32);
    const seenPosition = seen % 2 ** 32;
    const seenFile = this.fileOf.get(seenFileId)!;
    const line = seenPosition === 2 ** 32 - 1 ? undefined : this.lineResolvers.get(seenFileId)?.lineOf(seenPosition);
    throw new IngestError(
      { file: rec.file, line: rec.line },
      `en dubblett av ${describe}, som redan finns i ${seenFile === rec.file ? "samma fil" : displayPath(seenFile)}${line !== undefined ? ` på rad ${line}` : ""}`,
      "högst en rad per nyckel (en rad får inte räknas två gånger)",
    );
  }

  addInsats(row: InsatsRow, rec: FieldRecord): "ny" | "samma" {
    const seen = this.insatsIndex.get(row.insatsId);
    if (!seen) {
      this.insatsIndex.set(row.insatsId, { row, rec });
      this.insatser.push(row);
      return "ny";
    }
    const fields: [keyof InsatsRow, string][] = [
      ["forbundText", "forbund_id"], ["namn", "insats_namn"], ["inriktning", "inriktning"], ["matningsmetod", "matningsmetod"],
      ["startDays", "startdatum"], ["slutDays", "slutdatum"], ["malgrupp", "malgrupp"], ["planeradeDeltagare", "planerade_deltagare"],
    ];
    for (const [key, field] of fields) {
      if (row[key] !== seen.row[key]) {
        const line = seen.rec.line;
        rec.fail(
          field,
          `${quoteFound(rec.get(field))} för insats ${row.insatsId}, som redan finns med ${quoteFound(seen.rec.get(field))} i ${seen.rec.file === rec.file ? "samma fil" : displayPath(seen.rec.file)}${line !== undefined ? ` på rad ${line}` : ""}`,
          "samma uppgifter varje gång en insats förekommer (eller olika insats_id för olika insatser)",
        );
      }
    }
    this.identiskaInsatser++;
    return "samma";
  }

  kommun(text: string, ref: Reference): { kod: string; hur: "kod" | "utanNolla" | "namn" } | null {
    let hit = this.kommunCache.get(text);
    if (hit !== undefined) return hit;
    const current = (kod: string) => {
      const k = ref.omkodning.get(kod)?.nyKod ?? kod;
      return ref.kommunByKod.has(k) ? k : null;
    };
    if (/^\d{4}$/.test(text)) {
      const k = current(text);
      hit = k ? { kod: k, hur: "kod" } : null;
    } else if (/^\d{1,3}$/.test(text)) {
      const k = current(text.padStart(4, "0"));
      hit = k ? { kod: k, hur: "utanNolla" } : null;
    } else {
      const r = resolveRegion(text, ref);
      hit = r && r.regiontyp === "kommun" ? { kod: r.kod, hur: /^\d/.test(text) ? "kod" : "namn" } : null;
    }
    this.kommunCache.set(text, hit);
    return hit;
  }

  /** Notes for the ingest summary, and the key note; called once by finishInsatser. */
  notes(files: { fil: string }[]): string[] {
    const out: string[] = [];
    if (this.nyckelNote) out.push(this.nyckelNote);
    for (const [fileId, s] of [...this.stats].sort((a, b) => a[0] - b[0])) {
      const fil = files[fileId]?.fil ?? "";
      if (s.personnummer > 0) {
        const delar = [`${formatNumber(s.personnummer)} personnummer ersattes med en nyckelhash (HMAC-SHA256) och lagrades inte`];
        if (s.samordningsnummer) delar.push(`varav ${formatNumber(s.samordningsnummer)} samordningsnummer`);
        delar.push("födelseåret härleddes ur numret");
        if (s.konFranPersonnummer) delar.push(`kön härleddes ur numret för ${antal(s.konFranPersonnummer, "rad", "rader")} utan kön`);
        if (s.pnrUtanNolla) delar.push(`${formatNumber(s.pnrUtanNolla)} nummer hade tappat sin inledande nolla (9 siffror, läst som 10)`);
        out.push(`${fil}: ${delar.join("; ")}.`);
      }
      if (s.borttagna.size) out.push(`${fil}: ${s.borttagna.size === 1 ? "kolumnen" : "kolumnerna"} ${[...s.borttagna].join(", ")} togs bort utan att läsas (namn och andra personuppgifter lagras inte).`);
      if (s.olasta.size) out.push(`${fil}: ${s.olasta.size === 1 ? "kolumnen" : "kolumnerna"} ${[...s.olasta].join(", ")} känns inte igen och lästes inte (lägg till rubriken i aliasfilen om den ska läsas).`);
      const kommun = [
        s.kommunKod && `${formatNumber(s.kommunKod)} som kommunkod`,
        s.kommunUtanNolla && `${formatNumber(s.kommunUtanNolla)} som kod utan inledande nolla (t.ex. 180 → 0180)`,
        s.kommunNamn && `${formatNumber(s.kommunNamn)} som kommunnamn`,
      ].filter(Boolean);
      if (kommun.length) out.push(`${fil}: folkbokföringskommun lästes ${kommun.join(", ")}.`);
      if (s.felregistrering) out.push(`${fil}: ${antal(s.felregistrering, "deltagande", "deltaganden")} med avslutsanledning Felregistrering lästes in men räknas inte i något mått.`);
      for (const [text, n] of s.anmarkningar) out.push(`${fil}: ${text} (${formatNumber(n)} ${n === 1 ? "gång" : "gånger"}).`);
    }
    if (this.identiskaInsatser) out.push(`${formatNumber(this.identiskaInsatser)} insatser förekom mer än en gång med samma uppgifter och lästes in en gång.`);
    return out;
  }

  get harInsatslista(): boolean {
    return this.insatser.some((i) => i.fileId !== null);
  }

  /** Insats references by id: which exist, for finishInsatser. */
  get insatsReferenser(): Map<string, Reference0> {
    return this.referenser;
  }

  get insatsRader(): Map<string, { row: InsatsRow; rec: FieldRecord }> {
    return this.insatsIndex;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Fields

const YEAR = /^\d{4}$/;
const NON_NEGATIVE_INTEGER = /^\d+$/;
const AMOUNT = /^-?\d+(\.\d+)?$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;

interface ParsedDate {
  text: string;
  days: number;
  datum: Datum;
}

export function datum(rec: FieldRecord, field: string, required: boolean): ParsedDate | null {
  const text = rec.get(field);
  const expected = required ? "ett datum ÅÅÅÅ-MM-DD" : "ett datum ÅÅÅÅ-MM-DD eller ett tomt fält";
  if (text === "") {
    if (required) rec.fail(field, quoteFound(text), expected);
    return null;
  }
  const m = DATE_TIME.exec(text);
  const d = m ? parseDatum(m[1]) : null;
  if (!d) return rec.fail(field, quoteFound(text), `${expected} (ett riktigt datum, t.ex. 2024-03-15)`);
  return { text: m![1], days: epochDays(d), datum: d };
}

function year(rec: FieldRecord, field: string): number {
  const text = rec.get(field);
  if (!YEAR.test(text) || Number(text) < MIN_YEAR || Number(text) > MAX_YEAR) {
    rec.fail(field, quoteFound(text), `ett år med fyra siffror (${MIN_YEAR}–${MAX_YEAR}), t.ex. 2024`);
  }
  return Number(text);
}

function count(rec: FieldRecord, field: string): number {
  const text = rec.get(field);
  if (!NON_NEGATIVE_INTEGER.test(text) || Number(text) > 2_000_000_000) rec.fail(field, quoteFound(text), "ett antal personer: ett heltal som är 0 eller större");
  return Number(text);
}

function kon<T extends string>(rec: FieldRecord, allowed: readonly T[]): T {
  const value = rec.get("kon");
  if (!(allowed as readonly string[]).includes(value)) {
    const names: Record<string, string> = { K: "kvinnor", M: "män", T: "totalt" };
    rec.fail("kon", quoteFound(value), `${allowed.join(", ").replace(/, ([^,]*)$/, " eller $1")} (${allowed.map((k) => names[k]).join(", ")})`);
  }
  return value as T;
}

function optional(rec: FieldRecord, field: string): string | null {
  const v = rec.get(field);
  return v === "" ? null : v;
}

/** The value if it is one of the allowed (returned as the list's own string, so rows share it), else refused. */
export function oneOf(rec: FieldRecord, field: string, allowed: readonly string[]): string | null {
  const v = optional(rec, field);
  if (v === null) return null;
  const i = allowed.indexOf(v);
  if (i === -1) rec.fail(field, quoteFound(v), `ett tomt fält eller en av ${allowed.join(", ")}`);
  return allowed[i];
}

export const SYSSELSATTNING_LIST = SYSSELSATTNING.map((s) => s.id);

/** An exact amount in kronor (point as decimal sign, at most 2 decimals, not negative) in öre; null when empty. */
function kronor(rec: FieldRecord, field: string): bigint | null {
  const text = rec.get(field);
  if (text === "") return null;
  const expected = "ett belopp i kronor som inte är negativt, med punkt som decimaltecken och högst 2 decimaler, t.ex. 1250000.00";
  if (!AMOUNT.test(text) || text.startsWith("-")) rec.fail(field, quoteFound(text), expected);
  const [heltal, decimaler = ""] = text.split(".");
  if (decimaler.length > 2) rec.fail(field, quoteFound(text), expected);
  return BigInt(heltal) * 100n + BigInt(decimaler.padEnd(2, "0"));
}

/** The insats a row refers to (required, remembered for the check that it exists). */
function insatsRef(rec: FieldRecord, ctx: InsatsContext): string {
  const id = rec.required("insats_id", "ett insats-id");
  ctx.data.insatser.referera(id, rec, "insats_id");
  return id;
}

const FORSORJNING_EXPECTED = `ett tomt fält (okänt) eller källor åtskilda av |, bland ${FORSORJNING.map((f) => f.id).join(", ")}`;

export function forsorjning(rec: FieldRecord, field: string, d?: InsatsData): string[] | null {
  const text = rec.get(field);
  if (text === "") return null;
  const kallor: string[] = [];
  for (const part of text.split("|").map((p) => p.trim())) {
    if (!FORSORJNING_IDS.has(part)) rec.fail(field, quoteFound(part === "" ? text : part), FORSORJNING_EXPECTED);
    if (!kallor.includes(part)) kallor.push(part);
  }
  if (kallor.includes("ingen")) {
    const offentlig = kallor.find((k) => OFFENTLIG_FORSORJNING.has(k));
    if (offentlig) rec.fail(field, `${quoteFound(text)} (ingen offentlig försörjning tillsammans med ${offentlig})`, "antingen ingen eller de offentliga ersättningar personen hade, inte båda");
  }
  return d ? d.internList(text, kallor) : kallor;
}

// ---------------------------------------------------------------------------------------------------------------
// Rows

/** insatser: insats_id, forbund_id, insats_namn, inriktning, matningsmetod, startdatum, slutdatum, malgrupp, planerade_deltagare. */
export function acceptInsats(rec: FieldRecord, ctx: InsatsContext): void {
  const insatsId = rec.required("insats_id", "ett insats-id");
  if (insatsId.toLowerCase() === ALLA) rec.fail("insats_id", quoteFound(insatsId), `ett annat id än "${ALLA}" (det betyder alla insatser i måtten)`);
  const start = datum(rec, "startdatum", false);
  const slut = datum(rec, "slutdatum", false);
  if (start && slut && slut.days < start.days) rec.fail("slutdatum", quoteFound(slut.text), `ett slutdatum som inte ligger före startdatum ${start.text}`);
  const planerade = rec.get("planerade_deltagare") === "" ? null : count(rec, "planerade_deltagare");
  const row: InsatsRow = {
    insatsId,
    forbundText: optional(rec, "forbund_id"),
    forbundId: null,
    namn: optional(rec, "insats_namn"),
    inriktning: oneOf(rec, "inriktning", INRIKTNINGAR),
    matningsmetod: oneOf(rec, "matningsmetod", MATNINGSMETODER),
    startDays: start?.days ?? null,
    slutDays: slut?.days ?? null,
    malgrupp: optional(rec, "malgrupp"),
    planeradeDeltagare: planerade,
    fileId: ctx.fileId,
  };
  if (ctx.data.insatser.addInsats(row, rec) === "ny") ctx.data.loaded++;
}

/** insats_ekonomi: insats_id, ar, budget_kr, utfall_kr (exact, at least one), optional budgettyp. */
export function acceptInsatsEkonomi(rec: FieldRecord, ctx: InsatsContext): void {
  const insatsId = insatsRef(rec, ctx);
  const ar = year(rec, "ar");
  const budgettyp = optional(rec, "budgettyp");
  const budgetOre = kronor(rec, "budget_kr");
  const utfallOre = kronor(rec, "utfall_kr");
  if (budgetOre === null && utfallOre === null) rec.fail("utfall_kr", "varken budget eller utfall", "ett belopp i budget_kr, utfall_kr eller båda");
  ctx.data.insatser.claim("ekonomi", `${insatsId}|${ar}|${budgettyp ?? ""}`, rec, ctx.fileId, `insats ${insatsId}, år ${ar}${budgettyp ? `, budgettyp ${budgettyp}` : ""}`);
  ctx.data.insatser.ekonomi.push({ insatsId, ar, budgettyp, budgetOre, utfallOre, fileId: ctx.fileId });
  ctx.data.loaded++;
}

/** deltagare_anonyma: insats_id, ar, kon K/M, antal. */
export function acceptDeltagareAnonyma(rec: FieldRecord, ctx: InsatsContext): void {
  const insatsId = insatsRef(rec, ctx);
  const ar = year(rec, "ar");
  const k = kon(rec, ["K", "M"] as const);
  const antal = count(rec, "antal");
  ctx.data.insatser.claim("anonyma", `${insatsId}|${ar}|${k}`, rec, ctx.fileId, `anonyma deltagare i insats ${insatsId}, år ${ar}, kön ${k}`);
  ctx.data.insatser.anonyma.push({ insatsId, ar, kon: k, antal, fileId: ctx.fileId });
  ctx.data.loaded++;
}

/** Counts without individual data (Uppföljning Finsam): insats_id, ar, kon K/M/T, antal; kalla from the adapter. */
export function acceptDeltagareAntal(rec: FieldRecord, ctx: InsatsContext, kalla = "uppfoljning_finsam"): void {
  const insatsId = insatsRef(rec, ctx);
  const ar = year(rec, "ar");
  const k = kon(rec, ["K", "M", "T"] as const);
  const antal = count(rec, "antal");
  ctx.data.insatser.claim("antal", `${insatsId}|${ar}|${k}|${kalla}`, rec, ctx.fileId, `antal deltagare i insats ${insatsId}, år ${ar}, kön ${k}`);
  ctx.data.insatser.antal.push({ insatsId, ar, kon: k, antal, kalla, fileId: ctx.fileId });
  ctx.data.loaded++;
}

export const LOOKS_LIKE_PNR = /^(\d{6}|\d{8})[-+]?\d{4}$/;
export const NAME_COLUMNS = ["namn", "fornamn", "efternamn", "förnamn", "tilltalsnamn"];

/**
 * deltagare: deltagare_id or personnummer, insats_id, kon, fodelsear, kommunkod, startdatum, slutdatum,
 * avslutsanledning, forsorjning_fore, forsorjning_efter, sysselsattning_fore, sysselsattning_efter.
 * Any personnummer in a message — also one typed into another column — is masked.
 */
export function acceptDeltagare(rec: FieldRecord, ctx: InsatsContext): void {
  try {
    acceptDeltagareRad(rec, ctx);
  } catch (err) {
    if (!(err instanceof IngestError)) throw err;
    throw new IngestError(err.location, maskeraPersonnummerIText(err.found), maskeraPersonnummerIText(err.expected));
  }
}

function acceptDeltagareRad(rec: FieldRecord, ctx: InsatsContext): void {
  const d = ctx.data.insatser;
  const stats = d.statistik(ctx.fileId);
  if (!rec.has("deltagare_id") && !rec.has("personnummer")) {
    throw new IngestError({ file: rec.file, line: 1, column: "deltagare_id" }, "en rubrikrad utan kolumnen deltagare_id eller personnummer", "en kolumn deltagare_id (ett eget id per person) eller personnummer (ersätts med en nyckelhash vid inläsningen)");
  }
  if (!stats.kolumnerSedda) {
    // A canonical file may carry name columns: they are never read, and the summary says so.
    stats.kolumnerSedda = true;
    for (const c of NAME_COLUMNS) if (rec.has(c)) stats.borttagna.add(c);
  }
  const insatsId = insatsRef(rec, ctx);
  const start = datum(rec, "startdatum", true)!;
  const slut = datum(rec, "slutdatum", false);
  const avslutsanledning = optional(rec, "avslutsanledning");
  const felregistrering = avslutsanledning !== null && avslutsanledning.toLowerCase() === FELREGISTRERING;
  if (felregistrering) stats.felregistrering++;
  if (slut && slut.days < start.days && !felregistrering) {
    rec.fail("slutdatum", quoteFound(slut.text), `ett slutdatum som inte ligger före startdatum ${start.text}`);
  }

  let deltagareId: string;
  let fodelsear: number | null = null;
  let konFranNummer: "K" | "M" | null = null;
  const pnrText = rec.get("personnummer");
  if (pnrText !== "") {
    const p = parsePersonnummer(pnrText, start.datum);
    if ("fel" in p) {
      rec.fail("personnummer", `${p.fel} (${maskeraPersonnummer(pnrText)})`, "ett giltigt personnummer eller samordningsnummer, ÅÅÅÅMMDD-NNNN eller ÅÅMMDD-NNNN, med rätt kontrollsiffra");
    }
    deltagareId = d.pseudonym(p.normalized);
    fodelsear = p.fodelsear;
    konFranNummer = p.kon;
    stats.personnummer++;
    if (p.samordningsnummer) stats.samordningsnummer++;
    if (p.utanNolla) stats.pnrUtanNolla++;
  } else {
    deltagareId = rec.get("deltagare_id");
    if (deltagareId === "") {
      rec.fail(rec.has("deltagare_id") ? "deltagare_id" : "personnummer", quoteFound(""), "ett deltagar-id eller ett personnummer för varje deltagande");
    }
    const digits = deltagareId.replace(/\s+/g, "");
    if (LOOKS_LIKE_PNR.test(digits) && luhnOk(digits.replace(/[-+]/g, "").slice(-10))) {
      rec.fail("deltagare_id", `ett id som ser ut som ett personnummer (${maskeraPersonnummer(digits)})`, "ett eget löpnummer; ett personnummer läggs i kolumnen personnummer, så ersätts det med en nyckelhash");
    }
  }

  let k = rec.get("kon");
  if (k === "" && konFranNummer) {
    k = konFranNummer;
    stats.konFranPersonnummer++;
  } else if (k !== "K" && k !== "M") {
    rec.fail("kon", quoteFound(k), "K eller M (kvinnor, män)" + (rec.has("personnummer") ? "" : ", eller ett personnummer som kön kan härledas ur"));
  }

  const fText = rec.get("fodelsear");
  if (fText !== "") {
    if (!YEAR.test(fText) || Number(fText) < 1900 || Number(fText) > start.datum.ar) {
      rec.fail("fodelsear", quoteFound(fText), `ett födelseår med fyra siffror, 1900–${start.datum.ar} (inte efter startåret)`);
    }
    if (fodelsear !== null && Number(fText) !== fodelsear) {
      rec.fail("fodelsear", `${quoteFound(fText)}, som inte stämmer med personnumrets födelseår ${fodelsear}`, "samma födelseår som i personnumret, eller ett tomt fält");
    }
    fodelsear = Number(fText);
  }

  let kommunkod: string | null = null;
  const kommunText = rec.get("kommunkod");
  if (kommunText !== "") {
    const hit = d.kommun(kommunText, ctx.ref);
    if (!hit) {
      rec.fail("kommunkod", quoteFound(kommunText), "en kommun bland Sveriges 290: kommunkod med 4 siffror (0180), koden utan inledande nolla som Excel skriver den (180) eller kommunens namn (Stockholm)");
    }
    kommunkod = hit.kod;
    if (hit.hur === "kod") stats.kommunKod++;
    else if (hit.hur === "utanNolla") stats.kommunUtanNolla++;
    else stats.kommunNamn++;
  }

  const row: DeltagareRow = {
    deltagareId,
    insatsId: d.intern(insatsId),
    kon: k as "K" | "M",
    fodelsear,
    kommunkod,
    startDays: start.days,
    slutDays: slut?.days ?? null,
    avslutsanledning: avslutsanledning === null ? null : d.intern(avslutsanledning),
    sysselsattningFore: oneOf(rec, "sysselsattning_fore", SYSSELSATTNING_LIST),
    sysselsattningEfter: oneOf(rec, "sysselsattning_efter", SYSSELSATTNING_LIST),
    forsorjningFore: forsorjning(rec, "forsorjning_fore", d),
    forsorjningEfter: forsorjning(rec, "forsorjning_efter", d),
    fileId: ctx.fileId,
  };
  d.claim("deltagande", `${deltagareId}|${insatsId}|${start.days}`, rec, ctx.fileId, `deltagandet (samma deltagare i insats ${insatsId} med startdatum ${start.text})`);
  d.deltagare.push(row);
  ctx.data.loaded++;
}

// ---------------------------------------------------------------------------------------------------------------
// After every file is read

/**
 * Checks what only all files together can tell (each insats referred to exists; each insats's förbund exists) and
 * adds the summary notes. Call once, after the förbund list is known (the built-in one or forbund*.csv).
 */
export function finishInsatser(data: InsatsContext["data"]): void {
  const d = data.insatser;
  const refs = d.insatsReferenser;
  const index = d.insatsRader;

  // The förbund of each insats: by id or by name, ignoring case and diacritics.
  if (d.insatser.length) {
    const byKey = new Map<string, string>();
    for (const f of data.forbund) {
      byKey.set(NAME_KEY(f.forbundNamn), f.forbundId);
      byKey.set(NAME_KEY(f.forbundId), f.forbundId);
    }
    const exact = new Set(data.forbund.map((f) => f.forbundId));
    for (const row of d.insatser) {
      if (row.forbundText === null) continue;
      const id = exact.has(row.forbundText) ? row.forbundText : byKey.get(NAME_KEY(row.forbundText));
      if (!id) {
        const { rec } = index.get(row.insatsId)!;
        const examples = data.forbund.slice(0, 2).map((f) => `${f.forbundId} eller ${f.forbundNamn}`).join("; ");
        rec.fail("forbund_id", quoteFound(row.forbundText), `ett förbund i datamängden, angivet med id eller namn (t.ex. ${examples}); förbunden kommer från forbund*.csv eller den inbyggda listan data/reference/forbund/forbund_2012.csv`);
      }
      row.forbundId = id!;
    }
  }

  // Every insats referred to must exist — by id, or by its name when exactly one insats has it.
  const remap = new Map<string, string>();
  if (d.harInsatslista) {
    const byName = new Map<string, string[]>();
    for (const row of d.insatser) if (row.namn) byName.set(NAME_KEY(row.namn), [...(byName.get(NAME_KEY(row.namn)) ?? []), row.insatsId]);
    const listFiles = [...new Set(d.insatser.map((i) => (i.fileId === null ? "" : data.files[i.fileId].fil)))].join(", ");
    for (const [id, { rec, field }] of refs) {
      if (index.has(id)) continue;
      const named = byName.get(NAME_KEY(id));
      if (named && named.length === 1) {
        remap.set(id, named[0]);
        continue;
      }
      rec.fail(field, quoteFound(id), `en insats som finns bland insatserna i ${listFiles} (med id eller namn)`);
    }
  } else if (refs.size) {
    const ids = [...refs.keys()].sort();
    for (const id of ids) {
      d.insatser.push({ insatsId: id, forbundText: null, forbundId: null, namn: null, inriktning: null, matningsmetod: null, startDays: null, slutDays: null, malgrupp: null, planeradeDeltagare: null, fileId: null });
    }
    data.notes.add(
      `Ingen insatslista (insatser*.csv eller en SUS-lista med insatser) gavs: ${formatNumber(ids.length)} insatser skapades ur deltagar- och beloppsfilerna, utan namn och förbund (de ingår bara i summan för alla insatser).`,
    );
  }
  if (remap.size) {
    for (const rows of [d.deltagare, d.ekonomi, d.anonyma, d.antal] as { insatsId: string }[][]) {
      for (const r of rows) r.insatsId = remap.get(r.insatsId) ?? r.insatsId;
    }
    data.notes.add(`${formatNumber(remap.size)} insatser angavs med namn i stället för id och kopplades till sina id (${[...remap].map(([n, id]) => `${n} → ${id}`).join(", ")}).`);
  }
  for (const note of d.notes(data.files)) data.notes.add(note);
}
