import type { Pool } from 'undici';
import { HttpError } from '@remind-me/server-lifecycle';

export interface NewReminder {
  title: string;
  dueDate: string;
}

/** What the API answered: a status below 500, and its body as it came. */
export interface ApiAnswer {
  status: number;
  contentType?: string;
  body: Buffer;
}

/** Connection errors that mean nothing listens at `apiUrl`, or its name does not resolve (yet). */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const TIMEOUTS = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/**
 * The reminder API, as the web calls it: a keep-alive pool to one origin, three fixed routes, and a
 * deadline on every call. Failures become gateway errors: 503 when the API cannot be reached, 504
 * when it does not answer in time, 502 when it fails or breaks the connection. The pool reconnects
 * on the next call, so the web recovers by itself when the API is back.
 */
export class ReminderApi {
  /** Made at the first call: undici is a tenth of the server's start (docs/benchmarks.md), and the probes never call the API. */
  private pool?: Promise<Pool>;

  constructor(
    private readonly origin: string,
    private readonly timeoutMs: number,
  ) {}

  all(): Promise<ApiAnswer> {
    return this.call('GET', '/api/Reminder/all');
  }

  save(reminder: NewReminder): Promise<ApiAnswer> {
    return this.call('POST', '/api/Reminder', JSON.stringify(reminder));
  }

  /** `id` is a GUID, checked by the route; encoded all the same, so it can only ever be one path segment. */
  remove(id: string): Promise<ApiAnswer> {
    return this.call('DELETE', `/api/Reminder/${encodeURIComponent(id)}`);
  }

  async close(): Promise<void> {
    await (await this.pool)?.close();
  }

  private async call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: string): Promise<ApiAnswer> {
    // The whole call, body included, within the deadline. Not AbortSignal.timeout(): its timer
    // outlives the call, and the signal's listeners keep each call's buffers until it fires.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new DOMException('deadline', 'TimeoutError')), this.timeoutMs);
    let answer: ApiAnswer;
    try {
      // A bounded pool: past 32 calls in flight the others queue, inside their deadline.
      this.pool ??= import('undici').then(({ Pool }) => new Pool(this.origin, { connections: 32, connectTimeout: this.timeoutMs }));
      const response = await (await this.pool).request({
        method,
        path,
        body,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        signal: deadline.signal,
      });
      const contentType = response.headers['content-type'];
      answer = {
        status: response.statusCode,
        contentType: typeof contentType === 'string' ? contentType : undefined,
        body: Buffer.from(await response.body.arrayBuffer()),
      };
    } catch (err) {
      throw this.gatewayError(err as Error & { code?: string });
    } finally {
      clearTimeout(timer);
    }
    if (answer.status === 503) {
      throw new HttpError(503, 'The reminder API is busy; try again in a moment.', { 'retry-after': '1' });
    }
    if (answer.status >= 500) {
      throw new HttpError(502, `The reminder API failed (it answered ${answer.status}).`);
    }
    return answer;
  }

  private gatewayError(err: Error & { code?: string }): HttpError {
    const cause = err;
    if (err.name === 'TimeoutError' || TIMEOUTS.has(err.code ?? '')) {
      return new HttpError(504, `The reminder API did not answer within ${this.timeoutMs} ms.`, {}, { cause });
    }
    if (UNREACHABLE.has(err.code ?? '')) {
      return new HttpError(503, 'The reminder API cannot be reached.', { 'retry-after': '1' }, { cause });
    }
    return new HttpError(502, 'The reminder API broke off the call.', {}, { cause });
  }
}
