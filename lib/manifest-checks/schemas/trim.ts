// Writes the Kubernetes schemas the manifest checks ship with, `<version>.json` beside this
// script, one per version in KUBERNETES_VERSIONS: the full definitions with the descriptions
// stripped (they are most of the size, and validation never reads them); a property named
// `description` (a PriorityClass's, a CRD column's) is a schema, an object, and stays. The files are
// committed; run this by hand only when a version is added to KUBERNETES_VERSIONS.
//
// The full definitions are upstream Kubernetes' OpenAPI definitions as JSON schema: the
// `<version>/_definitions.json` files of https://github.com/yannh/kubernetes-json-schema
// (generated from api/openapi-spec/swagger.json of https://github.com/kubernetes/kubernetes
// at that release tag). Give the directory that holds the version directories:
//   npx tsx lib/manifest-checks/schemas/trim.ts <directory of the full definitions>
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { KUBERNETES_VERSIONS } from '../kubernetes-schema';

const [fullDefinitions] = process.argv.slice(2);
if (!fullDefinitions) {
  console.error('usage: npx tsx lib/manifest-checks/schemas/trim.ts <directory of the full definitions>');
  process.exit(2);
}
for (const version of KUBERNETES_VERSIONS) {
  const full = readFileSync(join(fullDefinitions, version, '_definitions.json'), 'utf8');
  const trimmed = JSON.stringify(JSON.parse(full), (key, value) => (key === 'description' && typeof value === 'string' ? undefined : value));
  writeFileSync(join(__dirname, `${version}.json`), `${trimmed}\n`);
}
