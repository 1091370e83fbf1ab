#!/usr/bin/env bash
# Builds what the cluster runs, once, into a cache directory outside the
# repository keyed by version; only what is missing is built.
#   kube-apiserver, kube-controller-manager, kube-scheduler (control plane)
#   kubelet, kube-proxy, the pause image (node); the add-ons: CoreDNS,
#   kube-router (NetworkPolicy), local-path-provisioner and its helper image
# `--control-plane-only` builds the first three only.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/env.sh"

commands=(kube-apiserver kube-controller-manager kube-scheduler)
[[ "${1:-}" == --control-plane-only ]] || commands+=(kubelet kube-proxy)

missing=()
for c in "${commands[@]}"; do [[ -x "$KUBE_BIN/$c" ]] || missing+=("$c"); done

if (( ${#missing[@]} )); then
  command -v go >/dev/null || { echo "building Kubernetes needs Go 1.24 or later (https://go.dev/dl)" >&2; exit 1; }
  # Build into a scratch directory and move the finished binaries into place, so
  # an interrupted build never leaves a half-filled cache that looks complete.
  mkdir -p "$KUBE_BIN"
  tmp="$(mktemp -d "$KUBE_BIN.tmp.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT

  # The version stamps are what Kubernetes' own release build writes; without
  # them the binaries report v0.0.0 to clients and to the compatibility checks.
  v="$KUBE_VERSION"; minor="${v#v1.}"; minor="${minor%%.*}"
  ldflags="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $pkg.gitVersion=$v -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done

  start=$SECONDS
  echo "building ${missing[*]} $v into $KUBE_BIN (first time: module download + compile, tens of minutes)" >&2
  cd "$here"
  # nice: the build takes every core for a long time; other work on the machine
  # (editors, tests) should stay responsive.
  for c in "${missing[@]}"; do
    nice -n 10 go build -trimpath -buildvcs=false -ldflags "$ldflags" -o "$tmp/$c" "k8s.io/kubernetes/cmd/$c"
    mv "$tmp/$c" "$KUBE_BIN/$c"
    echo "built $c after $((SECONDS - start))s" >&2
  done
fi

if [[ "${1:-}" != --control-plane-only ]]; then
  "$here/node/build.sh" >/dev/null
  "$here/addons/coredns/build.sh" >/dev/null
  "$here/addons/kube-router/build.sh" >/dev/null
  "$here/addons/local-path/build.sh" >/dev/null
fi
echo "$KUBE_BIN"
