// The open data package on the built site (issue #12 item 4): served under /data/, valid, every file as described
// (size and SHA-256), and linked from Metod with addresses Framework left as written.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { validate } from "../export/frictionless.ts";
import { openBrowser, queryDb, siteUrl, type SiteBrowser } from "./site.ts";

vi.setConfig({ testTimeout: 60_000 });

let base: string;
let b: SiteBrowser;
beforeAll(async () => {
  base = await siteUrl(); // the first caller in a run waits for the shared build here
  b = await openBrowser();
}, 300_000);
afterAll(async () => {
  await b?.close();
});

interface Resource {
  name: string;
  path: string;
  format: string;
  bytes: number;
  hash: string;
  schema: { fields: { name: string }[] };
}

describe("/data/", () => {
  it("serves datapackage.json, valid, saying what the database says", async () => {
    const res = await fetch(new URL("data/datapackage.json", base));
    expect(res.status).toBe(200);
    const pkg = await res.json();
    expect(validate("tabularDataPackage", pkg)).toEqual([]);
    const [demo] = await queryDb("SELECT varde FROM installning WHERE nyckel = 'demodata'");
    expect(pkg.demodata).toBe(String(demo?.varde ?? "").toLowerCase() === "ja");
    expect(pkg.resources.map((r: Resource) => r.name)).toContain("forsorjningsmatt");
  });

  it("serves every file of the package with the size and SHA-256 it declares, and the README", async () => {
    const pkg = await (await fetch(new URL("data/datapackage.json", base))).json();
    for (const r of pkg.resources as Resource[]) {
      const res = await fetch(new URL(`data/${r.path}`, base));
      expect(res.status, r.path).toBe(200);
      const body = Buffer.from(await res.arrayBuffer());
      expect(body.length, r.path).toBe(r.bytes);
      expect(`sha256:${createHash("sha256").update(body).digest("hex")}`, r.path).toBe(r.hash);
      if (r.format === "csv") expect(body.subarray(0, 2000).toString("utf8").split("\n")[0]).toBe(r.schema.fields.map((f) => f.name).join(","));
    }
    const readme = await fetch(new URL("data/README.md", base));
    expect(readme.status).toBe(200);
    expect(await readme.text()).toMatch(/^# Försörjningsmåttet — öppna data/);
  });

  it("Metod links to the package with absolute /data/ addresses that work, and shows the CSV address", async () => {
    const { page, outsideRequests, consoleErrors } = await b.openPage("metod");
    const section = page.locator("#oppna-data");
    await section.waitFor();
    const hrefs = await section.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(hrefs).toEqual(["/data/README.md", "/data/datapackage.json", "/data/forsorjningsmatt.csv", "/data/forsorjningsmatt.parquet"]);
    const statuses = await section
      .locator("a")
      .evaluateAll((as) => Promise.all(as.map(async (a) => (await fetch((a as HTMLAnchorElement).href, { method: "HEAD" })).status)));
    expect(statuses).toEqual([200, 200, 200, 200]);
    const origin = new URL(base).origin;
    await expect.poll(() => section.locator("code").nth(2).textContent()).toBe(`${origin}/data/forsorjningsmatt.csv`);
    expect(outsideRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
