import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { posix } from 'path';
import { preProcessFile } from 'typescript';

/** The infrastructure code: a package of the workspace imports none of it (but its own). */
const INFRASTRUCTURE = ['lib', 'charts', 'test', 'main'];
/** The constructs package, which the app and the examples import by its package name, as users do. */
const LIBRARY = 'lib';
/** The package both images install beside their server (Dockerfile): the servers' src/ may import it, by its name only. */
const SERVER_RUNTIME = 'server-lifecycle';
const SERVER_RUNTIME_NAME = '@remind-me/server-lifecycle';
/** The one file of charts/ that may reach into a package, and only to its image contract. */
export const CONTRACTS_MODULE = 'charts/image-contracts.ts';

/** Where the dependency rules apply: the workspace packages, by npm name and directory. */
export interface Layout {
  readonly packages: Readonly<Record<string, string>>;
}

/** The workspace packages of the repository at `root`, from its package.json. */
export function layoutOf(root: string): Layout {
  const workspaces: string[] = JSON.parse(readFileSync(posix.join(root, 'package.json'), 'utf8')).workspaces ?? [];
  return {
    packages: Object.fromEntries(workspaces.map((dir) => [
      JSON.parse(readFileSync(posix.join(root, dir, 'package.json'), 'utf8')).name as string, dir,
    ])),
  };
}

/** Every TypeScript file git knows of or would add (tracked, or untracked and not ignored). */
export function typeScriptFiles(root: string): string[] {
  return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '--', '*.ts'], { cwd: root, encoding: 'utf8' })
    .split('\n').filter((file) => file !== '');
}

/** The module specifiers a file imports: import and export declarations, import(), require(). */
export function importsOf(source: string): string[] {
  return preProcessFile(source, true, true).importedFiles.map((ref) => ref.fileName);
}

/**
 * The repository path (no extension) `specifier` names when `file` imports it, or undefined
 * for an npm package or a Node built-in. A package of the workspace imported by name counts
 * as its directory.
 */
function target(file: string, specifier: string, layout: Layout): string | undefined {
  let path: string | undefined;
  if (specifier.startsWith('.')) {
    path = posix.join(posix.dirname(file), specifier);
  } else {
    const name = Object.keys(layout.packages).find((pkg) => specifier === pkg || specifier.startsWith(`${pkg}/`));
    if (name === undefined) return undefined;
    path = posix.join(layout.packages[name], specifier.slice(name.length));
  }
  return path.replace(/\.(ts|js)$/, '').replace(/\/index$/, '');
}

/**
 * Why `file` importing `specifier` breaks the direction of dependencies, or undefined:
 * lib/ (itself a package) imports only lib/ and npm packages; charts/, main.ts and examples/
 * import lib/ by its package name; charts/ imports charts/, lib/ and npm packages, and reaches another
 * package only through its src/image-contract.ts, from CONTRACTS_MODULE; a package imports
 * nothing of the infrastructure code but itself, and its src/ nothing of another package but
 * server-lifecycle/, by its package name (its tests may share another package's test support).
 * A relative import of lib/ names lib/index, never the folder.
 */
export function layerViolation(file: string, specifier: string, layout: Layout): string | undefined {
  const to = target(file, specifier, layout);
  if (to === undefined) return undefined;
  const [from, into] = [file.split('/')[0], to.split('/')[0]];
  const packages = Object.values(layout.packages);
  const broken = (rule: string) => `${file} imports '${specifier}': ${rule}`;
  if (from === LIBRARY && into !== LIBRARY) {
    return broken('lib/ imports only lib/ and npm packages');
  }
  if (['charts', 'main.ts', 'examples'].includes(from) && into === LIBRARY) {
    return specifier.startsWith('.') ? broken('the app imports the constructs by their package name, as users do') : undefined;
  }
  if (from === 'charts' && packages.includes(into)) {
    return file === CONTRACTS_MODULE && to === `${into}/src/image-contract` ? undefined
      : broken(`charts/ reaches a package only through its src/image-contract.ts, in ${CONTRACTS_MODULE}`);
  }
  if (from === 'charts' && into !== 'charts') {
    return broken('charts/ imports only charts/, lib/, npm packages and the image contracts');
  }
  if (packages.includes(from) && from !== into && INFRASTRUCTURE.includes(into)) {
    return broken(`a package imports nothing of ${INFRASTRUCTURE.map((dir) => dir === 'main' ? 'main.ts' : `${dir}/`).join(', ')}`);
  }
  if (packages.includes(from) && packages.includes(into) && from !== into && file.startsWith(`${from}/src/`)) {
    return specifier === SERVER_RUNTIME_NAME ? undefined
      : broken(`a package's src/ imports no other package but ${SERVER_RUNTIME}/, by its name: its image holds only its own code and that`);
  }
  if (specifier.startsWith('.') && posix.join(posix.dirname(file), specifier) === LIBRARY) {
    return broken("import lib/index: the folder resolves to lib/package.json's main, the last packed build (lib/dist), not the source");
  }
  return undefined;
}
