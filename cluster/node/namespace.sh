#!/usr/bin/env bash
# namespace.sh NODE_DIR KEEP_DIR...: run by `unshare -m --propagation private`
# as the node's mount namespace holder. It makes the node's own filesystem
# view and stays there (sleeping) for the node's processes to join (nsenter):
# - the root is an overlay of the machine's root, so every write the node
#   makes outside the directories below lands in NODE_DIR/fs/upper;
# - /data, /var/lib/containerd, /var/lib/kubelet, /var/log/pods and
#   /var/lib/local-path-provisioner (the provisioned volumes) are plain
#   directories under NODE_DIR (overlayfs cannot hold containerd's snapshots);
# - /proc, /sys and /dev are the machine's; KEEP_DIRs (the cluster's state)
#   appear at their own paths, unchanged;
# - /etc/resolv.conf names 127.0.0.1 only.
# Nothing mounted here is seen outside, and it all goes when the last process
# in the namespace exits.
set -euo pipefail
node_dir="$1"; shift
root="$node_dir/fs/root"
mount -t overlay remind-me-node -o "lowerdir=/,upperdir=$node_dir/fs/upper,workdir=$node_dir/fs/work" "$root"
for d in proc sys dev; do mount --rbind "/$d" "$root/$d"; done
for d in "$@"; do mkdir -p "$root$d"; mount --bind "$d" "$root$d"; done
for d in data var/lib/containerd var/lib/kubelet var/log/pods var/lib/local-path-provisioner; do
  mkdir -p "$node_dir/$d" "$root/$d"
  mount --bind "$node_dir/$d" "$root/$d"
done
cd "$root"
mkdir -p .machine-root
pivot_root . .machine-root
cd /
umount -l /.machine-root
rmdir /.machine-root
# Names resolve nowhere on the node: nothing it looks up leaves the machine.
rm -f /etc/resolv.conf
echo "nameserver 127.0.0.1" > /etc/resolv.conf
touch "$node_dir/namespace-ready"
exec sleep infinity
