/**
 * The images `npm run images` builds and `npm run test:images` checks: one entry per image,
 * its name and tag read from the image contract the charts read, so they cannot drift.
 * Run directly, prints one line per image: `<reference> <dockerfile> <archive>`.
 */
import { join } from 'node:path';
import { apiImageContract } from '../api/src/image-contract';

export const REPO_ROOT = join(__dirname, '..');
/** Where the OCI image archives are written (git-ignored, under build/). */
export const ARCHIVE_DIR = join(REPO_ROOT, 'build', 'images');

export interface ImageContract {
  readonly imageName: string;
  readonly imageTag: string;
  readonly port: number;
  readonly livenessPath: string;
  readonly readinessPath: string;
  readonly uid: number;
  readonly gid: number;
}

export interface Image {
  contract: ImageContract;
  /** Dockerfile, relative to the repository root (the build context). */
  dockerfile: string;
}

export const images: Image[] = [{ contract: apiImageContract, dockerfile: 'api/Dockerfile' }];

/**
 * The reference inside the archive, fully qualified as containerd and the kubelet spell it:
 * the charts' `remind-me-api:1.0.0` is `docker.io/library/remind-me-api:1.0.0` to them.
 */
export const reference = ({ contract }: Image) => `docker.io/library/${contract.imageName}:${contract.imageTag}`;
export const archivePath = ({ contract }: Image) => join(ARCHIVE_DIR, `${contract.imageName}-${contract.imageTag}.oci.tar`);

if (require.main === module) {
  for (const image of images) console.log(reference(image), image.dockerfile, archivePath(image));
}
