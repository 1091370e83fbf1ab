#!/usr/bin/env bash
# The DNS add-on: CoreDNS (coredns.yaml) with its own client certificate, its
# health and readiness endpoints on free ports. Run by up.sh after node/up.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../env.sh"
load_state
kc=(kubectl --kubeconfig "$CLUSTER_DIR/kubeconfig")

read -r DNS_HEALTH_PORT DNS_READY_PORT < <(free_ports 2)
cert ca coredns "/CN=coredns" clientAuth
kubeconfig "$STATE_DIR/coredns.kubeconfig" coredns
"${kc[@]}" -n kube-system create secret generic coredns-kubeconfig \
  --from-file kubeconfig="$STATE_DIR/coredns.kubeconfig" >/dev/null
export CLUSTER_DOMAIN CLUSTER_DNS COREDNS_IMAGE DNS_HEALTH_PORT DNS_READY_PORT
render "$here/coredns.yaml" | "${kc[@]}" apply -f - >/dev/null
"${kc[@]}" -n kube-system rollout status deployment/coredns --timeout 90s
