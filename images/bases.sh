#!/usr/bin/env bash
# Makes the two base images the Dockerfile builds FROM, from Debian's packages and this
# machine's Node.js (debian.sh: never pulled, cached under a tag that hashes their inputs).
# Prints `BUILD_BASE=<ref>` and `RUNTIME_BASE=<ref>`, the build args to pass.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/env.sh"
source "$here/debian.sh"

# Node.js is this machine's NodeSource package (its apt repository is not reachable from every
# machine, the installed files are): the release must be the one the Dockerfile names.
[[ "$(node --version)" == "v$NODE_VERSION" ]] || {
  echo "the Dockerfile uses Node.js $NODE_VERSION, this machine has $(node --version): install nodejs $NODE_VERSION (NodeSource)" >&2
  exit 1
}

# Node.js files from the installed package, as a tarball with fixed metadata (its hash is an input).
node_tar() { # NAME PATHS...
  local name=$1; shift
  tar -C / --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf "$work/$name.tar" "$@"
}
# The runtime needs node alone: no npm, no corepack, no headers.
node_tar node-runtime usr/bin/node
# The builder also has npm (with node-gyp) and the headers node-gyp compiles against.
node_tar node-build usr/bin/node usr/bin/npm usr/bin/npx usr/bin/corepack usr/include/node \
  usr/lib/node_modules/npm usr/lib/node_modules/corepack

# Builder: the compiler and tools better-sqlite3's native build needs. node-gyp would download
# Node's headers; nodedir points it at the ones NodeSource ships in /usr/include/node.
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
