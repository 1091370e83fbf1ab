#!/usr/bin/env bash
# `npm run cluster:down`: stops exactly what cluster:up started (the nodes
# first, see node/down.sh; then the control plane, API clients before the
# API server, etcd last), each by the pid recorded in .cluster/state and only
# while that pid still runs the same program; removes the cluster's state and
# .cluster/. `--keep-logs` leaves the temporary state directory (logs).
# Safe to run twice, or after a failed start.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/env.sh"

if [[ ! -f "$CLUSTER_DIR/state" ]]; then
  echo "no cluster running"
  rm -rf "$CLUSTER_DIR"
  exit 0
fi
source "$CLUSTER_DIR/state"
source "$here/lib.sh"

# The control plane is stopped even when undoing the node went wrong.
# The nodes, the last first: node 1 then undoes what they share on the machine.
for i in $(seq "${NODES:-0}" -1 1); do
  "$here/node/down.sh" "$i" || echo "node $i's clean-up failed (see above)" >&2
done

# What is left, in reverse start order.
for p in $(tr ' ' '\n' <<<"${PROCESSES:-}" | tac); do
  IFS=: read -r name comm pid <<<"$p"
  if alive "$pid" "$comm"; then echo "stopping $name (pid $pid)"; stop TERM "$pid"; fi
done

if [[ "${1:-}" == --keep-logs ]]; then
  rm -rf "${STATE_DIR:?}/etcd" "${STATE_DIR:?}/pki"
else
  rm -rf "${STATE_DIR:?}"
fi
rm -rf "$CLUSTER_DIR"
echo "cluster down"
