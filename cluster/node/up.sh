#!/usr/bin/env bash
# node/up.sh [N]: node N (default 1; settings in env.sh's use_node):
# containerd and the kubelet in a mount namespace of their own (see
# namespace.sh), pods on a bridge (CNI bridge + host-local) whose gateway is
# the node's address, kube-proxy in iptables mode, and the images the node
# runs imported into containerd. Node 1 uses the machine's network; node N > 1
# a network namespace of its own (wired below), where a forwarder serves the
# API server's 127.0.0.1 port, so every node uses the same kubeconfigs and the
# API server still listens on 127.0.0.1 only. Run by up.sh after
# control-plane/up.sh, for each node in turn.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../env.sh"
node_script "${1:-}"
# Node N's processes, certificates and files carry its suffix (kubelet-2, ...).
s="$NODE_SUFFIX"
nip=(ip); [[ -n "$NODE_NETNS" ]] && nip=(ip -n "$NODE_NETNS")

if [[ -z "$NODE_NETNS" ]]; then
  # The node's fixed ports; another kubelet or kube-proxy here would take them.
  for port in "${NODE_PORTS[@]}"; do
    if ss -Hltn "sport = :$port" | grep -q .; then echo "port $port is in use: is another kubelet or kube-proxy running?" >&2; exit 1; fi
  done
  if ip link show "$NODE_BRIDGE" >/dev/null 2>&1; then echo "interface $NODE_BRIDGE exists already: another node network?" >&2; exit 1; fi
  # Kernel settings as they are now, restored by down.sh.
  for setting in "${NODE_SYSCTLS[@]}"; do echo "$setting=$(cat "/proc/sys/$setting")"; done > "$CLUSTER_DIR/sysctls"
  record "NODE_BRIDGE_MADE=1"
else
  if ip netns list | grep -qw "$NODE_NETNS" || ip link show "$NODE_NETNS" >/dev/null 2>&1; then
    echo "network namespace or interface $NODE_NETNS exists already: another cluster's node?" >&2; exit 1
  fi
  # The node's network: a namespace, a veth pair to the machine, the machine's
  # route to the node's pods; the pods of every node reach each other through
  # the machine, which forwards (ip_forward: restored by node 1's down.sh).
  ip netns add "$NODE_NETNS"
  ip link add "$NODE_NETNS" type veth peer name eth0 netns "$NODE_NETNS"
  ip addr add "$NODE_LINK_IP/30" dev "$NODE_NETNS"
  ip link set "$NODE_NETNS" up
  "${nip[@]}" link set lo up
  "${nip[@]}" addr add "$NODE_LINK_PEER_IP/30" dev eth0
  "${nip[@]}" link set eth0 up
  "${nip[@]}" route add default via "$NODE_LINK_IP"
  ip route add "$NODE_POD_CIDR" via "$NODE_LINK_PEER_IP"
  echo 1 > /proc/sys/net/ipv4/ip_forward
  # Inside the namespace (its own settings): forwarding, and bridged pod
  # traffic through iptables as on the machine (kube-proxy, the firewall).
  nsenter --net="/run/netns/$NODE_NETNS" sh -c \
    'echo 1 > /proc/sys/net/ipv4/ip_forward; echo 1 > /proc/sys/net/bridge/bridge-nf-call-iptables'
  # The API server listens on 127.0.0.1 of the machine only: inside the
  # namespace a forwarder listens on 127.0.0.1:API_PORT and passes each
  # connection through a unix socket to one on the machine.
  sock="$STATE_DIR/api$s.sock"
  COMM=socat start "api-forwarder$s" socat "UNIX-LISTEN:$sock,fork,mode=600" "TCP:127.0.0.1:$API_PORT"
  until_true 10 "the API forwarder's socket" test -S "$sock"
  COMM=socat start "api-forwarder-in$s" nsenter --net="/run/netns/$NODE_NETNS" \
    socat "TCP-LISTEN:$API_PORT,bind=127.0.0.1,fork,reuseaddr" "UNIX-CONNECT:$sock"
  # The kubelet's pods under a cgroup root of their own, which must exist in
  # every cgroup v1 hierarchy (cpuset: with the parent's CPUs and memory nodes).
  for h in $(awk '$3 == "cgroup" { print $2 }' /proc/mounts); do
    mkdir -p "$h$NODE_CGROUP_ROOT"
    if [[ -f "$h/cpuset.cpus" ]]; then
      cat "$h/cpuset.cpus" > "$h$NODE_CGROUP_ROOT/cpuset.cpus"
      cat "$h/cpuset.mems" > "$h$NODE_CGROUP_ROOT/cpuset.mems"
    fi
  done
fi

# The node's address is its pod bridge's gateway, made before the kubelet
# starts so it can serve there; the bridge plugin then adds the pods to it.
"${nip[@]}" link add "$NODE_BRIDGE" type bridge
"${nip[@]}" addr add "$NODE_IP/${NODE_POD_CIDR#*/}" dev "$NODE_BRIDGE"
"${nip[@]}" link set "$NODE_BRIDGE" up

# --- identities -------------------------------------------------------------
cert ca "kubelet$s" "/O=system:nodes/CN=system:node:$NODE_NAME" clientAuth
cert ca "kubelet-serving$s" "/CN=$NODE_NAME" serverAuth "IP:$NODE_IP,DNS:$NODE_NAME"
cert ca "kube-proxy$s" "/CN=system:kube-proxy" clientAuth
kubeconfig "$STATE_DIR/kubelet$s.kubeconfig" "kubelet$s"
kubeconfig "$STATE_DIR/kube-proxy$s.kubeconfig" "kube-proxy$s"

# --- configuration --------------------------------------------------------------
mkdir -p "$NODE_DIR"/{fs/upper,fs/work,fs/root,etc/cni}
export NODE_DIR NODE_IP NODE_NAME NODE_SUFFIX NODE_CGROUP_ROOT NODE_BRIDGE NODE_POD_CIDR POD_CIDR CLUSTER_DNS CLUSTER_DOMAIN PAUSE_IMAGE STATE_DIR PKI="$pki"
render "$here/containerd.toml" > "$NODE_DIR/etc/containerd.toml"
render "$here/cni.conflist" > "$NODE_DIR/etc/cni/10-remind-me.conflist"
render "$here/kubelet.yaml" > "$NODE_DIR/etc/kubelet.yaml"
render "$here/kube-proxy.yaml" > "$NODE_DIR/etc/kube-proxy.yaml"

# --- processes ----------------------------------------------------------------
# Node N > 1: in its network namespace (nsenter, not `ip netns exec`, which
# remounts /sys: the cgroup mounts would vanish for the kubelet).
net=(); [[ -n "$NODE_NETNS" ]] && net=(nsenter --net="/run/netns/$NODE_NETNS")
COMM=sleep start "node-namespace$s" "${net[@]}" unshare -m --propagation private -- \
  "$here/namespace.sh" "$NODE_DIR" "$CLUSTER_DIR" "$STATE_DIR"
until_true 10 "the node's mount namespace" test -f "$NODE_DIR/namespace-ready"
on_node=(nsenter -t "$(node_pid)" -m -n --)

# There is no registry: a pull of an image that was not imported must fail here
# and now, not leave the machine. The node's resolv.conf points at 127.0.0.1
# (namespace.sh) and containerd's HTTP goes through a proxy at 127.0.0.1:1,
# where nothing answers.
COMM=containerd start "containerd$s" env HTTPS_PROXY=http://127.0.0.1:1 HTTP_PROXY=http://127.0.0.1:1 NO_PROXY= \
  "${on_node[@]}" containerd --config "$NODE_DIR/etc/containerd.toml"
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

COMM=kubelet start "kubelet$s" "${on_node[@]}" "$KUBE_BIN/kubelet" \
  --config "$NODE_DIR/etc/kubelet.yaml" --kubeconfig "$STATE_DIR/kubelet$s.kubeconfig" \
  --hostname-override "$NODE_NAME" --node-ip "$NODE_IP" --v 1
COMM=kube-proxy start "kube-proxy$s" "${on_node[@]}" "$KUBE_BIN/kube-proxy" \
  --config "$NODE_DIR/etc/kube-proxy.yaml"

node_ready() {
  [[ "$(kubectl --kubeconfig "$CLUSTER_DIR/kubeconfig" get node "$NODE_NAME" \
    -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}')" == True ]]
}
until_true 90 "node $NODE_NAME Ready" node_ready
echo "node $NODE_NAME Ready"
wait "$imports"
