import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { PINNED_NODE } from './node-line';

/** What of a package's directory no image build reads: its tests, benchmarks and their settings, its docs. */
// Tests, benchmarks and docs (any Markdown file) of a package stay out of the build context.
const NOT_BUILT = ['test', 'bench', 'jest.config.js'];

export interface Instruction {
  keyword: string;
  args: string;
}

/**
 * A Dockerfile read as its instructions, with line continuations joined, comments dropped and
 * the build args given (`--build-arg`) put in place of their `${NAME}`.
 */
export class Dockerfile {
  readonly all: Instruction[];
  /** The instructions of the last stage, the image that runs. */
  readonly runtime: Instruction[];

  constructor(readonly path: string, readonly args: Readonly<Record<string, string>> = {}) {
    this.all = readFileSync(path, 'utf8')
      .replace(/\$\{(\w+)\}/g, (ref, name: string) => args[name] ?? ref)
      .replace(/\\\n/g, ' ')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => {
        const [keyword, ...rest] = line.split(/\s+/);
        return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
      });
    this.runtime = this.all.slice(this.all.map((i) => i.keyword).lastIndexOf('FROM'));
  }

  /** The arguments of every `keyword` instruction of the runtime stage. */
  runtimeArgs(keyword: string): string[] {
    return this.runtime.filter((i) => i.keyword === keyword).map((i) => i.args);
  }

  /** `ARG name=default` before and between the stages (an `ARG` without a default has none). */
  get buildArgs(): Record<string, string> {
    return Object.fromEntries(this.all.filter((i) => i.keyword === 'ARG' && i.args.includes('=')).map((i) => i.args.split('=')));
  }

  get bases(): string[] {
    return this.all.filter((i) => i.keyword === 'FROM').map((i) => i.args);
  }

  /** The runtime stage's `ENV` pairs. */
  get env(): Record<string, string> {
    return Object.fromEntries(this.runtimeArgs('ENV').flatMap((args) => args.split(/\s+/).map((pair) => pair.split('='))));
  }

  /** What the build copies from the context (not from another stage). */
  get copiedFromContext(): string[] {
    return this.all
      .filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from'))
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
  }

  /**
   * What the build copies from the context, a copied directory as the entries git tracks
   * directly under it (`web` as `web/package.json`, `web/src`, ...).
   */
  get copiedEntries(): string[] {
    const context = dirname(this.path);
    return this.copiedFromContext.flatMap((source) => {
      const tracked = execFileSync('git', ['ls-files', '--', source], { cwd: context, encoding: 'utf8' }).split('\n').filter(Boolean);
      const isDirectory = tracked.some((file) => file.startsWith(`${source}/`));
      return isDirectory ? [...new Set(tracked.map((file) => `${source}/${file.slice(source.length + 1).split('/')[0]}`))] : [source];
    });
  }

  /** The patterns of the `.dockerignore` beside it, the build context's. */
  ignoreFile(): string[] {
    return readFileSync(join(dirname(this.path), '.dockerignore'), 'utf8')
      .split('\n')
      .filter((line) => line && !line.startsWith('#'));
  }
}

/** What an image's contract says about the image (`api/src/image-contract.ts`, `web/src/image-contract.ts`). */
export interface ImageContract {
  port: number;
  contentRoot: string;
  uid: number;
  gid: number;
  nodeFlags: readonly string[];
  entryPoint: string;
}

/**
 * The checks every image of this repository passes: base images as build args, the runtime
 * stage's directory, user, port and command as its contract says, and an ignore file that lets
 * through everything the build copies but the packages' tests, benchmarks and docs.
 */
export function describeDockerfile(
  dockerfile: Dockerfile,
  contract: ImageContract,
  image: { serverJs: string; copiedDist: string; defaultPort: number },
): void {
  const only = (keyword: string) => {
    const found = dockerfile.runtimeArgs(keyword);
    expect(found).toHaveLength(1);
    return found[0];
  };

  const buildArgs = Object.entries(dockerfile.args).map(([name, value]) => ` --build-arg ${name}=${value}`).join('');
  describe(`${relative(join(__dirname, '..', '..', '..'), dockerfile.path)}${buildArgs} matches the image contract`, () => {
    test('GIVEN the Dockerfile WHEN its stages are read THEN a bookworm builder and a slim bookworm runtime, both on the Node 24 release the lockfile pins, given as build args', () => {
      expect(PINNED_NODE).toMatch(/^24\.\d+\.\d+$/);
      expect(dockerfile.bases).toEqual(['${BUILD_BASE} AS build', '${RUNTIME_BASE}']);
      expect(dockerfile.buildArgs.BUILD_BASE).toBe(`node:${PINNED_NODE}-bookworm`);
      expect(dockerfile.buildArgs.RUNTIME_BASE).toBe(`node:${PINNED_NODE}-bookworm-slim`);
    });

    test('GIVEN the runtime stage WHEN its settings are read THEN workdir, user, port and PORT are the contract', () => {
      expect(only('WORKDIR')).toBe(contract.contentRoot);
      expect(only('USER')).toBe(`${contract.uid}:${contract.gid}`);
      expect(only('EXPOSE')).toBe(String(contract.port));
      expect(dockerfile.env.PORT).toBe(String(contract.port));
    });

    test("GIVEN the server's own defaults WHEN no PORT is set THEN it would listen on the contract's port too", () => {
      expect(image.defaultPort).toBe(contract.port);
    });

    test('GIVEN the runtime stage WHEN its command is read THEN it runs the bundle the build emits (the one the tests run), from the copied dist, with the contract\'s node flags', () => {
      expect(image.serverJs).toBe(contract.entryPoint);
      expect(JSON.parse(only('CMD'))).toEqual(['node', ...contract.nodeFlags, contract.entryPoint]);
      expect(dockerfile.runtimeArgs('COPY')).toContain(image.copiedDist);
    });

    test('GIVEN the .dockerignore WHEN the context is sent THEN everything the build copies gets through, but no test, benchmark or doc of a package', () => {
      const patterns = dockerfile.ignoreFile();
      const allowed = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
      const notBuilt = (path: string) => NOT_BUILT.includes(path.split('/').pop()!) || path.endsWith('.md');

      expect(patterns[0]).toBe('*');
      expect(dockerfile.copiedEntries.filter((path) => !notBuilt(path) && !allowed.includes(path))).toEqual([]);
      expect(allowed.filter(notBuilt)).toEqual([]);
    });
  });
}
