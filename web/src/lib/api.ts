// The web app's one API layer: typed from the server's OpenAPI document (api-schema.d.ts,
// `npm run web:api`), so the UI can only call what the public API documents.
// - `api`: bearer calls with the signed-in person's user token (auth-token.ts).
// - `sessionApi`: the cookie-authenticated /api/Account/* routes, with the session's CSRF token.
// - `authorizedFetch`: the bearer token on a plain fetch (SSE streams, multipart uploads).
import { useCallback } from 'react';
import { useNavigate } from 'react-router';
import { queryOptions, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './api-schema';
import { forgetUserToken, renewUserToken, userToken } from './auth-token.ts';

export type ApiPaths = paths;

/**
 * `fetch` with `Authorization: Bearer <user token>`; a 401 renews the token and sends the
 * request once more (the token may have ended just before the renewal timer fired).
 */
export async function authorizedFetch(
  input: RequestInfo | URL,
  init?: RequestInit,
): Promise<Response> {
  const request = new Request(input, init);
  const retry = request.clone();
  const first = await sendWithToken(request, await userToken());
  if (first.status !== 401) {
    return first;
  }
  return sendWithToken(retry, await renewUserToken());
}

function sendWithToken(request: Request, token: string): Promise<Response> {
  request.headers.set('Authorization', `Bearer ${token}`);
  return fetch(request);
}

export const api = createClient<ApiPaths>({ fetch: (request) => authorizedFetch(request) });

let csrfToken: string | undefined;

/** The session's CSRF token, from GET /api/Account/Session or a sign-in answer. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const csrfHeader: Middleware = {
  onRequest({ request }) {
    if (csrfToken && !SAFE_METHODS.has(request.method)) {
      request.headers.set('X-CSRF-Token', csrfToken);
    }
    return request;
  },
};

export const sessionApi = createClient<ApiPaths>({ credentials: 'same-origin' });
sessionApi.use(csrfHeader);

/** An API answer that was not a success, with its RFC 9457 problem details when it had them. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: { title?: string; detail?: string; [member: string]: unknown } | undefined,
    /** Retry-After of a 429 or 503, in seconds. */
    readonly retryAfterSeconds?: number,
  ) {
    super(problem?.detail ?? problem?.title ?? `The server answered HTTP ${status}.`);
    this.name = 'ApiError';
  }
}

/** The data of an openapi-fetch answer, or an ApiError (for TanStack Query functions). */
export function unwrap<T>(answer: { data?: T; error?: unknown; response: Response }): T {
  if (answer.error !== undefined || !answer.response.ok) {
    throw apiError(answer);
  }
  return answer.data as T;
}

export function apiError(answer: { error?: unknown; response: Response }): ApiError {
  const problem =
    typeof answer.error === 'object' && answer.error !== null
      ? (answer.error as ApiError['problem'])
      : undefined;
  const retryAfter = Number(answer.response.headers.get('Retry-After'));
  return new ApiError(
    answer.response.status,
    problem,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
}

export type SessionInfo =
  ApiPaths['/api/Account/Session']['get']['responses'][200]['content']['application/json'];

/** GET /api/Account/Session: the signed-in person, or null when no session is live. */
export const sessionQuery = queryOptions({
  queryKey: ['account', 'session'] as const,
  queryFn: async (): Promise<SessionInfo | null> => {
    const answer = await sessionApi.GET('/api/Account/Session');
    if (answer.response.status === 401) {
      setCsrfToken(undefined);
      return null;
    }
    const session = unwrap(answer);
    setCsrfToken(session.csrfToken);
    return session;
  },
  staleTime: 60_000,
});

/** The session if one is live (sign-in pages use it to skip the form). */
export function useOptionalSession(): SessionInfo | null {
  return useSuspenseQuery(sessionQuery).data;
}

/**
 * The signed-in person: only under the app's RequireSession route, which sends everyone else to
 * /signin first.
 */
export function useSession(): SessionInfo & { signOut: () => Promise<void> } {
  const session = useOptionalSession();
  const signOut = useSignOut();
  if (!session) {
    throw new Error('useSession() outside a signed-in route');
  }
  return { ...session, signOut };
}

/** The navigation state of the move to /signin that signing out makes. */
const SIGNED_OUT = { signedOut: true } as const;

export function isSignedOutState(state: unknown): boolean {
  return typeof state === 'object' && state !== null && 'signedOut' in state;
}

/** POST /api/Account/SignOut, then forget everything this tab knew about the person. */
export function useSignOut(): () => Promise<void> {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useCallback(async () => {
    try {
      await sessionApi.POST('/api/Account/SignOut');
    } finally {
      // Even when the server cannot be told, this tab forgets the person: it leaves the signed-in
      // pages first (the sign-in page knows not to send a just-signed-out person back), then
      // drops the session and everything those pages had loaded.
      forgetUserToken();
      setCsrfToken(undefined);
      // flushSync: the signed-in pages are gone (committed) before the session is dropped.
      await navigate('/signin', { replace: true, state: SIGNED_OUT, flushSync: true });
      queryClient.setQueryData(sessionQuery.queryKey, null);
      // What the sign-in page shows (the session, now null, and the public options) stays.
      queryClient.removeQueries({
        predicate: ({ queryKey }) =>
          !['account/session', 'account/options'].includes(queryKey.join('/')),
      });
    }
  }, [queryClient, navigate]);
}
