// What a build of a few pages (scripts/build-pages.ts, into a temporary folder) may put into the built site: the
// pages themselves, and assets the site does not have yet. Never a shared asset the site already has: Framework names
// client.js, its stdlib and npm modules by their content *before* it rewrites their imports, and a build of a few
// pages rewrites only the imports those pages use — its client.<hash>.js of a page without Inputs, copied over the
// site's, would send every other page to an unhashed stdlib/inputs.js that does not exist.
import { existsSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";

/** Removes from `partial` every file that is not a page (.html) and that `site` already has; returns those kept. */
export function keepNewFilesOnly(partial: string, site: string): string[] {
  const kept: string[] = [];
  for (const e of readdirSync(partial, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const file = path.join(e.parentPath, e.name);
    const relative = path.relative(partial, file);
    if (!file.endsWith(".html") && existsSync(path.join(site, relative))) rmSync(file);
    else kept.push(relative.split(path.sep).join("/"));
  }
  return kept.sort();
}
