#!/usr/bin/env bash
# Kiln's Kubernetes test cluster: etcd, kube-apiserver, kube-scheduler and kube-controller-manager on
# 127.0.0.1, plus the Kiln node agent (tests/Kiln.TestCluster) running two nodes whose pods are local
# processes.
#
#   scripts/k8s-test-cluster.sh up      start (or reuse) the cluster; the last line printed is the kubeconfig path
#   scripts/k8s-test-cluster.sh down    stop everything `up` started
#   scripts/k8s-test-cluster.sh status  say what is running
#   scripts/k8s-test-cluster.sh build   only install packages and build/cache the Kubernetes binaries
#
# The first `up` on a machine installs Debian packages and builds Kubernetes from Debian's source package
# (about 5-10 minutes); the binaries are cached under ${XDG_CACHE_HOME:-~/.cache}/kiln/k8s/<version>.
# Runtime state (certificates, etcd data, logs, pids, pod directories) lives under
# ${XDG_RUNTIME_DIR:-/tmp}/kiln-k8s-test-cluster. See docs/kubernetes.md.
set -euo pipefail

K8S_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=k8s/common.sh
source "$K8S_REPO_ROOT/scripts/k8s/common.sh"
# shellcheck source=k8s/build.sh
source "$K8S_REPO_ROOT/scripts/k8s/build.sh"
# shellcheck source=k8s/certs.sh
source "$K8S_REPO_ROOT/scripts/k8s/certs.sh"
# shellcheck source=k8s/processes.sh
source "$K8S_REPO_ROOT/scripts/k8s/processes.sh"

K8S_COMPONENTS=(node-agent kube-controller-manager kube-scheduler kube-apiserver etcd)

k8s_all_alive() {
  local c
  for c in "${K8S_COMPONENTS[@]}"; do k8s_pid_alive "$c" || return 1; done
  k8s_apiserver_ready
}

k8s_start_etcd() {
  k8s_start etcd etcd --name kiln-test --data-dir "$K8S_STATE_DIR/etcd" \
    --listen-client-urls "http://127.0.0.1:$K8S_ETCD_CLIENT_PORT" \
    --advertise-client-urls "http://127.0.0.1:$K8S_ETCD_CLIENT_PORT" \
    --listen-peer-urls "http://127.0.0.1:$K8S_ETCD_PEER_PORT" \
    --initial-advertise-peer-urls "http://127.0.0.1:$K8S_ETCD_PEER_PORT" \
    --initial-cluster "kiln-test=http://127.0.0.1:$K8S_ETCD_PEER_PORT" \
    --listen-metrics-urls "" --quota-backend-bytes 4294967296
  k8s_wait_port "$K8S_ETCD_CLIENT_PORT" 30 etcd
  echo "http://127.0.0.1:$K8S_ETCD_CLIENT_PORT" >"$K8S_STATE_DIR/etcd-url"
}

k8s_start_apiserver() {
  local p="$K8S_STATE_DIR/pki"
  k8s_start kube-apiserver "$K8S_CACHE_DIR/bin/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$K8S_ETCD_CLIENT_PORT" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$K8S_APISERVER_PORT" --insecure-port 0 \
    --endpoint-reconciler-type none \
    --cert-dir "$K8S_STATE_DIR/apiserver" \
    --tls-cert-file "$p/apiserver.crt" --tls-private-key-file "$p/apiserver.key" \
    --client-ca-file "$p/ca.crt" --token-auth-file "$p/tokens.csv" \
    --authorization-mode Node,RBAC --allow-privileged=true \
    --service-account-key-file "$p/sa.pub" --service-account-signing-key-file "$p/sa.key" \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-cluster-ip-range 10.0.0.0/24 \
    --kubelet-preferred-address-types InternalIP \
    --kubelet-client-certificate "$p/apiserver-kubelet-client.crt" --kubelet-client-key "$p/apiserver-kubelet-client.key" \
    --profiling=false --v=1
  local i
  for i in $(seq 1 300); do
    k8s_apiserver_ready && return
    k8s_pid_alive kube-apiserver || k8s_die "kube-apiserver exited; see $K8S_STATE_DIR/logs/kube-apiserver.log"
    sleep 0.2
  done
  k8s_die "kube-apiserver not ready after 60s; see $K8S_STATE_DIR/logs/kube-apiserver.log"
}

k8s_start_controllers() {
  local p="$K8S_STATE_DIR/pki"
  k8s_start kube-controller-manager "$K8S_CACHE_DIR/bin/kube-controller-manager" \
    --kubeconfig "$K8S_STATE_DIR/kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$K8S_CONTROLLER_MANAGER_PORT" --port 0 \
    --service-account-private-key-file "$p/sa.key" --root-ca-file "$p/ca.crt" \
    --use-service-account-credentials=true --leader-elect=false \
    --cluster-signing-cert-file "$p/ca.crt" --cluster-signing-key-file "$p/ca.key" --v=1
  k8s_start kube-scheduler "$K8S_CACHE_DIR/bin/kube-scheduler" \
    --kubeconfig "$K8S_STATE_DIR/kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$K8S_SCHEDULER_PORT" --port 0 --leader-elect=false --v=1
}

# Image mappings of the node agent: kiln:dev is this checkout (so `./kiln` and `local:///kiln` in a kiln:dev pod run
# it); KILN_K8S_IMAGES (image=dir;image2=dir2) adds mappings and may override kiln:dev.
k8s_agent_images() {
  echo "kiln:dev=$K8S_REPO_ROOT;${KILN_K8S_IMAGES:-}"
}

# Image entrypoints (Docker's ENTRYPOINT): kiln:dev runs this checkout's ./kiln with the container's args, as Kiln's
# image runs its kiln launcher; executor pods carry only args (`executor --driver ...`).
k8s_agent_entrypoints() {
  echo "kiln:dev=$K8S_REPO_ROOT/kiln;${KILN_K8S_ENTRYPOINTS:-}"
}

# Hash of the node agent's sources (and the client it uses) and of its image mappings, so a changed agent is
# rebuilt and restarted.
k8s_agent_hash() {
  {
    (cd "$K8S_REPO_ROOT" && find tests/Kiln.TestCluster src/Kiln.Kubernetes \( -name '*.cs' -o -name '*.csproj' \) \
      -not -path '*/obj/*' -not -path '*/bin/*' -print0 | sort -z | xargs -0 sha256sum)
    k8s_agent_images
    k8s_agent_entrypoints
  } | sha256sum | cut -d' ' -f1
}

k8s_start_agent() {
  local out="$K8S_STATE_DIR/agent-bin" hash
  hash=$(k8s_agent_hash)
  if [[ "$(cat "$K8S_STATE_DIR/agent.hash" 2>/dev/null)" != "$hash" ]]; then
    k8s_stop node-agent
  fi
  if ! k8s_pid_alive node-agent; then
    k8s_log "building the node agent"
    dotnet build "$K8S_REPO_ROOT/tests/Kiln.TestCluster" -c Release -o "$out" -nologo -v q --disable-build-servers \
      >"$K8S_STATE_DIR/logs/node-agent-build.log" 2>&1 9>&- ||
      k8s_die "node agent build failed; see $K8S_STATE_DIR/logs/node-agent-build.log"
    echo "$hash" >"$K8S_STATE_DIR/agent.hash"
  fi
  k8s_start node-agent dotnet "$out/Kiln.TestCluster.dll" agent \
    --kubeconfig "$K8S_STATE_DIR/kubeconfig" --state-dir "$K8S_STATE_DIR/node-agent" \
    --nodes "${KILN_K8S_NODES:-kiln-node-1,kiln-node-2}" \
    --cpu "${KILN_K8S_NODE_CPU:-4}" --memory "${KILN_K8S_NODE_MEMORY:-8Gi}" \
    --kubelet-port "$K8S_KUBELET_PORT" --images "$(k8s_agent_images)" --entrypoints "$(k8s_agent_entrypoints)" \
    --api-port "$K8S_APISERVER_PORT"
  local i n
  for i in $(seq 1 300); do
    n=$(k8s_kubectl get nodes --no-headers 2>/dev/null | awk '$2 == "Ready"' | wc -l)
    if ((n >= 2)) && k8s_kubectl get serviceaccount default -n default >/dev/null 2>&1; then return; fi
    k8s_pid_alive node-agent || k8s_die "node agent exited; see $K8S_STATE_DIR/logs/node-agent.log"
    sleep 0.2
  done
  k8s_die "nodes not Ready after 60s; see $K8S_STATE_DIR/logs/node-agent.log"
}

cmd_up() {
  mkdir -p "$K8S_CACHE_DIR" "$K8S_STATE_DIR/logs"
  if k8s_all_alive && [[ "$(cat "$K8S_STATE_DIR/agent.hash" 2>/dev/null)" == "$(k8s_agent_hash)" ]]; then
    k8s_log "reusing the running cluster (state: $K8S_STATE_DIR)"
    ln -sfn "$K8S_CACHE_DIR/bin" "$K8S_STATE_DIR/bin"
    echo "$K8S_STATE_DIR/kubeconfig"
    return
  fi
  k8s_build_binaries
  k8s_ensure_pki
  k8s_start_etcd
  k8s_start_apiserver
  k8s_start_controllers
  k8s_start_agent
  ln -sfn "$K8S_CACHE_DIR/bin" "$K8S_STATE_DIR/bin"
  k8s_log "cluster is up (state and logs: $K8S_STATE_DIR)"
  echo "$K8S_STATE_DIR/kubeconfig"
}

cmd_down() {
  local c
  for c in "${K8S_COMPONENTS[@]}"; do k8s_stop "$c"; done
  # Pods the agent could not stop (if it was killed) are recorded here.
  if [[ -d "$K8S_STATE_DIR/node-agent/pids" ]]; then
    local f
    for f in "$K8S_STATE_DIR"/node-agent/pids/*; do
      [[ -f "$f" ]] && kill -KILL -- "-$(cat "$f")" 2>/dev/null || true
      rm -f "$f"
    done
  fi
  k8s_log "stopped (state kept in $K8S_STATE_DIR; remove it to start from scratch)"
}

cmd_status() {
  local c
  for c in "${K8S_COMPONENTS[@]}"; do
    if k8s_pid_alive "$c"; then echo "$c: running"; else echo "$c: stopped"; fi
  done
  if k8s_apiserver_ready; then echo "kube-apiserver: ready"; fi
}

# One `up` or `down` at a time (tests and people may share the cluster).
k8s_lock() {
  mkdir -p "$K8S_STATE_DIR"
  exec 9>"$K8S_STATE_DIR/lock"
  flock 9
}

case "${1:-}" in
  up) k8s_lock && cmd_up ;;
  down) k8s_lock && cmd_down ;;
  status) cmd_status ;;
  build) mkdir -p "$K8S_CACHE_DIR" && k8s_build_binaries ;;
  *) echo "usage: $0 up|down|status|build" >&2; exit 2 ;;
esac
