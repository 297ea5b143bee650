// Writes the insatser tables (schema.sql, the section "Insatser and deltagare") and creates their views
// (loaders/measures/insatser.sql). Called by the ingest while it builds the new database file.
import fs from "node:fs";
import { type DuckDBConnection, DuckDBDateValue, DuckDBDecimalValue } from "@duckdb/node-api";
import type { InsatsData } from "../canonical/accept-insatser.ts";

const INSATSER_SQL = new URL("../measures/insatser.sql", import.meta.url);

/** Where insatser.sql's views over the measures' views begin (the line above them). */
const OVER_MATTEN = /^-- Views over the measures' views \(views\.sql/m;

/**
 * The SQL of the insatser views, as the ingest runs it (also quoted by whoever documents the method): all of it, or
 * one of its two parts — "egna", the views over the insatser's tables and other base tables, which can be created as
 * soon as the schema exists, and "over_matten", the views that read the measures' views, created after those.
 */
export function insatserViewsSql(part?: "egna" | "over_matten"): string {
  const sql = fs.readFileSync(INSATSER_SQL, "utf8");
  if (!part) return sql;
  const at = OVER_MATTEN.exec(sql);
  if (!at) throw new Error("insatser.sql: the line before the views over the measures' views is missing");
  return part === "egna" ? sql.slice(0, at.index) : sql.slice(at.index);
}

type Appender = Awaited<ReturnType<DuckDBConnection["createAppender"]>>;

async function append<T>(connection: DuckDBConnection, table: string, rows: Iterable<T>, write: (a: Appender, row: T) => void): Promise<void> {
  const a = await connection.createAppender(table);
  for (const row of rows) {
    write(a, row);
    a.endRow();
  }
  a.closeSync();
}

const text = (a: Appender, v: string | null) => (v === null ? a.appendNull() : a.appendVarchar(v));
const date = (a: Appender, days: number | null) => (days === null ? a.appendNull() : a.appendDate(new DuckDBDateValue(days)));
const int = (a: Appender, v: number | null) => (v === null ? a.appendNull() : a.appendInteger(v));
const money = (a: Appender, ore: bigint | null) => (ore === null ? a.appendNull() : a.appendDecimal(new DuckDBDecimalValue(ore, 18, 2)));

/**
 * The deltagande_id of each participation read here: its place in reading order (1, 2, …) over all files, counting
 * the participations the fast path wrote itself (data.snabbaDeltaganden) in the files before its own.
 */
function deltagandeIds(data: InsatsData): (i: number, fileId: number) => number {
  if (data.snabbaDeltaganden.size === 0) return (i) => i + 1;
  const fast = [...data.snabbaDeltaganden].sort((a, b) => a[0] - b[0]);
  const before = new Map<number, number>();
  return (i, fileId) => {
    let n = before.get(fileId);
    if (n === undefined) {
      n = fast.reduce((sum, [id, rows]) => (id < fileId ? sum + rows : sum), 0);
      before.set(fileId, n);
    }
    return i + 1 + n;
  };
}

/** Appends every insats row read; deltagande_id is the participation's place in reading order (1, 2, …). */
export async function writeInsatser(connection: DuckDBConnection, data: InsatsData): Promise<void> {
  const insatser = [...data.insatser].sort((a, b) => (a.insatsId < b.insatsId ? -1 : a.insatsId > b.insatsId ? 1 : 0));
  await append(connection, "insats", insatser, (a, i) => {
    a.appendVarchar(i.insatsId);
    text(a, i.forbundId);
    text(a, i.namn);
    text(a, i.inriktning);
    text(a, i.matningsmetod);
    date(a, i.startDays);
    date(a, i.slutDays);
    text(a, i.malgrupp);
    int(a, i.planeradeDeltagare);
    int(a, i.fileId);
  });
  await append(connection, "insats_ekonomi", data.ekonomi, (a, e) => {
    a.appendVarchar(e.insatsId);
    a.appendInteger(e.ar);
    text(a, e.budgettyp);
    money(a, e.budgetOre);
    money(a, e.utfallOre);
    a.appendInteger(e.fileId);
  });
  const id = deltagandeIds(data);
  await append(connection, "deltagare", data.deltagare.entries(), (a, [i, d]) => {
    a.appendInteger(id(i, d.fileId));
    a.appendVarchar(d.deltagareId);
    a.appendVarchar(d.insatsId);
    a.appendVarchar(d.kon);
    if (d.fodelsear === null) a.appendNull();
    else a.appendSmallInt(d.fodelsear);
    text(a, d.kommunkod);
    a.appendDate(new DuckDBDateValue(d.startDays));
    date(a, d.slutDays);
    text(a, d.avslutsanledning);
    text(a, d.sysselsattningFore);
    text(a, d.sysselsattningEfter);
    a.appendInteger(d.fileId);
  });
  const forsorjning = function* () {
    for (const [i, d] of data.deltagare.entries()) {
      for (const kalla of d.forsorjningFore ?? []) yield [id(i, d.fileId), "fore", kalla] as const;
      for (const kalla of d.forsorjningEfter ?? []) yield [id(i, d.fileId), "efter", kalla] as const;
    }
  };
  await append(connection, "deltagare_forsorjning", forsorjning(), (a, [id, tidpunkt, kalla]) => {
    a.appendInteger(id);
    a.appendVarchar(tidpunkt);
    a.appendVarchar(kalla);
  });
  await append(connection, "deltagare_anonyma", data.anonyma, (a, r) => {
    a.appendVarchar(r.insatsId);
    a.appendInteger(r.ar);
    a.appendVarchar(r.kon);
    a.appendInteger(r.antal);
    a.appendInteger(r.fileId);
  });
  await append(connection, "deltagare_antal", data.antal, (a, r) => {
    a.appendVarchar(r.insatsId);
    a.appendInteger(r.ar);
    a.appendVarchar(r.kon);
    a.appendInteger(r.antal);
    a.appendVarchar(r.kalla);
    a.appendInteger(r.fileId);
  });
}
