import { join } from 'node:path';
import { App, Chart } from 'cdk8s';
import type { StatefulApiBackup } from '@remind-me/cdk8s-constructs';

/**
 * The apps of an example with a backup: the app `build` fills, and one in `restore/` with the
 * backup's restore Jobs, chart `<name>-restore` (applied only to restore: `kubectl apply -f` of
 * the output does not read subdirectories). `outdir` is where `synth()` writes.
 */
export function withRestoreApp(name: string, outdir: string | undefined, build: (app: App) => StatefulApiBackup): App[] {
  const app = new App({ outdir });
  const backup = build(app);
  const restoreApp = new App({ outdir: outdir && join(outdir, 'restore') });
  backup.restoreJobs(new Chart(restoreApp, `${name}-restore`));
  return [app, restoreApp];
}
