import { csrfToken, forgetSession } from './session';

/** The two GraphQL endpoints the studio talks to. */
export type Endpoint = '/graphql' | '/metadata';

export interface GraphQLErrorShape {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; field?: string; [key: string]: unknown };
}

/** A failed GraphQL request; `field` names the offending input when the server said which. */
export class ApiError extends Error {
  readonly code: string | undefined;
  readonly field: string | undefined;
  readonly errors: GraphQLErrorShape[];

  constructor(errors: GraphQLErrorShape[]) {
    super(errors.map((e) => e.message).join('\n') || 'Request failed');
    this.name = 'ApiError';
    this.errors = errors;
    this.code = errors[0]?.extensions?.code;
    this.field = errors[0]?.extensions?.field;
  }
}

/**
 * Headers every request carries: JSON plus the session's CSRF token. The session itself rides
 * in its HttpOnly cookie, which the browser adds to these same-origin requests (SSE included).
 */
export function requestHeaders(accept = 'application/json'): Record<string, string> {
  // The runtime records writes made from the studio as such (audit 'via').
  const headers: Record<string, string> = { 'content-type': 'application/json', accept, 'x-relata-client': 'studio' };
  const csrf = csrfToken();
  if (csrf) headers['x-relata-csrf'] = csrf;
  return headers;
}

/**
 * Sends one GraphQL operation and returns its `data`, or throws `ApiError` with the server's
 * errors (their `extensions.code` and `extensions.field` kept for the UI).
 */
export async function gql<T>(endpoint: Endpoint, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: requestHeaders(),
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new ApiError([{ message: 'Cannot reach the Relata server. Check that it is running.' }]);
  }
  const body = (await response.json().catch(() => null)) as { data?: T; errors?: GraphQLErrorShape[] } | null;
  if (body?.errors?.length) {
    if (body.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) forgetSession();
    throw new ApiError(body.errors);
  }
  if (!response.ok || !body?.data) {
    if (response.status === 401) forgetSession();
    throw new ApiError([{ message: `The server answered HTTP ${response.status}.` }]);
  }
  return body.data;
}
