#!/usr/bin/env bash
# The control plane, on 127.0.0.1 only and on free ports: etcd, kube-apiserver,
# kube-controller-manager and kube-scheduler, set up like a production one: TLS
# from a CA made now, client certificates, service-account signing keys, RBAC
# and the default admission plugins. Run by up.sh (STATE_DIR in .cluster/state).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../env.sh"
load_state

read -r ETCD_PORT ETCD_PEER_PORT API_PORT KCM_PORT SCHED_PORT < <(free_ports 5)
record "ETCD_PORT=$ETCD_PORT" "ETCD_PEER_PORT=$ETCD_PEER_PORT" "API_PORT=$API_PORT" "KCM_PORT=$KCM_PORT" "SCHED_PORT=$SCHED_PORT"

# --- PKI ------------------------------------------------------------------------
mkdir -p "$pki"
ca ca remind-me-local-ca
# A separate CA for the aggregation layer's front proxy, as kubeadm makes: a
# certificate from it lets its holder assert any user in request headers.
ca front-proxy-ca remind-me-local-front-proxy-ca
# The first address of the service range is the `kubernetes` Service's IP.
api_names="IP:127.0.0.1,IP:${SERVICE_CIDR%.0/*}.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default"
api_names+=",DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.$CLUSTER_DOMAIN"
# etcd's own gateway connects to its client port with this certificate too.
cert ca etcd-server "/CN=etcd" serverAuth,clientAuth "IP:127.0.0.1,DNS:localhost"
cert ca apiserver-etcd-client "/CN=kube-apiserver-etcd-client" clientAuth
cert ca apiserver "/CN=kube-apiserver" serverAuth "$api_names"
cert ca controller-manager-serving "/CN=kube-controller-manager" serverAuth "IP:127.0.0.1"
cert ca scheduler-serving "/CN=kube-scheduler" serverAuth "IP:127.0.0.1"
cert front-proxy-ca front-proxy-client "/CN=front-proxy-client" clientAuth
# The user names and groups below are the ones RBAC's bootstrap policy binds.
cert ca admin "/O=system:masters/CN=remind-me-admin" clientAuth
cert ca controller-manager "/CN=system:kube-controller-manager" clientAuth
cert ca scheduler "/CN=system:kube-scheduler" clientAuth
# What the API server shows kubelets for logs, exec and port-forward (kubeadm's name).
cert ca apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" clientAuth
# Service-account tokens are signed with this key and verified with its public half.
key service-account
openssl ec -in "$pki/service-account.key" -pubout -out "$pki/service-account.pub" 2>/dev/null

kubeconfig "$STATE_DIR/controller-manager.kubeconfig" controller-manager
kubeconfig "$STATE_DIR/scheduler.kubeconfig" scheduler
kubeconfig "$STATE_DIR/admin.kubeconfig" admin

# --- processes ----------------------------------------------------------------
start etcd etcd --name local --data-dir "$STATE_DIR/etcd" \
  --listen-client-urls "https://127.0.0.1:$ETCD_PORT" \
  --advertise-client-urls "https://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster "local=http://127.0.0.1:$ETCD_PEER_PORT" \
  --cert-file "$pki/etcd-server.crt" --key-file "$pki/etcd-server.key" \
  --client-cert-auth --trusted-ca-file "$pki/ca.crt"

# Defaults are kept where they are what a real cluster runs: the default
# admission plugins (NodeRestriction added, as kubeadm does) and the default
# NodePort range, spelled out because the charts depend on it (31120).
# No endpoint reconciler: the `kubernetes` Service's endpoints would be the
# advertised 127.0.0.1, which Endpoints validation refuses (loopback); pods
# cannot reach an API server that listens on 127.0.0.1 anyway.
# The kubelet is reached at its node's InternalIP, its serving certificate
# checked against the cluster CA.
start kube-apiserver "$KUBE_BIN/kube-apiserver" \
  --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$API_PORT" \
  --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" \
  --client-ca-file "$pki/ca.crt" \
  --requestheader-client-ca-file "$pki/front-proxy-ca.crt" --requestheader-allowed-names front-proxy-client \
  --requestheader-username-headers X-Remote-User --requestheader-group-headers X-Remote-Group \
  --requestheader-extra-headers-prefix X-Remote-Extra- \
  --proxy-client-cert-file "$pki/front-proxy-client.crt" --proxy-client-key-file "$pki/front-proxy-client.key" \
  --etcd-servers "https://127.0.0.1:$ETCD_PORT" --etcd-cafile "$pki/ca.crt" \
  --etcd-certfile "$pki/apiserver-etcd-client.crt" --etcd-keyfile "$pki/apiserver-etcd-client.key" \
  --kubelet-client-certificate "$pki/apiserver-kubelet-client.crt" \
  --kubelet-client-key "$pki/apiserver-kubelet-client.key" \
  --kubelet-certificate-authority "$pki/ca.crt" --kubelet-preferred-address-types InternalIP \
  --authorization-mode Node,RBAC \
  --enable-admission-plugins NodeRestriction \
  --service-account-issuer "https://kubernetes.default.svc.$CLUSTER_DOMAIN" \
  --service-account-key-file "$pki/service-account.pub" \
  --service-account-signing-key-file "$pki/service-account.key" \
  --service-cluster-ip-range "$SERVICE_CIDR" --service-node-port-range 30000-32767 \
  --endpoint-reconciler-type none

cp "$STATE_DIR/admin.kubeconfig" "$CLUSTER_DIR/kubeconfig"

# The controller manager reads its RBAC-protected settings at start and exits
# if the API server has not yet created the bootstrap roles: wait for /readyz.
api_ready() {
  alive "$kube_apiserver_PID" kube-apiserver && alive "$etcd_PID" etcd || { echo "kube-apiserver or etcd exited" >&2; exit 1; }
  [[ "$(kubectl --kubeconfig "$STATE_DIR/admin.kubeconfig" --request-timeout 5s get --raw /readyz 2>/dev/null)" == ok ]]
}
until_true 120 "kube-apiserver ready" api_ready
echo "kube-apiserver ready"

# One instance of each, so no leader election (it would delay the first sync).
start kube-controller-manager "$KUBE_BIN/kube-controller-manager" \
  --bind-address 127.0.0.1 --secure-port "$KCM_PORT" \
  --tls-cert-file "$pki/controller-manager-serving.crt" \
  --tls-private-key-file "$pki/controller-manager-serving.key" \
  --kubeconfig "$STATE_DIR/controller-manager.kubeconfig" \
  --authentication-kubeconfig "$STATE_DIR/controller-manager.kubeconfig" \
  --authorization-kubeconfig "$STATE_DIR/controller-manager.kubeconfig" \
  --client-ca-file "$pki/ca.crt" \
  --leader-elect=false --use-service-account-credentials \
  --service-account-private-key-file "$pki/service-account.key" --root-ca-file "$pki/ca.crt" \
  --cluster-signing-cert-file "$pki/ca.crt" --cluster-signing-key-file "$pki/ca.key" \
  --service-cluster-ip-range "$SERVICE_CIDR" \
  --flex-volume-plugin-dir "$STATE_DIR/flexvolume"   # default is under /usr/libexec, outside our state

start kube-scheduler "$KUBE_BIN/kube-scheduler" \
  --bind-address 127.0.0.1 --secure-port "$SCHED_PORT" \
  --tls-cert-file "$pki/scheduler-serving.crt" --tls-private-key-file "$pki/scheduler-serving.key" \
  --kubeconfig "$STATE_DIR/scheduler.kubeconfig" \
  --authentication-kubeconfig "$STATE_DIR/scheduler.kubeconfig" \
  --authorization-kubeconfig "$STATE_DIR/scheduler.kubeconfig" \
  --client-ca-file "$pki/ca.crt" --leader-elect=false
