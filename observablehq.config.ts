// Observable Framework configuration for the offline dashboard.
// Everything here must work with no network: local styles only, a local favicon, no telemetry.
import { existsSync } from "node:fs";
import { DuckDBInstance } from "@duckdb/node-api";
import { databasePath } from "./loaders/config.ts";

/** The banner every page shows when the database holds synthetic demo data. */
export const DEMO_BANNER_TEXT =
  "Demodata: siffrorna är syntetiska och visar hur verktyget fungerar — de är inte verklig statistik.";

/** Reads installning.demodata from the database (read-only); a missing database or table means "no banner". */
async function isDemoData(): Promise<boolean> {
  const dbPath = databasePath();
  if (!existsSync(dbPath)) return false;
  let instance: DuckDBInstance | undefined;
  try {
    instance = await DuckDBInstance.create(dbPath, { access_mode: "READ_ONLY" });
    const connection = await instance.connect();
    try {
      const reader = await connection.runAndReadAll(
        "SELECT varde FROM installning WHERE nyckel = 'demodata'",
      );
      const rows = reader.getRowObjects();
      return rows.some((r) => String(r.varde).trim().toLowerCase() === "ja");
    } finally {
      connection.closeSync();
    }
  } catch (error) {
    console.warn(`Kunde inte läsa installning.demodata ur ${dbPath}: ${(error as Error).message}`);
    return false;
  } finally {
    instance?.closeSync();
  }
}

const demo = await isDemoData();

const header = `<div class="site-header">
  <a class="site-title" href="./">Försörjningsmåttet</a>
  <span class="site-subtitle">offentlig försörjning per invånare och dag — kommun, län och riket</span>
</div>${
  demo
    ? `\n<div class="demo-banner" role="note" data-demodata="ja"><strong>Demodata:</strong> ${DEMO_BANNER_TEXT.replace(/^Demodata: /, "")}</div>`
    : ""
}`;

export default {
  root: "src",
  output: "dist",
  title: "Försörjningsmåttet",
  // Local styles only: the default global stylesheet loads a web font from an outside host.
  globalStylesheets: [],
  style: "style.css",
  head: `<link rel="icon" href="favicon.svg" type="image/svg+xml">\n<script>document.documentElement.lang = "sv";</script>`,
  header,
  footer: `Försörjningsmåttet — statisk webbplats byggd med Observable Framework. Fungerar utan nätverk.`,
  search: false,
  toc: false,
  pager: false,
};
