// The image's trim of a bundled server (run in its package directory, after bundle.mjs): of the
// workspace's node_modules, keeps only the packages the bundle requires at run time (those listed
// in dist/bundle/external.json) and their dependencies; removes the compiler's output the bundle
// replaces (dist/src).
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const modules = resolve('..', 'node_modules');
const keep = new Set();
const visit = (name) => {
  if (keep.has(name)) return;
  keep.add(name);
  const manifest = JSON.parse(readFileSync(join(modules, name, 'package.json'), 'utf8'));
  Object.keys(manifest.dependencies ?? {}).forEach(visit);
};
JSON.parse(readFileSync(join('dist', 'bundle', 'external.json'), 'utf8')).forEach(visit);

for (const entry of readdirSync(modules)) {
  const names = entry.startsWith('@') ? readdirSync(join(modules, entry)).map((name) => `${entry}/${name}`) : [entry];
  for (const name of names) if (!keep.has(name)) rmSync(join(modules, name), { recursive: true, force: true });
}
rmSync(join('dist', 'src'), { recursive: true, force: true });
