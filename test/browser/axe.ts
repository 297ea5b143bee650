// Accessibility helpers for the browser tests: axe-core (from npm, injected into the page with playwright-core) and
// the page types of the built site, discovered from dist/ so pages added later are tested without a change here.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const DIST = path.join(PROJECT_ROOT, "dist");

const require = createRequire(import.meta.url);
/** axe-core's version (package.json of the installed, pinned package). */
export const AXE_VERSION: string = JSON.parse(readFileSync(require.resolve("axe-core/package.json"), "utf-8")).version;
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf-8");

/** WCAG 2.0 and 2.1, levels A and AA: what EN 301 549 (lag 2018:1937) requires of a web page. */
export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

export interface AxeNode {
  target: string[];
  html: string;
  failureSummary?: string;
}
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

/** Waits until Framework has rendered every cell (no loading placeholder, network quiet, two frames). */
export async function waitForRendered(page: Page, timeout = 45_000): Promise<void> {
  await page.waitForLoadState("networkidle", { timeout });
  await page.waitForFunction(
    () => !document.querySelector("observablehq-loading, .observablehq--loading") && document.querySelector("#observablehq-main") != null,
    null,
    { timeout },
  );
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** Runs axe-core's WCAG 2.0/2.1 A and AA rules on the page as it is; returns the violations. */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async (tags) => {
    // @ts-expect-error axe is injected above
    const result = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return result.violations.map((v: AxeViolation) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String), html: n.html.slice(0, 200), failureSummary: n.failureSummary })),
    }));
  }, WCAG_TAGS);
}

/** One line per violating element: rule, impact, selector and a snippet of the markup. */
export function describeViolations(violations: AxeViolation[]): string[] {
  return violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact ?? "?"}): ${n.target.join(" ")} — ${n.html.replace(/\s+/g, " ")}${n.failureSummary ? ` [${n.failureSummary.replace(/\s+/g, " ").slice(0, 160)}]` : ""}`),
  );
}

/** Violating elements per rule id. */
export function countByRule(violations: AxeViolation[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of violations) out[v.id] = (out[v.id] ?? 0) + v.nodes.length;
  return out;
}

/** Preferred page of a type (a kommun, län and förbund with values and members in the demo), when it exists. */
const PREFERRED: Record<string, string[]> = {
  kommun: ["kommun/0482", "kommun/0180"],
  lan: ["lan/04", "lan/01"],
  forbund: ["forbund/rar-i-sodermanland"],
  "rapport/forbund": ["rapport/forbund/rar-i-sodermanland"],
  "rapport/kommun": ["rapport/kommun/0482"],
  "rapport/lan": ["rapport/lan/04"],
};

/**
 * The page types of the built site, one address each: every top-level page is a type of its own ("/", "oversikt",
 * "tillganglighet", "404", …) and every folder of pages is one type ("kommun/…", "forbund/…", "rapport/…"), with a
 * preferred page where there is one, else the first in sort order; a folder's subfolders are types of their own
 * ("rapport/" the reports' index, "rapport/forbund/…" a förbund's report). Framework's own folders (_file, _npm, …)
 * and the data package (data/) are not pages.
 */
export function pageTypes(dist = DIST): { type: string; path: string }[] {
  if (!existsSync(dist)) return [];
  const out: { type: string; path: string }[] = [];
  for (const entry of readdirSync(dist, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith("_") || entry.name.startsWith(".") || entry.name === "data") continue;
    if (entry.isFile() && entry.name.endsWith(".html")) {
      const name = entry.name.slice(0, -5);
      out.push({ type: name === "index" ? "start" : name, path: name === "index" ? "" : name });
    } else if (entry.isDirectory()) {
      const pages = readdirSync(path.join(dist, entry.name), { withFileTypes: true, recursive: true })
        .filter((e) => e.isFile() && e.name.endsWith(".html"))
        .map((e) => path.relative(dist, path.join(e.parentPath, e.name)).split(path.sep).join("/").replace(/\.html$/, "").replace(/(^|\/)index$/, "$1"))
        .sort();
      // Pages grouped by the folder they are in ("rapport/" → "rapport", "rapport/forbund/x" → "rapport/forbund").
      const folders = new Map<string, string[]>();
      for (const p of pages) {
        const folder = p.endsWith("/") ? p.slice(0, -1) : p.slice(0, p.lastIndexOf("/"));
        folders.set(folder, [...(folders.get(folder) ?? []), p]);
      }
      for (const [folder, list] of [...folders].sort(([a], [b]) => a.localeCompare(b))) {
        const preferred = PREFERRED[folder]?.find((p) => list.includes(p));
        out.push({ type: folder, path: preferred ?? list[0] });
      }
    }
  }
  return out;
}
