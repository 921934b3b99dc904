#!/usr/bin/env bash
# Elastic executors on local-cluster, with graceful decommission: time to scale from 1 to N executors and back (the
# others decommissioned), and a three-stage group-by's runtime undisturbed, with one executor decommissioned when its
# second stage starts (map outputs move; no recomputation), and with that executor killed instead (recomputation).
#   bench/elastic.sh [EXECUTORS] [ROWS] [RUNS]     (defaults: 10 executors, 2,000,000 sales rows, 1 run)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
executors="${1:-10}"
rows="${2:-2000000}"
runs="${3:-1}"
data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT
"$root/kiln" datagen sales --rows "$rows" --out "$data/sales.csv" >/dev/null
"$root/kiln" bench elastic --input "$data/sales.csv" --executors "$executors" --runs "$runs" \
  --conf kiln.sql.shuffle.partitions=12 --conf kiln.files.maxPartitionBytes=4m --conf kiln.local.dir="$data/local"
