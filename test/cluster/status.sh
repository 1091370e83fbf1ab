#!/usr/bin/env bash
# Exits 0 when the cluster in .cluster/state is up: every component process
# alive, kube-apiserver's /readyz and the controller manager's /healthz answer
# "ok", and the controllers have synced (the `default` ServiceAccount exists).
# `--wait SECONDS` polls until then, failing early if a component exits.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/env.sh"

[[ -f "$CLUSTER_DIR/state" ]] || { echo "no cluster state in $CLUSTER_DIR" >&2; exit 1; }
source "$CLUSTER_DIR/state"
kc=(kubectl --kubeconfig "$CLUSTER_DIR/kubeconfig" --request-timeout 5s)

# alive PID NAME: the pid still runs that component (not a recycled pid).
alive() { [[ -n "$1" && "$(cat "/proc/$1/comm" 2>/dev/null)" == "$2"* ]]; }

check() {
  local p n
  for p in etcd:"${etcd_PID:-}" kube-apiserver:"${kube_apiserver_PID:-}" \
           kube-controller-manager:"${kube_controller_manager_PID:-}"; do
    n="${p%%:*}"
    # comm is cut to 15 characters: "kube-controller".
    alive "${p#*:}" "${n:0:15}" || { echo "$n is not running" >&2; return 2; }
  done
  [[ "$("${kc[@]}" get --raw /readyz 2>/dev/null)" == ok ]] || return 1
  [[ "$("${kc[@]}" --server "https://127.0.0.1:$KCM_PORT" get --raw /healthz 2>/dev/null)" == ok ]] || return 1
  "${kc[@]}" get serviceaccount default -n default >/dev/null 2>&1 || return 1
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
