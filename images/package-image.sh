#!/usr/bin/env bash
# package-image.sh NAME REF TIMESTAMP: makes the image of a Debian package that images.ts
# lists under NAME (an examples' image contract) and names it REF in buildah's storage.
# Its root filesystem is a base (debian.sh: mmdebstrap, cached by its inputs); the contract's
# user, port, environment and entrypoint are set on top, with every date at TIMESTAMP.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/env.sh"
source "$here/debian.sh"
name=$1 ref=$2 timestamp=$3

# Assignments first, so a failing images.ts stops the script; then one argument a line.
args="$(node --import tsx "$here/images.ts" debian "$name")"
config="$(node --import tsx "$here/images.ts" config "$name")"
mapfile -t args <<<"$args"
mapfile -t config <<<"$config"

base="$(make_base "$name" "" "" "" "${args[@]}")"
container="$("${BUILDAH[@]}" from --quiet --pull=never "$base")"
"${BUILDAH[@]}" config "${config[@]}" "$container"
"${BUILDAH[@]}" commit --quiet --timestamp "$timestamp" --identity-label=false --rm "$container" "$ref" >/dev/null
