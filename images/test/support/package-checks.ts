// Checks every running image of a Debian package must pass, whatever it serves.
import assert from 'node:assert/strict';
import type { PackageImageContract } from '../../images';
import type { Container } from './runc';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `command` in the container until it exits 0 (bounded: `seconds`); returns its output and the time taken. */
export async function until(container: Container, seconds: number, ...command: string[]): Promise<{ stdout: string; seconds: number }> {
  const start = Date.now();
  for (;;) {
    if (container.state().status !== 'running') throw new Error(`container stopped:\n${container.log()}`);
    const r = container.exec(...command);
    if (r.status === 0) return { stdout: r.stdout, seconds: (Date.now() - start) / 1000 };
    if (Date.now() - start > seconds * 1000) throw new Error(`${command.join(' ')} failed for ${seconds}s: ${r.stderr}\n${container.log()}`);
    await sleep(250);
  }
}

/** The process runs as the contract's user and group; the root filesystem refuses writes as read-only. */
export function checkUserAndRoot(contract: PackageImageContract, container: Container): void {
  const { uid, gid } = container.processIds();
  assert.deepEqual(uid, [contract.uid, contract.uid, contract.uid, contract.uid], 'real, effective, saved and fs uid');
  assert.deepEqual(gid, [contract.gid, contract.gid, contract.gid, contract.gid], 'real, effective, saved and fs gid');
  assert.equal(container.exec('id', '-un').stdout.trim(), contract.user, "the image's passwd names the user");
  for (const path of ['/probe', `${contract.home}/probe`]) {
    assert.match(container.exec('sh', '-c', `echo x > ${path}`).stderr, /Read-only file system/, path);
  }
}
