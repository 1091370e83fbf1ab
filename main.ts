import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { stringify } from 'yaml';
import { loadValues, remindMeApp, RESTORE_DIR } from './charts';
import { warningsOf } from '@remind-me/cdk8s-constructs';

// Synthesize into a staging directory first: a failed synth leaves the last good output as it
// was. Then replace the previous manifests (and restore Jobs), and only them: other files in
// the output directory are not ours to delete.
const outdir = resolve(process.env.CDK8S_OUTDIR ?? 'dist');
const staging = mkdtempSync(join(tmpdir(), 'remind-me-synth-'));
try {
  const { app, restoreApp } = remindMeApp(loadValues(process.env.REMIND_ME_CONFIG), staging);
  for (const warning of warningsOf(app)) console.warn(`warning: ${warning}`);
  app.synth();
  restoreApp?.synth();
  writeKustomization(staging);
  mkdirSync(outdir, { recursive: true });
  for (const dir of [outdir, join(outdir, RESTORE_DIR)].filter(existsSync)) {
    for (const old of readdirSync(dir).filter((file) => file.endsWith('.k8s.yaml'))) rmSync(join(dir, old));
  }
  cpSync(staging, outdir, { recursive: true });
} catch (error) {
  console.error(`synth failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  rmSync(staging, { recursive: true, force: true });
}

/**
 * For `kubectl apply -k`: the manifests in the order `kubectl apply -f` takes them (by name).
 * kustomize then orders the objects by kind (Namespace first, Services before workloads); a
 * `sortOptions` keeping the file order would make kubectl warn on every apply -k. The file is
 * `Kustomization`, a name kustomize reads and `kubectl apply -f` skips (it reads only .yaml,
 * .yml and .json files), so both commands work on one directory.
 */
function writeKustomization(dir: string): void {
  const resources = readdirSync(dir).filter((file) => file.endsWith('.k8s.yaml')).sort();
  writeFileSync(join(dir, 'Kustomization'), stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources }));
}
