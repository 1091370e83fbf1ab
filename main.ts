import { mkdtempSync, renameSync, rmSync } from 'fs';
import { dirname, resolve } from 'path';
import { loadValues, remindMeApp } from './charts';
import { warningsOf } from './lib';

// Synthesize into a staging directory and swap it in whole: a failed synth leaves the last
// good dist/ as it was, and a good one leaves no stale file behind.
const outdir = resolve(process.env.CDK8S_OUTDIR ?? 'dist');
const staging = mkdtempSync(`${dirname(outdir)}/.synth-`);
try {
  const { app } = remindMeApp(loadValues(process.env.REMIND_ME_CONFIG), staging);
  for (const warning of warningsOf(app)) console.warn(`warning: ${warning}`);
  app.synth();
  rmSync(outdir, { recursive: true, force: true });
  renameSync(staging, outdir);
} catch (error) {
  rmSync(staging, { recursive: true, force: true });
  console.error(`synth failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
