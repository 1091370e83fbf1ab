import { join, relative } from 'node:path';
import { Dockerfile, describeDockerfile } from '../../server-lifecycle/test/support/dockerfile';
import { apiImageContract } from '../src/image-contract';
import { DEFAULTS } from '../src/settings';
import { API_DIR, SERVER_JS } from './support/server-process';

const dockerfile = new Dockerfile(join(API_DIR, '..', 'Dockerfile'), { PACKAGE: 'api' });

// The StatefulApi chart reads the same contract.
describeDockerfile(dockerfile, apiImageContract, {
  serverJs: relative(API_DIR, SERVER_JS),
  copiedDist: '--from=build /src/api/dist ./dist',
  defaultPort: DEFAULTS.port,
});

test('GIVEN the runtime stage WHEN its environment is read THEN nothing moves the content root away from the working directory', () => {
  expect(dockerfile.env.APP_ROOT).toBeUndefined();
});
