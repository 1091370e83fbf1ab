import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import { caseInsensitiveKeys } from './casing';
import { apiImageContract } from './image-contract';

export interface Settings {
  /** Where the settings files are read from (`APP_ROOT`, default the working directory). */
  contentRoot: string;
  /** Absolute path of the SQLite file. */
  dbPath: string;
  port: number;
  host: string;
  /** Settings files that were found, lowest precedence first: paths only, never their values. */
  files: string[];
}

/** The keys a settings layer may set; like .NET configuration keys, they match ignoring case. */
interface Layer {
  dbPath?: string;
}

export const DEFAULTS = { dbPath: 'reminder.db', port: apiImageContract.port, host: '0.0.0.0' } as const;

const canonical = caseInsensitiveKeys(['dbPath']);
// validateSchema: false as in validation.ts (a constant schema; no meta-schema compile at start).
const validateLayer = new Ajv({ allErrors: true, validateSchema: false }).compile<Layer>({
  type: 'object',
  properties: { dbPath: { type: 'string', minLength: 1 } },
});

/**
 * Built-in defaults < `appsettings.json` < `secrets/appsettings.secrets.json` (the mounted
 * Secret) < environment. Both files are optional; a file that exists must be valid. Errors are
 * one line naming the file or variable at fault.
 */
export function loadSettings(env: NodeJS.ProcessEnv): Settings {
  const contentRoot = resolve(env.APP_ROOT || '.');
  const files: string[] = [];
  let dbPath: string = DEFAULTS.dbPath;
  for (const file of [
    join(contentRoot, 'appsettings.json'),
    join(contentRoot, apiImageContract.secretsDir, apiImageContract.secretsFile),
  ]) {
    const layer = readFileLayer(file);
    if (layer === undefined) continue;
    files.push(file);
    dbPath = layer.dbPath ?? dbPath;
  }
  dbPath = checkLayer('environment', canonical(env)).dbPath ?? dbPath;
  return {
    contentRoot,
    dbPath: resolve(contentRoot, dbPath),
    port: parsePort(env.PORT),
    host: env.HOST || DEFAULTS.host,
    files,
  };
}

function readFileLayer(file: string): Layer | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new Error(`cannot read settings file ${file} (${code})`);
  }
  let json: unknown;
  try {
    // .NET tooling writes a byte order mark, which JSON.parse refuses.
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    // Not the parser's message: it quotes the text, and this may be the Secret.
    throw new Error(`settings file ${file} is not valid JSON`);
  }
  return checkLayer(`settings file ${file}`, canonical(json));
}

function checkLayer(source: string, value: unknown): Layer {
  if (validateLayer(value)) return value;
  const problems = (validateLayer.errors ?? []).map(
    (e) => `${e.instancePath.slice(1) || 'settings'} ${e.message}`,
  );
  throw new Error(`${source}: ${problems.join('; ')}`);
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULTS.port;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    throw new Error(`PORT must be a TCP port number (0-65535), not "${value}"`);
  }
  return Number(value);
}
