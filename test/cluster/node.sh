#!/usr/bin/env bash
# `npm run cluster:node -- COMMAND...`: runs COMMAND on the node, that is in
# its filesystem view (its own /data, /var/lib/kubelet, ...), as
# `minikube ssh -- COMMAND` does. Example, the operator's step that prepares
# the chapter's hostPath volume for the API's user:
#   npm run cluster:node -- install -d -o 10001 -g 10001 /data
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/env.sh"
load_state
(( $# )) || { echo "usage: npm run cluster:node -- COMMAND [ARG...]" >&2; exit 2; }
alive "${node_namespace_PID:-}" sleep || { echo "the cluster has no node (started with --control-plane-only?)" >&2; exit 1; }
exec nsenter -t "$node_namespace_PID" -m -- "$@"
