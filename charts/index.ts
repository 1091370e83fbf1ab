import { join } from 'path';
import { App, Chart } from 'cdk8s';
import { RemindMeApiChart } from './remind-me-api-chart';
import { RemindMeWebChart } from './remind-me-web-chart';
import { Values } from './values';
import { StatefulApiBackup } from '@remind-me/cdk8s-constructs';

export * from './remind-me-api-chart';
export * from './remind-me-web-chart';
export * from './image-reference';
export * from './values';

/**
 * The Remind Me system as the chapter splits it: `servicespec` (the API) and `webspec` (the
 * web front end), one YAML file each.
 */
export function remindMeApp(values: Values, outdir?: string) {
  const app = new App({ outdir });
  const apiChart = new RemindMeApiChart(app, 'servicespec', values);
  const webChart = new RemindMeWebChart(app, 'webspec', { values, api: apiChart.statefulApi });
  return { app, apiChart, webChart, restoreApp: apiChart.backup && restoreApp(apiChart.backup, outdir) };
}

/** Subdirectory of the output with the restore Jobs: apart, so `kubectl apply -f dist/` never runs one. */
export const RESTORE_DIR = 'restore';

/**
 * The restore Jobs, one per data claim, in a chart of their own (`restore/remindmeapi-restore.k8s.yaml`),
 * applied only to restore, with the API scaled to zero (README: "Backups").
 */
function restoreApp(backup: StatefulApiBackup, outdir?: string): App {
  const app = new App({ outdir: outdir && join(outdir, RESTORE_DIR) });
  const chart = new Chart(app, 'remindmeapi-restore');
  backup.restoreJobs(chart);
  return app;
}
