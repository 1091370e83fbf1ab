// Builds what a server's image runs, in the package given as the working directory (api or web):
// esbuild bundles src/server.ts and its dependencies into dist/bundle/server.js (one file to read
// instead of hundreds to resolve), less the packages named with --external (native addons),
// which it lists in dist/bundle/external.json for the image's trim (prune-bundled.mjs);
// --copy PACKAGE/DIR:NAME copies a directory a bundled package reads at run time to dist/NAME;
// then the bundle is started once, and stopped, so that Node's compile cache
// (dist/compile-cache, portable: keyed by paths relative to it) holds its compiled code.
// Start-up figures: docs/benchmarks.md.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const { values } = parseArgs({
  options: { external: { type: 'string', multiple: true, default: [] }, copy: { type: 'string', multiple: true, default: [] } },
});
const dist = resolve('dist');
const contract = Object.values(await import(join(dist, 'src', 'image-contract.js'))).find((value) => value.entryPoint);

await build({
  entryPoints: ['src/server.ts'],
  bundle: true,
  platform: 'node',
  target: 'node24',
  outfile: contract.entryPoint,
  external: values.external,
  // Smaller to read and parse; names are kept for stack traces and logs.
  minify: true,
  keepNames: true,
  legalComments: 'linked',
  logLevel: 'warning',
});
writeFileSync(join(dirname(contract.entryPoint), 'external.json'), `${JSON.stringify(values.external)}\n`);
const require = createRequire(resolve('package.json'));
for (const copy of values.copy) {
  const [source, name] = copy.split(':');
  const [scope, pkg, ...dir] = source.split('/');
  const target = join(dist, name);
  rmSync(target, { recursive: true, force: true });
  cpSync(join(dirname(require.resolve(`${scope}/${pkg}/package.json`)), ...dir), target, { recursive: true });
}

// One start, as the image runs it, with the settings each server needs to start; the cache is
// written when it exits.
const cache = contract.environment.NODE_COMPILE_CACHE;
rmSync(cache, { recursive: true, force: true });
const scratch = mkdtempSync(join(tmpdir(), 'compile-cache-'));
const server = spawn(process.execPath, [...contract.nodeFlags, contract.entryPoint], {
  env: {
    PATH: process.env.PATH,
    ...contract.environment,
    HOST: '127.0.0.1',
    PORT: '0',
    APP_ROOT: scratch,
    dbPath: join(scratch, 'reminder.db'),
    apiUrl: 'http://127.0.0.1:9',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const exited = new Promise((settle) => server.on('close', settle));
// Bounded: a server that never says it listens is stopped, and the build fails below.
setTimeout(() => server.kill('SIGKILL'), 120_000).unref();
for await (const line of createInterface({ input: server.stdout })) {
  if (JSON.parse(line).msg?.startsWith('Server listening')) server.kill('SIGTERM');
}
const code = await exited;
rmSync(scratch, { recursive: true, force: true });
if (code !== 0) throw new Error(`the bundle's start to fill the compile cache ended with ${code}`);
