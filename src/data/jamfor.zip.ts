// Framework archive loader for Jämför (/jamfor): försörjningsmåttet for riket, every län, förbund and kommun, all
// ersättningar and groups, every period — one member per kind of period and kön, so the page fetches only the view
// it shows: jamfor/halvar-T.json, halvar-K.json, halvar-M.json, ar-T.json, ar-K.json, ar-M.json. KPI annual means for
// fixed prices come with each. Reads the DuckDB file read-only and data/reference/kpi/kpi_arsmedel_beraknat.csv (SCB
// KPI 1980 = 100, see its PROVENANCE.md).
//
// Shape of each: { demodata, aldersband, typ, kon, perioder, ersattningar: [{id, namn, kortnamn, grupp}],
//   regioner: [{typ, kod, namn, lan?, adress?}], varden: [region][ersättning][period] (kr per invånare och dag,
//   3 decimals; null = no value), preliminar: {"typ:kod": [periodindex…]}, ofullstandig: {"typ:kod": {ersättning:
//   [[periodindex, antal_kommuner, antal_kommuner_i_regionen]]}} (only where incomplete), kpi: [{ar, kpi}], kpiKalla }
// Three decimals (one more than displayed) keep index and fixed-price values from compounding the display rounding.
// K and M hold only what the data splits by kön (ekonomiskt bistånd and the groups containing it are T only).
import { readFileSync } from "node:fs";
import path from "node:path";
import { strToU8, zipSync } from "fflate";
import { REFERENCE_DIR } from "../../loaders/config.ts";
import { PERIODTYPER } from "../../loaders/site/lib.ts";
import { aldersband, mattMatriser, withDatabase } from "./readonly-db.ts";

const KPI_FILE = path.join(REFERENCE_DIR, "kpi", "kpi_arsmedel_beraknat.csv");
const KON = ["T", "K", "M"];

function readKpi(): { ar: number; kpi: number }[] {
  const lines = readFileSync(KPI_FILE, "utf8").trim().split(/\r?\n/);
  const header = lines[0].split(",");
  const iAr = header.indexOf("ar");
  const iKpi = header.findIndex((h) => h.startsWith("kpi_arsmedel"));
  const iManader = header.indexOf("antal_manader");
  if (iAr < 0 || iKpi < 0) throw new Error(`${KPI_FILE}: rubrikraden saknar kolumnerna ar och kpi_arsmedel… (fanns: ${lines[0]})`);
  return lines
    .slice(1)
    .map((line) => line.split(","))
    // A year with fewer than 12 months has no annual mean yet.
    .filter((f) => iManader < 0 || Number(f[iManader]) === 12)
    .map((f) => ({ ar: Number(f[iAr]), kpi: Number(f[iKpi]) }))
    .filter((r) => Number.isInteger(r.ar) && Number.isFinite(r.kpi));
}

const files = await withDatabase(async (db) => {
  const installning = await db.installning();
  const matriser = await mattMatriser(db, ["riket", "lan", "forbund", "kommun"], 3, KON);
  const bas = {
    demodata: installning.get("demodata") === "ja",
    aldersband: aldersband(installning),
  };
  const kpi = readKpi();
  const out: Record<string, Uint8Array> = {};
  for (const typ of PERIODTYPER) {
    for (const kon of KON) {
      const m = matriser[typ][kon];
      // Only the ersättningar with some value for this kön (K and M lack ekonomiskt bistånd and what contains it).
      const behall = m.ersattningar.map((_, e) => m.varden.some((v) => v[e].some((x) => x != null)));
      out[`${typ}-${kon}.json`] = strToU8(
        JSON.stringify({
          ...bas,
          typ,
          kon,
          perioder: m.perioder,
          ersattningar: m.ersattningar.filter((_, e) => behall[e] || kon === "T"),
          regioner: m.regioner,
          varden: m.varden.map((v) => v.filter((_, e) => behall[e] || kon === "T")),
          preliminar: m.preliminar,
          ofullstandig: m.ofullstandig,
          kpi,
          kpiKalla:
            "KPI, fastställda tal (1980 = 100), SCB tabell PR0101A; årsmedeltal beräknade som medelvärdet av årets tolv månadsvärden (data/reference/kpi).",
        }),
      );
    }
  }
  return out;
});
process.stdout.write(zipSync(files, { level: 6 }));
