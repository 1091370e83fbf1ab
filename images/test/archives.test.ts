// Every image as its archive holds it: the config the contract asks for, the size, and
// what no layer may contain (checked in every layer, not only in the final filesystem).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PINNED_NODE } from '../../server-lifecycle/test/support/node-line';
import { after, before, describe, test } from 'node:test';
import { archivePath, images, reference, type Image } from '../images';
import { openArchive, type OciArchive } from './support/archive';
import './support/root';

const MAX_BYTES = 200 * 1024 * 1024;

// Compilers, build tools and package managers, by their file names in any bin directory
// (also versioned and triplet-prefixed: gcc-12, x86_64-linux-gnu-g++-12), and their libraries.
const TOOL = /^(usr\/)?(local\/)?s?bin\/([\w.]+-)*(gcc|g\+\+|cc|c\+\+|cpp|clang|make|ld|as|npm|npx|corepack|yarn|pnpm|dpkg|dpkg-deb|apt|apt-get|pip3?)(-[\d.]+)?$/;
const TOOL_DIR = /^usr\/(lib\/node_modules\/(npm|corepack)|lib\/gcc|libexec\/gcc)\//;
// PostgreSQL's JIT: LLVM, Z3 and the provider that loads them.
const JIT = /(^|\/)(libLLVM[^/]*|libz3\.so[^/]*|llvmjit[^/]*)$/;
const GIT = /(^|\/)\.git(\/|$)/;
// The repository's own tests and benchmarks. (Dependencies' published files are kept as npm
// installs them: several fastify packages ship their tests, and deleting files from a package
// is a change no one tested.)
const TEST = /^app\/(?!node_modules\/)((.*\/)?(test|bench)\/|.*\.(test|spec)\.[cm]?[jt]s$)/;
// Secrets and what could hold credentials: settings secrets, keys, npm config and cache,
// and certificate authorities added by the build machine (the builder stage's own).
const SECRET = /(appsettings\.secrets\.json|\.pem|\.key|(^|\/)id_(rsa|ed25519|ecdsa)|(^|\/)\.npmrc|(^|\/)\.env)$|^root\/\.npm\/|^usr\/local\/share\/ca-certificates\/./;

/** What the image runs: node for the servers' images, the entrypoint's binary for the packages'. */
const program = (image: Image) => ('debian' in image.contract
  ? `${image.contract.binDir}/${image.contract.entrypoint[0]}` : '/usr/bin/node').slice(1);

for (const image of images) {
  const { contract } = image;

  describe(`${reference(image)} from ${archivePath(image)}`, () => {
    let archive: OciArchive;
    before(() => {
      assert.ok(existsSync(archivePath(image)), 'no archive: run `npm run images` first');
      archive = openArchive(archivePath(image));
    });
    after(() => archive?.remove());

    test('is named with the fully qualified reference the kubelet asks containerd for', () => {
      assert.equal(archive.refName, reference(image));
    });

    test("runs as the contract's non-root user and exposes the contract's port", () => {
      assert.equal(archive.config.User, `${contract.uid}:${contract.gid}`);
      assert.notEqual(contract.uid, 0);
      assert.deepEqual(Object.keys(archive.config.ExposedPorts ?? {}), [`${contract.port}/tcp`]);
    });

    test('is under 200 MB uncompressed', (t) => {
      const total = archive.layers.reduce((sum, layer) => sum + layer.size, 0);
      const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
      t.diagnostic(`${reference(image)}: ${mb(total)} uncompressed (layers: ${archive.layers.map((l) => mb(l.size)).join(', ')})`);
      assert.ok(total < MAX_BYTES, `${mb(total)} is not under 200 MB`);
    });

    test(`holds ${program(image)} and no compiler, npm, package manager or JIT in any layer`, () => {
      const files = archive.layers.flatMap((layer) => layer.files);
      assert.ok(files.includes(program(image)), `no ${program(image)}`);
      assert.deepEqual(files.filter((f) => TOOL.test(f) || TOOL_DIR.test(f) || JIT.test(f)), []);
    });

    // The examples' images run their package's program: no Node.js in them.
    if ('debian' in contract) {
      test('carries no Node.js: its program is the package\'s', () => {
        assert.equal(archive.layers.find((l) => l.files.includes('usr/bin/node')), undefined);
      });
    } else test('carries the Node.js 24 release the lockfile pins: its node, taken out of the archive, runs and says so', (t) => {
      const layer = [...archive.layers].reverse().find((l) => l.files.includes('usr/bin/node'));
      assert.ok(layer, 'no usr/bin/node');
      const dir = mkdtempSync(join(tmpdir(), 'image-node-'));
      try {
        const raw = readFileSync(join(archive.layout, 'blobs', ...layer.digest.split(':')));
        execFileSync('tar', ['-x', '-C', dir, '--no-anchored', 'usr/bin/node'], { input: raw[0] === 0x1f ? gunzipSync(raw) : raw, maxBuffer: 1 << 28 });
        const version = execFileSync(join(dir, 'usr', 'bin', 'node'), ['--version'], { encoding: 'utf8' }).trim();
        t.diagnostic(`${reference(image)}: node ${version}`);
        assert.match(PINNED_NODE, /^24\./);
        assert.equal(version, `v${PINNED_NODE}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test('has no .git, no test files and no secrets in any layer', () => {
      for (const layer of archive.layers) {
        const found = layer.files.filter((f) => GIT.test(f) || TEST.test(f) || SECRET.test(f));
        assert.deepEqual(found, [], `in layer ${layer.digest}`);
      }
    });
  });
}
