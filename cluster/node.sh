#!/usr/bin/env bash
# `npm run cluster:node -- [--node N] COMMAND...`: runs COMMAND on node N
# (default 1), that is in its filesystem view (its own /data,
# /var/lib/kubelet, ...) and on its network, as `minikube ssh -n NODE --
# COMMAND` does. Example, the operator's step that prepares the chapter's
# hostPath volume for the API's user:
#   npm run cluster:node -- install -d -o 10001 -g 10001 /data
set -euo pipefail
[[ "${1:-}" == --node ]] && { export NODE_INDEX="${2:-}"; shift 2 || true; }
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/env.sh"
load_state
(( $# )) || { echo "usage: npm run cluster:node -- [--node N] COMMAND [ARG...]" >&2; exit 2; }
alive "$(node_pid)" sleep || { echo "the cluster has no node $NODE_INDEX (started with --control-plane-only, or fewer --nodes?)" >&2; exit 1; }
exec nsenter -t "$(node_pid)" -m -n -- "$@"
