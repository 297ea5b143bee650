// Framework archive loader: the start page's wide table — försörjningsmåttet (kön T) per region and period for riket,
// every län and every kommun, with its components by ersättning — as two members, one per kind of period:
// forsorjningsmatt/halvar.json and forsorjningsmatt/ar.json. The page fetches only the kind it shows.
//
// Shape of each (kept small: ~7 500 region-halvår rows; numbers rounded as they are displayed):
//   { demodata, aldersband: {fran, till}, typ: "halvar"|"ar", perioder: ["2014H1", …], ersattningar: [{id, namn, kortnamn}],
//     kolumner: ["totalt", "belopp_kr", "befolkning", <six ersättningar>, "preliminar"],
//     regioner: [{typ, kod, namn, lan?}], varden: [[row | null per period] per region],
//     ofullstandig: {"<typ>:<kod>": [[period, antal_kommuner, antal_kommuner_i_regionen], …]},
//     forandring: {"<typ>:<kod>": {period, tidigare_period, kr, procent}} (totalt: the latest period against the same
//       period a year earlier, on the exact values) }
// kr per invånare och dag are rounded to 2 decimals (the displayed precision), belopp to whole kronor, befolkning
// (interpolated, so fractional) to whole persons; preliminar is 1/0.
import { strToU8, zipSync } from "fflate";
import { ERSATTNINGAR, PERIODTYPER, type Periodtyp, type Row, num, openDb, periodtyp, readForandringar } from "../../loaders/site/lib.ts";

const REGIONTYPER = ["riket", "lan", "kommun"];
const I_REGIONTYPER = REGIONTYPER.map((t) => `'${t}'`).join(", ");

interface Region {
  typ: string;
  kod: string;
  namn: string;
  lan?: string;
}

/** The rows of one kind of period as the page's compact table, regions in the region picker's order. */
function tabell(pivot: Row[], kommunLan: Map<string, string>, ofullstandigaRader: Row[]) {
  const perioder = [...new Set(pivot.map((r) => String(r.period)))].sort();
  const periodIndex = new Map(perioder.map((p, i) => [p, i]));
  const regioner: Region[] = [];
  const varden: ((number | null)[] | null)[][] = [];
  const regionIndex = new Map<string, number>();
  for (const r of pivot) {
    const key = `${r.regiontyp}:${r.regionkod}`;
    let i = regionIndex.get(key);
    if (i === undefined) {
      i = regioner.length;
      regionIndex.set(key, i);
      const region: Region = { typ: String(r.regiontyp), kod: String(r.regionkod), namn: String(r.regionnamn) };
      if (region.typ === "kommun") {
        const lan = kommunLan.get(region.kod);
        if (lan) region.lan = lan;
      }
      regioner.push(region);
      varden.push(perioder.map(() => null));
    }
    const preliminar = (r.preliminar_totalt ?? r.preliminar_nagon) === true ? 1 : 0;
    varden[i][periodIndex.get(String(r.period))!] = [
      num(r.totalt),
      num(r.belopp_kr),
      num(r.befolkning),
      ...ERSATTNINGAR.map((e) => num(r[e])),
      preliminar,
    ];
  }

  // Riket first, then län by code, then kommuner by name (Swedish collation), for the region picker.
  const order = regioner.map((_, i) => i);
  const rank = (t: string) => REGIONTYPER.indexOf(t);
  const collator = new Intl.Collator("sv");
  order.sort((a, b) => {
    const ra = regioner[a];
    const rb = regioner[b];
    return rank(ra.typ) - rank(rb.typ) || (ra.typ === "kommun" ? collator.compare(ra.namn, rb.namn) : ra.kod.localeCompare(rb.kod));
  });

  // Incomplete coverage (a data set with only some kommuner): the periods where a region lacks member kommuner.
  const ofullstandig: Record<string, [string, number, number][]> = {};
  for (const r of ofullstandigaRader) {
    (ofullstandig[`${r.regiontyp}:${r.regionkod}`] ??= []).push([String(r.period), Number(r.antal), Number(r.i_regionen)]);
  }
  return { perioder, regioner: order.map((i) => regioner[i]), varden: order.map((i) => varden[i]), ofullstandig };
}

const db = await openDb();
try {
  const installning = new Map((await db.all("SELECT nyckel, varde FROM installning")).map((r) => [String(r.nyckel), String(r.varde)]));
  const fran = Number(installning.get("alder_fran") ?? NaN);
  const till = Number(installning.get("alder_till") ?? NaN);
  if (!Number.isInteger(fran) || !Number.isInteger(till)) {
    throw new Error("Tabellen installning saknar alder_fran/alder_till (åldersbandet).");
  }

  const typer = await db.all(
    `SELECT ersattning, namn, kortnamn FROM ersattning_typ
     WHERE ersattning IN (${ERSATTNINGAR.map((e) => `'${e}'`).join(", ")})
     ORDER BY ordning`,
  );
  const ersattningar = ERSATTNINGAR.map((id) => {
    const t = typer.find((r) => r.ersattning === id);
    return { id, namn: String(t?.namn ?? id), kortnamn: String(t?.kortnamn ?? t?.namn ?? id) };
  });

  // One row per region and period; components as columns. Exact DECIMAL sums are rounded only here, for display.
  const pivot = await db.all(
    `SELECT regiontyp, regionkod, any_value(regionnamn) AS regionnamn, period,
       max(CASE WHEN ersattning = 'totalt' THEN round(kr_per_invanare_och_dag, 2) END)::DOUBLE AS totalt,
       max(CASE WHEN ersattning = 'totalt' THEN round(belopp_kr, 0) END)::DOUBLE AS belopp_kr,
       round(max(befolkning), 0)::DOUBLE AS befolkning,
       ${ERSATTNINGAR.map((e) => `max(CASE WHEN ersattning = '${e}' THEN round(kr_per_invanare_och_dag, 2) END)::DOUBLE AS "${e}"`).join(",\n       ")},
       bool_or(preliminar) FILTER (WHERE ersattning = 'totalt') AS preliminar_totalt,
       bool_or(preliminar) AS preliminar_nagon
     FROM forsorjningsmatt
     WHERE kon = 'T' AND regiontyp IN (${I_REGIONTYPER})
     GROUP BY regiontyp, regionkod, period
     ORDER BY regiontyp, regionkod, period`,
  );
  const kommunLan = new Map((await db.all("SELECT kommunkod, lanskod FROM kommun")).map((r) => [String(r.kommunkod), String(r.lanskod)]));
  const ofullstandiga = await db.all(
    `SELECT regiontyp, regionkod, period, antal_kommuner::INTEGER AS antal, antal_kommuner_i_regionen::INTEGER AS i_regionen
     FROM forsorjningsmatt_utokad
     WHERE kon = 'T' AND ersattning = 'totalt' AND regiontyp IN ('riket', 'lan') AND antal_kommuner < antal_kommuner_i_regionen
     ORDER BY regiontyp, regionkod, period`,
  );
  const forandringar = await readForandringar(db, `ersattning = 'totalt' AND regiontyp IN (${I_REGIONTYPER})`);

  const files: Record<string, Uint8Array> = {};
  for (const typ of PERIODTYPER) {
    const avTyp = (r: Row) => periodtyp(String(r.period)) === (typ as Periodtyp);
    const output = tabell(pivot.filter(avTyp), kommunLan, ofullstandiga.filter(avTyp));
    const forandring: Record<string, unknown> = {};
    for (const r of output.regioner) {
      const f = forandringar.get(`${r.typ}:${r.kod}`)?.[typ].totalt;
      if (f) forandring[`${r.typ}:${r.kod}`] = f;
    }
    files[`${typ}.json`] = strToU8(
      JSON.stringify({
        demodata: installning.get("demodata") === "ja",
        aldersband: { fran, till },
        typ,
        perioder: output.perioder,
        ersattningar,
        kolumner: ["totalt", "belopp_kr", "befolkning", ...ERSATTNINGAR, "preliminar"],
        regioner: output.regioner,
        varden: output.varden,
        ofullstandig: output.ofullstandig,
        forandring,
      }),
    );
  }
  process.stdout.write(zipSync(files, { level: 6 }));
} finally {
  db.close();
}
