#!/usr/bin/env bash
# `npm run images`: builds every image images/images.ts lists with buildah (no daemon), into
# OCI image archives under build/images/: the servers' from the same Dockerfile `docker build`
# uses, on base images made here (bases.sh), the examples' from Debian's packages
# (package-image.sh). Prints its timings.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/env.sh"
cd "$REPO_ROOT"

start=$SECONDS
# Assignments, not loops over $(...): a failing command stops the script here.
list="$(node --import tsx "$here/images.ts")"
bases="$("$here/bases.sh")"
build_args=()
for arg in $bases; do build_args+=(--build-arg "$arg"); done
echo "bases ready after $((SECONDS - start))s"

# Every file and date in the images is the commit's: the same commit gives the same image.
timestamp="$(git log -1 --format=%ct 2>/dev/null || echo 0)"

while read -r ref recipe archive; do
  t=$SECONDS
  mkdir -p "$(dirname "$archive")"
  log="${archive%.oci.tar}.build.log"
  case "$recipe" in
    # The context's .dockerignore applies, as with docker build.
    dockerfile:*) "${BUILDAH[@]}" bud --timestamp "$timestamp" --identity-label=false \
        "${build_args[@]}" --build-arg "PACKAGE=${recipe#*:}" -f Dockerfile -t "$ref" . >"$log" 2>&1 ;;
    debian:*) "$here/package-image.sh" "${recipe#*:}" "$ref" "$timestamp" >"$log" 2>&1 ;;
  esac || { tail -n 40 "$log" >&2; echo "$ref: build failed (whole log: $log)" >&2; exit 1; }
  rm -f "$archive"
  "${BUILDAH[@]}" push --quiet "$ref" "oci-archive:$archive:$ref"
  digest="$(tar -xOf "$archive" index.json | node -p 'JSON.parse(require("fs").readFileSync(0)).manifests[0].digest')"
  "${BUILDAH[@]}" rmi "$ref" >/dev/null
  echo "$ref built in $((SECONDS - t))s: ${archive#"$REPO_ROOT/"} ($(du -m "$archive" | cut -f1) MB) $digest"
done <<<"$list"

echo "images built in $((SECONDS - start))s"
