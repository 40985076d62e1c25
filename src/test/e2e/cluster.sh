#!/usr/bin/env bash
# A real two-node Kubernetes cluster on this machine, for roiergasias' end-to-end tests.
#
#   cluster.sh start    install what is missing (Debian apt), build/cache Kubernetes 1.20.2 once,
#                       start etcd + control plane + two kubelet nodes, wait until usable
#   cluster.sh env      print KUBECONFIG=..., RESTRICTED_KUBECONFIG=..., IMAGE=... (3 lines)
#   cluster.sh status   show the processes and node readiness
#   cluster.sh stop     stop everything start started, remove namespaces, cgroups and state
#
# Needs root on Debian bookworm (cgroup v1 hierarchies, overlayfs, net/mount namespaces).
# Everything runs in a private network namespace; the only socket on the host is the API
# server's forwarder on 127.0.0.1:$ROIERGASIAS_E2E_API_PORT. See docs/e2e.md.
#
# Environment:
#   ROIERGASIAS_E2E_STATE     temporary state, PIDs, kubeconfigs   (default /tmp/roiergasias-e2e)
#   ROIERGASIAS_E2E_CACHE     built binaries and images            (default ~/.cache/roiergasias-e2e)
#   ROIERGASIAS_E2E_LOGS      component logs (kept by stop if outside the state dir)
#                                                                  (default $ROIERGASIAS_E2E_STATE/logs)
#   ROIERGASIAS_E2E_API_PORT  API server port on the host's 127.0.0.1 (default 16443)
#   ROIERGASIAS_E2E_NAMESPACE namespace for docs/rbac.yaml and the restricted kubeconfig
#                                                                  (default roiergasias-e2e)
#   ROIERGASIAS_E2E_KEEP_ON_FAILURE=1  do not clean up when start fails (for debugging)
set -Eeuo pipefail
trap 'log "ERROR: command failed (exit $?) at line $LINENO: $BASH_COMMAND"' ERR

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/../../.." && pwd)
STATE=${ROIERGASIAS_E2E_STATE:-/tmp/roiergasias-e2e}
STATE=${STATE%/}
CACHE_ROOT=${ROIERGASIAS_E2E_CACHE:-$HOME/.cache/roiergasias-e2e}
LOGS=${ROIERGASIAS_E2E_LOGS:-$STATE/logs}
API_PORT=${ROIERGASIAS_E2E_API_PORT:-16443}
NAMESPACE=${ROIERGASIAS_E2E_NAMESPACE:-roiergasias-e2e}
RBAC_FILE=$REPO_DIR/docs/rbac.yaml

KUBE_VERSION=1.20.2              # upstream version inside Debian's "kubernetes" source package
NODES=(node1 node2)
CGROUP_PARENT=roiergasias-e2e    # /sys/fs/cgroup/<hierarchy>/roiergasias-e2e/<node>
NODE_SUBNET=10.200.0             # node IPs .11, .12 on a port-less bridge inside the netns
ETCD_PORT=2379                   # inside the netns, on 127.0.0.1
KCM_PORT=10257
SCHED_PORT=10259
RUNTIME_PKGS=(etcd-server containerd runc containernetworking-plugins iproute2 openssl curl jq python3)
BUILD_PKGS=(golang-go dpkg-dev make patch xz-utils rsync gcc libc6-dev)
# downloaded and unpacked privately (never installed): the vendor fix and the busybox image
DATA_DEBS=(golang-github-modern-go-reflect2-dev golang-github-json-iterator-go-dev busybox-static)

NETNS=$STATE/netns
PIDS=$STATE/pids
PKI=$STATE/pki

# ---------------------------------------------------------------------------- small helpers

now_ms() { local t=${EPOCHREALTIME//[.,]/}; echo $((t / 1000)); }
T0=$(now_ms)
elapsed() { local ms=$(($(now_ms) - T0)); printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100)); }
log() { printf '[cluster.sh %6ss] %s\n' "$(elapsed)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# "STATE STARTTIME" of a process (fields 3 and 22 of /proc/PID/stat); the start time tells a live
# PID from a reused one
proc_info() {
  local s
  s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  s=${s##*) }
  # shellcheck disable=SC2086
  set -- $s
  echo "$1 ${20}"
}

# spawn NAME CMD...: start a daemon in its own session, output to $LOGS/NAME.log, record its PID.
# Every wrapper in CMD (setsid, nsenter, unshare, sh -c 'exec ...') execs, so $! is the daemon.
spawn() {
  local name=$1; shift
  setsid "$@" </dev/null >>"$LOGS/$name.log" 2>&1 8>&- 9>&- &
  local pid=$! info
  info=$(proc_info "$pid") || info="? 0"
  echo "$pid ${info#* }" >"$PIDS/$name.pid"
}

pid_of() { # NAME -> PID if that recorded process is still alive
  local pid st info
  [ -f "$PIDS/$1.pid" ] || return 1
  read -r pid st <"$PIDS/$1.pid"
  [ -n "$pid" ] && info=$(proc_info "$pid") || return 1
  [ "${info% *}" != Z ] && [ "${info#* }" = "$st" ] && echo "$pid"
}

wait_gone() { # PID TIMEOUT_MS
  local deadline=$(($(now_ms) + $2))
  local info
  while info=$(proc_info "$1") && [ "${info% *}" != Z ]; do
    (($(now_ms) < deadline)) || return 1
    sleep 0.1
  done
}

stop_pid() { # NAME [TIMEOUT_MS]: SIGTERM, then SIGKILL after the timeout
  local name=$1 timeout=${2:-10000} pid
  if pid=$(pid_of "$name"); then
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_gone "$pid" "$timeout"; then
      log "  $name (pid $pid) ignored SIGTERM for $((timeout / 1000))s, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      wait_gone "$pid" 5000 || log "  WARNING: $name (pid $pid) still present"
    fi
    log "  stopped $name (pid $pid)"
  fi
  rm -f "$PIDS/$name.pid"
}

check_daemons() { # fail fast when a started daemon has died
  local f name
  for f in "$PIDS"/*.pid; do
    [ -e "$f" ] || continue
    name=$(basename "$f" .pid)
    if ! pid_of "$name" >/dev/null; then
      log "$name exited unexpectedly; last lines of $LOGS/$name.log:"
      tail -n 30 "$LOGS/$name.log" >&2 || true
      die "$name died"
    fi
  done
}

wait_for() { # TIMEOUT_S DESCRIPTION CMD...: poll CMD every 0.2 s
  local timeout=$1 what=$2; shift 2
  local deadline=$(($(now_ms) + timeout * 1000))
  until "$@" >/dev/null 2>&1; do
    check_daemons
    (($(now_ms) < deadline)) || die "timed out after ${timeout}s waiting for $what"
    sleep 0.2
  done
}

in_netns() { nsenter --net="$NETNS" -- "$@"; }
in_node() { # NODE CMD...: run inside the node's mount namespace (and the cluster netns)
  local holder; holder=$(pid_of "ns-$1") || die "mount namespace of $1 is gone"
  shift
  nsenter --mount="/proc/$holder/ns/mnt" --net="$NETNS" -- "$@"
}

node_index() {
  local i
  for i in "${!NODES[@]}"; do
    if [ "${NODES[$i]}" = "$1" ]; then echo $((i + 1)); return 0; fi
  done
  return 1
}
node_ip() { echo "$NODE_SUBNET.1$(node_index "$1")"; }

# ---------------------------------------------------------------------------- API access

ADMIN_TOKEN=
api() { # METHOD PATH [curl args...]: admin request through the host's 127.0.0.1 forwarder
  local method=$1 path=$2 out rc=0; shift 2
  out=$(curl -sS --fail-with-body --max-time 30 --cacert "$PKI/ca.crt" \
    -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Accept: application/json' \
    -X "$method" "$@" "https://127.0.0.1:$API_PORT$path" 2>&1) || rc=$?
  if [ "$rc" != 0 ]; then
    printf 'API %s %s failed (curl exit %s): %s\n' "$method" "$path" "$rc" "$out" >&2
    return "$rc"
  fi
  printf '%s\n' "$out"
}
api_json() { local m=$1 p=$2; shift 2; api "$m" "$p" -H 'Content-Type: application/json' --data-binary "$@"; }
api_ready() { curl -sf --max-time 2 --cacert "$PKI/ca.crt" -H "Authorization: Bearer $ADMIN_TOKEN" \
  "https://127.0.0.1:$API_PORT/readyz" >/dev/null; }
node_ready() {
  [ "$(api GET "/api/v1/nodes/$1" | jq -r '.status.conditions[]? | select(.type=="Ready") | .status')" = True ]
}
sa_token_secret() { # NAMESPACE SA -> name of the SA's token secret (1.20: created by the token controller)
  local name
  name=$(api GET "/api/v1/namespaces/$1/serviceaccounts/$2" | jq -r '.secrets[0].name // empty')
  [ -n "$name" ] && echo "$name"
}

# ---------------------------------------------------------------------------- packages

missing_pkgs() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null | grep -q '^ii' || echo "$p"
  done
}

APT_UPDATED=0
apt_update_once() {
  if [ "$APT_UPDATED" = 0 ]; then
    log "apt-get update"
    apt-get -qq update >&2
    APT_UPDATED=1
  fi
}

ensure_pkgs() {
  local missing
  mapfile -t missing < <(missing_pkgs "$@")
  [ "${#missing[@]}" = 0 ] && return 0
  apt_update_once
  log "apt-get install ${missing[*]}"
  local out
  out=$(DEBIAN_FRONTEND=noninteractive apt-get -y -qq install --no-install-recommends "${missing[@]}" 2>&1) ||
    { printf '%s\n' "$out" >&2; die "apt-get install failed"; }
}

# deb-src lines for the mirror(s) the system's Debian entries use, for the PRIVATE apt config
debian_src_list() {
  local codename
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
  { set +o pipefail
    # one-line format
    cat /dev/null /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
      awk -v c="$codename" '$1 == "deb" { i = 2; if ($2 ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
        if ($(i+1) ~ "^" c "(-security|-updates)?$") print $i, $(i+1), "" }'
    # deb822 format
    cat /dev/null /etc/apt/sources.list.d/*.sources 2>/dev/null |
      awk -v c="$codename" 'function flush(   n, m, u, s, us, ss) {
          if (types ~ /(^|[ \t])deb([ \t]|$)/ && enabled != "no") {
            n = split(uris, us, /[ \t]+/); m = split(suites, ss, /[ \t]+/)
            for (u = 1; u <= n; u++) for (s = 1; s <= m; s++)
              if (us[u] != "" && ss[s] ~ "^" c "(-security|-updates)?$") print us[u], ss[s], signed }
          types = uris = suites = signed = enabled = "" }
        /^[ \t]*$/ { flush(); next }
        /^#/ { next }
        { key = tolower($1); sub(/:$/, "", key); val = $0; sub(/^[^:]*:[ \t]*/, "", val)
          if (key == "types") types = val; else if (key == "uris") uris = val
          else if (key == "suites") suites = val; else if (key == "enabled") enabled = tolower(val)
          else if (key == "signed-by" && val ~ /^\//) signed = val }
        END { flush() }'
  } | sort -u | awk '{ opt = ($3 != "") ? "[signed-by=" $3 "] " : ""; print "deb-src " opt $1 " " $2 " main" }' >"$1"
  if [ ! -s "$1" ]; then
    printf 'deb-src http://deb.debian.org/debian %s main\ndeb-src http://deb.debian.org/debian-security %s-security main\n' \
      "$codename" "$codename" >"$1"
  fi
}

# ---------------------------------------------------------------------------- build + cache

# build_kubernetes WORK OUT: Debian source "kubernetes", vendor fix, offline build of 4 binaries
build_kubernetes() {
  local w=$1 out=$2 src x
  mkdir -p "$w/apt/lists/partial" "$w/apt/cache/archives/partial" "$w/apt/parts" "$w/debs" "$w/home" "$out/bin"
  debian_src_list "$w/apt/sources.list"
  log "deb-src (private apt config, /etc/apt untouched): $(tr '\n' ';' <"$w/apt/sources.list")"
  local apt_private=(-o "Dir::Etc::SourceList=$w/apt/sources.list" -o "Dir::Etc::SourceParts=$w/apt/parts"
    -o "Dir::State::Lists=$w/apt/lists" -o "Dir::Cache=$w/apt/cache" -o APT::Sandbox::User=root)
  apt-get "${apt_private[@]}" -qq update >&2
  (cd "$w" && apt-get "${apt_private[@]}" -qq source kubernetes >"$w/apt-source.log" 2>&1) ||
    { tail -20 "$w/apt-source.log" >&2; die "apt-get source kubernetes failed"; }
  src=$(ls -d "$w"/kubernetes-*/ | head -1)
  src=${src%/}
  basename "$w"/kubernetes_*.dsc .dsc | sed 's/^kubernetes_/debian source kubernetes /' >"$out/VERSION"
  log "unpacked $(cat "$out/VERSION")"

  # vendored reflect2 1.0.1 / json-iterator 1.1.10 crash kube-apiserver under Go >= 1.18 (SIGSEGV in
  # mapiterinit on the first pretty-printed Pod); Debian's packaged 1.0.2 / 1.1.12 work.
  (cd "$w/debs" && apt-get -qq -o APT::Sandbox::User=root download "${DATA_DEBS[@]}" >&2)
  x=$w/debs/x
  local deb; for deb in "$w"/debs/*.deb; do dpkg-deb -x "$deb" "$x"; done
  rm -rf "$src/vendor/github.com/modern-go/reflect2" "$src/vendor/github.com/json-iterator/go"
  cp -a "$x/usr/share/gocode/src/github.com/modern-go/reflect2" "$src/vendor/github.com/modern-go/reflect2"
  cp -a "$x/usr/share/gocode/src/github.com/json-iterator/go" "$src/vendor/github.com/json-iterator/go"
  log "replaced vendor/github.com/{modern-go/reflect2,json-iterator/go} with $(cd "$w/debs" && ls golang-github-*.deb | sed 's/_all.deb//' | xargs)"
  build_images "$src/build/pause/linux/pause.c" "$x/bin/busybox" "$out"
  log "images $(cat "$out/images/pause.ref") and $(cat "$out/images/busybox.ref") built"

  local what="cmd/kube-apiserver cmd/kube-controller-manager cmd/kube-scheduler cmd/kubelet"
  log "make WHAT=\"$what\" (offline, GOPROXY=off CGO_ENABLED=0; takes 7-14 min on 2 cores; log: $w/build.log)"
  (cd "$src" && exec setsid env -u GOFLAGS -u GOPATH -u GOBIN -u GO111MODULE -u GOROOT -u GOCACHE -u GOENV \
    -u GOOS -u GOARCH -u GOEXPERIMENT -u CC \
    HOME="$w/home" GOPROXY=off CGO_ENABLED=0 make WHAT="$what") </dev/null >"$w/build.log" 2>&1 8>&- 9>&- &
  BUILD_PID=$!
  local last=0
  while kill -0 "$BUILD_PID" 2>/dev/null; do
    sleep 1
    if (($(now_ms) - last >= 60000)); then
      last=$(now_ms)
      log "  building... $(tail -n 1 "$w/build.log" 2>/dev/null | cut -c1-100)"
    fi
  done
  if ! wait "$BUILD_PID"; then
    BUILD_PID=
    tail -n 40 "$w/build.log" >&2
    die "kubernetes build failed (full log: $w/build.log)"
  fi
  BUILD_PID=
  local b
  for b in kube-apiserver kube-controller-manager kube-scheduler kubelet; do
    cp "$src/_output/bin/$b" "$out/bin/$b"
    "$out/bin/$b" --version | grep -q "v$KUBE_VERSION\$" || die "$b is not v$KUBE_VERSION: $("$out/bin/$b" --version)"
  done
  go version >>"$out/VERSION"
  cp "$w/build.log" "$out/build.log"
}

# build_images PAUSE_C BUSYBOX OUT: local images (docker-archive tarballs) and their refs
build_images() {
  local pause_c=$1 busybox=$2 out=$3 arch bbver
  mkdir -p "$out/images"
  arch=$(dpkg --print-architecture)
  gcc -Os -static -DVERSION="v$KUBE_VERSION-roiergasias" -o "$out/images/pause" "$pause_c"
  strip "$out/images/pause"
  bbver=$("$busybox" 2>&1 | sed -n '1s/^BusyBox v\([0-9]*\.[0-9]*\).*/\1/p')
  [ -n "$bbver" ] || die "cannot tell the busybox version of $busybox"
  echo "roiergasias.local/pause:$KUBE_VERSION" >"$out/images/pause.ref"
  echo "roiergasias.local/busybox:$bbver" >"$out/images/busybox.ref"
  python3 "$SCRIPT_DIR/tools/mkimage.py" "$out/images/pause.tar" "$(cat "$out/images/pause.ref")" pause \
    "$out/images/pause" "$arch" >&2
  python3 "$SCRIPT_DIR/tools/mkimage.py" "$out/images/busybox.tar" "$(cat "$out/images/busybox.ref")" busybox \
    "$busybox" "$arch" >&2
  "$busybox" 2>&1 | sed -n 1p >>"$out/VERSION"
}

# The cache key changes whenever the build recipe (these functions, mkimage.py) changes.
cache_key() {
  echo "k8s-$KUBE_VERSION-$({ declare -f build_kubernetes build_images; cat "$SCRIPT_DIR/tools/mkimage.py"; } |
    sha256sum | cut -c1-12)"
}

BUILD_PID=
ensure_cache() {
  CACHE=$CACHE_ROOT/$(cache_key)
  if [ ! -f "$CACHE/complete" ]; then
    mkdir -p "$CACHE_ROOT"
    exec 8>"$CACHE.lock"
    if ! flock -n 8; then
      log "another cluster.sh is building $CACHE; waiting for it"
      flock 8
    fi
  fi
  if [ ! -f "$CACHE/complete" ]; then
    local t w=$CACHE.build
    t=$(now_ms)
    log "no cached build in $CACHE: building Kubernetes $KUBE_VERSION from Debian's source (cold path)"
    apt_update_once
    ensure_pkgs "${BUILD_PKGS[@]}"
    rm -rf "$w" "$CACHE"
    build_kubernetes "$w" "$w/out"
    touch "$w/out/complete"
    mv "$w/out" "$CACHE"
    rm -rf "$w"
    log "build cached in $CACHE ($(du -sh "$CACHE" | cut -f1)) in $((($(now_ms) - t) / 1000))s"
  else
    log "using cached binaries and images: $CACHE"
  fi
  exec 8>&-
  BIN=$CACHE/bin
  PAUSE_IMAGE=$(cat "$CACHE/images/pause.ref")
  IMAGE=$(cat "$CACHE/images/busybox.ref")
}

# ---------------------------------------------------------------------------- configuration

gen_pki() {
  mkdir -p "$PKI"
  (
    cd "$PKI"
    # EC P-256 keys: generated in milliseconds, accepted by Go and by the JVM
    local ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1)
    openssl req -x509 "${ec[@]}" -nodes -keyout ca.key -out ca.crt -days 30 \
      -subj "/CN=roiergasias-e2e-ca" 2>/dev/null
    leaf() { # NAME CN SAN [O]
      local subj="/CN=$2"
      [ -n "${4:-}" ] && subj="/O=$4/CN=$2"
      openssl req "${ec[@]}" -nodes -keyout "$1.key" -out "$1.csr" -subj "$subj" 2>/dev/null
      printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth,clientAuth\nkeyUsage=digitalSignature\n' \
        "$3" >"$1.ext"
      openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -out "$1.crt" -days 30 \
        -extfile "$1.ext" 2>/dev/null
    }
    leaf apiserver kube-apiserver \
      "IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc"
    leaf apiserver-kubelet-client kube-apiserver-kubelet-client "DNS:localhost" system:masters
    openssl ecparam -name prime256v1 -genkey -noout -out sa.key 2>/dev/null
    openssl ec -in sa.key -pubout -out sa.pub 2>/dev/null
    {
      echo "$(openssl rand -hex 16),admin,admin,\"system:masters\""
      echo "$(openssl rand -hex 16),system:kube-controller-manager,kcm"
      echo "$(openssl rand -hex 16),system:kube-scheduler,sched"
      local n
      for n in "${NODES[@]}"; do echo "$(openssl rand -hex 16),system:node:$n,$n,\"system:nodes\""; done
    } >tokens.csv
    chmod 600 ./*.key tokens.csv
  )
}

token_of() { awk -F, -v u="$1" '$2 == u { print $1 }' "$PKI/tokens.csv"; }

write_kubeconfig() { # FILE TOKEN [NAMESPACE]
  local ca
  ca=$(base64 -w0 <"$PKI/ca.crt")
  cat >"$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: roiergasias-e2e
  cluster:
    server: https://127.0.0.1:$API_PORT
    certificate-authority-data: $ca
users:
- name: user
  user:
    token: $2
contexts:
- name: roiergasias-e2e
  context:
    cluster: roiergasias-e2e
    user: user${3:+
    namespace: $3}
current-context: roiergasias-e2e
EOF
  chmod 600 "$1"
}

gen_node_config() { # NODE
  local n=$1 i d ip
  i=$(node_index "$n"); d=$STATE/nodes/$n; ip=$(node_ip "$n")
  mkdir -p "$d"/{containerd/root,containerd/state,runc,opt,cni/net.d,cni/ipam,cni-cache,varlog,run,kubelet,sysctl,volume-plugins}
  cat >"$d/containerd/config.toml" <<EOF
version = 2
root = "$d/containerd/root"
state = "$d/containerd/state"
oom_score = 0
[grpc]
  address = "$d/containerd/containerd.sock"
[ttrpc]
  address = "$d/containerd/containerd.sock.ttrpc"
[debug]
  address = "$d/containerd/debug.sock"
  level = "info"
[metrics]
  address = ""
[plugins]
  [plugins."io.containerd.internal.v1.opt"]
    path = "$d/opt"
  [plugins."io.containerd.grpc.v1.cri"]
    sandbox_image = "$PAUSE_IMAGE"
    netns_mounts_under_state_dir = true
    stream_server_address = "127.0.0.1"
    stream_server_port = "0"
    enable_selinux = false
    disable_apparmor = true
    # no CAP_SYS_RESOURCE on such VMs: runc cannot set a negative oom_score_adj for the sandbox
    restrict_oom_score_adj = true
    disable_hugetlb_controller = true
    tolerate_missing_hugetlb_controller = true
    max_container_log_line_size = 16384
    [plugins."io.containerd.grpc.v1.cri".containerd]
      snapshotter = "overlayfs"
      default_runtime_name = "runc"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
        runtime_type = "io.containerd.runc.v2"
        [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
          BinaryName = "/usr/sbin/runc"
          Root = "$d/runc"
          SystemdCgroup = false
    [plugins."io.containerd.grpc.v1.cri".cni]
      bin_dir = "/usr/lib/cni"
      conf_dir = "$d/cni/net.d"
      max_conf_num = 1
EOF
  cat >"$d/cni/net.d/10-$n.conflist" <<EOF
{
  "cniVersion": "0.4.0",
  "name": "roiergasias-$n",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "cni$i",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "dataDir": "$d/cni/ipam",
        "ranges": [[{"subnet": "10.88.$i.0/24"}]],
        "routes": [{"dst": "0.0.0.0/0"}]
      }
    }
  ]
}
EOF
  write_kubeconfig "$d/kubelet.kubeconfig" "$(token_of "system:node:$n")"
  cat >"$d/kubelet.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $ip
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: $((10247 + i))
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: false}
  x509: {clientCAFile: $PKI/ca.crt}
authorization: {mode: AlwaysAllow}
cgroupDriver: cgroupfs
cgroupRoot: /$CGROUP_PARENT/$n
cgroupsPerQOS: true
enforceNodeAllocatable: [pods]
failSwapOn: false
makeIPTablesUtilChains: false
resolvConf: $STATE/resolv.conf
clusterDomain: cluster.local
serializeImagePulls: false
fileCheckFrequency: 20s
syncFrequency: 10s
nodeStatusUpdateFrequency: 2s
runtimeRequestTimeout: 2m
# local images only: never garbage-collect them, never evict pods for a full disk of the host
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard: {memory.available: "1Mi", nodefs.available: "1%", nodefs.inodesFree: "1%", imagefs.available: "1%"}
EOF
}

# ---------------------------------------------------------------------------- start steps

preflight() {
  [ "$(id -u)" = 0 ] || die "must run as root (namespaces, cgroups, mounts, apt)"
  [[ $STATE =~ ^/[^[:space:]]*$ ]] || die "ROIERGASIAS_E2E_STATE must be an absolute path without spaces: $STATE"
  [[ $LOGS =~ ^/[^[:space:]]*$ ]] || die "ROIERGASIAS_E2E_LOGS must be an absolute path without spaces: $LOGS"
  # the nodes' mount namespaces bind private directories over these; state there would vanish
  local p
  for p in "$STATE" "$LOGS" "$CACHE_ROOT"; do
    case $p/ in
      /run/* | /var/run/* | /var/log/* | /var/lib/kubelet/* | /var/lib/cni/*)
        die "$p is under a path the nodes bind-mount over (/run, /var/log, /var/lib/kubelet, /var/lib/cni)" ;;
    esac
  done
  [ -f "$RBAC_FILE" ] || die "missing $RBAC_FILE"
  local h
  for h in cpu cpuacct cpuset memory pids devices freezer; do
    findmnt -rn -t cgroup "/sys/fs/cgroup/$h" >/dev/null ||
      die "cgroup v1 hierarchy /sys/fs/cgroup/$h is not mounted (kubelet 1.20 here needs cgroup v1 or hybrid; v2-only hosts are not supported)"
    [ ! -e "/sys/fs/cgroup/$h/$CGROUP_PARENT" ] ||
      die "/sys/fs/cgroup/$h/$CGROUP_PARENT exists: another cluster.sh cluster (or its leftovers) is present; stop it first"
  done
}

check_port_free() {
  if ss -Hltn "sport = :$API_PORT" | grep -q .; then
    die "port $API_PORT is in use on the host (set ROIERGASIAS_E2E_API_PORT): $(ss -Hltnp "sport = :$API_PORT" | head -1)"
  fi
}

setup_netns() {
  touch "$NETNS"
  unshare --net="$NETNS" true
  in_netns sh -ec "
    ip link set lo up
    ip link add nodes0 type bridge
    $(for n in "${NODES[@]}"; do echo "ip addr add $(node_ip "$n")/24 dev nodes0"; done)
    ip link set nodes0 up
    echo 1 > /proc/sys/net/ipv4/ip_forward"
}

start_etcd() {
  spawn etcd nsenter --net="$NETNS" -- etcd --name e2e --data-dir "$STATE/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
    --initial-cluster e2e=http://127.0.0.1:2380 --unsafe-no-fsync --log-level warn
}

start_apiserver() {
  spawn kube-apiserver nsenter --net="$NETNS" -- "$BIN/kube-apiserver" \
    --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$API_PORT" --insecure-port=0 \
    --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" \
    --client-ca-file="$PKI/ca.crt" --token-auth-file="$PKI/tokens.csv" --authorization-mode=Node,RBAC \
    --service-account-key-file="$PKI/sa.pub" --service-account-signing-key-file="$PKI/sa.key" \
    --service-account-issuer=https://kubernetes.default.svc --service-cluster-ip-range=10.0.0.0/24 \
    --kubelet-client-certificate="$PKI/apiserver-kubelet-client.crt" \
    --kubelet-client-key="$PKI/apiserver-kubelet-client.key" \
    --kubelet-preferred-address-types=InternalIP --endpoint-reconciler-type=none \
    --requestheader-client-ca-file="$PKI/ca.crt" --requestheader-allowed-names=front-proxy-client \
    --requestheader-username-headers=X-Remote-User --requestheader-group-headers=X-Remote-Group \
    --feature-gates=TTLAfterFinished=true --profiling=false
}

start_forwarder() { # host 127.0.0.1:API_PORT -> netns 127.0.0.1:API_PORT
  spawn forwarder python3 -u "$SCRIPT_DIR/tools/netns-forward.py" 127.0.0.1 "$API_PORT" "$NETNS" 127.0.0.1 "$API_PORT"
  wait_for 10 "the API forwarder on 127.0.0.1:$API_PORT" grep -q '^ready' "$LOGS/forwarder.log"
}

start_controllers() {
  write_kubeconfig "$STATE/kcm.kubeconfig" "$(token_of system:kube-controller-manager)"
  write_kubeconfig "$STATE/scheduler.kubeconfig" "$(token_of system:kube-scheduler)"
  spawn kube-controller-manager nsenter --net="$NETNS" -- "$BIN/kube-controller-manager" \
    --kubeconfig="$STATE/kcm.kubeconfig" --authentication-kubeconfig="$STATE/kcm.kubeconfig" \
    --authorization-kubeconfig="$STATE/kcm.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$KCM_PORT" --port=0 --leader-elect=false \
    --use-service-account-credentials=true --service-account-private-key-file="$PKI/sa.key" \
    --root-ca-file="$PKI/ca.crt" --node-monitor-grace-period=1h \
    --feature-gates=TTLAfterFinished=true --profiling=false
  spawn kube-scheduler nsenter --net="$NETNS" -- "$BIN/kube-scheduler" \
    --kubeconfig="$STATE/scheduler.kubeconfig" --authentication-kubeconfig="$STATE/scheduler.kubeconfig" \
    --authorization-kubeconfig="$STATE/scheduler.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$SCHED_PORT" --port=0 --leader-elect=false --profiling=false
}

# kubelet writes vm.overcommit_memory, kernel.panic, ... at start: give it private copies
NODE_SYSCTLS="vm/overcommit_memory vm/panic_on_oom kernel/panic kernel/panic_on_oops kernel/keys/root_maxkeys kernel/keys/root_maxbytes"

start_node_namespace() { # NODE: cgroup root + private mount namespace held by `sleep infinity`
  local n=$1 d=$STATE/nodes/$1 h f copy binds=""
  for h in $(findmnt -rn -t cgroup -o TARGET); do mkdir -p "$h/$CGROUP_PARENT/$n"; done
  for f in cpus mems; do
    cat "/sys/fs/cgroup/cpuset/cpuset.$f" >"/sys/fs/cgroup/cpuset/$CGROUP_PARENT/cpuset.$f"
    cat "/sys/fs/cgroup/cpuset/cpuset.$f" >"/sys/fs/cgroup/cpuset/$CGROUP_PARENT/$n/cpuset.$f"
  done
  for f in $NODE_SYSCTLS; do
    [ -f "/proc/sys/$f" ] || continue
    copy=$d/sysctl/${f//\//_}
    cat "/proc/sys/$f" >"$copy"
    binds="$binds; mount --bind $copy /proc/sys/$f"
  done
  # kubelet and libcni hard-code /var/lib/kubelet/device-plugins and /var/lib/cni, containerd its
  # shim sockets under /run, kubelet /var/log/pods: each node gets its own, bound over the host's
  # paths in its private mount namespace. Missing mount points are created (and removed by stop).
  for f in /var/lib/kubelet /var/lib/cni; do
    if [ ! -d "$f" ]; then mkdir "$f" && echo "$f" >>"$STATE/host-dirs"; fi
  done
  spawn "ns-$n" nsenter --net="$NETNS" -- unshare --mount --propagation private -- /bin/sh -ec "
    mount --bind $d/kubelet /var/lib/kubelet
    mount --bind $d/cni-cache /var/lib/cni
    mount --bind $d/varlog /var/log
    mount --bind $d/run /run $binds
    exec sleep infinity"
  wait_for 10 "the mount namespace of $n" holder_ready "$n"
}
holder_ready() { local pid; pid=$(pid_of "ns-$1") && [ "$(cat "/proc/$pid/comm")" = sleep ]; }

start_containerd() { # NODE: private containerd, then import the local images
  local n=$1 d=$STATE/nodes/$1 holder
  holder=$(pid_of "ns-$n")
  spawn "containerd-$n" nsenter --mount="/proc/$holder/ns/mnt" --net="$NETNS" -- \
    containerd --config "$d/containerd/config.toml"
  wait_for 20 "containerd of $n" ctr -a "$d/containerd/containerd.sock" version
  local img
  for img in pause busybox; do
    in_node "$n" ctr -a "$d/containerd/containerd.sock" -n k8s.io images import "$CACHE/images/$img.tar" >/dev/null
  done
}

start_kubelet() { # NODE
  local n=$1 d=$STATE/nodes/$1 holder
  holder=$(pid_of "ns-$n")
  spawn "kubelet-$n" nsenter --mount="/proc/$holder/ns/mnt" --net="$NETNS" -- "$BIN/kubelet" \
    --config="$d/kubelet.yaml" --kubeconfig="$d/kubelet.kubeconfig" \
    --container-runtime=remote --container-runtime-endpoint="unix://$d/containerd/containerd.sock" \
    --pod-infra-container-image="$PAUSE_IMAGE" --root-dir=/var/lib/kubelet \
    --volume-plugin-dir="$d/volume-plugins" \
    --hostname-override="$n" --node-ip="$(node_ip "$n")" --node-labels="node.roiergasias=$n" --v=2
}

# apply docs/rbac.yaml as it is (Role, ServiceAccount, RoleBinding) into NAMESPACE, as YAML
apply_rbac() {
  local dir=$STATE/rbac f kind path
  mkdir -p "$dir"
  awk -v d="$dir" 'BEGIN { n = 0; f = d "/doc-0.yaml" } /^---/ { n++; f = d "/doc-" n ".yaml"; next } { print > f }' "$RBAC_FILE"
  for f in "$dir"/doc-*.yaml; do
    kind=$(sed -n 's/^kind:[[:space:]]*\([A-Za-z]*\).*/\1/p' "$f" | head -1)
    case $kind in
      "") continue ;;
      Role) path=/apis/rbac.authorization.k8s.io/v1/namespaces/$NAMESPACE/roles ;;
      RoleBinding) path=/apis/rbac.authorization.k8s.io/v1/namespaces/$NAMESPACE/rolebindings ;;
      ServiceAccount) path=/api/v1/namespaces/$NAMESPACE/serviceaccounts ;;
      *) die "$RBAC_FILE: no API path known for kind $kind" ;;
    esac
    api POST "$path" -H 'Content-Type: application/yaml' --data-binary "@$f" >/dev/null ||
      die "could not create the $kind from $RBAC_FILE"
  done
}

setup_namespace_and_kubeconfigs() {
  write_kubeconfig "$STATE/admin.kubeconfig" "$ADMIN_TOKEN"
  api_json POST /api/v1/namespaces "{\"metadata\":{\"name\":\"$NAMESPACE\"}}" >/dev/null
  apply_rbac
  wait_for 60 "the token of ServiceAccount $NAMESPACE/roiergasias" sa_token_secret "$NAMESPACE" roiergasias
  local secret token
  secret=$(sa_token_secret "$NAMESPACE" roiergasias)
  token=$(api GET "/api/v1/namespaces/$NAMESPACE/secrets/$secret" | jq -r .data.token | base64 -d)
  [ -n "$token" ] || die "empty token in secret $NAMESPACE/$secret"
  write_kubeconfig "$STATE/restricted.kubeconfig" "$token" "$NAMESPACE"
  # pods of Jobs in the namespace need its default ServiceAccount and token
  wait_for 60 "the default ServiceAccount token in $NAMESPACE" sa_token_secret "$NAMESPACE" default
}

pod_phase() { api GET "/api/v1/namespaces/default/pods/$1" | jq -r .status.phase; }
pod_done() { case $(pod_phase "$1") in Succeeded | Failed) return 0 ;; esac; return 1; }

smoke_test() { # one trivial pod per node, default pull policy, the local image
  local n pod phase policy out
  wait_for 60 "the default ServiceAccount token" sa_token_secret default default
  for n in "${NODES[@]}"; do
    api_json POST /api/v1/namespaces/default/pods "$(cat <<EOF
{"apiVersion": "v1", "kind": "Pod",
 "metadata": {"name": "smoke-$n", "labels": {"app.kubernetes.io/managed-by": "roiergasias-e2e"}},
 "spec": {"nodeSelector": {"node.roiergasias": "$n"}, "restartPolicy": "Never",
          "terminationGracePeriodSeconds": 1,
          "containers": [{"name": "main", "image": "$IMAGE",
                          "command": ["/bin/sh", "-c", "echo smoke-ok-\$(hostname)"]}]}}
EOF
    )" >/dev/null
  done
  for n in "${NODES[@]}"; do
    pod=smoke-$n
    wait_for 60 "pod $pod to finish" pod_done "$pod"
    phase=$(pod_phase "$pod")
    policy=$(api GET "/api/v1/namespaces/default/pods/$pod" | jq -r '.spec.containers[0].imagePullPolicy')
    out=$(api GET "/api/v1/namespaces/default/pods/$pod/log")
    [ "$phase" = Succeeded ] && [ "$out" = "smoke-ok-$pod" ] ||
      die "smoke pod on $n: phase $phase, log '$out' (see $LOGS/kubelet-$n.log)"
    api DELETE "/api/v1/namespaces/default/pods/$pod" >/dev/null
    log "  $n ran pod $pod: Succeeded, log '$out', imagePullPolicy $policy (no pull)"
  done
}

cluster_healthy() {
  [ -f "$STATE/env" ] || return 1
  local p
  for p in etcd kube-apiserver kube-controller-manager kube-scheduler forwarder; do pid_of "$p" >/dev/null || return 1; done
  ADMIN_TOKEN=$(token_of admin)
  api_ready
}

STARTING=0
on_exit() {
  local rc=$?
  if [ -n "$BUILD_PID" ]; then kill -TERM -- "-$BUILD_PID" 2>/dev/null || true; fi
  if [ "$STARTING" = 1 ] && [ "$rc" != 0 ]; then
    log "start failed (exit $rc)"
    local f
    for f in "$LOGS"/kube-apiserver.log "$LOGS"/kubelet-*.log "$LOGS"/containerd-*.log; do
      [ -s "$f" ] && { log "--- last lines of $f:"; tail -n 15 "$f" >&2; }
    done
    if [ "${ROIERGASIAS_E2E_KEEP_ON_FAILURE:-0}" = 1 ]; then
      log "ROIERGASIAS_E2E_KEEP_ON_FAILURE=1: leaving everything as it is; run '$0 stop' to clean up"
    else
      log "cleaning up"
      STARTING=0
      do_stop || true
    fi
  fi
}

do_start() {
  preflight
  log "ensuring Debian packages: ${RUNTIME_PKGS[*]}"
  ensure_pkgs "${RUNTIME_PKGS[@]}"
  check_port_free
  ensure_cache
  local t_cluster; t_cluster=$(now_ms)
  STARTING=1
  mkdir -p "$PIDS" "$LOGS"
  cp -L /etc/resolv.conf "$STATE/resolv.conf" 2>/dev/null || : >"$STATE/resolv.conf"
  echo "$CACHE" >"$STATE/cache"
  gen_pki
  ADMIN_TOKEN=$(token_of admin)
  local n
  for n in "${NODES[@]}"; do gen_node_config "$n"; done
  setup_netns
  log "network namespace $NETNS ready (nodes ${NODES[*]} at $(for n in "${NODES[@]}"; do node_ip "$n"; done | xargs))"

  start_etcd
  wait_for 30 etcd in_netns curl -sf "http://127.0.0.1:$ETCD_PORT/health"
  log "etcd healthy"
  start_apiserver
  start_forwarder
  # the nodes come up while kube-apiserver initialises (a kubelet spends its first ~5 s in
  # cAdvisor set-up before it registers, and retries until the API server answers)
  for n in "${NODES[@]}"; do
    start_node_namespace "$n"
    start_containerd "$n"
    start_kubelet "$n"
    log "$n: mount namespace, containerd (images $PAUSE_IMAGE, $IMAGE imported), kubelet started"
  done
  wait_for 90 "kube-apiserver /readyz" api_ready
  log "kube-apiserver ready on https://127.0.0.1:$API_PORT (host, forwarded into the netns)"
  start_controllers
  wait_for 60 kube-controller-manager in_netns curl -sfk "https://127.0.0.1:$KCM_PORT/healthz"
  wait_for 60 kube-scheduler in_netns curl -sfk "https://127.0.0.1:$SCHED_PORT/healthz"
  log "kube-controller-manager and kube-scheduler healthy"
  setup_namespace_and_kubeconfigs
  log "namespace $NAMESPACE with docs/rbac.yaml applied; restricted kubeconfig written"
  for n in "${NODES[@]}"; do
    wait_for 120 "node $n Ready" node_ready "$n"
    log "node $n Ready"
  done
  smoke_test
  {
    echo "KUBECONFIG=$STATE/admin.kubeconfig"
    echo "RESTRICTED_KUBECONFIG=$STATE/restricted.kubeconfig"
    echo "IMAGE=$IMAGE"
  } >"$STATE/env"
  STARTING=0
  log "cluster ready in $((($(now_ms) - t_cluster) / 1000)).$((($(now_ms) - t_cluster) % 1000 / 100))s (total $(elapsed)s); logs in $LOGS"
  log "use: set -a; eval \"\$(bash $0 env)\"; set +a"
}

# ---------------------------------------------------------------------------- stop

netns_inode() { findmnt -rn --mountpoint "$NETNS" >/dev/null 2>&1 && stat -L -c %i "$NETNS"; }

kill_cgroup_procs() { # SIGKILL every process in our cgroup subtrees (the pods' containers)
  local h f p killed=0
  for h in $(findmnt -rn -t cgroup,cgroup2 -o TARGET); do
    [ -d "$h/$CGROUP_PARENT" ] || continue
    while read -r f; do
      for p in $(cat "$f" 2>/dev/null || true); do kill -KILL "$p" 2>/dev/null && killed=$((killed + 1)); done
    done < <(find "$h/$CGROUP_PARENT" -name cgroup.procs 2>/dev/null)
  done
  echo "$killed"
}

remove_cgroups() {
  local h
  for _ in $(seq 50); do
    for h in $(findmnt -rn -t cgroup,cgroup2 -o TARGET); do
      [ -d "$h/$CGROUP_PARENT" ] && find "$h/$CGROUP_PARENT" -depth -type d -exec rmdir {} + 2>/dev/null
    done
    ls -d /sys/fs/cgroup/*/"$CGROUP_PARENT" >/dev/null 2>&1 || return 0
    kill_cgroup_procs >/dev/null
    sleep 0.1
  done
  log "WARNING: could not remove $(echo /sys/fs/cgroup/*/"$CGROUP_PARENT")"
}

kill_netns_procs() { # SIGKILL every process in our network namespace that start did not record (shims)
  local ino=$1 p f name keep=" " killed=""
  [ -n "$ino" ] || return 0
  for f in "$PIDS"/*.pid; do
    [ -e "$f" ] || continue
    name=$(basename "$f" .pid)
    keep="$keep$(pid_of "$name" || true) "
  done
  for p in /proc/[0-9]*; do
    [ "$(readlink "$p/ns/net" 2>/dev/null)" = "net:[$ino]" ] || continue
    [[ $keep == *" ${p#/proc/} "* ]] && continue
    kill -KILL "${p#/proc/}" 2>/dev/null && killed="$killed ${p#/proc/}($(cat "$p/comm" 2>/dev/null))"
  done
  [ -z "$killed" ] || log "  killed leftover processes in the netns:$killed"
}

do_stop() {
  if [ ! -d "$STATE" ]; then
    log "nothing to stop ($STATE does not exist)"
    return 0
  fi
  local t; t=$(now_ms)
  log "stopping the cluster in $STATE"
  local ino n killed
  ino=$(netns_inode || true)
  for n in "${NODES[@]}"; do stop_pid "kubelet-$n" 15000; done
  killed=$(kill_cgroup_procs)
  [ "$killed" = 0 ] || log "  killed $killed pod container processes"
  for n in "${NODES[@]}"; do stop_pid "containerd-$n" 10000; done
  kill_netns_procs "$ino"     # the shims containerd left behind
  for n in "${NODES[@]}"; do stop_pid "ns-$n" 5000; done
  stop_pid forwarder 5000
  stop_pid kube-scheduler 10000
  stop_pid kube-controller-manager 10000
  stop_pid kube-apiserver 15000
  stop_pid etcd 10000
  kill_netns_procs "$ino"
  remove_cgroups
  local dir
  if [ -f "$STATE/host-dirs" ]; then
    for dir in $(sort -u "$STATE/host-dirs"); do rmdir "$dir" 2>/dev/null || log "  WARNING: could not remove $dir"; done
  fi
  if findmnt -rn --mountpoint "$NETNS" >/dev/null 2>&1; then
    umount "$NETNS" && log "  network namespace released"
  fi
  # nothing of ours is mounted in the host namespace any more; never cross into a mount anyway
  local m
  for m in $(findmnt -rn -o TARGET | { grep "^$STATE/" || true; } | sort -r); do umount -l "$m" || true; done
  rm -rf --one-file-system "$STATE"
  log "stopped in $((($(now_ms) - t) / 1000)).$((($(now_ms) - t) % 1000 / 100))s; $STATE removed"
}

# ---------------------------------------------------------------------------- commands

do_status() {
  if [ ! -d "$STATE" ]; then echo "not running"; return 1; fi
  local f name pid
  for f in "$PIDS"/*.pid; do
    [ -e "$f" ] || continue
    name=$(basename "$f" .pid)
    if pid=$(pid_of "$name"); then echo "$name: running (pid $pid)"; else echo "$name: NOT running"; fi
  done
  ADMIN_TOKEN=$(token_of admin 2>/dev/null || true)
  if api_ready 2>/dev/null; then
    api GET /api/v1/nodes | jq -r '.items[] | "node \(.metadata.name): Ready=\(.status.conditions[] |
      select(.type=="Ready") | .status) \(.status.addresses[0].address) \(.metadata.labels["node.roiergasias"])"'
  else
    echo "API server not ready"
  fi
  [ -f "$STATE/env" ] && cat "$STATE/env"
  return 0
}

usage() { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

main() {
  local cmd=${1:-}
  case $cmd in
    start | stop) ;;
    env)
      [ -f "$STATE/env" ] || die "cluster not running (no $STATE/env); run: $0 start"
      cat "$STATE/env"
      return 0
      ;;
    status) do_status; return ;;
    *) usage ;;
  esac
  mkdir -p "$(dirname "$STATE")"
  exec 9>"$STATE.lock"
  flock -w 900 9 || die "another cluster.sh holds $STATE.lock"
  trap on_exit EXIT
  trap 'log "interrupted"; exit 130' INT TERM HUP
  case $cmd in
    start)
      if cluster_healthy 2>/dev/null; then
        log "already running ($STATE); nothing to do"
        return 0
      fi
      if [ -d "$STATE" ]; then
        log "found stale state in $STATE (not healthy): cleaning it up first"
        do_stop
      fi
      do_start
      ;;
    stop) do_stop ;;
  esac
}

main "$@"
