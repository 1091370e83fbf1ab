/**
 * The images `npm run images` builds, `npm run test:images` checks and `cluster:up` imports:
 * one per image contract the charts read (charts/image-contracts.ts), built from the
 * repository's Dockerfile given the workspace package of the same name as the image
 * (`--build-arg PACKAGE=<its directory>`), and one per image contract of the examples
 * (examples/image-contracts.ts), made from Debian's packages (package-image.sh). So the list,
 * names and tags cannot drift.
 * Run directly, prints one line per image: `<reference> <recipe> <archive>`, the recipe being
 * `dockerfile:<package directory>` or `debian:<image name>`; `images.ts debian <image name>`
 * prints that image's mmdebstrap arguments and `images.ts config <image name>` its buildah
 * config flags, one a line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as contracts from '../charts/image-contracts';
import * as packageContracts from '../examples/image-contracts';

export const REPO_ROOT = join(__dirname, '..');
/** Where the OCI image archives are written (git-ignored, under build/). */
export const ARCHIVE_DIR = join(REPO_ROOT, 'build', 'images');

export type ServerImageContract = (typeof contracts)[keyof typeof contracts];
export type PackageImageContract = (typeof packageContracts)[keyof typeof packageContracts];
export type ImageContract = ServerImageContract | PackageImageContract;

/** An image of a server of this repository, from the Dockerfile. */
export interface ServerImage {
  contract: ServerImageContract;
  /** The workspace package whose server it runs: its directory, the Dockerfile's `PACKAGE`. */
  packageDir: string;
}

/** An image of a Debian package, made with mmdebstrap. */
export interface PackageImage {
  contract: PackageImageContract;
}

export type Image = ServerImage | PackageImage;

const readJson = (path: string) => JSON.parse(readFileSync(join(REPO_ROOT, path), 'utf8'));
const packageDirs: string[] = readJson('package.json').workspaces;

export const serverImages: ServerImage[] = Object.values(contracts).map((contract) => {
  const dir = packageDirs.find((d) => readJson(join(d, 'package.json')).name === contract.imageName);
  if (dir === undefined) throw new Error(`no workspace package is named ${contract.imageName}, the image's name`);
  return { contract, packageDir: dir };
});
export const packageImages: PackageImage[] = Object.values(packageContracts).map((contract) => ({ contract }));
export const images: Image[] = [...serverImages, ...packageImages];

/**
 * The reference inside the archive, fully qualified as containerd and the kubelet spell it:
 * the charts' `remind-me-api:1.0.0` is `docker.io/library/remind-me-api:1.0.0` to them.
 */
export const reference = ({ contract }: Image) => `docker.io/library/${contract.imageName}:${contract.imageTag}`;
export const archivePath = ({ contract }: Image) => join(ARCHIVE_DIR, `${contract.imageName}-${contract.imageTag}.oci.tar`);

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** Single-quoted for sh (the hooks mmdebstrap runs). */
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * mmdebstrap's arguments for a package image (images/debian.sh adds the variant and the
 * docs excludes): the user with pinned ids before any package can create it, the preset
 * files, the package; then a check of its version against the tag, the removals, and dpkg
 * itself removed last (its database stays: it lists what the image holds, for scanners).
 */
export function mmdebstrapArgs({ contract }: PackageImage): string[] {
  const { debian, user, uid, gid, home, imageTag } = contract;
  // One line per argument: each line of a preset file is an argument of printf.
  const preset = Object.entries(debian.preset as Record<string, string>).map(([file, content]) =>
    `mkdir -p "$1"${quote(file.replace(/\/[^/]*$/, ''))} && printf '%s\\n' ${content.replace(/\n$/, '').split('\n').map(quote).join(' ')} > "$1"${quote(file)}`);
  const version = `v="$(chroot "$1" dpkg-query -W -f '\${Version}' ${debian.package})"; v="\${v#*:}"; [ "\${v%%-*}" = ${imageTag} ] || ` +
    `{ echo "Debian's mirror has ${debian.package} $v; examples' image contract for ${contract.imageName} says ${imageTag}: change its imageTag" >&2; exit 1; }`;
  return [
    `--include=${debian.package}`,
    ...debian.exclude.map((path) => `--dpkgopt=path-exclude=${path}`),
    `--essential-hook=echo ${quote(`${user}:x:${uid}:${gid}::${home}:/usr/sbin/nologin`)} >> "$1/etc/passwd" && echo ${quote(`${user}:x:${gid}:`)} >> "$1/etc/group"`,
    ...preset.map((command) => `--essential-hook=${command}`),
    `--customize-hook=${version}`,
    ...debian.remove.map((pkg) => `--customize-hook=chroot "$1" dpkg --purge --force-depends ${pkg}`),
    '--customize-hook=chroot "$1" dpkg --purge --force-remove-essential --force-depends dpkg',
  ];
}

/** buildah config flags for a package image: user, port, environment, entrypoint, directory. */
export function configFlags({ contract }: PackageImage): string[] {
  const env = { PATH: contract.binDir === '/usr/bin' ? DEFAULT_PATH : `${contract.binDir}:${DEFAULT_PATH}`, ...contract.env };
  return [
    `--user=${contract.uid}:${contract.gid}`,
    `--port=${contract.port}/tcp`,
    ...Object.entries(env).map(([k, v]) => `--env=${k}=${v}`),
    `--entrypoint=${JSON.stringify(contract.entrypoint)}`,
    '--cmd=',
    `--workingdir=${contract.home}`,
  ];
}

if (require.main === module) {
  const [command, name] = process.argv.slice(2);
  const image = packageImages.find((i) => i.contract.imageName === name);
  if (command === undefined) {
    for (const i of serverImages) console.log(reference(i), `dockerfile:${i.packageDir}`, archivePath(i));
    for (const i of packageImages) console.log(reference(i), `debian:${i.contract.imageName}`, archivePath(i));
  } else if (image && (command === 'debian' || command === 'config')) {
    console.log((command === 'debian' ? mmdebstrapArgs(image) : configFlags(image)).join('\n'));
  } else {
    throw new Error(`usage: images.ts [debian|config <one of ${packageImages.map((i) => i.contract.imageName).join(', ')}>]`);
  }
}
