import type { FastifyServerOptions } from 'fastify';
import { AccessLog } from './access-log';

/**
 * Both servers' Fastify `bodyLimit`, so both answer 413 alike: a reminder is a title and a date,
 * and 4 KiB holds the longest valid one, even fully \u-escaped.
 */
export const BODY_LIMIT_BYTES = 4096;

/** What a server's `buildApp` takes besides what it serves from: how it logs and compiles its schemas. */
export interface AppOptions {
  /** Fastify's logger: `{ level: 'info' }` when it serves, `false` when the build compiles its schemas. */
  readonly logger: FastifyServerOptions['logger'];
  /** The compilers of the routes' schemas: the build's generated code at run time (`precompiledSchemas`), `StandaloneSchemas` at build time. */
  readonly schemaController: FastifyServerOptions['schemaController'];
}

/**
 * The Fastify options both servers share: `options`, one access-log line per request (none for
 * `probePaths`), and the body limit.
 */
export function serverOptions(options: AppOptions, probePaths: readonly string[]) {
  return { ...options, logController: new AccessLog(probePaths), bodyLimit: BODY_LIMIT_BYTES } satisfies FastifyServerOptions;
}
