#!/usr/bin/env bash
# Engine-core benchmark: a group-by aggregation and a full sort of a generated 10-million-row CSV, in Kiln
# (local[*]) and in DuckDB on the same file in the same run. Prints each time and the Kiln/DuckDB ratio.
#   bench/engine-core.sh [ROWS] [RUNS]     (defaults: 10000000 rows, best of 3 runs)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rows="${1:-10000000}"
runs="${2:-3}"
data="$root/bench/data"
mkdir -p "$data"
csv="$data/sales-$rows.csv"

(cd "$root/bench" && [ -d node_modules/@duckdb/node-api ] || npm install --no-audit --no-fund --silent)
[ -f "$csv" ] || "$root/kiln" datagen sales --rows "$rows" --out "$csv"
echo "input: $csv ($(du -h "$csv" | cut -f1), $rows rows), $(nproc) cores"

best() { # best elapsed_ms over $runs runs of a command
  local b=""
  for _ in $(seq "$runs"); do
    local ms
    ms=$("$@" | sed -nE 's/.*elapsed_ms=([0-9]+).*/\1/p')
    if [ -z "$b" ] || [ "$ms" -lt "$b" ]; then b=$ms; fi
  done
  echo "$b"
}

printf "%-8s %10s %10s %8s\n" query kiln_ms duckdb_ms ratio
for q in groupby sort; do
  k=$(best "$root/kiln" bench "$q" --input "$csv" --out "$data/kiln-sorted" --no-progress)
  d=$(best node "$root/bench/duckdb-query.mjs" "$q" "$csv" "$data/duckdb-sorted.csv")
  printf "%-8s %10s %10s %8s\n" "$q" "$k" "$d" "$(awk -v k="$k" -v d="$d" 'BEGIN { printf "%.2f", k / d }')"
done
rm -rf "$data/kiln-sorted" "$data/duckdb-sorted.csv"
