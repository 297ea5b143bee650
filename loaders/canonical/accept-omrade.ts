// The shared validation of the area tables (omrade-data.ts): delområden and their payouts, parts of a summed
// ersättning, a population a source gives for an age band, and yearly helårsekvivalenter. Same rules and messages as
// accept.ts (file, place, found, expected); duplicates are refused through CanonicalData.claim().
import { MAX_AGE, type ErsattningId } from "../config.ts";
import { displayPath, quoteFound } from "../errors.ts";
import { halvarForManad, halvarStart, MAX_YEAR, MIN_YEAR, parseHalvar, parseManad } from "../periods.ts";
import {
  type AcceptContext,
  acceptErsattning,
  acceptKommunkod,
  acceptKon,
  acceptStatus,
  exactScaled,
  NULL_STATUS,
} from "./accept.ts";
import {
  DELOMRADESTYPER,
  type Delomradestyp,
  type BefolkningAngivenRow,
  type HelarsekvivalentArRow,
  OMRADESTYPER,
  type Omradestyp,
  type UtbetalningDelomradeRow,
  type UtbetalningDelRow,
} from "./omrade-data.ts";
import type { FieldRecord } from "./record.ts";

/** The parts a source may give separately, and the ersättning their exact sum is stored as. */
export const DELAR: Record<string, ErsattningId> = {
  sjukersattning: "sjuk_och_aktivitetsersattning",
  aktivitetsersattning: "sjuk_och_aktivitetsersattning",
};

const TYP_NAMN: Record<Omradestyp, string> = {
  riket: "riket",
  lan: "län",
  kommun: "kommun",
  stadsdel: "stadsdel",
  valdistrikt: "valdistrikt",
  forbundsomrade: "förbundsområde",
};
/** "ett valdistrikt", "en stadsdel". */
const MED_ARTIKEL: Record<Omradestyp, string> = {
  riket: "riket",
  lan: "ett län",
  kommun: "en kommun",
  stadsdel: "en stadsdel",
  valdistrikt: "ett valdistrikt",
  forbundsomrade: "ett förbundsområde",
};

const delomradeKey = (kommunkod: string, typ: string, kod: string) => `${kommunkod}|${typ}|${kod}`;

function acceptDelomradestyp(rec: FieldRecord, field = "typ"): Delomradestyp {
  const typ = rec.get(field);
  if (!(DELOMRADESTYPER as readonly string[]).includes(typ)) rec.fail(field, quoteFound(typ), `en av ${DELOMRADESTYPER.join(", ")}`);
  return typ as Delomradestyp;
}

/**
 * delomrade: kommunkod, typ (stadsdel / valdistrikt / forbundsomrade), kod (the source's code, or the name), namn.
 * A delområde is stored once however many rows name it; the same code with another name is refused (or, from a newer
 * dated download of the same source, takes the newer name).
 */
export function acceptDelomrade(rec: FieldRecord, ctx: AcceptContext): { kommunkod: string; typ: Delomradestyp; kod: string } {
  const typ = acceptDelomradestyp(rec);
  const kommunkod = acceptKommunkod(rec, ctx, "kommunkod");
  const kod = rec.required("kod", "delområdets kod, eller dess namn när källan inte ger någon kod");
  const namn = rec.required("namn", "delområdets namn");
  const omraden = ctx.data.omraden;
  const key = delomradeKey(kommunkod, typ, kod);
  const seen = omraden.delomradeIndex.get(key);
  if (!seen) {
    omraden.delomradeIndex.set(key, { index: omraden.delomraden.length, file: rec.file, line: rec.line, fileId: ctx.fileId });
    omraden.delomraden.push({ kommunkod, typ, kod, namn, fileId: ctx.fileId });
    ctx.data.loaded++;
  } else {
    const row = omraden.delomraden[seen.index];
    if (row.namn !== namn) {
      const a = ctx.data.files[seen.fileId];
      const b = ctx.data.files[ctx.fileId];
      if (a && b && a.kalla === b.kalla && a.hamtad && b.hamtad && a.hamtad !== b.hamtad) {
        if (b.hamtad > a.hamtad) omraden.delomraden[seen.index] = { ...row, namn, fileId: ctx.fileId };
      } else {
        rec.fail(
          "namn",
          quoteFound(namn),
          `samma namn som ${TYP_NAMN[typ]} ${kod} i kommun ${kommunkod} har i ${seen.file === rec.file ? "samma fil" : displayPath(seen.file)}${seen.line !== undefined ? ` på rad ${seen.line}` : ""}: "${row.namn}"`,
        );
      }
    }
  }
  return { kommunkod, typ, kod };
}

interface Region {
  regiontyp: Omradestyp;
  regionkod: string;
  kommunkod: string | null;
}

/**
 * The region of a row in utbetalning_del, befolkning_angiven or helarsekvivalent_ar: regiontyp, regionkod and (for a
 * kommun or a delområde) kommunkod. A kommun's regionkod is its kommunkod; a delområde must have been read first.
 */
function acceptRegion(rec: FieldRecord, ctx: AcceptContext, periodStart: string): Region {
  const typ = rec.get("regiontyp");
  if (!(OMRADESTYPER as readonly string[]).includes(typ)) rec.fail("regiontyp", quoteFound(typ), `en av ${OMRADESTYPER.join(", ")}`);
  const regiontyp = typ as Omradestyp;
  if (regiontyp === "riket") {
    const kod = rec.get("regionkod");
    if (kod !== "00") rec.fail("regionkod", quoteFound(kod), "00 för riket");
    return { regiontyp, regionkod: "00", kommunkod: null };
  }
  if (regiontyp === "lan") {
    const kod = rec.get("regionkod");
    if (!ctx.ref.lan.some((l) => l.lanskod === kod)) rec.fail("regionkod", quoteFound(kod), "en av de 21 länskoderna (01, 03, …, 25)");
    return { regiontyp, regionkod: kod, kommunkod: null };
  }
  const kommunkod = acceptKommunkod(rec, ctx, "kommunkod", periodStart);
  if (regiontyp === "kommun") return { regiontyp, regionkod: kommunkod, kommunkod };
  const kod = rec.required("regionkod", `koden eller namnet för ${MED_ARTIKEL[regiontyp]}`);
  if (!ctx.data.omraden.delomradeIndex.has(delomradeKey(kommunkod, regiontyp, kod))) {
    rec.fail("regionkod", quoteFound(kod), `${MED_ARTIKEL[regiontyp]} i kommun ${kommunkod} som har lästs in som delområde`);
  }
  return { regiontyp, regionkod: kod, kommunkod };
}

interface Period {
  period: string;
  manad: string | null;
  halvar: string | null;
  ar: number;
  start: string;
}

/** A year YYYY (the finsam.se delivery is yearly), or a half-year or month as in utbetalning. */
function acceptPeriod(rec: FieldRecord): Period {
  const expected = `ett år ÅÅÅÅ (${MIN_YEAR}–${MAX_YEAR}), ett halvår ÅÅÅÅH1/ÅÅÅÅH2 eller en månad ÅÅÅÅ-MM`;
  const period = rec.required("period", expected);
  const manad = parseManad(period);
  if (manad) return { period, manad: period, halvar: halvarForManad(manad), ar: manad.ar, start: `${period}-01` };
  const h = parseHalvar(period);
  if (h) return { period, manad: null, halvar: period, ar: h.ar, start: halvarStart(period) };
  if (/^\d{4}$/.test(period) && Number(period) >= MIN_YEAR && Number(period) <= MAX_YEAR) {
    return { period, manad: null, halvar: null, ar: Number(period), start: `${period}-01-01` };
  }
  return rec.fail("period", quoteFound(period), expected);
}

function acceptAr(rec: FieldRecord): number {
  const text = rec.get("ar");
  if (!/^\d{4}$/.test(text) || Number(text) < MIN_YEAR || Number(text) > MAX_YEAR) rec.fail("ar", quoteFound(text), `ett år ÅÅÅÅ (${MIN_YEAR}–${MAX_YEAR})`);
  return Number(text);
}

/** alder_fran and alder_till: whole ages 0–MAX_AGE, the first not above the second; both empty when `optional`. */
function acceptBand(rec: FieldRecord, optional: boolean): { fran: number; till: number } | null {
  const franText = rec.get("alder_fran");
  const tillText = rec.get("alder_till");
  if (optional && franText === "" && tillText === "") return null;
  const age = (field: string, text: string) => {
    if (!/^\d{1,3}$/.test(text) || Number(text) > MAX_AGE) rec.fail(field, quoteFound(text), `en ålder i hela år 0–${MAX_AGE}`);
    return Number(text);
  };
  const fran = age("alder_fran", franText);
  const till = age("alder_till", tillText);
  if (fran > till) rec.fail("alder_till", quoteFound(tillText), `en ålder som inte är lägre än alder_fran (${fran})`);
  return { fran, till };
}

/** utbetalning_delomrade: kommunkod, typ, kod (a delområde read before), period, ersattning, kon, belopp_kr, status. */
export function acceptUtbetalningDelomrade(rec: FieldRecord, ctx: AcceptContext): void {
  const p = acceptPeriod(rec);
  const typ = acceptDelomradestyp(rec);
  const kommunkod = acceptKommunkod(rec, ctx, "kommunkod", p.start);
  const kod = rec.required("kod", "delområdets kod eller namn");
  if (!ctx.data.omraden.delomradeIndex.has(delomradeKey(kommunkod, typ, kod))) {
    rec.fail("kod", quoteFound(kod), `${MED_ARTIKEL[typ]} i kommun ${kommunkod} som har lästs in som delområde`);
  }
  const e = acceptErsattning(rec);
  const k = acceptKon(rec, ["K", "M", "T"] as const);
  const status = acceptStatus(rec);
  const beloppOre = exactScaled(rec, "belopp_kr", 2, "ett belopp i kronor", true, status);
  const rows = ctx.data.omraden.utbetalningar;
  const claim = ctx.data.claim(
    "utbetalning_delomrade",
    `${kommunkod}|${typ}|${kod}|${p.period}|${e}|${k}`,
    rec,
    ctx.fileId,
    rows.length,
    `${TYP_NAMN[typ]} ${kod} i kommun ${kommunkod}, period ${p.period}, ${e}, kön ${k}`,
  );
  const row: UtbetalningDelomradeRow = { kommunkod, typ, kod, period: p.period, manad: p.manad, halvar: p.halvar, ar: p.ar, ersattning: e, kon: k, beloppOre, status, fileId: ctx.fileId };
  ctx.data.place(rows, row, claim);
}

const describeRegion = (r: Region) =>
  r.regiontyp === "riket" ? "riket" : r.regiontyp === "lan" || r.regiontyp === "kommun" ? `${TYP_NAMN[r.regiontyp]} ${r.regionkod}` : `${TYP_NAMN[r.regiontyp]} ${r.regionkod} i kommun ${r.kommunkod}`;

/** utbetalning_del: regiontyp, regionkod, kommunkod, period, ersattning, del (a part of that ersättning), kon, belopp_kr, status. */
export function acceptUtbetalningDel(rec: FieldRecord, ctx: AcceptContext): void {
  const p = acceptPeriod(rec);
  const region = acceptRegion(rec, ctx, p.start);
  const e = acceptErsattning(rec);
  const del = rec.get("del");
  if (DELAR[del] !== e) {
    const parts = Object.entries(DELAR).filter(([, x]) => x === e).map(([d]) => d);
    rec.fail("del", quoteFound(del), parts.length ? `en del av ${e}: ${parts.join(" eller ")}` : `en ersättning som ges i delar (${[...new Set(Object.values(DELAR))].join(", ")})`);
  }
  const k = acceptKon(rec, ["K", "M", "T"] as const);
  const status = acceptStatus(rec);
  const beloppOre = exactScaled(rec, "belopp_kr", 2, "ett belopp i kronor", true, status);
  const rows = ctx.data.omraden.delar;
  const claim = ctx.data.claim(
    "utbetalning_del",
    `${region.regiontyp}|${region.regionkod}|${region.kommunkod ?? ""}|${p.period}|${e}|${del}|${k}`,
    rec,
    ctx.fileId,
    rows.length,
    `${describeRegion(region)}, period ${p.period}, ${del}, kön ${k}`,
  );
  const row: UtbetalningDelRow = { ...region, period: p.period, ar: p.ar, ersattning: e, del, kon: k, beloppOre, status, fileId: ctx.fileId };
  ctx.data.place(rows, row, claim);
}

/** befolkning_angiven: regiontyp, regionkod, kommunkod, ar, kon, alder_fran, alder_till, antal (≥ 0, or empty when missing), status. */
export function acceptBefolkningAngiven(rec: FieldRecord, ctx: AcceptContext): void {
  const ar = acceptAr(rec);
  const region = acceptRegion(rec, ctx, `${ar}-01-01`);
  const k = acceptKon(rec, ["K", "M", "T"] as const);
  const band = acceptBand(rec, false)!;
  const status = acceptStatus(rec);
  const text = rec.get("antal");
  let antal: number | null = null;
  if (NULL_STATUS.has(status)) {
    if (text !== "") rec.fail("antal", quoteFound(text), `ett tomt fält när status är ${status}`);
  } else {
    if (!/^\d+$/.test(text) || Number(text) > 2_147_483_647) rec.fail("antal", quoteFound(text), "ett antal invånare: ett heltal som är 0 eller större");
    antal = Number(text);
  }
  const rows = ctx.data.omraden.befolkning;
  const claim = ctx.data.claim(
    "befolkning_angiven",
    `${region.regiontyp}|${region.regionkod}|${region.kommunkod ?? ""}|${ar}|${k}|${band.fran}-${band.till}`,
    rec,
    ctx.fileId,
    rows.length,
    `befolkningen ${band.fran}–${band.till} år för ${describeRegion(region)}, år ${ar}, kön ${k}`,
  );
  const row: BefolkningAngivenRow = { ...region, ar, kon: k, alderFran: band.fran, alderTill: band.till, antal, status, fileId: ctx.fileId };
  ctx.data.place(rows, row, claim);
}

/** helarsekvivalent_ar: regiontyp, regionkod, kommunkod, ar, ersattning, kon, alder_fran/alder_till (optional), helarsekvivalenter, status. */
export function acceptHelarsekvivalentAr(rec: FieldRecord, ctx: AcceptContext): void {
  const ar = acceptAr(rec);
  const region = acceptRegion(rec, ctx, `${ar}-01-01`);
  const e = acceptErsattning(rec);
  const k = acceptKon(rec, ["K", "M", "T"] as const);
  const band = acceptBand(rec, true);
  const status = acceptStatus(rec);
  const hundradelar = exactScaled(rec, "helarsekvivalenter", 2, "ett antal helårsekvivalenter", false, status);
  const rows = ctx.data.omraden.helarsekvivalenter;
  const claim = ctx.data.claim(
    "helarsekvivalent_ar",
    `${region.regiontyp}|${region.regionkod}|${region.kommunkod ?? ""}|${ar}|${e}|${k}|${band ? `${band.fran}-${band.till}` : ""}`,
    rec,
    ctx.fileId,
    rows.length,
    `helårsekvivalenter för ${describeRegion(region)}, år ${ar}, ${e}, kön ${k}`,
  );
  const row: HelarsekvivalentArRow = { ...region, ar, ersattning: e, kon: k, alderFran: band?.fran ?? null, alderTill: band?.till ?? null, hundradelar, status, fileId: ctx.fileId };
  ctx.data.place(rows, row, claim);
}

/**
 * Notes for the ingest's summary about the populations sources gave for an age band (befolkning_angiven): whether
 * each file's band is the configured one (then its population is a denominator where no single-year-age population
 * covers the region-year), or not (then it is not used: two bands are never mixed in one aggregate) — with the
 * --aldersband that would use it when the data set has no other population.
 */
export function befolkningBandNotes(
  data: { files: { fil: string }[]; befolkning: unknown[]; omraden: { befolkning: BefolkningAngivenRow[] } },
  ageBand: { fran: number; till: number },
  /** Single-year-age population read on the ingest's fast path (not in data.befolkning). */
  ovrigBefolkning = 0,
): string[] {
  const perFile = new Map<number, Set<string>>();
  for (const b of data.omraden.befolkning) {
    let bands = perFile.get(b.fileId);
    if (!bands) perFile.set(b.fileId, (bands = new Set()));
    bands.add(`${b.alderFran}-${b.alderTill}`);
  }
  const notes: string[] = [];
  const configured = `${ageBand.fran}-${ageBand.till}`;
  const dash = (band: string) => band.replace("-", "–");
  for (const [fileId, bands] of perFile) {
    const fil = data.files[fileId]?.fil ?? `fil ${fileId}`;
    for (const band of [...bands].sort()) {
      if (band === configured) {
        notes.push(`${fil}: invånarna ${dash(band)} år i filen är samma åldersband som måttet och används som nämnare för de regioner och år som saknar befolkning per ettårsålder.`);
      } else {
        notes.push(
          `${fil}: invånarna ${dash(band)} år i filen används inte, eftersom måttets åldersband är ${dash(configured)} år (två åldersband blandas aldrig i ett mått).` +
            (data.befolkning.length + ovrigBefolkning === 0 ? ` Datamängden har ingen annan befolkning: kör inläsningen med --aldersband ${band} för att räkna måttet på filens befolkning.` : ""),
        );
      }
    }
  }
  return notes;
}
