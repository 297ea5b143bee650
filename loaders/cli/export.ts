// npm run export -- --out <katalog> [--db <fil.duckdb>]
import path from "node:path";
import { parseArgs } from "node:util";
import { databasePath } from "../config.ts";
import { displayPath } from "../errors.ts";
import { exportPackage, ExportError } from "../export/index.ts";

const USAGE = `Användning: npm run export -- --out <katalog> [--db <fil.duckdb>]

  --out  katalogen som datapaketet skrivs till (skapas; ett tidigare datapaket där ersätts helt)
  --db   databasen som exporteras (standard: data/forsorjning.duckdb, eller FORSORJNING_DB)

Skriver databasens offentliga vyer som Parquet och CSV (UTF-8, komma, punkt som decimaltecken) med
datapackage.json (Frictionless Data Package) och README.md. Inga uppgifter om enskilda deltagare.`;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        out: { type: "string" },
        db: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  if (!args.out) {
    console.error(`Ange katalogen för datapaketet med --out.\n\n${USAGE}`);
    return 2;
  }
  const dbPath = args.db ? path.resolve(args.db) : databasePath();
  const outDir = path.resolve(args.out);
  try {
    await exportPackage({ dbPath, outDir, log: (line) => console.log(line) });
    return 0;
  } catch (err) {
    if (err instanceof ExportError) {
      console.error(`Exporten avbröts: ${err.message}`);
      console.error(`${displayPath(outDir)} är oförändrad.`);
      return 1;
    }
    console.error(`Exporten avbröts av ett oväntat fel: ${(err as Error)?.message ?? err}`);
    console.error(`${displayPath(outDir)} är oförändrad.`);
    return 3;
  }
}

process.exitCode = await main();
