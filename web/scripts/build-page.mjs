// Builds the page into dist/public: esbuild bundles and minifies page/ into assets/ under names
// that carry a hash of their content (served with a year-long cache), and index.html names them.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { build } from 'esbuild';

const web = join(import.meta.dirname, '..');
const source = join(web, 'page');
const out = join(web, 'dist', 'public');

rmSync(out, { recursive: true, force: true });
const { metafile } = await build({
  entryPoints: ['main.ts', 'style.css', 'icon.svg'].map((file) => join(source, file)),
  bundle: true,
  minify: true,
  target: ['chrome111', 'firefox111', 'safari16'],
  loader: { '.svg': 'copy' },
  entryNames: '[name]-[hash]',
  outdir: join(out, 'assets'),
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
});

// `{{main.ts}}` in the template becomes `assets/main-<hash>.js`: relative, so the page also works under a path prefix.
const assets = Object.fromEntries(
  Object.entries(metafile.outputs).map(([output, { entryPoint }]) => [basename(entryPoint), relative(out, output)]),
);
const html = readFileSync(join(source, 'index.html'), 'utf8').replace(/\{\{([\w.]+)\}\}/g, (_, name) => {
  if (!assets[name]) throw new Error(`page/index.html names ${name}, which is not built`);
  return assets[name];
});
writeFileSync(join(out, 'index.html'), html);
