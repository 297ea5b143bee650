// Observable Framework configuration for the offline dashboard.
// Everything here must work with no network: local styles only, a local favicon, no telemetry.
import { existsSync } from "node:fs";
import { DuckDBInstance } from "@duckdb/node-api";
import { databasePath } from "./loaders/config.ts";
import { forbundAdresser } from "./loaders/site/adress.ts";
import { insatsAdresser } from "./src/data/insats-adress.ts";

/** The banner every page shows when the database holds synthetic demo data. */
export const DEMO_BANNER_TEXT =
  "Demodata: siffrorna är syntetiska och visar hur verktyget fungerar — de är inte verklig statistik.";

interface SiteData {
  demo: boolean;
  kommuner: string[];
  lan: string[];
  /** The förbund pages' addresses (loaders/site/adress.ts), never the raw ids. */
  forbund: string[];
}

/**
 * Reads what the config needs from the database (read-only): installning.demodata (the banner), the kommuner and län
 * with values and every förbund (one page each, Framework's dynamicPaths). A missing database or table means "no
 * banner, no kommun, län or förbund pages".
 */
async function readSiteData(): Promise<SiteData> {
  const empty: SiteData = { demo: false, kommuner: [], lan: [], forbund: [] };
  const dbPath = databasePath();
  if (!existsSync(dbPath)) return empty;
  let instance: DuckDBInstance | undefined;
  try {
    instance = await DuckDBInstance.create(dbPath, { access_mode: "READ_ONLY" });
    const connection = await instance.connect();
    const values = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjects().map((r) => String(Object.values(r)[0]));
    try {
      const demo = (await values("SELECT varde FROM installning WHERE nyckel = 'demodata'")).some((v) => v.trim().toLowerCase() === "ja");
      let kommuner: string[] = [];
      let lan: string[] = [];
      let forbund: string[] = [];
      try {
        const regioner = (
          await connection.runAndReadAll("SELECT DISTINCT regiontyp, regionkod FROM forsorjningsmatt WHERE regiontyp IN ('kommun', 'lan') ORDER BY 1, 2")
        ).getRowObjects();
        kommuner = regioner.filter((r) => r.regiontyp === "kommun").map((r) => String(r.regionkod));
        lan = regioner.filter((r) => r.regiontyp === "lan").map((r) => String(r.regionkod));
        forbund = [...forbundAdresser(await values("SELECT forbund_id FROM forbund ORDER BY 1")).values()];
      } catch {
        // a database without the tables (e.g. a test database with only installning): no region pages
      }
      return { demo, kommuner, lan, forbund };
    } finally {
      connection.closeSync();
    }
  } catch (error) {
    console.warn(`Kunde inte läsa ${dbPath}: ${(error as Error).message}`);
    return empty;
  } finally {
    instance?.closeSync();
  }
}

const site = await readSiteData();

/** The address of every insats's page (src/insats/[id].md), from the insats table; none without the table. */
async function readInsatsPaths(): Promise<string[]> {
  const dbPath = databasePath();
  if (!existsSync(dbPath)) return [];
  let instance: DuckDBInstance | undefined;
  try {
    instance = await DuckDBInstance.create(dbPath, { access_mode: "READ_ONLY" });
    const connection = await instance.connect();
    try {
      const ids = (await connection.runAndReadAll("SELECT insats_id FROM insats ORDER BY 1")).getRowObjects().map((r) => String(r.insats_id));
      return [...insatsAdresser(ids).values()].map((a) => `/insats/${a}`);
    } catch {
      return []; // a database without the insatser tables
    } finally {
      connection.closeSync();
    }
  } catch {
    return [];
  } finally {
    instance?.closeSync();
  }
}
const INSATS_PATHS = await readInsatsPaths();

/** Part i of n of the kommun and förbund pages, for a parallel build (scripts/build-site.ts). */
function parseShard(text: string | undefined): { i: number; n: number } | null {
  const m = /^(\d+)\/(\d+)$/.exec(text ?? "");
  return m ? { i: Number(m[1]), n: Number(m[2]) } : null;
}
const SHARD = parseShard(process.env.FORSORJNING_SHARD);

/** The sidebar, in the order an analyst works: overview, comparisons, map, other measures, quality, method. */
const NAVIGATION = [
  { name: "Start", path: "/" },
  { name: "Översikt", path: "/oversikt" },
  { name: "Jämför", path: "/jamfor" },
  { name: "Karta", path: "/karta" },
  { name: "Helårsekvivalenter", path: "/helarsekvivalenter" },
  { name: "Statens fördelning", path: "/ekonomi" },
  { name: "Datakvalitet", path: "/datakvalitet" },
  { name: "Metod", path: "/metod" },
  { name: "Rapporter", path: "/rapport/index" },
];
/** The evaluators' pages, a group of their own in the sidebar; each insats has a page of its own, reached from them. */
const INSATSSIDOR = [
  { name: "Alla insatser", path: "/insatser" },
  { name: "Jämför insatser", path: "/jamfor-insatser" },
  { name: "Nytta (Uppsalamodellen)", path: "/nytta" },
];
const demo = site.demo;

/** Every page's header: title, the search box (src/components/search.js) and, for demo data, the banner. */
const header = `<div class="site-header">
  <a class="site-title" href="/">Försörjningsmåttet</a>
  <span class="site-subtitle">offentlig försörjning per invånare och dag — kommun, län, riket och samordningsförbund</span>
  <form class="site-search" role="search">
    <label for="site-search-input" class="visually-hidden">Sök kommun eller samordningsförbund</label>
    <input id="site-search-input" type="search" placeholder="Sök kommun eller förbund (namn eller kod)" autocomplete="off"
      role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="site-search-list">
    <ul id="site-search-list" role="listbox" aria-label="Träffar" hidden></ul>
  </form>
  <script type="module" src="/components/search.js"></script>
  <script type="module" src="/components/tillganglighet.js"></script>
</div>${
  demo
    ? `\n<div class="demo-banner" role="note" data-demodata="ja"><strong>Demodata:</strong> ${DEMO_BANNER_TEXT.replace(/^Demodata: /, "")}</div>`
    : ""
}`;

export default {
  root: "src",
  // FORSORJNING_DIST builds elsewhere (e.g. a measurement beside a running site); npm run serve serves dist/.
  output: process.env.FORSORJNING_DIST ?? "dist",
  title: "Försörjningsmåttet",
  // Local styles only: the default global stylesheet loads a web font from an outside host.
  globalStylesheets: [],
  style: "style.css",
  // <html lang="sv">, the zoomable viewport, the sidebar markup and the skip link are set on the built pages by
  // scripts/efterbehandla-html.ts (Framework's page template has no option for them).
  head: `<link rel="icon" href="favicon.svg" type="image/svg+xml">`,
  header,
  // No footer: each page fragment costs Framework three HTML parses per page (a tenth of the build time).
  footer: null,
  search: false,
  toc: false,
  pager: false,
  sidebar: true,
  // Pages listed only when their file exists, so the site builds while a page is still being written.
  pages: [
    ...NAVIGATION.filter((p) => existsSync(`src${p.path === "/" ? "/index" : p.path}.md`)),
    { name: "Insatser", open: true, pages: INSATSSIDOR.filter((p) => existsSync(`src${p.path}.md`)) },
    // Last on every page's sidebar: the accessibility statement (lag 2018:1937), src/tillganglighet.md.
    ...(existsSync("src/tillganglighet.md") ? [{ name: "Tillgänglighet", path: "/tillganglighet" }] : []),
  ].filter((p) => !("pages" in p) || p.pages.length),
  // One page per kommun and län with values, per förbund and per insats (src/kommun/[kod].md, src/lan/[kod].md,
  // src/forbund/[id].md — [id] is the förbund's address, loaders/site/adress.ts — src/insats/[id].md), reached by search and
  // links; their data come from one archive loader each (src/data/kommun.zip.ts, lan.zip.ts, forbund.zip.ts, insats.zip.ts).
  // FORSORJNING_SHARD="i/n" (set by scripts/build-site.ts) builds only every n-th of them, in parallel processes.
  dynamicPaths: [
    ...site.kommuner.map((kod) => `/kommun/${kod}`),
    ...site.lan.map((kod) => `/lan/${kod}`),
    ...site.forbund.map((adress) => `/forbund/${adress}`),
    ...INSATS_PATHS,
    // The board report per förbund, kommun and län (src/rapport/[typ]/[id].md, data: src/data/rapport.zip.ts).
    ...site.forbund.map((adress) => `/rapport/forbund/${adress}`),
    ...site.kommuner.map((kod) => `/rapport/kommun/${kod}`),
    ...site.lan.map((kod) => `/rapport/lan/${kod}`),
  ].filter((_, i) => !SHARD || i % SHARD.n === SHARD.i),
};
