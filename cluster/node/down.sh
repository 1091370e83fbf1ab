#!/usr/bin/env bash
# Stops the node and undoes what it did to the machine, in this order:
# the add-ons on the machine (the provisioner, kube-router), kube-proxy and
# the kubelet (API clients), the pods' processes (everything in
# the kubelet's `kubepods` cgroups), containerd and its shims (everything left
# in the node's mount namespace), then the namespace itself, which takes its
# mounts and the pods' network namespaces (and their veths) with it. Then the
# pod bridge, the iptables rules and chains of kube-proxy, the kubelet and
# kube-router, kube-router's ipsets, the pods' conntrack entries, the empty
# cgroups, and the kernel settings recorded at start. Node N > 1
# (node/down.sh N) has no rules, sets, bridge or settings on the machine: they
# go with its network namespace; its forwarders, veth pair, route and cgroup
# root are removed instead. Run by down.sh, for every node, the last first;
# safe to run twice.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../env.sh"
node_script "${1:-}"
s="$NODE_SUFFIX"

ours() { # NAME: the recorded pid of component NAME, if it still runs it
  local p name comm pid
  for p in ${PROCESSES:-}; do
    IFS=: read -r name comm pid <<<"$p"
    [[ "$name" == "$1" ]] && alive "$pid" "$comm" && echo "$pid"
  done
  return 0
}

# The provisioner serves the whole cluster; it stops with node 1.
clients=("kube-router$s" "kube-proxy$s" "kubelet$s")
[[ -z "$NODE_NETNS" ]] && clients=(local-path-provisioner "${clients[@]}")
for c in "${clients[@]}"; do
  pid="$(ours "$c")"
  [[ -n "$pid" ]] && echo "stopping $c (pid $pid)" && stop TERM "$pid"
done

# The kubelet puts every pod process under the kubepods cgroup; with the
# kubelet gone nothing restarts them. SIGTERM first, as a pod's deletion does.
pods=($(find /sys/fs/cgroup/*"${NODE_CGROUP_ROOT%/}"/kubepods -name cgroup.procs -exec cat {} + 2>/dev/null | sort -u || true))
(( ${#pods[@]} )) && echo "stopping ${#pods[@]} pod processes" && stop TERM "${pods[@]}"

namespace="$(ours "node-namespace$s")"
if [[ -n "$namespace" ]]; then
  mnt="$(readlink "/proc/$namespace/ns/mnt")"
  # containerd, then its shims: every other process in the node's namespace.
  containerd="$(ours "containerd$s")"
  [[ -n "$containerd" ]] && echo "stopping containerd (pid $containerd)" && stop TERM "$containerd"
  rest=()
  for d in /proc/[0-9]*; do
    pid="${d#/proc/}"
    [[ "$pid" != "$namespace" && "$(readlink "$d/ns/mnt" 2>/dev/null)" == "$mnt" ]] && rest+=("$pid")
  done
  (( ${#rest[@]} )) && echo "stopping ${#rest[@]} other processes of the node" && stop TERM "${rest[@]}"
  echo "removing the node's mount namespace (pid $namespace)"
  stop TERM "$namespace"
fi

if [[ -n "$NODE_NETNS" ]]; then
  for c in api-forwarder-in api-forwarder; do
    pid="$(ours "$c$s")"
    [[ -n "$pid" ]] && echo "stopping $c$s (pid $pid)" && stop TERM "$pid"
  done
  # The machine's end takes the node's end and the route to its pods with it.
  ip link show "$NODE_NETNS" >/dev/null 2>&1 && ip link del "$NODE_NETNS" && echo "removed interface $NODE_NETNS"
  ip netns list | grep -qw "$NODE_NETNS" && ip netns del "$NODE_NETNS" && echo "removed network namespace $NODE_NETNS"
  # Its cgroup root, empty now, deepest first: in every hierarchy, the cgroup v2
  # one too (containerd makes it there).
  for root in /sys/fs/cgroup/*"$NODE_CGROUP_ROOT"; do
    [[ -d "$root" ]] && find "$root" -depth -type d -exec rmdir {} + 2>/dev/null || true
  done
  exit 0
fi

if [[ "${NODE_BRIDGE_MADE:-0}" == 1 ]] && ip link show "$NODE_BRIDGE" >/dev/null 2>&1; then
  # A pod's network namespace can outlive the node's mount namespace for a while (the
  # kernel frees it later): its veth would stay behind on the machine. Removing the
  # machine's end removes both.
  for veth in $(ip -o link show master "$NODE_BRIDGE" type veth | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }'); do
    ip link del "$veth" 2>/dev/null && echo "removed interface $veth"
  done
  ip link del "$NODE_BRIDGE" && echo "removed interface $NODE_BRIDGE"
fi

# kube-proxy removes its rules only when asked; the kubelet's own chains
# (KUBE-FIREWALL, KUBE-KUBELET-CANARY, KUBE-IPTABLES-HINT, in IPv4 and IPv6)
# are removed here, with every rule that jumps to them.
"$KUBE_BIN/kube-proxy" --cleanup >/dev/null 2>&1 || true
for family in iptables ip6tables; do
  for table in filter nat mangle; do
    "$family-save" -t "$table" 2>/dev/null | sed -n 's/^-A \([A-Z]*\) \(.*-j KUBE-.*\)$/\1 \2/p' | while read -r chain rule; do
      eval "$family -t $table -D $chain $rule" 2>/dev/null || true
    done
    # Every chain emptied before any is deleted: they may jump to each other.
    chains="$("$family-save" -t "$table" 2>/dev/null | sed -n 's/^:\(KUBE-[^ ]*\) .*/\1/p')"
    for chain in $chains; do "$family" -t "$table" -F "$chain" 2>/dev/null || true; done
    for chain in $chains; do "$family" -t "$table" -X "$chain" 2>/dev/null || true; done
  done
done
# kube-router's sets (once no rule uses them). Its own `--cleanup-config`
# cannot do it here: it panics in the service proxy's clean-up (no IPVS).
for set in $(ipset list -n 2>/dev/null | grep -E "$KUBE_ROUTER_IPSETS"); do
  ipset destroy "$set" && echo "removed ipset $set"
done
for range in "$POD_CIDR" "$SERVICE_CIDR"; do
  conntrack -D --orig-src "$range" >/dev/null 2>&1 || true
  conntrack -D --orig-dst "$range" >/dev/null 2>&1 || true
done

# Empty cgroups the kubelet made, deepest first.
for root in /sys/fs/cgroup/*/kubepods /sys/fs/cgroup/*/kubepods.slice; do
  [[ -d "$root" ]] && find "$root" -depth -type d -exec rmdir {} + 2>/dev/null || true
done

if [[ -f "$CLUSTER_DIR/sysctls" ]]; then
  while IFS='=' read -r key value; do
    [[ "$(cat "/proc/sys/$key")" == "$value" ]] || { echo "$value" > "/proc/sys/$key"; echo "restored $key = $value"; }
  done < "$CLUSTER_DIR/sysctls"
fi
