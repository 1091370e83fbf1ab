import { execFileSync } from 'child_process';
import { readdirSync, readFileSync } from 'fs';
import { dirname, join, relative, sep } from 'path';
import { KUBERNETES_VERSIONS, KubernetesSchema } from '../../lib/manifest-checks/kubernetes-schema';

// A clone of the repository alone builds and passes its tests: no file of it may reach above
// its root (a sibling checkout, a shared directory) or into a machine's home or work directories.
const ROOT = join(__dirname, '..', '..');

/**
 * `..` steps in a row: `../../x` (a path, cwd- or file-relative, or after a directory in a
 * variable: `$(dirname "$0")/..`, `$HERE/..`; not within a path, `a/../b`) or `'..', '..'`
 * (path.join arguments).
 */
const UPWARD = /(?<![\w.~-])(?<!(?:^|[^$\w{])[\w.~-]+\/)(?:\.\.[/\\])*\.\.(?![\w.])|(['"])\.\.\1(?:\s*,\s*(['"])\.\.\2)*/g;
/** An absolute path into a home or work directory: a machine's, never a clone's. */
const MACHINE_PATH = /(?<![\w.~$-])\/(?:home|root|work|Users)\/[\w.-]/g;

/**
 * Files whose `..` steps are data about other files, not paths of their own: the import
 * specifiers each row of the layers test names, relative to the file of that row.
 */
const STEPS_OF_OTHER_FILES = ['test/repo/layers.test.ts'];

/**
 * The references of `text`, from the file at `path` (relative to the root), that leave the
 * repository: more `..` steps than the file's directory is deep (a path in a script may be
 * relative to the working directory instead, the file's package: that is never deeper), or a
 * machine's path. Documentation may show users' own directories beside a clone (`cd ..`): only
 * machine paths count there.
 */
function outsideReferences(path: string, text: string): string[] {
  const depth = dirname(path) === '.' ? 0 : dirname(path).split(/[/\\]/).length;
  const stepsCount = !path.endsWith('.md') && !STEPS_OF_OTHER_FILES.includes(path);
  const upward = stepsCount ? [...text.matchAll(UPWARD)].filter(([match]) => match.split('..').length - 1 > depth) : [];
  return [...upward, ...text.matchAll(MACHINE_PATH)].map(([match]) => `${path}: ${match}`);
}

describe('outsideReferences', () => {
  test.each([
    ['lib/scripts/k8s-schemas.ts', "resolve(__dirname, '..', '..', '..', 'sibling', 'k8s-schemas')"],
    ['package.json', '"build": "node x.js ../sibling/k8s-schemas"'],
    ['lib/package.json', '"build": "cp ../../sibling/x.json dist/"'],
    ['cluster/env.sh', 'SCHEMAS="$(dirname "$0")/../../sibling"'],
    ['images/env.sh', 'SHARED="$HERE/../../sibling"'],
    ['README.md', 'The schemas are in `/Users/someone/k8s-schemas`.'],
    ['.ci/run', 'cp -r /root/.cache/x .cluster/'],
    ['docs/cluster.md', 'cd /home/someone/remind-me'],
  ])('GIVEN %s naming a path outside the repository WHEN it is read THEN it is caught', (path, text) => {
    expect(outsideReferences(path, text)).toHaveLength(1);
  });

  test.each([
    ['web/test/support/processes.ts', "import { call } from '../../../api/test/support/http';"],
    ['lib/package.json', '"build": "cp ../README.md dist/"'],
    ['api/src/x.ts', "join(__dirname, '..', 'package.json')"],
    ['images/build.sh', 'ROOT="$(dirname "$0")/.."; cp a/../b c'],
    ['scripts/x.ts', 'props, ...rest, and a range 1..3; ~/.cache and /usr/bin/env'],
    ['README.md', 'cd ../my-platform && npm install ../remind-me-k8s/package.tgz'],
  ])('GIVEN %s naming paths inside the repository (or none) WHEN it is read THEN nothing is caught', (path, text) => {
    expect(outsideReferences(path, text)).toEqual([]);
  });
});

test('GIVEN every file of the repository (committed or not, unless ignored) WHEN read THEN none refers to a path outside it', () => {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean)
    // This file's examples above are data, not references.
    .filter((path) => path !== relative(ROOT, __filename).split(sep).join('/'));
  const found = files.flatMap((path) => {
    const content = readFileSync(join(ROOT, path));
    return content.includes(0) ? [] : outsideReferences(path, content.toString('utf8'));
  });

  expect(files.length).toBeGreaterThan(100);
  expect(found).toEqual([]);
});

test('GIVEN the Kubernetes versions the checks know WHEN their schemas are looked for THEN each one is committed, trimmed, and no other is', () => {
  const dir = join('lib', 'manifest-checks', 'schemas');
  const committed = execFileSync('git', ['ls-files', dir], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter((path) => path.endsWith('.json'));
  const present = readdirSync(join(ROOT, dir)).filter((file) => file.endsWith('.json'));

  expect(present.sort()).toEqual(KUBERNETES_VERSIONS.map((version) => `${version}.json`));
  expect(committed.sort()).toEqual(present.map((file) => `${dir}/${file}`));
  for (const file of present) {
    const text = readFileSync(join(ROOT, dir, file), 'utf8');
    expect(text).not.toMatch(/"description":"/);
    expect(JSON.parse(text).definitions['io.k8s.api.apps.v1.StatefulSet'].properties.spec).toBeDefined();
  }
});

test.each(KUBERNETES_VERSIONS)('GIVEN a PriorityClass with a description WHEN checked against the trimmed %s schema THEN it is valid: only the documentation was stripped', (version) => {
  const priorityClass = (field: Record<string, string>) => {
    const manifest: Record<string, unknown> & { apiVersion: string; kind: string } =
      { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'batch' }, value: 1000, ...field };
    return KubernetesSchema.of(version).errorsOf(manifest);
  };

  expect(priorityClass({ description: 'Batch jobs' })).toEqual([]);
  expect(priorityClass({ descripton: 'Batch jobs' })).toEqual(['/ must NOT have additional properties: descripton']);
});
