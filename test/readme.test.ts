import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { pathToFileURL } from 'url';
import { parseAllDocuments } from 'yaml';
import { Manifest } from './support/manifests';

const ROOT = join(__dirname, '..');

/** The README's "Reusing the constructs" example, exactly as a user would copy it. */
function readmeExample(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Reusing the constructs'));
  return /```ts\n([\s\S]*?)```/.exec(section)![1];
}

describe('the README\'s reuse example', () => {
  // GIVEN the example saved beside the library, run from an empty directory
  const file = join(ROOT, 'build', 'readme-example.ts');
  mkdirSync(join(ROOT, 'build'), { recursive: true });
  writeFileSync(file, readmeExample().replace("from './lib'", "from '../lib'"));
  const run = (env: Record<string, string>) => {
    const cwd = mkdtempSync(join(tmpdir(), 'readme-'));
    const { ORDERS_TOKEN: _, ...inherited } = process.env;
    // The loader by path: `--import tsx` would be looked up from the empty working directory.
    const result = spawnSync(process.execPath, ['--import', pathToFileURL(require.resolve('tsx')).href, file], {
      cwd, env: { ...inherited, ...env }, encoding: 'utf8', timeout: 60_000,
    });
    return { ...result, cwd };
  };

  test('synthesizes the shop, in its own namespace, with the storefront admitted to orders', () => {
    const result = run({ ORDERS_TOKEN: 'token' });
    expect(result.stderr).toBe('');
    const manifests = parseAllDocuments(readFileSync(join(result.cwd, 'out', 'shop', 'shop.k8s.yaml'), 'utf8'))
      .map((doc) => doc.toJS() as Manifest);
    expect(manifests[0]).toMatchObject({ kind: 'Namespace', metadata: { name: 'shop' } });
    for (const m of manifests.slice(1)) expect(m.metadata.namespace).toBe('shop');
    const policy = manifests.find((m) => m.metadata.name === 'orders-ingress')!;
    expect(policy.spec.ingress[0].from).toEqual([{ podSelector: { matchLabels: { app: 'storefront' } } }]);
    const web = manifests.find((m) => m.kind === 'Deployment')!;
    expect(web.spec.template.spec.containers[0].env).toContainEqual({
      name: 'ORDERS_URL', value: 'http://orders-0.orders-headless.shop.svc.cluster.local:8080',
    });
  });

  test('says which variable to set when the token is missing', () => {
    const result = run({});
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('secret.data.token: environment variable ORDERS_TOKEN is not set. Fix: export ORDERS_TOKEN before synth.');
  });
});
