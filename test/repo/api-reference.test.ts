import { spawnSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';

// lib/docs/api is typedoc's output from the TSDoc, committed so the README can link it: it
// must be what `npm run docs -w lib` writes from the current source, never edited by hand.
const LIB = join(__dirname, '..', '..', 'lib');

function tree(dir: string): Record<string, string> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return Object.fromEntries(files.map((entry) => {
    const path = join(entry.parentPath, entry.name);
    return [relative(dir, path), readFileSync(path, 'utf8')];
  }).sort(([a], [b]) => a.localeCompare(b)));
}

test('the committed API reference is typedoc\'s output for the current source (npm run docs -w lib)', () => {
  const out = mkdtempSync(join(tmpdir(), 'api-reference-'));
  const typedoc = spawnSync(join(__dirname, '..', '..', 'node_modules', '.bin', 'typedoc'), ['--out', out, '--treatWarningsAsErrors'], {
    cwd: LIB, encoding: 'utf8', timeout: 120_000,
  });
  expect([typedoc.status, typedoc.stderr]).toEqual([0, '']);
  expect(tree(join(LIB, 'docs', 'api'))).toEqual(tree(out));
}, 120_000);
