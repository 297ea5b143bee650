// Builds only some pages of the site with Observable Framework (for a rebuild after a page changed): the project's
// configuration with its list of pages narrowed to FORSORJNING_SIDOR (comma-separated page paths, "/metod",
// "/kommun/0180") and its output set by FORSORJNING_DIST. Run by scripts/build-site.ts; everything else — the data
// loaders' cache, the vendored modules — is the full build's. Framework has no option for this, so its own build()
// is called with the page list replaced (its internal modules, pinned with the package version).
import { build } from "@observablehq/framework/dist/build.js";
import { readConfig } from "@observablehq/framework/dist/config.js";

const pages = (process.env.FORSORJNING_SIDOR ?? "").split(",").filter(Boolean);
if (!pages.length) {
  console.error("FORSORJNING_SIDOR saknas: ange sidorna som ska byggas, t.ex. /metod,/kommun/0180");
  process.exit(2);
}
const config = await readConfig(undefined);
await build({
  config: {
    ...config,
    async *paths() {
      yield* pages;
    },
  },
});
