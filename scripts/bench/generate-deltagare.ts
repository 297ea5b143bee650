// The benchmark's participation data (issue #10, case c): 1 000 000 participations in ~300 insatser as the
// canonical files of DESIGN.md §4 — insatser.csv, insats_ekonomi.csv, deltagare.csv (with deltagare_id, never a
// personnummer) and deltagare_anonyma.csv — deterministic (seeded) and streamed to disk.
//
//   npx tsx scripts/bench/generate-deltagare.ts --out tmp/bench-data/deltagare [--antal 1000000] [--insatser 300]
//
// The insatser belong to the förbund of the built-in 2012 list (data/reference/forbund/forbund_2012.csv, so no
// forbund*.csv is needed), run from 2012–2022 for two to eight years; about 15 % measure only counts
// (matningsmetod endast_antal: anonymous counts, no participants). Participations are spread over the other insatser
// by a skewed (log-normal) size; about one in ten is a person seen before in another insats (ids are reused, each
// person's start dates strictly increase, so (deltagare_id, insats_id, startdatum) is unique). Participants live in
// a member kommun of the insats's förbund; dates end at 2025-12-31 (later ends are written as ongoing); about 0.5 %
// are closed as Felregistrering. Sources of support before and after use the canonical ids, sometimes two (`a|b`).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { REFERENCE_DIR } from "../../loaders/config.ts";
import { largestRemainder } from "../../loaders/demo/generate.ts";
import { stream, type Stream } from "../../loaders/demo/prng.ts";
import { argValue, freshDir, kronor, LineWriter, type Manifest, reusable, writeManifest } from "./write.ts";

export const DELTAGARE_GENERATOR = "deltagare";
export const DELTAGARE_VERSION = 1;
export const DELTAGARE_SEED = 20120101;

export const INSATSER_HEADER = "insats_id,forbund_id,insats_namn,inriktning,matningsmetod,startdatum,slutdatum,malgrupp,planerade_deltagare";
export const EKONOMI_HEADER = "insats_id,ar,budget_kr,utfall_kr";
export const DELTAGARE_HEADER =
  "deltagare_id,insats_id,kon,fodelsear,kommunkod,startdatum,slutdatum,avslutsanledning,forsorjning_fore,forsorjning_efter,sysselsattning_fore,sysselsattning_efter";
export const ANONYMA_HEADER = "insats_id,ar,kon,antal";

export interface DeltagareOptions {
  out: string;
  antal?: number;
  insatser?: number;
  seed?: number;
}

const DAY = 86_400_000;
const LAST_DAY = Date.UTC(2025, 11, 31) / DAY;
const iso = (days: number) => new Date(days * DAY).toISOString().slice(0, 10);
const yearOf = (days: number) => new Date(days * DAY).getUTCFullYear();

/** A draw from a discrete distribution given as [value, weight] pairs. */
function pick<T>(s: Stream, table: readonly (readonly [T, number])[]): T {
  const total = table.reduce((a, [, w]) => a + w, 0);
  let u = s.uniform() * total;
  for (const [v, w] of table) {
    if ((u -= w) < 0) return v;
  }
  return table[table.length - 1][0];
}

const MALGRUPPER = ["unga vuxna 16–29", "långtidssjukskrivna", "personer med ekonomiskt bistånd", "nyanlända", "personer med aktivitetsersättning", "arbetssökande med funktionsnedsättning"];
const AVSLUT = [
  ["Avslutad enligt plan", 55],
  ["Arbete", 12],
  ["Studier", 6],
  ["Avbrott", 12],
  ["Flytt", 4],
  ["Sjukdom", 6],
  ["Annan", 4.5],
  ["Felregistrering", 0.5],
] as const;
const SYSS_FORE = [["arbetssokande", 45], ["ingen", 25], ["annan", 15], ["studier", 5], ["arbete", 5], ["", 5]] as const;
const SYSS_EFTER = [["arbete", 22], ["studier", 9], ["arbetssokande", 32], ["annan", 13], ["ingen", 12], ["", 12]] as const;
const PUBLIC = ["ekonomiskt_bistand", "sjukpenning", "aktivitetsstod", "sjuk_och_aktivitetsersattning", "arbetsloshetsersattning", "etableringsersattning"] as const;
const KALLA_FORE = [
  ["ekonomiskt_bistand", 33],
  ["sjukpenning", 15],
  ["aktivitetsstod", 18],
  ["sjuk_och_aktivitetsersattning", 8],
  ["arbetsloshetsersattning", 5],
  ["etableringsersattning", 6],
  ["lon", 4],
  ["studiemedel", 2],
  ["annan", 3],
  ["ingen", 2],
  ["", 4],
] as const;
const KALLA_EFTER = [
  ["lon", 20],
  ["studiemedel", 8],
  ["ekonomiskt_bistand", 22],
  ["sjukpenning", 10],
  ["aktivitetsstod", 12],
  ["sjuk_och_aktivitetsersattning", 8],
  ["arbetsloshetsersattning", 6],
  ["etableringsersattning", 2],
  ["annan", 4],
  ["ingen", 3],
  ["", 5],
] as const;

/** One or two sources of support as the canonical cell (`a|b`); "" = unknown. */
function kallor(s: Stream, table: readonly (readonly [string, number])[]): string {
  const first = pick(s, table);
  if (first === "" || first === "ingen" || s.uniform() > 0.22) return first;
  const second = PUBLIC[Math.floor(s.uniform() * PUBLIC.length)];
  return second === first ? first : `${first}|${second}`;
}

/** The built-in förbund and their member kommuner. */
function forbundList(): { id: string; kommuner: string[] }[] {
  const rows = parse(fs.readFileSync(path.join(REFERENCE_DIR, "forbund", "forbund_2012.csv"), "utf8"), { columns: true, bom: true }) as Record<string, string>[];
  const byId = new Map<string, string[]>();
  for (const r of rows) byId.set(r.forbund_id, [...(byId.get(r.forbund_id) ?? []), r.kommunkod]);
  return [...byId].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, kommuner]) => ({ id, kommuner }));
}

export function generateDeltagare(options: DeltagareOptions): { manifest: Manifest; reused: boolean } {
  const antal = options.antal ?? 1_000_000;
  const nInsatser = options.insatser ?? 300;
  const seed = options.seed ?? DELTAGARE_SEED;
  const key = { antal, insatser: nInsatser, seed };
  const old = reusable(options.out, DELTAGARE_GENERATOR, DELTAGARE_VERSION, key);
  if (old) return { manifest: old, reused: true };
  const started = performance.now();
  freshDir(options.out);
  const forbund = forbundList();

  // Insatser.
  interface Insats { id: string; forbund: { id: string; kommuner: string[] }; start: number; slut: number | null; personer: boolean; planerade: number; vikt: number }
  const ins: Insats[] = [];
  const si = stream(seed, "insatser");
  const insW = new LineWriter(path.join(options.out, "insatser.csv"), INSATSER_HEADER);
  for (let i = 1; i <= nInsatser; i++) {
    const id = `INS${String(i).padStart(4, "0")}`;
    const f = forbund[Math.floor(si.uniform() * forbund.length)];
    const start = Date.UTC(2012 + Math.floor(si.uniform() * 11), Math.floor(si.uniform() * 12), 1) / DAY;
    const years = 2 + Math.floor(si.uniform() * 7);
    const slutRaw = Date.UTC(yearOf(start) + years, 11, 31) / DAY;
    const slut = slutRaw > LAST_DAY ? null : slutRaw;
    const personer = si.uniform() > 0.15;
    const vikt = Math.exp(1.0 * si.normal());
    const planerade = 20 + Math.floor(si.uniform() * 400);
    const malgrupp = MALGRUPPER[Math.floor(si.uniform() * MALGRUPPER.length)];
    ins.push({ id, forbund: f, start, slut, personer, planerade, vikt });
    insW.line(
      [id, f.id, `Insats ${i} (${malgrupp})`, si.uniform() < 0.9 ? "individinriktad" : "strukturovergripande", personer ? "personuppgifter" : "endast_antal", iso(start), slut === null ? "" : iso(slut), malgrupp, planerade].join(","),
    );
  }
  insW.close();

  // Economy per insats and year, and anonymous counts per insats, year and kön.
  const ekW = new LineWriter(path.join(options.out, "insats_ekonomi.csv"), EKONOMI_HEADER);
  const anW = new LineWriter(path.join(options.out, "deltagare_anonyma.csv"), ANONYMA_HEADER);
  for (const x of ins) {
    const se = stream(seed, `ekonomi|${x.id}`);
    for (let y = yearOf(x.start); y <= yearOf(x.slut ?? LAST_DAY); y++) {
      const budget = Math.round(x.planerade * 25_000 * (0.6 + 0.8 * se.uniform())) * 100;
      const utfall = Math.round(budget * (0.8 + 0.25 * se.uniform()));
      ekW.line(`${x.id},${y},${kronor(budget)},${kronor(utfall)}`);
      for (const k of ["K", "M"]) {
        const n = x.personer ? Math.floor(se.uniform() * 8) : 10 + Math.floor(se.uniform() * 150);
        anW.line(`${x.id},${y},${k},${n}`);
      }
    }
  }
  ekW.close();
  anW.close();

  // Participations: spread over the insatser with individual data by weight.
  const withPersons = ins.filter((x) => x.personer);
  const counts = largestRemainder(withPersons.map((x) => Math.max(1, Math.round(x.vikt * 1000))), antal);
  const dW = new LineWriter(path.join(options.out, "deltagare.csv"), DELTAGARE_HEADER);
  // Recently seen persons (id, last start day) that may join another insats.
  const ring: { id: number; last: number }[] = [];
  let nextPerson = 1;
  for (let xi = 0; xi < withPersons.length; xi++) {
    const x = withPersons[xi];
    const s = stream(seed, `deltagare|${x.id}`);
    const lastStart = Math.min(x.slut ?? LAST_DAY, LAST_DAY - 30);
    for (let n = 0; n < counts[xi]; n++) {
      const start = x.start + Math.floor(s.uniform() * (lastStart - x.start + 1));
      let person: number | null = null;
      if (ring.length && s.uniform() < 0.2) {
        const r = ring[Math.floor(s.uniform() * ring.length)];
        if (r.last < start) {
          person = r.id;
          r.last = start;
        }
      }
      if (person === null) {
        person = nextPerson++;
        const entry = { id: person, last: start };
        if (ring.length < 4096) ring.push(entry);
        else ring[Math.floor(s.uniform() * ring.length)] = entry;
      }
      const kon = s.uniform() < 0.55 ? "K" : "M";
      const alder = 18 + Math.floor(Math.min(46, Math.abs(s.normal()) * 16));
      const fodelsear = yearOf(start) - alder;
      const kommun = x.forbund.kommuner[Math.floor(s.uniform() * x.forbund.kommuner.length)];
      // An insats that has ended has closed all its participations by its last day.
      const slutDag = Math.min(start + Math.max(1, Math.round(-Math.log(1 - s.uniform()) * 300)), x.slut ?? Infinity);
      const ended = slutDag <= LAST_DAY;
      const avslut = ended ? pick(s, AVSLUT) : "";
      dW.line(
        [
          `D${String(person).padStart(8, "0")}`,
          x.id,
          kon,
          fodelsear,
          kommun,
          iso(start),
          ended ? iso(slutDag) : "",
          avslut,
          kallor(s, KALLA_FORE),
          ended ? kallor(s, KALLA_EFTER) : "",
          pick(s, SYSS_FORE),
          ended ? pick(s, SYSS_EFTER) : "",
        ].join(","),
      );
    }
  }
  dW.close();

  const writers = [insW, ekW, anW, dW];
  const manifest: Manifest = {
    generator: DELTAGARE_GENERATOR,
    version: DELTAGARE_VERSION,
    options: key,
    rows: { insatser: insW.lines, insats_ekonomi: ekW.lines, deltagare_anonyma: anW.lines, deltagare: dW.lines },
    files: writers.length,
    bytes: writers.reduce((a, w) => a + w.bytes, 0),
    seconds: (performance.now() - started) / 1000,
  };
  writeManifest(options.out, manifest);
  return { manifest, reused: false };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const out = argValue(argv, "--out");
  if (!out) {
    console.error("Ange --out <katalog> (t.ex. tmp/bench-data/deltagare); valfritt --antal N, --insatser N, --seed S");
    process.exit(2);
  }
  const num = (name: string) => (argValue(argv, name) === undefined ? undefined : Number(argValue(argv, name)));
  const { manifest, reused } = generateDeltagare({ out, antal: num("--antal"), insatser: num("--insatser"), seed: num("--seed") });
  console.log(
    `${reused ? "Återanvänd" : "Skapad"}: ${out} — ${Object.entries(manifest.rows).map(([k, n]) => `${k} ${n}`).join(", ")}; ` +
      `${(manifest.bytes / 1e6).toFixed(1)} MB i ${manifest.files} filer, ${manifest.seconds.toFixed(1)} s`,
  );
}
