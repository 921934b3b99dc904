#!/usr/bin/env bash
# Scheduling overhead: jobs of empty tasks through the DAG scheduler and the backend, on local-cluster masters
# (real executor processes: every task is serialized, sent, decoded, run and reported back) and on local[2] for
# reference. Prints each run's tasks per second; the target for local-cluster is at least 2,000 tasks/s.
#   bench/scheduling.sh [TASKS] [RUNS]     (defaults: 20000 tasks per job, 3 runs per master)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tasks="${1:-20000}"
runs="${2:-3}"
for master in "local-cluster[2,1,512]" "local-cluster[2,2,512]" "local-cluster[4,1,256]" "local[2]"; do
  "$root/kiln" bench tasks --tasks "$tasks" --runs "$runs" --master "$master" --no-progress
done
