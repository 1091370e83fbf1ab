# Sourced by bases.sh and package-image.sh: images made from Debian's packages with mmdebstrap,
# never pulled from a registry, each cached in buildah's storage under a tag that hashes its
# inputs and made again only when one changes. Defines `make_base`; `$work` is a temporary
# directory removed on exit.
for tool in mmdebstrap buildah; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install $tool)" >&2; exit 1; }
done

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

# Certificate authorities this machine adds to Debian's (e.g. a proxy's), so npm in the
# builder reaches the registry as npm here does. Only the builder has them.
mkdir -p "$work/extra-ca"
[[ -d /usr/local/share/ca-certificates ]] && cp -r /usr/local/share/ca-certificates/. "$work/extra-ca/"

# Docs, manuals and translations are never read in a container; copyright files are kept.
slim=(--dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright'
      --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*'
      --dpkgopt='path-exclude=/usr/share/locale/*')
path=PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# make_base NAME "ENV..." CMD INPUT MMDEBSTRAP_ARGS...: prints the image reference, made if
# absent. INPUT is a file the hooks read (its content is hashed), or "".
make_base() {
  local name=$1 env=$2 cmd=$3 input=$4; shift 4
  local args=(--variant=essential --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr "${slim[@]}" "$@")
  # The key hashes everything the base is made from: arguments, mirror state, files (by content).
  local key ref
  key="$( { printf '%s\n' "$path" "$env" "${args[@]//$work/}"; cat "$sources" "$work/mirror-state" ${input:+"$input"}
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
    "${BUILDAH[@]}" config --cmd "$cmd" "$container"
    "${BUILDAH[@]}" commit --quiet --timestamp "$SOURCE_DATE_EPOCH" --identity-label=false --rm "$container" "$ref" >/dev/null
    rm -f "$work/$name.rootfs.tar"
    # Earlier versions of this base are never used again.
    stale="$("${BUILDAH[@]}" images --format '{{.Name}}:{{.Tag}}' | grep "^localhost/remind-me-base/$name:" | grep -vx "$ref" || true)"
    [[ -z "$stale" ]] || "${BUILDAH[@]}" rmi $stale >/dev/null
    echo "$name base: made in $((SECONDS - start))s" >&2
  fi
  echo "$ref"
}
