#!/usr/bin/env bash
# Shared settings for the test cluster scripts. Everything is computed here; override
# with KILN_K8S_CACHE_DIR / KILN_K8S_STATE_DIR / KILN_K8S_PORT_BASE when needed.

K8S_VERSION="${KILN_K8S_VERSION:-1.20.2}"
K8S_CACHE_DIR="${KILN_K8S_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kiln/k8s/$K8S_VERSION}"
K8S_STATE_DIR="${KILN_K8S_STATE_DIR:-${XDG_RUNTIME_DIR:-/tmp}/kiln-k8s-test-cluster}"
K8S_PORT_BASE="${KILN_K8S_PORT_BASE:-26000}"
K8S_ETCD_CLIENT_PORT=$((K8S_PORT_BASE + 379))
K8S_ETCD_PEER_PORT=$((K8S_PORT_BASE + 380))
K8S_APISERVER_PORT=$((K8S_PORT_BASE + 443))
K8S_SCHEDULER_PORT=$((K8S_PORT_BASE + 259))
K8S_CONTROLLER_MANAGER_PORT=$((K8S_PORT_BASE + 257))
K8S_KUBELET_PORT=$((K8S_PORT_BASE + 250))

k8s_log() { echo "k8s-test-cluster: $*" >&2; }
k8s_die() { k8s_log "error: $*"; exit 1; }
k8s_as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
