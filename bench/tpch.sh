#!/usr/bin/env bash
# TPC-H benchmark: generates the data set for a scale factor (if missing), runs each of the 22 queries RUNS times in
# DuckDB (bench/tpch-duckdb.mjs) and in Kiln (local[*], `kiln bench tpch`) on the same CSV or Parquet files in the same run, checks
# Kiln's results against DuckDB's (same rules as the SF 0.1 tests), and prints per query the best Kiln and DuckDB times,
# their ratio and the check, the geometric mean of the ratios over the queries both engines ran, and Kiln's peak
# working set. Times are measured inside each process (no start-up).
#   bench/tpch.sh [--format csv|parquet] [SF] [RUNS]     (defaults: csv, SF 1, best of 3 runs)
# With --format parquet both engines read the same Parquet directories (kiln datagen tpch --format parquet).
# Environment: KILN_TPCH_DATA (data directory, default bench/data/tpch-sfSF[-parquet]), KILN_BENCH_ARGS (extra kiln options).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
format=csv
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --format) format="${2:?--format needs csv or parquet}"; shift 2 ;;
    --format=*) format="${1#--format=}"; shift ;;
    *) args+=("$1"); shift ;;
  esac
done
case "$format" in csv|parquet) ;; *) echo "--format takes csv or parquet, not '$format'" >&2; exit 2 ;; esac
sf="${args[0]:-1}"
runs="${args[1]:-3}"
suffix=""; [ "$format" = parquet ] && suffix="-parquet"
data="${KILN_TPCH_DATA:-$root/bench/data/tpch-sf$sf$suffix}"

(cd "$root/bench" && [ -d node_modules/@duckdb/node-api ] || npm install --no-audit --no-fund --silent)
version="$(sed -nE 's/.*const int Version = ([0-9]+);.*/\1/p' "$root/src/Kiln.TpcH/TpchGenerator.cs")"
if ! grep -qE "\"version\": $version," "$data/_tpch.json" 2>/dev/null || { [ "$format" = parquet ] && [ ! -d "$data/lineitem.parquet" ]; }; then
  "$root/kiln" datagen tpch --sf "$sf" --out "$data" --overwrite --format "$format"
fi
echo "data: $data ($(du -sh "$data" | cut -f1)), $format, SF $sf, best of $runs runs, $(nproc) cores"

kiln_log="$(mktemp)"; duck_log="$(mktemp)"; answers="$(mktemp -d)"
trap 'rm -rf "$kiln_log" "$duck_log" "$answers"' EXIT
node "$root/bench/tpch-duckdb.mjs" bench "$data" "$runs" --answers="$answers" | tee "$duck_log" >&2
# shellcheck disable=SC2086
"$root/kiln" bench tpch --data "$data" --runs "$runs" --check "$answers" --no-progress ${KILN_BENCH_ARGS:-} | tee "$kiln_log" >&2

awk -v kiln="$kiln_log" -v duck="$duck_log" '
  function scan(file, best, err,    line, q, ms) {
    while ((getline line < file) > 0) {
      split(line, f, " "); q = f[1]
      if (line ~ /^q[0-9]+ check=ok/) { check[q] = "ok" }
      else if (line ~ /^q[0-9]+ check=differs/) { check[q] = "DIFFERS" }
      else if (line ~ /elapsed_ms=/) {
        ms = line; sub(/.*elapsed_ms=/, "", ms); sub(/ .*/, "", ms); ms += 0
        if (!(q in best) || ms < best[q]) best[q] = ms
      } else if (line ~ /error=/) { err[q] = 1 }
      else if (line ~ /^peak_working_set_mb=/) { sub(/.*=/, "", line); peak = line }
    }
  }
  BEGIN {
    scan(kiln, k, kerr); scan(duck, d, derr)
    printf "%-6s %10s %10s %8s  %s\n", "query", "kiln_ms", "duckdb_ms", "ratio", "result"
    n = 0; logsum = 0; failed = ""; differs = ""
    for (i = 1; i <= 22; i++) {
      q = sprintf("q%02d", i)
      ks = (q in k) ? k[q] : "failed"; ds = (q in d) ? d[q] : "failed"
      if ((q in k) && (q in d)) {
        r = (k[q] > 0 ? k[q] : 1) / (d[q] > 0 ? d[q] : 1)
        n++; logsum += log(r); rs = sprintf("%.2f", r)
      } else { rs = "-"; if (!(q in k)) failed = failed " " q }
      cs = (q in check) ? check[q] : "-"
      if (cs == "DIFFERS") differs = differs " " q
      printf "%-6s %10s %10s %8s  %s\n", q, ks, ds, rs, cs
    }
    if (n > 0) printf "geometric mean of Kiln/DuckDB over %d queries: %.2f\n", n, exp(logsum / n)
    if (failed != "") printf "failed in Kiln:%s\n", failed
    if (differs != "") printf "results differ from DuckDB:%s\n", differs
    printf "Kiln peak working set: %s MiB\n", peak
  }'
