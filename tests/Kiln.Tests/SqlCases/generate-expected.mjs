// Fills in the expected results of SQL case files from DuckDB (the oracle), so expectations are data, not hand-typed.
//   node tests/Kiln.Tests/SqlCases/generate-expected.mjs [case.json ...]   (default: every case under SqlCases/)
// A case is { description, tables: { name: { schema: "k string, v int", rows: [[...]] } }, query, expected, spark? }, or
// an error case { description, tables, query, error: { contains, line, column } } that Kiln must refuse (nothing to generate).
// DuckDB runs the query with Spark's NULL order (NULLS FIRST ascending, NULLS LAST descending). A case that states
// "spark" (why Spark's answer differs from DuckDB's) keeps its hand-written expected rows; DuckDB's answer, with
// DuckDB's own defaults, is stored beside them as "duckdb" for reference. Values are written as text (null for NULL).
// DuckDB for Node comes from bench/node_modules (cd bench && npm install).
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const bench = resolve(here, '../../../bench');
const { DuckDBInstance } = createRequire(join(bench, 'package.json'))('@duckdb/node-api');

const duckType = (t) => {
  const type = t.trim().toLowerCase();
  if (type === 'string') return 'VARCHAR';
  if (type === 'int') return 'INTEGER';
  if (type === 'bigint') return 'BIGINT';
  if (type === 'double') return 'DOUBLE';
  if (type === 'date') return 'DATE';
  if (type === 'boolean') return 'BOOLEAN';
  if (type.startsWith('decimal')) return type.toUpperCase();
  throw new Error(`no DuckDB type for ${t}`);
};

const columns = (schema) => schema.split(/,(?![^(]*\))/).map((c) => {
  const [name, ...type] = c.trim().split(/\s+/);
  return { name, type: duckType(type.join(' ')) };
});

const literal = (v, type) => {
  if (v === null) return 'NULL';
  if (type === 'VARCHAR' || type === 'DATE') return `CAST('${String(v).replaceAll("'", "''")}' AS ${type})`;
  return `CAST(${v} AS ${type})`;
};

const text = (v) => {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object') return String(v);
  return v.toString();
};

const files = (dir) => readdirSync(dir).flatMap((f) => {
  const p = join(dir, f);
  return statSync(p).isDirectory() ? files(p) : p.endsWith('.json') ? [p] : [];
});

const targets = process.argv.length > 2 ? process.argv.slice(2) : files(here);
for (const file of targets) {
  const c = JSON.parse(readFileSync(file, 'utf8'));
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  if (!c.error && c.spark) {
    // A case that states Spark's answer records DuckDB's own (default settings) beside it.
  } else {
    await connection.run("SET default_null_order = 'nulls_first_on_asc_last_on_desc'");
  }
  if (c.error) {
    console.log(`${file}: an error case, nothing to generate`);
    continue;
  }
  for (const [name, table] of Object.entries(c.tables)) {
    const cols = columns(table.schema);
    await connection.run(`CREATE TABLE ${name} (${cols.map((x) => `${x.name} ${x.type}`).join(', ')})`);
    if (table.rows.length > 0) {
      const values = table.rows.map((r) => `(${r.map((v, i) => literal(v, cols[i].type)).join(', ')})`).join(', ');
      await connection.run(`INSERT INTO ${name} VALUES ${values}`);
    }
  }

  const reader = await connection.runAndReadAll(c.duckdbQuery ?? c.query);
  const answer = { columns: reader.columnNames(), rows: reader.getRows().map((row) => row.map(text)) };
  if (c.spark) c.duckdb = answer;
  else c.expected = answer;
  writeFileSync(file, JSON.stringify(c, null, 2) + '\n');
  connection.closeSync?.();
  console.log(`${file}: ${answer.rows.length} rows${c.spark ? ' (Spark answer kept; DuckDB answer stored)' : ''}`);
}
