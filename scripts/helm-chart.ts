// `npm run helm`: the synthesized manifests as a Helm chart, in a directory of its own
// (dist-helm/<name>/, so `kubectl apply -f dist/` never meets a Chart.yaml; HELM_OUTDIR moves
// it). The chart's name, version and description come from package.json. Honours
// REMIND_ME_CONFIG like `npm run synth`.
// The chart is static: every setting is decided at synth time by config/values.yaml.
import { spawnSync } from 'child_process';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { parse, stringify } from 'yaml';

const ROOT = resolve(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const chartDir = join(resolve(process.env.HELM_OUTDIR ?? join(ROOT, 'dist-helm')), pkg.name);

/** Helm reads templates as Go templates: a literal `{{` must be written as a template printing it. */
const escapeForHelm = (text: string) => text.replace(/\{\{/g, '{{ "{{" }}');

const staging = mkdtempSync(join(tmpdir(), 'remind-me-helm-'));
try {
  const manifests = join(staging, 'manifests');
  const synth = spawnSync('npm', ['run', '--silent', 'synth'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, CDK8S_OUTDIR: manifests } });
  if (synth.status !== 0) process.exit(synth.status ?? 1);

  const chart = join(staging, 'chart');
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), stringify({
    apiVersion: 'v2', name: pkg.name, description: pkg.description, type: 'application', version: pkg.version, appVersion: pkg.version,
  }, { lineWidth: 0 }));
  writeFileSync(join(chart, 'values.yaml'), '# No values: the manifests are rendered by cdk8s from config/values.yaml (REMIND_ME_CONFIG).\n');
  // The files in the order the Kustomization lists them (Helm sorts by kind on install anyway).
  const { resources } = parse(readFileSync(join(manifests, 'Kustomization'), 'utf8')) as { resources: string[] };
  for (const file of resources) {
    writeFileSync(join(chart, 'templates', file), escapeForHelm(readFileSync(join(manifests, file), 'utf8')));
  }
  // Replaced whole, and only once synth succeeded: the directory is this script's alone.
  rmSync(chartDir, { recursive: true, force: true });
  cpSync(chart, chartDir, { recursive: true });
  console.log(`wrote chart ${pkg.name} ${pkg.version} to ${chartDir}`);
} finally {
  rmSync(staging, { recursive: true, force: true });
}
