// Runs the TPC-H queries of src/Kiln.TpcH/Queries in DuckDB over the CSV files of a generated data set, reading
// them with the column types of the data set's manifest (_tpch.json), the same types Kiln reads them with, or over
// its Parquet directories (kiln datagen tpch --format parquet: a manifest file ending in .parquet), typed by the files.
//
//   node tpch-duckdb.mjs answers DATA_DIR OUT_DIR [q01 ...]   writes OUT_DIR/qNN.json: columns, types, rows
//                                                            (values as exact text) or the error
//   node tpch-duckdb.mjs bench DATA_DIR RUNS [--answers=DIR] [q01 ...]
//                                                            prints "qNN run=R elapsed_ms=N rows=N" per run and,
//                                                            with --answers, writes the last run's result as above
//
// Every query reads the files anew (views over read_csv or read_parquet), as Kiln does.
import { readFileSync, writeFileSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

const here = dirname(fileURLToPath(import.meta.url));
const queryDir = resolve(here, '..', 'src', 'Kiln.TpcH', 'Queries');
const [mode, dataDir, arg, ...rest] = process.argv.slice(2);
const answersOption = rest.find((a) => a.startsWith('--answers='));
const answersDir = mode === 'answers' ? arg : answersOption?.slice('--answers='.length);
const only = rest.filter((a) => !a.startsWith('--'));
if (!['answers', 'bench'].includes(mode) || !dataDir || !arg) {
  console.error('usage: node tpch-duckdb.mjs answers DATA_DIR OUT_DIR [q01 ...] | bench DATA_DIR RUNS [--answers=DIR] [q01 ...]');
  process.exit(2);
}

const manifest = JSON.parse(readFileSync(join(dataDir, '_tpch.json'), 'utf8'));
const names = only.length > 0 ? only : Array.from({ length: 22 }, (_, i) => `q${String(i + 1).padStart(2, '0')}`);
const sqlText = (s) => `'${s.replaceAll("'", "''")}'`;

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
for (const table of manifest.tables) {
  const columns = table.columns.map((c) => `${sqlText(c.name)}: ${sqlText(c.duckdbType)}`).join(', ');
  const path = resolve(dataDir, table.file);
  await connection.run(table.file.endsWith('.parquet')
    ? `CREATE VIEW ${table.name} AS SELECT * FROM read_parquet(${sqlText(join(path, '*.parquet'))})`
    : `CREATE VIEW ${table.name} AS SELECT * FROM read_csv(${sqlText(path)}, header = true, delim = ',', quote = '"', ` +
      `escape = '"', auto_detect = false, columns = {${columns}})`);
}

// Exact text for every value: decimals and dates through DuckDB's own formatting, doubles as the shortest
// round-trip form, big integers without loss.
const text = (v) => (v === null || v === undefined ? null : typeof v === 'number' ? String(v) : v.toString());

function answer(name, reader, error) {
  return error
    ? { query: name, error: String(error.message ?? error) }
    : {
        query: name,
        columns: reader.columnNames(),
        types: reader.columnTypes().map((t) => t.toString()),
        rows: reader.getRows().map((row) => row.map(text)),
      };
}

function save(result) {
  const out = join(answersDir, `${result.query}.json`);
  writeFileSync(`${out}.tmp`, JSON.stringify(result) + '\n');
  renameSync(`${out}.tmp`, out);
}

if (answersDir) mkdirSync(answersDir, { recursive: true });
const runs = mode === 'answers' ? 1 : Number(arg);
for (const name of names) {
  const sql = readFileSync(join(queryDir, `${name}.sql`), 'utf8');
  for (let run = 1; run <= runs; run++) {
    const started = performance.now();
    let reader;
    let error;
    try {
      reader = await connection.runAndReadAll(sql);
      reader.getRows();
    } catch (e) {
      error = e;
    }
    const elapsed = Math.round(performance.now() - started);
    const last = run === runs || error;
    const result = last && answersDir ? answer(name, reader, error) : null;
    if (result) save(result);
    if (mode === 'answers') {
      console.log(`${name} ${error ? `error=${JSON.stringify(result.error)}` : `rows=${result.rows.length}`}`);
    } else if (error) {
      console.log(`${name} run=${run} error=${JSON.stringify(String(error.message ?? error))}`);
    } else {
      console.log(`${name} run=${run} elapsed_ms=${elapsed} rows=${reader.getRows().length}`);
    }
    if (error) break;
  }
}
