import type { FastifyInstance } from 'fastify';
import { apiImageContract } from './image-contract';
import type { ReminderStore } from './store';

/** Kubernetes probes: liveness asks only that the process answers, readiness that the database takes a write. */
export async function health(app: FastifyInstance, { store }: { store: ReminderStore }): Promise<void> {
  const hide = { schema: { hide: true } };
  app.get(apiImageContract.livenessPath, hide, () => ({ status: 'alive' }));
  app.get(apiImageContract.readinessPath, hide, (request, reply) => {
    try {
      store.probe();
      return { status: 'ready' };
    } catch (err) {
      request.log.warn({ err }, 'database not writable');
      return reply.code(503).send({ status: 'database not writable' });
    }
  });
}
