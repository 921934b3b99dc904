#!/usr/bin/env bash
# Generates the test cluster's PKI, service-account key pair, static tokens and kubeconfigs into the
# state directory, once. Sourced by scripts/k8s-test-cluster.sh (needs common.sh).

k8s_gen_cert() { # name subject [extensions] -> name.key/name.crt signed by the CA
  local name="$1" subj="$2" ext="${3:-}" d="$K8S_STATE_DIR/pki"
  openssl genrsa -out "$d/$name.key" 2048 2>/dev/null
  openssl req -new -key "$d/$name.key" -subj "$subj" -out "$d/$name.csr" 2>/dev/null
  if [[ -n "$ext" ]]; then
    printf '%s\n' "$ext" >"$d/$name.ext"
    openssl x509 -req -in "$d/$name.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial \
      -days 3650 -extfile "$d/$name.ext" -out "$d/$name.crt" 2>/dev/null
  else
    openssl x509 -req -in "$d/$name.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial \
      -days 3650 -out "$d/$name.crt" 2>/dev/null
  fi
}

k8s_write_kubeconfig() { # file user-yaml
  local file="$1" user="$2"
  cat >"$file" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: kiln-test
  cluster:
    server: https://127.0.0.1:$K8S_APISERVER_PORT
    certificate-authority: $K8S_STATE_DIR/pki/ca.crt
users:
- name: kiln-admin
  user:
$user
contexts:
- name: kiln-test
  context:
    cluster: kiln-test
    user: kiln-admin
    namespace: default
current-context: kiln-test
KUBECONFIG
}

k8s_ensure_pki() {
  local d="$K8S_STATE_DIR/pki"
  [[ -f "$d/done" ]] && return
  rm -rf "$d" && mkdir -p "$d" && chmod 700 "$d"
  k8s_log "generating certificates and tokens in $d"
  openssl genrsa -out "$d/ca.key" 2048 2>/dev/null
  openssl req -x509 -new -key "$d/ca.key" -subj "/CN=kiln-test-ca" -days 3650 -out "$d/ca.crt" 2>/dev/null
  k8s_gen_cert apiserver "/CN=kube-apiserver" \
    "subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local
extendedKeyUsage=serverAuth
keyUsage=digitalSignature,keyEncipherment"
  k8s_gen_cert admin "/O=system:masters/CN=kiln-admin-cert" "extendedKeyUsage=clientAuth
keyUsage=digitalSignature,keyEncipherment"
  k8s_gen_cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" "extendedKeyUsage=clientAuth
keyUsage=digitalSignature,keyEncipherment"
  openssl genrsa -out "$d/sa.key" 2048 2>/dev/null
  openssl rsa -in "$d/sa.key" -pubout -out "$d/sa.pub" 2>/dev/null
  local token
  token=$(openssl rand -hex 24)
  echo "$token,kiln-admin,kiln-admin,system:masters" >"$d/tokens.csv"
  echo "$token" >"$d/admin.token"
  k8s_write_kubeconfig "$K8S_STATE_DIR/kubeconfig" "    token: $token"
  k8s_write_kubeconfig "$K8S_STATE_DIR/admin-cert.kubeconfig" "    client-certificate: $d/admin.crt
    client-key: $d/admin.key"
  touch "$d/done"
}
