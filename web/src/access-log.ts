import type { FastifyInstance } from 'fastify';
import { webImageContract } from './image-contract';

const probes = new Set<string>([webImageContract.livenessPath, webImageContract.readinessPath]);

/**
 * One JSON line per request when its answer is sent (Fastify's own request logging, two lines per
 * request, is off); none for the probes, which every kubelet sends every few seconds.
 */
export function accessLog(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    if (probes.has(request.url)) return;
    reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  });
}
