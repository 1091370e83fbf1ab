#!/usr/bin/env bash
# One node: containerd and the kubelet in a mount namespace of their own (see
# namespace.sh), pods on a bridge (CNI bridge + host-local) whose gateway is
# the node's address, kube-proxy in iptables mode, and the images the node
# runs imported into containerd. Run by up.sh after control-plane/up.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../env.sh"
load_state

# The node's fixed ports; another kubelet or kube-proxy here would take them.
for port in "${NODE_PORTS[@]}"; do
  if ss -Hltn "sport = :$port" | grep -q .; then echo "port $port is in use: is another kubelet or kube-proxy running?" >&2; exit 1; fi
done
if ip link show "$NODE_BRIDGE" >/dev/null 2>&1; then echo "interface $NODE_BRIDGE exists already: another node network?" >&2; exit 1; fi

# Kernel settings as they are now, restored by down.sh.
for s in "${NODE_SYSCTLS[@]}"; do echo "$s=$(cat "/proc/sys/$s")"; done > "$CLUSTER_DIR/sysctls"

# The node's address is its pod bridge's gateway, made before the kubelet
# starts so it can serve there; the bridge plugin then adds the pods to it.
ip link add "$NODE_BRIDGE" type bridge
record "NODE_BRIDGE_MADE=1"
ip addr add "$NODE_IP/${NODE_POD_CIDR#*/}" dev "$NODE_BRIDGE"
ip link set "$NODE_BRIDGE" up

# --- identities -------------------------------------------------------------
cert ca kubelet "/O=system:nodes/CN=system:node:$NODE_NAME" clientAuth
cert ca kubelet-serving "/CN=$NODE_NAME" serverAuth "IP:$NODE_IP,DNS:$NODE_NAME"
cert ca kube-proxy "/CN=system:kube-proxy" clientAuth
kubeconfig "$STATE_DIR/kubelet.kubeconfig" kubelet
kubeconfig "$STATE_DIR/kube-proxy.kubeconfig" kube-proxy

# --- configuration --------------------------------------------------------------
mkdir -p "$NODE_DIR"/{fs/upper,fs/work,fs/root,etc/cni}
export NODE_DIR NODE_IP NODE_NAME NODE_BRIDGE NODE_POD_CIDR POD_CIDR CLUSTER_DNS CLUSTER_DOMAIN PAUSE_IMAGE STATE_DIR PKI="$pki"
render "$here/containerd.toml" > "$NODE_DIR/etc/containerd.toml"
render "$here/cni.conflist" > "$NODE_DIR/etc/cni/10-remind-me.conflist"
render "$here/kubelet.yaml" > "$NODE_DIR/etc/kubelet.yaml"
render "$here/kube-proxy.yaml" > "$NODE_DIR/etc/kube-proxy.yaml"

# --- processes ----------------------------------------------------------------
COMM=sleep start node-namespace unshare -m --propagation private -- \
  "$here/namespace.sh" "$NODE_DIR" "$CLUSTER_DIR" "$STATE_DIR"
until_true 10 "the node's mount namespace" test -f "$NODE_DIR/namespace-ready"

# There is no registry: a pull of an image that was not imported must fail here
# and now, not leave the machine. The node's resolv.conf points at 127.0.0.1
# (namespace.sh) and containerd's HTTP goes through a proxy at 127.0.0.1:1,
# where nothing answers.
start containerd env HTTPS_PROXY=http://127.0.0.1:1 HTTP_PROXY=http://127.0.0.1:1 NO_PROXY= \
  nsenter -t "$node_namespace_PID" -m -- containerd --config "$NODE_DIR/etc/containerd.toml"
until_true 30 "containerd answering" in_node ctr --address /run/containerd/containerd.sock version

# The images of `npm run images` (images/images.ts lists them: the servers' and the
# examples'), all built first when one is missing.
list="$(cd "$REPO_ROOT" && node --import tsx images/images.ts)"
archives=()
missing=0
while read -r _ _ archive; do archives+=("$archive"); [[ -f "$archive" ]] || missing=1; done <<<"$list"
if (( missing )); then (cd "$REPO_ROOT" && npm run --silent images) >&2; fi
# The node's own images first; the project's (tens of MB) load while the kubelet starts.
"$here/images.sh" "$PAUSE_ARCHIVE" "$COREDNS_ARCHIVE" "$HELPER_ARCHIVE"
"$here/images.sh" "${archives[@]}" &
imports=$!

start kubelet nsenter -t "$node_namespace_PID" -m -- "$KUBE_BIN/kubelet" \
  --config "$NODE_DIR/etc/kubelet.yaml" --kubeconfig "$STATE_DIR/kubelet.kubeconfig" \
  --hostname-override "$NODE_NAME" --node-ip "$NODE_IP" --v 1
start kube-proxy nsenter -t "$node_namespace_PID" -m -- "$KUBE_BIN/kube-proxy" \
  --config "$NODE_DIR/etc/kube-proxy.yaml"

node_ready() {
  [[ "$(kubectl --kubeconfig "$CLUSTER_DIR/kubeconfig" get node "$NODE_NAME" \
    -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}')" == True ]]
}
until_true 90 "node $NODE_NAME Ready" node_ready
echo "node $NODE_NAME Ready"
wait "$imports"
