import { mkdtempSync, readdirSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { cdk8sSynth } from '../../support/cdk8s-cli';

const ROOT = join(__dirname, '..', '..', '..');

describe('the manifest checks as a cdk8s validation plugin (cdk8s.yaml validations)', () => {
  test('npx cdk8s synth builds the checks, runs them over our charts and passes', () => {
    const outdir = join(mkdtempSync(join(tmpdir(), 'cdk8s-synth-')), 'dist');
    const { status, output } = cdk8sSynth(ROOT, ['--output', outdir]);
    expect([status, output]).toEqual([0, expect.stringContaining('Validations ended succesfully')]);
    expect(output).toMatch(/Validation Report \(\S+build\/manifest-checks@0\.1\.0\)/);
    expect(output).toMatch(/Status +│ success/);
    expect(output).toMatch(/rules +│ kubernetes-v1\.27\.0-schema, kubernetes-v1\.35\.0-schema, pod-security-restricted, probes, resources, pinned-images, selectors, target-ports, volume-mounts, claims/);
    expect(readdirSync(outdir)).toEqual(expect.arrayContaining(['Kustomization', 'servicespec.k8s.yaml', 'webspec.k8s.yaml']));
  }, 240_000);

  test('a deliberately broken chart fails cdk8s synth with a readable report', () => {
    // GIVEN a cdk8s project of its own: a plain cdk8s-plus Deployment of an unpinned image,
    // and the plugin declared in its cdk8s.yaml
    const project = mkdtempSync(join(tmpdir(), 'cdk8s-broken-'));
    writeFileSync(join(project, 'broken.js'), `
      const { App, Chart } = require(${JSON.stringify(require.resolve('cdk8s'))});
      const kplus = require(${JSON.stringify(require.resolve('cdk8s-plus-27'))});
      const app = new App();
      const chart = new Chart(app, 'broken');
      new kplus.Deployment(chart, 'Web', { containers: [{ image: 'nginx:latest', portNumber: 8080 }] });
      app.synth();
    `);
    writeFileSync(join(project, 'cdk8s.yaml'), [
      'app: node broken.js',
      'validations:',
      `  - package: ${join(ROOT, 'build', 'manifest-checks')}`,
      '    version: 1.0.0',
      '    class: ManifestChecks',
      '',
    ].join('\n'));
    // WHEN it synthesizes
    const { status, output } = cdk8sSynth(project);
    // THEN cdk8s fails it, and the report names each rule, the construct, the file and the fix
    expect(status).toBe(2);
    expect(output).toMatch(/Status +│ failure/);
    expect(output).toContain('Validation failed. See above reports for details');
    for (const rule of ['pod-security-restricted', 'probes', 'resources', 'pinned-images']) expect(output).toMatch(new RegExp(`${rule} \\(\\d+ occurrences\\)`));
    expect(output).toMatch(/- Construct Path: broken\/Web\/Resource\n\s+- Manifest Path: dist\/broken\.k8s\.yaml\n\s+- Resource Name: broken-web-c8\w+\n\s+- Locations:\n\s+> container main runs nginx:latest/);
    expect(output).toContain('How to fix: Name the image with a tag such as :1.4.2, or with @sha256:<digest>.');
    expect(output).not.toMatch(/(schema|selectors|target-ports|volume-mounts|claims) \(\d+ occurrences\)/);
  }, 240_000);
});
