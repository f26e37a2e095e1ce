# shellcheck shell=bash
# Certificates, keys and static tokens, created once per state folder.
PKI_DIR="$SANDBOX_STATE/pki"
KC_DIR="$SANDBOX_STATE/kubeconfigs"

ensure_pki() {
  mkdir -p "$PKI_DIR" "$KC_DIR"
  chmod 700 "$PKI_DIR"
  if [[ ! -f "$PKI_DIR/ca.crt" ]]; then
    log "generating sandbox CA, apiserver serving certificate and service-account keys"
    (
      cd "$PKI_DIR"
      openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 3650 -subj "/CN=supply-chain-sandbox-ca" 2>/dev/null
      cat >san.cnf <<EOC
[req]
distinguished_name = dn
[dn]
[ext]
basicConstraints = CA:FALSE
keyUsage = digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, IP:10.96.0.1, DNS:localhost, DNS:kubernetes, DNS:kubernetes.default, DNS:kubernetes.default.svc, DNS:kubernetes.default.svc.cluster.local
[client]
basicConstraints = CA:FALSE
keyUsage = digitalSignature, keyEncipherment
extendedKeyUsage = clientAuth
EOC
      openssl req -newkey rsa:2048 -nodes -keyout apiserver.key -out apiserver.csr -subj "/CN=kube-apiserver" 2>/dev/null
      openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out apiserver.crt -days 3650 -extfile san.cnf -extensions ext 2>/dev/null
      # front-proxy client cert: the aggregation layer (metrics APIs) uses it
      openssl req -newkey rsa:2048 -nodes -keyout front-proxy-client.key -out front-proxy-client.csr -subj "/CN=front-proxy-client" 2>/dev/null
      openssl x509 -req -in front-proxy-client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out front-proxy-client.crt -days 3650 -extfile san.cnf -extensions client 2>/dev/null
      openssl genrsa -out sa.key 2048 2>/dev/null
      openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
      rm -f ./*.csr
    ) || die "could not generate certificates with openssl (component: pki)"
  fi
  if [[ ! -f "$PKI_DIR/metrics-api.crt" ]]; then
    # serving cert of the sandbox metrics API (aggregated API backend)
    (
      cd "$PKI_DIR"
      printf '[ext]\nbasicConstraints = CA:FALSE\nextendedKeyUsage = serverAuth\nsubjectAltName = DNS:localhost, IP:127.0.0.1\n' >metrics-san.cnf
      openssl req -newkey rsa:2048 -nodes -keyout metrics-api.key -out metrics-api.csr -subj "/CN=localhost" 2>/dev/null
      openssl x509 -req -in metrics-api.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out metrics-api.crt -days 3650 -extfile metrics-san.cnf -extensions ext 2>/dev/null
      rm -f metrics-api.csr
    ) || die "could not generate the metrics API certificate with openssl (component: pki)"
  fi
  if [[ ! -f "$PKI_DIR/tokens.csv" ]]; then
    local u
    : >"$PKI_DIR/tokens.csv.tmp"
    # token,user,uid,"groups"
    for u in "admin|admin|system:masters" \
             "kube-controller-manager|system:kube-controller-manager|system:masters" \
             "kube-scheduler|system:kube-scheduler|system:masters" \
             "kwok|sandbox:kwok|system:masters" \
             "argocd|sandbox:argocd|system:masters" \
             "mlmodel-operator|sandbox:mlmodel-operator|system:masters"; do
      local id user group tok
      IFS='|' read -r id user group <<<"$u"
      tok=$(openssl rand -hex 24)
      echo "$tok" >"$PKI_DIR/token-$id"
      echo "$tok,$user,$id,\"$group\"" >>"$PKI_DIR/tokens.csv.tmp"
    done
    mv "$PKI_DIR/tokens.csv.tmp" "$PKI_DIR/tokens.csv"
  fi
  chmod 600 "$PKI_DIR"/*.key "$PKI_DIR"/token-* "$PKI_DIR/tokens.csv"
}

# write_kubeconfig FILE TOKEN_FILE USER [NAMESPACE]
write_kubeconfig() {
  local file="$1" tok; tok=$(cat "$2")
  local ns="${4:-default}"
  local ca; ca=$(base64 -w0 <"$PKI_DIR/ca.crt")
  umask 077
  cat >"$file.tmp" <<EOC
apiVersion: v1
kind: Config
clusters:
- name: sandbox
  cluster:
    server: https://127.0.0.1:$SANDBOX_APISERVER_PORT
    certificate-authority-data: $ca
users:
- name: $3
  user:
    token: $tok
contexts:
- name: sandbox
  context:
    cluster: sandbox
    user: $3
    namespace: $ns
current-context: sandbox
EOC
  mv "$file.tmp" "$file"
}

ensure_kubeconfigs() {
  write_kubeconfig "$SANDBOX_STATE/kubeconfig" "$PKI_DIR/token-admin" sandbox-admin supply-chain
  write_kubeconfig "$KC_DIR/controller-manager.kubeconfig" "$PKI_DIR/token-kube-controller-manager" kube-controller-manager
  write_kubeconfig "$KC_DIR/scheduler.kubeconfig" "$PKI_DIR/token-kube-scheduler" kube-scheduler
  write_kubeconfig "$KC_DIR/kwok.kubeconfig" "$PKI_DIR/token-kwok" kwok
  write_kubeconfig "$KC_DIR/argocd.kubeconfig" "$PKI_DIR/token-argocd" argocd argocd
  write_kubeconfig "$KC_DIR/mlmodel-operator.kubeconfig" "$PKI_DIR/token-mlmodel-operator" mlmodel-operator supply-chain
}
