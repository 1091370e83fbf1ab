#!/usr/bin/env bash
# The volume provisioner: rancher's local-path-provisioner on the machine
# (local-path.yaml says what it is given), with a client certificate of its
# own. Run by up.sh after node/up.sh; down.sh stops it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../env.sh"
load_state
kc=(kubectl --kubeconfig "$CLUSTER_DIR/kubeconfig")

cert ca local-path-provisioner "/CN=local-path-provisioner" clientAuth
kubeconfig "$STATE_DIR/local-path-provisioner.kubeconfig" local-path-provisioner
export HELPER_IMAGE
render "$here/local-path.yaml" | "${kc[@]}" apply -f - >/dev/null
# It reads its settings from files (and the helper pod's scripts from the ConfigMap).
conf="$STATE_DIR/local-path"
mkdir -p "$conf"
for key in config.json helperPod.yaml; do
  "${kc[@]}" -n local-path-storage get configmap local-path-config -o "go-template={{index .data \"$key\"}}" > "$conf/$key"
done
start local-path-provisioner env CONFIG_MOUNT_PATH="$conf/" "$LOCAL_PATH_BIN/local-path-provisioner" start \
  --kubeconfig "$STATE_DIR/local-path-provisioner.kubeconfig" --namespace local-path-storage \
  --config "$conf/config.json" --helper-pod-file "$conf/helperPod.yaml" \
  --helper-image "$HELPER_IMAGE" --service-account-name local-path-provisioner
