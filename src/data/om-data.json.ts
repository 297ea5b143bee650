// Framework data loader: what the "Om data" sheet of every table download needs besides the page (issue #12) — the
// time of the build, the demo flag, the age band, and the files the measure was computed from (payouts and
// population, from inlast_fil: file, source, retrieval date) grouped per kind and source. Fetched by the download
// buttons (src/components/download.js) only when one is clicked, never when a page opens.
//
// Shape: { byggd: "2025-11-27T16:40:12Z", demodata, aldersband: {fran, till},
//   underlag: [{avser: "utbetalningar"|"befolkning", kalla, antal_filer, hamtad_fran, hamtad_till,
//               filer: [{fil, hamtad}] (at most 500, by name)}] }
// byggd is the time this loader ran — the build that computed the site's figures (Framework keeps the output until the
// database or a loader changes); SOURCE_DATE_EPOCH (seconds, the reproducible-builds convention) fixes it.
import { openDb } from "../../loaders/site/lib.ts";

const MAX_FILER = 500;

function byggtid(): string {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  const ms = epoch && /^\d+$/.test(epoch) ? Number(epoch) * 1000 : Date.now();
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

const db = await openDb();
try {
  const installning = new Map((await db.all("SELECT nyckel, varde FROM installning")).map((r) => [String(r.nyckel), String(r.varde)]));
  const tabeller = new Set((await db.all("SELECT table_name FROM duckdb_tables()")).map((r) => String(r.table_name)));
  // The tables the measure reads its amounts and its population from, as far as this database has them.
  const kallor: [string, string[]][] = [
    ["utbetalningar", ["utbetalning", "utbetalning_delomrade"]],
    ["befolkning", ["befolkning", "befolkning_angiven"]],
  ];
  const underlag = [];
  for (const [avser, namn] of kallor) {
    const finns = namn.filter((t) => tabeller.has(t));
    if (!finns.length) continue;
    const ids = finns.map((t) => `SELECT DISTINCT fil_id FROM ${t}`).join(" UNION ");
    const rader = await db.all(
      `SELECT f.kalla, f.fil, strftime(f.hamtad, '%Y-%m-%d') AS hamtad
       FROM inlast_fil AS f WHERE f.fil_id IN (${ids}) ORDER BY f.kalla, f.fil`,
    );
    const perKalla = new Map<string, { fil: string; hamtad: string | null }[]>();
    for (const r of rader) {
      const lista = perKalla.get(String(r.kalla)) ?? [];
      lista.push({ fil: String(r.fil), hamtad: r.hamtad == null ? null : String(r.hamtad) });
      perKalla.set(String(r.kalla), lista);
    }
    for (const [kalla, filer] of perKalla) {
      const datum = filer.map((f) => f.hamtad).filter((d): d is string => d != null).sort();
      underlag.push({
        avser,
        kalla,
        antal_filer: filer.length,
        hamtad_fran: datum[0] ?? null,
        hamtad_till: datum.at(-1) ?? null,
        filer: filer.slice(0, MAX_FILER),
      });
    }
  }
  process.stdout.write(
    JSON.stringify({
      byggd: byggtid(),
      demodata: installning.get("demodata") === "ja",
      aldersband: { fran: Number(installning.get("alder_fran")), till: Number(installning.get("alder_till")) },
      underlag,
    }),
  );
} finally {
  db.close();
}
