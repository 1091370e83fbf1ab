#!/usr/bin/env bash
# oci-image.sh OUT.tar NAME:TAG USER ENTRYPOINT FILE[=PATH]...
# Packs static binaries into a one-layer OCI image archive (no registry, no
# Docker): each FILE lands at PATH, by default /<basename>; ENTRYPOINT runs as USER. The index
# names the image by its full reference, so `ctr images import` keeps that
# name instead of inventing an `import-<date>:<tag>` one.
set -euo pipefail
out="$1" ref="$2" user="$3" entrypoint="$4"; shift 4

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
umoci init --layout "$work/layout"
umoci new --image "$work/layout:img"
umoci unpack --image "$work/layout:img" "$work/bundle" >/dev/null
for f in "$@"; do
  src="${f%%=*}" dest="/$(basename "${f%%=*}")"
  [[ "$f" == *=* ]] && dest="${f#*=}"
  install -D -m 0755 "$src" "$work/bundle/rootfs$dest"
done
umoci repack --image "$work/layout:img" "$work/bundle"
umoci config --image "$work/layout:img" --config.user "$user" --config.entrypoint "$entrypoint" \
  --architecture amd64 --os linux
umoci gc --layout "$work/layout"
jq --arg ref "$ref" '.manifests[0].annotations["org.opencontainers.image.ref.name"] = $ref' \
  "$work/layout/index.json" > "$work/index.json"
mv "$work/index.json" "$work/layout/index.json"
tar -C "$work/layout" -cf "$out.tmp" . && mv "$out.tmp" "$out"
