#!/usr/bin/env bash
# Starting, probing and stopping the test cluster's processes. Each process's pid is kept in
# $K8S_STATE_DIR/pids/<name>.pid and its output in $K8S_STATE_DIR/logs/<name>.log.

k8s_pid_alive() { # name
  local f="$K8S_STATE_DIR/pids/$1.pid"
  [[ -f "$f" ]] && kill -0 "$(cat "$f")" 2>/dev/null
}

k8s_start() { # name command...
  local name="$1"
  shift
  mkdir -p "$K8S_STATE_DIR/pids" "$K8S_STATE_DIR/logs"
  if k8s_pid_alive "$name"; then return; fi
  # 9>&-: the long-running process must not inherit the lock of scripts/k8s-test-cluster.sh.
  setsid "$@" >"$K8S_STATE_DIR/logs/$name.log" 2>&1 </dev/null 9>&- &
  echo $! >"$K8S_STATE_DIR/pids/$name.pid"
}

k8s_stop() { # name
  local f="$K8S_STATE_DIR/pids/$1.pid" pid i
  [[ -f "$f" ]] || return 0
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}

k8s_wait_port() { # port seconds name
  local i
  for i in $(seq 1 $(($2 * 5))); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    k8s_pid_alive "$3" || k8s_die "$3 exited; see $K8S_STATE_DIR/logs/$3.log"
    sleep 0.2
  done
  k8s_die "$3 did not listen on port $1 within $2s; see $K8S_STATE_DIR/logs/$3.log"
}

k8s_kubectl() { "$K8S_CACHE_DIR/bin/kubectl" --kubeconfig "$K8S_STATE_DIR/kubeconfig" "$@"; }

k8s_apiserver_ready() { k8s_kubectl get --raw /readyz >/dev/null 2>&1; }
