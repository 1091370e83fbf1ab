import type { FastifyInstance } from 'fastify';
import { HttpError } from '@remind-me/server-lifecycle';
import { caseInsensitiveKeys } from './casing';
import { toUtcIso } from './dates';
import { methodNotAllowed } from './method-not-allowed';
import { idParams, newReminder, page, pageQuery, ref } from './schemas';
import type { Reminder, ReminderStore } from './store';

const BASE = '/api/Reminder';
const tags = ['Reminder'];
const canonicalBody = caseInsensitiveKeys(Object.keys(newReminder.properties));

interface NewReminder {
  title: string;
  dueDate: string;
}
type ById = { Params: { id: string } };

/** The book's contract (POST, GET all, DELETE by id), plus GET by id and pages. */
export async function reminders(app: FastifyInstance, { store }: { store: ReminderStore }): Promise<void> {
  const notFound = (id: string): never => {
    throw new HttpError(404, `No reminder has id ${id}`);
  };

  app.post<{ Body: NewReminder }>(
    BASE,
    {
      schema: {
        tags,
        summary: 'Store a reminder',
        body: newReminder,
        response: { 201: ref.reminder, 400: ref.error, 413: ref.error, 415: ref.error, 503: ref.error },
      },
      // Before validation, so the schema sees `title` whether `Title` or `TITLE` was sent.
      preValidation: async (request) => {
        request.body = canonicalBody(request.body) as NewReminder;
      },
    },
    async (request, reply) => {
      const { title, dueDate } = request.body;
      return reply.code(201).send(await store.add({ title, dueDate: toUtcIso(dueDate) }));
    },
  );

  // The list is serialised again only when the store hands out a new array, i.e. after a change.
  const serializeAll = lastResultOf((all: readonly Reminder[]) => Buffer.from(JSON.stringify(all)));
  app.get(
    `${BASE}/all`,
    {
      schema: {
        tags,
        summary: 'Every reminder, in the order they were stored',
        response: { 200: { type: 'array', items: ref.reminder } },
      },
    },
    (_request, reply) => reply.type('application/json; charset=utf-8').send(serializeAll(store.all())),
  );

  app.get<{ Querystring: { limit: number; cursor?: string } }>(
    BASE,
    {
      schema: {
        tags,
        summary: 'One page of reminders, in the order they were stored',
        querystring: pageQuery,
        response: { 200: page, 400: ref.error },
      },
    },
    (request) => {
      const { limit, cursor } = request.query;
      const { items, next } = store.page(limit, cursor === undefined ? 0 : Number(cursor));
      return { items, nextCursor: next === null ? null : String(next) };
    },
  );

  app.get<ById>(
    `${BASE}/:id`,
    { schema: { tags, summary: 'One reminder', params: idParams, response: { 200: ref.reminder, 404: ref.error } } },
    (request) => store.get(request.params.id) ?? notFound(request.params.id),
  );

  app.delete<ById>(
    `${BASE}/:id`,
    { schema: { tags, summary: 'Delete a reminder', params: idParams, response: { 204: { type: 'null' }, 404: ref.error } } },
    (request, reply) =>
      store.remove(request.params.id) ? reply.code(204).send() : notFound(request.params.id),
  );

  methodNotAllowed(app, BASE, ['GET', 'POST']);
  methodNotAllowed(app, `${BASE}/all`, ['GET']);
  methodNotAllowed(app, `${BASE}/:id`, ['GET', 'DELETE']);
}

/** `fn` remembering its last result, computed again only for another argument. */
function lastResultOf<A, R>(fn: (arg: A) => R): (arg: A) => R {
  let last: { arg: A; result: R } | undefined;
  return (arg) => {
    if (last?.arg !== arg) last = { arg, result: fn(arg) };
    return last.result;
  };
}
