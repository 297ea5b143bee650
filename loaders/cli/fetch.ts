// npm run fetch -- [--data data] [--kallor scb,kolada,fk,socialstyrelsen] [--kpi N31001,…] [--fran-ar 2013] …
import path from "node:path";
import { parseArgs } from "node:util";
import { FK_DEFAULT_BASE, FK_DEFAULT_FILES } from "../fetch/fk.ts";
import { HTTP_DEFAULTS } from "../fetch/http.ts";
import { KOLADA_DEFAULT_BASE, KOLADA_DEFAULT_KPIER } from "../fetch/kolada.ts";
import { DEFAULT_FRAN_AR, type Kalla, KALLA_NAMN, KALLOR, runFetch, today } from "../fetch/run.ts";
import { SCB_DEFAULT_BASE } from "../fetch/scb.ts";
import { parseDatum } from "../periods.ts";

const USAGE = `Användning: npm run fetch -- [flaggor]

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
  if (!/^\d+$/.test(value) || Number(value) < min) throw new Error(`--${name}: fann "${value}", förväntade ett heltal som är minst ${min}.`);
  return Number(value);
}

function url(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value === "") return undefined;
  try {
    const u = new URL(value);
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error();
  } catch {
    throw new Error(`${name}: fann "${value}", förväntade en adress som börjar med http:// eller https://.`);
  }
  return value;
}

async function main(): Promise<number> {
  let o;
  try {
    const { values: args } = parseArgs({
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
    });
    if (args.help) {
      console.log(USAGE);
      return 0;
    }
    const kallor = list(args.kallor);
    const unknown = kallor?.filter((k) => !(KALLOR as readonly string[]).includes(k)) ?? [];
    if (kallor && (unknown.length || kallor.length === 0)) throw new Error(`--kallor: fann "${args.kallor}", förväntade en eller flera av ${KALLOR.join(", ")}.`);
    if (args.datum !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(args.datum) || !parseDatum(args.datum))) {
      throw new Error(`--datum: fann "${args.datum}", förväntade ett datum ÅÅÅÅ-MM-DD.`);
    }
    const franAr = positiveInt("fran-ar", args["fran-ar"], 1968);
    const tillAr = positiveInt("till-ar", args["till-ar"], 1968);
    if (franAr !== undefined && tillAr !== undefined && tillAr < franAr) throw new Error(`--till-ar ${tillAr} ligger före --fran-ar ${franAr}.`);
    const anslutning = positiveInt("anslutning-s", args["anslutning-s"]);
    o = {
      dataDir: args.data!,
      datum: args.datum ?? today(),
      kallor: kallor as Kalla[] | undefined,
      scbBas: url("--scb-bas", args["scb-bas"]) ?? url("SCB_API_BAS", process.env.SCB_API_BAS),
      koladaBas: url("--kolada-bas", args["kolada-bas"]) ?? url("KOLADA_API_BAS", process.env.KOLADA_API_BAS),
      fkBas: url("--fk-bas", args["fk-bas"]) ?? url("FK_API_BAS", process.env.FK_API_BAS),
      kpier: list(args.kpi),
      franAr,
      tillAr,
      fkFiler: list(args["fk-filer"]),
      http: {
        forsok: positiveInt("forsok", args.forsok),
        vantetidMs: positiveInt("vantetid-ms", args["vantetid-ms"], 0),
        anslutningMs: anslutning !== undefined ? anslutning * 1000 : undefined,
      },
    };
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const started = performance.now();
  try {
    const results = await runFetch({ ...o, log: (line) => console.log(line) });
    const failed = results.filter((r) => !r.ok);
    const saved = results.filter((r) => r.ok && r.mapp);
    const seconds = ((performance.now() - started) / 1000).toFixed(1).replace(".", ",");
    if (saved.length) {
      console.log(`Klart på ${seconds} s: ${saved.map((r) => `${KALLA_NAMN[r.kalla]} ${r.filer} filer i ${path.relative(process.cwd(), r.mapp!) || r.mapp}`).join("; ")}.`);
      console.log(`Läs in dem med: npm run ingest -- --data ${path.join(o.dataDir, "raw")}`);
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
