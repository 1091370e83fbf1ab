import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { loadValues, remindMeApp } from './charts';
import { warningsOf } from './lib';

// Synthesize into a staging directory first: a failed synth leaves the last good output as it
// was. Then replace the previous manifests, and only them: other files in the output
// directory are not ours to delete.
const outdir = resolve(process.env.CDK8S_OUTDIR ?? 'dist');
const staging = mkdtempSync(join(tmpdir(), 'remind-me-synth-'));
try {
  const { app } = remindMeApp(loadValues(process.env.REMIND_ME_CONFIG), staging);
  for (const warning of warningsOf(app)) console.warn(`warning: ${warning}`);
  app.synth();
  mkdirSync(outdir, { recursive: true });
  for (const old of readdirSync(outdir).filter((file) => file.endsWith('.k8s.yaml'))) rmSync(join(outdir, old));
  for (const file of readdirSync(staging)) copyFileSync(join(staging, file), join(outdir, file));
} catch (error) {
  console.error(`synth failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  rmSync(staging, { recursive: true, force: true });
}
