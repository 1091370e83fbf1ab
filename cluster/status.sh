#!/usr/bin/env bash
# Exits 0 when the cluster in .cluster/state is up: every process it started
# alive, kube-apiserver's /readyz and the controller manager's /healthz answer
# "ok", the controllers have synced (the `default` ServiceAccount exists) and,
# with nodes, every node is Ready and CoreDNS available.
# `--wait SECONDS` polls until then, failing early if a component exits.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/env.sh"

load_state
kc=(kubectl --kubeconfig "$CLUSTER_DIR/kubeconfig" --request-timeout 5s)

check() {
  local p name comm pid
  for p in ${PROCESSES:-}; do
    IFS=: read -r name comm pid <<<"$p"
    alive "$pid" "$comm" || { echo "$name is not running" >&2; return 2; }
  done
  [[ "$("${kc[@]}" get --raw /readyz 2>/dev/null)" == ok ]] || return 1
  [[ "$("${kc[@]}" --server "https://127.0.0.1:$KCM_PORT" get --raw /healthz 2>/dev/null)" == ok ]] || return 1
  "${kc[@]}" get serviceaccount default -n default >/dev/null 2>&1 || return 1
  if [[ "${NODE:-0}" == 1 ]]; then
    [[ "$("${kc[@]}" get nodes -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' 2>/dev/null | grep -c '^True$')" == "${NODES:-1}" ]] || return 1
    [[ "$("${kc[@]}" -n kube-system get deployment coredns -o jsonpath='{.status.availableReplicas}' 2>/dev/null)" == 1 ]] || return 1
  fi
}

if [[ "${1:-}" != --wait ]]; then check; exit; fi
deadline=$((SECONDS + ${2:-120}))
while true; do
  rc=0; check || rc=$?
  [[ $rc == 0 ]] && exit 0
  [[ $rc == 2 ]] && exit 1
  (( SECONDS < deadline )) || { echo "not ready after ${2:-120}s" >&2; exit 1; }
  sleep 1
done
