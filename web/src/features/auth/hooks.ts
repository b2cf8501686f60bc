import { useCallback } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { sessionApi, sessionQuery, setCsrfToken, unwrap } from '../../lib/api.ts';
import { forgetUserToken } from '../../lib/auth-token.ts';

export type LinkKind = 'setup' | 'invitation' | 'reset';

/**
 * The one-time token of a set-up, invitation or reset link: it travels in the URL fragment
 * (`#token=…`), which never reaches a server log or a Referer header.
 */
export function useLinkToken(): string | undefined {
  const { hash } = useLocation();
  return new URLSearchParams(hash.slice(1)).get('token') ?? undefined;
}

/** POST /api/Account/InspectLink: whose link it is, before the person types anything. */
export function useInspectLink(kind: LinkKind, token: string | undefined) {
  return useQuery({
    queryKey: ['account', 'link', kind, token] as const,
    enabled: token !== undefined,
    queryFn: async () =>
      unwrap(
        await sessionApi.POST('/api/Account/InspectLink', { body: { kind, token: token ?? '' } }),
      ),
    staleTime: Infinity,
  });
}

/** After sign-in, set-up or an accepted invitation: load the new session, then go on. */
export function useFinishSignIn(): (answer: { csrfToken: string }, next?: string) => Promise<void> {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useCallback(
    async (answer, next = '/chat') => {
      // A token held for whoever used this tab before belongs to an ended session.
      forgetUserToken();
      setCsrfToken(answer.csrfToken);
      await queryClient.fetchQuery({ ...sessionQuery, staleTime: 0 });
      await navigate(next, { replace: true });
    },
    [queryClient, navigate],
  );
}

/** A `next` page from the query string, only when it is a path of this app. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return '/chat';
  }
  return /^\/(api|docs)(\/|$)/i.test(next) ? '/chat' : next;
}
