import { spawnSync } from 'child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import { checkManifests, formatViolation } from '../../lib/index';
import { Manifest, only } from '../support/manifests';

// The package README's every-prop example, as users copy it: type-checked against the source
// with tsc --strict, run, and what it writes checked. A prop renamed or removed breaks it here.
const ROOT = join(__dirname, '..', '..');
const DIR = join(ROOT, 'build', 'readme-props');

function example(): string {
  const readme = readFileSync(join(ROOT, 'lib', 'README.md'), 'utf8');
  return /```ts\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('## Any containerized stateful service')))![1];
}

beforeAll(() => {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  writeFileSync(join(DIR, 'example.ts'), example());
  writeFileSync(join(DIR, 'tsconfig.json'), JSON.stringify({ extends: join(ROOT, 'tsconfig.json'), include: ['example.ts'] }));
});

test('type-checks with tsc --strict', () => {
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit', '--strict'],
    { cwd: DIR, encoding: 'utf8', timeout: 120_000 });
  expect([tsc.status, tsc.stdout]).toEqual([0, '']);
}, 120_000);

test('synthesizes PostgreSQL with no HTTP probe, and every object passes the checks', () => {
  const run = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'example.ts'], { cwd: DIR, encoding: 'utf8', timeout: 120_000 });
  expect([run.status, run.stderr]).toEqual([0, '']);
  const manifests = parseAllDocuments(readFileSync(join(DIR, 'out', 'postgres', 'postgres.k8s.yaml'), 'utf8'))
    .map((doc) => doc.toJS() as Manifest);
  expect(checkManifests(manifests).map(formatViolation)).toEqual([]);
  const main = only(manifests, 'StatefulSet').spec.template.spec.containers[0];
  expect([main.readinessProbe.exec, main.livenessProbe.tcpSocket, main.startupProbe.tcpSocket]).toEqual([
    { command: ['pg_isready', '-h', '/var/run/postgresql'] }, { port: 'postgres' }, { port: 'postgres' }]);
  expect(only(manifests, 'Service', 'postgres').spec).toMatchObject({ type: 'ClusterIP', sessionAffinity: 'ClientIP' });
}, 120_000);
