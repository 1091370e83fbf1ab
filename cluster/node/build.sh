#!/usr/bin/env bash
# Builds the node's pause image from the pause.c that the pinned
# k8s.io/kubernetes module ships (the same program as registry.k8s.io/pause),
# once, into the cache keyed by the Kubernetes version. Prints the archive.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../env.sh"

if [[ -f "$PAUSE_ARCHIVE" ]]; then echo "$PAUSE_ARCHIVE"; exit 0; fi
src="$(cd "$here/.." && go list -m -f '{{.Dir}}' k8s.io/kubernetes)/build/pause"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
gcc -Os -Wall -Werror -static -DVERSION="$KUBE_VERSION" -o "$work/pause" "$src/linux/pause.c"
mkdir -p "$(dirname "$PAUSE_ARCHIVE")"
# 65535: the user the upstream pause image runs as.
"$here/oci-image.sh" "$PAUSE_ARCHIVE" "$PAUSE_IMAGE" 65535 /pause "$work/pause"
echo "$PAUSE_ARCHIVE"
