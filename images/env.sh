# Shared settings of the image scripts (sourced, not run).

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Base images and buildah's storage live outside the repository, so a fresh clone reuses them.
IMAGES_CACHE="${REMIND_ME_CACHE:-$HOME/.cache/remind-me-k8s}/images"
# buildah without a daemon, without overlay mounts (vfs) and without a runtime (chroot).
BUILDAH=(buildah --root "$IMAGES_CACHE/storage" --runroot "$IMAGES_CACHE/run" --storage-driver vfs)
export BUILDAH_ISOLATION=chroot

# The Debian release and Node.js release are the ones the Dockerfile's default bases name
# (node:<version>-<suite>): one source for both.
read -r NODE_VERSION DEBIAN_SUITE < <(sed -n 's/^ARG BUILD_BASE=node:\([0-9.]*\)-\([a-z]*\)$/\1 \2/p' "$REPO_ROOT/Dockerfile")
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
DEBIAN_SECURITY_MIRROR="${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
