// The archives load into containerd the way a kubelet's node gets them: `ctr -n k8s.io images
// import`, into a private containerd this test starts (root, state and socket in a temporary
// directory) and stops by its pid.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { archivePath, images, reference } from '../images';
import { waitFor } from './support/runc';
import './support/root';

const dir = mkdtempSync(join(tmpdir(), 'containerd-'));
const socket = join(dir, 'containerd.sock');
let containerd: ChildProcess;

const ctr = (...args: string[]) => {
  const r = spawnSync('ctr', ['--address', socket, '--namespace', 'k8s.io', ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ctr ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

before(async () => {
  const config = join(dir, 'config.toml');
  writeFileSync(
    config,
    [
      'version = 2',
      `root = "${dir}/root"`,
      `state = "${dir}/state"`,
      // Images only: no CRI plugin (it would want CNI and a pause image).
      'disabled_plugins = ["io.containerd.grpc.v1.cri"]',
      `[grpc]\n  address = "${socket}"`,
      `[ttrpc]\n  address = "${socket}.ttrpc"`,
    ].join('\n'),
  );
  const log = openSync(join(dir, 'containerd.log'), 'a');
  containerd = spawn('containerd', ['--config', config], { stdio: ['ignore', log, log] });
  await waitFor('containerd to answer', () => spawnSync('ctr', ['--address', socket, 'version']).status === 0);
});

after(async () => {
  if (containerd?.exitCode === null) {
    const exited = new Promise((resolve) => containerd.once('exit', resolve));
    containerd.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

test('GIVEN every image archive WHEN imported into containerd\'s k8s.io namespace THEN each is there under its reference, unpacked, and no import-<date> name appears', () => {
  for (const image of images) ctr('images', 'import', archivePath(image));
  const names = ctr('images', 'list', '--quiet').split('\n').filter(Boolean);

  assert.deepEqual(names.sort(), images.map(reference).sort());
  for (const image of images) {
    // `check` says "complete" when every blob is present and the image is unpacked for this platform.
    assert.match(ctr('images', 'check', `name==${reference(image)}`), /complete/);
  }
});
