// Writes the tables of a generated TPC-H data set (CSV, typed by its manifest _tpch.json) as Parquet files with
// DuckDB, one file per table named like the CSV file with .parquet: the files DuckDB and Kiln are compared on.
//   node tpch-to-parquet.mjs DATA_DIR OUT_DIR [CODEC] [ROW_GROUP_SIZE] [table ...]
//   CODEC: snappy (default), zstd, gzip, lz4_raw, uncompressed; ROW_GROUP_SIZE in rows (default 122880, DuckDB's)
import { readFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const [dataDir, outDir, codec = 'snappy', rowGroupSize = '122880', ...only] = process.argv.slice(2);
if (!dataDir || !outDir) {
  console.error('usage: node tpch-to-parquet.mjs DATA_DIR OUT_DIR [CODEC] [ROW_GROUP_SIZE] [table ...]');
  process.exit(2);
}

const manifest = JSON.parse(readFileSync(join(dataDir, '_tpch.json'), 'utf8'));
const sqlText = (s) => `'${s.replaceAll("'", "''")}'`;
mkdirSync(outDir, { recursive: true });
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
for (const table of manifest.tables) {
  if (only.length > 0 && !only.includes(table.name)) continue;
  const columns = table.columns.map((c) => `${sqlText(c.name)}: ${sqlText(c.duckdbType)}`).join(', ');
  const source = `read_csv(${sqlText(resolve(dataDir, table.file))}, header = true, delim = ',', quote = '"', escape = '"', auto_detect = false, columns = {${columns}})`;
  const target = resolve(outDir, table.file.replace(/\.csv$/, '.parquet'));
  const started = performance.now();
  await connection.run(`COPY (SELECT * FROM ${source}) TO ${sqlText(target)} (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE ${Number(rowGroupSize)})`);
  console.log(`${table.name} -> ${target} (${Math.round(performance.now() - started)} ms)`);
}
