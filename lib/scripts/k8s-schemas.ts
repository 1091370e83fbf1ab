// Writes the Kubernetes OpenAPI definitions the manifest checks ship with: one file per
// version in KUBERNETES_VERSIONS, from the full definitions beside the repository, with the
// descriptions stripped (they are most of the size, and validation never reads them).
//   npx tsx lib/scripts/k8s-schemas.ts <output directory>
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { KUBERNETES_VERSIONS } from '../manifest-checks/kubernetes-schema';

const SOURCE = resolve(__dirname, '..', '..', '..', 'shared', 'k8s-schemas');

export function writeSchemas(outdir: string): void {
  mkdirSync(outdir, { recursive: true });
  for (const version of KUBERNETES_VERSIONS) {
    const full = readFileSync(join(SOURCE, version, '_definitions.json'), 'utf8');
    const stripped = JSON.stringify(JSON.parse(full), (key, value) => (key === 'description' ? undefined : value));
    writeFileSync(join(outdir, `${version}.json`), stripped);
  }
}

if (require.main === module) {
  const [outdir] = process.argv.slice(2);
  if (!outdir) {
    console.error('usage: tsx lib/scripts/k8s-schemas.ts <output directory>');
    process.exit(2);
  }
  writeSchemas(outdir);
}
