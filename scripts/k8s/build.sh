#!/usr/bin/env bash
# Installs the Debian packages the test control plane needs and builds kube-apiserver,
# kube-scheduler, kube-controller-manager and kubectl from Debian's `kubernetes` source
# package. Binaries are cached outside the repository, keyed by version, so this is a
# no-op once they exist. Sourced by scripts/k8s-test-cluster.sh (needs common.sh).

k8s_packages=(etcd-server golang-go rsync jq build-essential openssl dpkg-dev
  golang-github-modern-go-reflect2-dev golang-github-json-iterator-go-dev)

k8s_ensure_packages() {
  local missing=() p
  for p in "${k8s_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if ((${#missing[@]})); then
    k8s_log "installing Debian packages: ${missing[*]}"
    k8s_as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive k8s_as_root apt-get install -y -qq "${missing[@]}"
  fi
}

# Adds deb-src entries for the suites already configured, once.
k8s_enable_deb_src() {
  if grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    return
  fi
  k8s_log "enabling deb-src for the configured Debian suites"
  if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
    sed -E 's/^Types:.*$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources |
      k8s_as_root tee /etc/apt/sources.list.d/kiln-deb-src.sources >/dev/null
  else
    grep -E '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' |
      k8s_as_root tee /etc/apt/sources.list.d/kiln-deb-src.list >/dev/null
  fi
  k8s_as_root apt-get update -qq
}

k8s_fetch_source() {
  local src_root="$K8S_CACHE_DIR/src"
  if [[ -d "$src_root/tree" ]]; then return; fi
  k8s_enable_deb_src
  rm -rf "$src_root.tmp" && mkdir -p "$src_root.tmp"
  k8s_log "fetching Debian source package kubernetes $K8S_VERSION"
  (cd "$src_root.tmp" && apt-get source -qq kubernetes)
  local dir
  dir=$(find "$src_root.tmp" -maxdepth 1 -mindepth 1 -type d -name 'kubernetes-*' | head -n1)
  [[ -n "$dir" ]] || k8s_die "apt-get source kubernetes produced no source tree"
  [[ "$dir" == *"$K8S_VERSION"* ]] || k8s_die "apt-get source kubernetes gave $(basename "$dir"), not version $K8S_VERSION"
  mv "$dir" "$src_root.tmp/tree"
  rm -rf "$src_root" && mv "$src_root.tmp" "$src_root"
}

# The vendored reflect2 1.0.1 / json-iterator crash under Go 1.19; use Debian's packaged ones.
k8s_patch_vendor() {
  local tree="$1" gocode=/usr/share/gocode/src
  rm -rf "$tree/vendor/github.com/modern-go/reflect2" "$tree/vendor/github.com/json-iterator/go"
  cp -rL "$gocode/github.com/modern-go/reflect2" "$tree/vendor/github.com/modern-go/reflect2"
  cp -rL "$gocode/github.com/json-iterator/go" "$tree/vendor/github.com/json-iterator/go"
}

k8s_build_binaries() {
  local bin="$K8S_CACHE_DIR/bin" b
  local want=(kube-apiserver kube-scheduler kube-controller-manager kubectl)
  local ok=1
  for b in "${want[@]}"; do [[ -x "$bin/$b" ]] || ok=0; done
  ((ok)) && return
  k8s_ensure_packages
  k8s_fetch_source
  local tree="$K8S_CACHE_DIR/src/tree"
  k8s_patch_vendor "$tree"
  local gopath="$K8S_CACHE_DIR/gopath"
  mkdir -p "$gopath/src/k8s.io"
  ln -sfn "$tree" "$gopath/src/k8s.io/kubernetes"
  k8s_log "building Kubernetes $K8S_VERSION (several minutes; log: $K8S_CACHE_DIR/build.log)"
  if ! (cd "$gopath/src/k8s.io/kubernetes" &&
    GO111MODULE=off GOPATH="$gopath" GOFLAGS= GOCACHE="$K8S_CACHE_DIR/gocache" \
      nice -n 10 make WHAT="cmd/kube-apiserver cmd/kube-scheduler cmd/kube-controller-manager cmd/kubectl") \
    >"$K8S_CACHE_DIR/build.log" 2>&1; then
    tail -n 30 "$K8S_CACHE_DIR/build.log" >&2
    k8s_die "Kubernetes build failed; see $K8S_CACHE_DIR/build.log"
  fi
  mkdir -p "$bin.tmp"
  for b in "${want[@]}"; do
    cp "$tree/_output/bin/$b" "$bin.tmp/$b" 2>/dev/null ||
      cp "$tree/_output/local/bin/linux/"*"/$b" "$bin.tmp/$b"
  done
  rm -rf "$bin" && mv "$bin.tmp" "$bin"
  k8s_log "Kubernetes binaries cached in $bin"
}
