/**
 * The images `npm run images` builds and `npm run test:images` checks: one per image contract
 * the charts read (charts/image-contracts.ts), so the list, names and tags cannot drift. Each is
 * built from the repository's Dockerfile, given the workspace package of the same name as the
 * image (`--build-arg PACKAGE=<its directory>`).
 * Run directly, prints one line per image: `<reference> <package directory> <archive>`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as contracts from '../charts/image-contracts';

export const REPO_ROOT = join(__dirname, '..');
/** Where the OCI image archives are written (git-ignored, under build/). */
export const ARCHIVE_DIR = join(REPO_ROOT, 'build', 'images');

export type ImageContract = (typeof contracts)[keyof typeof contracts];

export interface Image {
  contract: ImageContract;
  /** The workspace package whose server it runs: its directory, the Dockerfile's `PACKAGE`. */
  packageDir: string;
}

const readJson = (path: string) => JSON.parse(readFileSync(join(REPO_ROOT, path), 'utf8'));
const packageDirs: string[] = readJson('package.json').workspaces;

export const images: Image[] = Object.values(contracts).map((contract) => {
  const dir = packageDirs.find((d) => readJson(join(d, 'package.json')).name === contract.imageName);
  if (dir === undefined) throw new Error(`no workspace package is named ${contract.imageName}, the image's name`);
  return { contract, packageDir: dir };
});

/**
 * The reference inside the archive, fully qualified as containerd and the kubelet spell it:
 * the charts' `remind-me-api:1.0.0` is `docker.io/library/remind-me-api:1.0.0` to them.
 */
export const reference = ({ contract }: Image) => `docker.io/library/${contract.imageName}:${contract.imageTag}`;
export const archivePath = ({ contract }: Image) => join(ARCHIVE_DIR, `${contract.imageName}-${contract.imageTag}.oci.tar`);

if (require.main === module) {
  for (const image of images) console.log(reference(image), image.packageDir, archivePath(image));
}
