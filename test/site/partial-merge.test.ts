// A build of a few pages adds its pages and new assets to the site, and never replaces a shared asset the site has
// (scripts/partial-merge.ts): the one-page build's client.<hash>.js, copied over the site's, broke every page using
// Inputs.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { keepNewFilesOnly } from "../../scripts/partial-merge.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "partial-merge-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe("keepNewFilesOnly", () => {
  it("keeps the pages and the assets the site lacks, and drops the shared assets the site has", () => {
    const site = tree({
      "metod.html": "old page",
      "jamfor.html": "another page",
      "_observablehq/client.b20d4215.js": 'import("./stdlib/inputs.73c2042e.js")',
      "_npm/d3@7.9.2/3a42997a.js": "d3",
    });
    const partial = tree({
      "metod.html": "new page",
      "_observablehq/client.b20d4215.js": 'import("./stdlib/inputs.js")',
      "_npm/d3@7.9.2/3a42997a.js": "d3",
      "_import/components/metod.a0737e72.js": "a changed component: a new name",
    });
    expect(keepNewFilesOnly(partial, site)).toEqual(["_import/components/metod.a0737e72.js", "metod.html"]);
    fs.cpSync(partial, site, { recursive: true, force: true });
    expect(fs.readFileSync(path.join(site, "metod.html"), "utf8")).toBe("new page");
    expect(fs.readFileSync(path.join(site, "jamfor.html"), "utf8")).toBe("another page");
    expect(fs.readFileSync(path.join(site, "_observablehq/client.b20d4215.js"), "utf8")).toBe('import("./stdlib/inputs.73c2042e.js")');
    expect(fs.existsSync(path.join(site, "_import/components/metod.a0737e72.js"))).toBe(true);
  });
});
