import { join } from 'path';
import { writeSchemas } from '../../lib/scripts/k8s-schemas';

// The manifest checks read the Kubernetes schemas next to their module, where a build writes
// them; the tests run the checks from source, so write them there first.
export default function globalSetup(): void {
  writeSchemas(join(__dirname, '..', '..', 'lib', 'manifest-checks', 'schemas'));
}
