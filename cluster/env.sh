# Shared settings of the cluster scripts (sourced, not run).
CLUSTER_SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# go.mod version of MODULE in the go.mod of DIR (single source of truth).
pinned() { awk -v m="$2" '{ for (i = 1; i < NF; i++) if ($i == m && $(i+1) ~ /^v[0-9]/) { print $(i+1); exit } }' "$1/go.mod"; }

# Built binaries and images live outside the repository, keyed by version, so
# a fresh clone reuses them.
CACHE="${REMIND_ME_CACHE:-$HOME/.cache/remind-me-k8s}"
KUBE_VERSION="$(pinned "$CLUSTER_SCRIPTS" k8s.io/kubernetes)"
KUBE_BIN="$CACHE/kube-$KUBE_VERSION"
# The pause program comes from the same module, so it is keyed by that version.
PAUSE_IMAGE="localhost/remind-me/pause:$KUBE_VERSION"
PAUSE_ARCHIVE="$CACHE/pause-$KUBE_VERSION.tar"
COREDNS_VERSION="$(pinned "$CLUSTER_SCRIPTS/addons/coredns" github.com/coredns/coredns)"
COREDNS_IMAGE="localhost/remind-me/coredns:${COREDNS_VERSION#v}"
COREDNS_ARCHIVE="$CACHE/coredns-$COREDNS_VERSION.tar"
# The NetworkPolicy engine (kube-router's firewall controller) and the volume
# provisioner run on the host, as binaries.
KUBE_ROUTER_VERSION="$(pinned "$CLUSTER_SCRIPTS/addons/kube-router" github.com/cloudnativelabs/kube-router/v2)"
KUBE_ROUTER_BIN="$CACHE/kube-router-$KUBE_ROUTER_VERSION"
# The ipsets it makes: one per policy's sources and destinations, and the
# temporary ones of its atomic swaps.
KUBE_ROUTER_IPSETS='^(KUBE-SRC-|KUBE-DST-|TMP-)'
LOCAL_PATH_VERSION="$(pinned "$CLUSTER_SCRIPTS/addons/local-path" github.com/rancher/local-path-provisioner)"
LOCAL_PATH_BIN="$CACHE/local-path-provisioner-$LOCAL_PATH_VERSION"
# Its helper pod's image: Debian's busybox-static, keyed by the package's version.
BUSYBOX_VERSION="$(dpkg-query -W -f '${Version}' busybox-static 2>/dev/null | sed 's/^[0-9]*://; s/[^A-Za-z0-9_.-]/_/g')"
HELPER_IMAGE="localhost/remind-me/busybox:${BUSYBOX_VERSION:-missing}"
HELPER_ARCHIVE="$CACHE/busybox-${BUSYBOX_VERSION:-missing}.tar"

# State of a running cluster: kubeconfig, pids, ports and the node's files (gitignored).
REPO_ROOT="$(cd "$CLUSTER_SCRIPTS/.." && pwd)"
CLUSTER_DIR="$REPO_ROOT/.cluster"

# Address ranges that exist only on this machine: a node's own address is the
# gateway of its pod bridge, so nothing listens on the machine's interfaces.
SERVICE_CIDR=10.96.0.0/16
CLUSTER_DNS=10.96.0.10
POD_CIDR=10.244.0.0/16
NODE_BRIDGE=cni0
# The first node's fixed ports: kubelet healthz and API, kube-proxy metrics and healthz.
NODE_PORTS=(10248 10250 10249 10256)
CLUSTER_DOMAIN=cluster.local
# At most this many nodes (one /24 of POD_CIDR and one /30 of links each).
MAX_NODES=8

# use_node N: the settings of node N (1 unless NODE_INDEX says), named the same on
# every machine. Every node is the same scripts with these settings. Node 1 runs on
# the machine's network with the pod range 10.244.0.0/24. Node N > 1 runs in a
# network namespace of its own, rmnN, reached through a veth pair (the machine's
# end rmnN on 10.245.0.(4N-7)/30, the node's eth0 on the next address) with the
# route to its pod range 10.244.(N-1).0/24, and its kubelet's pods under a
# cgroup root of their own (two kubelets must not share `kubepods`).
use_node() {
  NODE_INDEX="$1"
  [[ "$NODE_INDEX" =~ ^[1-9]$ ]] && (( NODE_INDEX <= MAX_NODES )) || { echo "node $NODE_INDEX: expected 1 to $MAX_NODES" >&2; exit 2; }
  local n=$((NODE_INDEX - 1))
  NODE_POD_CIDR="10.244.$n.0/24"
  NODE_IP="10.244.$n.1"
  if (( NODE_INDEX == 1 )); then
    NODE_NAME=remind-me-node NODE_SUFFIX="" NODE_NETNS="" NODE_CGROUP_ROOT=/
  else
    NODE_NAME="remind-me-node-$NODE_INDEX" NODE_SUFFIX="-$NODE_INDEX" NODE_NETNS="rmn$NODE_INDEX"
    NODE_CGROUP_ROOT="/$NODE_NAME"
    NODE_LINK_IP="10.245.0.$((4 * NODE_INDEX - 7))" NODE_LINK_PEER_IP="10.245.0.$((4 * NODE_INDEX - 6))"
  fi
  NODE_DIR="$CLUSTER_DIR/node$NODE_SUFFIX"
}
use_node "${NODE_INDEX:-1}"

# load_state: the running cluster's settings (.cluster/state) and the script
# helpers, or exit 1 naming the command that starts one.
load_state() {
  [[ -f "$CLUSTER_DIR/state" ]] || { echo "no cluster running: npm run cluster:up" >&2; exit 1; }
  source "$CLUSTER_DIR/state"
  source "$CLUSTER_SCRIPTS/lib.sh"
}

# node_script N: how node/up.sh and node/down.sh begin: the settings of node N (1
# when N is empty), passed on to the scripts they run, then the running cluster's.
node_script() {
  use_node "${1:-1}"
  export NODE_INDEX
  load_state
}
