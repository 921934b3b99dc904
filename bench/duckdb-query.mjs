// Runs one benchmark query in DuckDB on the same CSV file Kiln reads, and prints elapsed_ms=N rows=N.
// usage: node duckdb-query.mjs groupby|sort INPUT.csv [OUT.csv]
import { DuckDBInstance } from '@duckdb/node-api';

const [query, input, out] = process.argv.slice(2);
const columns = "{'order_id':'BIGINT','customer_id':'INTEGER','product_id':'INTEGER','category':'VARCHAR','quantity':'INTEGER','price':'DOUBLE','order_date':'DATE'}";
const source = `read_csv('${input}', header=true, columns=${columns})`;
const sql = {
  groupby: `SELECT customer_id, count(*) AS orders, sum(quantity) AS items, avg(price) AS avg_price, max(order_date) AS last_order FROM ${source} GROUP BY customer_id`,
  sort: `COPY (SELECT * FROM ${source} ORDER BY price DESC, order_id) TO '${out}' (HEADER, DELIMITER ',')`,
}[query];
if (!sql || !input) {
  console.error('usage: node duckdb-query.mjs groupby|sort INPUT.csv [OUT.csv]');
  process.exit(2);
}

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const started = performance.now();
const reader = await connection.runAndReadAll(sql);
const elapsed = Math.round(performance.now() - started);
console.log(`elapsed_ms=${elapsed} rows=${reader.getRows().length}`);
