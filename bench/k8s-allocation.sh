#!/usr/bin/env bash
# Executor allocation on Kubernetes: time from session start to N executors registered (N = 2, 10, 20 small
# executors) and executor pods created per second, on the test control plane (scripts/k8s-test-cluster.sh, started
# or reused), with Kiln's defaults (batches of 10 pods, 1 s apart, as Spark's). Beside each run: the time Spark's
# default allocation spends waiting between batches alone, the floor any allocator with those defaults meets.
#   bench/k8s-allocation.sh [COUNTS] [RUNS]     (defaults: "2 10 20", 2 runs per count)
#   KUBECONFIG and KILN_BENCH_MASTER select another cluster; KILN_BENCH_IMAGE the executor image (default kiln:dev).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
counts="${1:-2 10 20}"
runs="${2:-2}"
# shellcheck source=k8s-cluster.sh
source "$root/bench/k8s-cluster.sh"
ns="kiln-bench-$$"
"$kubectl" create namespace "$ns" >/dev/null
trap '"$kubectl" delete namespace "$ns" --wait=false >/dev/null 2>&1 || true' EXIT
# The namespace's default service account must exist before pods are created in it.
for _ in $(seq 1 100); do "$kubectl" -n "$ns" get serviceaccount default >/dev/null 2>&1 && break; sleep 0.2; done

"$root/kiln" version >/dev/null
for n in $counts; do
  "$root/kiln" bench executors --executors "$n" --runs "$runs" --master "$master" \
    --conf "spark.kubernetes.container.image=${KILN_BENCH_IMAGE:-kiln:dev}" \
    --conf "spark.kubernetes.namespace=$ns" \
    --conf spark.executor.cores=1 --conf spark.executor.memory=256m --conf spark.executor.memoryOverhead=128m \
    --conf spark.kubernetes.executor.request.cores=10m
done
