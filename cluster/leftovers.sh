#!/usr/bin/env bash
# Lists, one per line, what a cluster leaves on the machine while it runs: a
# component or pod process, a listening port of the node's, the pod bridge or
# a veth, the network namespace, route and cgroup root of a node after the
# first, an iptables chain of kube-proxy, the kubelet or kube-router, an
# ipset of kube-router, a mount under
# .cluster/, the state file. test.sh lists them before cluster:up and after
# cluster:down and fails on any line that is new, so every suite run also
# proves that `npm run cluster:down` cleans up (and nothing already on the
# machine, such as another containerd, is blamed on it).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/env.sh"

left=()
[[ -e "$CLUSTER_DIR/state" ]] && left+=("the state file $CLUSTER_DIR/state")
for comm in etcd kube-apiserver kube-controller kube-scheduler kubelet kube-proxy \
  containerd containerd-shim coredns pause kube-router local-path-prov socat; do   # comm: the first 15 characters
  # Exited processes waiting to be reaped (state Z) are gone already.
  pids="$(ps -eo pid=,stat=,comm= | awk -v c="$comm" '$3 == c && $2 !~ /^Z/ { printf "%s ", $1 }')"
  [[ -n "$pids" ]] && left+=("process $comm (pid $pids)")
done
for port in "${NODE_PORTS[@]}"; do
  ss -Hltn "sport = :$port" | grep -q . && left+=("a listener on port $port")
done
ip link show "$NODE_BRIDGE" >/dev/null 2>&1 && left+=("interface $NODE_BRIDGE")
veths="$(ip -o link show type veth 2>/dev/null | awk -F': ' '{print $2}' | tr '\n' ' ')"
[[ -n "$veths" ]] && left+=("veth interfaces $veths")
netns="$(ip netns list 2>/dev/null | awk '$1 ~ /^rmn[0-9]$/ { printf "%s ", $1 }')"
[[ -n "$netns" ]] && left+=("network namespaces $netns")
routes="$(ip route show 2>/dev/null | awk '$1 ~ /^10\.24[45]\./ { printf "%s; ", $0 }')"
[[ -n "$routes" ]] && left+=("routes $routes")
cgroups="$(ls -d /sys/fs/cgroup/*/remind-me-node-* 2>/dev/null | tr '\n' ' ')"
[[ -n "$cgroups" ]] && left+=("cgroups $cgroups")
for save in iptables-save ip6tables-save; do
  chains="$($save 2>/dev/null | grep -oE '^:KUBE-[A-Z0-9-]+' | tr '\n' ' ')"
  [[ -n "$chains" ]] && left+=("$save chains $chains")
done
sets="$(ipset list -n 2>/dev/null | grep -E "$KUBE_ROUTER_IPSETS" | tr '\n' ' ')"
[[ -n "$sets" ]] && left+=("ipsets $sets")
mounts="$(awk -v d="$CLUSTER_DIR" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | tr '\n' ' ')"
[[ -n "$mounts" ]] && left+=("mounts $mounts")

(( ${#left[@]} )) && printf '%s\n' "${left[@]}"
exit 0
