// The board reports as PDF files (issue #9 item 4): builds the site if needed, serves dist/ on 127.0.0.1, opens each
// report page (/rapport/<typ>/<adress>?period=…) in headless Chromium (Debian's, driven by playwright-core) and prints
// it to reports/<period>/<typ>-<adress>.pdf: A4, tagged (document language sv, the page's title, headings as the
// outline), a running header with the region, period and retrieval date, page numbers in the footer.
//
//   npm run reports -- --period 2025H1 --forbund blekinge
//   npm run reports -- --period 2025 --all              (every förbund; two pages render at a time in one browser)
//
// The same function (skrivRapporter) is what the test calls; the command line only parses options and prints.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { chromium, type Browser } from "playwright-core";
import { databasePath } from "../loaders/config.ts";
import { forbundAdresser } from "../loaders/site/adress.ts";
import { openDb } from "../loaders/site/lib.ts";
import { formatNumber } from "@forsorjningsmatt/delat/format.js";
import { formatPeriod } from "@forsorjningsmatt/delat/perioder.js";
import { CHROMIUM_ARGS, chromiumSokvag } from "./chromium.ts";
import { startServer } from "./serve.ts";

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export const ANVANDNING = `Användning: npm run reports -- --period <period> (--forbund <id> | --kommun <kod> | --lan <kod> | --all) [--ut <mapp>]

  --period <p>     halvår (2025H1) eller år (2025) som finns i databasen; krävs
  --forbund <id>   ett samordningsförbund: id:t som i förbundslistan eller dess adress (blekinge); kan upprepas
  --kommun <kod>   en kommun, kod (0180) eller namn; kan upprepas
  --lan <kod>      ett län, kod (01) eller namn; kan upprepas
  --all            alla samordningsförbund
  --ut <mapp>      var PDF-filerna skrivs (standard: reports/); filerna hamnar i <mapp>/<period>/<typ>-<adress>.pdf
  --hjalp          visar den här texten

Webbplatsen byggs först (npm run build; inget görs om inget har ändrats). Chromium: Debians paket
(apt-get install chromium), eller sökvägen i CHROMIUM_PATH.`;

export type Typ = "forbund" | "kommun" | "lan";

export interface Val {
  period: string;
  forbund: string[];
  kommun: string[];
  lan: string[];
  alla: boolean;
  ut: string;
}

export class AnvandarFel extends Error {}

/** Parses the command line; throws AnvandarFel with a Swedish message (and the usage) on bad options. */
export function tolkaArgument(argv: string[]): Val | "hjalp" {
  let v;
  try {
    v = parseArgs({
      args: argv,
      options: {
        period: { type: "string" },
        forbund: { type: "string", multiple: true },
        kommun: { type: "string", multiple: true },
        lan: { type: "string", multiple: true },
        all: { type: "boolean" },
        ut: { type: "string" },
        hjalp: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    const m = /'(--?[\w-]+)'/.exec((error as Error).message);
    throw new AnvandarFel(`${m ? `Okänt eller ofullständigt val ${m[1]}.` : (error as Error).message}\n\n${ANVANDNING}`);
  }
  if (v.hjalp || v.help) return "hjalp";
  if (!v.period) throw new AnvandarFel(`--period saknas: ange ett halvår (2025H1) eller ett år (2025).\n\n${ANVANDNING}`);
  if (!/^\d{4}(H[12])?$/.test(v.period)) throw new AnvandarFel(`--period ${v.period} är inte ett halvår (2025H1) eller ett år (2025).`);
  const urval = (v.forbund?.length ?? 0) + (v.kommun?.length ?? 0) + (v.lan?.length ?? 0);
  if (!urval && !v.all) throw new AnvandarFel(`Ange vilka rapporter: --forbund, --kommun, --lan eller --all.\n\n${ANVANDNING}`);
  if (urval && v.all) throw new AnvandarFel("--all skriver alla förbunds rapporter: ange inte samtidigt --forbund, --kommun eller --lan.");
  return { period: v.period, forbund: v.forbund ?? [], kommun: v.kommun ?? [], lan: v.lan ?? [], alla: v.all ?? false, ut: v.ut ?? "reports" };
}

export interface Rapport {
  typ: Typ;
  adress: string;
  namn: string;
}

/** The periods with values and the regions of the database; unknown names and a period without data are refused. */
export async function valjRapporter(val: Val): Promise<Rapport[]> {
  const db = await openDb();
  try {
    const perioder = (await db.all("SELECT DISTINCT period FROM forsorjningsmatt_utokad WHERE regiontyp = 'riket' AND ersattning = 'totalt' ORDER BY period")).map((r) => String(r.period));
    if (!perioder.includes(val.period)) {
      const halvar = perioder.filter((p) => p.length > 4);
      const ar = perioder.filter((p) => p.length === 4);
      throw new AnvandarFel(
        `Perioden ${val.period} har inga värden i databasen. Halvår: ${halvar.length ? `${halvar[0]}–${halvar.at(-1)}` : "inga"}; år: ${ar.length ? `${ar[0]}–${ar.at(-1)}` : "inga"}.`,
      );
    }
    const forbund = await db.all("SELECT forbund_id, forbund_namn FROM forbund ORDER BY forbund_namn");
    const adresser = forbundAdresser(forbund.map((f) => String(f.forbund_id)));
    const kommuner = await db.all("SELECT kommunkod, kommunnamn FROM kommun ORDER BY kommunkod");
    const lan = await db.all("SELECT lanskod, lansnamn FROM lan ORDER BY lanskod");
    const lika = (a: string, b: string) => a.localeCompare(b, "sv", { sensitivity: "base" }) === 0;
    const ut: Rapport[] = [];
    if (val.alla) for (const f of forbund) ut.push({ typ: "forbund", adress: adresser.get(String(f.forbund_id))!, namn: String(f.forbund_namn) });
    for (const x of val.forbund) {
      const f = forbund.find((f) => String(f.forbund_id) === x || adresser.get(String(f.forbund_id)) === x || lika(String(f.forbund_namn), x));
      if (!f) throw new AnvandarFel(`Inget samordningsförbund med id, adress eller namn ”${x}”. Förbunden finns i tabellen forbund (t.ex. ${forbund.slice(0, 3).map((f) => String(f.forbund_id)).join(", ")}).`);
      ut.push({ typ: "forbund", adress: adresser.get(String(f.forbund_id))!, namn: String(f.forbund_namn) });
    }
    for (const x of val.kommun) {
      const k = kommuner.find((k) => String(k.kommunkod) === x || lika(String(k.kommunnamn), x));
      if (!k) throw new AnvandarFel(`Ingen kommun med kod eller namn ”${x}” (en kommunkod har fyra siffror, t.ex. 0180).`);
      ut.push({ typ: "kommun", adress: String(k.kommunkod), namn: String(k.kommunnamn) });
    }
    for (const x of val.lan) {
      const l = lan.find((l) => String(l.lanskod) === x || lika(String(l.lansnamn), x));
      if (!l) throw new AnvandarFel(`Inget län med kod eller namn ”${x}” (en länskod har två siffror, t.ex. 01).`);
      ut.push({ typ: "lan", adress: String(l.lanskod), namn: String(l.lansnamn) });
    }
    return ut.filter((r, i) => ut.findIndex((s) => s.typ === r.typ && s.adress === r.adress) === i);
  } finally {
    db.close();
  }
}

/** Runs `npm run build` (a no-op when nothing changed); the output goes to a log file, named on failure. */
export function byggWebbplatsen(cwd = PROJECT_ROOT, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const logg = path.join(os.tmpdir(), `forsorjning-reports-build-${process.pid}.log`);
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "build"], { cwd, env: { ...env, OBSERVABLE_TELEMETRY_DISABLE: "true" }, stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (c) => chunks.push(c));
    child.stderr.on("data", (c) => chunks.push(c));
    child.on("error", (error) => reject(new Error(`Kunde inte starta npm run build: ${error.message}`)));
    child.on("close", (code) => {
      const text = Buffer.concat(chunks).toString("utf-8");
      writeFileSync(logg, text);
      if (code === 0) resolve();
      else reject(new Error(`Webbplatsen kunde inte byggas (npm run build avslutades med kod ${code}); hela loggen: ${logg}\n${text.slice(-2000)}`));
    });
  });
}

/** Number of pages of a PDF written by Chromium (the /Count of its page tree). */
export function antalSidor(pdf: Buffer): number {
  const text = pdf.toString("latin1");
  const m = /\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/.exec(text) ?? /\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/.exec(text);
  if (m) return Number(m[1]);
  return (text.match(/\/Type\s*\/Page\b(?!s)/g) ?? []).length;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export interface Resultat {
  rapport: Rapport;
  fil: string | null;
  sidor: number;
  bytes: number;
  /** "ok", "utan-varden" (the region has no value for the period: nothing written), "fel". */
  status: "ok" | "utan-varden" | "fel";
  fel?: string;
}

export interface SkrivVal {
  period: string;
  rapporter: Rapport[];
  /** The folder the PDFs go into (<ut>/<period>/…). */
  ut: string;
  /** The built site to serve (default dist/). */
  dist?: string;
  /** A site already served (e.g. observable preview while working on the page): no server is started. */
  bas?: string;
  /** Reports rendered at the same time in the one browser. */
  parallellt?: number;
  /** One line per report as it is written. */
  logg?: (rad: string) => void;
}

/** Serves the built site, prints every report to PDF, and returns what happened to each (never throws per report). */
export async function skrivRapporter(val: SkrivVal): Promise<Resultat[]> {
  const chromiumPath = chromiumSokvag();
  if (!existsSync(chromiumPath)) {
    throw new AnvandarFel(`Chromium saknas (${chromiumPath}). Installera Debians chromium: apt-get install chromium — eller peka ut en annan med CHROMIUM_PATH.`);
  }
  const server = val.bas ? { url: val.bas.endsWith("/") ? val.bas : `${val.bas}/`, close: async () => {} } : await startServer({ dir: val.dist ?? path.join(PROJECT_ROOT, "dist"), port: 0 });
  let browser: Browser | undefined;
  const resultat: Resultat[] = new Array(val.rapporter.length);
  try {
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
    // An A4 page's printable width in CSS pixels, so the page lays out as it will print (and without the sidebar).
    const context = await browser.newContext({ viewport: { width: 760, height: 1100 }, locale: "sv-SE" });
    const mapp = path.join(val.ut, val.period);
    mkdirSync(mapp, { recursive: true });
    let nasta = 0;
    let klara = 0;
    const arbetare = async () => {
      const page = await context.newPage();
      const fel: string[] = [];
      page.on("pageerror", (e) => fel.push(e.message));
      page.on("console", (m) => {
        if (m.type() === "error") fel.push(m.text());
      });
      while (nasta < val.rapporter.length) {
        const i = nasta++;
        const r = val.rapporter[i];
        const fil = path.join(mapp, `${r.typ}-${r.adress}.pdf`);
        fel.length = 0;
        let res: Resultat;
        try {
          await page.goto(new URL(`rapport/${r.typ}/${encodeURIComponent(r.adress)}?period=${encodeURIComponent(val.period)}`, server.url).href, { waitUntil: "load" });
          const marker = page.locator("[data-rapport-klar]");
          await marker.waitFor({ state: "attached", timeout: 60_000 });
          const visad = await marker.getAttribute("data-rapport-klar");
          if (visad !== val.period) {
            res = { rapport: r, fil: null, sidor: 0, bytes: 0, status: "utan-varden" };
          } else {
            if (fel.length) throw new Error(`fel på sidan: ${fel.join("; ")}`);
            const rubrik = await page.evaluate(() => ({
              hamtning: document.querySelector(".rapport-meta")?.textContent?.replace(/\s+/g, " ").trim() ?? "",
            }));
            const sidhuvud = `<div style="font-size:7pt;font-family:sans-serif;width:100%;margin:0 13mm;display:flex;justify-content:space-between;gap:6mm;color:#000;white-space:nowrap"><span style="overflow:hidden;text-overflow:ellipsis;min-width:0">${escape(r.namn)}</span><span>${escape(rubrik.hamtning)}</span></div>`;
            const sidfot = `<div style="font-size:7pt;font-family:sans-serif;width:100%;margin:0 13mm;display:flex;justify-content:space-between;color:#000"><span>Försörjningsmåttet · rapport · ${escape(formatPeriod(val.period))}</span><span>Sida <span class="pageNumber"></span> av <span class="totalPages"></span></span></div>`;
            const pdf = await page.pdf({
              format: "A4",
              printBackground: true,
              tagged: true,
              outline: true,
              displayHeaderFooter: true,
              headerTemplate: sidhuvud,
              footerTemplate: sidfot,
              margin: { top: "13mm", bottom: "12mm", left: "13mm", right: "13mm" },
            });
            const tmp = `${fil}.tmp-${process.pid}`;
            writeFileSync(tmp, pdf);
            renameSync(tmp, fil);
            res = { rapport: r, fil, sidor: antalSidor(pdf), bytes: pdf.length, status: "ok" };
          }
        } catch (error) {
          res = { rapport: r, fil: null, sidor: 0, bytes: 0, status: "fel", fel: (error as Error).message.split("\n")[0] };
        }
        resultat[i] = res;
        klara++;
        val.logg?.(rad(res, klara, val.rapporter.length, val.period));
      }
      await page.close();
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(val.parallellt ?? 2, val.rapporter.length)) }, arbetare));
  } finally {
    await browser?.close();
    await server.close();
  }
  return resultat;
}

function rad(r: Resultat, nr: number, antal: number, period: string): string {
  const forst = `Rapport ${nr}/${antal}: ${r.rapport.namn}`;
  if (r.status === "utan-varden") return `${forst}: inga värden för ${formatPeriod(period)} — ingen fil skrevs`;
  if (r.status === "fel") return `${forst}: MISSLYCKADES — ${r.fel}`;
  const relativ = r.fil!.startsWith(process.cwd() + path.sep) ? path.relative(process.cwd(), r.fil!) : r.fil!;
  return `${forst} → ${relativ} (${r.sidor} ${r.sidor === 1 ? "sida" : "sidor"}, ${formatNumber(Math.round(r.bytes / 1024), 0)} kB)`;
}

async function main(argv: string[]): Promise<number> {
  const start = Date.now();
  let val;
  try {
    val = tolkaArgument(argv);
    if (val === "hjalp") {
      console.log(ANVANDNING);
      return 0;
    }
    if (!existsSync(databasePath())) {
      console.error(`Databasen ${databasePath()} finns inte. Kör först: npm run ingest -- --data data/demo --db data/forsorjning.duckdb`);
      return 1;
    }
    const rapporter = await valjRapporter(val);
    console.log(`Bygger webbplatsen (npm run build) …`);
    await byggWebbplatsen();
    const resultat = await skrivRapporter({ period: val.period, rapporter, ut: path.resolve(val.ut), logg: (r) => console.log(r) });
    const ok = resultat.filter((r) => r.status === "ok");
    const fel = resultat.filter((r) => r.status === "fel");
    const utan = resultat.filter((r) => r.status === "utan-varden");
    const sek = (Date.now() - start) / 1000;
    const tid = sek >= 60 ? `${Math.floor(sek / 60)} min ${Math.round(sek % 60)} s` : `${formatNumber(sek, 1)} s`;
    console.log(
      `Klart på ${tid}: ${ok.length} ${ok.length === 1 ? "rapport" : "rapporter"} i ${path.join(val.ut, val.period)}` +
        `${utan.length ? `, ${utan.length} utan värden för perioden` : ""}${fel.length ? `, ${fel.length} misslyckades` : ""}.`,
    );
    // A report asked for by name that has no value for the period is a failure; under --all it is only noted.
    return fel.length || (!val.alla && utan.length) ? 1 : 0;
  } catch (error) {
    console.error(error instanceof AnvandarFel ? error.message : `Fel: ${(error as Error).message}`);
    return 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
