#!/usr/bin/env bash
# Builds kube-router at the release pinned in go.mod (static, as its release
# build does) into the cache. Only its firewall (NetworkPolicy) controller is
# run (see up.sh). Prints the binary.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../env.sh"

bin="$KUBE_ROUTER_BIN/kube-router"
if [[ -x "$bin" ]]; then echo "$bin"; exit 0; fi
command -v go >/dev/null || { echo "building kube-router needs Go 1.21 or later (https://go.dev/dl)" >&2; exit 1; }
mkdir -p "$KUBE_ROUTER_BIN"
start=$SECONDS
echo "building kube-router $KUBE_ROUTER_VERSION" >&2
# Its release build stamps the version (shown by --version and in the log).
(cd "$here" && CGO_ENABLED=0 nice -n 10 go build -trimpath -buildvcs=false \
  -ldflags "-s -w -X github.com/cloudnativelabs/kube-router/v2/pkg/version.Version=$KUBE_ROUTER_VERSION" \
  -o "$bin.tmp" github.com/cloudnativelabs/kube-router/v2/cmd/kube-router)
mv "$bin.tmp" "$bin"
echo "built kube-router after $((SECONDS - start))s" >&2
echo "$bin"
