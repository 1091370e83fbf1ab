// Builds what a server's image runs, in the package given as the working directory (api or web):
// esbuild bundles src/server.ts and its dependencies into one file, the contract's entry point
// (dist/bundle/server.js): a start reads one file instead of resolving and reading hundreds
// (docs/benchmarks.md). --entry src/NAME.ts bundles another program of the image beside it
// (dist/bundle/NAME.js). Packages named with --external (native addons) stay in node_modules;
// dist/bundle/external.json lists them for the image's trim (prune-bundled.mjs).
// --copy PACKAGE/DIR:NAME copies a directory a bundled package reads at run time to dist/NAME.
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const { values } = parseArgs({
  options: {
    external: { type: 'string', multiple: true, default: [] },
    copy: { type: 'string', multiple: true, default: [] },
    entry: { type: 'string', multiple: true, default: [] },
  },
});
const dist = resolve('dist');
const contract = Object.values(await import(join(dist, 'src', 'image-contract.js'))).find((value) => value.entryPoint);

await build({
  entryPoints: ['src/server.ts', ...values.entry],
  bundle: true,
  platform: 'node',
  target: 'node24',
  outdir: dirname(contract.entryPoint),
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
  const parts = source.split('/');
  const pkg = parts.splice(0, source.startsWith('@') ? 2 : 1).join('/');
  const target = join(dist, name);
  rmSync(target, { recursive: true, force: true });
  cpSync(join(dirname(require.resolve(`${pkg}/package.json`)), ...parts), target, { recursive: true });
}
