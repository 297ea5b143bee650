// Framework archive loader for Helårsekvivalenter (/helarsekvivalenter): the helarsekvivalenter view (DESIGN.md §2.2)
// for kommun, län and riket — every half-year and year, ersättning and kön — and the files it came from, split so the
// page fetches only what it shows (all of it was ~1.3 MB, ~470 kB gzip):
//   helarsekvivalenter/meta.json — what the page's controls need: periods, ersättningar, kön, regions, files. With no
//     helårsekvivalenter in the database it says so ({tom: true}); the page then explains which file to add.
//   helarsekvivalenter/omraden-<typ>.json (typ halvar | ar) — riket and every län for every period of that kind, and
//     every kommun for the latest one: the page on opening (riket, the kommun list's latest period, a kommun's bars).
//   helarsekvivalenter/kommuner-<typ>-<ersättning>.json — every kommun for every period of that kind: fetched when a
//     kommun is chosen or the kommun list shows an earlier period.
// Every member is written for every kind of period and every ersättning in loaders/config.ts (empty where there are
// no values), so the set of members is fixed and the page can name each one to Framework.
//
// Shape: meta: { tom, demodata, aldersband, perioder, ersattningar: [{id, namn}], kon: ["K","M","T"],
//          regioner: [{typ, kod, namn, lan?}], nollKanVaraBortfall: antal månadsvärden, filer: [{fil, kalla, hamtad}] }
//        the others: { typ, delar: [block] }, block: { regioner, ersattningar, perioder: indexes into meta's lists;
//          hek: [region][ersättning][kön][period] (helårsekvivalenter, 1 decimal; null = none),
//          befolkning: [region][kön][period] (20–64, whole persons), befolkningAvvikelser: [[region, ersättning, kön,
//          period, befolkning]] where an ersättning's population differs (a kommun without that ersättning) },
//          the indexes in hek, befolkning and befolkningAvvikelser being positions in the block's own lists;
//          andel = hek / befolkning in the page (components/helarsekvivalenter.js hekIndex).
import { perioderAvTyp } from "@forsorjningsmatt/delat/perioder.js";
import { strToU8, zipSync } from "fflate";
import { ERSATTNINGAR, HELARSEKVIVALENT_AGE_BAND, KON } from "../../loaders/config.ts";
import { PERIODTYPER } from "../../loaders/site/lib.ts";
import { num, withDatabase } from "./readonly-db.ts";

const files = await withDatabase(async (db) => {
  const installning = await db.installning();
  const bas = {
    demodata: installning.get("demodata") === "ja",
    aldersband: HELARSEKVIVALENT_AGE_BAND,
  };
  const harVy = await db.exists("helarsekvivalenter");
  const rows = harVy
    ? await db.all(
        `SELECT h.regiontyp, h.regionkod, coalesce(k.kommunnamn, l.lansnamn, 'Riket') AS regionnamn, k.lanskod,
                h.period, h.ersattning, h.kon,
                round(h.helarsekvivalenter, 1)::DOUBLE AS hek, round(h.befolkning_20_64, 0)::DOUBLE AS bef
         FROM helarsekvivalenter AS h
         LEFT JOIN kommun AS k ON h.regiontyp = 'kommun' AND k.kommunkod = h.regionkod
         LEFT JOIN lan AS l ON h.regiontyp = 'lan' AND l.lanskod = h.regionkod
         WHERE h.regiontyp IN ('kommun', 'lan', 'riket')
         ORDER BY h.regiontyp, h.regionkod, h.period, h.ersattning, h.kon`,
      )
    : [];
  const out: Record<string, Uint8Array> = {};
  const json = (name: string, value: unknown) => {
    out[`${name}.json`] = strToU8(JSON.stringify(value));
  };
  const tomma = () => {
    for (const typ of PERIODTYPER) {
      json(`omraden-${typ}`, { typ, delar: [] });
      for (const e of ERSATTNINGAR) json(`kommuner-${typ}-${e.id}`, { typ, ersattning: e.id, delar: [] });
    }
  };
  if (!rows.length) {
    json("meta", { tom: true, ...bas });
    tomma();
    return out;
  }

  const perioder = [...new Set(rows.map((r) => String(r.period)))].sort();
  const ersIds = ERSATTNINGAR.map((e) => e.id as string).filter((id) => rows.some((r) => r.ersattning === id));
  const okanda = [...new Set(rows.map((r) => String(r.ersattning)))].filter((id) => !ersIds.includes(id));
  const ersattningar = [
    ...ersIds.map((id) => ({ id, namn: ERSATTNINGAR.find((e) => e.id === id)!.namn })),
    ...okanda.map((id) => ({ id, namn: id })),
  ];
  const kon = [...KON] as string[];
  const collator = new Intl.Collator("sv");
  const regionMap = new Map<string, { typ: string; kod: string; namn: string; lan?: string }>();
  for (const r of rows) {
    const key = `${r.regiontyp}:${r.regionkod}`;
    if (!regionMap.has(key)) {
      regionMap.set(key, {
        typ: String(r.regiontyp),
        kod: String(r.regionkod),
        namn: String(r.regionnamn),
        ...(r.lanskod ? { lan: String(r.lanskod) } : {}),
      });
    }
  }
  const ordning = ["riket", "lan", "kommun"];
  const regioner = [...regionMap.values()].sort(
    (a, b) => ordning.indexOf(a.typ) - ordning.indexOf(b.typ) || (a.typ === "lan" ? a.kod.localeCompare(b.kod) : collator.compare(a.namn, b.namn)),
  );
  const rIndex = new Map(regioner.map((r, i) => [`${r.typ}:${r.kod}`, i]));
  const pIndex = new Map(perioder.map((p, i) => [p, i]));
  const eIndex = new Map(ersattningar.map((e, i) => [e.id, i]));
  // Nested arrays instead of one row per value: SCB's table for all kommuner is ~150 000 values, and the 20–64
  // population is the same for every ersättning of a region, kön and half-year unless some kommun lacks that
  // ersättning — so it is sent once per region × kön × half-year, with the exceptions listed.
  const hek: (number | null)[][][][] = regioner.map(() => ersattningar.map(() => kon.map(() => perioder.map(() => null))));
  const befPer = new Map<string, number[]>();
  const placerade: [number, number, number, number, number][] = [];
  for (const r of rows) {
    const ri = rIndex.get(`${r.regiontyp}:${r.regionkod}`)!;
    const ei = eIndex.get(String(r.ersattning))!;
    const ki = kon.indexOf(String(r.kon));
    const pi = pIndex.get(String(r.period))!;
    if (ki < 0) continue;
    hek[ri][ei][ki][pi] = num(r.hek);
    const bef = num(r.bef);
    if (bef === null) continue;
    placerade.push([ri, ei, ki, pi, bef]);
    const key = `${ri}|${ki}|${pi}`;
    befPer.set(key, [...(befPer.get(key) ?? []), bef]);
  }
  const befolkning: (number | null)[][][] = regioner.map(() => kon.map(() => perioder.map(() => null)));
  for (const [key, values] of befPer) {
    const [ri, ki, pi] = key.split("|").map(Number);
    befolkning[ri][ki][pi] = Math.max(...values);
  }
  const befolkningAvvikelser = placerade.filter(([ri, , ki, pi, bef]) => befolkning[ri][ki][pi] !== bef);

  /** The values of some regions, ersättningar and periods (indexes into the lists above), with their own indexes. */
  const block = (rs: number[], es: number[], ps: number[]) => {
    const rLokal = new Map(rs.map((r, i) => [r, i]));
    const eLokal = new Map(es.map((e, i) => [e, i]));
    const pLokal = new Map(ps.map((p, i) => [p, i]));
    return {
      regioner: rs,
      ersattningar: es,
      perioder: ps,
      hek: rs.map((r) => es.map((e) => kon.map((_, k) => ps.map((p) => hek[r][e][k][p])))),
      befolkning: rs.map((r) => kon.map((_, k) => ps.map((p) => befolkning[r][k][p]))),
      befolkningAvvikelser: befolkningAvvikelser
        .filter(([r, e, , p]) => rLokal.has(r) && eLokal.has(e) && pLokal.has(p))
        .map(([r, e, k, p, bef]) => [rLokal.get(r)!, eLokal.get(e)!, k, pLokal.get(p)!, bef]),
    };
  };
  const index = <T>(list: T[], keep: (x: T) => boolean) => list.flatMap((x, i) => (keep(x) ? [i] : []));
  const kommuner = index(regioner, (r) => r.typ === "kommun");
  const ovriga = index(regioner, (r) => r.typ !== "kommun");
  const allaErs = ersattningar.map((_, i) => i);
  for (const typ of PERIODTYPER) {
    const avTyp = (perioderAvTyp(perioder, typ) as string[]).map((p) => pIndex.get(p)!);
    const senaste = avTyp.slice(-1);
    json(`omraden-${typ}`, { typ, delar: [block(ovriga, allaErs, avTyp), block(kommuner, allaErs, senaste)] });
    for (const e of ERSATTNINGAR) {
      const ei = eIndex.get(e.id);
      json(`kommuner-${typ}-${e.id}`, { typ, ersattning: e.id, delar: ei === undefined ? [] : [block(kommuner, [ei], avTyp)] });
    }
  }

  const noll = await db.all("SELECT count(*)::INTEGER AS n FROM helarsekvivalent WHERE status = 'noll_kan_vara_bortfall'");
  const filer = await db.all(
    `SELECT f.fil, f.kalla, strftime(f.hamtad, '%Y-%m-%d') AS hamtad FROM inlast_fil AS f
     WHERE f.fil_id IN (SELECT DISTINCT fil_id FROM helarsekvivalent) ORDER BY f.fil`,
  );
  json("meta", {
    tom: false,
    ...bas,
    perioder,
    ersattningar,
    kon,
    regioner,
    nollKanVaraBortfall: Number(noll[0]?.n ?? 0),
    filer,
  });
  return out;
});
process.stdout.write(zipSync(files, { level: 6 }));
