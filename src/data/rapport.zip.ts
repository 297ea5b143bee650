// Framework archive loader: the board report's data, one JSON per region and every period in it —
// rapport/forbund/<adress>.json, rapport/kommun/<kod>.json, rapport/lan/<kod>.json — for the report pages
// (src/rapport/[typ]/[id].md). ONE process for all regions: the measure is computed once (lib.ts openDb) and every
// document is made from the same rows (src/data/rapport.ts, where the shape is described).
import { strToU8, zipSync } from "fflate";
import { databasePath } from "../../loaders/config.ts";
import { openDb } from "../../loaders/site/lib.ts";
import { rapportDokument } from "./rapport.ts";

const db = await openDb();
try {
  const dokument = await rapportDokument(db, databasePath());
  const files: Record<string, Uint8Array> = {};
  for (const [namn, doc] of dokument) files[`${namn}.json`] = strToU8(JSON.stringify(doc));
  process.stdout.write(zipSync(files, { level: 6 }));
} finally {
  db.close();
}
