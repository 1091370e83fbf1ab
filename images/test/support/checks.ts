// Checks every running image must pass, whatever it serves.
import assert from 'node:assert/strict';
import type { ServerImageContract } from '../../images';
import { type Container, type NetworkNamespace, waitFor } from './runc';

/** Waits until the readiness path answers 200, then checks user, read-only root and probes. */
export async function checkRunningImage(contract: ServerImageContract, container: Container, netns: NetworkNamespace): Promise<void> {
  await waitFor(`${contract.readinessPath} on port ${contract.port}`, () => {
    if (container.state().status !== 'running') throw new Error(`container stopped:\n${container.log()}`);
    return netns.request(contract.port, contract.readinessPath).status === 200;
  });
  assert.equal(netns.request(contract.port, contract.livenessPath).status, 200);

  const { uid, gid } = container.processIds();
  assert.deepEqual(uid, [contract.uid, contract.uid, contract.uid, contract.uid], 'real, effective, saved and fs uid');
  assert.deepEqual(gid, [contract.gid, contract.gid, contract.gid, contract.gid], 'real, effective, saved and fs gid');

  // The root filesystem refuses writes as read-only (EROFS, not a permission error); /tmp takes them.
  const write = (path: string) =>
    container.exec('node', '-e', 'try { require("fs").writeFileSync(process.argv[1], "x") } catch (e) { console.log(e.code) }', path).stdout.trim();
  for (const path of ['/probe', '/app/probe', '/var/tmp/probe']) assert.equal(write(path), 'EROFS', path);
  assert.equal(write('/tmp/probe'), '');
}
