// Writes the Kubernetes OpenAPI definitions the manifest checks ship with: one file per
// version in KUBERNETES_VERSIONS, from the full definitions beside the repository, with the
// descriptions stripped (they are most of the size, and validation never reads them). A file
// newer than its source and this script is left as it is: every `cdk8s synth` runs this.
//   npx tsx lib/scripts/k8s-schemas.ts <output directory>
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { KUBERNETES_VERSIONS } from '../manifest-checks/kubernetes-schema';

const SOURCE = resolve(__dirname, '..', '..', '..', 'shared', 'k8s-schemas');

export function writeSchemas(outdir: string): void {
  mkdirSync(outdir, { recursive: true });
  for (const version of KUBERNETES_VERSIONS) {
    const source = join(SOURCE, version, '_definitions.json');
    const output = join(outdir, `${version}.json`);
    if (modified(output) > Math.max(modified(source), modified(__filename))) continue;
    const full = readFileSync(source, 'utf8');
    const stripped = JSON.stringify(JSON.parse(full), (key, value) => (key === 'description' ? undefined : value));
    writeFileSync(output, stripped);
  }
}

/** When the file was last written; 0 when there is none. */
function modified(path: string): number {
  return statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0;
}

if (require.main === module) {
  const [outdir] = process.argv.slice(2);
  if (!outdir) {
    console.error('usage: tsx lib/scripts/k8s-schemas.ts <output directory>');
    process.exit(2);
  }
  writeSchemas(outdir);
}
