// Compact per-region series from the loaders (loaders/site/lib.ts: one array per ersättning and kön, one entry per
// period of one kind — half-years or years) turned into rows for charts and tables, and the year-on-year change the KPI
// cards show.
import {aretInnan, periodMitt} from "./perioder.js";

/**
 * Rows [{period, datum, regionnamn, regionnyckel, kon, <ersättning>: kr, …, belopp_kr, befolkning, preliminar}] for one
 * kön of a series; half-years where the series has no value at all are left out. regionnyckel, period and kon name
 * each value, so a table download of these rows gets the exact values and their parts (exakt.js).
 */
export function serieRader(serie, perioder, {kon = "T"} = {}) {
  if (!serie) return [];
  const varden = serie[kon] ?? {};
  const nycklar = Object.keys(varden);
  const rader = [];
  perioder.forEach((period, i) => {
    const rad = {period, datum: periodMitt(period), regionnamn: serie.namn, regionnyckel: `${serie.typ}:${serie.kod}`, kon};
    let any = false;
    for (const k of nycklar) {
      const v = varden[k][i];
      rad[k] = v ?? null;
      if (v != null) any = true;
    }
    if (!any) return;
    rad.belopp_kr = kon === "T" ? serie.belopp_kr?.[i] ?? null : null;
    rad.befolkning = kon === "T" ? serie.befolkning?.[i] ?? null : null;
    rad.preliminar = serie.preliminar?.[i] === 1;
    rader.push(rad);
  });
  return rader;
}

/** The same period one year earlier: "2025H1" → "2024H1", "2025" → "2024" (perioder.js aretInnan). */
export const arTidigare = aretInnan;

/**
 * Where a region's value for `ersattning` rests on fewer member kommuner than the region has (kön T), from the
 * series' ofullstandig: [{period, antal, iRegionen}] in period order.
 */
export function ofullstandigaPerioder(serie, ersattning, perioder) {
  return (serie?.ofullstandig?.[ersattning] ?? []).map(([i, antal, iRegionen]) => ({period: perioder[i], antal, iRegionen}));
}

/** The latest row with a value for `key`. */
export function senasteMedVarde(rader, key) {
  for (let i = rader.length - 1; i >= 0; i--) if (rader[i][key] != null) return rader[i];
  return null;
}

/**
 * Change of `key` from the same period a year earlier (the same half-year a year before, or the year before) to the
 * latest period with a value: {senaste, tidigare, kr, procent} (kr and procent null when there is no comparable period).
 * exakt: the loader's change computed on the exact values (loaders/site/lib.ts readForandringar); without it the
 * change is computed from the rows' rounded values.
 */
export function forandring(rader, key, exakt) {
  const senaste = senasteMedVarde(rader, key);
  if (!senaste) return {senaste: null, tidigare: null, kr: null, procent: null};
  const tidigare = rader.find((r) => r.period === arTidigare(senaste.period) && r[key] != null) ?? null;
  if (!tidigare) return {senaste, tidigare: null, kr: null, procent: null};
  if (exakt && exakt.period === senaste.period && exakt.tidigare_period === tidigare.period && exakt.kr != null) {
    return {senaste, tidigare, kr: exakt.kr, procent: exakt.procent};
  }
  const kr = senaste[key] - tidigare[key];
  return {senaste, tidigare, kr, procent: tidigare[key] === 0 ? null : (kr / tidigare[key]) * 100};
}

/** Ersättning choices for a selector: totalt and the groups first, then the six ersättningar. */
export function ersattningsval(meta) {
  const ordning = ["totalt", "ohalsa", "arbetsmarknad", "ekonomiskt_bistand", "sjukpenning", "sjuk_och_aktivitetsersattning", "arbetsloshetsersattning", "aktivitetsstod", "etableringsersattning"];
  const namn = new Map(meta.ersattningar.map((e) => [e.id, e.namn]));
  return ordning.filter((id) => namn.has(id)).map((id) => ({id, namn: namn.get(id)}));
}
