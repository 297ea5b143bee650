// npm run fetch -- [--data data] [--kallor scb,kolada,fk,socialstyrelsen] [--kpi N31001,…] [--fran-ar 2013] …
// (all flags: loaders/fetch/args.ts, or npm run fetch -- --help)
import path from "node:path";
import { displayPath } from "../errors.ts";
import { ArgumentError, parseFetchArgs, USAGE } from "../fetch/args.ts";
import { abortAll } from "../fetch/output.ts";
import { KALLA_NAMN, runFetch } from "../fetch/run.ts";

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseFetchArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof ArgumentError)) throw err;
    console.error(`${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    console.log(USAGE);
    return 0;
  }
  const o = parsed.options;
  const started = performance.now();
  // Ctrl-C: the source being downloaded leaves nothing behind; earlier complete downloads stay.
  process.once("SIGINT", () => {
    const dropped = abortAll();
    console.error(`Hämtningen avbröts.${dropped ? " Den påbörjade källan sparades inte;" : ""} tidigare hämtningar är orörda.`);
    process.exit(130);
  });
  try {
    const results = await runFetch({ ...o, log: (line) => console.log(line) });
    const failed = results.filter((r) => !r.ok);
    const saved = results.filter((r) => r.ok && r.mapp);
    const seconds = ((performance.now() - started) / 1000).toFixed(1).replace(".", ",");
    if (saved.length) {
      console.log(`Klart på ${seconds} s: ${saved.map((r) => `${KALLA_NAMN[r.kalla]} ${r.filer} filer i ${displayPath(r.mapp!)}`).join("; ")}.`);
      console.log(`Läs in dem med: npm run ingest -- --data ${displayPath(path.resolve(o.dataDir, "raw"))}`);
    }
    if (failed.length) {
      for (const r of failed) console.error(`${KALLA_NAMN[r.kalla]}: ${r.fel}`);
      console.error(`Hämtningen misslyckades för ${failed.map((r) => KALLA_NAMN[r.kalla]).join(", ")} (efter ${seconds} s). Inget sparades för ${failed.length === 1 ? "den källan" : "de källorna"}; tidigare hämtningar är orörda.`);
      return 1;
    }
    return 0;
  } catch (err) {
    console.error(`Hämtningen avbröts av ett oväntat fel: ${(err as Error)?.message ?? err}`);
    return 3;
  }
}

process.exitCode = await main();
