#!/usr/bin/env bash
# Builds rancher's local-path-provisioner at the release pinned in go.mod
# (static, as its release build does) into the cache, and the image of its
# helper pod: the provisioner makes and removes each volume's directory with
# a pod that runs `sh`, and none of the project's images has one, so the
# helper is Debian's busybox-static alone, packed like the pause image and
# keyed by the package's version. Prints the binary and the image archive.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../env.sh"

bin="$LOCAL_PATH_BIN/local-path-provisioner"
if [[ ! -x "$bin" ]]; then
  command -v go >/dev/null || { echo "building local-path-provisioner needs Go 1.23 or later (https://go.dev/dl)" >&2; exit 1; }
  mkdir -p "$LOCAL_PATH_BIN"
  start=$SECONDS
  echo "building local-path-provisioner $LOCAL_PATH_VERSION" >&2
  (cd "$here" && CGO_ENABLED=0 nice -n 10 go build -trimpath -buildvcs=false \
    -ldflags "-s -w -X main.VERSION=$LOCAL_PATH_VERSION" -o "$bin.tmp" github.com/rancher/local-path-provisioner)
  mv "$bin.tmp" "$bin"
  echo "built local-path-provisioner after $((SECONDS - start))s" >&2
fi

if [[ ! -f "$HELPER_ARCHIVE" ]]; then
  busybox="$(command -v busybox)" || { echo "missing busybox (apt-get install busybox-static)" >&2; exit 1; }
  file -b "$busybox" | grep -q 'statically linked' || { echo "$busybox is not static: apt-get install busybox-static" >&2; exit 1; }
  # The provisioner runs `/bin/sh /script/setup`; this busybox's sh runs its
  # own applets (mkdir, rm) without looking them up, so one file is the image.
  "$here/../../node/oci-image.sh" "$HELPER_ARCHIVE" "$HELPER_IMAGE" 0 /bin/sh "$busybox=/bin/sh"
fi
echo "$bin"
echo "$HELPER_ARCHIVE"
