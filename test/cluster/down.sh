#!/usr/bin/env bash
# `npm run cluster:down`: stops exactly the processes cluster:up recorded in
# .cluster/state (by pid, checking each pid still runs that component), waits
# until they have exited, and removes the cluster's state and .cluster/.
# `--keep-logs` leaves the temporary state directory (logs) for inspection.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/env.sh"

if [[ ! -f "$CLUSTER_DIR/state" ]]; then
  echo "no cluster running"
  rm -rf "$CLUSTER_DIR"
  exit 0
fi
source "$CLUSTER_DIR/state"

# Controllers first, etcd last, so nothing writes to a store that is gone.
pids=()
for p in kube-controller:"${kube_controller_manager_PID:-}" kube-apiserver:"${kube_apiserver_PID:-}" etcd:"${etcd_PID:-}"; do
  pid="${p#*:}"
  # A pid is only ours if it still runs the component (pids get reused).
  if [[ -n "$pid" && "$(cat "/proc/$pid/comm" 2>/dev/null)" == "${p%%:*}"* ]]; then
    kill -TERM "$pid" && pids+=("$pid") && echo "stopping ${p%%:*} (pid $pid)"
  fi
done

# running PID: exists and is not a zombie (an exited child of a caller that
# has not reaped it yet, e.g. when cluster:up's failure trap runs this).
running() { [[ -r "/proc/$1/stat" && "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]]; }

# Bounded wait for a clean exit, then SIGKILL whatever is left.
deadline=$((SECONDS + 20))
for pid in "${pids[@]}"; do
  while running "$pid" && (( SECONDS < deadline )); do sleep 0.2; done
  if running "$pid"; then
    kill -KILL "$pid" 2>/dev/null || true; echo "pid $pid killed after 20s"
    for _ in $(seq 50); do running "$pid" || break; sleep 0.1; done
  fi
done

if [[ "${1:-}" == --keep-logs ]]; then
  rm -rf "${STATE_DIR:?}/etcd" "${STATE_DIR:?}/pki"
else
  rm -rf "${STATE_DIR:?}"
fi
rm -rf "$CLUSTER_DIR"
echo "cluster down"
