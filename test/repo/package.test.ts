import { execFileSync, spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import { cdk8sSynth } from '../support/cdk8s-cli';
import { Manifest } from '../support/manifests';

/* eslint-disable @typescript-eslint/no-require-imports */

// The constructs package as a platform team gets it: packed, installed from the tarball into a
// scratch cdk8s project outside the repository (offline: the tarball and npm's cache), used by
// the package README's example, type-checked, synthesized, and checked.
const ROOT = join(__dirname, '..', '..');
const lib = JSON.parse(readFileSync(join(ROOT, 'lib', 'package.json'), 'utf8'));

interface Packed { filename: string; size: number; unpackedSize: number; files: { path: string; size: number }[] }

/** Runs a command; `env` adds variables, or removes them when undefined. */
function sh(command: string, args: string[], cwd: string, env: Record<string, string | undefined> = {}) {
  const merged = Object.fromEntries(Object.entries({ ...process.env, ...env }).filter(([, value]) => value !== undefined));
  const run = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 300_000, env: merged });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, output: `${run.stdout}${run.stderr}` };
}

/** The package README's example: what users copy. */
function readmeExample(): string {
  const readme = readFileSync(join(ROOT, 'lib', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## A stateful service of your own'));
  return /```ts\n([\s\S]*?)```/.exec(section)![1];
}

const scratch = mkdtempSync(join(tmpdir(), 'platform-team-'));
let packed: Packed;

beforeAll(() => {
  // npm pack runs the package's prepack: a fresh build of dist/.
  const pack = sh('npm', ['pack', '--workspace', 'lib', '--pack-destination', scratch, '--json', '--silent'], ROOT);
  expect(pack.status === 0 ? 'packed' : pack.output).toBe('packed');
  [packed] = JSON.parse(pack.stdout) as Packed[];
  // Offline, npm installs the tarball itself; the peers and the package's own dependencies
  // (npm's cache holds no registry metadata for them) are linked from what is installed here.
  const linked = [...Object.keys(lib.peerDependencies), ...Object.keys(lib.dependencies), '@types/node'];
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({
    name: 'shop',
    private: true,
    dependencies: {
      [lib.name]: `file:${join(scratch, packed.filename)}`,
      ...Object.fromEntries(linked.map((name) => [name, `file:${join(ROOT, 'node_modules', name)}`])),
    },
  }));
  const install = sh('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], scratch);
  expect(install.status === 0 ? 'installed' : install.output).toBe('installed');
}, 600_000);

test('the tarball holds the compiled JavaScript, the declarations, the schemas and the README, nothing else', () => {
  const paths = packed.files.map((file) => file.path).sort();
  console.log(`${packed.filename}: ${packed.files.length} files, ${(packed.size / 1024).toFixed(1)} KiB packed, ${(packed.unpackedSize / 1024).toFixed(1)} KiB unpacked`);
  expect(packed.filename).toBe(`remind-me-cdk8s-constructs-${lib.version}.tgz`);
  expect(paths).toEqual(expect.arrayContaining(['README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts',
    'dist/stateful-api/stateful-api.js', 'dist/manifest-checks/schemas/v1.27.0.json', 'dist/manifest-checks/schemas/v1.35.0.json']));
  const unexpected = paths.filter((path) => !['README.md', 'package.json'].includes(path)
    && !/^dist\/.+\.(js|d\.ts)$/.test(path) && !/^dist\/manifest-checks\/schemas\/v[\d.]+\.json$/.test(path));
  expect(unexpected).toEqual([]);
  const installed = JSON.parse(readFileSync(join(scratch, 'node_modules', lib.name, 'package.json'), 'utf8'));
  expect(Object.keys(installed.peerDependencies).sort()).toEqual(['cdk8s', 'cdk8s-plus-27', 'constructs']);
  expect(Object.keys(installed.dependencies ?? {}).filter((dep) => /remind-me/.test(dep))).toEqual([]);
});

describe('a scratch cdk8s project outside the repository, with the README\'s example', () => {
  beforeAll(() => {
    mkdirSync(join(scratch, 'src'), { recursive: true });
    writeFileSync(join(scratch, 'src', 'shop.ts'), readmeExample());
    writeFileSync(join(scratch, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, outDir: 'build', types: ['node'] }, include: ['src'],
    }));
  });

  test('type-checks against the installed declarations with tsc --strict', () => {
    const tsc = sh(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], scratch);
    expect([tsc.status, tsc.output]).toEqual([0, '']);
  }, 120_000);

  test('synthesizes, and what it writes passes checkManifests from the installed package', () => {
    const run = sh(process.execPath, ['build/shop.js'], scratch, { ORDERS_TOKEN: 'token' });
    expect([run.status, run.stderr]).toEqual([0, '']);
    const manifests = parseAllDocuments(readFileSync(join(scratch, 'out', 'shop', 'shop.k8s.yaml'), 'utf8')).map((doc) => doc.toJS() as Manifest);
    expect(manifests.map((m) => m.kind)).toEqual(expect.arrayContaining(['Namespace', 'StatefulSet', 'Deployment', 'NetworkPolicy']));
    expect(manifests.find((m) => m.kind === 'StatefulSet')!.spec.volumeClaimTemplates).toHaveLength(1);
    const check = `const { checkManifests, formatViolation } = require('${lib.name}');
      const { parseAllDocuments } = require(${JSON.stringify(require.resolve('yaml'))});
      const objects = parseAllDocuments(require('fs').readFileSync('out/shop/shop.k8s.yaml', 'utf8')).map((d) => d.toJS());
      console.log(JSON.stringify({ objects: objects.length, violations: checkManifests(objects).map(formatViolation) }));`;
    expect(JSON.parse(execFileSync(process.execPath, ['-e', check], { cwd: scratch, encoding: 'utf8' })))
      .toEqual({ objects: manifests.length, violations: [] });
  });

  test('says which variable to set when the token is missing', () => {
    const run = sh(process.execPath, ['build/shop.js'], scratch, { ORDERS_TOKEN: undefined });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('secret.data.token: environment variable ORDERS_TOKEN is not set. Fix: export ORDERS_TOKEN before synth.');
  });

  test('cdk8s synth runs the installed package\'s ManifestChecks plugin, offline', () => {
    writeFileSync(join(scratch, 'cdk8s.yaml'), [
      'app: node build/shop.js',
      'output: out/shop', // where the example's App writes
      'validations:',
      `  - package: ./node_modules/${lib.name}`,
      `    version: ${lib.version}`,
      '    class: ManifestChecks',
      '',
    ].join('\n'));
    const synth = cdk8sSynth(scratch, [], { ORDERS_TOKEN: 'token' });
    expect([synth.status, synth.output]).toEqual([0, expect.stringContaining('Validations ended succesfully')]);
    expect(synth.output).toContain(`Validation Report (${join(scratch, 'node_modules', lib.name)}@${lib.version})`);
  }, 120_000);
});
