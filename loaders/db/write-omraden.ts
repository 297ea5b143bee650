// Writes the area tables (loaders/canonical/omrade-data.ts) into the database being built; called once from
// writeDatabase in ingest.ts. Column order as in schema.sql.
import { type DuckDBConnection, DuckDBDecimalValue } from "@duckdb/node-api";
import type { OmradeData } from "../canonical/omrade-data.ts";

type Appender = Awaited<ReturnType<DuckDBConnection["createAppender"]>>;

async function append<T>(connection: DuckDBConnection, table: string, rows: readonly T[], row: (a: Appender, r: T) => void): Promise<void> {
  const a = await connection.createAppender(table);
  for (const r of rows) {
    row(a, r);
    a.endRow();
  }
  a.closeSync();
}

const varchar = (a: Appender, v: string | null) => (v === null ? a.appendNull() : a.appendVarchar(v));
const decimal = (a: Appender, v: bigint | null) => (v === null ? a.appendNull() : a.appendDecimal(new DuckDBDecimalValue(v, 18, 2)));
const smallint = (a: Appender, v: number | null) => (v === null ? a.appendNull() : a.appendSmallInt(v));

export async function writeOmraden(connection: DuckDBConnection, o: OmradeData): Promise<void> {
  await append(connection, "delomrade", o.delomraden, (a, d) => {
    a.appendVarchar(d.kommunkod);
    a.appendVarchar(d.typ);
    a.appendVarchar(d.kod);
    a.appendVarchar(d.namn);
  });
  await append(connection, "utbetalning_delomrade", o.utbetalningar, (a, u) => {
    a.appendVarchar(u.kommunkod);
    a.appendVarchar(u.typ);
    a.appendVarchar(u.kod);
    a.appendVarchar(u.period);
    varchar(a, u.manad);
    varchar(a, u.halvar);
    a.appendInteger(u.ar);
    a.appendVarchar(u.ersattning);
    a.appendVarchar(u.kon);
    decimal(a, u.beloppOre);
    a.appendVarchar(u.status);
    a.appendInteger(u.fileId);
  });
  await append(connection, "utbetalning_del", o.delar, (a, d) => {
    a.appendVarchar(d.regiontyp);
    a.appendVarchar(d.regionkod);
    varchar(a, d.kommunkod);
    a.appendVarchar(d.period);
    a.appendInteger(d.ar);
    a.appendVarchar(d.ersattning);
    a.appendVarchar(d.del);
    a.appendVarchar(d.kon);
    decimal(a, d.beloppOre);
    a.appendVarchar(d.status);
    a.appendInteger(d.fileId);
  });
  await append(connection, "befolkning_angiven", o.befolkning, (a, b) => {
    a.appendVarchar(b.regiontyp);
    a.appendVarchar(b.regionkod);
    varchar(a, b.kommunkod);
    a.appendInteger(b.ar);
    a.appendVarchar(b.kon);
    a.appendSmallInt(b.alderFran);
    a.appendSmallInt(b.alderTill);
    if (b.antal === null) a.appendNull();
    else a.appendInteger(b.antal);
    a.appendVarchar(b.status);
    a.appendInteger(b.fileId);
  });
  await append(connection, "helarsekvivalent_ar", o.helarsekvivalenter, (a, h) => {
    a.appendVarchar(h.regiontyp);
    a.appendVarchar(h.regionkod);
    varchar(a, h.kommunkod);
    a.appendInteger(h.ar);
    a.appendVarchar(h.ersattning);
    a.appendVarchar(h.kon);
    smallint(a, h.alderFran);
    smallint(a, h.alderTill);
    decimal(a, h.hundradelar);
    a.appendVarchar(h.status);
    a.appendInteger(h.fileId);
  });
}
