import { join } from 'path';
import { Testing } from 'cdk8s';
import { loadValues, remindMeApp } from '../charts';
import { SecretValue } from '@remind-me/cdk8s-constructs';
import { checkManifests, formatViolation } from '../lib/manifest-checks';
import { Manifest, podSpecs, synth } from './support/manifests';
import { SessionCacheChart } from '../examples/session-cache/main';

/** Every configuration this repository supports, and the reused construct, as manifests. */
function configurations(): [string, Manifest[]][] {
  const remindMe = (overlay?: string) => {
    const { apiChart, webChart } = remindMeApp(loadValues(overlay && join(__dirname, '..', 'config', 'examples', `${overlay}.yaml`)));
    return [...synth(apiChart), ...synth(webChart)];
  };
  const cache = synth(new SessionCacheChart(Testing.app(), 'cache', { token: SecretValue.fromLiteral('token') }));
  return [
    ['the chapter\'s layout', remindMe()],
    ['per-replica storage', remindMe('per-replica')],
    ['a non-default namespace', remindMe('namespace')],
    ['dynamic provisioning', remindMe('dynamic')],
    ['the book\'s web image', remindMe('book-web')],
    ['a reused StatefulApi (session cache)', cache],
  ];
}

// The checks themselves, each shown failing, are in checks.test.ts.
test.each(configurations())('%s passes every manifest check: schemas 1.27 and 1.35, "restricted", probes, resources, pinned images, wiring', (_, manifests) => {
  expect(podSpecs(manifests).length).toBeGreaterThan(0);
  expect(checkManifests(manifests).map(formatViolation)).toEqual([]);
});
