import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

const DOCUMENT_PATH = '/swagger/v1/swagger.json';
/** Where the build copies @fastify/swagger-ui's static files: dist/swagger-ui, beside dist/src and dist/bundle. */
const SWAGGER_UI_DIR = join(__dirname, '..', 'swagger-ui');
const ASSETS = 'swagger/static';

// Every URL below is relative, so the page also works under `kubectl proxy`'s long path prefix
// (…/pods/remindmeapi-statefulset-0/proxy/index.html), from `/` as from `/index.html`.
const page = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Remind Me API</title>
  <link rel="stylesheet" href="${ASSETS}/swagger-ui.css">
  <link rel="stylesheet" href="${ASSETS}/index.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="${ASSETS}/swagger-ui-bundle.js"></script>
  <script src="${ASSETS}/swagger-ui-standalone-preset.js"></script>
  <script src="swagger-initializer.js"></script>
</body>
</html>
`;

const initializer = `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: '${DOCUMENT_PATH.slice(1)}',
    dom_id: '#swagger-ui',
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
  });
};
`;

/**
 * The OpenAPI document and Swagger UI at the site root, as the original served them.
 * The UI plugin serves the assets; the page and its initializer are ours because the plugin's
 * page resolves the document against a forced trailing slash (`/index.html/json`).
 */
export async function docs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: { title: 'Remind Me API', version: 'v1' },
      // Relative to the document: "Try it out" calls the API through the same path prefix.
      servers: [{ url: '../..' }],
    },
    // Shared schemas appear under their own names (`Reminder`, `Error`) in components.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    // Stripping a base path would parse the relative server URL as absolute.
    stripBasePath: false,
  });
  // The UI's files are copied next to the server at build time: bundled, the plugin does not
  // find its own directory, from which it would read them and its logo.
  const logo = { type: 'image/svg+xml', content: readFileSync(join(SWAGGER_UI_DIR, 'logo.svg')) };
  await app.register(swaggerUi, { routePrefix: '/swagger', baseDir: SWAGGER_UI_DIR, logo });

  const hide = { schema: { hide: true } };
  app.get(DOCUMENT_PATH, hide, () => app.swagger());
  app.get('/swagger-initializer.js', hide, (_request, reply) =>
    reply.type('application/javascript; charset=utf-8').send(initializer),
  );
  for (const url of ['/', '/index.html']) {
    app.get(url, hide, (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
  }
}
