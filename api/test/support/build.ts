import { execFileSync } from 'node:child_process';
import { announceNodeLine } from '../../../server-lifecycle/test/support/node-line';
import { API_DIR } from './server-process';

/** Jest globalSetup: the tests run the server the image runs, its bundle (tsc is incremental, so quick). */
export default function build(): void {
  announceNodeLine('api suite');
  execFileSync('npm', ['run', 'build'], { cwd: API_DIR, stdio: 'inherit' });
}
