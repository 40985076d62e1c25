#!/usr/bin/env bash
# Checks a running cluster.sh cluster from the HOST network namespace with curl, the way the
# plugin uses it: everything namespaced is done with the RESTRICTED kubeconfig (the ServiceAccount
# bound to docs/rbac.yaml), the admin kubeconfig is used only to look at nodes.
#
#   bash src/test/e2e/verify-cluster.sh      (after: bash src/test/e2e/cluster.sh start)
#
# 1. nodes node1/node2 Ready and labelled; the restricted identity is denied outside its Role
# 2. ConfigMap + Job on node2 (nodeSelector node.roiergasias=node2) running /bin/sh in the local
#    image with the default pull policy: log streamed with follow=true&timestamps=true, exit code 3,
#    termination message, Job Failed, events (Pulled: already present), Foreground delete removes
#    Job, pod and the ConfigMap (owner reference patched onto it)
# 3. a running pod on node1: its log streams live (follow=true), deleting the Job kills it
# 4. a Job whose nodeSelector no node carries: pod stays Pending with a FailedScheduling event
set -Eeuo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
T0=${EPOCHREALTIME//[.,]/}
ts() { local us=$((${EPOCHREALTIME//[.,]/} - T0)); printf '%d.%d' $((us / 1000000)) $((us / 100000 % 10)); }
log() { printf '[verify %6ss] %s\n' "$(ts)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }
trap 'log "FAILED: command failed (exit $?) at line $LINENO: $BASH_COMMAND"' ERR

eval "$(bash "$SCRIPT_DIR/cluster.sh" env | sed 's/^/export /')"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

kc_field() { sed -n "s/^[[:space:]]*$2:[[:space:]]*//p" "$1" | head -1; }
SERVER=$(kc_field "$KUBECONFIG" server)
NS=$(kc_field "$RESTRICTED_KUBECONFIG" namespace)
ADMIN=$(kc_field "$KUBECONFIG" token)
RESTRICTED=$(kc_field "$RESTRICTED_KUBECONFIG" token)
kc_field "$KUBECONFIG" certificate-authority-data | base64 -d >"$TMP/ca.crt"
[[ $SERVER == https://127.0.0.1:* ]] || die "server $SERVER is not on the host's 127.0.0.1"
[ -n "$NS" ] || die "no namespace in $RESTRICTED_KUBECONFIG"

# req TOKEN METHOD PATH [curl args] -> body on stdout, HTTP status in $TMP/status
req() {
  local token=$1 method=$2 path=$3; shift 3
  curl -sS --max-time 60 --cacert "$TMP/ca.crt" -H "Authorization: Bearer $token" -X "$method" \
    -o "$TMP/body" -w '%{http_code}' "$@" "$SERVER$path" >"$TMP/status"
  cat "$TMP/body"
}
ok() { # like req, fails unless 2xx
  req "$@" >/dev/null
  [[ $(cat "$TMP/status") == 2* ]] || die "$2 $3 -> HTTP $(cat "$TMP/status"): $(head -c 400 "$TMP/body")"
  cat "$TMP/body"
}
as_sa() { ok "$RESTRICTED" "$@"; }
as_admin() { ok "$ADMIN" "$@"; }
post_json() { local path=$1 body=$2; as_sa POST "$path" -H 'Content-Type: application/json' --data-binary "$body"; }
denied() { # METHOD PATH: the restricted identity must get 403
  req "$RESTRICTED" "$1" "$2" -H 'Content-Type: application/json' --data-binary '{}' >/dev/null
  [ "$(cat "$TMP/status")" = 403 ] || die "expected 403 for the restricted identity on $1 $2, got $(cat "$TMP/status")"
}
poll() { # TIMEOUT_S DESCRIPTION CMD...
  local timeout=$1 what=$2 i; shift 2
  for ((i = 0; i < timeout * 5; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  die "timed out after ${timeout}s: $what"
}
job_pod() { as_sa GET "/api/v1/namespaces/$NS/pods?labelSelector=job-name%3D$1" | jq -er '.items[0].metadata.name'; }
pod_field() { as_sa GET "/api/v1/namespaces/$NS/pods/$1" | jq -er "$2"; }
phase_is() { [ "$(pod_field "$1" .status.phase)" = "$2" ]; }
gone() { req "$RESTRICTED" GET "$1" >/dev/null; [ "$(cat "$TMP/status")" = 404 ]; }
job_json() { # NAME NODESELECTOR-VALUE COMMAND [CONFIGMAP]
  jq -n --arg name "$1" --arg node "$2" --arg cmd "$3" --arg cm "${4:-}" --arg image "$IMAGE" '
    ({name: "main", image: $image, command: ["/bin/sh", "-c", $cmd]}
      + (if $cm == "" then {} else {volumeMounts: [{name: "cfg", mountPath: "/cfg"}]} end)) as $container
    | {apiVersion: "batch/v1", kind: "Job", metadata: {name: $name},
       spec: {backoffLimit: 0, template: {spec: {
         restartPolicy: "Never", terminationGracePeriodSeconds: 1,
         nodeSelector: {"node.roiergasias": $node}, containers: [$container],
         volumes: (if $cm == "" then [] else [{name: "cfg", configMap: {name: $cm}}] end)}}}}'
}

log "server $SERVER (host network namespace), namespace $NS, image $IMAGE"

# ---------------------------------------------------------------- 1. nodes and RBAC
for n in node1 node2; do
  node=$(as_admin GET "/api/v1/nodes/$n")
  [ "$(jq -r '.status.conditions[] | select(.type=="Ready") | .status' <<<"$node")" = True ] || die "$n not Ready"
  [ "$(jq -r '.metadata.labels["node.roiergasias"]' <<<"$node")" = "$n" ] || die "$n lacks label node.roiergasias=$n"
  log "$n Ready, label node.roiergasias=$n, kubelet $(jq -r .status.nodeInfo.kubeletVersion <<<"$node"), $(jq -r .status.nodeInfo.containerRuntimeVersion <<<"$node")"
done
denied GET /api/v1/nodes
denied GET "/api/v1/namespaces/$NS/secrets"
denied POST "/api/v1/namespaces/$NS/pods"
denied GET /apis/batch/v1/namespaces/default/jobs
log "restricted identity: 403 for nodes, secrets, creating pods, other namespaces"

# ---------------------------------------------------------------- 2. a Job on node2 that exits 3
SUFFIX=$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
JOB=verify-$SUFFIX
CM=verify-$SUFFIX-cfg
post_json "/api/v1/namespaces/$NS/configmaps" \
  "$(jq -n --arg n "$CM" '{apiVersion: "v1", kind: "ConfigMap", metadata: {name: $n}, data: {msg: "from the configmap"}}')" >/dev/null
t_create=$(ts)
job=$(post_json "/apis/batch/v1/namespaces/$NS/jobs" \
  "$(job_json "$JOB" node2 'echo hi; cat /cfg/msg; echo; printf exit-3-reason >/dev/termination-log; exit 3' "$CM")")
uid=$(jq -r .metadata.uid <<<"$job")
as_sa PATCH "/api/v1/namespaces/$NS/configmaps/$CM" -H 'Content-Type: application/merge-patch+json' --data-binary \
  "$(jq -n --arg j "$JOB" --arg u "$uid" '{metadata: {ownerReferences: [{apiVersion: "batch/v1", kind: "Job", name: $j, uid: $u}]}}')" >/dev/null
log "created ConfigMap $CM and Job $JOB (nodeSelector node.roiergasias=node2) at ${t_create}s; ConfigMap owned by the Job"
# watch verb: a short watch on the Job's pods must answer 200 and stream events
as_sa GET "/api/v1/namespaces/$NS/pods?labelSelector=job-name%3D$JOB&watch=true&timeoutSeconds=1" >/dev/null
poll 30 "pod of $JOB" job_pod "$JOB"
POD=$(job_pod "$JOB")
poll 30 "pod $POD bound to a node" pod_field "$POD" '.spec.nodeName'
node=$(pod_field "$POD" .spec.nodeName)
[ "$node" = node2 ] || die "pod $POD ran on $node, not node2"
log "pod $POD bound to $node; imagePullPolicy $(pod_field "$POD" '.spec.containers[0].imagePullPolicy')"
poll 60 "container of $POD started" pod_field "$POD" '.status.containerStatuses[0].state | (.running // .terminated)'
logs=$(as_sa GET "/api/v1/namespaces/$NS/pods/$POD/log?timestamps=true&follow=true")
printf '%s\n' "$logs" | sed 's/^/    log: /' >&2
grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z hi$' <<<"$logs" || die "log lacks a timestamped 'hi' line"
grep -q 'from the configmap$' <<<"$logs" || die "log lacks the ConfigMap content"
poll 60 "pod $POD Failed" phase_is "$POD" Failed
term=$(pod_field "$POD" '.status.containerStatuses[0].state.terminated')
[ "$(jq -r .exitCode <<<"$term")" = 3 ] || die "exit code $(jq -r .exitCode <<<"$term"), expected 3"
[ "$(jq -r .message <<<"$term")" = exit-3-reason ] || die "termination message '$(jq -r .message <<<"$term")'"
log "pod Failed: exitCode 3, reason $(jq -r .reason <<<"$term"), termination message '$(jq -r .message <<<"$term")'"
job_failed() { as_sa GET "/apis/batch/v1/namespaces/$NS/jobs/$JOB" |
  jq -e '.status.conditions[]? | select(.type=="Failed" and .status=="True")'; }
poll 30 "Job $JOB condition Failed" job_failed
log "Job $JOB: $(job_failed | jq -r '"condition Failed, reason \(.reason)"')"
events=$(as_sa GET "/api/v1/namespaces/$NS/events?fieldSelector=involvedObject.name%3D$POD")
jq -r '.items[] | "    event: \(.reason): \(.message)"' <<<"$events" >&2
jq -e '.items[] | select(.reason=="Pulled" and (.message | test("already present")))' <<<"$events" >/dev/null ||
  die "no 'Pulled ... already present on machine' event: was the image pulled?"
as_sa DELETE "/apis/batch/v1/namespaces/$NS/jobs/$JOB" -H 'Content-Type: application/json' \
  --data-binary '{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Foreground"}' >/dev/null
t_del=$(ts)
poll 60 "Job $JOB deleted" gone "/apis/batch/v1/namespaces/$NS/jobs/$JOB"
poll 60 "pod $POD deleted" gone "/api/v1/namespaces/$NS/pods/$POD"
poll 60 "ConfigMap $CM garbage-collected" gone "/api/v1/namespaces/$NS/configmaps/$CM"
log "Foreground delete (issued at ${t_del}s): Job, pod and owned ConfigMap gone"

# ---------------------------------------------------------------- 3. live log stream, delete while running
JOB3=verify-$SUFFIX-stream
post_json "/apis/batch/v1/namespaces/$NS/jobs" \
  "$(job_json "$JOB3" node1 'i=0; while true; do i=$((i+1)); echo tick $i; sleep 1; done')" >/dev/null
poll 30 "pod of $JOB3" job_pod "$JOB3"
POD3=$(job_pod "$JOB3")
poll 60 "pod $POD3 Running" phase_is "$POD3" Running
[ "$(pod_field "$POD3" .spec.nodeName)" = node1 ] || die "pod $POD3 not on node1"
t_follow=${EPOCHREALTIME//[.,]/}
# follow the running container for 3.5 s (curl stops with its --max-time: exit 28)
curl -s --max-time 3.5 --cacert "$TMP/ca.crt" -H "Authorization: Bearer $RESTRICTED" \
  "$SERVER/api/v1/namespaces/$NS/pods/$POD3/log?follow=true&timestamps=true" >"$TMP/stream" || [ $? = 28 ] ||
  die "log follow of $POD3 failed"
streamed=$(grep -c ' tick [0-9]*$' "$TMP/stream" || true)
((streamed >= 3)) || die "only $streamed lines streamed from the running pod in 3.5 s"
t_follow=$(((${EPOCHREALTIME//[.,]/} - t_follow) / 100000))
log "followed the running pod $POD3 on node1 for $((t_follow / 10)).$((t_follow % 10)) s: $streamed lines, last '$(tail -1 "$TMP/stream")'"
as_sa DELETE "/apis/batch/v1/namespaces/$NS/jobs/$JOB3" -H 'Content-Type: application/json' \
  --data-binary '{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Background"}' >/dev/null
t_del=$(ts)
poll 60 "running pod $POD3 deleted" gone "/api/v1/namespaces/$NS/pods/$POD3"
log "Background delete of the running Job (issued at ${t_del}s): pod gone (terminationGracePeriodSeconds 1)"

# ---------------------------------------------------------------- 4. no node matches
JOB2=verify-$SUFFIX-pending
post_json "/apis/batch/v1/namespaces/$NS/jobs" "$(job_json "$JOB2" nobody 'echo never')" >/dev/null
poll 30 "pod of $JOB2" job_pod "$JOB2"
POD2=$(job_pod "$JOB2")
failed_scheduling() { as_sa GET "/api/v1/namespaces/$NS/events?fieldSelector=involvedObject.name%3D$POD2" |
  jq -er '[.items[] | select(.reason=="FailedScheduling")][0].message'; }
poll 30 "FailedScheduling event for $POD2" failed_scheduling
[ "$(pod_field "$POD2" .status.phase)" = Pending ] || die "pod $POD2 is not Pending"
log "pod $POD2 Pending, FailedScheduling: $(failed_scheduling)"
as_sa DELETE "/apis/batch/v1/namespaces/$NS/jobs/$JOB2" -H 'Content-Type: application/json' \
  --data-binary '{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Background"}' >/dev/null
poll 60 "pod $POD2 deleted" gone "/api/v1/namespaces/$NS/pods/$POD2"
log "Background delete: Job and pending pod gone"
log "all checks passed"
