// Framework data loader: the search index of the header's search box — every kommun and län with a page and every
// förbund (by its address, loaders/site/adress.ts). [{typ: "kommun"|"forbund"|"lan", kod, namn, info, adress?}], ~15 kB.
import { forbundAdresser } from "../../loaders/site/adress.ts";
import { openDb } from "../../loaders/site/lib.ts";

const db = await openDb();
try {
  const regioner = await db.all("SELECT DISTINCT regiontyp, regionkod FROM forsorjningsmatt WHERE regiontyp IN ('kommun', 'lan')");
  const medVarden = new Set(regioner.map((r) => `${r.regiontyp}:${r.regionkod}`));
  const kommuner = (
    await db.all(
      `SELECT k.kommunkod AS kod, k.kommunnamn AS namn, l.lansnamn AS info FROM kommun k JOIN lan l USING (lanskod)
       ORDER BY k.kommunnamn`,
    )
  ).filter((r) => medVarden.has(`kommun:${r.kod}`));
  const forbund = await db.all("SELECT forbund_id AS kod, forbund_namn AS namn FROM forbund ORDER BY forbund_namn");
  const adresser = forbundAdresser(forbund.map((r) => String(r.kod)));
  const lan = (await db.all("SELECT lanskod AS kod, lansnamn AS namn FROM lan ORDER BY lanskod")).filter((r) => medVarden.has(`lan:${r.kod}`));
  process.stdout.write(
    JSON.stringify([
      ...kommuner.map((r) => ({ typ: "kommun", kod: String(r.kod), namn: String(r.namn), info: String(r.info) })),
      ...forbund.map((r) => ({ typ: "forbund", kod: String(r.kod), adress: adresser.get(String(r.kod)), namn: String(r.namn), info: "Samordningsförbund" })),
      ...lan.map((r) => ({ typ: "lan", kod: String(r.kod), namn: String(r.namn), info: "Län" })),
    ]),
  );
} finally {
  db.close();
}
