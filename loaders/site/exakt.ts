// The exact values of försörjningsmåttet for the table downloads (issue #12; file layout in
// src/components/exakt.js): every row of forsorjningsmatt_utokad and forsorjningsmatt_delomrade as the database
// gives it — kr_per_invanare_och_dag the DOUBLE, belopp_kr and befolkning the exact DECIMALs, dagar, preliminar — one
// JSON per region and kind of period and one per period and ersättning (kön T; kommuner, län and riket). Not a Framework data loader (no
// double extension): scripts/build-site.ts calls writeExakt() at build, into its cache, and copies the folder into the
// site as _exakt/ (the files are fetched by a download button at click time, never by a page when it opens).
//
//   npx tsx loaders/site/exakt.ts <out-dir>     writes the folder by hand (FORSORJNING_DB picks the database)
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { periodFil, regionFil } from "@forsorjningsmatt/delat/exakt-filer.js";
import { type Row, openDb, periodtyp } from "./lib.ts";

/** A DECIMAL (as DuckDB writes it) as a JSON value: the number when its 2-decimal form gives the DECIMAL back, else the string. */
function decimal(value: unknown): number | string | null {
  if (value === null || value === undefined) return null;
  const text = String(value);
  const n = Number(text);
  if (!Number.isFinite(n)) throw new Error(`Inget tal: ${text}`);
  return n.toFixed(2) === text ? n : text;
}

interface Varden {
  kr: (number | null)[];
  belopp_kr: (number | string | null)[];
  befolkning: (number | string | null)[];
  preliminar: number[];
}

/** Writes <outDir>/region/… and <outDir>/period/…; returns the number of files and bytes. */
export async function writeExakt(outDir: string): Promise<{ filer: number; bytes: number; rader: number }> {
  const db = await openDb();
  let rows: Row[];
  try {
    const delomraden = (await db.all("SELECT 1 FROM duckdb_views() WHERE view_name = 'forsorjningsmatt_delomrade'")).length > 0;
    rows = await db.all(
      `SELECT regiontyp, regionkod, regionnamn, period, ersattning, kon, kr_per_invanare_och_dag AS kr,
              belopp_kr::VARCHAR AS belopp_kr, befolkning::VARCHAR AS befolkning, dagar, preliminar
       FROM forsorjningsmatt_utokad
       ${delomraden ? `UNION ALL
       SELECT regiontyp, regionkod, regionnamn, period, ersattning, kon, kr_per_invanare_och_dag,
              belopp_kr::VARCHAR, befolkning::VARCHAR, dagar, preliminar
       FROM forsorjningsmatt_delomrade` : ""}
       ORDER BY regiontyp, regionkod, period, ersattning, kon`,
    );
  } finally {
    db.close();
  }

  rmSync(outDir, { recursive: true, force: true });
  let filer = 0;
  let bytes = 0;
  const skriv = (fil: string, innehall: unknown) => {
    const file = path.join(outDir, ...fil.split("/"));
    mkdirSync(path.dirname(file), { recursive: true });
    const text = JSON.stringify(innehall);
    writeFileSync(file, text);
    filer++;
    bytes += Buffer.byteLength(text);
  };

  // One file per region and kind of period.
  const perRegion = new Map<string, Row[]>();
  for (const r of rows) {
    const key = `${r.regiontyp}:${r.regionkod}|${periodtyp(String(r.period))}`;
    const lista = perRegion.get(key) ?? [];
    lista.push(r);
    perRegion.set(key, lista);
  }
  for (const [key, lista] of perRegion) {
    const [region, typ] = key.split("|");
    const perioder = [...new Set(lista.map((r) => String(r.period)))].sort();
    const pIndex = new Map(perioder.map((p, i) => [p, i]));
    const dagar = perioder.map(() => null as number | null);
    const varden: Record<string, Record<string, Varden>> = {};
    for (const r of lista) {
      const p = pIndex.get(String(r.period))!;
      dagar[p] = Number(r.dagar);
      const v = ((varden[String(r.kon)] ??= {})[String(r.ersattning)] ??= {
        kr: perioder.map(() => null),
        belopp_kr: perioder.map(() => null),
        befolkning: perioder.map(() => null),
        preliminar: [],
      });
      v.kr[p] = r.kr == null ? null : Number(r.kr);
      v.belopp_kr[p] = decimal(r.belopp_kr);
      v.befolkning[p] = decimal(r.befolkning);
      if (r.preliminar === true) v.preliminar.push(p);
    }
    skriv(regionFil(region, typ), { region, namn: String(lista[0].regionnamn), typ, perioder, dagar, varden });
  }

  // One file per period and ersättning: kön T of every kommun, län and riket (maps and rankings).
  const perPeriod = new Map<string, Row[]>();
  for (const r of rows) {
    if (r.kon !== "T" || !["kommun", "lan", "riket"].includes(String(r.regiontyp))) continue;
    const key = `${r.period}|${r.ersattning}`;
    const lista = perPeriod.get(key) ?? [];
    lista.push(r);
    perPeriod.set(key, lista);
  }
  for (const [key, lista] of perPeriod) {
    const [period, ersattning] = key.split("|");
    skriv(periodFil(period, ersattning), {
      period,
      dagar: Number(lista[0].dagar),
      ersattning,
      kon: "T",
      regioner: lista.map((r) => `${r.regiontyp}:${r.regionkod}`),
      namn: lista.map((r) => String(r.regionnamn)),
      kr: lista.map((r) => (r.kr == null ? null : Number(r.kr))),
      belopp_kr: lista.map((r) => decimal(r.belopp_kr)),
      befolkning: lista.map((r) => decimal(r.befolkning)),
      preliminar: lista.flatMap((r, i) => (r.preliminar === true ? [i] : [])),
    });
  }
  skriv("index.json", { rader: rows.length, filer });
  return { filer, bytes, rader: rows.length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2];
  if (!out) {
    console.error("Användning: npx tsx loaders/site/exakt.ts <katalog>");
    process.exit(1);
  }
  const started = Date.now();
  const result = await writeExakt(out);
  console.log(`${result.filer} filer, ${(result.bytes / 1e6).toFixed(1)} MB, ${result.rader} rader (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
