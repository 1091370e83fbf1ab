// The chart `npm run helm` writes, checked with a real Helm (built by build.sh; test.sh
// passes its path in HELM): lint, and template rendering the very objects of `npm run synth`.
// Run by `npm run test:helm`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

const REPO = path.resolve(__dirname, '../../..');
const HELM = process.env.HELM ?? 'helm';
const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));

function run(command: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(command, args, { cwd: REPO, encoding: 'utf8', timeout: 300_000, env: { ...process.env, ...env } });
  if (r.error) throw r.error;
  return { code: r.status, out: `${r.stdout}${r.stderr}`, stdout: r.stdout };
}

const objects = (text: string) => parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean);

/** `npm run helm` and `npm run synth` into scratch directories, with an optional overlay. */
function build(overlay?: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remind-me-helm-test-'));
  const env = { HELM_OUTDIR: path.join(dir, 'helm'), CDK8S_OUTDIR: path.join(dir, 'dist'), ...(overlay ? { REMIND_ME_CONFIG: overlay } : {}) };
  const helm = run('npm', ['run', '--silent', 'helm'], env);
  assert.equal(helm.code, 0, helm.out);
  const synth = run('npm', ['run', '--silent', 'synth'], env);
  assert.equal(synth.code, 0, synth.out);
  return { chart: path.join(env.HELM_OUTDIR, pkg.name), dist: env.CDK8S_OUTDIR };
}

const { chart, dist } = build();

test('the chart is named and versioned by package.json and holds the manifests in the Kustomization\'s order', () => {
  const meta = parse(fs.readFileSync(path.join(chart, 'Chart.yaml'), 'utf8'));
  assert.deepEqual([meta.apiVersion, meta.name, meta.version, meta.appVersion], ['v2', pkg.name, pkg.version, pkg.version]);
  const { resources } = parse(fs.readFileSync(path.join(dist, 'Kustomization'), 'utf8'));
  assert.deepEqual(resources, ['servicespec.k8s.yaml', 'webspec.k8s.yaml']);
  assert.deepEqual(fs.readdirSync(path.join(chart, 'templates')), resources);
});

test('helm lint --strict passes', (t) => {
  const lint = run(HELM, ['lint', '--strict', chart]);
  t.diagnostic(lint.out.trim());
  assert.equal(lint.code, 0, lint.out);
  assert.match(lint.out, /1 chart\(s\) linted, 0 chart\(s\) failed/);
});

test('helm template renders exactly the objects npm run synth writes (in Helm\'s install order)', (t) => {
  const rendered = run(HELM, ['template', 'remind-me', chart]);
  assert.equal(rendered.code, 0, rendered.out);
  const key = (o: { kind: string; metadata: { name: string } }) => `${o.kind}/${o.metadata.name}`;
  const byKey = (list: { kind: string; metadata: { name: string } }[]) => [...list].sort((a, b) => key(a).localeCompare(key(b)));
  const synthesized = ['servicespec.k8s.yaml', 'webspec.k8s.yaml'].flatMap((f) => objects(fs.readFileSync(path.join(dist, f), 'utf8')));
  const fromHelm = objects(rendered.stdout);
  t.diagnostic(`${fromHelm.length} objects, as Helm installs them: ${fromHelm.map(key).join(', ')}`);
  assert.deepEqual(byKey(fromHelm), byKey(synthesized));
  const order = fromHelm.map((o) => o.kind);
  assert.ok(order.lastIndexOf('Service') < order.indexOf('StatefulSet'), 'Services before the StatefulSet they govern');
});

test('a literal {{ in a value reaches the cluster as written, not as a Helm template', () => {
  const overlay = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'remind-me-helm-overlay-')), 'braces.yaml');
  fs.writeFileSync(overlay, 'api:\n  environment: "{{ .Release.Name }}"\n');
  const braces = build(overlay);
  const rendered = run(HELM, ['template', 'remind-me', braces.chart]);
  assert.equal(rendered.code, 0, rendered.out);
  const configMap = objects(rendered.stdout).find((o) => o.kind === 'ConfigMap');
  assert.equal(configMap.data.ENVIRONMENT, '{{ .Release.Name }}');
});
