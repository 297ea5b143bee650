// Full-precision values of försörjningsmåttet for the table downloads (issue #12). Plain JavaScript with no browser
// or Node dependency: the build writes the files with it (loaders/site/exakt.ts), the download buttons read them
// (download.js), and unit tests run it in Node.
//
// Why separate files: the pages' data carry kr per invånare och dag rounded to the 2 decimals they show (so a page
// stays small). The exact values — the DOUBLE ratio as DuckDB gives it, belopp and befolkning as the exact DECIMALs,
// dagar and the preliminär flag — are written at build into the site's folder _exakt/ (scripts/build-site.ts), one
// small JSON per region and kind of period and one per period and ersättning, and fetched by a download button only
// when it is clicked. Nothing there is referenced by a page, so no page's payload grows.
//
//   _exakt/region/<typ>/<kod>/<halvar|ar>.json  one region, every period of the kind, every ersättning and kön:
//     {region: "kommun:0180", namn, typ: "halvar", perioder: [...], dagar: [...],
//      varden: {T: {totalt: {kr: [...], belopp_kr: [...], befolkning: [...], preliminar: [periodindex, ...]}, ...}, K, M}}
//   _exakt/period/<period>/<ersattning>.json     one period and ersättning, kön T, every kommun, län and riket:
//     {period, dagar, ersattning, kon: "T", regioner: ["kommun:0114", ...], namn: [...], kr: [...], belopp_kr: [...],
//      befolkning: [...], preliminar: [regionindex, ...]}
// kr is a JSON number (JavaScript's shortest round-trip form of the DOUBLE); belopp_kr and befolkning are numbers
// whose 2-decimal form is exactly the DECIMAL (a string where a number could not hold it); null = no value.
//
// A table's columns tell which cells are the measure (see measureSpecs): `matt` on a column (an object or a function
// of the row giving {region, period, ersattning, kon}), or — for rows from serieRader/indexData (regionnyckel,
// period) — a column whose key is an ersättning id with format "kr". withExactValues() replaces those cells by the exact
// value and appends each measure's parts.

// The files' names and places, shared with the build that writes them (loaders/site/exakt.ts).
export {EXAKT_KATALOG, filnamn, periodtypAv, regionFil, periodFil} from "@forsorjningsmatt/delat/exakt-filer.js";
import {periodtypAv, regionFil, periodFil} from "@forsorjningsmatt/delat/exakt-filer.js";

/** The lookup key of one value. */
export function nyckel({region, period, ersattning, kon}) {
  return `${region}|${period}|${ersattning}|${kon}`;
}

/**
 * The files that hold the given values: one period file when every value is kön T of one period and ersättning and
 * more than `grans` regions are asked for (a map, a ranking); otherwise one file per region and kind of period.
 */
export function behovdaFiler(nycklar, {grans = 4} = {}) {
  if (!nycklar.length) return [];
  const regioner = new Set(nycklar.map((k) => k.region));
  const par = new Set(nycklar.map((k) => `${k.period}|${k.ersattning}`));
  const iPeriodfil = (k) => k.kon === "T" && /^(kommun|lan|riket):/.test(k.region);
  if (regioner.size > grans && par.size === 1 && nycklar.every(iPeriodfil)) {
    return [periodFil(nycklar[0].period, nycklar[0].ersattning)];
  }
  return [...new Set(nycklar.map((k) => regionFil(k.region, periodtypAv(k.period))))].sort();
}

/** Adds the values of a fetched file (region or period file) to `lookup` (Map key → value) and names to `namn`. */
export function lasFil(json, lookup = new Map(), namn = new Map()) {
  if (json.regioner) {
    const prel = new Set(json.preliminar ?? []);
    json.regioner.forEach((region, i) => {
      if (json.namn?.[i] != null) namn.set(region, json.namn[i]);
      if (json.kr[i] == null) return;
      lookup.set(nyckel({region, period: json.period, ersattning: json.ersattning, kon: json.kon}), {
        kr: json.kr[i],
        belopp_kr: json.belopp_kr[i],
        befolkning: json.befolkning[i],
        dagar: json.dagar,
        preliminar: prel.has(i)
      });
    });
    return {lookup, namn};
  }
  if (json.namn != null) namn.set(json.region, json.namn);
  for (const [kon, perErsattning] of Object.entries(json.varden ?? {})) {
    for (const [ersattning, v] of Object.entries(perErsattning)) {
      const prel = new Set(v.preliminar ?? []);
      json.perioder.forEach((period, p) => {
        if (v.kr[p] == null) return;
        lookup.set(nyckel({region: json.region, period, ersattning, kon}), {
          kr: v.kr[p],
          belopp_kr: v.belopp_kr[p],
          befolkning: v.befolkning[p],
          dagar: json.dagar[p],
          preliminar: prel.has(p)
        });
      });
    }
  }
  return {lookup, namn};
}

/** The parts a measure can carry, in the order they are appended. */
export const DELAR = ["belopp_kr", "befolkning", "preliminar"];

function cellValue(row, column) {
  return typeof column.value === "function" ? column.value(row) : row[column.key];
}

/**
 * Which columns of a table are the measure, which are parts of one, and which are computed from one:
 *   measure:  {key, label, format: "kr"|"tal", matt: {region?, period?, ersattning?, kon?, namn?} | (row) => {...} | null}
 *             region, period, ersattning and kon default to the row's regionnyckel, period, ersattning and kon ("T");
 *             a column without `matt` is a measure when the rows are series rows (regionnyckel and period) and its key
 *             is an ersättning id (`ersattningar`) with format "kr" (the start page, Översikt, a page's component table);
 *   part:     {del: "belopp_kr"|"befolkning"|"dagar"|"preliminar", av: <key of the measure column>} — for series rows the
 *             columns belopp_kr, befolkning and preliminar are parts of "totalt";
 *   computed: {av: <key of the measure column>, omrakna: (row, kr, hamta) => value} — a value computed from the exact
 *             one (index, fixed prices); hamta({period}) gives the same measure's exact value in another period.
 * Returns {matt: [{index, column, spec(row) → key | null, inferred}], delar: [{index, column, av}], omrakning: [...]}.
 * @param {any[]} rows
 * @param {any[]} columns
 * @param {{ersattningar?: string[]}} [options]
 */
export function measureSpecs(rows, columns, {ersattningar = []} = {}) {
  const ids = new Set(ersattningar);
  const serierader = rows.length > 0 && rows.every((r) => typeof r?.regionnyckel === "string" && r.period != null);
  const matt = [];
  columns.forEach((column, index) => {
    if (column.del || column.omrakna) return;
    if (column.matt !== undefined) {
      if (column.matt === null) return;
      const m = column.matt;
      matt.push({
        index,
        column,
        inferred: false,
        spec(row) {
          const s = typeof m === "function" ? m(row) : m;
          if (!s) return null;
          return {
            region: s.region ?? row.regionnyckel,
            period: s.period ?? row.period,
            ersattning: s.ersattning ?? row.ersattning,
            kon: s.kon ?? row.kon ?? "T"
          };
        },
        namn: typeof m === "object" ? m.namn : undefined
      });
    } else if (serierader && column.format === "kr" && ids.has(column.key) && typeof column.value !== "function") {
      matt.push({
        index,
        column,
        inferred: true,
        spec: (row) => ({region: row.regionnyckel, period: row.period, ersattning: column.key, kon: row.kon ?? "T"})
      });
    }
  });
  const byKey = new Map(matt.map((m) => [m.column.key, m]));
  const delar = [];
  const omrakning = [];
  columns.forEach((column, index) => {
    if (column.del && byKey.has(column.av)) delar.push({index, column, del: column.del, av: byKey.get(column.av)});
    else if (column.omrakna && byKey.has(column.av)) omrakning.push({index, column, av: byKey.get(column.av)});
    else if (!column.del && !column.omrakna && column.matt === undefined && serierader && byKey.get("totalt")?.inferred) {
      // Series rows: belopp_kr, befolkning and preliminar are totalt's (kön T).
      if (["belopp_kr", "befolkning", "preliminar"].includes(column.key)) delar.push({index, column, del: column.key, av: byKey.get("totalt")});
    }
  });
  return {matt, delar, omrakning};
}

/** Every value the table needs: the measure cells that have a value on the page. */
export function neededKeys(rows, specs) {
  const out = new Map();
  for (const row of rows) {
    for (const m of specs.matt) {
      const v = cellValue(row, m.column);
      if (v == null || v === "") continue;
      const k = m.spec(row);
      if (k) out.set(nyckel(k), k);
    }
  }
  return [...out.values()];
}

/** The measure's name in a part column's label: "Uppsala, kr per invånare och dag" → "Uppsala". */
export function measureName(m) {
  if (m.namn) return m.namn;
  const label = String(m.column.label ?? m.column.key);
  const kort = label.replace(/,?\s*kr per invånare.*$/i, "").trim();
  return kort || label;
}

const DEL_LABEL = {
  belopp_kr: () => "utbetalt belopp, kr",
  befolkning: (band) => `befolkning ${band}`,
  preliminar: () => "preliminärt",
  dagar: () => "dagar",
  omfattning: () => "ersättningar som ingår"
};

const stor = (text) => text.charAt(0).toUpperCase() + text.slice(1);

/** The text of a part for one exact value: numbers as they are, preliminär as ja/nej. */
function delVarde(exakt, del) {
  if (!exakt) return null;
  if (del === "preliminar") return exakt.preliminar ? "ja" : "nej";
  return exakt[del];
}

/**
 * The table with exact values: each measure cell that has a value on the page is replaced by the exact value (the
 * page's value must be that value rounded — a different one means the column names the wrong region, period,
 * ersättning or kön, and the download stops rather than mix values); part columns get the exact part, computed
 * columns are computed again from the exact value; then each measure's parts are appended — utbetalt belopp,
 * befolkning, preliminärt and, for a group, the ersättningar in it — and one Dagar column.
 * options: band ("16–64 år"), omfattning(ersattning, period) → text or "" (the group's scope; "" for a single
 * ersättning), tolerance of the check (default 0.0051, the half-öre of a 2-decimal value plus margin).
 * Returns {rows, columns, used: [keys with a value]}.
 * @param {any[]} rows
 * @param {any[]} columns
 * @param {any} specs
 * @param {Map<string, any>} lookup
 * @param {{band?: string, omfattning?: (ersattning: string, period?: string) => string, tolerans?: number}} [options]
 */
export function withExactValues(rows, columns, specs, lookup, {band = "", omfattning = () => "", tolerans = 0.0051} = {}) {
  /** One measure cell: shown on the page (a value), its key, its exact value, or why not. */
  const cell = (row, m) => {
    const v = cellValue(row, m.column);
    if (v == null || v === "") return {visat: false};
    const key = m.spec(row);
    if (!key) return {visat: false};
    const exakt = lookup.get(nyckel(key)) ?? null;
    if (!exakt) return {visat: true, key, exakt: null, fel: `${nyckel(key)} saknas bland de exakta värdena`};
    const n = Number(v);
    if (!Number.isFinite(n) || Math.abs(n - exakt.kr) > tolerans + 1e-9 * Math.abs(exakt.kr)) {
      return {visat: true, key, exakt: null, fel: `${nyckel(key)}: sidans värde ${v} är inte det exakta ${exakt.kr} avrundat`};
    }
    return {visat: true, key, exakt};
  };
  const celler = specs.matt.map((m) => rows.map((row) => cell(row, m)));
  // An inferred column whose values are not the measure (e.g. an index computed on the page) is left as it is.
  const behall = specs.matt.map((m, j) => !m.inferred || celler[j].every((c) => !c.fel));
  const fel = specs.matt.flatMap((m, j) => (m.inferred ? [] : celler[j].filter((c) => c.fel).map((c) => c.fel)));
  if (fel.length) throw new Error(`Exakta värden stämmer inte med tabellen: ${fel.slice(0, 3).join("; ")}${fel.length > 3 ? ` (och ${fel.length - 3} till)` : ""}`);
  const matt = specs.matt.filter((_, j) => behall[j]);
  const mattSet = new Set(matt);
  const exakta = rows.map((_, i) => specs.matt.flatMap((m, j) => (behall[j] ? [celler[j][i]] : [])));
  const used = new Map();
  for (const ex of exakta) for (const c of ex) if (c.exakt) used.set(nyckel(c.key), c.key);

  const iMatt = new Map(matt.map((m, j) => [m, j]));
  const ersattningAv = (i, m) => exakta[i][iMatt.get(m)]?.key?.ersattning;
  const kolumner = columns.map((column, index) => {
    const m = matt.find((x) => x.index === index);
    if (m) {
      const j = iMatt.get(m);
      return {...column, xlsxFormat: column.xlsxFormat ?? "#,##0.00", value: (row) => row.__exakt[j] ?? null};
    }
    const d = specs.delar.find((x) => x.index === index && mattSet.has(x.av));
    if (d) {
      const j = iMatt.get(d.av);
      const tal = d.del === "belopp_kr" || d.del === "befolkning";
      return {
        ...column,
        ...(tal ? {decimals: 2, xlsxFormat: column.xlsxFormat ?? "#,##0.00"} : d.del === "dagar" ? {xlsxFormat: column.xlsxFormat ?? "0"} : {}),
        value: (row) => (row.__exaktDel[j] ? delVarde(row.__exaktDel[j], d.del) : null)
      };
    }
    const o = specs.omrakning.find((x) => x.index === index && mattSet.has(x.av));
    if (o) {
      const j = iMatt.get(o.av);
      return {...column, value: (row) => row.__omraknat[j]?.[index] ?? null};
    }
    return column;
  });

  // Appended parts: for each measure the parts no column of the table already gives.
  const flera = matt.length > 1;
  const tillagg = [];
  const etiketter = new Set(columns.map((c) => c.label));
  const etikett = (m, del) => {
    const bas = DEL_LABEL[del](band);
    let text = flera ? `${measureName(m)}: ${bas}` : stor(bas);
    if (etiketter.has(text)) text = `${measureName(m)}: ${bas}`;
    etiketter.add(text);
    return text;
  };
  matt.forEach((m, j) => {
    const finns = new Set(specs.delar.filter((d) => d.av === m).map((d) => d.del));
    for (const del of DELAR) {
      if (finns.has(del)) continue;
      tillagg.push({
        key: `__del_${j}_${del}`,
        label: etikett(m, del),
        format: del === "preliminar" ? "text" : "tal",
        decimals: 2,
        xlsxFormat: "#,##0.00",
        value: (row) => (row.__exaktDel[j] ? delVarde(row.__exaktDel[j], del) : null)
      });
    }
    const harGrupp = rows.some((_, i) => omfattning(ersattningAv(i, m) ?? "", exakta[i][j]?.key?.period ?? "") !== "");
    if (harGrupp) {
      tillagg.push({
        key: `__del_${j}_omfattning`,
        label: etikett(m, "omfattning"),
        format: "text",
        value: (row) => (row.__exaktDel[j] ? omfattning(row.__exaktNyckel[j].ersattning, row.__exaktNyckel[j].period) || null : null)
      });
    }
  });
  // Dagar: one column when every row's measures share their days (they share the period), else one per measure.
  const harDagar = specs.delar.some((d) => d.del === "dagar" && mattSet.has(d.av));
  if (!harDagar && matt.length) {
    const delad = exakta.every((ex) => new Set(ex.filter((e) => e.exakt).map((e) => e.exakt.dagar)).size <= 1);
    if (delad) {
      tillagg.push({
        key: "__dagar",
        label: etiketter.has("Dagar") ? "Dagar i perioden" : "Dagar",
        format: "tal",
        xlsxFormat: "0",
        value: (row) => row.__exaktDel.find((e) => e)?.dagar ?? null
      });
    } else {
      matt.forEach((m, j) =>
        tillagg.push({key: `__del_${j}_dagar`, label: etikett(m, "dagar"), format: "tal", xlsxFormat: "0", value: (row) => row.__exaktDel[j]?.dagar ?? null})
      );
    }
  }

  const rader = rows.map((row, i) => {
    const ex = exakta[i];
    const ut = {
      ...row,
      __exakt: ex.map((e, j) => (e.exakt ? e.exakt.kr : e.visat ? cellValue(row, matt[j].column) : null)),
      __exaktDel: ex.map((e) => e.exakt ?? null),
      __exaktNyckel: ex.map((e) => e.key ?? null),
      __omraknat: ex.map(() => ({}))
    };
    for (const o of specs.omrakning) {
      if (!mattSet.has(o.av)) continue;
      const j = iMatt.get(o.av);
      const e = ex[j];
      if (!e.exakt) {
        ut.__omraknat[j][o.index] = e.visat ? null : cellValue(row, o.column);
        continue;
      }
      const hamta = (andring) => lookup.get(nyckel({...e.key, ...andring}))?.kr ?? null;
      ut.__omraknat[j][o.index] = o.column.omrakna(row, e.exakt.kr, hamta);
    }
    return ut;
  });
  return {rows: rader, columns: [...kolumner, ...tillagg], used: [...used.values()]};
}
