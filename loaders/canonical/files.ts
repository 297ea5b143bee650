// The canonical input files of DESIGN.md §4: how each is recognised, its columns, and the check of every field.
import Decimal from "decimal.js";
import { ERSATTNINGAR, MAX_AGE, type ErsattningId } from "../config.ts";
import { displayPath, IngestError, quoteFound } from "../errors.ts";
import { epochDays, halvarForManad, halvarStart, parseDatum, parseHalvar, parseManad } from "../periods.ts";
import type { Reference } from "../reference.ts";
import { type CsvLayout, type CsvRecord, readCsv } from "./read-csv.ts";

export type CanonicalKind = "befolkning" | "utbetalningar" | "helarsekvivalenter" | "forbund";

export const CANONICAL_LAYOUTS: Record<CanonicalKind, CsvLayout & { pattern: RegExp }> = {
  befolkning: { pattern: /^befolkning.*\.csv$/i, required: ["kommunkod", "datum", "alder", "kon", "antal"] },
  utbetalningar: {
    pattern: /^utbetalningar.*\.csv$/i,
    required: ["kommunkod", "period", "ersattning", "kon", "belopp_kr"],
  },
  helarsekvivalenter: {
    pattern: /^helarsekvivalenter.*\.csv$/i,
    required: ["kommunkod", "manad", "ersattning", "kon", "helarsekvivalenter"],
  },
  forbund: {
    pattern: /^forbund.*\.csv$/i,
    required: ["forbund_id", "forbund_namn", "kommunkod", "fran", "till"],
    optional: ["delomrade"],
  },
};

export function canonicalKindOf(fileName: string): CanonicalKind | undefined {
  return (Object.keys(CANONICAL_LAYOUTS) as CanonicalKind[]).find((k) => CANONICAL_LAYOUTS[k].pattern.test(fileName));
}

/** Where a row came from, for messages about duplicates and overlaps found across files. */
export interface Origin {
  file: string;
  line: number;
}

export interface BefolkningRow {
  kommunkod: string;
  datumDays: number;
  alder: number;
  kon: "K" | "M";
  antal: number;
}

export interface UtbetalningRow {
  kommunkod: string;
  period: string;
  manad: string | null;
  halvar: string;
  ersattning: ErsattningId;
  kon: "K" | "M" | "T";
  /** Exact amount in öre. */
  beloppOre: bigint;
}

export interface HelarsekvivalentRow {
  kommunkod: string;
  manad: string;
  halvar: string;
  ersattning: ErsattningId;
  kon: "K" | "M" | "T";
  /** Exact value in hundredths. */
  helarsekvivalenterHundradelar: bigint;
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
}

/** Everything parsed from the data directory, plus the keys seen, so duplicates across files are caught. */
export class CanonicalData {
  befolkning: BefolkningRow[] = [];
  utbetalningar: UtbetalningRow[] = [];
  helarsekvivalenter: HelarsekvivalentRow[] = [];
  forbund: ForbundRow[] = [];
  /** Warnings for the user (split kommun codes, recoded codes), printed after the ingest. */
  notes = new Set<string>();
  readonly keys: Record<CanonicalKind, Map<string, Origin>> = {
    befolkning: new Map(),
    utbetalningar: new Map(),
    helarsekvivalenter: new Map(),
    forbund: new Map(),
  };
  /** Half-year rows of payouts by (kommun, ersättning, kön, halvår), and months likewise, to refuse overlaps. */
  readonly utbetalningHalvar = new Map<string, Origin & { period: string }>();
  readonly utbetalningManad = new Map<string, Origin & { period: string }>();
  readonly forbundNamn = new Map<string, Origin & { namn: string }>();
}

const ERSATTNING_IDS = new Set<string>(ERSATTNINGAR.map((e) => e.id));
const ERSATTNING_EXPECTED = `en av ${ERSATTNINGAR.map((e) => e.id).join(", ")}`;
const AMOUNT = /^-?\d+(\.\d+)?$/;
const NON_NEGATIVE_INTEGER = /^\d+$/;

function kommunkod(rec: CsvRecord, ref: Reference, data: CanonicalData, column = "kommunkod", periodStart?: string): string {
  const kod = rec.required(column, "en kommunkod med 4 siffror, t.ex. 0180");
  if (!/^\d{4}$/.test(kod)) {
    rec.fail(column, quoteFound(kod), "en kommunkod med 4 siffror och inledande nolla, t.ex. 0180 (inte 180)");
  }
  const recode = ref.omkodning.get(kod);
  if (recode) {
    data.notes.add(`Kommunkod ${kod} har räknats om till ${recode.nyKod}: ${recode.beskrivning}.`);
    return recode.nyKod;
  }
  if (!ref.kommunByKod.has(kod)) {
    rec.fail(column, quoteFound(kod), "en kommunkod bland Sveriges 290 kommuner (data/reference/kommuner/municipalities.csv)");
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

function kon<T extends string>(rec: CsvRecord, allowed: readonly T[]): T {
  const value = rec.get("kon");
  if (!(allowed as readonly string[]).includes(value)) {
    rec.fail("kon", quoteFound(value), `${allowed.join(", ").replace(/, ([^,]*)$/, " eller $1")} (${allowed.map((k) => ({ K: "kvinnor", M: "män", T: "totalt" })[k as "K"]).join(", ")})`);
  }
  return value as T;
}

function ersattning(rec: CsvRecord): ErsattningId {
  const value = rec.get("ersattning");
  if (!ERSATTNING_IDS.has(value)) rec.fail("ersattning", quoteFound(value), ERSATTNING_EXPECTED);
  return value as ErsattningId;
}

/** An exact decimal with at most `decimals` decimals, scaled to an integer (kronor → öre). */
function exactScaled(rec: CsvRecord, column: string, decimals: number, what: string, allowNegative: boolean): bigint {
  const text = rec.get(column);
  const expected = `${what} med punkt som decimaltecken och högst ${decimals} decimaler, t.ex. 1234567.50`;
  if (text === "") rec.fail(column, quoteFound(text), expected);
  if (!AMOUNT.test(text)) rec.fail(column, quoteFound(text), expected);
  const d = new Decimal(text);
  if (d.decimalPlaces() > decimals) rec.fail(column, quoteFound(text), expected);
  if (!allowNegative && d.isNegative()) rec.fail(column, quoteFound(text), `${what} som inte är negativt`);
  return BigInt(d.times(new Decimal(10).pow(decimals)).toFixed(0));
}

function checkUnique(data: CanonicalData, kind: CanonicalKind, key: string, rec: CsvRecord, describe: string): void {
  const seen = data.keys[kind].get(key);
  if (seen) {
    throw new IngestError(
      { file: rec.file, line: rec.line },
      `en dubblett av ${describe}, som redan finns i ${seen.file === rec.file ? "samma fil" : displayPath(seen.file)} på rad ${seen.line}`,
      "högst en rad per nyckel (en rad får inte räknas två gånger)",
    );
  }
  data.keys[kind].set(key, { file: rec.file, line: rec.line });
}

async function readBefolkning(file: string, ref: Reference, data: CanonicalData): Promise<number> {
  let n = 0;
  for await (const rec of readCsv(file, CANONICAL_LAYOUTS.befolkning)) {
    const datumText = rec.required("datum", "ett datum ÅÅÅÅ-12-31");
    const datum = parseDatum(datumText);
    if (!datum) throw rec.error("datum", quoteFound(datumText), "ett giltigt datum ÅÅÅÅ-MM-DD, normalt ÅÅÅÅ-12-31");
    if (datum.manad !== 12 || datum.dag !== 31) {
      rec.fail("datum", quoteFound(datumText), "folkmängden den 31 december (ÅÅÅÅ-12-31): befolkningen per halvår interpoleras mellan årsskiften");
    }
    const kod = kommunkod(rec, ref, data, "kommunkod", datumText);
    const alderText = rec.get("alder");
    if (!NON_NEGATIVE_INTEGER.test(alderText) || Number(alderText) > MAX_AGE) {
      rec.fail("alder", quoteFound(alderText), `en ålder i hela år 0–${MAX_AGE} (${MAX_AGE} = ${MAX_AGE} år och äldre)`);
    }
    const k = kon(rec, ["K", "M"] as const);
    const antalText = rec.get("antal");
    if (!NON_NEGATIVE_INTEGER.test(antalText)) {
      rec.fail("antal", quoteFound(antalText), "ett antal personer: ett heltal som är 0 eller större");
    }
    const alder = Number(alderText);
    checkUnique(data, "befolkning", `${kod}|${datumText}|${alder}|${k}`, rec, `kommun ${kod}, ${datumText}, ålder ${alder}, kön ${k}`);
    data.befolkning.push({ kommunkod: kod, datumDays: epochDays(datum), alder, kon: k, antal: Number(antalText) });
    n++;
  }
  return n;
}

async function readUtbetalningar(file: string, ref: Reference, data: CanonicalData): Promise<number> {
  let n = 0;
  for await (const rec of readCsv(file, CANONICAL_LAYOUTS.utbetalningar)) {
    const period = rec.required("period", "en månad ÅÅÅÅ-MM eller ett halvår ÅÅÅÅH1/ÅÅÅÅH2");
    const manad = parseManad(period);
    const halvarParsed = manad ? null : parseHalvar(period);
    if (!manad && !halvarParsed) {
      rec.fail("period", quoteFound(period), "en månad ÅÅÅÅ-MM (t.ex. 2024-03) eller ett halvår ÅÅÅÅH1/ÅÅÅÅH2 (t.ex. 2024H1)");
    }
    const halvar = manad ? halvarForManad(manad) : period;
    const kod = kommunkod(rec, ref, data, "kommunkod", manad ? `${period}-01` : halvarStart(halvar));
    const e = ersattning(rec);
    const k = kon(rec, ["K", "M", "T"] as const);
    const beloppOre = exactScaled(rec, "belopp_kr", 2, "ett belopp i kronor", true);
    checkUnique(data, "utbetalningar", `${kod}|${period}|${e}|${k}`, rec, `kommun ${kod}, period ${period}, ${e}, kön ${k}`);
    // A half-year row and monthly rows for the same kommun, ersättning and kön would be counted twice.
    const overlapKey = `${kod}|${e}|${k}|${halvar}`;
    const origin = { file: rec.file, line: rec.line, period };
    const other = manad ? data.utbetalningHalvar.get(overlapKey) : data.utbetalningManad.get(overlapKey);
    if (other) {
      rec.fail(
        "period",
        `${quoteFound(period)} för kommun ${kod}, ${e}, kön ${k}, som överlappar ${manad ? "halvårsraden" : "månadsraden"} ${other.period} i ${other.file === rec.file ? "samma fil" : displayPath(other.file)} på rad ${other.line}`,
        "antingen månadsrader eller en halvårsrad för samma kommun, ersättning, kön och halvår, inte båda",
      );
    }
    (manad ? data.utbetalningManad : data.utbetalningHalvar).set(overlapKey, origin);
    data.utbetalningar.push({ kommunkod: kod, period, manad: manad ? period : null, halvar, ersattning: e, kon: k, beloppOre });
    n++;
  }
  return n;
}

async function readHelarsekvivalenter(file: string, ref: Reference, data: CanonicalData): Promise<number> {
  let n = 0;
  for await (const rec of readCsv(file, CANONICAL_LAYOUTS.helarsekvivalenter)) {
    const manadText = rec.required("manad", "en månad ÅÅÅÅ-MM");
    const manad = parseManad(manadText);
    if (!manad) throw rec.error("manad", quoteFound(manadText), "en månad ÅÅÅÅ-MM, t.ex. 2024-03");
    const kod = kommunkod(rec, ref, data, "kommunkod", `${manadText}-01`);
    const e = ersattning(rec);
    const k = kon(rec, ["K", "M", "T"] as const);
    const value = exactScaled(rec, "helarsekvivalenter", 2, "ett antal helårsekvivalenter", false);
    checkUnique(data, "helarsekvivalenter", `${kod}|${manadText}|${e}|${k}`, rec, `kommun ${kod}, månad ${manadText}, ${e}, kön ${k}`);
    data.helarsekvivalenter.push({
      kommunkod: kod,
      manad: manadText,
      halvar: halvarForManad(manad),
      ersattning: e,
      kon: k,
      helarsekvivalenterHundradelar: value,
    });
    n++;
  }
  return n;
}

function optionalDatum(rec: CsvRecord, column: string): { text: string | null; days: number | null } {
  const text = rec.get(column);
  if (text === "") return { text: null, days: null };
  const d = parseDatum(text);
  if (!d) throw rec.error(column, quoteFound(text), "ett giltigt datum ÅÅÅÅ-MM-DD eller ett tomt fält");
  return { text, days: epochDays(d) };
}

async function readForbund(file: string, ref: Reference, data: CanonicalData): Promise<number> {
  let n = 0;
  for await (const rec of readCsv(file, CANONICAL_LAYOUTS.forbund)) {
    const id = rec.required("forbund_id", "ett id för förbundet (bokstäver a–z, siffror och bindestreck)");
    if (!/^[a-z0-9][a-z0-9_-]*$/.test(id)) {
      rec.fail("forbund_id", quoteFound(id), "ett id av små bokstäver a–z, siffror, - och _ (det blir en del av sidans adress)");
    }
    const namn = rec.required("forbund_namn", "förbundets namn");
    const kodText = rec.get("kommunkod");
    if (!/^\d{4}$/.test(kodText) || (!ref.kommunByKod.has(kodText) && !ref.omkodning.has(kodText))) {
      rec.fail("kommunkod", quoteFound(kodText), "en medlem som är en av Sveriges 290 kommuner, angiven med sin kommunkod (4 siffror)");
    }
    const kod = kommunkod(rec, ref, data);
    const fran = optionalDatum(rec, "fran");
    const till = optionalDatum(rec, "till");
    if (fran.days !== null && till.days !== null && till.days < fran.days) {
      rec.fail("till", quoteFound(till.text), `ett slutdatum som inte ligger före startdatum ${fran.text}`);
    }
    const seenNamn = data.forbundNamn.get(id);
    if (seenNamn && seenNamn.namn !== namn) {
      rec.fail("forbund_namn", quoteFound(namn), `samma namn som på rad ${seenNamn.line} i ${displayPath(seenNamn.file)} för förbund ${id}: "${seenNamn.namn}"`);
    }
    data.forbundNamn.set(id, { file: rec.file, line: rec.line, namn });
    const delomrade = rec.get("delomrade") || null;
    checkUnique(data, "forbund", `${id}|${kod}|${fran.text ?? ""}|${delomrade ?? ""}`, rec, `förbund ${id}, kommun ${kod}, från ${fran.text ?? "(tomt)"}`);
    data.forbund.push({
      forbundId: id,
      forbundNamn: namn,
      kommunkod: kod,
      fran: fran.text,
      till: till.text,
      franDays: fran.days,
      tillDays: till.days,
      delomrade,
    });
    n++;
  }
  return n;
}

export const READERS: Record<CanonicalKind, (file: string, ref: Reference, data: CanonicalData) => Promise<number>> = {
  befolkning: readBefolkning,
  utbetalningar: readUtbetalningar,
  helarsekvivalenter: readHelarsekvivalenter,
  forbund: readForbund,
};
