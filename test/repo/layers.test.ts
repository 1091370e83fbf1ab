import { readFileSync } from 'fs';
import { join } from 'path';
import { CONTRACTS_MODULE, importsOf, layerViolation, layoutOf, typeScriptFiles } from '../support/layers';

const ROOT = join(__dirname, '..', '..');
const layout = layoutOf(ROOT);

describe('the direction of dependencies', () => {
  const files = typeScriptFiles(ROOT);

  test('covers every layer and every package of the workspace', () => {
    for (const dir of ['lib', 'charts', 'test', 'examples', ...Object.values(layout.packages)]) {
      expect([dir, files.some((file) => file.startsWith(`${dir}/`))]).toEqual([dir, true]);
    }
    expect(Object.values(layout.packages)).toEqual(expect.arrayContaining(['api', 'lib']));
  });

  test('holds for every import of every TypeScript file', () => {
    const violations = files.flatMap((file) => importsOf(readFileSync(join(ROOT, file), 'utf8'))
      .map((specifier) => layerViolation(file, specifier, layout))
      .filter((violation) => violation !== undefined));
    expect(violations).toEqual([]);
  });

  test('reads import and export declarations, import() and require()', () => {
    const source = [
      "import { a } from './a';", "import type { B } from '../b';", "export * from './c';",
      "const d = require('d');", "const e = import('./e');", "import './f';",
    ].join('\n');
    expect(importsOf(source)).toEqual(['./a', '../b', './c', 'd', './e', './f']);
  });
});

describe('the rule itself', () => {
  // The workspace's packages, so the rule is shown to hold for each package directory.
  const workspace = {
    packages: {
      '@remind-me/cdk8s-constructs': 'lib', '@remind-me/server-lifecycle': 'server-lifecycle', 'remind-me-api': 'api', 'remind-me-web': 'web',
    },
  };
  test.each([
    ['lib/stateful-api/stateful-api.ts', 'cdk8s-plus-27'],
    ['lib/stateful-api/stateful-api.ts', '../workload/labels'],
    ['lib/secret-value.ts', 'fs'],
    ['lib/index.ts', 'cdk8s'],
    ['charts/remind-me-api-chart.ts', '@remind-me/cdk8s-constructs'],
    ['main.ts', '@remind-me/cdk8s-constructs'],
    ['test/lib/stateful-api/stateful-api.test.ts', '../../../lib/index'],
    ['charts/remind-me-api-chart.ts', './image-contracts'],
    [CONTRACTS_MODULE, '../api/src/image-contract'],
    [CONTRACTS_MODULE, '../web/src/image-contract.ts'],
    ['api/src/app.ts', './store'],
    ['api/test/support/server-process.ts', '../../src/image-contract'],
    ['test/charts/charts.test.ts', '../../api/src/image-contract'],
    ['main.ts', './charts'],
    ['api/src/server.ts', '@remind-me/server-lifecycle'],
    ['web/src/app.ts', '@remind-me/server-lifecycle'],
  ])('allows %s to import %s', (file, specifier) => {
    expect(layerViolation(file, specifier, workspace)).toBeUndefined();
  });

  test.each([
    ['lib/stateful-api/stateful-api.ts', '../../charts', /lib\/ imports only lib\//],
    ['lib/index.ts', '../api/src/image-contract', /lib\/ imports only lib\//],
    ['lib/index.ts', 'remind-me-api', /lib\/ imports only lib\//],
    ['lib/index.ts', '../main', /lib\/ imports only lib\//],
    ['lib/stateful-api/stateful-api.ts', '../../imports/k8s', /lib\/ imports only lib\/ and npm packages/],
    ['charts/remind-me-api-chart.ts', '../lib', /imports the constructs by their package name/],
    ['test/lib/stateful-api/stateful-api.test.ts', '../../../lib', /the last packed build/],
    ['charts/remind-me-api-chart.ts', '../lib/index', /imports the constructs by their package name/],
    ['main.ts', './lib', /imports the constructs by their package name/],
    ['examples/postgres/main.ts', '../../lib', /imports the constructs by their package name/],
    ['charts/remind-me-api-chart.ts', '../api/src/image-contract', /only through its src\/image-contract.ts, in charts\/image-contracts.ts/],
    [CONTRACTS_MODULE, '../api/src/settings', /only through its src\/image-contract.ts/],
    [CONTRACTS_MODULE, '../web/src/server', /only through its src\/image-contract.ts/],
    [CONTRACTS_MODULE, 'remind-me-web/src/app', /only through its src\/image-contract.ts/],
    ['charts/values.ts', '../test/support/manifests', /charts\/ imports only/],
    ['api/src/app.ts', '../../lib', /a package imports nothing of lib\/, charts\/, test\/, main.ts/],
    ['api/src/app.ts', '@remind-me/cdk8s-constructs', /a package imports nothing/],
    ['web/src/server.ts', '../../charts/image-contracts', /a package imports nothing/],
    ['web/test/page.test.ts', '../../test/support/manifests', /a package imports nothing/],
    ['web/src/server.ts', '../../main', /a package imports nothing/],
    ['web/src/server.ts', '../../api/src/errors', /src\/ imports no other package/],
    ['api/src/app.ts', 'remind-me-web/src/page', /src\/ imports no other package/],
    ['api/src/server.ts', '../../server-lifecycle/src', /imports no other package but server-lifecycle\/, by its name/],
    ['api/src/server.ts', '@remind-me/server-lifecycle/src/index', /imports no other package but server-lifecycle\/, by its name/],
    ['server-lifecycle/src/index.ts', 'remind-me-api/src/app', /imports no other package/],
    ['server-lifecycle/src/index.ts', '../../lib', /a package imports nothing of lib\//],
  ])('refuses %s importing %s', (file, specifier, message) => {
    expect(layerViolation(file, specifier, workspace)).toMatch(message);
  });
});
