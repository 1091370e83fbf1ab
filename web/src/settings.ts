import { webImageContract } from './image-contract';

export interface Settings {
  /** Origin of the reminder API (`apiUrl`), e.g. `http://remindmeapi-statefulset-0.remind-me-api-svc:8080`. */
  apiOrigin: string;
  /** Deadline of every call to the API, queueing for a connection included. */
  apiTimeoutMs: number;
  port: number;
  host: string;
}

export const DEFAULTS = { port: webImageContract.port, host: '0.0.0.0', apiTimeoutMs: 5000 } as const;

/**
 * The environment, checked: errors are one line naming the variable and the fix.
 * `GET_HOSTS_FROM` (the book sets `dns`) is accepted and ignored, as the book's image ignores it:
 * `apiUrl` is resolved through the cluster's DNS in any case.
 */
export function loadSettings(env: NodeJS.ProcessEnv): Settings {
  return {
    apiOrigin: parseApiUrl(env.apiUrl),
    apiTimeoutMs: parseInteger('apiTimeoutMs', env.apiTimeoutMs, 1, 60_000) ?? DEFAULTS.apiTimeoutMs,
    port: parseInteger('PORT', env.PORT, 0, 65535) ?? DEFAULTS.port,
    host: env.HOST || DEFAULTS.host,
  };
}

function parseApiUrl(value: string | undefined): string {
  const example = 'e.g. apiUrl=http://127.0.0.1:8080';
  if (!value) throw new Error(`apiUrl is required: the reminder API's base URL, ${example}`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`apiUrl must be an absolute http:// URL, ${example}, not "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`apiUrl must use http or https, not ${url.protocol.slice(0, -1)}`);
  }
  // Only the API's own routes are called, so the URL names a server and nothing more.
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    throw new Error(`apiUrl must be a scheme, host and port only (no path, query or credentials), ${example}`);
  }
  return url.origin;
}

function parseInteger(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d{1,6}$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}, not "${value}"`);
  }
  return Number(value);
}
