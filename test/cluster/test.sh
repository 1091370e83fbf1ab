#!/usr/bin/env bash
# `npm run test:cluster`: a fresh cluster, the integration suite against it,
# and the cluster always brought down again (also on failure or Ctrl-C).
# Exits with the suite's code.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/env.sh"
cd "$REPO_ROOT"

[[ -d dist ]] || { echo "no dist/: run \`npm run synth\` first" >&2; exit 1; }

# Fresh: a cluster left running (e.g. by a developer) is replaced.
if [[ -f "$CLUSTER_DIR/state" ]]; then
  echo "replacing the running cluster with a fresh one"
  "$here/down.sh"
fi
trap '"$here/down.sh"' EXIT
trap 'exit 130' INT TERM

start=$SECONDS
"$here/up.sh" || exit 1
echo "cluster up in $((SECONDS - start))s"

start=$SECONDS
KUBECONFIG="$CLUSTER_DIR/kubeconfig" \
  node --import tsx --test --test-reporter spec --test-concurrency 1 "$here"/*.test.ts
rc=$?
echo "suite finished in $((SECONDS - start))s with exit code $rc"
exit $rc
