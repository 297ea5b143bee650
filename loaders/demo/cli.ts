// npm run demo-data [-- --out <dir>] [--from <year>] [--to <year>]: befolkning, utbetalningar and helarsekvivalenter files
import path from "node:path";
import { pathToFileURL } from "node:url";
import { DEMO_DIR } from "../config.ts";
import { FIRST_PAYOUT_YEAR, LAST_PAYOUT_YEAR, generateDemoData, type GenerateOptions } from "./generate.ts";
import { generateSusDemo } from "./sus.ts";

const USAGE = `Usage: npm run demo-data -- [--out <dir>] [--from <year>] [--to <year>]
  --out   output directory (default data/demo; the SUS-style insatser export goes to <out>/sus)
  --from  first payout and helårsekvivalent year (default ${FIRST_PAYOUT_YEAR}); population starts the year before
  --to    last payout and helårsekvivalent year (default ${LAST_PAYOUT_YEAR})`;

export function parseArgs(argv: string[]): GenerateOptions | "help" {
  const options: GenerateOptions = { out: DEMO_DIR };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") return "help";
    const value = argv[i + 1];
    if (arg === "--out" || arg === "--from" || arg === "--to") {
      if (value === undefined || value.startsWith("--")) throw new Error(`${arg} needs a value\n${USAGE}`);
      i++;
      if (arg === "--out") options.out = path.resolve(value);
      else {
        if (!/^\d{4}$/.test(value)) throw new Error(`${arg} ${value}: expected a year (YYYY)`);
        options[arg === "--from" ? "from" : "to"] = Number(value);
      }
    } else {
      throw new Error(`unknown argument "${arg}"\n${USAGE}`);
    }
  }
  return options;
}

export function main(argv: string[]): number {
  try {
    const options = parseArgs(argv);
    if (options === "help") {
      console.log(USAGE);
      return 0;
    }
    const started = performance.now();
    const { files } = generateDemoData({ ...options, log: (line) => console.log(line) });
    // The SUS-style export of insatser and deltagare (its years are fixed, 2019–2025): in <out>/sus/.
    files.push(...generateSusDemo({ out: path.join(options.out, "sus"), log: (line) => console.log(line) }).files);
    console.log(`${files.length} files in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return 0;
  } catch (error) {
    console.error(`demo-data: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = main(process.argv.slice(2));
}
