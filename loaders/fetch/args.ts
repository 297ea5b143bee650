// The arguments of `npm run fetch`, parsed and checked (Swedish messages); kept apart from the command so they
// can be tested without starting a process.
import { parseArgs } from "node:util";
import { parseDatum } from "../periods.ts";
import { FK_DEFAULT_BASE, FK_DEFAULT_FILES } from "./fk.ts";
import { HTTP_DEFAULTS } from "./http.ts";
import { KOLADA_DEFAULT_BASE, KOLADA_DEFAULT_KPIER } from "./kolada.ts";
import { DEFAULT_FRAN_AR, type FetchOptions, type Kalla, KALLOR, today } from "./run.ts";
import { SCB_DEFAULT_BASE } from "./scb.ts";

/** A bad argument; the message is shown with the usage text. */
export class ArgumentError extends Error {}

export const USAGE = `Användning: npm run fetch -- [flaggor]

Hämtar aktuella tabeller från SCB, Kolada och Försäkringskassan till data/raw/<källa>/<ÅÅÅÅ-MM-DD>/ (dagens datum).
Kräver internet. Läs sedan in dem med: npm run ingest -- --data data/raw

  --data <katalog>      datakatalogen; filerna hamnar i <katalog>/raw/<källa>/<datum>/ (standard: data)
  --kallor <lista>      källor att hämta, kommaseparerade: ${KALLOR.join(",")} (standard: alla)
  --kpi <lista>         Kolada-nyckeltal (standard: ${KOLADA_DEFAULT_KPIER.join(",")})
  --fran-ar <år>        första år som hämtas (standard: ${DEFAULT_FRAN_AR})
  --till-ar <år>        sista år för Kolada (standard: innevarande år)
  --fk-filer <lista>    Försäkringskassans filer <dataset>/<Tabell>.xlsx|json (standard: ${FK_DEFAULT_FILES.join(",")})
  --datum <ÅÅÅÅ-MM-DD>  hämtningsdatum i mappnamnet (standard: i dag)
  --scb-bas <url>       SCB:s API v2 (standard: ${SCB_DEFAULT_BASE}; eller miljövariabeln SCB_API_BAS)
  --kolada-bas <url>    Koladas API v3 (standard: ${KOLADA_DEFAULT_BASE}; eller KOLADA_API_BAS)
  --fk-bas <url>        Försäkringskassans öppna data (standard: ${FK_DEFAULT_BASE}; eller FK_API_BAS)
  --forsok <n>          försök per anrop vid 429, 5xx och avbrutna anslutningar (standard: ${HTTP_DEFAULTS.forsok})
  --vantetid-ms <ms>    väntetid före andra försöket, dubblas för varje nytt försök (standard: ${HTTP_DEFAULTS.vantetidMs})
  --anslutning-s <s>    hur länge ett första svar från servern får dröja (standard: ${HTTP_DEFAULTS.anslutningMs / 1000})`;

function list(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(",").map((s) => s.trim()).filter(Boolean);
}

function positiveInt(name: string, value: string | undefined, min = 1): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min) throw new ArgumentError(`--${name}: fann "${value}", förväntade ett heltal som är minst ${min}.`);
  return Number(value);
}

function url(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value === "") return undefined;
  try {
    const u = new URL(value);
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error();
  } catch {
    throw new ArgumentError(`${name}: fann "${value}", förväntade en adress som börjar med http:// eller https://.`);
  }
  return value;
}

/** Parses argv (without node and script); environment variables SCB_API_BAS, KOLADA_API_BAS, FK_API_BAS as fallbacks. */
export function parseFetchArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): { help: true } | { help: false; options: FetchOptions & { dataDir: string; datum: string } } {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        data: { type: "string", default: "data" },
        kallor: { type: "string" },
        kpi: { type: "string" },
        "fran-ar": { type: "string" },
        "till-ar": { type: "string" },
        "fk-filer": { type: "string" },
        datum: { type: "string" },
        "scb-bas": { type: "string" },
        "kolada-bas": { type: "string" },
        "fk-bas": { type: "string" },
        forsok: { type: "string" },
        "vantetid-ms": { type: "string" },
        "anslutning-s": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }).values;
  } catch (err) {
    throw new ArgumentError((err as Error).message);
  }
  if (args.help) return { help: true };
  const kallor = list(args.kallor);
  const unknown = kallor?.filter((k) => !(KALLOR as readonly string[]).includes(k)) ?? [];
  if (kallor && (unknown.length || kallor.length === 0)) throw new ArgumentError(`--kallor: fann "${args.kallor}", förväntade en eller flera av ${KALLOR.join(", ")}.`);
  if (args.datum !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(args.datum) || !parseDatum(args.datum))) {
    throw new ArgumentError(`--datum: fann "${args.datum}", förväntade ett datum ÅÅÅÅ-MM-DD.`);
  }
  const franAr = positiveInt("fran-ar", args["fran-ar"], 1968);
  const tillAr = positiveInt("till-ar", args["till-ar"], 1968);
  if (franAr !== undefined && tillAr !== undefined && tillAr < franAr) throw new ArgumentError(`--till-ar: fann ${tillAr}, förväntade ett år som inte ligger före --fran-ar ${franAr}.`);
  const anslutning = positiveInt("anslutning-s", args["anslutning-s"]);
  return {
    help: false,
    options: {
      dataDir: args.data!,
      datum: args.datum ?? today(),
      kallor: kallor as Kalla[] | undefined,
      scbBas: url("--scb-bas", args["scb-bas"]) ?? url("SCB_API_BAS", env.SCB_API_BAS),
      koladaBas: url("--kolada-bas", args["kolada-bas"]) ?? url("KOLADA_API_BAS", env.KOLADA_API_BAS),
      fkBas: url("--fk-bas", args["fk-bas"]) ?? url("FK_API_BAS", env.FK_API_BAS),
      kpier: list(args.kpi),
      franAr,
      tillAr,
      fkFiler: list(args["fk-filer"]),
      http: {
        forsok: positiveInt("forsok", args.forsok),
        vantetidMs: positiveInt("vantetid-ms", args["vantetid-ms"], 0),
        anslutningMs: anslutning !== undefined ? anslutning * 1000 : undefined,
      },
    },
  };
}
