#!/usr/bin/env bash
# Monitoring overhead: the scheduling workload (bench/scheduling.sh's `kiln bench tasks`) and TPC-H (`kiln bench tpch`)
# with the web UI, the event log and the metrics on (scraped every second, as Prometheus would) and off, in one run
# (each workload off, then at once on, so both see the same machine). Prints each workload's best time off and on and the ratio
# on/off; the target is at most 1.05.
#   bench/monitoring-overhead.sh [TASKS] [RUNS] [SF]     (defaults: 20000 tasks per job, best of 3 runs, SF 1)
# Environment: KILN_TPCH_DATA (data directory, default bench/data/tpch-sfSF; generated when missing).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tasks="${1:-20000}"
runs="${2:-3}"
sf="${3:-1}"
data="${KILN_TPCH_DATA:-$root/bench/data/tpch-sf$sf}"
work="$(mktemp -d)"
scraper=""
trap '[ -n "$scraper" ] && kill "$scraper" 2>/dev/null; rm -rf "$work"' EXIT

port=4747
off=(--conf kiln.ui.enabled=false --conf kiln.eventLog.enabled=false)
on=(--conf kiln.ui.enabled=true --conf kiln.ui.port=$port --conf kiln.eventLog.enabled=true --conf "kiln.eventLog.dir=$work/events")

# Scrapes the driver's two metrics endpoints every second while a monitored run is up (connection refused otherwise).
scrape() {
  while true; do
    curl -s -o /dev/null "http://127.0.0.1:$port/metrics" || true
    curl -s -o /dev/null "http://127.0.0.1:$port/metrics/executors/prometheus" || true
    sleep 1
  done
}

version="$(sed -nE 's/.*const int Version = ([0-9]+);.*/\1/p' "$root/src/Kiln.TpcH/TpchGenerator.cs")"
if ! grep -qE "\"version\": $version," "$data/_tpch.json" 2>/dev/null; then
  "$root/kiln" datagen tpch --sf "$sf" --out "$data" --overwrite --format csv
fi
scrape & scraper=$!

# Scheduling: best elapsed_ms of each mode over its runs, per master.
best_tasks() { sed -nE 's/.*elapsed_ms=([0-9]+).*/\1/p' | sort -n | head -n 1; }
echo "== scheduling: $tasks empty tasks per job, best of $runs, $(nproc) cores"
printf "%-24s %10s %10s %7s\n" workload off_ms on_ms ratio
for master in "local-cluster[2,1,512]" "local[2]"; do
  o="$("$root/kiln" bench tasks --tasks "$tasks" --runs "$runs" --master "$master" --no-progress "${off[@]}" | best_tasks)"
  n="$("$root/kiln" bench tasks --tasks "$tasks" --runs "$runs" --master "$master" --no-progress "${on[@]}" 2>/dev/null | best_tasks)"
  awk -v m="$master" -v o="$o" -v n="$n" 'BEGIN { printf "%-24s %10d %10d %7.3f\n", m, o, n, n / o }'
done

# TPC-H: per query the best time of each mode; the sum over the 22 queries of the best times.
tpch() { "$root/kiln" bench tpch --data "$data" --runs "$runs" --no-progress "$@" 2>/dev/null | sed -nE 's/^(q[0-9]+) .*elapsed_ms=([0-9]+).*/\1 \2/p'; }
echo "== TPC-H SF $sf (CSV, local[*]): sum over the 22 queries of each query's best of $runs"
tpch "${off[@]}" >"$work/off.txt"
tpch "${on[@]}" >"$work/on.txt"
awk 'FNR == NR { if (!($1 in off) || $2 < off[$1]) off[$1] = $2; next }
     { if (!($1 in on) || $2 < on[$1]) on[$1] = $2 }
     END { for (q in off) if (q in on) { so += off[q]; sn += on[q]; n++ }
           printf "%-24s %10d %10d %7.3f   (%d queries)\n", "tpch", so, sn, sn / so, n }' "$work/off.txt" "$work/on.txt"
