// The build's fixes to Framework's page template (scripts/efterbehandla-html.ts), on a page as Framework 1.13.4 writes
// it (test/fixtures/framework/sida.html: dist/kommun/0482.html trimmed to the template around <main>).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkPage, efterbehandlaHtml, efterbehandlaKatalog, SIDEBAR_TOGGLE_LABEL, SKIP_LINK_TEXT } from "../../scripts/efterbehandla-html.ts";
import { tempDir } from "../helpers.ts";

const SIDA = readFileSync(new URL("../fixtures/framework/sida.html", import.meta.url), "utf-8");

describe("efterbehandlaHtml", () => {
  const ut = efterbehandlaHtml(SIDA);
  const body = ut.slice(ut.indexOf("<body>"));

  it("sätter sidans språk och tillåter zoom", () => {
    expect(ut).toMatch(/^<!DOCTYPE html>\n<html lang="sv">\n/);
    expect(ut).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(ut).not.toContain("maximum-scale");
  });

  it("flyttar sidomenyns stängknapp ut ur listan och ger knapp och meny svenska namn", () => {
    // Every child of every <ol> is an <li>: the label now sits in the title's <li>, before the link.
    for (const [, inner] of body.matchAll(/<ol>([\s\S]*?)<\/ol>/g)) {
      expect(inner.replace(/<li[^>]*>[\s\S]*?<\/li>/g, "").trim()).toBe("");
    }
    expect(body).toMatch(/<li class="observablehq-link"><label id="observablehq-sidebar-close" for="observablehq-sidebar-toggle"><\/label><a href="\.\.\/">Försörjningsmåttet<\/a><\/li>/);
    expect(body).toContain(`<input id="observablehq-sidebar-toggle" aria-label="${SIDEBAR_TOGGLE_LABEL}" type="checkbox"`);
    expect(body).toContain('<nav id="observablehq-sidebar" aria-label="Webbplatsens sidor">');
  });

  it("har länken Hoppa till innehållet först i body, till en main som kan få fokus", () => {
    expect(body).toMatch(new RegExp(`^<body>\\n<a class="hoppa-till-innehall" href="#observablehq-main">${SKIP_LINK_TEXT}</a>\\n<input`));
    expect(body).toContain('<main id="observablehq-main" tabindex="-1" class="observablehq">');
  });

  it("ändrar inget annat och gör inget en andra gång", () => {
    expect(efterbehandlaHtml(ut)).toBe(ut);
    expect(checkPage(ut)).toEqual([]);
    expect(checkPage(SIDA)).toHaveLength(5);
    // Only additions: the original text with the added attributes and elements taken out again.
    const tillbaka = ut
      .replace(' lang="sv"', "")
      .replace('initial-scale=1">', 'initial-scale=1, maximum-scale=1">')
      .replace(/ aria-label="(Visa eller dölj sidomenyn|Webbplatsens sidor)"/g, "")
      .replace(' tabindex="-1"', "")
      .replace(/<a class="hoppa-till-innehall"[^>]*>[^<]*<\/a>\n/, "")
      .replace(/(<ol>)\n    (<li[^>]*>)(<label id="observablehq-sidebar-close"[^>]*><\/label>)/, "$1\n    $3\n    $2");
    expect(tillbaka).toBe(SIDA);
  });

  it("lägger ingen hopplänk på en sida med <base> (404), där #-länken skulle leda till en annan sida", () => {
    const sida404 = SIDA.replace('<meta charset="utf-8">', '<meta charset="utf-8">\n<base href="/">');
    const ut404 = efterbehandlaHtml(sida404);
    expect(ut404).not.toContain("hoppa-till-innehall");
    expect(checkPage(ut404)).toEqual([]);
  });
});

describe("efterbehandlaKatalog", () => {
  it("rättar varje sida under dist (utom Frameworks egna mappar och datapaketet) på kort tid", () => {
    const dir = tempDir("efterbehandla");
    mkdirSync(path.join(dir, "kommun"), { recursive: true });
    mkdirSync(path.join(dir, "_observablehq"), { recursive: true });
    for (let i = 0; i < 400; i++) writeFileSync(path.join(dir, "kommun", `${String(i).padStart(4, "0")}.html`), SIDA);
    writeFileSync(path.join(dir, "index.html"), SIDA);
    writeFileSync(path.join(dir, "_observablehq", "x.html"), "<html>orörd</html>");
    const { sidor, ms } = efterbehandlaKatalog(dir);
    expect(sidor).toBe(401);
    expect(ms).toBeLessThan(3000);
    expect(checkPage(readFileSync(path.join(dir, "kommun", "0399.html"), "utf-8"))).toEqual([]);
    expect(readFileSync(path.join(dir, "_observablehq", "x.html"), "utf-8")).toBe("<html>orörd</html>");
  });

  it("stoppar bygget när Frameworks mall har ändrats så att en rättning inte går att göra", () => {
    const dir = tempDir("efterbehandla-ny-mall");
    writeFileSync(path.join(dir, "index.html"), SIDA.replace("<ol>\n    <label", "<ol><div></div>\n    <label"));
    expect(() => efterbehandlaKatalog(dir)).toThrow(/<ol> innehåller <label>|index\.html/);
  });
});
