// Offline vendoring for Observable Framework 1.13.x.
//
// Framework rewrites the implicit globals (Plot, d3, Inputs' htl, …) and parts of its own client runtime into
// `npm:` imports, and at build time downloads them from a CDN into `src/.observablehq/cache/_npm/<name>@<version>/`.
// It skips the download when the file already exists there (npm.js: populateNpmCache → existsSync), and it picks
// the version from the folder names in that cache (npm.js: initializeNpmVersionCache / resolveNpmVersion), asking
// the npm registry only when no folder exists. So this script
//   1. bundles each package a page or the client runtime needs from node_modules with esbuild into
//      `_npm/<name>@<version>/_esm.js` (what `npm:<name>` resolves to: resolveNpmImport maps "+esm" → "_esm.js"),
//      as a self-contained ES module (no further imports, so Framework never follows a dependency to the CDN);
//   2. creates an empty version folder for packages Framework's client only *names* (dynamic imports in
//      recommendedLibraries.js, sampleDatasets.js, …) so that resolving them needs no registry request.
// A page that starts using one of the "named only" libraries fails the build with "unable to fetch" (offline):
// add it to VENDORED below (installing it pinned in package.json).
//
// Run: npm run vendor (also run by npm run build). Options: --root <dir> (default src).
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

interface Vendored {
  /** The npm package name Framework asks for. */
  name: string;
  /** The module source esbuild bundles (re-exports from the installed package). */
  entry: string;
}

/** Bundled from node_modules (the installed, pinned version). */
export const VENDORED: Vendored[] = [
  // Plot (implicit `Plot`), d3 (implicit `d3`), htl (implicit `html`/`svg`/`htl`, and imported by Inputs).
  { name: "@observablehq/plot", entry: `export * from "@observablehq/plot";` },
  { name: "d3", entry: `export * from "d3";` },
  { name: "htl", entry: `export * from "htl";` },
  // Inputs' implicit dependency (libraries.js: getImplicitDependencies).
  { name: "isoformat", entry: `export * from "isoformat";` },
  // FileAttachment.csv()/tsv() (client/stdlib/fileAttachment.js).
  { name: "d3-dsv", entry: `export * from "d3-dsv";` },
  // Implicit `aq`; pages filter precomputed aggregates with arquero.
  { name: "arquero", entry: `export * from "arquero";` },
  // Implicit `Inputs` (select, radio, range, search, table); its own htl/isoformat are bundled in.
  { name: "@observablehq/inputs", entry: `export * from "@observablehq/inputs";` },
  // Implicit `topojson` (the map).
  { name: "topojson-client", entry: `export * from "topojson-client";` },
];

/**
 * Named by Framework's client bundles (dynamic imports in client/main.js, stdlib/recommendedLibraries.js,
 * sampleDatasets.js, fileAttachment.js) but not used by any page: an empty version folder answers "which version?"
 * without asking the registry; nothing is downloaded. Verified with a build in a network namespace without network
 * (`unshare -n`): removing any one of these makes `observable build` fail with "npm:<name>@latest → fetch failed".
 * (duckdb-wasm, katex, mermaid, sql.js, vega*, exceljs, jszip, @viz-js/viz are only reached through stdlib modules
 * that a page must import explicitly, so they need no folder.) Versions: those jsDelivr served for Framework 1.13.
 */
export const NAMED_ONLY: Record<string, string> = {
  react: "18.3.1",
  "react-dom": "18.3.1",
  lodash: "4.17.21",
  echarts: "5.6.0",
  leaflet: "1.9.4",
  "mapbox-gl": "3.9.4",
  "@observablehq/sample-datasets": "1.0.1",
  "apache-arrow": "17.0.0",
  "parquet-wasm": "0.6.1",
};

function installedVersion(name: string): string {
  const pkgPath = path.join(PROJECT_ROOT, "node_modules", name, "package.json");
  if (!existsSync(pkgPath)) {
    throw new Error(
      `Paketet ${name} saknas i node_modules (behövs för bygget utan nätverk). Kör: npm install`,
    );
  }
  return JSON.parse(readFileSync(pkgPath, "utf-8")).version;
}

/** Removes other version folders of a package, so Framework's version pick is unambiguous. */
function removeOtherVersions(npmDir: string, name: string, keep: string): void {
  const scopeDir = name.startsWith("@") ? path.join(npmDir, name.split("/")[0]) : npmDir;
  const base = name.startsWith("@") ? name.split("/")[1] : name;
  if (!existsSync(scopeDir)) return;
  for (const entry of readdirSync(scopeDir)) {
    if (entry.startsWith(`${base}@`) && entry !== `${base}@${keep}`) {
      rmSync(path.join(scopeDir, entry), { recursive: true, force: true });
    }
  }
}

export async function vendorFramework({ root = path.join(PROJECT_ROOT, "src"), quiet = false } = {}): Promise<void> {
  const npmDir = path.join(root, ".observablehq", "cache", "_npm");
  mkdirSync(npmDir, { recursive: true });
  const started = Date.now();
  for (const { name, entry } of VENDORED) {
    const version = installedVersion(name);
    removeOtherVersions(npmDir, name, version);
    const outfile = path.join(npmDir, `${name}@${version}`, "_esm.js");
    // The folder name holds the installed version, so an existing bundle is current (the build clears the cache
    // whenever package-lock.json changes).
    if (existsSync(outfile)) continue;
    await build({
      stdin: { contents: entry, resolveDir: PROJECT_ROOT, loader: "js", sourcefile: `vendor:${name}` },
      bundle: true,
      format: "esm",
      platform: "browser",
      target: ["es2022"],
      minify: true,
      legalComments: "inline",
      outfile,
      logLevel: "warning",
    });
    if (!quiet) console.log(`vendor ${name}@${version} → ${path.relative(PROJECT_ROOT, outfile)} (${Math.round(statSync(outfile).size / 1024)} kB)`);
  }
  for (const [name, version] of Object.entries(NAMED_ONLY)) {
    removeOtherVersions(npmDir, name, version);
    mkdirSync(path.join(npmDir, `${name}@${version}`), { recursive: true });
  }
  if (!quiet) console.log(`vendor: ${VENDORED.length} paket buntade, ${Object.keys(NAMED_ONLY).length} tomma versionsmappar (${Date.now() - started} ms)`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf("--root");
  const root = i > 0 ? path.resolve(process.argv[i + 1]) : undefined;
  vendorFramework({ root }).catch((error) => {
    console.error(`Vendoring misslyckades: ${error.message}`);
    process.exit(1);
  });
}
