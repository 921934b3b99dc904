// Runs SQL statements in one in-memory DuckDB database and prints the last statement's result as JSON, in the form of
// bench/tpch-duckdb.mjs's answers: { columns, types, rows } with every value as exact text (null for NULL). Timestamps
// of every unit and time zone are written as microseconds since the epoch, so they compare without formatting rules.
// Tests use it as the oracle for files DuckDB writes and reads.
//   node duckdb-sql.mjs 'STATEMENT' ['STATEMENT' ...]
import { DuckDBInstance } from '@duckdb/node-api';

const statements = process.argv.slice(2);
if (statements.length === 0) {
  console.error("usage: node duckdb-sql.mjs 'STATEMENT' ['STATEMENT' ...]");
  process.exit(2);
}

const floorDiv = (a, b) => (a >= 0n ? a / b : -((-a + b - 1n) / b));
const text = (v) => {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object') return String(v);
  if ('micros' in v) return String(v.micros);
  if ('nanos' in v) return String(floorDiv(v.nanos, 1000n));
  if ('millis' in v) return String(v.millis * 1000n);
  if ('seconds' in v && !('micros' in v)) return String(v.seconds * 1000000n);
  if ('bytes' in v) return Buffer.from(v.bytes).toString('utf8');
  return v.toString();
};

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
try {
  for (const sql of statements.slice(0, -1)) await connection.run(sql);
  const reader = await connection.runAndReadAll(statements[statements.length - 1]);
  const types = reader.columnTypes().map((t) => t.toString());
  console.log(JSON.stringify({
    query: 'sql',
    columns: reader.columnNames(),
    types,
    rows: reader.getRows().map((row) => row.map(text)),
  }));
} catch (e) {
  console.log(JSON.stringify({ query: 'sql', error: String(e.message ?? e) }));
}
