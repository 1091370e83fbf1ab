import { spawnSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import * as ts from 'typescript';

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

// typedoc checks what the package exports; this also covers the interfaces lib/ shares between
// its own modules (@internal), which a newcomer reads just as much.
test('every member of every exported interface in lib/ has a doc comment', () => {
  const files = readdirSync(LIB, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && !file.startsWith('docs/') && !file.includes('node_modules'));
  const undocumented = files.flatMap((file) => {
    const source = ts.createSourceFile(file, readFileSync(join(LIB, file), 'utf8'), ts.ScriptTarget.Latest, true);
    return source.statements
      .filter((node) => ts.isInterfaceDeclaration(node))
      .filter((node) => node.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword))
      .flatMap((node) => node.members
        .filter((member) => ts.getJSDocCommentsAndTags(member).length === 0)
        .map((member) => `${file}: ${node.name.text}.${member.name?.getText(source) ?? '[index]'}`));
  });
  expect(undocumented).toEqual([]);
});
