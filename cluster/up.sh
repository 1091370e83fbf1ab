#!/usr/bin/env bash
# `npm run cluster:up`: a whole Kubernetes cluster on this machine, set up like
# a production one: the control plane on 127.0.0.1 (control-plane/up.sh), one
# node (node/up.sh) and its add-ons: DNS (addons/coredns/up.sh), the
# NetworkPolicy engine on every node (addons/kube-router/up.sh) and the volume
# provisioner (addons/local-path/up.sh).
# `--nodes N`: N nodes (default 1), the same scripts with each node's settings
# (env.sh's use_node). `--control-plane-only`: no node, so pods stay Pending
# (the fast suite).
# Writes .cluster/kubeconfig (admin) and .cluster/state; a no-op when up.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/env.sh"
usage="usage: up.sh [--nodes N | --control-plane-only]"
mode="" nodes=1
while (( $# )); do
  case "$1" in
    --control-plane-only) mode="$1" nodes=0 ;;
    --nodes) [[ "${2:-}" =~ ^[1-9]$ ]] && (( $2 <= MAX_NODES )) || { echo "--nodes: 1 to $MAX_NODES" >&2; exit 2; }
      nodes="$2"; shift ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
  shift
done
with_node=1; (( nodes )) || with_node=0

# A cluster that is already up and answering is reused as it is.
if [[ -f "$CLUSTER_DIR/state" ]]; then
  if "$here/status.sh" >/dev/null 2>&1; then
    running="$(source "$CLUSTER_DIR/state"; echo "${NODES:-0}")"
    if [[ "$running" != "$nodes" ]]; then
      echo "a cluster with $running node(s) is up: npm run cluster:down first" >&2
      exit 1
    fi
    echo "cluster already up: export KUBECONFIG=$CLUSTER_DIR/kubeconfig"
    exit 0
  fi
  echo "found a stale cluster state; cleaning it up first"
  "$here/down.sh"
fi

for tool in etcd openssl kubectl node; do
  command -v "$tool" >/dev/null || { echo "missing $tool (etcd: apt-get install etcd-server)" >&2; exit 1; }
done
if [[ $with_node == 1 ]]; then
  for tool in containerd runc ctr unshare nsenter iptables ipset conntrack /usr/lib/cni/bridge umoci gcc busybox; do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install containerd runc containernetworking-plugins iptables ipset conntrack umoci gcc busybox-static)" >&2; exit 1; }
  done
fi
if (( nodes > 1 )); then
  command -v socat >/dev/null || { echo "missing socat, the API forwarder of nodes 2 and up (apt-get install socat)" >&2; exit 1; }
fi
"$here/build.sh" $mode >/dev/null   # builds the components only when absent from the cache

start=$SECONDS
mkdir -p "$CLUSTER_DIR"
STATE_DIR="$(mktemp -d -t remind-me-cluster.XXXXXX)"
echo "STATE_DIR=$STATE_DIR" > "$CLUSTER_DIR/state"
echo "NODE=$with_node" >> "$CLUSTER_DIR/state"
echo "NODES=$nodes" >> "$CLUSTER_DIR/state"
trap 'echo "cluster:up failed; logs were in $STATE_DIR" >&2; "$here/down.sh" --keep-logs >&2' ERR

"$here/control-plane/up.sh"
echo "control plane started after $((SECONDS - start))s"
if [[ $with_node == 1 ]]; then
  for i in $(seq "$nodes"); do
    "$here/node/up.sh" "$i"
    echo "node $i Ready after $((SECONDS - start))s"
  done
  "$here/addons/coredns/up.sh"
  for i in $(seq "$nodes"); do "$here/addons/kube-router/up.sh" "$i"; done
  "$here/addons/local-path/up.sh"
fi
"$here/status.sh" --wait 60
echo "cluster up in $((SECONDS - start))s: export KUBECONFIG=$CLUSTER_DIR/kubeconfig  (logs: $STATE_DIR)"
