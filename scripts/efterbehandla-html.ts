// Accessibility fixes to the pages Framework writes (issue #11), applied to dist/**/*.html after `observable build`.
// These come from Framework 1.13's own page template (node_modules/@observablehq/framework/dist/render.js), which has
// no config option for them, so the build corrects its output instead of patching node_modules:
//
//   - <html> gets lang="sv" (WCAG 3.1.1; Framework writes a bare <html>);
//   - the viewport meta loses maximum-scale=1, which blocks pinch zoom on phones and tablets (WCAG 1.4.4);
//   - the sidebar's first <ol> held the close <label> as a direct child (only <li> may be; axe "list"): the label moves
//     into the title's <li>;
//   - the sidebar toggle (a checkbox whose labels are empty) gets a Swedish name, the sidebar <nav> a label;
//   - a "Hoppa till innehållet" link is the first thing in <body>, to <main>, which can take focus (WCAG 2.4.1).
//
// Pure string edits on known markup; each result is checked (checkPage) so a Framework upgrade that changes the
// template fails the build instead of silently losing a fix. About 1 ms per page.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export const SKIP_LINK_TEXT = "Hoppa till innehållet";
export const SIDEBAR_TOGGLE_LABEL = "Visa eller dölj sidomenyn";
export const SIDEBAR_NAV_LABEL = "Webbplatsens sidor";

const SKIP_LINK = `<a class="hoppa-till-innehall" href="#observablehq-main">${SKIP_LINK_TEXT}</a>`;

/** The page with the fixes above applied; a page that already has them is returned unchanged. */
export function efterbehandlaHtml(html: string): string {
  let out = html;
  // Language of the page.
  out = out.replace(/<html(?![^>]*\blang=)([^>]*)>/, '<html lang="sv"$1>');
  // Zoom: drop maximum-scale (and user-scalable=no, should a later template add it).
  out = out.replace(/<meta name="viewport" content="([^"]*)">/, (_, content: string) => {
    const parts = content
      .split(",")
      .map((p) => p.trim())
      .filter((p) => p && !/^maximum-scale\s*=/.test(p) && !/^user-scalable\s*=\s*(no|0)$/.test(p));
    return `<meta name="viewport" content="${parts.join(", ")}">`;
  });
  // The sidebar's close label: out of the <ol>, into the <li> beside the title link.
  out = out.replace(
    /(<nav id="observablehq-sidebar"[^>]*>\s*<ol>)\s*(<label id="observablehq-sidebar-close"[^>]*><\/label>)\s*(<li[^>]*>)/,
    "$1\n    $3$2",
  );
  out = out.replace(/<nav id="observablehq-sidebar"(?![^>]*aria-label)/, `<nav id="observablehq-sidebar" aria-label="${SIDEBAR_NAV_LABEL}"`);
  out = out.replace(
    /<input id="observablehq-sidebar-toggle"(?![^>]*aria-label)/,
    `<input id="observablehq-sidebar-toggle" aria-label="${SIDEBAR_TOGGLE_LABEL}"`,
  );
  // Skip link and a focusable <main>. Not on a page with <base href> (404), where "#…" would resolve to another page.
  if (!/<base\s/.test(out) && !out.includes('class="hoppa-till-innehall"')) {
    out = out.replace(/<body>/, `<body>\n${SKIP_LINK}`);
  }
  out = out.replace(/<main id="observablehq-main"(?![^>]*tabindex)/, '<main id="observablehq-main" tabindex="-1"');
  return out;
}

/** What is wrong with a processed page (empty when it is fine). */
export function checkPage(html: string): string[] {
  const problems: string[] = [];
  if (!/<html lang="sv"/.test(html)) problems.push('<html> saknar lang="sv"');
  if (/maximum-scale|user-scalable\s*=\s*(no|0)/.test(html.slice(0, 2000))) problems.push("viewport hindrar zoom");
  if (/<ol>\s*<label/.test(html) || (html.includes('<label id="observablehq-sidebar-close"') && !/<li[^>]*><label id="observablehq-sidebar-close"/.test(html))) {
    problems.push("<ol> innehåller <label>");
  }
  if (html.includes('id="observablehq-sidebar-toggle"') && !html.includes(`aria-label="${SIDEBAR_TOGGLE_LABEL}"`)) problems.push("sidomenyknappen saknar namn");
  if (html.includes('<main id="observablehq-main"') && !/<base\s/.test(html) && !html.includes('class="hoppa-till-innehall"')) problems.push("länken Hoppa till innehållet saknas");
  return problems;
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".html"))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((f) => !path.relative(dir, f).split(path.sep).some((part) => part.startsWith("_") || part === "data"));
}

/** Applies efterbehandlaHtml to every page under `dir`; throws naming the pages whose template did not match. */
export function efterbehandlaKatalog(dir: string): { sidor: number; ms: number } {
  const started = performance.now();
  const fel: string[] = [];
  const files = htmlFiles(dir);
  for (const file of files) {
    const before = readFileSync(file, "utf-8");
    const after = efterbehandlaHtml(before);
    const problems = checkPage(after);
    if (problems.length) fel.push(`${path.relative(dir, file)}: ${problems.join("; ")}`);
    if (after !== before) writeFileSync(file, after);
  }
  if (fel.length) {
    throw new Error(
      `Tillgänglighetsrättningarna av Frameworks sidmall gick inte att göra på ${fel.length} sidor (har mallen ändrats?):\n` +
        fel.slice(0, 10).join("\n"),
    );
  }
  return { sidor: files.length, ms: performance.now() - started };
}
