// Shared code of the insats loaders (insatser.json.ts, insats.zip.ts, nytta.json.ts; not itself a loader): reads the
// exact counts of loaders/measures/insatser.sql and passes them through loaders/insatser/publicera.ts, so every
// loader publishes the same suppressed values (the main table is computed the same way in each: deterministic).
// Nothing participant-level leaves this module: no deltagare_id, no row per participation, no count of 1–4.
import { PRICK } from "../../loaders/insatser/rojande.ts";
import {
  type AlderRad,
  type DelRad,
  type FlodeRad,
  huvudVarden,
  type Kon,
  type NyttaKommunRad,
  type PubliceratResultat,
  rojResultat,
  sorteraPerioder,
} from "../../loaders/insatser/publicera.ts";
import { lasDelar } from "../../loaders/insatser/las.ts";
import { insatsAdresser } from "./insats-adress.ts";
import { type Db, isoDate, num, str } from "../../loaders/site/lib.ts";

export interface InsatsInfo {
  id: string;
  adress: string;
  namn: string;
  forbund_id: string | null;
  forbund_namn: string | null;
  malgrupp: string | null;
  inriktning: string | null;
  matningsmetod: string | null;
  startdatum: string | null;
  slutdatum: string | null;
  planerade_deltagare: number | null;
  perioder: string[];
  /** Years with individual data (participations with personal data) and years with Uppföljning Finsam's counts. */
  individdata_ar: number[];
  uppfoljning_finsam_ar: number[];
  /** The files the insats's data came from (inlast_fil): name and retrieval date (null when not known). */
  filer: { fil: string; hamtad: string | null }[];
}

export interface InsatsUnderlag {
  demodata: boolean;
  insatser: InsatsInfo[];
  forbund: { id: string; namn: string }[];
  delar: DelRad[];
  resultat: PubliceratResultat;
  huvud: Map<string, number>;
}

/** True when the database has the insatser views (an older or a payouts-only database has none). */
export async function harInsatser(db: Db): Promise<boolean> {
  const r = await db.all("SELECT count(*)::INTEGER AS n FROM duckdb_views() WHERE view_name = 'insats_resultat_delar'");
  return Number(r[0].n) > 0;
}

const int = (v: unknown) => Number(v);

/** Reads the insatser, the exact main table and publishes it (suppressed). */
export async function lasInsatser(db: Db): Promise<InsatsUnderlag> {
  const demodata = (await db.all("SELECT varde FROM installning WHERE nyckel = 'demodata'")).some((r) => String(r.varde) === "ja");
  if (!(await harInsatser(db))) return { demodata, insatser: [], forbund: [], delar: [], resultat: rojResultat([]), huvud: new Map() };
  const rader = await db.all(
    `SELECT i.insats_id, i.forbund_id, f.forbund_namn, i.insats_namn, i.malgrupp, i.inriktning, i.matningsmetod,
       i.startdatum::VARCHAR AS startdatum, i.slutdatum::VARCHAR AS slutdatum, i.planerade_deltagare
     FROM insats AS i LEFT JOIN forbund AS f USING (forbund_id) ORDER BY i.insats_id`,
  );
  const adresser = insatsAdresser(rader.map((r) => String(r.insats_id)));
  const delar = await lasDelar(db.all);
  const ar = await db.all(
    `SELECT a.insats_id, a.ar, a.har_individdata, a.uppfoljning_finsam
     FROM insats_individdata_ar AS a JOIN insats AS i USING (insats_id)
     WHERE a.kon = 'T' AND a.forbund_id IS NOT DISTINCT FROM i.forbund_id ORDER BY a.ar`,
  );
  const filer = await db.all(
    `WITH f AS (
       SELECT insats_id, fil_id FROM insats WHERE fil_id IS NOT NULL
       UNION SELECT insats_id, fil_id FROM insats_ekonomi
       UNION SELECT insats_id, fil_id FROM deltagare
       UNION SELECT insats_id, fil_id FROM deltagare_anonyma
       UNION SELECT insats_id, fil_id FROM deltagare_antal
     )
     SELECT DISTINCT f.insats_id, l.fil, l.hamtad::VARCHAR AS hamtad FROM f JOIN inlast_fil AS l USING (fil_id) ORDER BY l.fil`,
  );
  const perioder = new Map<string, string[]>();
  for (const d of delar) perioder.set(d.insats_id, [...(perioder.get(d.insats_id) ?? []), d.period]);
  const insatser: InsatsInfo[] = rader.map((r) => {
    const id = String(r.insats_id);
    const egnaAr = ar.filter((a) => a.insats_id === id);
    return {
      id,
      adress: adresser.get(id)!,
      namn: str(r.insats_namn) ?? id,
      forbund_id: str(r.forbund_id),
      forbund_namn: str(r.forbund_namn),
      malgrupp: str(r.malgrupp),
      inriktning: str(r.inriktning),
      matningsmetod: str(r.matningsmetod),
      startdatum: isoDate(r.startdatum),
      slutdatum: isoDate(r.slutdatum),
      planerade_deltagare: num(r.planerade_deltagare),
      perioder: sorteraPerioder(perioder.get(id) ?? []),
      individdata_ar: egnaAr.filter((a) => a.har_individdata === true).map((a) => int(a.ar)),
      uppfoljning_finsam_ar: egnaAr.filter((a) => int(a.uppfoljning_finsam) > 0).map((a) => int(a.ar)),
      filer: filer.filter((f) => f.insats_id === id).map((f) => ({ fil: String(f.fil), hamtad: isoDate(f.hamtad) })),
    };
  });
  const forbundIds = [...new Set(insatser.map((i) => i.forbund_id).filter((f): f is string => f !== null))].sort();
  const forbund = forbundIds.map((id) => ({ id, namn: insatser.find((i) => i.forbund_id === id)!.forbund_namn ?? id }));
  return { demodata, insatser, forbund, delar, resultat: rojResultat(delar), huvud: huvudVarden(delar) };
}

/** Outcomes by åldersgrupp (kön T) at the insats's own level, exact. */
export async function lasAldersgrupper(db: Db): Promise<Map<string, AlderRad[]>> {
  const rader = await db.all(
    `SELECT a.insats_id, a.period, a.aldersgrupp, a.deltagare_med_personuppgifter, a.avslutade_med_uppgift, a.till_arbete_eller_studier
     FROM insats_resultat_aldersgrupp AS a JOIN insats AS i USING (insats_id)
     WHERE a.kon = 'T' AND a.forbund_id IS NOT DISTINCT FROM i.forbund_id`,
  );
  const ut = new Map<string, AlderRad[]>();
  for (const r of rader) {
    const id = String(r.insats_id);
    ut.set(id, [
      ...(ut.get(id) ?? []),
      {
        period: String(r.period),
        aldersgrupp: String(r.aldersgrupp),
        deltagare_med_personuppgifter: int(r.deltagare_med_personuppgifter),
        avslutade_med_uppgift: int(r.avslutade_med_uppgift),
        till_arbete_eller_studier: int(r.till_arbete_eller_studier),
      },
    ]);
  }
  return ut;
}

/** The before → after matrix (primary source, grouped) at the insats's own level, exact. */
export async function lasFloden(db: Db): Promise<Map<string, FlodeRad[]>> {
  const rader = await db.all(
    `SELECT o.insats_id, o.period, o.kon, o.fore_grupp, o.efter_grupp, o.antal
     FROM insats_forsorjning_overgang AS o JOIN insats AS i USING (insats_id)
     WHERE o.forbund_id IS NOT DISTINCT FROM i.forbund_id`,
  );
  const ut = new Map<string, FlodeRad[]>();
  for (const r of rader) {
    const id = String(r.insats_id);
    ut.set(id, [
      ...(ut.get(id) ?? []),
      { period: String(r.period), kon: String(r.kon) as Kon, fore_grupp: String(r.fore_grupp), efter_grupp: String(r.efter_grupp), antal: int(r.antal) },
    ]);
  }
  return ut;
}

/** Uppföljning Finsam's counts per insats, year and kön (K, M) for the years without individual data. */
export async function lasUppfoljning(db: Db): Promise<Map<string, { ar: number; K: number; M: number }[]>> {
  const rader = await db.all(
    `SELECT a.insats_id, a.ar,
       sum(a.uppfoljning_finsam) FILTER (WHERE a.kon = 'K')::INTEGER AS k,
       sum(a.uppfoljning_finsam) FILTER (WHERE a.kon = 'M')::INTEGER AS m
     FROM insats_individdata_ar AS a JOIN insats AS i USING (insats_id)
     WHERE a.forbund_id IS NOT DISTINCT FROM i.forbund_id AND a.uppfoljning_finsam > 0
       AND NOT EXISTS (SELECT 1 FROM insats_individdata_ar AS t
                       WHERE t.insats_id = a.insats_id AND t.forbund_id IS NOT DISTINCT FROM a.forbund_id AND t.ar = a.ar AND t.har_individdata)
     GROUP BY ALL ORDER BY a.insats_id, a.ar`,
  );
  const ut = new Map<string, { ar: number; K: number; M: number }[]>();
  for (const r of rader) {
    const id = String(r.insats_id);
    ut.set(id, [...(ut.get(id) ?? []), { ar: int(r.ar), K: int(r.k ?? 0), M: int(r.m ?? 0) }]);
  }
  return ut;
}

/** The participations the nytta counts per insats, kommun and year, with the kommun-year's schablon (exact). */
export async function lasNyttaKommuner(db: Db): Promise<{
  kommuner: Map<string, NyttaKommunRad[]>;
  schablon: { kommunkod: string; namn: string; ar: number; kr_per_helarsekvivalent: number; belopp_tkr: number; helarsekvivalenter: number }[];
}> {
  const rader = await db.all(
    `SELECT n.insats_id, n.kommunkod, k.kommunnamn, n.ar, n.kvalificerade, n.kr_per_helarsekvivalent, n.belopp_kr::DOUBLE AS belopp_kr, n.helarsekvivalenter
     FROM insats_nytta_kommun AS n LEFT JOIN kommun AS k USING (kommunkod) ORDER BY n.insats_id, n.kommunkod, n.ar`,
  );
  const kommuner = new Map<string, NyttaKommunRad[]>();
  const schablon = new Map<string, { kommunkod: string; namn: string; ar: number; kr_per_helarsekvivalent: number; belopp_tkr: number; helarsekvivalenter: number }>();
  for (const r of rader) {
    const id = String(r.insats_id);
    const s = num(r.kr_per_helarsekvivalent);
    kommuner.set(id, [...(kommuner.get(id) ?? []), { kommunkod: str(r.kommunkod), ar: int(r.ar), kvalificerade: int(r.kvalificerade), kr_per_helarsekvivalent: s }]);
    if (s !== null && r.kommunkod != null) {
      schablon.set(`${r.kommunkod}|${r.ar}`, {
        kommunkod: String(r.kommunkod),
        namn: str(r.kommunnamn) ?? String(r.kommunkod),
        ar: int(r.ar),
        kr_per_helarsekvivalent: Math.round(s),
        // thousands of kronor, as SCB's delivery gives them (a ten-digit kronor figure would look like a personnummer
        // to the privacy scan of dist/)
        belopp_tkr: Math.round(Number(r.belopp_kr) / 1000),
        helarsekvivalenter: Math.round(Number(r.helarsekvivalenter) * 10) / 10,
      });
    }
  }
  return { kommuner, schablon: [...schablon.values()].sort((a, b) => a.kommunkod.localeCompare(b.kommunkod) || a.ar - b.ar) };
}

/** A value as published: PRICK stays PRICK (re-exported so loaders need not import rojande.ts for the symbol). */
export { PRICK };
