import { Testing } from 'cdk8s';
import { checkManifests, formatViolation, RestrictedJob, ScheduledJob, ScheduledJobProps } from '../../../lib/index';
import { only, synth } from '../../support/manifests';

const MINIMAL: ScheduledJobProps = {
  name: 'nightly-mail',
  image: 'registry.example.com/mailer:3.1.0',
  schedule: '0 3 * * *',
};

function build(props: Partial<ScheduledJobProps> = {}) {
  const chart = Testing.chart();
  new ScheduledJob(chart, 'Mail', { ...MINIMAL, ...props });
  return synth(chart);
}

function errorOf(make: () => unknown): string {
  try {
    make();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the construct to refuse these props');
}

describe('ScheduledJob with minimal props', () => {
  const manifests = build();
  const cronJob = only(manifests, 'CronJob', 'nightly-mail');
  const job = cronJob.spec.jobTemplate.spec;
  const pod = job.template.spec;

  test('never overlaps runs, keeps a short history, bounds retries and run time', () => {
    expect(cronJob.spec).toMatchObject({
      schedule: '0 3 * * *', concurrencyPolicy: 'Forbid', successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 3, suspend: false,
    });
    expect(cronJob.spec.timeZone).toBeUndefined();
    expect(job).toMatchObject({ backoffLimit: 2, activeDeadlineSeconds: 3600 });
    expect(job.ttlSecondsAfterFinished).toBeUndefined();
  });

  test('its pod is "restricted": non-root, no capabilities, seccomp, read-only root with /tmp, no token, requests and limits', () => {
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } });
    const container = pod.containers[0];
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] },
    });
    expect(container.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(container.resources.limits).toEqual({ cpu: '500m', memory: '256Mi', 'ephemeral-storage': '256Mi' });
    // A job has no port and no probes: it is not a server.
    expect(container.ports).toBeUndefined();
    expect(container.readinessProbe).toBeUndefined();
    expect(cronJob.metadata.labels).toMatchObject({ app: 'nightly-mail', 'app.kubernetes.io/version': '3.1.0' });
  });

  test('passes every manifest check', () => {
    expect(checkManifests(manifests).map(formatViolation)).toEqual([]);
  });
});

test('ScheduledJob passes on every setting, claims mounted by name, beside the pods named', () => {
  const manifests = build({
    namespace: 'mail', timeZone: 'Europe/Berlin', concurrencyPolicy: 'Replace', successfulJobsHistoryLimit: 1,
    failedJobsHistoryLimit: 5, startingDeadlineSeconds: 600, suspend: true, backoffLimit: 0, activeDeadlineSeconds: 120,
    ttlSecondsAfterFinished: 60, command: ['mailer'], args: ['--send'], env: { SMTP_HOST: 'smtp' },
    claims: [{ claimName: 'outbox', mountPath: '/outbox', readOnly: true }, { claimName: 'sent', mountPath: '/sent' }],
    runBeside: { app: 'outbox' },
  });
  const cronJob = only(manifests, 'CronJob');
  const job = cronJob.spec.jobTemplate.spec;
  const pod = job.template.spec;
  const container = pod.containers[0];
  expect(cronJob.metadata.namespace).toBe('mail');
  expect(cronJob.spec).toMatchObject({
    timeZone: 'Europe/Berlin', concurrencyPolicy: 'Replace', successfulJobsHistoryLimit: 1, failedJobsHistoryLimit: 5,
    startingDeadlineSeconds: 600, suspend: true,
  });
  expect(job).toMatchObject({ backoffLimit: 0, activeDeadlineSeconds: 120, ttlSecondsAfterFinished: 60 });
  expect([container.command, container.args, container.env]).toEqual([['mailer'], ['--send'], [{ name: 'SMTP_HOST', value: 'smtp' }]]);
  expect(pod.volumes.slice(1)).toEqual([
    { name: 'outbox', persistentVolumeClaim: { claimName: 'outbox', readOnly: true } },
    { name: 'sent', persistentVolumeClaim: { claimName: 'sent' } },
  ]);
  expect(container.volumeMounts.slice(1)).toEqual([
    { name: 'outbox', mountPath: '/outbox', readOnly: true }, { name: 'sent', mountPath: '/sent' },
  ]);
  expect(pod.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution)
    .toEqual([{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'outbox' } } }]);
  expect(checkManifests(manifests).map(formatViolation)).toEqual([]);
});

test('RestrictedJob: a one-off Job, deleted a day after it finishes, passing every manifest check', () => {
  const chart = Testing.chart();
  const job = new RestrictedJob(chart, 'Migrate', { name: 'migrate', image: 'registry.example.com/app:1.0.0', command: ['migrate'] });
  const manifests = synth(chart);
  const manifest = only(manifests, 'Job', 'migrate');
  expect(job.name).toBe('migrate');
  expect(manifest.spec).toMatchObject({ backoffLimit: 2, activeDeadlineSeconds: 3600, ttlSecondsAfterFinished: 86400 });
  expect(manifest.spec.template.spec.restartPolicy).toBe('Never');
  expect(checkManifests(manifests).map(formatViolation)).toEqual([]);
});

test('impossible settings fail synth, each naming the prop and the fix', () => {
  const message = errorOf(() => build({
    name: 'a-name-that-is-far-too-long-for-a-cron-job-of-kubernetes',
    image: 'registry.example.com/mailer:latest',
    schedule: '0 3 * *',
    timeZone: 'Mars/Olympus',
    backoffLimit: -1,
    startingDeadlineSeconds: 5,
    claims: [{ claimName: 'outbox', mountPath: 'outbox' }, { claimName: 'sent', mountPath: '/tmp/sent' }, { claimName: 'outbox', mountPath: '/x' }],
    runBeside: {},
  }));
  expect(message).toMatch(/^ScheduledJob 'test\/Mail': invalid configuration:/);
  for (const problem of [
    /- name: 'a-name-that-is-far-too-long-for-a-cron-job-of-kubernetes' is not a DNS-1123 label of at most 52 characters\. Fix:/,
    /- image: '[^']+:latest' is not pinned to a tag or digest\. Fix:/,
    /- schedule: '0 3 \* \*' is not a cron schedule\. Fix: give five fields/,
    /- timeZone: 'Mars\/Olympus' is not a time zone of the IANA database\. Fix: use a name such as "Etc\/UTC"/,
    /- backoffLimit: -1 is not a whole number of 0 or more\. Fix:/,
    /- startingDeadlineSeconds: 5 is not a whole number of 10 or more\. Fix:/,
    /- claims\[0\]\.mountPath: 'outbox' is not an absolute path\. Fix:/,
    /- claims\[1\]\.mountPath: '\/tmp\/sent' overlaps '\/tmp', mounted already\. Fix:/,
    /- claims\[2\]\.claimName: 'outbox' is mounted already\. Fix: mount each claim once/,
    /- runBeside: has no labels, so it matches no pod\. Fix:/,
  ]) expect(message).toMatch(problem);
  expect(build({ schedule: '@daily' })).toHaveLength(1);
  expect(build({ schedule: '*/15 8-18 * * MON-FRI' })).toHaveLength(1);
});
