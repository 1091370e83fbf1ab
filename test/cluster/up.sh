#!/usr/bin/env bash
# `npm run cluster:up`: a real Kubernetes control plane (etcd, kube-apiserver,
# kube-controller-manager) on 127.0.0.1, set up like a production one: TLS from
# a CA made now, client certificates, service-account signing keys, RBAC and
# the default admission plugins. There is no kubelet: pods stay Pending.
# Writes .cluster/kubeconfig (admin) and .cluster/state; a no-op when up.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/env.sh"

# A cluster that is already up and answering is reused as it is.
if [[ -f "$CLUSTER_DIR/state" ]]; then
  if "$here/status.sh" >/dev/null 2>&1; then
    echo "cluster already up: export KUBECONFIG=$CLUSTER_DIR/kubeconfig"
    exit 0
  fi
  echo "found a stale cluster state; cleaning it up first"
  "$here/down.sh"
fi

for tool in etcd openssl kubectl node; do
  command -v "$tool" >/dev/null || { echo "missing $tool (etcd: apt-get install etcd-server)" >&2; exit 1; }
done
"$here/build.sh" >/dev/null   # builds the components only when absent from the cache

state="$(mktemp -d -t remind-me-cluster.XXXXXX)"
mkdir -p "$CLUSTER_DIR"
# Record each pid as soon as it exists, so down.sh can always clean up after a
# failed start (the trap below calls it).
echo "STATE_DIR=$state" > "$CLUSTER_DIR/state"
trap 'echo "cluster:up failed; logs were in $state" >&2; "$here/down.sh" --keep-logs >&2' ERR

# Free ports chosen by the kernel (bind to port 0, read it back, release it).
read -r ETCD_PORT ETCD_PEER_PORT API_PORT KCM_PORT < <(node -e '
  const net = require("net");
  const servers = [0, 1, 2, 3].map(() => net.createServer().listen(0, "127.0.0.1"));
  Promise.all(servers.map((s) => new Promise((r) => s.on("listening", r)))).then(() => {
    console.log(servers.map((s) => s.address().port).join(" "));
    servers.forEach((s) => s.close());
  });')
echo "ETCD_PORT=$ETCD_PORT ETCD_PEER_PORT=$ETCD_PEER_PORT API_PORT=$API_PORT KCM_PORT=$KCM_PORT" >> "$CLUSTER_DIR/state"

# --- PKI: CAs made now, then a key and certificate per identity --------------
pki="$state/pki"; mkdir -p "$pki"
key() { openssl ecparam -name prime256v1 -genkey -noout -out "$pki/$1.key" 2>/dev/null; }
ca() { # NAME COMMON_NAME
  key "$1"
  openssl req -x509 -new -key "$pki/$1.key" -days 30 -subj "/CN=$2" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$pki/$1.crt" 2>/dev/null
}
cert() { # CA NAME SUBJECT EXTENDED_USAGE [SUBJECT_ALT_NAMES]
  key "$2"
  openssl req -new -key "$pki/$2.key" -subj "$3" -out "$pki/$2.csr" 2>/dev/null
  local ext="basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=$4"
  [[ -n "${5:-}" ]] && ext+=$'\n'"subjectAltName=$5"
  openssl x509 -req -in "$pki/$2.csr" -CA "$pki/$1.crt" -CAkey "$pki/$1.key" -CAcreateserial \
    -days 30 -extfile <(echo "$ext") -out "$pki/$2.crt" 2>/dev/null
}
ca ca remind-me-local-ca
# A separate CA for the aggregation layer's front proxy, as kubeadm makes: a
# certificate from it lets its holder assert any user in request headers.
ca front-proxy-ca remind-me-local-front-proxy-ca
SERVICE_CIDR=10.96.0.0/16
# The first address of the service range is the `kubernetes` Service's IP.
api_names="IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default"
api_names+=",DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
# etcd's own gateway connects to its client port with this certificate too.
cert ca etcd-server "/CN=etcd" serverAuth,clientAuth "IP:127.0.0.1,DNS:localhost"
cert ca apiserver-etcd-client "/CN=kube-apiserver-etcd-client" clientAuth
cert ca apiserver "/CN=kube-apiserver" serverAuth "$api_names"
cert ca controller-manager-serving "/CN=kube-controller-manager" serverAuth "IP:127.0.0.1"
cert front-proxy-ca front-proxy-client "/CN=front-proxy-client" clientAuth
# The user names and groups below are the ones RBAC's bootstrap policy binds.
cert ca admin "/O=system:masters/CN=remind-me-admin" clientAuth
cert ca controller-manager "/CN=system:kube-controller-manager" clientAuth
# Service-account tokens are signed with this key and verified with its public half.
key service-account
openssl ec -in "$pki/service-account.key" -pubout -out "$pki/service-account.pub" 2>/dev/null

kubeconfig() { # FILE USER
  local k=(kubectl --kubeconfig "$1" config)
  "${k[@]}" set-cluster local --server "https://127.0.0.1:$API_PORT" \
    --certificate-authority "$pki/ca.crt" --embed-certs >/dev/null
  "${k[@]}" set-credentials "$2" --client-certificate "$pki/$2.crt" \
    --client-key "$pki/$2.key" --embed-certs >/dev/null
  "${k[@]}" set-context local --cluster local --user "$2" >/dev/null
  "${k[@]}" use-context local >/dev/null
}
kubeconfig "$state/controller-manager.kubeconfig" controller-manager
kubeconfig "$state/admin.kubeconfig" admin

# --- processes ----------------------------------------------------------------
# setsid detaches each component from this script's session so it outlives
# `npm run`; the pid recorded is the component's own (setsid execs, no fork).
start() { # NAME COMMAND...
  local name="$1"; shift
  setsid "$@" >"$state/$name.log" 2>&1 </dev/null &
  echo "${name//-/_}_PID=$!" >> "$CLUSTER_DIR/state"
  echo "started $name (pid $!, log $state/$name.log)"
}

start etcd etcd --name local --data-dir "$state/etcd" \
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
# advertised 127.0.0.1, which Endpoints validation refuses (loopback); no pod
# runs here to call the API through that Service anyway.
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
  --authorization-mode Node,RBAC \
  --enable-admission-plugins NodeRestriction \
  --service-account-issuer https://kubernetes.default.svc.cluster.local \
  --service-account-key-file "$pki/service-account.pub" \
  --service-account-signing-key-file "$pki/service-account.key" \
  --service-cluster-ip-range "$SERVICE_CIDR" --service-node-port-range 30000-32767 \
  --endpoint-reconciler-type none

cp "$state/admin.kubeconfig" "$CLUSTER_DIR/kubeconfig"

# The controller manager reads its RBAC-protected settings at start and exits
# if the API server has not yet created the bootstrap roles: wait for /readyz.
deadline=$((SECONDS + 120))
until [[ "$(kubectl --kubeconfig "$state/admin.kubeconfig" --request-timeout 5s get --raw /readyz 2>/dev/null)" == ok ]]; do
  source "$CLUSTER_DIR/state"
  [[ -d "/proc/$kube_apiserver_PID" && -d "/proc/$etcd_PID" ]] || { echo "kube-apiserver or etcd exited" >&2; false; }
  (( SECONDS < deadline )) || { echo "kube-apiserver not ready after 120s" >&2; false; }
  sleep 0.5
done
echo "kube-apiserver ready"

# One instance only, so no leader election (it would delay the first sync).
start kube-controller-manager "$KUBE_BIN/kube-controller-manager" \
  --bind-address 127.0.0.1 --secure-port "$KCM_PORT" \
  --tls-cert-file "$pki/controller-manager-serving.crt" \
  --tls-private-key-file "$pki/controller-manager-serving.key" \
  --kubeconfig "$state/controller-manager.kubeconfig" \
  --authentication-kubeconfig "$state/controller-manager.kubeconfig" \
  --authorization-kubeconfig "$state/controller-manager.kubeconfig" \
  --client-ca-file "$pki/ca.crt" \
  --leader-elect=false --use-service-account-credentials \
  --service-account-private-key-file "$pki/service-account.key" --root-ca-file "$pki/ca.crt" \
  --cluster-signing-cert-file "$pki/ca.crt" --cluster-signing-key-file "$pki/ca.key" \
  --service-cluster-ip-range "$SERVICE_CIDR" \
  --flex-volume-plugin-dir "$state/flexvolume"   # default is under /usr/libexec, outside our state

# --- wait (bounded) until the API answers /readyz and the controllers run ------
# The `default` ServiceAccount is made by a controller, so its presence shows
# the controller manager is syncing, not just alive.
if ! "$here/status.sh" --wait 180; then
  echo "cluster did not become ready; last log lines:" >&2
  for f in "$state"/*.log; do echo "== $f" >&2; tail -n 15 "$f" >&2; done
  false
fi
echo "cluster up: export KUBECONFIG=$CLUSTER_DIR/kubeconfig  (logs: $state)"
