import { join, relative } from 'node:path';
import { Dockerfile, describeDockerfile } from '../../server-lifecycle/test/support/dockerfile';
import { webImageContract } from '../src/image-contract';
import { DEFAULTS } from '../src/settings';
import { WEB_DIR, WEB_SERVER_JS } from './support/processes';

// The StatelessWeb chart reads the same contract.
describeDockerfile(new Dockerfile(join(WEB_DIR, '..', 'Dockerfile'), { PACKAGE: 'web' }), webImageContract, {
  serverJs: relative(WEB_DIR, WEB_SERVER_JS),
  copiedDist: '--from=build /src/web/dist ./dist',
  defaultPort: DEFAULTS.port,
});
