// The other outputs users apply, against the real API server: `kubectl apply -k` on a
// synthesized directory (its Kustomization), and the Helm chart's output (`helm template`),
// both server-side. Each goes to a namespace of its own, with dynamically provisioned claims
// and a NodePort Kubernetes chooses, so nothing here touches the objects of the other suites.
//
// Run by `npm run test:cluster`. Helm comes from test/charts/helm/build.sh (built if absent).
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type KObject, get, kubectl, loadDir, run, show } from '../../harness/kube';

const REPO = path.resolve(__dirname, '../../..');
process.env.KUBECONFIG ??= path.join(REPO, '.cluster', 'kubeconfig');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'remind-me-outputs-'));
const namespaces: string[] = [];
after(() => {
  for (const ns of namespaces) run(['delete', 'namespace', ns, '--wait=false', '--ignore-not-found']);
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** `npm run <script>` with an overlay that moves everything into `namespace`. */
function npmRun(script: string, namespace: string, env: Record<string, string>): void {
  const overlay = path.join(scratch, `${namespace}.yaml`);
  fs.writeFileSync(overlay, `namespace: ${namespace}\napi:\n  storage:\n    hostPath: null\nweb:\n  nodePort: null\n`);
  namespaces.push(namespace);
  const r = spawnSync('npm', ['run', '--silent', script], {
    cwd: REPO, encoding: 'utf8', timeout: 300_000, env: { ...process.env, REMIND_ME_CONFIG: overlay, ...env },
  });
  assert.equal(r.status, 0, `npm run ${script} failed:\n${r.stderr}${r.stdout}`);
}

/** The cluster's copies of the objects, one per object; fails naming any that is missing. */
function live(objects: KObject[]): KObject[] {
  return objects.map((o) => {
    const found = get(o);
    assert.ok(found, `${show(o)} is not in the cluster`);
    return found;
  });
}

function report(t: TestContext, lines: string): void {
  for (const line of lines.trim().split('\n')) t.diagnostic(line);
}

test('kubectl apply --server-side -k: the Kustomization applies every synthesized object; kubectl diff -k then finds nothing to change', (t) => {
  const dir = path.join(scratch, 'kustomize');
  npmRun('synth', 'remind-me-kustomize', { CDK8S_OUTDIR: dir });
  const { objects } = loadDir(dir);
  assert.ok(objects.some((o) => o.kind === 'Namespace'), 'the output makes its Namespace');
  // No dry run first: the objects' namespace exists only once the apply has made it.
  report(t, kubectl(['apply', '--server-side', '-k', dir]));
  assert.deepEqual(live(objects).map(show), objects.map(show));
  // Again: nothing left to change (controllers may have written status, which diff ignores).
  const diff = run(['diff', '--server-side', '-k', dir]);
  assert.equal(diff.code, 0, `kubectl diff -k found differences:\n${diff.stdout}${diff.stderr}`);
});

test('the Helm chart: helm template, applied server-side, creates exactly the synthesized objects', (t) => {
  const helm = execFileSync('bash', [path.join(REPO, 'test', 'charts', 'helm', 'build.sh')], { encoding: 'utf8', timeout: 3_600_000 }).trim();
  const dist = path.join(scratch, 'helm-dist');
  const charts = path.join(scratch, 'helm');
  npmRun('synth', 'remind-me-helm', { CDK8S_OUTDIR: dist });
  npmRun('helm', 'remind-me-helm', { HELM_OUTDIR: charts });
  const chart = path.join(charts, fs.readdirSync(charts)[0]);
  const rendered = execFileSync(helm, ['template', 'remind-me', chart, '--namespace', 'remind-me-helm'], { encoding: 'utf8' });
  report(t, kubectl(['apply', '--server-side', '-f', '-'], { input: rendered }));
  const { objects } = loadDir(dist);
  assert.deepEqual(live(objects).map(show), objects.map(show));
});
