// The API image run as the StatefulApi chart runs it: the Secret's settings file mounted at
// /app/secrets, a writable /data, nothing else writable but /tmp. A reminder survives SIGKILL.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiImageContract as contract } from '../../charts/image-contracts';
import { images } from '../images';
import { apiVolumes } from './support/api-volumes';
import { checkRunningImage } from './support/checks';
import { Bundle, NetworkNamespace } from './support/runc';
import './support/root';

const image = images.find((i) => i.contract === contract)!;
let bundle: Bundle;
let netns: NetworkNamespace;
let volumes: ReturnType<typeof apiVolumes>;

before(() => {
  bundle = new Bundle(image);
  netns = new NetworkNamespace();
  volumes = apiVolumes();
});

after(() => {
  netns?.remove();
  bundle?.remove();
  volumes?.remove();
});

test('GIVEN the API image with its settings and /data WHEN a reminder is stored and the container is killed and started again THEN the reminder is still there', async () => {
  const first = bundle.start(netns, { mounts: volumes.mounts });
  await checkRunningImage(contract, first, netns);
  const created = netns.request(contract.port, '/api/Reminder', {
    method: 'POST',
    json: { title: 'Survive SIGKILL', dueDate: '2026-12-01T09:00:00Z' },
  });
  assert.equal(created.status, 201, created.body);
  const { id } = JSON.parse(created.body);
  await first.kill('KILL');

  const second = bundle.start(netns, { mounts: volumes.mounts });
  await checkRunningImage(contract, second, netns);
  const read = netns.request(contract.port, `/api/Reminder/${id}`);
  assert.equal(read.status, 200, read.body);
  assert.deepEqual(JSON.parse(read.body), { id, title: 'Survive SIGKILL', dueDate: '2026-12-01T09:00:00.000Z' });
  assert.match(second.log(), /"settingsFiles":\["\/app\/secrets\/appsettings\.secrets\.json"\]/);
  await second.kill('TERM');
});
