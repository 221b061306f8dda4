import { RelataError } from '../../errors';
import { type Executor, requiredText } from './step-env';

const HTTP_BODY_LIMIT = 1_000_000;

function parseBody(raw: string, contentType: string): unknown {
  if (!contentType.includes('json')) return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** Calls a URL through the guarded client; in a dry run, only says what it would send. */
export const httpRequest: Executor = async (settings, env) => {
  const headers: Record<string, string> = { 'idempotency-key': env.idempotencyKey };
  for (const [name, value] of Object.entries((settings.values.headers as Record<string, unknown>) ?? {})) {
    headers[name.toLowerCase()] = String(value ?? '');
  }
  const body = settings.values.body;
  let payload: string | undefined;
  if (body !== undefined && body !== null) {
    payload = typeof body === 'string' ? body : JSON.stringify(body);
    if (typeof body !== 'string') headers['content-type'] ??= 'application/json';
  }
  const request = {
    url: requiredText(settings.values.url, 'url', env),
    method: settings.values.method as string,
    headers,
    body: payload,
  };
  env.effects.push({ kind: 'http', ...request, body: payload ?? null });
  if (!env.fetch) return { output: { status: null, headers: {}, body: null } };
  const response = await env.fetch(request);
  const raw = response.body.subarray(0, HTTP_BODY_LIMIT).toString('utf8');
  if (response.status >= 400) {
    throw new RelataError('INTERNAL', `The HTTP request answered ${response.status}.`, { status: response.status });
  }
  return {
    output: {
      status: response.status,
      headers: response.headers,
      body: parseBody(raw, response.headers['content-type'] ?? ''),
    },
  };
};
