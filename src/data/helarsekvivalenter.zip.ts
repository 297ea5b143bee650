// Framework data loader for Helårsekvivalenter (/helarsekvivalenter): the helarsekvivalenter view (DESIGN.md §2.2)
// for kommun, län and riket — every half-year, ersättning and kön — and the files it came from. With no
// helårsekvivalenter in the database it says so ({tom: true}); the page then explains which file to add.
//
// Shape: { tom, demodata, perioder, ersattningar: [{id, namn}], kon: ["K","M","T"], regioner: [{typ, kod, namn, lan?}],
//          hek: [region][ersättning][kön][period] (helårsekvivalenter, 1 decimal; null = none),
//          befolkning: [region][kön][period] (20–64, whole persons), befolkningAvvikelser: [[region, ersättning, kön, period, befolkning]]
//          where an ersättning's population differs (a kommun without that ersättning); andel = hek / befolkning in the page,
//          nollKanVaraBortfall: antal månadsvärden, filer: [{fil, kalla, hamtad}] }
import { ERSATTNINGAR, HELARSEKVIVALENT_AGE_BAND, KON } from "../../loaders/config.ts";
import { num, withDatabase } from "./readonly-db.ts";

const output = await withDatabase(async (db) => {
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
  if (!rows.length) return { tom: true, ...bas };

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
  const noll = await db.all("SELECT count(*)::INTEGER AS n FROM helarsekvivalent WHERE status = 'noll_kan_vara_bortfall'");
  const filer = await db.all(
    `SELECT f.fil, f.kalla, strftime(f.hamtad, '%Y-%m-%d') AS hamtad FROM inlast_fil AS f
     WHERE f.fil_id IN (SELECT DISTINCT fil_id FROM helarsekvivalent) ORDER BY f.fil`,
  );
  return {
    tom: false,
    ...bas,
    perioder,
    ersattningar,
    kon,
    regioner,
    hek,
    befolkning,
    befolkningAvvikelser,
    nollKanVaraBortfall: Number(noll[0]?.n ?? 0),
    filer,
  };
});
process.stdout.write(JSON.stringify(output));
