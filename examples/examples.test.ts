import { App, Chart } from 'cdk8s';
import { checkManifests, formatViolation } from '@remind-me/cdk8s-constructs';
import { synth } from '../test/support/manifests';
import { exampleNames } from './synth';

// What `npm run examples` writes, example by example: every app (a restore app too) passes the checks.
test.each(exampleNames())('the %s example passes every manifest check, in every app it synthesizes', (name) => {
  const { exampleApp } = require(`./${name}/main`) as { exampleApp: (outdir?: string) => App | App[] };
  const charts = [exampleApp()].flat().flatMap((app) => app.node.children.filter((child) => child instanceof Chart));
  expect(charts.length).toBeGreaterThan(0);
  expect(checkManifests(charts.flatMap(synth)).map(formatViolation)).toEqual([]);
});
