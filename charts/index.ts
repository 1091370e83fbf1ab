import { App } from 'cdk8s';
import { RemindMeApiChart } from './remind-me-api-chart';
import { RemindMeWebChart } from './remind-me-web-chart';
import { Values } from './values';

export * from './remind-me-api-chart';
export * from './remind-me-web-chart';
export * from './values';

/**
 * The Remind Me system as the chapter splits it: `servicespec` (the API) and `webspec` (the
 * web front end), one YAML file each.
 */
export function remindMeApp(values: Values, outdir?: string) {
  const app = new App({ outdir });
  const apiChart = new RemindMeApiChart(app, 'servicespec', values);
  const webChart = new RemindMeWebChart(app, 'webspec', { values, api: apiChart.statefulApi });
  return { app, apiChart, webChart };
}
