#!/usr/bin/env bash
# Compares the two Parquet libraries our registry serves (ParquetSharp, Parquet.Net) on Kiln's workload: decoding the
# TPC-H lineitem table, written by DuckDB (snappy, 122,880-row groups), into Kiln's column vectors, and encoding those
# vectors back into a snappy file. Prints the best of RUNS per library and checks that both decode the same values.
#   bench/parquet-libraries.sh [SF] [RUNS]      (defaults: SF 0.1, best of 3 runs)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sf="${1:-0.1}"
runs="${2:-3}"
csv="$root/bench/data/tpch-sf$sf"
parquet="$root/bench/data/tpch-sf$sf-parquet-duckdb"
(cd "$root/bench" && [ -d node_modules/@duckdb/node-api ] || npm install --no-audit --no-fund --silent)
[ -f "$csv/_tpch.json" ] || "$root/kiln" datagen tpch --sf "$sf" --out "$csv" --overwrite
[ -f "$parquet/lineitem.parquet" ] || node "$root/bench/tpch-to-parquet.mjs" "$csv" "$parquet" snappy 122880 lineitem
dotnet build "$root/bench/parquet-libraries/ParquetLibraryBench.csproj" -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet "$root/bench/parquet-libraries/bin/Release/net10.0/ParquetLibraryBench.dll" "$parquet/lineitem.parquet" "$runs"
