#!/usr/bin/env bash
# Cluster-mode submission on Kubernetes: N applications (the Pi example, each with its own driver pod and executor
# pods) submitted at once with `kiln submit --deploy-mode cluster`, on the test control plane
# (scripts/k8s-test-cluster.sh, started or reused). Prints the submissions per minute (N divided by the time until
# every `kiln submit` had returned, i.e. every driver pod, Service and ConfigMap was accepted), the time from each
# `kiln submit` to its driver container running (median, 90th percentile, max), and the time until every
# application had finished, with how many succeeded. spark-operator's published rate, about 30-80 applications a
# minute, is the reference.
#   bench/k8s-submit.sh [APPS] [EXECUTORS]     (defaults: 20 applications, 1 executor each)
#   KUBECONFIG and KILN_BENCH_MASTER select another cluster; KILN_BENCH_IMAGE the image (default kiln:dev, which on
#   the test cluster is this checkout, so the example's path below is the one inside the image).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
apps="${1:-20}"
executors="${2:-1}"
# shellcheck source=k8s-cluster.sh
source "$root/bench/k8s-cluster.sh"
ns="kiln-bench-submit-$$"
work="$(mktemp -d)"
cleanup() {
  "$kubectl" delete namespace "$ns" --wait=false >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# The namespace, with the service account, Role and RoleBinding a platform team installs from deploy/kubernetes.
"$kubectl" create namespace "$ns" >/dev/null
for f in serviceaccount role rolebinding; do
  sed -e "s/namespace: kiln\$/namespace: $ns/" "$root/deploy/kubernetes/$f.yaml" | "$kubectl" -n "$ns" apply -f - >/dev/null
done
for _ in $(seq 1 100); do "$kubectl" -n "$ns" get serviceaccount kiln >/dev/null 2>&1 && break; sleep 0.2; done

example=examples/Kiln.Examples.Pi
dotnet build "$root/$example" -c Debug --nologo -v quiet -clp:ErrorsOnly >/dev/null
"$root/kiln" version >/dev/null

now_ms() { date +%s%3N; }
echo "submitting $apps applications at once (Pi, $executors executor(s) each) to $master, namespace $ns"
start="$(now_ms)"
for i in $(seq 1 "$apps"); do
  (
    before="$(now_ms)"
    code=0
    "$root/kiln" submit --master "$master" --deploy-mode cluster --name "pi-$i" \
      --conf "spark.kubernetes.container.image=${KILN_BENCH_IMAGE:-kiln:dev}" \
      --conf "spark.kubernetes.namespace=$ns" \
      --conf spark.kubernetes.authenticate.driver.serviceAccountName=kiln \
      --conf spark.kubernetes.executor.useDriverPodIP=true \
      --conf "spark.executor.instances=$executors" \
      --conf spark.executor.cores=1 --conf spark.executor.memory=256m --conf spark.executor.memoryOverhead=128m \
      --conf spark.driver.memory=384m \
      --conf spark.kubernetes.driver.request.cores=10m --conf spark.kubernetes.executor.request.cores=10m \
      --conf kiln.kubernetes.submission.waitAppCompletion=false \
      "local:///$example/bin/Debug/net10.0/Kiln.Examples.Pi.dll" 2 >"$work/submit-$i.log" 2>&1 || code=$?
    echo "$before $(now_ms) $code" >"$work/submit-$i.time"
  ) &
done
wait
submitted="$(now_ms)"

failed_submits=0
for i in $(seq 1 "$apps"); do
  read -r _ _ code <"$work/submit-$i.time"
  if [ "$code" != 0 ]; then
    failed_submits=$((failed_submits + 1))
    echo "kiln submit of pi-$i exited with $code:" >&2
    tail -5 "$work/submit-$i.log" >&2
  fi
done

# Wait until every driver pod has ended (Succeeded or Failed), 15 minutes at most.
deadline=$(( $(date +%s) + 900 ))
while :; do
  phases="$("$kubectl" -n "$ns" get pods -l kiln-role=driver -o jsonpath='{range .items[*]}{.status.phase}{"\n"}{end}')"
  done_count="$(grep -cE '^(Succeeded|Failed)$' <<<"$phases" || true)"
  [ "$done_count" -ge $((apps - failed_submits)) ] && break
  if [ "$(date +%s)" -gt "$deadline" ]; then echo "not every application finished within 15 minutes:" >&2; "$kubectl" -n "$ns" get pods >&2; break; fi
  sleep 1
done
finished="$(now_ms)"

# Each driver's container start (the node's record, to the second) against the moment its kiln submit began.
"$kubectl" -n "$ns" get pods -l kiln-role=driver -o jsonpath='{range .items[*]}{.metadata.name}{" "}{.status.phase}{" "}{.status.containerStatuses[0].state.*.startedAt}{"\n"}{end}' >"$work/drivers"
succeeded="$(awk '$2 == "Succeeded"' "$work/drivers" | wc -l)"
latencies="$(
  while read -r name _ started; do
    [ -n "$started" ] || continue
    i="$(sed -E 's/^pi-([0-9]+)-.*/\1/' <<<"$name")"
    [ -f "$work/submit-$i.time" ] || continue
    read -r before _ _ <"$work/submit-$i.time"
    echo $(( $(date -d "$started" +%s%3N) - before ))
  done <"$work/drivers" | sort -n
)"

node - "$apps" "$failed_submits" "$succeeded" "$start" "$submitted" "$finished" "$latencies" <<'EOF'
const [apps, failedSubmits, succeeded, start, submitted, finished, latencies] = process.argv.slice(2);
const n = Number(apps);
const lat = latencies.split('\n').filter(Boolean).map(Number);
const q = p => lat.length ? (lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] / 1000).toFixed(1) + ' s' : 'n/a';
const submitSeconds = (submitted - start) / 1000;
console.log(`applications             ${n} (kiln submit failed: ${failedSubmits}, drivers succeeded: ${succeeded})`);
console.log(`all submitted in         ${submitSeconds.toFixed(1)} s -> ${(n / submitSeconds * 60).toFixed(0)} submissions/min (spark-operator reference: 30-80/min)`);
console.log(`submit -> driver running median ${q(0.5)}, p90 ${q(0.9)}, max ${q(1)} (container start times are to the second)`);
console.log(`all finished in          ${((finished - start) / 1000).toFixed(1)} s`);
EOF
[ "$failed_submits" = 0 ] && [ "$succeeded" = "$apps" ]
