// Runs an image with runc (no daemon), as a kubelet with the charts' security context would:
// read-only root filesystem, only /tmp writable (a tmpfs), the image's own user, chosen
// mounts, inside a network namespace this suite creates (so it listens nowhere else).
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { archivePath, reference, type Image } from '../../images';
import { unpackLayout } from './archive';

export interface BindMount {
  source: string;
  destination: string;
  readOnly: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A network namespace with only its loopback interface, up. */
export class NetworkNamespace {
  readonly name = `remind-me-images-${process.pid}`;
  readonly path = `/var/run/netns/${this.name}`;

  constructor() {
    execFileSync('ip', ['netns', 'add', this.name]);
    execFileSync('ip', ['-n', this.name, 'link', 'set', 'lo', 'up']);
  }

  /** An HTTP request to 127.0.0.1 inside the namespace, with curl. */
  request(port: number, path: string, opts: { method?: string; json?: unknown } = {}): { status: number; body: string } {
    const args = ['netns', 'exec', this.name, 'curl', '-sS', '-m', '5', '-w', '\n%{http_code}', '-X', opts.method ?? 'GET'];
    if (opts.json !== undefined) args.push('-H', 'Content-Type: application/json', '--data-binary', JSON.stringify(opts.json));
    const out = spawnSync('ip', [...args, `http://127.0.0.1:${port}${path}`], { encoding: 'utf8' });
    const lines = out.stdout.split('\n');
    return { status: Number(lines.pop()), body: lines.join('\n') };
  }

  remove(): void {
    spawnSync('ip', ['netns', 'delete', this.name]);
  }
}

/** An OCI runtime bundle unpacked once from an image's archive; each `start` runs a new container of it. */
export class Bundle {
  readonly dir = mkdtempSync(join(tmpdir(), 'runc-bundle-'));
  private readonly stateDir = join(this.dir, 'runc-state');
  private readonly configPath = join(this.dir, 'bundle', 'config.json');
  /** The runtime config umoci made from the image, before any `start` changed it. */
  private readonly imageConfig: any;
  private runs = 0;

  constructor(image: Image) {
    const layout = unpackLayout(archivePath(image));
    try {
      execFileSync('umoci', ['unpack', '--image', `${layout}:${reference(image)}`, join(this.dir, 'bundle')]);
    } finally {
      rmSync(layout, { recursive: true, force: true });
    }
    this.imageConfig = JSON.parse(readFileSync(this.configPath, 'utf8'));
  }

  /** The image's command: its entrypoint and cmd. */
  get imageArgs(): string[] {
    return this.imageConfig.process.args;
  }

  /**
   * Starts the image's command (or `args`) detached, with extra environment variables
   * (`NAME=value`); its output goes to a log file in the bundle directory.
   */
  start(netns: NetworkNamespace, { mounts = [], env = [], args }: { mounts?: BindMount[]; env?: string[]; args?: string[] } = {}): Container {
    const config = structuredClone(this.imageConfig);
    config.process.env = [...config.process.env, ...env];
    if (args) config.process.args = args;
    config.root.readonly = true;
    config.process.terminal = false;
    config.mounts = [
      ...config.mounts.filter((m: { destination: string }) => m.destination !== '/tmp'),
      { destination: '/tmp', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'nodev', 'mode=1777', 'size=16m'] },
      ...mounts.map((m) => ({
        destination: m.destination,
        type: 'bind',
        source: m.source,
        options: ['rbind', m.readOnly ? 'ro' : 'rw'],
      })),
    ];
    config.linux.namespaces = config.linux.namespaces
      .filter((ns: { type: string }) => ns.type !== 'network')
      .concat({ type: 'network', path: netns.path });
    writeFileSync(this.configPath, JSON.stringify(config, null, 2));

    const id = `remind-me-images-${process.pid}-${++this.runs}`;
    const log = join(this.dir, `${id}.log`);
    const fd = openSync(log, 'a');
    const run = spawnSync('runc', ['--root', this.stateDir, 'run', '--detach', '--bundle', join(this.dir, 'bundle'), id], {
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    if (run.status !== 0) throw new Error(`runc run failed: ${readFileSync(log, 'utf8')}`);
    return new Container(id, this.stateDir, log);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export class Container {
  constructor(
    readonly id: string,
    private readonly stateDir: string,
    readonly logFile: string,
  ) {}

  private runc(...args: string[]): string {
    return execFileSync('runc', ['--root', this.stateDir, ...args], { encoding: 'utf8' });
  }

  state(): { status: string; pid: number } {
    return JSON.parse(this.runc('state', this.id));
  }

  /** The `Uid:` and `Gid:` lines of the container's first process, as the host kernel sees it. */
  processIds(): { uid: number[]; gid: number[] } {
    const status = readFileSync(`/proc/${this.state().pid}/status`, 'utf8');
    const ids = (field: string) => status.match(new RegExp(`^${field}:\\s+(.*)$`, 'm'))![1].split(/\s+/).map(Number);
    return { uid: ids('Uid'), gid: ids('Gid') };
  }

  /** Runs a command in the container (as the image's user); never throws. */
  exec(...command: string[]): { status: number; stdout: string; stderr: string } {
    const r = spawnSync('runc', ['--root', this.stateDir, 'exec', this.id, ...command], { encoding: 'utf8' });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }

  log(): string {
    return readFileSync(this.logFile, 'utf8');
  }

  /** Sends a signal, waits (bounded) until the container has stopped, and deletes it. */
  async kill(signal: 'KILL' | 'TERM'): Promise<void> {
    this.runc('kill', this.id, signal);
    for (let i = 0; i < 100 && this.state().status !== 'stopped'; i++) await sleep(100);
    this.runc('delete', '--force', this.id);
  }
}

/** Polls (bounded: 20 s) until `ready` holds. */
export async function waitFor(what: string, ready: () => boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (ready()) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}
