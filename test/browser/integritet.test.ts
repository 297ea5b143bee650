// Privacy of the built site (issue #8, item 3): nothing in dist/ may hold a personnummer or a participant's id —
// not the demo export's numbers in any form, not the pseudonyms in the database, not the demo register's löpnummer,
// no text shaped like a personnummer with a valid check digit (with a dash, or as twelve digits) — and the insats
// pages' data files (written by src/data/insatser.json.ts, insats.zip.ts and nytta.json.ts) hold no run of ten or
// twelve digits, no participant-level field, and no count of 1–4 persons in any count field
// (loaders/insatser/publicera.ts's ANTALSFALT), and no published line of the main table that gives a ".." back.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { buildSusModel } from "../../loaders/demo/sus.ts";
import { luhnOk } from "../../loaders/insatser/personnummer.ts";
import { ANTALSFALT } from "../../loaders/insatser/publicera.ts";
import { GRANS, PRICK } from "../../loaders/insatser/rojande.ts";
import { oppnaLinjer } from "../insatser/oppna-linjer.ts";
import { queryDb, siteUrl } from "./site.ts";

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../dist");

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

let scanned: string[];

beforeAll(async () => {
  await siteUrl(); // waits for the shared build
  // .br and .gz are the build's compressed copies of the files beside them (checked below), scanned as those files.
  scanned = files(DIST).filter((f) => !/\.(png|jpe?g|gif|ico|woff2?|ttf|wasm|br|gz)$/i.test(f));
});

// One file in memory at a time: the whole dist/ (data package, exact downloads) is far larger than a test's heap.
function* read(list: string[]): Generator<{ file: string; text: string }> {
  for (const file of list) yield { file: path.relative(DIST, file), text: fs.readFileSync(file).toString("latin1") };
}
const texts = () => read(scanned);

describe("the built site", () => {
  it("has files to scan", () => {
    expect(scanned.length).toBeGreaterThan(50);
  });

  it("hides nothing in its compressed copies: every .br and .gz holds exactly the file beside it", () => {
    const compressed = files(DIST).filter((f) => /\.(br|gz)$/.test(f));
    expect(compressed.length).toBeGreaterThan(50);
    for (const f of compressed) {
      const original = fs.readFileSync(f.replace(/\.(br|gz)$/, ""));
      const data = fs.readFileSync(f);
      // Buffer.equals, not toEqual: a deep equality walks a 47 MB buffer's indices as object keys (gigabytes of heap).
      const same = (f.endsWith(".br") ? zlib.brotliDecompressSync(data) : zlib.gunzipSync(data)).equals(original);
      expect(same, `${path.relative(DIST, f)} is not the file beside it, compressed`).toBe(true);
    }
  });

  it("holds none of the demo export's personnummer, in any way of writing them", () => {
    const numbers = new Set(buildSusModel().deltaganden.map((d) => d.person.nummer));
    const hits: string[] = [];
    for (const { file, text } of texts()) {
      for (const m of text.matchAll(/(?<!\d)(\d{2})?(\d{6})[-+ ]?(\d{4})(?!\d)/g)) {
        const ten = m[2] + m[3];
        if ((numbers.has(`19${ten}`) || numbers.has(`20${ten}`))) hits.push(`${file}: ${m[2]}-****`);
      }
    }
    expect(hits).toEqual([]);
  });

  it("holds no text shaped like a personnummer (date, dash, four digits) with a valid check digit", () => {
    const hits: string[] = [];
    for (const { file, text } of texts()) {
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
    for (const { file, text } of texts()) {
      for (const m of text.matchAll(/[a-p]{32}|U\d{5}/g)) if (ids.has(m[0])) hits.push(`${file}: ${m[0].slice(0, 4)}…`);
    }
    expect(hits).toEqual([]);
  });

  it("holds no twelve-digit personnummer (century, a real date, a valid check digit), with or without a dash", () => {
    const hits: string[] = [];
    for (const { file, text } of texts()) {
      for (const m of text.matchAll(/(?<![\d.])(19|20)(\d{2})(\d{2})(\d{2})[-+]?(\d{4})(?!\d)/g)) {
        const manad = Number(m[3]);
        const dag = Number(m[4]) > 60 ? Number(m[4]) - 60 : Number(m[4]);
        if (manad >= 1 && manad <= 12 && dag >= 1 && dag <= 31 && luhnOk(`${m[2]}${m[3]}${m[4]}${m[5]}`)) hits.push(`${file}: ${m[1]}${m[2]}${m[3]}${m[4]}-****`);
      }
    }
    expect(hits).toEqual([]);
  });
});

describe("the insats data files in the built site", () => {
  const insatsFiler = () => [
    ...read(scanned.filter((file) => /^_file\/data\/(insatser|nytta)\.[0-9a-f]+\.json$|^_file\/data\/insats\//.test(path.relative(DIST, file).split(path.sep).join("/")))),
  ];

  it("are there: the list, the nytta inputs and one file per insats", async () => {
    const n = (await queryDb("SELECT count(*)::INTEGER AS n FROM insats"))[0].n as number;
    expect(insatsFiler().length).toBe(n + 2);
  });

  it("hold no run of ten or twelve digits (a personnummer with or without its dash) and no participant-level field", () => {
    const hits: string[] = [];
    for (const { file, text } of insatsFiler()) {
      for (const m of text.matchAll(/(?<![\d.])(\d{2})?\d{6}[-+]?\d{4}(?![\d])/g)) hits.push(`${file}: ${m[0].slice(0, 6)}…`);
      for (const m of text.matchAll(/"(deltagare_id|deltagande_id|personnummer|fodelsear)"/g)) hits.push(`${file}: ${m[1]}`);
    }
    expect(hits).toEqual([]);
  });

  it("hold no count of 1–4 persons in any count field: 0, 5 or more, or ..", () => {
    const hits: string[] = [];
    let checked = 0;
    const check = (file: string, where: string, v: unknown) => {
      if (Array.isArray(v)) v.forEach((x, i) => check(file, `${where}[${i}]`, x));
      else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) check(file, `${where}.${k}`, x);
      else {
        checked++;
        const ok = v === null || v === PRICK || (typeof v === "number" && Number.isInteger(v) && (v === 0 || v >= GRANS));
        if (!ok) hits.push(`${file}: ${where} = ${JSON.stringify(v)}`);
      }
    };
    const walk = (file: string, where: string, v: unknown) => {
      if (Array.isArray(v)) v.forEach((x, i) => walk(file, `${where}[${i}]`, x));
      else if (v !== null && typeof v === "object") {
        for (const [k, x] of Object.entries(v)) {
          if (ANTALSFALT.has(k)) check(file, `${where}.${k}`, x);
          else walk(file, `${where}.${k}`, x);
        }
      }
    };
    for (const { file, text } of insatsFiler()) walk(file, "", JSON.parse(Buffer.from(text, "latin1").toString("utf8")));
    expect(checked).toBeGreaterThan(10_000);
    expect(hits.slice(0, 20)).toEqual([]);
  });

  it("publish no line of the main table with a single .. (K + M = T, insatser → förbund, years → alla, deltagare)", () => {
    const lista = insatsFiler().find(({ file }) => /insatser\.[0-9a-f]+\.json$/.test(file))!;
    const doc = JSON.parse(Buffer.from(lista.text, "latin1").toString("utf8"));
    const insatser = new Map(doc.insatser.map((i: { id: string; varden: object }) => [i.id, i.varden]));
    const forbund = new Map(doc.forbund.map((f: { id: string; varden: object }) => [f.id, f.varden]));
    const medlemmar = new Map<string, string[]>();
    for (const i of doc.insatser as { id: string; forbund_id: string | null }[]) if (i.forbund_id) medlemmar.set(i.forbund_id, [...(medlemmar.get(i.forbund_id) ?? []), i.id]);
    expect(insatser.size).toBe(40);
    expect(oppnaLinjer(insatser as never, forbund as never, medlemmar)).toEqual([]);
  });
});
