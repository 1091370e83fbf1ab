#!/usr/bin/env bash
# Builds CoreDNS at the release pinned in go.mod (static: the image has no C
# library) and packs it as an OCI image archive in the cache. Prints the archive.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../env.sh"

if [[ -f "$COREDNS_ARCHIVE" ]]; then echo "$COREDNS_ARCHIVE"; exit 0; fi
command -v go >/dev/null || { echo "building CoreDNS needs Go 1.25 or later (https://go.dev/dl)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
start=$SECONDS
echo "building CoreDNS $COREDNS_VERSION" >&2
(cd "$here" && CGO_ENABLED=0 nice -n 10 go build -trimpath -buildvcs=false -ldflags "-s -w" -o "$work/coredns" github.com/coredns/coredns)
mkdir -p "$CACHE"
# Root, as kubeadm runs it; the Deployment drops every capability but
# NET_BIND_SERVICE (port 53).
"$here/../../node/oci-image.sh" "$COREDNS_ARCHIVE" "$COREDNS_IMAGE" 0 /coredns "$work/coredns"
echo "built CoreDNS after $((SECONDS - start))s" >&2
echo "$COREDNS_ARCHIVE"
