import type { FastifyInstance } from 'fastify';
import { webImageContract } from './image-contract';

/**
 * Kubernetes probes. Neither calls the API: when it is down the page says so, and the web pods
 * must stay in the Service to say it.
 */
export async function health(app: FastifyInstance): Promise<void> {
  app.get(webImageContract.livenessPath, () => ({ status: 'alive' }));
  app.get(webImageContract.readinessPath, () => ({ status: 'ready' }));
}
