/**
 * PostgreSQL 15 from Debian's package (image.ts), one primary with its own claim, on a static
 * hostPath volume under /data/postgres on the node. The password is read from a Secret. A
 * nightly pg_dump to /backups/postgres on the node, and its restore Job in restore/.
 *   npx tsx examples/postgres/main.ts      # writes dist-examples/postgres/ (npm run examples: every example)
 */
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import {
  EnvValue, RestrictedNamespace, SecretValue, ShellBackup, StatefulApi, StatefulApiBackup,
} from '@remind-me/cdk8s-constructs';
import { postgresImageContract as image } from './image';
import { withRestoreApp } from '../restore-app';

export interface PostgresChartProps {
  /** The password of the `postgres` user, in a Secret this chart creates. @default none: a Secret `postgres-password` you create (README) */
  readonly password?: SecretValue;
}

const SECRET_DIR = '/etc/postgres-secret';
const SECRET_NAME = 'postgres-password';
const CONFIG_DIR = '/etc/postgresql';

// The server's settings; pg_hba.conf: the Unix socket by peer (the pod's own user is
// `postgres`: `kubectl exec ... psql -U postgres`), the network by password only.
const POSTGRESQL_CONF = `listen_addresses = '*'
port = ${image.port}
unix_socket_directories = '${image.socketDir}'
hba_file = '${CONFIG_DIR}/pg_hba.conf'
shared_buffers = 64MB
max_connections = 50
# The JIT's LLVM is not in the image.
jit = off
log_destination = 'stderr'
`;
const PG_HBA_CONF = `local all all peer
host all all all scram-sha-256
`;

// The cluster is created on the claim at first start, owned by the pod's user; later starts
// find PG_VERSION and go straight to the server. `exec` makes postgres the container's process.
const INIT_THEN_START = `test -s "$PGDATA/PG_VERSION" || initdb --username=postgres --pwfile=${SECRET_DIR}/password \
--auth-local=peer --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8
exec postgres "$@"`;

// Backups through the server, over the network as any client (password auth): pg_dump's
// custom format, checked by listing its contents; restored by pg_restore into the running
// server in one transaction, so a failed restore changes nothing. --clean --if-exists drops
// each object first, when it exists, so a restore over today's data gives the backup's.
const SERVER = '--host="$SERVER_HOST" --port="$SERVER_PORT"';
const BACKUP_FILES = { prefix: 'postgres', suffix: '.dump', ready: `pg_isready ${SERVER} --timeout=5` };
// One command a line: under `set -e` each failure stops the run (not so in an `&&` list).
const PG_DUMP = `pg_dump ${SERVER} --format=custom --file="$BACKUP_FILE"
pg_restore --list "$BACKUP_FILE" >/dev/null`;
const PG_RESTORE = `pg_restore ${SERVER} --clean --if-exists --single-transaction --dbname="$PGDATABASE" "$BACKUP_FILE"`;

export class PostgresChart extends Chart {
  readonly postgres: StatefulApi;
  /** The nightly backup: its CronJob `postgres-backup`, and the restore Job it makes. */
  readonly backup: StatefulApiBackup;

  constructor(scope: Construct, id: string, props: PostgresChartProps = {}) {
    super(scope, id);
    // Every object below goes into this namespace, named once here.
    const { name: namespace } = new RestrictedNamespace(this, 'Namespace', { name: 'postgres' }).namespace;
    const isReady = { command: ['pg_isready', '-h', image.socketDir, '-U', 'postgres'] };
    this.postgres = new StatefulApi(this, 'Postgres', {
      name: 'postgres',
      component: 'database',
      namespace,
      image: `${image.imageName}:${image.imageTag}`,
      // `sh -c SCRIPT NAME ARGS...`: the args are the script's "$@", passed on to postgres.
      command: ['sh', '-c', INIT_THEN_START, 'postgres'],
      args: ['-c', `config_file=${CONFIG_DIR}/postgresql.conf`],
      port: image.port,
      portName: 'postgres',
      replicas: 1,
      // initdb runs before the server answers: up to three minutes on a busy node.
      probes: {
        startup: { exec: isReady, periodSeconds: 2, failureThreshold: 90 },
        readiness: { exec: isReady, periodSeconds: 5, timeoutSeconds: 3 },
        liveness: { tcp: {}, periodSeconds: 10, failureThreshold: 6 },
      },
      securityContext: { runAsUser: image.uid, runAsGroup: image.gid, fsGroup: image.gid },
      resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
      // The socket directory, and /dev/shm in memory for shared memory segments (sized above shared_buffers' needs).
      writablePaths: [image.socketDir, { path: '/dev/shm', medium: 'Memory', sizeLimit: '128Mi' }],
      storage: {
        mode: 'perReplica', mountPath: image.dataDir, size: '1Gi', storageClassName: 'hostpath',
        hostPath: { path: '/data/postgres', capacity: '1Gi' },
      },
      // Group-readable: the kubelet makes the files root's, in the pod's fsGroup.
      secret: { name: SECRET_NAME, mountPath: SECRET_DIR, defaultMode: 0o440, data: props.password && { password: props.password } },
      config: { files: { 'postgresql.conf': POSTGRESQL_CONF, 'pg_hba.conf': PG_HBA_CONF }, mountPath: CONFIG_DIR },
      clientService: { name: 'postgres' },
    });
    // Pods labelled postgres-client=true, of any namespace, reach port 5432; no one else (and the backup's pods, below).
    this.postgres.allowFrom({ 'postgres-client': 'true' }, { namespaceLabels: {} });

    // At 03:00 UTC, kept 7 days, on a static hostPath volume at /backups/postgres on the node.
    this.backup = this.postgres.addBackup({
      command: ShellBackup.command({ ...BACKUP_FILES, write: PG_DUMP }),
      restoreCommand: ShellBackup.restoreCommand({ ...BACKUP_FILES, restore: PG_RESTORE }),
      backupThroughServer: true,
      restoreThroughServer: true,
      env: { PGUSER: 'postgres', PGDATABASE: 'postgres', PGPASSWORD: EnvValue.fromSecret(SECRET_NAME, 'password') },
      storage: { size: '1Gi', storageClassName: 'hostpath', hostPath: { path: '/backups/postgres', capacity: '1Gi' } },
    });
  }
}

/** The example's apps: the chart, and its restore Job in `restore/`. `outdir` is where `synth()` writes. */
export function exampleApp(outdir?: string): App[] {
  return withRestoreApp('postgres', outdir, (app) => new PostgresChart(app, 'postgres').backup);
}

if (require.main === module) exampleApp('dist-examples/postgres').forEach((app) => app.synth());
