// The board report's data (issue #9): one document per förbund, kommun and län with a block per period — everything a
// report page shows, precomputed here so the page only arranges it. Not a loader itself (no output extension): used by
// src/data/rapport.zip.ts and by test/rapport/underlag.test.ts.
//
// Every figure comes from the views: försörjningsmåttet and its coverage (forsorjningsmatt_utokad), the members of
// totalt over the group's own units (forsorjningsmatt_komponent, so the parts add up), helårsekvivalenter, revisions
// (forsorjningsmatt_andring), insatser (insats_resultat, insats, insats_ekonomi — every count of persons through
// loaders/insatser/rojande.ts before it leaves this module), the economy (statens_fordelning_utokad,
// medlemsandel_utokad) and the files read (inlast_fil). Values are computed with exact decimals from belopp_kr,
// befolkning and dagar and rounded half up to the öre once, so the tables and the generated sentences
// (loaders/rapport/text.ts) always show the same figure.
import { statSync } from "node:fs";
import Decimal from "decimal.js";
import { rojAndel, rojKon, rojTabell } from "../../loaders/insatser/rojande.ts";
import {
  andelar,
  forandring,
  haeText,
  kvot,
  largestRemainder,
  type Matt,
  medlemText,
  rapportText,
  riktning,
  type Riktning,
} from "../../loaders/rapport/text.ts";
import { formatAldersband } from "../components/format.js";
import { ERSATTNING_TEXT, omfattningText } from "../components/omfattning.js";
import { aretInnan, foregaendePeriod, formatPeriod, periodAr, periodStart, periodTyp } from "../components/perioder.js";
import { forbundAdresser } from "../../loaders/site/adress.ts";
import { type Db, isoDate, readMeta, type Row } from "../../loaders/site/lib.ts";

const D = Decimal.clone({ precision: 50, rounding: Decimal.ROUND_HALF_UP });
const avrunda = (d: Decimal) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
/** Rounded to öre as a number (what the page formats). */
const kr2 = (d: Decimal | null) => (d === null ? null : avrunda(d).toNumber());
/** A change in per cent of the earlier exact value, one decimal; null without an earlier value. */
const procent = (nu: Decimal, fore: Decimal | null) =>
  fore === null || fore.isZero() ? null : nu.div(fore).minus(1).times(100).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toNumber();

/** A share (fraction) in per cent with one decimal, rounded half up on its decimal value (not on binary × 100). */
const pct1 = (andel: number) => new D(andel).times(100).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toNumber();

export type Regiontyp = "forbund" | "kommun" | "lan";
export const REGIONTYPER: readonly Regiontyp[] = ["forbund", "kommun", "lan"];

/** The caution every report carries (RAR Sörmland's wording, board-report.md §1.2 [B16]). */
export const FORSIKTIGHET =
  "Ett högt eller lågt värde är inte i sig bra eller dåligt: det speglar befolkningens behov, arbetsmarknaden och hur stödet är organiserat, och skillnader behöver analyseras gemensamt innan slutsatser dras.";
/** Why the retrieval date matters (board-report.md §5 [B31]). */
export const SEN_REGISTRERING =
  "Utbetalningar registreras i efterhand: siffror för de senaste månaderna kan bli högre när de hämtas på nytt.";
export const MODELL_ETIKETT = "beräknad enligt statens fördelningsmodell (förenklad)";

/** One row of the comparison table: the region, its län and riket, in the period, the period before and a year earlier. */
export interface JamforRad {
  roll: "region" | "lan" | "riket";
  typ: string;
  kod: string;
  namn: string;
  nu: number | null;
  foregaende: number | null;
  aretFore: number | null;
  /** Changes on the rounded values shown (kr) and on the exact values (per cent, one decimal). */
  andringForegaende: { kr: number; procent: number | null } | null;
  andringAretFore: { kr: number; procent: number | null } | null;
  preliminar: boolean;
}

export interface KomponentRad {
  ersattning: string;
  namn: string;
  /** Shares of the measure, kr (rounded by largest remainder so the column adds up to the total shown). */
  nu: number | null;
  aretFore: number | null;
  /** The change, apportioned so the column adds up to the total change shown. */
  andring: number | null;
  /** Share of the total in the period, per cent, one decimal. */
  andelProcent: number | null;
  /** In scope in only one of the two periods. */
  baraEnPeriod: boolean;
}

export interface MedlemRad {
  kod: string;
  namn: string;
  plats: number;
  nu: number;
  aretFore: number | null;
  andring: number | null;
  riktning: Riktning | null;
  preliminar: boolean;
}

export interface Block {
  period: string;
  etikett: string;
  foregaende: string | null;
  aretFore: string | null;
  varde: number;
  preliminar: boolean;
  /** A region's value resting on fewer member kommuner than it has: [with value, members]. */
  tackning: [number, number] | null;
  /** The scope phrase of totalt ("totalt, 5 av 6 ersättningar — …"), "" when all six are in. */
  omfattning: string;
  text: { huvudmening: string; forandring: string | null; jamforelse: string | null; omfattning: string | null; medlemmar: string | null; hae: string | null };
  jamforelse: JamforRad[];
  komponenter: KomponentRad[];
  medlemmar: MedlemRad[] | null;
  /** A kommun's place among the kommuner of its län and of riket (1 = highest), on the exact values. */
  rang: { lan: [number, number] | null; riket: [number, number] } | null;
  /** Shares as fractions; lanProcent as shown (per cent, one decimal, rounded half up on the decimal value). */
  hae: { period: string; andel: number; aretFore: number | null; lan: number | null; lanProcent: number | null; riket: number | null; ersattningar: number } | null;
  insatser: Insatser | null;
  ekonomi: Ekonomi | null;
  /** Values shown in this block that changed since the previous download: "typ:kod|period|ersättning" → tidigare kr. */
  andringar: { nyckel: string; namn: string; period: string; ersattning: string; tidigare: number | null; nu: number | null }[];
  /** Retrieval dates of the payout files behind this period. */
  hamtning: Hamtning;
}

export interface Hamtning {
  /** The latest retrieval date of the files with payouts in the period ("YYYY-MM-DD"), null when none has one. */
  senast: string | null;
  forst: string | null;
  /** Files without a retrieval date (their folder name did not say). */
  utanDatum: number;
  filer: number;
}

export interface InsatsRad {
  id: string;
  namn: string;
  /** Counts as published: a number, or ".." (rojande.ts PRICK) where suppressed. */
  deltagare: number | string;
  avslutade: number | string;
  /** Share to arbete or studier of those who ended with a recorded sysselsättning, per cent, or "..". */
  andelArbeteStudier: number | string | null;
  budget: number | null;
  utfall: number | null;
}

export interface Insatser {
  ar: string;
  /** The half-year report says the figures are the year's (insats data are yearly). */
  helar: boolean;
  rader: InsatsRad[];
  summa: {
    deltagare: { K: number | string; M: number | string; T: number | string };
    avslutade: { K: number | string; M: number | string; T: number | string };
    tillArbeteStudier: number | string | null;
    avslutadeMedUppgift: number | string | null;
    andelArbeteStudier: number | string | null;
    budget: number | null;
    utfall: number | null;
  };
  hamtning: Hamtning;
}

export interface Ekonomi {
  /** The data year of the modelled allocation (the period's year, or the latest complete year before it). */
  ar: number;
  tilldelning: number;
  utanData: boolean;
  forraAret: { ar: number; tilldelning: number } | null;
  andring: { kr: number; procent: number | null } | null;
  installningar: { budget: number; grundbelopp: number; viktBelopp: number; viktBefolkning: number; antalForbund: number };
  /** The members' shares of the kommuner's quarter for the budget year (the year after the period). */
  medlemsandelar: { budgetar: number; nyckel: string; rader: { kod: string; namn: string; andelProcent: number; befolkning: number | null }[] } | null;
}

export interface RapportDokument {
  typ: Regiontyp;
  kod: string;
  /** The page's address segment: a förbund's address (loaders/site/adress.ts), the kod otherwise. */
  adress: string;
  namn: string;
  band: string;
  demodata: boolean;
  /** When the database was written (the ingest), ISO; shown where retrieval dates are missing. */
  inlast: string;
  perioder: { halvar: string[]; ar: string[] };
  standard: string | null;
  /** Links to related reports: a kommun's förbund and län, a förbund's län, a län's förbund. */
  lankar: { typ: Regiontyp; adress: string; namn: string }[];
  forsiktighet: string;
  senRegistrering: string;
  modellEtikett: string;
  block: Record<string, Block>;
}

interface Varde {
  belopp: string;
  befolkning: string;
  dagar: number;
  preliminar: boolean;
  antal: number;
  iRegionen: number;
}

/** When the database was written: SOURCE_DATE_EPOCH (reproducible builds) or the file's modification time. */
export function inlastTid(dbPath: string): string {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  const ms = epoch && /^\d+$/.test(epoch) ? Number(epoch) * 1000 : statSync(dbPath).mtimeMs;
  return new Date(ms).toISOString();
}

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

/**
 * Every report document, keyed "<typ>/<adress>". `dbPath` is only read for the ingest time. One pass over the views
 * for all regions.
 */
export async function rapportDokument(db: Db, dbPath: string): Promise<Map<string, RapportDokument>> {
  const meta = await readMeta(db);
  const band = formatAldersband(meta.aldersband);
  const inlast = inlastTid(dbPath);
  const ersNamn = new Map(meta.ersattningar.map((e) => [e.id, e.namn]));
  // Names inside a sentence, as the site writes them in running text ("aktivitetsstöd", "ekonomiskt bistånd").
  const namnText = (id: string) => (ERSATTNING_TEXT as Record<string, string>)[id] ?? (ersNamn.get(id) ?? id).replace(/^./, (c) => c.toLowerCase());
  const ordning = meta.ersattningar.filter((e) => !e.grupp).map((e) => e.id);
  const totaltMedlemmar = meta.omfattning.medlemmar.totalt ?? ordning;

  // ---- Försörjningsmåttet, kön T: totalt per region and period, with coverage -------------------------------------
  const rader = await db.all(
    `SELECT regiontyp, regionkod, regionnamn, period, belopp_kr::VARCHAR AS belopp, befolkning::VARCHAR AS befolkning, dagar::INTEGER AS dagar,
            preliminar, antal_kommuner::INTEGER AS antal, antal_kommuner_i_regionen::INTEGER AS i_regionen
     FROM forsorjningsmatt_utokad WHERE kon = 'T' AND ersattning = 'totalt' AND belopp_kr IS NOT NULL AND befolkning > 0`,
  );
  const varden = new Map<string, Varde>();
  const namn = new Map<string, string>();
  for (const r of rader) {
    const region = `${r.regiontyp}:${r.regionkod}`;
    namn.set(region, String(r.regionnamn));
    varden.set(`${region}|${r.period}`, {
      belopp: String(r.belopp),
      befolkning: String(r.befolkning),
      dagar: Number(r.dagar),
      preliminar: r.preliminar === true,
      antal: Number(r.antal),
      iRegionen: Number(r.i_regionen),
    });
  }
  const komponentRader = await db.all(
    `SELECT regiontyp, regionkod, period, ersattning, belopp_kr::VARCHAR AS belopp
     FROM forsorjningsmatt_komponent WHERE grupp = 'totalt' AND kon = 'T'`,
  );
  const komponenter = new Map<string, Record<string, string>>();
  for (const r of komponentRader) {
    const key = `${r.regiontyp}:${r.regionkod}|${r.period}`;
    const k = komponenter.get(key) ?? {};
    k[String(r.ersattning)] = String(r.belopp);
    komponenter.set(key, k);
  }
  const matt = (region: string, period: string | null): Matt | null => {
    if (!period) return null;
    const v = varden.get(`${region}|${period}`);
    if (!v) return null;
    return { period, belopp_kr: v.belopp, befolkning: v.befolkning, dagar: v.dagar, komponenter: komponenter.get(`${region}|${period}`) ?? {} };
  };
  const exaktCache = new Map<string, Decimal | null>();
  const exakt = (region: string, period: string | null) => {
    if (!period) return null;
    const key = `${region}|${period}`;
    if (!exaktCache.has(key)) {
      const m = matt(region, period);
      exaktCache.set(key, m ? kvot(m) : null);
    }
    return exaktCache.get(key)!;
  };

  // ---- Regions: kommuner with their län, län, förbund with their members ------------------------------------------
  const kommuner = await db.all("SELECT kommunkod, kommunnamn, lanskod FROM kommun");
  const lanAvKommun = new Map(kommuner.map((k) => [String(k.kommunkod), String(k.lanskod)]));
  const kommunNamn = new Map(kommuner.map((k) => [String(k.kommunkod), String(k.kommunnamn)]));
  const lanNamn = new Map((await db.all("SELECT lanskod, lansnamn FROM lan")).map((l) => [String(l.lanskod), String(l.lansnamn)]));
  const forbund = await db.all("SELECT forbund_id, forbund_namn FROM forbund ORDER BY forbund_id");
  const adresser = forbundAdresser(forbund.map((f) => String(f.forbund_id)));
  const medlemskap = await db.all(
    "SELECT forbund_id, kommunkod, fran::VARCHAR AS fran, till::VARCHAR AS till, delomrade FROM forbund_medlem ORDER BY forbund_id, kommunkod",
  );
  const arMedlem = (m: Row, period: string) => {
    const start = periodStart(period)!;
    const fran = isoDate(m.fran);
    const till = isoDate(m.till);
    return (fran == null || fran <= start) && (till == null || till >= start);
  };

  // ---- Helårsekvivalenter: the six summed, as a share of 20–64, where every ersättning has the same population ---
  const haeRader = await db.all(
    `SELECT regiontyp, regionkod, period, sum(helarsekvivalenter)::DOUBLE AS hek, min(befolkning_20_64)::DOUBLE AS bef,
            (max(befolkning_20_64) = min(befolkning_20_64)) AS lika, count(*)::INTEGER AS antal
     FROM helarsekvivalenter WHERE kon = 'T' GROUP BY ALL`,
  ).catch(() => [] as Row[]);
  const hae = new Map<string, { andel: number; antal: number }>();
  for (const r of haeRader) {
    if (r.lika !== true || !(Number(r.bef) > 0)) continue;
    hae.set(`${r.regiontyp}:${r.regionkod}|${r.period}`, { andel: Number(r.hek) / Number(r.bef), antal: Number(r.antal) });
  }

  // ---- Revisions since the previous download (kön T) -------------------------------------------------------------
  const andringar = new Map<string, { tidigare: number | null; nu: number | null }>();
  const harAndring = (await db.all("SELECT 1 FROM duckdb_views() WHERE view_name = 'forsorjningsmatt_andring'")).length > 0;
  const harVersioner = harAndring && Number((await db.all("SELECT count(*)::INTEGER AS n FROM utbetalning_version"))[0]?.n) > 0;
  if (harVersioner) {
    for (const r of await db.all(
      `SELECT regiontyp, regionkod, period, ersattning,
              round(tidigare_kr_per_invanare_och_dag, 2)::DOUBLE AS tidigare, round(kr_per_invanare_och_dag, 2)::DOUBLE AS nu
       FROM forsorjningsmatt_andring WHERE kon = 'T'`,
    )) {
      andringar.set(`${r.regiontyp}:${r.regionkod}|${r.period}|${r.ersattning}`, {
        tidigare: r.tidigare == null ? null : Number(r.tidigare),
        nu: r.nu == null ? null : Number(r.nu),
      });
    }
  }

  // ---- Retrieval dates of the payout files per period, and of the insats files ------------------------------------
  const hamtningRader = await db.all(
    `WITH u AS (
       SELECT DISTINCT halvar AS period, fil_id FROM utbetalning WHERE halvar IS NOT NULL
       UNION SELECT DISTINCT CAST(ar AS VARCHAR), fil_id FROM utbetalning WHERE ar IS NOT NULL
     )
     SELECT u.period, strftime(max(f.hamtad), '%Y-%m-%d') AS senast, strftime(min(f.hamtad), '%Y-%m-%d') AS forst,
            count(*) FILTER (WHERE f.hamtad IS NULL)::INTEGER AS utan, count(*)::INTEGER AS filer
     FROM u JOIN inlast_fil AS f USING (fil_id) GROUP BY u.period`,
  );
  const hamtning = new Map<string, Hamtning>(
    hamtningRader.map((r) => [String(r.period), { senast: str(r.senast), forst: str(r.forst), utanDatum: Number(r.utan), filer: Number(r.filer) }]),
  );
  const ingenHamtning: Hamtning = { senast: null, forst: null, utanDatum: 0, filer: 0 };

  // ---- Insatser (per year; exact counts here, suppressed below before they leave) ----------------------------------
  const harInsatser = (await db.all("SELECT 1 FROM duckdb_tables() WHERE table_name = 'insats'")).length > 0;
  const insatsRader = harInsatser
    ? await db.all(
        `SELECT i.forbund_id, r.insats_id, i.insats_namn, r.period, r.kon, r.deltagare_under_perioden AS deltagare, r.avslutade,
                r.avslutade_med_uppgift AS med_uppgift, r.till_arbete_eller_studier AS till_arbete,
                e.budget_kr::DOUBLE AS budget, e.utfall_kr::DOUBLE AS utfall
         FROM insats_resultat AS r JOIN insats AS i USING (insats_id)
         LEFT JOIN (
           SELECT insats_id, CAST(ar AS VARCHAR) AS ar, sum(budget_kr) AS budget_kr, sum(utfall_kr) AS utfall_kr FROM insats_ekonomi GROUP BY ALL
         ) AS e ON e.insats_id = r.insats_id AND e.ar = r.period AND r.kon = 'T'
         WHERE r.period <> 'alla' AND i.forbund_id IS NOT NULL`,
      )
    : [];
  const susHamtning: Hamtning = harInsatser
    ? ((await db.all(
        `SELECT strftime(max(f.hamtad), '%Y-%m-%d') AS senast, strftime(min(f.hamtad), '%Y-%m-%d') AS forst,
                count(*) FILTER (WHERE f.hamtad IS NULL)::INTEGER AS utan, count(*)::INTEGER AS filer
         FROM inlast_fil AS f WHERE f.fil_id IN (SELECT fil_id FROM insats UNION SELECT fil_id FROM insats_ekonomi)`,
      )).map((r) => ({ senast: str(r.senast), forst: str(r.forst), utanDatum: Number(r.utan), filer: Number(r.filer) }))[0] ?? ingenHamtning)
    : ingenHamtning;

  // ---- Economy -----------------------------------------------------------------------------------------------------
  const harEkonomi = (await db.all("SELECT 1 FROM duckdb_views() WHERE view_name = 'statens_fordelning_utokad'")).length > 0;
  const fordelning = harEkonomi
    ? await db.all(
        `SELECT ar::INTEGER AS ar, forbund_id, beraknad_tilldelning_kr::DOUBLE AS tilldelning, utan_data, antal_forbund::INTEGER AS antal_forbund,
                budget_kr::DOUBLE AS budget, grundbelopp_kr::DOUBLE AS grundbelopp, vikt_belopp::DOUBLE AS vikt_belopp, vikt_befolkning::DOUBLE AS vikt_befolkning
         FROM statens_fordelning_utokad`,
      )
    : [];
  const medlemsandelar = harEkonomi
    ? await db.all(
        `SELECT forbund_id, ar::INTEGER AS ar, kommunkod, befolkning::DOUBLE AS befolkning, andel::DOUBLE AS andel, nyckeltyp
         FROM medlemsandel_utokad`,
      )
    : [];
  const installning = new Map((await db.all("SELECT nyckel, varde FROM installning")).map((r) => [String(r.nyckel), String(r.varde)]));

  /** Each kommun's place in a period among the kommuner of a län (or riket), on the exact values, ties by code. */
  const platsCache = new Map<string, Map<string, [number, number]>>();
  const plats = (period: string, lan: string | null) => {
    const key = `${period}|${lan ?? ""}`;
    let out = platsCache.get(key);
    if (!out) {
      const lista = [...kommunNamn.keys()]
        .filter((k) => lan === null || lanAvKommun.get(k) === lan)
        .map((k) => ({ k, v: exakt(`kommun:${k}`, period) }))
        .filter((x): x is { k: string; v: Decimal } => x.v !== null)
        .sort((a, b) => b.v.comparedTo(a.v) || a.k.localeCompare(b.k));
      out = new Map(lista.map((x, i) => [x.k, [i + 1, lista.length] as [number, number]]));
      platsCache.set(key, out);
    }
    return out;
  };

  // ---- One block -------------------------------------------------------------------------------------------------
  function block(typ: Regiontyp, kod: string, period: string, lanKoder: string[], medlemmar: { kod: string; namn: string }[] | null): Block | null {
    const region = `${typ}:${kod}`;
    const nu = matt(region, period);
    if (!nu) return null;
    const v = varden.get(`${region}|${period}`)!;
    const ar = periodTyp(period) === "ar";
    const foregaendeP = foregaendePeriod(period);
    const aretForeP = aretInnan(period);
    // For a year, the period before IS the year before: one comparison, not two.
    const foregaende = ar ? null : matt(region, foregaendeP);
    const aretFore = matt(region, aretForeP);
    const lanRegion = lanKoder.length ? `lan:${lanKoder[0]}` : null;
    const varde = avrunda(kvot(nu));

    const rad = (roll: JamforRad["roll"], r: string): JamforRad => {
      const [t, k] = r.split(":");
      const n = exakt(r, period);
      const f = ar ? null : exakt(r, foregaendeP);
      const a = exakt(r, aretForeP);
      const andring = (fore: Decimal | null) => (n === null || fore === null ? null : { kr: avrunda(n).minus(avrunda(fore)).toNumber(), procent: procent(n, fore) });
      return {
        roll,
        typ: t,
        kod: k,
        namn: namn.get(r) ?? (t === "lan" ? lanNamn.get(k) ?? k : t === "riket" ? "Riket" : k),
        nu: kr2(n),
        foregaende: kr2(f),
        aretFore: kr2(a),
        andringForegaende: andring(f),
        andringAretFore: andring(a),
        preliminar: varden.get(`${r}|${period}`)?.preliminar ?? false,
      };
    };
    const jamforelse = [rad("region", region), ...(typ === "lan" ? [] : lanKoder.map((l) => rad("lan", `lan:${l}`))), rad("riket", "riket:00")];

    // Components: the shares of the period and a year earlier, each column rounded by largest remainder to add up
    // to its rounded total; the change apportioned by text.ts so it adds up to the change shown.
    const f = aretFore ? forandring(nu, aretFore, totaltMedlemmar) : null;
    const namnLista = f ? f.komponenter.map((k) => k.ersattning) : totaltMedlemmar.filter((e) => nu.komponenter[e] !== undefined);
    const kolumn = (m: Matt | null) => {
      if (!m) return namnLista.map(() => null);
      const a = andelar(m);
      const delar = namnLista.map((e) => (a.get(e) ?? new D(0)).times(100));
      const ore = largestRemainder(delar, avrunda(kvot(m)).times(100));
      return namnLista.map((e, i) => (a.has(e) ? ore[i].div(100).toNumber() : null));
    };
    const nuKolumn = kolumn(nu);
    const foreKolumn = kolumn(aretFore);
    const nuAndelar = andelar(nu);
    const total = kvot(nu);
    const komponentRader: KomponentRad[] = namnLista.map((e, i) => ({
      ersattning: e,
      namn: ersNamn.get(e) ?? e,
      nu: nuKolumn[i],
      aretFore: foreKolumn[i],
      andring: f ? f.komponenter[i].kr.toNumber() : null,
      andelProcent: nuAndelar.has(e) && !total.isZero() ? nuAndelar.get(e)!.div(total).times(100).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toNumber() : null,
      baraEnPeriod: f ? !f.komponenter[i].iBada : false,
    }));

    // Members ranked on the exact values, ties by code.
    let medlemRader: MedlemRad[] | null = null;
    let medlemMening: string | null = null;
    if (medlemmar) {
      const med = medlemmar
        .map((m) => ({ ...m, nu: exakt(`kommun:${m.kod}`, period), fore: exakt(`kommun:${m.kod}`, aretForeP) }))
        .filter((m): m is typeof m & { nu: Decimal } => m.nu !== null)
        .sort((a, b) => b.nu.comparedTo(a.nu) || a.kod.localeCompare(b.kod));
      medlemRader = med.map((m, i) => ({
        kod: m.kod,
        namn: m.namn,
        plats: i + 1,
        nu: kr2(m.nu)!,
        aretFore: kr2(m.fore),
        andring: m.fore ? avrunda(m.nu).minus(avrunda(m.fore)).toNumber() : null,
        riktning: m.fore ? riktning(m.nu, m.fore) : null,
        preliminar: varden.get(`kommun:${m.kod}|${period}`)?.preliminar ?? false,
      }));
      medlemMening = medlemText(
        med.map((m) => ({ namn: m.namn, nu: m.nu, aretFore: m.fore })),
        typ === "lan" ? "länets kommuner" : "medlemskommunerna",
        aretFore || med.some((m) => m.fore) ? aretForeP : null,
      );
    }

    let rang: Block["rang"] = null;
    if (typ === "kommun") {
      rang = { lan: lanKoder.length ? plats(period, lanKoder[0]).get(kod) ?? null : null, riket: plats(period, null).get(kod)! };
    }

    const h = hae.get(`${region}|${period}`);
    const haeLan = lanRegion && typ !== "lan" ? hae.get(`${lanRegion}|${period}`)?.andel ?? null : null;
    const haeBlock = h
      ? {
          period,
          andel: h.andel,
          aretFore: hae.get(`${region}|${aretForeP}`)?.andel ?? null,
          lan: haeLan,
          lanProcent: haeLan === null ? null : pct1(haeLan),
          riket: hae.get(`riket:00|${period}`)?.andel ?? null,
          ersattningar: h.antal,
        }
      : null;

    const texter = rapportText({
      region: namn.get(region) ?? kod,
      band,
      nu,
      foregaende,
      aretFore,
      lan: lanRegion && typ !== "lan" && exakt(lanRegion, period) ? { namn: lanNamn.get(lanKoder[0]) ?? lanKoder[0], kr: kr2(exakt(lanRegion, period))! } : null,
      riket: exakt("riket:00", period) ? { kr: kr2(exakt("riket:00", period))! } : null,
      namn: namnText,
      ordning: totaltMedlemmar,
    });

    // Revisions among the values this block shows (totalt of the rows compared and of the members; the components).
    const visade: { region: string; period: string | null; ersattning: string }[] = [];
    for (const r of jamforelse) for (const p of [period, ar ? null : foregaendeP, aretForeP]) visade.push({ region: `${r.typ}:${r.kod}`, period: p, ersattning: "totalt" });
    for (const e of namnLista) for (const p of [period, aretForeP]) visade.push({ region, period: p, ersattning: e });
    for (const m of medlemRader ?? []) for (const p of [period, aretForeP]) visade.push({ region: `kommun:${m.kod}`, period: p, ersattning: "totalt" });
    const blockAndringar: Block["andringar"] = [];
    for (const x of visade) {
      if (!x.period) continue;
      const nyckel = `${x.region}|${x.period}|${x.ersattning}`;
      const a = andringar.get(nyckel);
      if (!a || blockAndringar.some((b) => b.nyckel === nyckel)) continue;
      const [t, k] = x.region.split(":");
      blockAndringar.push({
        nyckel,
        namn: namn.get(x.region) ?? (t === "kommun" ? kommunNamn.get(k) ?? k : k),
        period: x.period,
        ersattning: x.ersattning,
        tidigare: a.tidigare,
        nu: a.nu,
      });
    }

    return {
      period,
      etikett: formatPeriod(period),
      foregaende: foregaende ? foregaendeP : null,
      aretFore: aretFore ? aretForeP : null,
      varde: varde.toNumber(),
      preliminar: v.preliminar,
      tackning: typ !== "kommun" && v.antal < v.iRegionen ? [v.antal, v.iRegionen] : null,
      omfattning: omfattningText(meta.omfattning, "totalt", period),
      text: {
        ...texter,
        medlemmar: medlemMening,
        hae: haeBlock
          ? haeText({ period, andel: haeBlock.andel, aretFore: haeBlock.aretFore, riket: haeBlock.riket, band: "20–64\u00a0år" })
          : null,
      },
      jamforelse,
      komponenter: komponentRader,
      medlemmar: medlemRader,
      rang,
      hae: haeBlock,
      insatser: typ === "forbund" ? insatser(kod, period) : null,
      ekonomi: typ === "forbund" ? ekonomi(kod, period) : null,
      andringar: blockAndringar,
      hamtning: hamtning.get(period) ?? ingenHamtning,
    };
  }

  /** The förbund's insatser in the period's year, every count of persons suppressed (rojande.ts). */
  function insatser(forbundId: string, period: string): Insatser | null {
    const ar = String(periodAr(period));
    const egna = insatsRader.filter((r) => r.forbund_id === forbundId && r.period === ar);
    const T = egna.filter((r) => r.kon === "T" && (Number(r.deltagare) > 0 || r.budget != null || r.utfall != null));
    if (!T.length) return null;
    const collator = new Intl.Collator("sv");
    T.sort((a, b) => collator.compare(String(a.insats_namn), String(b.insats_namn)) || String(a.insats_id).localeCompare(String(b.insats_id)));
    // Deltagare and avslutade per insats, published with the förbund's totals (column sums): one two-way table.
    const tabell = rojTabell(
      T.map((r) => [Number(r.deltagare), Number(r.avslutade)]),
      { radsummor: false, kolumnsummor: true, totalt: false },
    );
    const P = (v: number | null) => (v === null ? ".." : v);
    const rader: InsatsRad[] = T.map((r, i) => {
      // The share's denominator (those who ended with a known sysselsättning) is part of avslutade: hidden with it.
      const andel = rojAndel(Number(r.till_arbete), Number(r.med_uppgift), { namnareDold: tabell.celler[i][1] === null });
      return {
        id: String(r.insats_id),
        namn: String(r.insats_namn),
        deltagare: P(tabell.celler[i][0]),
        avslutade: P(tabell.celler[i][1]),
        andelArbeteStudier: andel.dold ? ".." : andel.andel === null ? null : pct1(andel.andel),
        budget: r.budget == null ? null : Number(r.budget),
        utfall: r.utfall == null ? null : Number(r.utfall),
      };
    });
    const summa = (kon: string, falt: string) => egna.filter((r) => r.kon === kon).reduce((s, r) => s + Number(r[falt]), 0);
    // The kön split of the totals: K and M with T; T is the table's column total, hidden with it.
    const kon = (falt: string, kolumn: number) => {
      const k = rojKon({ K: summa("K", falt), M: summa("M", falt) });
      const tabellT = tabell.kolumnsummor[kolumn];
      if (tabellT === null) return { K: "..", M: "..", T: ".." };
      return { K: P(k.K), M: P(k.M), T: tabellT };
    };
    const till = summa("T", "till_arbete");
    const medUppgift = summa("T", "med_uppgift");
    const andel = rojAndel(till, medUppgift, { namnareDold: tabell.kolumnsummor[1] === null });
    const pengar = (falt: "budget" | "utfall") => (T.some((r) => r[falt] != null) ? T.reduce((s, r) => s + Number(r[falt] ?? 0), 0) : null);
    return {
      ar,
      helar: periodTyp(period) === "halvar",
      rader,
      summa: {
        deltagare: kon("deltagare", 0),
        avslutade: kon("avslutade", 1),
        tillArbeteStudier: andel.dold ? ".." : medUppgift ? till : null,
        avslutadeMedUppgift: andel.dold ? ".." : medUppgift ? medUppgift : null,
        andelArbeteStudier: andel.dold ? ".." : andel.andel === null ? null : pct1(andel.andel),
        budget: pengar("budget"),
        utfall: pengar("utfall"),
      },
      hamtning: susHamtning,
    };
  }

  /** The förbund's modelled state allocation for the data year and its members' shares for the following budget year. */
  function ekonomi(forbundId: string, period: string): Ekonomi | null {
    const ar = periodAr(period);
    const egna = fordelning.filter((r) => r.forbund_id === forbundId && Number(r.ar) <= ar).sort((a, b) => Number(b.ar) - Number(a.ar));
    const detta = egna[0];
    if (!detta) return null;
    const dataAr = Number(detta.ar);
    const forra = egna.find((r) => Number(r.ar) === dataAr - 1) ?? null;
    const tilldelning = Number(detta.tilldelning);
    const budgetar = ar + 1;
    const andelRader = medlemsandelar.filter((r) => r.forbund_id === forbundId && Number(r.ar) === budgetar);
    return {
      ar: dataAr,
      tilldelning: Math.round(tilldelning),
      utanData: detta.utan_data === true,
      forraAret: forra ? { ar: Number(forra.ar), tilldelning: Math.round(Number(forra.tilldelning)) } : null,
      andring: forra
        ? { kr: Math.round(tilldelning) - Math.round(Number(forra.tilldelning)), procent: pct1(tilldelning / Number(forra.tilldelning) - 1) }
        : null,
      installningar: {
        budget: Number(detta.budget),
        grundbelopp: Number(detta.grundbelopp),
        viktBelopp: Number(detta.vikt_belopp),
        viktBefolkning: Number(detta.vikt_befolkning),
        antalForbund: Number(detta.antal_forbund),
      },
      medlemsandelar: andelRader.length
        ? {
            budgetar,
            nyckel:
              andelRader[0].nyckeltyp === "egen_nyckel"
                ? "förbundets egen nyckel"
                : `befolkningen ${installning.get("medlemsandel_alder_fran") ?? meta.aldersband.fran}–${installning.get("medlemsandel_alder_till") ?? meta.aldersband.till}\u00a0år den 31 december ${budgetar - Number(installning.get("medlemsandel_befolkning_ar_fore") ?? 1)}`,
            rader: andelRader
              .map((r) => ({
                kod: String(r.kommunkod),
                namn: kommunNamn.get(String(r.kommunkod)) ?? String(r.kommunkod),
                andelProcent: pct1(Number(r.andel)),
                befolkning: r.befolkning == null ? null : Number(r.befolkning),
              }))
              .sort((a, b) => b.andelProcent - a.andelProcent || a.kod.localeCompare(b.kod)),
          }
        : null,
    };
  }

  // ---- The documents ----------------------------------------------------------------------------------------------
  const alla = [...varden.keys()].map((k) => k.split("|"));
  const perioderAv = (region: string) => {
    const p = alla.filter(([r]) => r === region).map(([, p]) => p);
    const sorterade = [...new Set(p)].sort();
    return { halvar: sorterade.filter((x) => periodTyp(x) === "halvar"), ar: sorterade.filter((x) => periodTyp(x) === "ar") };
  };
  const dokument = new Map<string, RapportDokument>();
  const forbundAvKommun = new Map<string, { id: string; namn: string }[]>();
  for (const f of forbund) {
    for (const m of medlemskap.filter((m) => m.forbund_id === f.forbund_id && m.delomrade == null && m.till == null)) {
      const lista = forbundAvKommun.get(String(m.kommunkod)) ?? [];
      if (!lista.some((x) => x.id === f.forbund_id)) lista.push({ id: String(f.forbund_id), namn: String(f.forbund_namn) });
      forbundAvKommun.set(String(m.kommunkod), lista);
    }
  }

  const gora = (typ: Regiontyp, kod: string, adress: string, regionNamn: string, lanKoder: string[], lankar: RapportDokument["lankar"], medlemmarFor: (period: string) => { kod: string; namn: string }[] | null) => {
    const perioder = perioderAv(`${typ}:${kod}`);
    const blocks: Record<string, Block> = {};
    for (const p of [...perioder.halvar, ...perioder.ar]) {
      const b = block(typ, kod, p, lanKoder, medlemmarFor(p));
      if (b) blocks[p] = b;
    }
    dokument.set(`${typ}/${adress}`, {
      typ,
      kod,
      adress,
      namn: regionNamn,
      band,
      demodata: meta.demodata,
      inlast,
      perioder,
      standard: perioder.halvar.at(-1) ?? perioder.ar.at(-1) ?? null,
      lankar,
      forsiktighet: FORSIKTIGHET,
      senRegistrering: SEN_REGISTRERING,
      modellEtikett: MODELL_ETIKETT,
      block: blocks,
    });
  };

  for (const f of forbund) {
    const id = String(f.forbund_id);
    const egna = medlemskap.filter((m) => m.forbund_id === id && m.delomrade == null);
    // The förbund's län, by the number of member kommuner (then code): usually one.
    const lanRakning = new Map<string, number>();
    for (const m of egna) {
      const l = lanAvKommun.get(String(m.kommunkod));
      if (l) lanRakning.set(l, (lanRakning.get(l) ?? 0) + 1);
    }
    const lanKoder = [...lanRakning.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([l]) => l);
    gora(
      "forbund",
      id,
      adresser.get(id)!,
      String(f.forbund_namn),
      lanKoder,
      lanKoder.map((l) => ({ typ: "lan" as const, adress: l, namn: lanNamn.get(l) ?? l })),
      (period) => {
        const med = egna.filter((m) => arMedlem(m, period)).map((m) => String(m.kommunkod));
        return [...new Set(med)].map((kod) => ({ kod, namn: kommunNamn.get(kod) ?? kod }));
      },
    );
  }
  // A document for every förbund, kommun and län (a region without values gets one without blocks: the page says so).
  for (const [kod, kommunnamn] of kommunNamn) {
    const lan = lanAvKommun.get(kod);
    gora(
      "kommun",
      kod,
      kod,
      kommunnamn,
      lan ? [lan] : [],
      [
        ...(forbundAvKommun.get(kod) ?? []).map((f) => ({ typ: "forbund" as const, adress: adresser.get(f.id)!, namn: f.namn })),
        ...(lan ? [{ typ: "lan" as const, adress: lan, namn: lanNamn.get(lan) ?? lan }] : []),
      ],
      () => null,
    );
  }
  for (const [kod, lansnamn] of lanNamn) {
    const kommunerILanet = [...kommunNamn.entries()].filter(([k]) => lanAvKommun.get(k) === kod).map(([k, n]) => ({ kod: k, namn: n }));
    const lanForbund = forbund.filter((f) => medlemskap.some((m) => m.forbund_id === f.forbund_id && lanAvKommun.get(String(m.kommunkod)) === kod));
    gora(
      "lan",
      kod,
      kod,
      lansnamn,
      [kod],
      lanForbund.map((f) => ({ typ: "forbund" as const, adress: adresser.get(String(f.forbund_id))!, namn: String(f.forbund_namn) })),
      () => kommunerILanet,
    );
  }
  return dokument;
}
