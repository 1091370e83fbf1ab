import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import { apiImageContract } from './image-contract';

const probes = new Set<string>([apiImageContract.livenessPath, apiImageContract.readinessPath]);

/**
 * One access-log line per request, written when it completes, with the request and its answer:
 * Fastify's two lines (arrived, completed) cost a fifth of a small request's time. None for the
 * probes, which every kubelet sends every few seconds.
 */
export class AccessLog extends LogController {
  constructor() {
    super({ disableRequestLogging: (request) => probes.has(request.url) });
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    const line = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}
