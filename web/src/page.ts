import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Where `scripts/build-page.mjs` writes the page: `index.html`, and `assets/` with hashed names. */
export const PUBLIC_DIR = join(__dirname, '..', 'public');

const REVALIDATE = 'no-cache';
/** A hashed name changes with its content, so the browser may keep it for a year without asking. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The page at `/` (and `/index.html`), always revalidated, so a new release is seen at once. */
export async function page(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, {
    root: PUBLIC_DIR,
    // One route per file, found at start: an unknown path is the router's 404, not a disk lookup.
    wildcard: false,
    cacheControl: false,
    setHeaders: (reply, path) => void reply.header('cache-control', path.endsWith('.html') ? REVALIDATE : IMMUTABLE),
  });
}
