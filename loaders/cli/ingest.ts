// npm run ingest -- --data <dir> --db <file.duckdb> [--aldersband 16-64]
import path from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_AGE_BAND, DEFAULT_DB, type EconomySettings } from "../config.ts";
import { displayPath, IngestError, UsageError } from "../errors.ts";
import { ingest } from "../ingest.ts";
import { formatNumber } from "@forsorjningsmatt/delat/format.js";

const USAGE = `Användning: npm run ingest -- --data <katalog> --db <fil.duckdb> [--aldersband 16-64] [--totalt <ersättningar>]

  --data        katalog med datafiler (befolkning*.csv, utbetalningar*.csv, helarsekvivalenter*.csv, forbund*.csv,
                insatser*.csv, deltagare*.csv, SUS-exporter …; formatet känns igen på innehållet)
  --db          databasfilen som skapas eller ersätts (standard: data/forsorjning.duckdb)
  --aldersband  åldersband för försörjningsmåttets befolkning, t.ex. 16-64 (standard), 16-65 eller 20-64
  --totalt      förbundets egen definition av totalt: ersättningarna med komma emellan, t.ex.
                sjukpenning,sjuk_och_aktivitetsersattning,ekonomiskt_bistand,arbetsloshetsersattning
                (standard: alla sex)
  Förbundets ekonomi (statens fördelningsmodell och medlemsandelar; sparas i databasen):
  --fordelning-budget       statens budget för alla förbund ett år, kr (standard 339000000)
  --fordelning-grundbelopp  grundbelopp per förbund, kr (standard 400000)
  --fordelning-vikter       vikterna för utbetalt belopp och befolkning, t.ex. 0.75,0.25 (standard)
  --nyckel-aldersband       åldersband för medlemsandelarnas befolkningsnyckel (standard: samma som --aldersband)
  --nyckel-ar-fore          befolkningen den 31 december så många år före budgetåret (standard 1)
  Miljövariabel: FORSORJNING_MINNE  minnet DuckDB får använda under inläsningen, t.ex. 2GB (standard 400MB; det som
                                    inte ryms skrivs tillfälligt till en mapp bredvid databasen)`;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        data: { type: "string" },
        db: { type: "string", default: DEFAULT_DB },
        aldersband: { type: "string", default: `${DEFAULT_AGE_BAND.fran}-${DEFAULT_AGE_BAND.till}` },
        totalt: { type: "string" },
        "fordelning-budget": { type: "string" },
        "fordelning-grundbelopp": { type: "string" },
        "fordelning-vikter": { type: "string" },
        "nyckel-aldersband": { type: "string" },
        "nyckel-ar-fore": { type: "string" },
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
  const ekonomi: Partial<EconomySettings> = {};
  const tal = (flag: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    const n = Number(text.replace(/\s/g, "").replace(",", "."));
    if (!Number.isFinite(n)) throw new UsageError(`--${flag}: fann "${text}", förväntade ett tal, t.ex. 339000000.`);
    return n;
  };
  try {
    const budget = tal("fordelning-budget", args["fordelning-budget"]);
    if (budget !== undefined) ekonomi.budgetKr = budget;
    const grund = tal("fordelning-grundbelopp", args["fordelning-grundbelopp"]);
    if (grund !== undefined) ekonomi.grundbeloppKr = grund;
    if (args["fordelning-vikter"] !== undefined) {
      const v = /^\s*([\d.]+)\s*[,;]\s*([\d.]+)\s*$/.exec(args["fordelning-vikter"]);
      if (!v) throw new UsageError(`--fordelning-vikter: fann "${args["fordelning-vikter"]}", förväntade två vikter med komma emellan, t.ex. 0.75,0.25.`);
      ekonomi.viktBelopp = Number(v[1]);
      ekonomi.viktBefolkning = Number(v[2]);
    }
    if (args["nyckel-aldersband"] !== undefined) {
      const b = /^(\d{1,3})-(\d{1,3})$/.exec(args["nyckel-aldersband"]);
      if (!b) throw new UsageError(`--nyckel-aldersband: fann "${args["nyckel-aldersband"]}", förväntade två åldrar med bindestreck, t.ex. 16-64.`);
      ekonomi.nyckelAldersband = { fran: Number(b[1]), till: Number(b[2]) };
    }
    const fore = tal("nyckel-ar-fore", args["nyckel-ar-fore"]);
    if (fore !== undefined) ekonomi.nyckelArFore = fore;
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  const dbPath = path.resolve(args.db!);
  const started = performance.now();
  try {
    const result = await ingest({
      dataDir: args.data,
      dbPath,
      ageBand: { fran: Number(band[1]), till: Number(band[2]) },
      totalt: args.totalt === undefined ? undefined : args.totalt.split(",").map((s) => s.trim()).filter(Boolean),
      ekonomi,
      log: (line) => console.log(line),
    });
    for (const note of result.notes) console.log(`Obs: ${note}`);
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `Klart: ${result.files.length} filer, ${formatNumber(result.rows)} rader inlästa i ${displayPath(dbPath)} på ${formatNumber(seconds, 1)} s` +
        ` (åldersband ${band[1]}–${band[2]} år${result.demodata ? ", demodata" : ""}; förbund: ${result.forbundKalla}` +
        `${args.totalt !== undefined ? `; totalt enligt egen definition: ${args.totalt}` : ""}).`,
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
