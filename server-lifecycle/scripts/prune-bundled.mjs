// The image's trim of a bundled server (run in its package directory, after bundle.mjs): of the
// workspace's node_modules, keeps only the packages the bundle requires at run time (those listed
// in dist/bundle/external.json) and their dependencies; removes the compiler's output the bundle
// replaces (dist/src).
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const modules = resolve('..', 'node_modules');
const keep = new Set();
/** Keeps the package `name` as Node resolves it from `from`, and its dependencies. */
const visit = (name, from) => {
  let dir = from;
  while (!existsSync(join(dir, 'node_modules', name, 'package.json'))) {
    if (dir === dirname(dir)) throw new Error(`${name}, a dependency of ${from}, is not installed`);
    dir = dirname(dir);
  }
  const found = join(dir, 'node_modules', name);
  if (keep.has(found)) return;
  keep.add(found);
  const manifest = JSON.parse(readFileSync(join(found, 'package.json'), 'utf8'));
  for (const dependency of Object.keys(manifest.dependencies ?? {})) visit(dependency, found);
};
for (const name of JSON.parse(readFileSync(join('dist', 'bundle', 'external.json'), 'utf8'))) visit(name, resolve('.'));

// A top-level entry stays when it is, or holds, a kept package; nested ones stay with it.
for (const entry of readdirSync(modules)) {
  const names = entry.startsWith('@') ? readdirSync(join(modules, entry)).map((name) => join(entry, name)) : [entry];
  for (const name of names) if (!keep.has(join(modules, name))) rmSync(join(modules, name), { recursive: true, force: true });
  if (entry.startsWith('@') && readdirSync(join(modules, entry)).length === 0) rmSync(join(modules, entry), { recursive: true });
}
rmSync(join('dist', 'src'), { recursive: true, force: true });
