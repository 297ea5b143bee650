// Framework data loader for Jämför (/jamfor): försörjningsmåttet (kön T) for riket, every län, förbund and kommun,
// all ersättningar and groups, every half-year — plus KPI annual means for fixed prices. Reads the DuckDB file
// read-only and data/reference/kpi/kpi_arsmedel_beraknat.csv (SCB KPI 1980 = 100, see its PROVENANCE.md).
//
// Shape: { demodata, aldersband, perioder, ersattningar: [{id, namn, kortnamn, grupp}], regioner: [{typ, kod, namn, lan?}],
//          varden: [region][ersättning][period] (kr per invånare och dag, 3 decimals; null = no value),
//          preliminar: {"typ:kod": [periodindex…]}, kpi: [{ar, kpi}], kpiKalla }
// Three decimals (one more than displayed) keep index and fixed-price values from compounding the display rounding.
import { readFileSync } from "node:fs";
import path from "node:path";
import { REFERENCE_DIR } from "../../loaders/config.ts";
import { aldersband, mattMatris, withDatabase } from "./readonly-db.ts";

const KPI_FILE = path.join(REFERENCE_DIR, "kpi", "kpi_arsmedel_beraknat.csv");

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

const output = await withDatabase(async (db) => {
  const installning = await db.installning();
  const matris = await mattMatris(db, ["riket", "lan", "forbund", "kommun"], 3);
  return {
    demodata: installning.get("demodata") === "ja",
    aldersband: aldersband(installning),
    ...matris,
    kpi: readKpi(),
    kpiKalla:
      "KPI, fastställda tal (1980 = 100), SCB tabell PR0101A; årsmedeltal beräknade som medelvärdet av årets tolv månadsvärden (data/reference/kpi).",
  };
});
process.stdout.write(JSON.stringify(output));
