import { execFileSync } from 'node:child_process';
import buildApi from '../../../api/test/support/build';
import { announceNodeLine } from '../../../server-lifecycle/test/support/node-line';
import { WEB_DIR } from './processes';

/** Jest globalSetup: the web server and page as the image builds them, and the API the tests run behind it. */
export default function build(): void {
  announceNodeLine('web suite');
  buildApi();
  execFileSync('npm', ['run', 'build'], { cwd: WEB_DIR, stdio: 'inherit' });
}
