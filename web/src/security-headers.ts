import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Helmet's headers (nosniff, frame and referrer policies…) with a strict Content-Security-Policy:
 * scripts, styles and calls only from this origin, nothing inline, no plugins, no framing.
 */
export async function securityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        connectSrc: ["'self'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // The NodePort serves plain HTTP: TLS, and HSTS with it, belong to whatever terminates TLS.
    strictTransportSecurity: false,
  });
}
