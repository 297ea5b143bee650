// npm run ingest -- --data <dir> --db <file.duckdb> [--aldersband 16-64]
import path from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_AGE_BAND, DEFAULT_DB } from "../config.ts";
import { displayPath, IngestError, UsageError } from "../errors.ts";
import { ingest } from "../ingest.ts";
import { formatNumber } from "../../src/components/format.js";

const USAGE = `Användning: npm run ingest -- --data <katalog> --db <fil.duckdb> [--aldersband 16-64]

  --data        katalog med datafiler (befolkning*.csv, utbetalningar*.csv, helarsekvivalenter*.csv, forbund*.csv,
                insatser*.csv, deltagare*.csv, SUS-exporter …; formatet känns igen på innehållet)
  --db          databasfilen som skapas eller ersätts (standard: data/forsorjning.duckdb)
  --aldersband  åldersband för försörjningsmåttets befolkning, t.ex. 16-64 (standard), 16-65 eller 20-64`;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        data: { type: "string" },
        db: { type: "string", default: DEFAULT_DB },
        aldersband: { type: "string", default: `${DEFAULT_AGE_BAND.fran}-${DEFAULT_AGE_BAND.till}` },
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
  if (!args.data) {
    console.error(`Ange datakatalogen med --data.\n\n${USAGE}`);
    return 2;
  }
  const band = /^(\d{1,3})-(\d{1,3})$/.exec(args.aldersband!);
  if (!band) {
    console.error(`--aldersband: fann "${args.aldersband}", förväntade två åldrar med bindestreck, t.ex. 16-64.`);
    return 2;
  }
  const dbPath = path.resolve(args.db!);
  const started = performance.now();
  try {
    const result = await ingest({
      dataDir: args.data,
      dbPath,
      ageBand: { fran: Number(band[1]), till: Number(band[2]) },
      log: (line) => console.log(line),
    });
    for (const note of result.notes) console.log(`Obs: ${note}`);
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `Klart: ${result.files.length} filer, ${formatNumber(result.rows)} rader inlästa i ${displayPath(dbPath)} på ${formatNumber(seconds, 1)} s` +
        ` (åldersband ${band[1]}–${band[2]} år${result.demodata ? ", demodata" : ""}; förbund: ${result.forbundKalla}).`,
    );
    return 0;
  } catch (err) {
    if (err instanceof IngestError || err instanceof UsageError) {
      console.error(`Inläsningen avbröts: ${err.message}`);
      console.error(`Databasen ${displayPath(dbPath)} är oförändrad.`);
      return 1;
    }
    console.error(`Inläsningen avbröts av ett oväntat fel: ${(err as Error)?.message ?? err}`);
    console.error(`Databasen ${displayPath(dbPath)} är oförändrad.`);
    return 3;
  }
}

process.exitCode = await main();
