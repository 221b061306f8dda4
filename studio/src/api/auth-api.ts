import { ApiError, requestHeaders } from './graphql-client';

/**
 * Posts to one of the runtime's `/auth/*` endpoints and returns its JSON answer, or throws
 * `ApiError` carrying the server's message, code and offending `field` (REST error shape
 * `{ error: { message, code, field } }`).
 */
export async function postAuth<T>(path: `/auth/${string}`, body: Record<string, unknown>): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { method: 'POST', headers: requestHeaders(), body: JSON.stringify(body) });
  } catch {
    throw new ApiError([{ message: 'Cannot reach the Relata server. Check that it is running.' }]);
  }
  const answer = (await response.json().catch(() => null)) as (T & { error?: Record<string, unknown> }) | null;
  if (response.ok && answer) return answer;
  const error = answer?.error ?? {};
  throw new ApiError([
    {
      message: typeof error.message === 'string' ? error.message : `The server answered HTTP ${response.status}.`,
      extensions: {
        code: typeof error.code === 'string' ? error.code : undefined,
        field: typeof error.field === 'string' ? error.field : undefined,
      },
    },
  ]);
}
