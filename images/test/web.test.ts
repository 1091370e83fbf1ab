// The web image run as the StatelessWeb chart runs it (read-only root, only /tmp writable,
// `apiUrl` in its environment), in front of the API image: both from their archives, in one
// network namespace, the API on another port so both fit.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiImageContract, webImageContract as contract } from '../../charts/image-contracts';
import { images } from '../images';
import { apiVolumes } from './support/api-volumes';
import { checkRunningImage } from './support/checks';
import { Bundle, NetworkNamespace, waitFor } from './support/runc';
import './support/root';

const API_PORT = contract.port + 1;
const bundles: Bundle[] = [];
let netns: NetworkNamespace;
let volumes: ReturnType<typeof apiVolumes>;

const bundleOf = (imageContract: typeof apiImageContract | typeof contract) => {
  const bundle = new Bundle(images.find((i) => i.contract === imageContract)!);
  bundles.push(bundle);
  return bundle;
};

before(() => {
  netns = new NetworkNamespace();
  volumes = apiVolumes();
});

after(() => {
  netns?.remove();
  bundles.forEach((b) => b.remove());
  volumes?.remove();
});

test('GIVEN the web image in front of the API image WHEN the page and the proxy routes are called THEN the page answers and a reminder saved through the web is in the API', async () => {
  const api = bundleOf(apiImageContract).start(netns, { mounts: volumes.mounts, env: [`PORT=${API_PORT}`] });
  await waitFor('the API', () => netns.request(API_PORT, apiImageContract.readinessPath).status === 200);
  const web = bundleOf(contract).start(netns, { env: [`apiUrl=http://127.0.0.1:${API_PORT}`] });
  await checkRunningImage(contract, web, netns);

  const page = netns.request(contract.port, '/');
  assert.equal(page.status, 200);
  assert.match(page.body, /^<!DOCTYPE html>/);
  assert.match(page.body, /<title>Remind Me<\/title>/);

  const saved = netns.request(contract.port, '/Proxy/SaveReminder', {
    method: 'POST',
    json: { title: 'Through the web', dueDate: '2026-12-01T09:00:00' },
  });
  assert.equal(saved.status, 201, saved.body);
  const { id } = JSON.parse(saved.body);
  const stored = netns.request(API_PORT, `/api/Reminder/${id}`);
  assert.equal(stored.status, 200, stored.body);
  assert.equal(JSON.parse(stored.body).title, 'Through the web');
  const listed = netns.request(contract.port, '/Proxy/GetAllReminders');
  assert.deepEqual(JSON.parse(listed.body).map((r: { id: string }) => r.id), [id]);

  await web.kill('TERM');
  await api.kill('TERM');
});
