// One direction of dependency (issue #10, item 7): the pipeline (loaders/) and the scripts (scripts/) never import
// from the site (src/); what both need lives in loaders/ (the browser-safe part in loaders/delat, package
// @forsorjningsmatt/delat). The site may import from loaders/.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" ? [] : sources(p);
    return /\.(ts|mts|js|mjs)$/.test(e.name) ? [p] : [];
  });
}

/** Every module specifier of a file: static and dynamic imports, re-exports. */
function specifiers(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|^\s*import\s+["']([^"']+)["']/gm)) {
    out.push(m[1] ?? m[2] ?? m[3]);
  }
  return out;
}

describe("dependencies", () => {
  it("finds the imports it checks (the scan works)", () => {
    expect(specifiers(`import { a } from "./x.ts";\nexport * from "../y.js";\nconst z = await import("../../z.ts");`)).toEqual(["./x.ts", "../y.js", "../../z.ts"]);
  });

  it("nothing under loaders/ or scripts/ imports from src/", () => {
    const src = path.join(ROOT, "src") + path.sep;
    const hits: string[] = [];
    const files = [...sources(path.join(ROOT, "loaders")), ...sources(path.join(ROOT, "scripts"))];
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      for (const s of specifiers(fs.readFileSync(file, "utf8"))) {
        if (s.startsWith(".") && (path.resolve(path.dirname(file), s) + path.sep).startsWith(src)) hits.push(`${path.relative(ROOT, file)}: ${s}`);
      }
    }
    expect(hits).toEqual([]);
  });
});
