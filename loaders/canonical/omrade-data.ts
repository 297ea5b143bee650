// Rows for the tables that SCB's försörjningsmått delivery on finsam.se fills beside the kommun payouts (schema.sql,
// the tables after okand_fil): areas below kommun (stadsdelar, valdistrikt, förbundsområden) and their payouts, the
// parts of a summed ersättning, a population the source gives itself for an age band, and yearly helårsekvivalenter.
// The validation is in accept-omrade.ts; CanonicalData holds one OmradeData (field `omraden`).
import type { ErsattningId } from "../config.ts";
import type { Kon, Status } from "./accept.ts";

export const DELOMRADESTYPER = ["stadsdel", "valdistrikt", "forbundsomrade"] as const;
export type Delomradestyp = (typeof DELOMRADESTYPER)[number];

/** Every kind of region a row in these tables can be about. */
export const OMRADESTYPER = ["riket", "lan", "kommun", ...DELOMRADESTYPER] as const;
export type Omradestyp = (typeof OMRADESTYPER)[number];

/** The kinds of key these tables claim in CanonicalData (duplicates refused as for every other table). */
export type OmradeKeyKind = "utbetalning_delomrade" | "utbetalning_del" | "befolkning_angiven" | "helarsekvivalent_ar";

export interface DelomradeRow {
  kommunkod: string;
  typ: Delomradestyp;
  /** The source's code, or its name where it gives no code. */
  kod: string;
  namn: string;
  fileId: number;
}

export interface UtbetalningDelomradeRow {
  kommunkod: string;
  typ: Delomradestyp;
  kod: string;
  period: string;
  manad: string | null;
  halvar: string | null;
  ar: number;
  ersattning: ErsattningId;
  kon: Kon;
  /** Exact amount in öre; null when missing. */
  beloppOre: bigint | null;
  status: Status;
  fileId: number;
}

export interface UtbetalningDelRow {
  regiontyp: Omradestyp;
  regionkod: string;
  kommunkod: string | null;
  period: string;
  ar: number;
  ersattning: ErsattningId;
  /** The part, e.g. "sjukersattning", "aktivitetsersattning". */
  del: string;
  kon: Kon;
  beloppOre: bigint | null;
  status: Status;
  fileId: number;
}

export interface BefolkningAngivenRow {
  regiontyp: Omradestyp;
  regionkod: string;
  kommunkod: string | null;
  ar: number;
  kon: Kon;
  alderFran: number;
  alderTill: number;
  antal: number | null;
  status: Status;
  fileId: number;
}

export interface HelarsekvivalentArRow {
  regiontyp: Omradestyp;
  regionkod: string;
  kommunkod: string | null;
  ar: number;
  ersattning: ErsattningId;
  kon: Kon;
  alderFran: number | null;
  alderTill: number | null;
  /** Exact value in hundredths; null when missing. */
  hundradelar: bigint | null;
  status: Status;
  fileId: number;
}

/** Where a delområde was first defined, to name it when a later row gives the same code another name. */
export interface DelomradeOrigin {
  index: number;
  file: string;
  line: number | undefined;
  fileId: number;
}

export class OmradeData {
  delomraden: DelomradeRow[] = [];
  utbetalningar: UtbetalningDelomradeRow[] = [];
  delar: UtbetalningDelRow[] = [];
  befolkning: BefolkningAngivenRow[] = [];
  helarsekvivalenter: HelarsekvivalentArRow[] = [];
  /** "kommunkod|typ|kod" → the delområde's row: a delområde is stored once, however many rows name it. */
  readonly delomradeIndex = new Map<string, DelomradeOrigin>();
}
