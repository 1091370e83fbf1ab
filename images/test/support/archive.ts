// Reads an OCI image archive as `npm run images` writes it: its index, manifest, config and
// every layer, each listed and measured uncompressed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface Layer {
  digest: string;
  /** Paths in the layer, without a leading `./`. */
  files: string[];
  /** Bytes of the uncompressed layer tarball. */
  size: number;
}

export interface OciArchive {
  /** The archive unpacked: an OCI image layout directory. */
  layout: string;
  /** The `org.opencontainers.image.ref.name` of its only image. */
  refName: string;
  config: { User?: string; ExposedPorts?: Record<string, object>; Env?: string[]; Cmd?: string[]; WorkingDir?: string };
  layers: Layer[];
  remove(): void;
}

/** The archive unpacked into a new temporary directory: an OCI image layout. */
export function unpackLayout(path: string): string {
  const layout = mkdtempSync(join(tmpdir(), 'oci-layout-'));
  execFileSync('tar', ['-xf', path, '-C', layout]);
  return layout;
}

export function openArchive(path: string): OciArchive {
  const layout = unpackLayout(path);
  const blob = (digest: string) => readFileSync(join(layout, 'blobs', ...digest.split(':')));
  const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8'));
  if (index.manifests.length !== 1) throw new Error(`${path}: expected one image, found ${index.manifests.length}`);
  const entry = index.manifests[0];
  const manifest = JSON.parse(blob(entry.digest).toString('utf8'));
  const layers = manifest.layers.map((layer: { digest: string; mediaType: string }) => {
    const raw = blob(layer.digest);
    const tarball = layer.mediaType.endsWith('+gzip') ? gunzipSync(raw) : raw;
    const files = execFileSync('tar', ['-t'], { input: tarball, maxBuffer: 1 << 28, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((file) => file.replace(/^\.\//, ''));
    return { digest: layer.digest, files, size: tarball.length };
  });
  return {
    layout,
    refName: entry.annotations?.['org.opencontainers.image.ref.name'] ?? '',
    config: JSON.parse(blob(manifest.config.digest).toString('utf8')).config ?? {},
    layers,
    remove: () => rmSync(layout, { recursive: true, force: true }),
  };
}
