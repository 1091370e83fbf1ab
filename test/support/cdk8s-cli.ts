import { spawnSync } from 'child_process';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const CDK8S = join(__dirname, '..', '..', 'node_modules', '.bin', 'cdk8s');

/**
 * `cdk8s synth` as a user runs it, in `cwd`. HOME is a scratch directory whose cached
 * "latest version" is the installed one, so the CLI's upgrade check stays off the network.
 */
export function cdk8sSynth(cwd: string, args: string[] = [], env: Record<string, string> = {}): { status: number | null; output: string } {
  const home = mkdtempSync(join(tmpdir(), 'cdk8s-home-'));
  writeFileSync(join(home, '.cdk8s-cli.version'), require('cdk8s-cli/package.json').version);
  const run = spawnSync(CDK8S, ['synth', ...args], { cwd, encoding: 'utf8', timeout: 240_000, env: { ...process.env, ...env, HOME: home } });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}
