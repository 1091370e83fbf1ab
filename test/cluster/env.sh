# Shared settings of the cluster scripts (sourced, not run).

# The Kubernetes release is the one go.mod requires (single source of truth).
KUBE_VERSION="$(awk '{ for (i = 1; i < NF; i++) if ($i == "k8s.io/kubernetes" && $(i+1) ~ /^v1\./) { print $(i+1); exit } }' "$(dirname "${BASH_SOURCE[0]}")/go.mod")"
# Built binaries live outside the repository so a fresh clone reuses them.
KUBE_BIN="${REMIND_ME_CACHE:-$HOME/.cache/remind-me-k8s}/kube-$KUBE_VERSION"

# State of a running cluster: kubeconfig, pids and ports (gitignored).
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CLUSTER_DIR="$REPO_ROOT/.cluster"
