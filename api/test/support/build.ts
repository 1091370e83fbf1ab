import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { API_DIR } from './server-process';

/** Jest globalSetup: the tests run the compiled server, as the image does (incremental, so quick). */
export default function build(): void {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', join(API_DIR, 'tsconfig.build.json')], {
    stdio: 'inherit',
  });
}
