# Sourced by the Kubernetes benchmarks: sets `master` and `kubectl` for the cluster to measure on. Without
# KILN_BENCH_MASTER, the test control plane (scripts/k8s-test-cluster.sh) is started or reused and its kubeconfig
# exported; with it, KUBECONFIG selects the cluster's credentials. KUBECTL overrides the kubectl to use.
# Needs `root` (the repository root) to be set.
if [ -z "${KILN_BENCH_MASTER:-}" ]; then
  export KUBECONFIG="$("$root/scripts/k8s-test-cluster.sh" up | tail -1)"
  master="k8s://$(grep -m1 'server:' "$KUBECONFIG" | awk '{print $2}')"
else
  master="$KILN_BENCH_MASTER"
fi
kubectl="${KUBECTL:-$(dirname "${KUBECONFIG:-.}")/bin/kubectl}"
command -v "$kubectl" >/dev/null || kubectl=kubectl
