import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { apiImageContract } from '../src/image-contract';
import { DEFAULTS } from '../src/settings';
import { API_DIR, SERVER_JS } from './support/server-process';

interface Instruction {
  keyword: string;
  args: string;
}

/** Dockerfile instructions, with line continuations joined and comments dropped. */
function instructions(text: string): Instruction[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

const all = instructions(readFileSync(join(API_DIR, 'Dockerfile'), 'utf8'));
const lastFrom = all.map((i) => i.keyword).lastIndexOf('FROM');
const runtime = all.slice(lastFrom);
const only = (keyword: string) => {
  const found = runtime.filter((i) => i.keyword === keyword);
  expect(found).toHaveLength(1);
  return found[0].args;
};
const env = Object.fromEntries(
  runtime.filter((i) => i.keyword === 'ENV').flatMap((i) => i.args.split(/\s+/).map((pair) => pair.split('='))),
);

describe('the image matches src/image-contract.ts, which the StatefulApi chart reads', () => {
  test('GIVEN the Dockerfile WHEN its stages are read THEN a bookworm builder and a slim bookworm runtime, both Node 20 pinned to a release', () => {
    const args = Object.fromEntries(all.filter((i) => i.keyword === 'ARG').map((i) => i.args.split('=')));
    const bases = all.filter((i) => i.keyword === 'FROM').map((i) => i.args);

    expect(bases).toEqual(['${BUILD_BASE} AS build', '${RUNTIME_BASE}']);
    expect(args.BUILD_BASE).toMatch(/^node:20\.\d+\.\d+-bookworm$/);
    expect(args.RUNTIME_BASE).toMatch(/^node:20\.\d+\.\d+-bookworm-slim$/);
  });

  test('GIVEN the runtime stage WHEN its settings are read THEN workdir, user, port and PORT are the runtime contract', () => {
    expect(only('WORKDIR')).toBe(apiImageContract.contentRoot);
    expect(only('USER')).toBe(`${apiImageContract.uid}:${apiImageContract.gid}`);
    expect(only('EXPOSE')).toBe(String(apiImageContract.port));
    expect(env.PORT).toBe(String(apiImageContract.port));
    // The content root defaults to the working directory; nothing may move it elsewhere.
    expect(env.APP_ROOT).toBeUndefined();
  });

  test('GIVEN the server\'s own defaults WHEN no PORT is set THEN it would listen on the runtime port too', () => {
    expect(DEFAULTS.port).toBe(apiImageContract.port);
  });

  test('GIVEN the runtime stage WHEN its command is read THEN it runs the server the build emits, from the copied dist, with the runtime node flags', () => {
    const serverJs = relative(API_DIR, SERVER_JS);

    expect(JSON.parse(only('CMD'))).toEqual(['node', ...apiImageContract.nodeFlags, serverJs]);
    expect(runtime.filter((i) => i.keyword === 'COPY').map((i) => i.args)).toContain('--from=build /src/api/dist ./dist');
  });

  test('GIVEN the ignore file of this Dockerfile WHEN the context is sent THEN everything the build copies is let through', () => {
    const allowed = readFileSync(join(API_DIR, 'Dockerfile.dockerignore'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('!'))
      .map((line) => line.slice(1));
    const copied = all
      .filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from'))
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1));

    expect(copied.filter((source) => !allowed.includes(source))).toEqual([]);
  });
});
