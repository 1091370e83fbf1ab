import { request, type IncomingHttpHeaders } from 'node:http';

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON; undefined when empty or not JSON. */
  body: any;
}

/**
 * One HTTP call with node:http, which adds no header of its own (fetch would label a string
 * body text/plain). An object body is sent as JSON; a string body as it is, with `headers`.
 */
export function call(
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const { body, headers = {} } = options;
  const json = body !== undefined && typeof body !== 'string';
  const payload = json ? JSON.stringify(body) : (body as string | undefined);
  return new Promise((settle, fail) => {
    const req = request(
      new URL(path, base),
      { method, headers: json ? { 'content-type': 'application/json', ...headers } : headers },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => settle({ status: res.statusCode ?? 0, headers: res.headers, text, body: parse(text) }));
      },
    );
    req.on('error', fail);
    req.end(payload);
  });
}

function parse(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
