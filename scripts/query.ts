// Developer tool: run one SQL statement against a database file, read-only, and print the rows.
//   npx tsx scripts/query.ts data/forsorjning.duckdb "select * from forsorjningsmatt limit 5"
import { DuckDBInstance } from "@duckdb/node-api";

const [db, sql] = process.argv.slice(2);
if (!db || !sql) {
  console.error('Användning: npx tsx scripts/query.ts <fil.duckdb> "<SQL>"');
  process.exit(2);
}
const instance = await DuckDBInstance.create(db, { access_mode: "READ_ONLY" });
const connection = await instance.connect();
const reader = await connection.runAndReadAll(sql);
console.table(reader.getRowObjectsJson());
