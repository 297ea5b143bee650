// Framework data loader: the search index of the header's search box — every kommun and förbund with a page, and
// every län (which opens the start page for that län). [{typ: "kommun"|"forbund"|"lan", kod, namn, info}], ~15 kB.
import { openDb } from "./lib.ts";

const db = await openDb();
try {
  const kommuner = await db.all(
    `SELECT k.kommunkod AS kod, k.kommunnamn AS namn, l.lansnamn AS info FROM kommun k JOIN lan l USING (lanskod)
     WHERE k.kommunkod IN (SELECT DISTINCT regionkod FROM forsorjningsmatt WHERE regiontyp = 'kommun')
     ORDER BY k.kommunnamn`,
  );
  const forbund = await db.all("SELECT forbund_id AS kod, forbund_namn AS namn FROM forbund ORDER BY forbund_namn");
  const lan = await db.all("SELECT lanskod AS kod, lansnamn AS namn FROM lan ORDER BY lanskod");
  process.stdout.write(
    JSON.stringify([
      ...kommuner.map((r) => ({ typ: "kommun", kod: String(r.kod), namn: String(r.namn), info: String(r.info) })),
      ...forbund.map((r) => ({ typ: "forbund", kod: String(r.kod), namn: String(r.namn), info: "Samordningsförbund" })),
      ...lan.map((r) => ({ typ: "lan", kod: String(r.kod), namn: String(r.namn), info: "Län" })),
    ]),
  );
} finally {
  db.close();
}
