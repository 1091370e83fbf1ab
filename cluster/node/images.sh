#!/usr/bin/env bash
# images.sh ARCHIVE...: imports OCI image archives into the node's containerd
# (namespace k8s.io, where the kubelet looks), under the names pods use.
# A pod's `remind-me-api:1.0.0` means `docker.io/library/remind-me-api:1.0.0`
# to the kubelet, while ctr keeps an archive's name as written: such names are
# retagged in full. Run by node/up.sh, or by hand on a running cluster to load
# a rebuilt image.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../env.sh"
load_state
ctr=(in_node ctr --address /run/containerd/containerd.sock -n k8s.io)

# The full name the kubelet looks up for an image reference.
full_name() {
  local first="${1%%/*}"
  if [[ "$1" != */* ]]; then echo "docker.io/library/$1"
  elif [[ "$first" == *.* || "$first" == *:* || "$first" == localhost ]]; then echo "$1"
  else echo "docker.io/$1"; fi
}

for archive in "$@"; do
  [[ -f "$archive" ]] || { echo "no image archive $archive" >&2; exit 1; }
  archive="$(realpath "$archive")"   # the node sees the same absolute paths, not this directory
  names="$("${ctr[@]}" images import "$archive" | sed -n 's/^unpacking \(.*\) (sha256:.*$/\1/p')"
  for name in $names; do
    full="$(full_name "$name")"
    if [[ "$full" != "$name" ]]; then
      "${ctr[@]}" images tag --force "$name" "$full" >/dev/null
      "${ctr[@]}" images rm "$name" >/dev/null
    fi
    echo "image $full from $(basename "$archive")"
  done
done
# An archive that names no image comes in as `import-<date>:...`, which
# confuses the kubelet's lookup by digest: drop such names.
for name in $("${ctr[@]}" images ls -q | grep '^import-' || true); do "${ctr[@]}" images rm "$name" >/dev/null; done
