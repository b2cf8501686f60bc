import type { ConnectionState, Response, Step, Workload } from './load.ts';
import type { Target } from './target.ts';
import type { OAuthTarget } from './protocol.ts';
import { CEILING_BODY, CEILING_PATH } from './protocol.ts';
import { emailOf } from './emails.ts';

const STATE = 'bench-state';
const PAGE = 20;

const expectStatus = (expected: number, { status, body }: Response) =>
  status === expected ? undefined : `${status} ${body.slice(0, 200)}`;

function oauthOf(target: Target): OAuthTarget {
  if (!target.oauth) {
    throw new Error(`the ${target.kind} server registered no client`);
  }
  return target.oauth;
}

/** GET /api/oauth2 → 302 to the redirect URI with a code and the state; keeps the code. */
function authorizeStep(oauth: OAuthTarget): Step {
  const query = new URLSearchParams({
    client_id: oauth.clientId,
    redirect_uri: oauth.redirectUri,
    state: STATE,
  });
  const prefix = `${oauth.redirectUri}?code=`;
  return {
    method: 'GET',
    path: `${oauth.authorizePath}?${query.toString()}`,
    check: (response) => {
      const location = response.headers.location ?? '';
      return (
        expectStatus(302, response) ??
        (location.startsWith(prefix) && location.endsWith(`&state=${STATE}`)
          ? undefined
          : `redirected to ${location}`)
      );
    },
    keep: (state, headers) => {
      state.code = new URL(headers.location ?? prefix).searchParams.get('code') ?? undefined;
    },
  };
}

/** POST to the token endpoint, client_secret_post, the connection's code → 200 with a token. */
function exchangeStep(oauth: OAuthTarget): Step {
  const fixed = `grant_type=authorization_code&redirect_uri=${encodeURIComponent(oauth.redirectUri)}&client_id=${encodeURIComponent(oauth.clientId)}&client_secret=${encodeURIComponent(oauth.clientSecret)}`;
  return {
    method: 'POST',
    path: oauth.tokenPath,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: (state: ConnectionState) => `${fixed}&code=${encodeURIComponent(state.code ?? '')}`,
    check: (response) =>
      expectStatus(200, response) ??
      (response.body.includes('"access_token":"') ? undefined : `no token: ${response.body}`),
  };
}

/** A page of ListUsers with the generic token: 200 and exactly the expected first and last emails. */
function listStep(target: Target, query: string, first: string, last: string): Step {
  return {
    method: 'GET',
    path: `/api/Users/ListUsers?${query}`,
    headers: { authorization: `Bearer ${target.token ?? ''}`, accept: 'application/json' },
    check: (response) => {
      const at = response.body.indexOf(`"email":"${first}"`);
      return (
        expectStatus(200, response) ??
        (at >= 0 && response.body.indexOf(`"email":"${last}"`, at) >= 0
          ? undefined
          : `not the expected page: ${response.body.slice(0, 200)}`)
      );
    },
  };
}

export function ceilingWorkload(target: Target): Workload {
  const body = JSON.stringify(CEILING_BODY);
  return {
    id: 'ceiling',
    title: 'bare Fastify route, small JSON',
    target,
    codesPerOperation: 0,
    steps: [
      {
        method: 'GET',
        path: CEILING_PATH,
        check: (response) =>
          expectStatus(200, response) ?? (response.body === body ? undefined : response.body),
      },
    ],
  };
}

export function peerWorkload(target: Target): Workload {
  return {
    id: 'peer-exchange',
    title: 'node-oidc-provider: code exchange, client_secret_post',
    target,
    codesPerOperation: 1,
    steps: [exchangeStep(oauthOf(target))],
  };
}

/**
 * The app's workloads over a database of `users` users. On a database larger than a page, the
 * last page by keyset cursor is asked for where only `tailUsers` users remain: with `tailUsers`
 * the small database's user count, it returns a page of the same size as the small database's
 * first page, so the two compare like for like, at opposite ends of very different tables.
 */
export function appWorkloads(target: Target, users: number, tailUsers: number): Workload[] {
  const oauth = oauthOf(target);
  const workloads: Workload[] = [
    {
      id: 'authorize',
      title: 'GET /api/oauth2 → 302 with a code',
      target,
      codesPerOperation: 0,
      steps: [authorizeStep(oauth)],
    },
    {
      id: 'exchange',
      title: 'POST /api/oauth2/Token, a pre-minted code per request',
      target,
      codesPerOperation: 1,
      steps: [exchangeStep(oauth)],
    },
    {
      id: 'full-flow',
      title: 'authorize, then exchange its code (one operation)',
      target,
      codesPerOperation: 0,
      steps: [authorizeStep(oauth), exchangeStep(oauth)],
    },
    {
      id: 'list-users',
      title: `ListUsers?results=${PAGE}, generic token`,
      target,
      codesPerOperation: 0,
      steps: [listStep(target, `results=${PAGE}`, emailOf(0), emailOf(Math.min(users, PAGE) - 1))],
    },
  ];
  if (users > PAGE) {
    const after = encodeURIComponent(emailOf(users - tailUsers - 1));
    workloads.push({
      id: 'list-users-tail',
      title: `ListUsers?results=${PAGE}&after=… (keyset): the last ${tailUsers} users`,
      target,
      codesPerOperation: 0,
      steps: [
        listStep(
          target,
          `results=${PAGE}&after=${after}`,
          emailOf(users - tailUsers),
          emailOf(users - 1),
        ),
      ],
    });
  }
  return workloads;
}
