#!/usr/bin/env bash
# Builds the Helm CLI from the module pinned in go.mod, once, into a cache
# directory outside the repository keyed by the Helm version. Prints the
# binary's path. Only the chart checks use it (test/charts/helm, the cluster suite).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# The cache directory and pinned(): the cluster scripts' settings.
source "$here/../../../cluster/env.sh"

# The release is the one go.mod requires (single source of truth).
version="$(pinned "$here" helm.sh/helm/v3)"
bin="$CACHE/helm-$version/helm"
if [[ -x "$bin" ]]; then
  echo "$bin"
  exit 0
fi

command -v go >/dev/null || { echo "building Helm needs Go 1.26 or later (https://go.dev/dl)" >&2; exit 1; }

# The stamps Helm's own Makefile writes: its version, and the Kubernetes
# version its client libraries speak (lint's deprecation checks and
# .Capabilities.KubeVersion read it; unstamped it claims v1.20).
client_go="$(pinned "$here" k8s.io/client-go)"
minor="${client_go#v0.}"; minor="${minor%%.*}"
ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=$version -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
for pkg in helm.sh/helm/v3/pkg/lint/rules helm.sh/helm/v3/pkg/chartutil; do
  ldflags+=" -X $pkg.k8sVersionMajor=1 -X $pkg.k8sVersionMinor=$minor"
done

# Build into a scratch file and move it into place, so an interrupted build
# never leaves a cache that looks complete.
mkdir -p "$(dirname "$bin")"
tmp="$(mktemp "$bin.tmp.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
start=$SECONDS
echo "building helm $version into $(dirname "$bin") (first time: module download + compile, minutes)" >&2
cd "$here"
# nice: the build takes every core for minutes; other work stays responsive.
CGO_ENABLED=0 nice -n 10 go build -trimpath -buildvcs=false -ldflags "$ldflags" -o "$tmp" helm.sh/helm/v3/cmd/helm
mv "$tmp" "$bin"
echo "built helm in $((SECONDS - start))s" >&2
echo "$bin"
