#!/usr/bin/env bash
# The NetworkPolicy engine: kube-router's firewall controller alone (no BGP
# router, no service proxy: kube-proxy serves Services), as k3s embeds it. It
# turns every NetworkPolicy into iptables rules (chains KUBE-ROUTER-*,
# KUBE-POD-FW-*, KUBE-NWPLCY-*) matching ipsets (KUBE-SRC-*, KUBE-DST-*) on
# the traffic of the node's pods. It runs on the machine's network, in the
# node's mount namespace, with a client certificate of its own (rbac.yaml),
# no health or metrics listener. Run by up.sh after node/up.sh; node/down.sh
# stops it and removes its chains and sets.
set -euo pipefail
# up.sh N: on node N (default 1), on its network, as its kube-proxy.
export NODE_INDEX="${1:-1}"
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../env.sh"
load_state
command -v ipset >/dev/null || { echo "missing ipset (apt-get install ipset)" >&2; exit 1; }

cert ca kube-router "/CN=kube-router" clientAuth
kubeconfig "$STATE_DIR/kube-router.kubeconfig" kube-router
kubectl --kubeconfig "$CLUSTER_DIR/kubeconfig" apply -f "$here/rbac.yaml" >/dev/null

COMM=kube-router start "kube-router$NODE_SUFFIX" nsenter -t "$(node_pid)" -m -n -- "$KUBE_ROUTER_BIN/kube-router" \
  --run-firewall=true --run-router=false --run-service-proxy=false \
  --kubeconfig "$STATE_DIR/kube-router.kubeconfig" --hostname-override "$NODE_NAME" \
  --health-port 0 --metrics-port 0
# Its chains appear after the first full sync: from then on policies are enforced.
until_true 60 "kube-router's first sync on $NODE_NAME" in_node iptables -n -L KUBE-ROUTER-FORWARD
echo "NetworkPolicies enforced on $NODE_NAME (kube-router $KUBE_ROUTER_VERSION)"
