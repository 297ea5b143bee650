// Privacy of the built site (issue #8, item 3): nothing in dist/ may hold a personnummer or a participant's id —
// not the demo export's numbers in any form, not the pseudonyms in the database, not the demo register's löpnummer,
// and no text shaped like a personnummer with a valid check digit. Pages that publish insats figures are held to
// this test as they are added (their counts under 5 are suppressed with loaders/insatser/rojande.ts).
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { buildSusModel } from "../../loaders/demo/sus.ts";
import { luhnOk } from "../../loaders/insatser/personnummer.ts";
import { queryDb, siteUrl } from "./site.ts";

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../dist");

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

let texts: { file: string; text: string }[];

beforeAll(async () => {
  await siteUrl(); // waits for the shared build
  texts = files(DIST)
    // .br and .gz are the build's compressed copies of the files beside them (checked below), scanned as those files.
    .filter((f) => !/\.(png|jpe?g|gif|ico|woff2?|ttf|wasm|br|gz)$/i.test(f))
    .map((file) => ({ file: path.relative(DIST, file), text: fs.readFileSync(file).toString("latin1") }));
});

describe("the built site", () => {
  it("has files to scan", () => {
    expect(texts.length).toBeGreaterThan(50);
  });

  it("hides nothing in its compressed copies: every .br and .gz holds exactly the file beside it", () => {
    const compressed = files(DIST).filter((f) => /\.(br|gz)$/.test(f));
    expect(compressed.length).toBeGreaterThan(50);
    for (const f of compressed) {
      const original = fs.readFileSync(f.replace(/\.(br|gz)$/, ""));
      const data = fs.readFileSync(f);
      expect(f.endsWith(".br") ? zlib.brotliDecompressSync(data) : zlib.gunzipSync(data), f).toEqual(original);
    }
  });

  it("holds none of the demo export's personnummer, in any way of writing them", () => {
    const numbers = new Set(buildSusModel().deltaganden.map((d) => d.person.nummer));
    const hits: string[] = [];
    for (const { file, text } of texts) {
      for (const m of text.matchAll(/(?<!\d)(\d{2})?(\d{6})[-+ ]?(\d{4})(?!\d)/g)) {
        const ten = m[2] + m[3];
        if ((numbers.has(`19${ten}`) || numbers.has(`20${ten}`))) hits.push(`${file}: ${m[2]}-****`);
      }
    }
    expect(hits).toEqual([]);
  });

  it("holds no text shaped like a personnummer (date, dash, four digits) with a valid check digit", () => {
    const hits: string[] = [];
    for (const { file, text } of texts) {
      for (const m of text.matchAll(/(?<![\d-])(\d{2})?(\d{2})(\d{2})(\d{2})[-+](\d{4})(?![\d-])/g)) {
        const manad = Number(m[3]);
        const dag = Number(m[4]) > 60 ? Number(m[4]) - 60 : Number(m[4]);
        if (manad >= 1 && manad <= 12 && dag >= 1 && dag <= 31 && luhnOk(`${m[2]}${m[3]}${m[4]}${m[5]}`)) hits.push(`${file}: ${m[2]}${m[3]}${m[4]}-****`);
      }
    }
    expect(hits).toEqual([]);
  });

  it("holds no participant id: neither a pseudonym from the database nor a löpnummer of the demo register", async () => {
    const ids = new Set((await queryDb("SELECT DISTINCT deltagare_id FROM deltagare")).map((r) => r.deltagare_id as string));
    expect(ids.size).toBeGreaterThan(1000);
    const hits: string[] = [];
    for (const { file, text } of texts) {
      for (const m of text.matchAll(/[a-p]{32}|U\d{5}/g)) if (ids.has(m[0])) hits.push(`${file}: ${m[0].slice(0, 4)}…`);
    }
    expect(hits).toEqual([]);
  });
});
