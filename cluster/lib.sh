# Helpers of the cluster scripts (sourced after env.sh, with STATE_DIR set).

# record NAME=VALUE...: adds settings to .cluster/state, which every script sources.
record() { printf '%s\n' "$@" >> "$CLUSTER_DIR/state"; }

# start NAME COMMAND...: runs a component detached from this script's session
# (setsid execs, so the pid recorded is the component's own), logging to
# $STATE_DIR/NAME.log. The pid is recorded at once, so down.sh can always
# clean up after a failed start, and set in this shell too (NAME_PID).
# PROCESSES lists "name:program:pid" in start order; the program (what
# /proc/PID/comm shows) is NAME unless COMM says.
start() {
  local name="$1"; shift
  setsid "$@" >"$STATE_DIR/$name.log" 2>&1 </dev/null &
  record "${name//-/_}_PID=$!" "PROCESSES+=' $name:${COMM:-$name}:$!'"
  printf -v "${name//-/_}_PID" '%s' "$!"
  # Until the fork has exec'd the program, /proc shows the shell's name: wait for it, so that
  # an `alive` check right after (a readiness wait, down.sh) never takes the start for an exit.
  until_true 30 "$name running as ${COMM:-$name}" alive "$!" "${COMM:-$name}"
  echo "started $name (pid $!, log $STATE_DIR/$name.log)"
}

# free_ports N: N free TCP ports on 127.0.0.1, chosen by the kernel.
free_ports() {
  node -e '
    const net = require("net");
    const servers = Array.from({ length: Number(process.argv[1]) }, () => net.createServer().listen(0, "127.0.0.1"));
    Promise.all(servers.map((s) => new Promise((r) => s.on("listening", r)))).then(() => {
      console.log(servers.map((s) => s.address().port).join(" "));
      servers.forEach((s) => s.close());
    });' "$1"
}

# --- PKI: a key and a certificate per identity, signed by the cluster's CAs --
pki="${STATE_DIR:-}/pki"
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
# kubeconfig FILE USER: a kubeconfig for USER's client certificate.
kubeconfig() {
  local k=(kubectl --kubeconfig "$1" config)
  "${k[@]}" set-cluster local --server "https://127.0.0.1:$API_PORT" \
    --certificate-authority "$pki/ca.crt" --embed-certs >/dev/null
  "${k[@]}" set-credentials "$2" --client-certificate "$pki/$2.crt" \
    --client-key "$pki/$2.key" --embed-certs >/dev/null
  "${k[@]}" set-context local --cluster local --user "$2" >/dev/null
  "${k[@]}" use-context local >/dev/null
}

# until_true SECONDS WHAT COMMAND...: polls COMMAND every half second, bounded.
until_true() {
  local seconds="$1" what="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    (( SECONDS < deadline )) || { echo "$what: not after ${seconds}s" >&2; return 1; }
    sleep 0.5
  done
}


# render TEMPLATE: the template with every @NAME@ replaced by $NAME (exported).
render() { perl -pe 's/@([A-Z_]+)@/exists $ENV{$1} ? $ENV{$1} : die "render: \$$1 is not set\n"/ge' "$1"; }

# node_pid: the pid that holds the namespaces of the node of use_node (env.sh).
node_pid() { local v="node_namespace${NODE_SUFFIX//-/_}_PID"; echo "${!v:-}"; }
# in_node COMMAND...: runs COMMAND on that node: its mount namespace and its
# network (the machine's for node 1).
in_node() { nsenter -t "$(node_pid)" -m -n -- "$@"; }

# Kernel settings the node's components change (kubelet, bridge plugin,
# kube-proxy); up records them, down puts them back.
NODE_SYSCTLS=(vm/overcommit_memory vm/panic_on_oom kernel/panic kernel/panic_on_oops
  kernel/keys/root_maxkeys kernel/keys/root_maxbytes net/ipv4/ip_forward net/ipv4/conf/all/route_localnet)

# running PID: exists and is not a zombie (an exited child of a caller that
# has not reaped it yet, e.g. when cluster:up's failure trap runs down.sh).
running() { [[ -r "/proc/$1/stat" && "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]]; }

# alive PID NAME: the pid still runs that program (not a recycled pid; comm is
# cut to 15 characters).
alive() { [[ -n "$1" ]] && running "$1" && [[ "$(cat "/proc/$1/comm" 2>/dev/null)" == "${2:0:15}"* ]]; }

# stop SIGNAL PID...: signals the pids, waits (bounded) until they have
# exited, then SIGKILLs whatever is left.
stop() {
  local signal="$1" pid deadline=$((SECONDS + 20)); shift
  (( $# )) || return 0
  kill "-$signal" "$@" 2>/dev/null || true
  for pid in "$@"; do
    while running "$pid" && (( SECONDS < deadline )); do sleep 0.2; done
    if running "$pid"; then
      kill -KILL "$pid" 2>/dev/null || true; echo "pid $pid killed after 20s"
      for _ in $(seq 50); do running "$pid" || break; sleep 0.1; done
    fi
  done
}
