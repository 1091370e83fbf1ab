// Builds what a server's image runs, in the package given as the working directory (api or web):
// esbuild bundles src/server.ts and its dependencies into one file, the contract's entry point
// (dist/bundle/server.js): a start reads one file instead of resolving and reading hundreds
// (docs/benchmarks.md). --entry src/NAME.ts bundles another program of the image beside it
// (dist/bundle/NAME.js). Packages named with --external (native addons) stay in node_modules;
// dist/bundle/external.json lists them for the image's trim (prune-bundled.mjs).
// --copy PACKAGE/DIR:NAME copies a directory a bundled package reads at run time to dist/NAME.
// Before bundling, it runs the package's src/compile-schemas.ts (its tsc output), which writes
// the routes' validators and serializers as code (dist/src/compiled-schemas.js, Fastify's
// standalone mode): the bundle holds them, and the server compiles no schema at start.
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const { values } = parseArgs({
  options: {
    external: { type: 'string', multiple: true, default: [] },
    copy: { type: 'string', multiple: true, default: [] },
    entry: { type: 'string', multiple: true, default: [] },
    lazy: { type: 'string', multiple: true, default: [] },
  },
});
const dist = resolve('dist');
const contract = Object.values(await import(join(dist, 'src', 'image-contract.js'))).find((value) => value.entryPoint);

const require = createRequire(resolve('package.json'));
for (const copy of values.copy) {
  const [source, name] = copy.split(':');
  const parts = source.split('/');
  const pkg = parts.splice(0, source.startsWith('@') ? 2 : 1).join('/');
  const target = join(dist, name);
  rmSync(target, { recursive: true, force: true });
  cpSync(join(dirname(require.resolve(`${pkg}/package.json`)), ...parts), target, { recursive: true });
}

const compiledSchemas = join(dist, 'src', 'compiled-schemas.js');
execFileSync(process.execPath, [join(dist, 'src', 'compile-schemas.js')], { stdio: 'inherit' });
/**
 * The generated module is imported as `./compiled-schemas` from src/, and loaded as if it were
 * there: its requires of the server's own modules (the API's formats) find their sources, which
 * the bundle holds once.
 */
const generated = {
  name: 'compiled-schemas',
  setup(build) {
    build.onResolve({ filter: /^\.\/compiled-schemas$/ }, () => ({ path: compiledSchemas }));
    build.onLoad({ filter: /[\\/]compiled-schemas\.js$/ }, ({ path }) => ({
      contents: readFileSync(path, 'utf8'),
      loader: 'js',
      resolveDir: resolve('src'),
    }));
  },
};

/**
 * Fastify's schema compilers (ajv's, fast-json-stringify's) stay out of the bundle: the server
 * runs on the generated code (precompiledSchemas), so Fastify never loads them, and they were a
 * quarter of what a start compiles. A server built without precompiledSchemas would fail at
 * start, unable to find them in the image.
 */
const withoutCompilers = {
  name: 'without-schema-compilers',
  setup(build) {
    build.onResolve({ filter: /^@fastify\/(ajv-compiler|fast-json-stringify-compiler)$/ }, ({ path, importer }) =>
      /[\\/]fastify[\\/]lib[\\/]schema-controller\.js$/.test(importer) ? { path, external: true } : undefined,
    );
  },
};

/**
 * --lazy PACKAGE: a package the server imports only when it needs it (`import()`) is bundled
 * apart, into dist/bundle/PACKAGE.js, so that a start does not compile it (the web's undici, a
 * third of its bundle: the probes never call the API).
 */
const lazy = {
  name: 'lazy',
  setup(build) {
    for (const name of values.lazy) {
      build.onResolve({ filter: new RegExp(`^${name}$`) }, ({ kind }) =>
        kind === 'dynamic-import' ? { path: `./${name}.js`, external: true } : undefined,
      );
    }
  },
};

await build({
  entryPoints: [
    'src/server.ts',
    ...values.entry,
    ...values.lazy.map((name) => ({ in: require.resolve(name), out: name })),
  ],
  bundle: true,
  platform: 'node',
  target: 'node24',
  outdir: dirname(contract.entryPoint),
  external: values.external,
  plugins: [generated, withoutCompilers, lazy],
  // Smaller to read and parse; names are kept for stack traces and logs.
  minify: true,
  keepNames: true,
  legalComments: 'linked',
  logLevel: 'warning',
});
writeFileSync(join(dirname(contract.entryPoint), 'external.json'), `${JSON.stringify(values.external)}\n`);
