import { join } from 'path';
import { Testing } from 'cdk8s';
import { loadValues, remindMeApp } from '../../charts';
import { SecretValue } from '@remind-me/cdk8s-constructs';
import { checkManifests, formatViolation } from '../../lib/manifest-checks';
import { Manifest, podSpecs, synth } from '../support/manifests';
import { SessionCacheChart } from '../../examples/session-cache/main';

/** Every configuration this repository supports, and the reused construct, as manifests. */
function configurations(): [string, Manifest[]][] {
  const remindMe = (overlay?: string) => {
    const { apiChart, webChart, restoreApp } = remindMeApp(loadValues(overlay && join(__dirname, '..', '..', 'config', 'examples', `${overlay}.yaml`)));
    // The restore Jobs with the objects they use: the claims are checked against them.
    return [...synth(apiChart), ...synth(webChart), ...(restoreApp?.charts ?? []).flatMap(synth)];
  };
  const cache = synth(new SessionCacheChart(Testing.app(), 'cache', { token: SecretValue.fromLiteral('token') }));
  return [
    ['the chapter\'s layout', remindMe()],
    ['per-replica storage', remindMe('per-replica')],
    ['a non-default namespace', remindMe('namespace')],
    ['dynamic provisioning', remindMe('dynamic')],
    ['the book\'s web image', remindMe('book-web')],
    ['nightly backups, with the restore Job', remindMe('backup')],
    ['a reused StatefulApi (session cache)', cache],
  ];
}

// The checks themselves, each shown failing, are in test/lib/manifest-checks/manifest-checks.test.ts.
test.each(configurations())('%s passes every manifest check: schemas 1.27 and 1.35, "restricted", probes, resources, pinned images, wiring', (_, manifests) => {
  expect(podSpecs(manifests).length).toBeGreaterThan(0);
  expect(checkManifests(manifests).map(formatViolation)).toEqual([]);
});
