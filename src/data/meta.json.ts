// Framework data loader: what every page's captions need — age band, demo flag, ersättning names, the periods per kind
// ({halvar: [...], ar: [...]}), the group scope (src/components/omfattning.js), the förbund list's source, and the
// sources of the payout files (from inlast_fil). About 2 kB.
import { openDb, readMeta } from "../../loaders/site/lib.ts";

const db = await openDb();
try {
  const meta = await readMeta(db);
  const filer = await db.all(
    `SELECT kalla, count(*)::INTEGER AS antal, max(hamtad)::VARCHAR AS senast_hamtad FROM inlast_fil GROUP BY kalla ORDER BY kalla`,
  );
  process.stdout.write(
    JSON.stringify({
      ...meta,
      senaste: { halvar: meta.perioder.halvar.at(-1) ?? null, ar: meta.perioder.ar.at(-1) ?? null },
      kallor: filer.map((f) => ({ kalla: String(f.kalla), antal_filer: Number(f.antal), senast_hamtad: f.senast_hamtad == null ? null : String(f.senast_hamtad) })),
    }),
  );
} finally {
  db.close();
}
