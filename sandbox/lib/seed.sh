# shellcheck shell=bash
# Seeding: base objects, the GitOps repository, Argo CD config/applications,
# credentials. Uses $KUBECTL (admin kubeconfig).
M="$SANDBOX_DIR/manifests"
GITOPS_WORK="$SANDBOX_STATE/gitops"            # working clone (scenarios commit here)
GITOPS_BARE="$SANDBOX_STATE/gitops.git"        # what Argo CD reads
GITOPS_URL="file://$GITOPS_BARE"
# Argo Rollouts (issue 20): the module's CRDs (crds/) and install manifests
# (install/: ServiceAccount, ClusterRole(Binding), config, notification Secret),
# copied by build.sh; the two Rollouts the sandbox seeds (manifests/apps/<name>)
ARGO_ROLLOUTS_DIR="$(bin_dir argo-rollouts "$ARGO_ROLLOUTS_VERSION")"
ROLLOUT_APPS=(payment-service notification-service)
ROLLOUTS_NS=progressive-delivery

kc() { "${KUBECTL[@]}" "$@"; }

# hash of everything seed_base/seed_argocd_config apply; when etcd already holds
# exactly that (stamp in the state folder), a warm start skips re-applying it
seed_hash() {
  cat "$M"/crds/*.yaml "$M"/base/*.yaml "$M"/argocd/*.yaml "$(bin_dir argocd "$ARGOCD_VERSION")"/crds/*.yaml "$PLATFORM_CRDS_DIR"/*.yaml \
      "$VPA_DEPLOY_DIR"/*.yaml "$M"/vpa/*.yaml \
      "$ARGO_ROLLOUTS_DIR"/crds/*.yaml "$ARGO_ROLLOUTS_DIR"/install/*.yaml "$M"/argo-rollouts/*.yaml \
      "$M"/metrics/*.tmpl "$SANDBOX_STATE/argocd/admin-password.bcrypt" "$SANDBOX_STATE/argocd/server-secretkey" 2>/dev/null \
    | { cat; echo "metrics-port=$SANDBOX_METRICS_PORT"; echo "apiserver-port=$SANDBOX_APISERVER_PORT"; } | sha256sum | cut -c1-16
}

seed_base() {
  if [[ -f "$SANDBOX_STATE/.seed-hash" && "$(cat "$SANDBOX_STATE/.seed-hash")" == "$(seed_hash)" ]] \
     && kc get namespace supply-chain >/dev/null 2>&1; then
    log "seed manifests unchanged since the last start: not re-applying CRDs/base/Argo CD config"
    SEED_UNCHANGED=1
    return 0
  fi
  SEED_UNCHANGED=0
  log "seeding: CRDs, namespaces, kwok nodes, configuration, portal RBAC"
  kc apply --server-side --force-conflicts -f "$M/crds/" -f "$(bin_dir argocd "$ARGOCD_VERSION")/crds/" -f "$PLATFORM_CRDS_DIR/" \
      -f "$VPA_DEPLOY_DIR/vpa-v1-crd-gen.yaml" -f "$ARGO_ROLLOUTS_DIR/crds/" >/dev/null \
    || die "applying CRDs failed (component: seed)"
  local i
  for i in $(seq 1 60); do
    # (a CRD created a moment ago has no status.conditions yet: kubectl wait errors instead of waiting)
    kc wait --for condition=Established --timeout 30s crd --all >/dev/null 2>&1 && break
    (( i == 60 )) && die "CRDs not established after 30s (component: kube-apiserver; log $LOG_DIR/kube-apiserver.log)"
    sleep 0.5
  done
  kc apply --server-side --force-conflicts -f "$M/base/" >/dev/null || die "applying sandbox/manifests/base failed (component: seed)"
  # the VPA's own RBAC (ServiceAccounts in kube-system, roles, bindings), then
  # the recommender's token Secret (after its ServiceAccount exists, or the
  # token controller deletes it)
  kc apply --server-side --force-conflicts -f "$VPA_DEPLOY_DIR/vpa-rbac.yaml" >/dev/null \
    && kc apply --server-side --force-conflicts -f "$M/vpa/" >/dev/null || die "applying the VPA RBAC failed (component: vpa-recommender)"
  seed_argo_rollouts_base
  sed "s#@METRICS_PORT@#$SANDBOX_METRICS_PORT#g" "$M/metrics/apiservices.yaml.tmpl" \
    | kc apply --server-side --force-conflicts -f - >/dev/null || die "registering the metrics APIServices failed (component: seed)"
}

ensure_gitops_repo() {
  if [[ ! -d "$GITOPS_BARE" ]]; then
    log "creating the GitOps repository $GITOPS_BARE from sandbox/manifests/apps"
    git init -q --bare -b main "$GITOPS_BARE"
    git clone -q "$GITOPS_BARE" "$GITOPS_WORK" 2>/dev/null
    gitops_reset_tree
    git -C "$GITOPS_WORK" add -A
    gitops_commit "Initial supply-chain manifests"
    git -C "$GITOPS_WORK" push -q origin HEAD:main
  fi
}

gitops_reset_tree() {
  rm -rf "$GITOPS_WORK/apps"
  mkdir -p "$GITOPS_WORK/apps"
  cp -r "$M/apps/." "$GITOPS_WORK/apps/"
  printf '# supply-chain GitOps repository (sandbox)\nOne folder per service under apps/; Argo CD Application <service> syncs apps/<service>.\n' >"$GITOPS_WORK/README.md"
}

gitops_commit() {
  git -C "$GITOPS_WORK" -c user.name="Sandbox GitOps" -c user.email="sandbox@supplychain.local" \
    -c commit.gpgsign=false commit -q -m "$1"
}

seed_argocd_config() {
  local s="$SANDBOX_STATE/argocd"
  mkdir -p "$s"; chmod 700 "$s"
  if [[ ! -f "$s/admin-password" ]]; then
    openssl rand -hex 16 >"$s/admin-password"
    openssl rand -hex 32 >"$s/server-secretkey"
    chmod 600 "$s/admin-password" "$s/server-secretkey"
  fi
  if [[ ! -f "$s/admin-password.bcrypt" ]]; then
    ARGOCD_BINARY_NAME=argocd "$ARGOCD_BIN" account bcrypt --password "$(cat "$s/admin-password")" >"$s/admin-password.bcrypt" \
      || die "could not bcrypt the Argo CD admin password (component: argocd)"
  fi
  [[ "${SEED_UNCHANGED:-0}" == 1 ]] && return 0
  # argocd-cm & co. plus argocd-secret in one apply
  {
    cat "$M/argocd/argocd-config.yaml"
    cat <<EOS
---
apiVersion: v1
kind: Secret
metadata:
  name: argocd-secret
  namespace: argocd
  labels:
    app.kubernetes.io/name: argocd-secret
    app.kubernetes.io/part-of: argocd
type: Opaque
data:
  admin.password: $(base64 -w0 <"$s/admin-password.bcrypt")
  admin.passwordMtime: $(printf '2026-01-01T00:00:00Z' | base64 -w0)
  server.secretkey: $(tr -d '\n' <"$s/server-secretkey" | base64 -w0)
EOS
  } | kc apply --server-side --force-conflicts -f - >/dev/null || die "applying Argo CD config/argocd-secret failed (component: argocd)"
  seed_hash >"$SANDBOX_STATE/.seed-hash"
}

seed_workloads() {
  if [[ ! -f "$SANDBOX_STATE/.workloads-seeded" ]]; then
    log "seeding workloads: 4 Deployments, Services, HPA, Istio objects, MLModels"
    kc apply --server-side --force-conflicts -R -f "$M/apps/" >/dev/null || die "applying sandbox/manifests/apps failed (component: seed)"
    touch "$SANDBOX_STATE/.workloads-seeded"
  fi
}

APPS=(inventory-service order-service shipping-service ml-prediction-service)

# ------------------------------------------------------------ Argo Rollouts
# The controller's ServiceAccount, ClusterRole and binding, config ConfigMap
# and notification Secret verbatim from the module (namespace argo-rollouts,
# created by base/50-progressive-delivery.yaml), then the sandbox's own:
# the controller's token, the analysis reader, the portal's read access; and
# the Secret telling the canary's AnalysisTemplate where the apiserver is.
seed_argo_rollouts_base() {
  kc apply --server-side --force-conflicts -n argo-rollouts -f "$ARGO_ROLLOUTS_DIR/install/" >/dev/null \
    && kc apply --server-side --force-conflicts -f "$M/argo-rollouts/" >/dev/null \
    || die "applying the Argo Rollouts RBAC/config failed (component: argo-rollouts)"
  kc apply --server-side --force-conflicts -f - >/dev/null <<EOS || die "applying $ROLLOUTS_NS/rollouts-analysis-endpoint failed (component: argo-rollouts)"
apiVersion: v1
kind: Secret
metadata:
  name: rollouts-analysis-endpoint
  namespace: $ROLLOUTS_NS
  labels:
    app.kubernetes.io/managed-by: supply-chain-sandbox
type: Opaque
stringData:
  url: https://127.0.0.1:$SANDBOX_APISERVER_PORT
EOS
}

# the controller's own identity: ServiceAccount argo-rollouts/argo-rollouts
ensure_argo_rollouts_kubeconfig() {
  sa_token_to_file argo-rollouts-token "$K/argo-rollouts.token" argo-rollouts
  write_kubeconfig "$K/argo-rollouts.kubeconfig" "$K/argo-rollouts.token" argo-rollouts argo-rollouts
}

# The two Rollouts: applied once per state folder (like seed_workloads; a
# sandbox seeded before they existed gets them on its next start), and added
# to a GitOps repository created before they existed, so their Argo CD
# Applications find apps/<name>.
seed_rollouts() {
  local a missing=()
  if [[ -d "$GITOPS_WORK/.git" ]]; then
    for a in "${ROLLOUT_APPS[@]}"; do [[ -d "$GITOPS_WORK/apps/$a" ]] || missing+=("$a"); done
  fi
  if (( ${#missing[@]} )); then
    log "adding ${missing[*]} (Argo Rollouts) to the GitOps repository"
    for a in "${missing[@]}"; do cp -r "$M/apps/$a" "$GITOPS_WORK/apps/"; done
    git -C "$GITOPS_WORK" add -- "${missing[@]/#/apps/}"
    gitops_commit "Add ${missing[*]} (Argo Rollouts: canary and blue-green)"
    git -C "$GITOPS_WORK" push -q origin HEAD:main || die "pushing to the GitOps repository $GITOPS_BARE failed (component: seed)"
  fi
  if [[ ! -f "$SANDBOX_STATE/.rollouts-seeded" ]]; then
    log "seeding the Argo Rollouts in $ROLLOUTS_NS: ${ROLLOUT_APPS[0]} (canary, Istio subsets), ${ROLLOUT_APPS[1]} (blue-green)"
    for a in "${ROLLOUT_APPS[@]}"; do
      kc apply --server-side --force-conflicts -f "$M/apps/$a/" >/dev/null || die "applying sandbox/manifests/apps/$a failed (component: seed)"
    done
    touch "$SANDBOX_STATE/.rollouts-seeded"
  fi
}

# every seeded Rollout reconciled by the controller of this start: its
# status.observedGeneration is the object's generation and it has a phase
# (Healthy after a fresh start; a canary a test left paused stays Paused)
wait_rollouts() {
  local start=$SECONDS a out
  while :; do
    local ok=1 states=()
    for a in "${ROLLOUT_APPS[@]}"; do
      out=$(kc -n "$ROLLOUTS_NS" get rollout "$a" -o jsonpath='{.metadata.generation}={.status.observedGeneration}/{.status.phase}' 2>/dev/null || true)
      states+=("$a:$out")
      [[ "$out" =~ ^([0-9]+)=([0-9]+)/[A-Za-z]+$ && "${BASH_REMATCH[1]}" == "${BASH_REMATCH[2]}" ]] || ok=0
    done
    (( ok )) && break
    if (( SECONDS - start > 120 )); then
      die "Argo Rollouts not reconciled after 120s (generation=observedGeneration/phase: ${states[*]}) (component: argo-rollouts; log $LOG_DIR/argo-rollouts.log)"
    fi
    sleep 1
  done
  log "Argo Rollouts: ${states[*]}"
}

seed_applications() {
  sed "s#@GITOPS_REPO_URL@#$GITOPS_URL#g" "$M/argocd/applications.yaml.tmpl" | kc apply --server-side --force-conflicts -f - >/dev/null \
    || die "applying Argo CD Applications failed (component: argocd)"
  # initial sync once per app (no automated sync policy: drift stays visible)
  local a line
  while read -r line; do
    a=${line%%=*}
    [[ -n "$a" && "${line#*=}" == "" ]] || continue
    log "requesting the initial Argo CD sync of $a"
    kc -n argocd patch application "$a" --type merge \
      -p '{"operation":{"initiatedBy":{"username":"sandbox"},"sync":{"revision":"HEAD"}}}' >/dev/null
  done < <(kc -n argocd get applications -o jsonpath='{range .items[*]}{.metadata.name}={.status.history[0].id}{.status.operationState.phase}{"\n"}{end}')
}

# wait until: 4 deployments available, kwok nodes ready, apps Synced+Healthy
wait_seeded() {
  log "waiting for nodes Ready, Deployments available, MLModels ready, Argo CD apps Synced+Healthy"
  local start=$SECONDS
  kc wait --for condition=Ready node --all --timeout 60s >/dev/null || die "kwok nodes did not become Ready (component: kwok; log $LOG_DIR/kwok.log)"
  kc -n supply-chain wait --for condition=Available --timeout 120s deployment "${APPS[@]}" >/dev/null \
    || die "supply-chain Deployments not available after 120s (components: kube-scheduler/kwok/kube-controller-manager; see $LOG_DIR)"
  # Ready means reconciled by the controller of this start, not the status a
  # previous run left in etcd: on a warm start the controller does not compare
  # apps it compared in the last 3 minutes, so a refresh is requested, and an
  # app still carrying an error condition (e.g. its project not yet seen) is not
  # ready.
  local a out ok entry since
  since=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  kc -n argocd annotate applications --all argocd.argoproj.io/refresh=normal --overwrite >/dev/null 2>&1 || true
  while :; do
    out=$(kc -n argocd get applications -o jsonpath='{range .items[*]}{.metadata.name}={.status.sync.status}/{.status.health.status}@{.status.reconciledAt}#{range .status.conditions[*]}{.type},{end} {end}' 2>/dev/null || true)
    ok=1
    for entry in $out; do
      # every app, also ones tests created: compared since this start (RFC 3339
      # UTC timestamps compare as strings)
      [[ ! "${entry#*@}" < "$since" ]] || ok=0
      # the seeded ones: Synced/Healthy with no error condition
      for a in "${APPS[@]}"; do
        [[ "$entry" != "$a="* || ( "$entry" == "$a=Synced/Healthy@"* && "${entry#*#}" != *Error* ) ]] || ok=0
      done
    done
    for a in "${APPS[@]}"; do [[ " $out" == *" $a="* ]] || ok=0; done
    (( ok )) && break
    if (( SECONDS - start > 180 )); then
      kc -n argocd get applications >&2 || true
      die "Argo CD applications not all reconciled since this start and Synced/Healthy after 180s: $out (component: argocd; logs $LOG_DIR/argocd-*.log)"
    fi
    sleep 1
  done
  while :; do
    out=$(kc -n supply-chain get mlmodels -l backstage.io/kubernetes-id=ml-prediction-service -o jsonpath='{range .items[*]}{.metadata.name}={.status.deploymentStatus}{" "}{end}' 2>/dev/null || true)
    if [[ -n "$out" && "$out" != *"=pending"* && "$out" != *"=deploying"* && "$out" != *"= "* ]]; then break; fi
    if (( SECONDS - start > 240 )); then die "MLModels not reconciled ($out) (component: mlmodel-operator; log $LOG_DIR/mlmodel-operator.log)"; fi
    sleep 2
  done
  log "seeded: $(kc get nodes --no-headers | wc -l) nodes, $(kc -n supply-chain get pods --no-headers | grep -c Running) running pods, MLModels: $out"
}

ensure_portal_token() {
  sa_token_to_file backstage-portal-token "$SANDBOX_STATE/portal-token"
  write_kubeconfig "$SANDBOX_STATE/kubeconfig-portal" "$SANDBOX_STATE/portal-token" backstage-portal supply-chain
}

# waits for the token controller to fill a ServiceAccount token Secret in
# namespace backstage (or NAMESPACE) and writes the token to a file
sa_token_to_file() { # SECRET FILE [NAMESPACE]
  local tok="" i ns="${3:-backstage}"
  for i in $(seq 1 60); do
    tok=$(kc -n "$ns" get secret "$1" -o jsonpath='{.data.token}' 2>/dev/null | base64 -d 2>/dev/null || true)
    [[ -n "$tok" ]] && break
    sleep 0.5
  done
  [[ -n "$tok" ]] || die "the token controller did not fill $ns/$1 (component: kube-controller-manager)"
  umask 077
  printf '%s' "$tok" >"$2"
}

# the VPA recommender's own identity: ServiceAccount kube-system/vpa-recommender
# from the VPA module's vpa-rbac.yaml, token from manifests/vpa/
ensure_vpa_recommender_kubeconfig() {
  sa_token_to_file vpa-recommender-token "$K/vpa-recommender.token" kube-system
  write_kubeconfig "$K/vpa-recommender.kubeconfig" "$K/vpa-recommender.token" vpa-recommender kube-system
}

# the scaffolder's account (base/35-scaffolder-rbac.yaml): dry runs and applies in the service namespaces
ensure_scaffolder_token() {
  sa_token_to_file backstage-scaffolder-token "$SANDBOX_STATE/scaffolder-token"
}

# the rollout actions' account (base/30-portal-rbac.yaml): the only Deployment writes of the portal
ensure_rollout_actions_token() {
  sa_token_to_file backstage-rollout-actions-token "$SANDBOX_STATE/rollout-actions-token"
}

argocd_api() { # METHOD PATH TOKEN [BODY]
  curl -fsS --max-time 20 -X "$1" "$ARGOCD_URL$2" -H "Authorization: Bearer $3" -H 'Content-Type: application/json' ${4:+-d "$4"}
}

ensure_argocd_token() {
  argocd_account_token backstage "$SANDBOX_STATE/argocd-token" "read-only"
}

# the portal's write-capable account (role:portal in argocd-rbac-cm)
ensure_argocd_portal_token() {
  argocd_account_token portal "$SANDBOX_STATE/argocd-portal-token" "write-capable"
}

argocd_account_token() { # ACCOUNT FILE DESCRIPTION
  local account="$1" f="$2"
  if [[ -s "$f" ]] && argocd_api GET /api/v1/account/can-i/applications/get/default/x "$(cat "$f")" >/dev/null 2>&1; then
    return 0
  fi
  log "creating the $3 Argo CD token for account '$account'"
  local pw session tok
  pw=$(cat "$SANDBOX_STATE/argocd/admin-password")
  session=$(curl -fsS --max-time 20 -X POST "$ARGOCD_URL/api/v1/session" -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$pw\"}" | jq -r .token) || die "Argo CD admin login failed (component: argocd-server)"
  tok=$(argocd_api POST "/api/v1/account/$account/token" "$session" "{\"id\":\"$account-$(date +%s)\"}" | jq -r .token) \
    || die "could not create the Argo CD token for account $account (component: argocd-server)"
  [[ -n "$tok" && "$tok" != null ]] || die "Argo CD returned no token for account $account (component: argocd-server)"
  umask 077
  printf '%s' "$tok" >"$f"
}

# ------------------------------------------------------------------- Gitea
# The sandbox's git server: the scaffolder publishes new services to it and
# Argo CD pulls them from it. SQLite in $GITEA_DIR, no SSH, no registration;
# admin user sandbox-admin (password in $GITEA_DIR/admin-password) and one API
# token for the portal ($SANDBOX_STATE/gitea-token), organization supply-chain.
GITEA_ADMIN=sandbox-admin
GITEA_ORG=supply-chain

gitea_cli() { # runs the gitea CLI against the sandbox's config
  gitea_env
  env "${GITEA_ENV[@]}" "$GITEA_BIN" --config "$GITEA_DIR/app.ini" --work-path "$GITEA_DIR" "$@"
}

gitea_config() {
  mkdir -p "$GITEA_DIR/custom/conf" "$GITEA_DIR/data" "$GITEA_DIR/repos" "$GITEA_DIR/log"
  chmod 700 "$GITEA_DIR"
  local secrets="$GITEA_DIR/secrets.env"
  if [[ ! -f "$secrets" ]]; then
    umask 077
    printf 'SECRET_KEY=%s\nINTERNAL_TOKEN=%s\n' "$(openssl rand -hex 32)" "$(openssl rand -hex 48)" >"$secrets"
    openssl rand -hex 16 >"$GITEA_DIR/admin-password"
  fi
  local SECRET_KEY INTERNAL_TOKEN
  . "$secrets"
  umask 077
  # rewritten on every start (ports follow SANDBOX_PORT_OFFSET); STATIC_ROOT_PATH
  # is the build cache folder holding templates/ and options/
  cat >"$GITEA_DIR/app.ini" <<EOI
APP_NAME = supply-chain sandbox git
RUN_MODE = prod
RUN_USER = $(id -un)
WORK_PATH = $GITEA_DIR
$( [[ $(id -u) == 0 ]] && echo "# the sandbox runs as root here (containers); Gitea refuses that unless told
I_AM_BEING_UNSAFE_RUNNING_AS_ROOT = true")

[server]
PROTOCOL = http
HTTP_ADDR = 127.0.0.1
HTTP_PORT = $SANDBOX_GIT_PORT
DOMAIN = 127.0.0.1
ROOT_URL = $GIT_URL/
DISABLE_SSH = true
START_SSH_SERVER = false
OFFLINE_MODE = true
LFS_START_SERVER = false
STATIC_ROOT_PATH = $(bin_dir gitea "$GITEA_VERSION")
APP_DATA_PATH = $GITEA_DIR/data

[database]
DB_TYPE = sqlite3
PATH = $GITEA_DIR/data/gitea.db
SQLITE_JOURNAL_MODE = WAL

[repository]
ROOT = $GITEA_DIR/repos
DEFAULT_BRANCH = main
DEFAULT_PRIVATE = private

[security]
INSTALL_LOCK = true
SECRET_KEY = $SECRET_KEY
INTERNAL_TOKEN = $INTERNAL_TOKEN
PASSWORD_HASH_ALGO = pbkdf2

[service]
DISABLE_REGISTRATION = true
REQUIRE_SIGNIN_VIEW = true
DEFAULT_KEEP_EMAIL_PRIVATE = true

[oauth2]
ENABLED = false

[actions]
ENABLED = false

[packages]
ENABLED = false

[mailer]
ENABLED = false

[cron]
ENABLED = false

[indexer]
ISSUE_INDEXER_TYPE = db
REPO_INDEXER_ENABLED = false

[session]
PROVIDER = memory

[cache]
ADAPTER = memory

[queue]
TYPE = channel

[log]
MODE = console
LEVEL = Warn
ROOT_PATH = $GITEA_DIR/log
EOI
}

# before the server starts: database schema and the admin user
gitea_prepare() {
  gitea_config
  [[ -f "$GITEA_DIR/.admin-created" ]] && return 0
  log "gitea: creating its database and the admin user $GITEA_ADMIN"
  gitea_cli migrate >"$GITEA_DIR/log/setup.log" 2>&1 || { tail -n 20 "$GITEA_DIR/log/setup.log" >&2; die "gitea migrate failed (component: gitea)"; }
  gitea_cli admin user create --admin --username "$GITEA_ADMIN" --email "$GITEA_ADMIN@supplychain.local" \
    --password "$(cat "$GITEA_DIR/admin-password")" --must-change-password=false >>"$GITEA_DIR/log/setup.log" 2>&1 \
    || { tail -n 20 "$GITEA_DIR/log/setup.log" >&2; die "gitea admin user create failed (component: gitea)"; }
  touch "$GITEA_DIR/.admin-created"
}

gitea_api() { # METHOD PATH [BODY] -> body; fails on HTTP errors
  curl -fsS --max-time 20 -X "$1" "$GIT_URL/api/v1$2" -H "Authorization: token $(cat "$SANDBOX_STATE/gitea-token")" \
    -H 'Content-Type: application/json' ${3:+-d "$3"}
}

# after the server answers: the portal's token, the organization, Argo CD's
# credentials for every repository under it
ensure_gitea_token() {
  local f="$SANDBOX_STATE/gitea-token"
  if ! { [[ -s "$f" ]] && gitea_api GET /user >/dev/null 2>&1; }; then
    log "gitea: creating the portal's API token"
    local tok
    tok=$(gitea_cli admin user generate-access-token --username "$GITEA_ADMIN" --token-name "portal-$(date +%s)" \
      --scopes all --raw 2>>"$GITEA_DIR/log/setup.log" | tail -n 1) || die "gitea: could not create an access token (component: gitea; log $GITEA_DIR/log/setup.log)"
    [[ "$tok" =~ ^[0-9a-f]{40}$ ]] || die "gitea: unexpected token output (component: gitea; log $GITEA_DIR/log/setup.log)"
    umask 077
    printf '%s' "$tok" >"$f"
  fi
  if ! gitea_api GET "/orgs/$GITEA_ORG" >/dev/null 2>&1; then
    log "gitea: creating the organization $GITEA_ORG"
    gitea_api POST /orgs "{\"username\":\"$GITEA_ORG\",\"visibility\":\"private\"}" >/dev/null \
      || die "gitea: could not create the organization $GITEA_ORG (component: gitea)"
  fi
  # the GitOps repository for services created through the portal (the seeded
  # services keep theirs in $GITOPS_BARE)
  if ! gitea_api GET "/repos/$GITEA_ORG/gitops" >/dev/null 2>&1; then
    log "gitea: creating the repository $GITEA_ORG/gitops"
    gitea_api POST "/orgs/$GITEA_ORG/repos" \
      '{"name":"gitops","description":"GitOps repository: services created through the portal (apps/<service>)","private":true,"auto_init":true,"default_branch":"main","readme":"Default"}' >/dev/null \
      || die "gitea: could not create $GITEA_ORG/gitops (component: gitea)"
  fi
  # Argo CD reads every repository under $GIT_URL/$GITEA_ORG/ with this token
  kc apply --server-side --force-conflicts -f - >/dev/null <<EOS || die "applying Argo CD's Gitea credentials failed (component: argocd)"
apiVersion: v1
kind: Secret
metadata:
  name: sandbox-gitea-repo-creds
  namespace: argocd
  labels:
    argocd.argoproj.io/secret-type: repo-creds
type: Opaque
stringData:
  type: git
  url: $GIT_URL/$GITEA_ORG/
  username: $GITEA_ADMIN
  password: $(cat "$f")
EOS
}
