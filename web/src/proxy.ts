import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ApiAnswer, NewReminder, ReminderApi } from './reminder-api';
import { idParams, newReminder } from './schemas';

/** The book's web routes, which its clients call: each one calls one fixed route of the API. */
export async function proxy(app: FastifyInstance, { api }: { api: ReminderApi }): Promise<void> {
  app.get('/Proxy/GetAllReminders', async (_request, reply) => relay(reply, await api.all()));

  app.post<{ Body: NewReminder }>('/Proxy/SaveReminder', { schema: { body: newReminder } }, async (request, reply) => {
    // Only the two fields, whatever else the body held.
    const { title, dueDate } = request.body;
    return relay(reply, await api.save({ title, dueDate }));
  });

  app.delete<{ Params: { id: string } }>(
    '/Proxy/DeleteReminder/:id',
    { schema: { params: idParams } },
    async (request, reply) => relay(reply, await api.remove(request.params.id)),
  );
}

/** The API's answer as it came (its 2xx, or its 4xx such as an unknown id's 404), body untouched. */
function relay(reply: FastifyReply, answer: ApiAnswer): FastifyReply {
  if (answer.contentType) reply.type(answer.contentType);
  return reply.code(answer.status).send(answer.body.length ? answer.body : undefined);
}
