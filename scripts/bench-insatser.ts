// Benchmark of the insatser import (issue #8): writes a large SUS-style export and measures the ingest of it in a
// child process (rows per second, peak memory). Used by scripts/bench.ts; tests never assert timings.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../loaders/config.ts";
import { luhnSiffra } from "../loaders/insatser/personnummer.ts";
import { mulberry32 } from "../loaders/demo/prng.ts";

const FORSORJNING = ["Sjukpenning", "Sjukersättning", "A-kassa", "Aktivitetsstöd", "Etableringsersättning", "Ekonomiskt bistånd", "Lön", "Studiemedel", "Annan", "Ingen"];
const SYSS = ["Förvärvsarbete", "Studier", "Arbetssökande", "Annan", "Ingen"];
const KOMMUNER = ["Karlskrona", "Karlshamn", "Olofström", "Sölvesborg"];

/**
 * A SUS-style export of `n` participations in 40 insatser of förbund blekinge, written as Blekinge's demo file is
 * (Windows-1252, `;`, ten-digit numbers, labels): the most expensive path (every number checked and hashed).
 */
export function writeLargeExport(dir: string, n: number): void {
  fs.mkdirSync(dir, { recursive: true });
  const rnd = mulberry32(1_000_000);
  const insatser = Array.from({ length: 40 }, (_, i) => `B${String(i + 1).padStart(3, "0")}`);
  fs.writeFileSync(path.join(dir, "insatser.csv"), Buffer.from(`Insats-ID;Insatsnamn;Samverkansorganisation\r\n${insatser.map((id) => `${id};Insats ${id};blekinge\r\n`).join("")}`, "latin1"));
  const fd = fs.openSync(path.join(dir, "SUS_deltagare_stor.csv"), "w");
  let chunk = "Personnr;Insatsid;Kön;Kommun;Inskrivningsdatum;Utskrivningsdatum;Avslutsorsak;Försörjningskälla före;Försörjningskälla efter;Sysselsättning före;Sysselsättning efter\r\n";
  const day = 86_400_000;
  for (let i = 0; i < n; i++) {
    // A unique synthetic samordningsnummer per row: the row number spread over birth dates and birth numbers.
    const ar = 1950 + (i % 55);
    const dagnr = Math.floor(i / 55) % 336;
    const nnn = Math.floor(i / (55 * 336)) % 1000;
    const datum = `${String(ar % 100).padStart(2, "0")}${String(1 + Math.floor(dagnr / 28)).padStart(2, "0")}${String(61 + (dagnr % 28)).padStart(2, "0")}`;
    const nio = `${datum}${String(nnn).padStart(3, "0")}`;
    const start = Date.UTC(2019, 0, 1) + Math.floor(rnd() * 2500) * day;
    const slut = rnd() < 0.9 ? start + Math.floor(30 + rnd() * 400) * day : null;
    const d = (t: number) => new Date(t).toISOString().slice(0, 10);
    chunk += [
      `${nio.slice(0, 6)}-${nio.slice(6)}${luhnSiffra(nio)}`, insatser[i % 40], nnn % 2 ? "Man" : "Kvinna", KOMMUNER[i % 4], d(start),
      slut === null ? "" : d(slut), slut === null ? "" : "Avslutad", `${FORSORJNING[i % 6]} | ${FORSORJNING[5]}`, slut === null ? "" : FORSORJNING[6 + (i % 4)],
      SYSS[2], slut === null ? "" : SYSS[i % 5],
    ].join(";") + "\r\n";
    if (chunk.length > 1 << 20) {
      fs.writeSync(fd, Buffer.from(chunk, "latin1"));
      chunk = "";
    }
  }
  fs.writeSync(fd, Buffer.from(chunk, "latin1"));
  fs.closeSync(fd);
}

export interface IngestMeasure {
  rows: number;
  seconds: number;
  /** Peak resident memory of the ingesting process, bytes. */
  maxRss: number;
}

/** Ingests a directory in a fresh Node process and reports rows, time and peak memory. */
export function measureIngest(dataDir: string, dbPath: string, env: NodeJS.ProcessEnv = {}): IngestMeasure {
  const child = spawnSync(
    process.execPath,
    ["--import", "tsx", path.join(PROJECT_ROOT, "scripts", "bench-insatser.ts"), "--child", dataDir, dbPath],
    { cwd: PROJECT_ROOT, encoding: "utf8", maxBuffer: 1 << 24, env: { ...process.env, ...env } },
  );
  if (child.status !== 0) throw new Error(`ingest of ${dataDir} failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split("\n").pop()!) as IngestMeasure;
}

if (process.argv[2] === "--child") {
  const { ingest } = await import("../loaders/ingest.ts");
  const t = performance.now();
  const result = await ingest({ dataDir: process.argv[3], dbPath: process.argv[4] });
  const seconds = (performance.now() - t) / 1000;
  console.log(JSON.stringify({ rows: result.rows, seconds, maxRss: process.resourceUsage().maxRSS * 1024 }));
}
