/**
 * The API image's contract: what the image does, in one place: the server, the Dockerfile test and the
 * StatefulApi chart all read these values, so they cannot drift apart.
 * No imports with side effects here: the charts load this file at synth time.
 */
import { version } from '../package.json';

export const apiImageContract = {
  /** Image repository; the tag is the package version, so a release pins both. */
  imageName: 'remind-me-api',
  imageTag: version,
  /** Port the server listens on (non-root, so above 1024). */
  port: 8080,
  livenessPath: '/healthz',
  readinessPath: '/readyz',
  /** Content root (`APP_ROOT`) in the image: settings files are read from here. */
  contentRoot: '/app',
  /** Directory under the content root where the Secret is mounted, and its file. */
  secretsDir: 'secrets',
  secretsFile: 'appsettings.secrets.json',
  /** Numeric non-root user and group of the image. */
  uid: 10001,
  gid: 10001,
  /**
   * Node flags of the server in the image (its CMD): a 4 MiB semi-space caps the young
   * generation, which V8 otherwise grows to 32 MiB under load; the RSS stays under 100 MiB.
   */
  nodeFlags: ['--max-semi-space-size=4'],
  /**
   * What node runs (relative to the content root): the server and its dependencies bundled into
   * one file by server-lifecycle/scripts/bundle.mjs, so that a start reads one file.
   */
  entryPoint: 'dist/bundle/server.js',
  /**
   * The image's backup and restore command (src/backup.ts), bundled beside the server: the
   * image holds no compiler output but the bundles.
   */
  backupEntryPoint: 'dist/bundle/backup.js',
} as const;
