import { execFileSync, spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse, parseAllDocuments } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const CDK8S_CONFIG = parse(readFileSync(join(ROOT, 'cdk8s.yaml'), 'utf8'));

/** Runs cdk8s.yaml's app command as the cdk8s CLI does: in a shell, the output directory in CDK8S_OUTDIR. */
function synth(env: Record<string, string>) {
  return spawnSync(CDK8S_CONFIG.app, {
    shell: true, cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000,
  });
}

describe('main.ts', () => {
  const outdir = join(mkdtempSync(join(tmpdir(), 'synth-')), 'dist');

  test('writes the chapter\'s two files, and prints the shared-claim warning', () => {
    const run = synth({ CDK8S_OUTDIR: outdir });
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/warning: \[servicespec\/Api\] storage: one ReadWriteOnce claim/);
    expect(readdirSync(outdir).sort()).toEqual(['Kustomization', 'servicespec.k8s.yaml', 'webspec.k8s.yaml']);
    const kinds = parseAllDocuments(readFileSync(join(outdir, 'webspec.k8s.yaml'), 'utf8')).map((d) => d.get('kind'));
    expect(kinds).toEqual(['Service', 'Deployment', 'PodDisruptionBudget', 'NetworkPolicy']);
  });

  test('the Kustomization lists the files servicespec then webspec; kubectl kustomize renders their objects, Services before workloads', () => {
    const objects = (text: string) => parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean);
    const kustomization = parse(readFileSync(join(outdir, 'Kustomization'), 'utf8'));
    expect(kustomization).toEqual({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['servicespec.k8s.yaml', 'webspec.k8s.yaml'] });
    const key = (o: { kind: string; metadata: { name: string } }) => `${o.kind}/${o.metadata.name}`;
    const files = kustomization.resources.flatMap((f: string) => objects(readFileSync(join(outdir, f), 'utf8')));
    const rendered = objects(execFileSync('kubectl', ['kustomize', outdir], { encoding: 'utf8' }));
    expect(rendered.map(key).sort()).toEqual(files.map(key).sort());
    expect(rendered).toEqual(expect.arrayContaining(files));
    const kinds = rendered.map((o) => o.kind);
    expect(kinds.lastIndexOf('Service')).toBeLessThan(kinds.indexOf('StatefulSet'));
  });

  test('an impossible configuration fails with the message and leaves the last output untouched', () => {
    // GIVEN a good output, then an overlay with a nodePort outside the range
    const before = readFileSync(join(outdir, 'servicespec.k8s.yaml'), 'utf8');
    const bad = join(mkdtempSync(join(tmpdir(), 'values-')), 'bad.yaml');
    writeFileSync(bad, 'api:\n  replicas: 1\nweb:\n  nodePort: 80\n');
    // WHEN synth runs with it
    const run = synth({ CDK8S_OUTDIR: outdir, REMIND_ME_CONFIG: bad });
    // THEN it fails naming the prop and the fix, without a stack trace, and writes nothing
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/synth failed: StatelessWeb 'webspec\/Web': invalid configuration:\n {2}- service.nodePort: 80 is outside the default NodePort range. Fix: use a whole number from 30000 to 32767/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(outdir, 'servicespec.k8s.yaml'), 'utf8')).toBe(before);
  });

  test('creates a missing output directory, replaces only its manifests, and keeps other files', () => {
    // GIVEN an output directory that does not exist yet, then a file of someone else's in it
    const nested = join(mkdtempSync(join(tmpdir(), 'synth-')), 'out', 'prod');
    expect(synth({ CDK8S_OUTDIR: nested }).status).toBe(0);
    writeFileSync(join(nested, 'notes.txt'), 'keep me');
    writeFileSync(join(nested, 'old-chart.k8s.yaml'), 'stale');
    // WHEN synth runs again
    expect(synth({ CDK8S_OUTDIR: nested }).status).toBe(0);
    // THEN the manifests are replaced, the stale one is gone, and the other file is untouched
    expect(readdirSync(nested).sort()).toEqual(['Kustomization', 'notes.txt', 'servicespec.k8s.yaml', 'webspec.k8s.yaml']);
    expect(readFileSync(join(nested, 'notes.txt'), 'utf8')).toBe('keep me');
    expect(statSync(nested).mode & 0o777).toBe(0o777 & ~process.umask());
  });

  test('an overlay switches the layout and leaves no stale file behind', () => {
    const run = synth({ CDK8S_OUTDIR: outdir, REMIND_ME_CONFIG: 'config/examples/per-replica.yaml' });
    expect(run.status).toBe(0);
    expect(run.stderr).not.toMatch(/warning/);
    const servicespec = readFileSync(join(outdir, 'servicespec.k8s.yaml'), 'utf8');
    expect(servicespec).toContain('volumeClaimTemplates');
    expect(servicespec).toContain('remind-me-api-pv-volume-2');
  });

  test('backup.yaml adds the CronJob and its storage, and the restore Job apart in restore/; switching back removes it', () => {
    const run = synth({ CDK8S_OUTDIR: outdir, REMIND_ME_CONFIG: 'config/examples/backup.yaml' });
    expect(run.status).toBe(0);
    const kinds = parseAllDocuments(readFileSync(join(outdir, 'servicespec.k8s.yaml'), 'utf8')).map((d) => `${d.get('kind')}/${d.getIn(['metadata', 'name'])}`);
    expect(kinds).toEqual(expect.arrayContaining([
      'PersistentVolume/remind-me-api-backup-volume', 'PersistentVolumeClaim/remind-me-api-backup-claim', 'CronJob/remindmeapi-backup',
    ]));
    // `kubectl apply -f dist/` reads only the directory's own files: the restore Job is not among them.
    expect(readdirSync(join(outdir, 'restore'))).toEqual(['remindmeapi-restore.k8s.yaml']);
    expect(parse(readFileSync(join(outdir, 'Kustomization'), 'utf8')).resources).toEqual(['servicespec.k8s.yaml', 'webspec.k8s.yaml']);
    expect(synth({ CDK8S_OUTDIR: outdir }).status).toBe(0);
    expect(readdirSync(join(outdir, 'restore'))).toEqual([]);
    expect(readFileSync(join(outdir, 'servicespec.k8s.yaml'), 'utf8')).not.toContain('CronJob');
  });

  test('cdk8s.yaml bundles the manifest checks it declares, then calls npm run synth, the one transpile-only command, into dist', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const lib = JSON.parse(readFileSync(join(ROOT, 'lib', 'package.json'), 'utf8'));
    expect(CDK8S_CONFIG.app).toBe('npm run --silent build:checks && npm run --silent synth');
    expect(pkg.scripts.synth).toMatch(/^esbuild main\.ts --bundle .*&& node build\/main\.js$/);
    expect(pkg.scripts['build:checks']).toMatch(/--outfile=build\/manifest-checks\/index\.js .*build\/manifest-checks\/schemas$/);
    expect(CDK8S_CONFIG.validations).toEqual([{ package: './build/manifest-checks', version: lib.version, class: 'ManifestChecks' }]);
    expect(CDK8S_CONFIG.output).toBe('dist');
    expect(existsSync(join(ROOT, 'node_modules', '.bin', 'cdk8s'))).toBe(true);
    expect(execFileSync('git', ['check-ignore', 'dist/x.yaml'], { cwd: ROOT, encoding: 'utf8' }).trim()).toBe('dist/x.yaml');
  });
});
