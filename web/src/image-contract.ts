/**
 * The web image's contract: what the image does, in one place: the server, the Dockerfile test and the
 * StatelessWeb chart all read these values, so they cannot drift apart.
 * No imports with side effects here: the charts load this file at synth time.
 */
import { version } from '../package.json';

export const webImageContract = {
  /** Image repository; the tag is the package version, so a release pins both. */
  imageName: 'remind-me-web',
  imageTag: version,
  /** Port the server listens on (non-root, so above 1024). */
  port: 8080,
  /** Neither probe calls the API: a down API is shown in the page, it must not empty the Service. */
  livenessPath: '/healthz',
  readinessPath: '/readyz',
  /** Working directory of the server in the image; nothing is written there (read-only root). */
  contentRoot: '/app',
  /** Numeric non-root user and group of the image. */
  uid: 10001,
  gid: 10001,
  /**
   * Node flags of the server in the image (its CMD): a 4 MiB semi-space caps the young
   * generation, which V8 otherwise grows to 32 MiB under load (the pod's limit is 128 MiB).
   */
  nodeFlags: ['--max-semi-space-size=4'],
  /**
   * What node runs (relative to the content root): the server and its dependencies bundled into
   * one file by server-lifecycle/scripts/bundle.mjs, so that a start reads one file.
   */
  entryPoint: 'dist/bundle/server.js',
} as const;
