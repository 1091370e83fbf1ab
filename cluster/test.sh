#!/usr/bin/env bash
# test.sh SUITE...: a fresh cluster with what the suites need (each
# suites/SUITE/needs says `control-plane`, `node` for a whole cluster, or
# `nodes N` for a whole cluster of N nodes),
# every suites/SUITE/*.test.ts against it, in the order given, and the
# cluster always brought down again (also on failure or Ctrl-C), checked to
# have left nothing behind. Exits with the suites' code, or 1 if it did.
#   npm run test:cluster   ->  test.sh control-plane
#   npm run test:e2e       ->  test.sh node e2e backup
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/env.sh"
cd "$REPO_ROOT"

(( $# )) || { echo "usage: test.sh SUITE... (directories of $here/suites)" >&2; exit 2; }
nodes=0
files=()
for suite in "$@"; do
  dir="$here/suites/$suite"
  needs="$(cat "$dir/needs" 2>/dev/null)"
  case "$needs" in
    control-plane) ;;
    node) nodes=$((nodes > 1 ? nodes : 1)) ;;
    "nodes "[1-9]) nodes=$((nodes > ${needs#nodes } ? nodes : ${needs#nodes })) ;;
    *) echo "$dir/needs: expected 'control-plane', 'node' or 'nodes N'" >&2; exit 2 ;;
  esac
  files+=("$dir"/*.test.ts)
done
[[ -d dist ]] || { echo "no dist/: run \`npm run synth\` first" >&2; exit 1; }

# Fresh: a cluster left running (e.g. by a developer) is replaced.
if [[ -f "$CLUSTER_DIR/state" ]]; then
  echo "replacing the running cluster with a fresh one"
  "$here/down.sh"
fi
# What is on the machine before the cluster: after down.sh, anything new fails the run.
before="$("$here/leftovers.sh")"
clean() {
  local new
  new="$(comm -13 <(sort <<<"$before") <(sort <<<"$("$here/leftovers.sh")"))"
  if [[ -n "$new" ]]; then printf 'cluster:down left behind: %s\n' "$new" >&2; return 1; fi
  echo "cluster:down left nothing behind (processes, ports, interfaces, iptables chains, ipsets, mounts)"
}
trap '"$here/down.sh"; clean || exit 1' EXIT
trap 'exit 130' INT TERM

start=$SECONDS
mode=(--control-plane-only); (( nodes )) && mode=(--nodes "$nodes")
"$here/up.sh" "${mode[@]}" || exit 1
up=$((SECONDS - start))
echo "cluster up in ${up}s"

start=$SECONDS
KUBECONFIG="$CLUSTER_DIR/kubeconfig" CLUSTER_UP_SECONDS="$up" \
  node --import tsx --test --test-reporter spec --test-concurrency 1 "${files[@]}"
rc=$?
echo "suites $* finished in $((SECONDS - start))s with exit code $rc"
exit $rc
