import { join } from 'path';
import { writeSchemas } from '../../lib/scripts/k8s-schemas';

// The manifest checks read the Kubernetes schemas next to their module, where a build writes
// them; the tests run the checks from source, so write them there first.
export default function globalSetup(): void {
  // The constructs package is tested on every Node.js line it declares (npm test: 24;
  // npm test -w @remind-me/cdk8s-constructs: 22): say which one this is.
  console.log(`\ninfra suite: Node.js ${process.version}`);
  writeSchemas(join(__dirname, '..', '..', 'lib', 'manifest-checks', 'schemas'));
}
