import type { ConnectionState, Response, Step, Workload } from './load.ts';
import type { Target } from './target.ts';
import type { OAuthTarget } from './protocol.ts';
import { CEILING_BODY, CEILING_PATH } from './protocol.ts';
import { emailOf } from './emails.ts';

const STATE = 'bench-state';
const PAGE = 20;

/** autocannon keeps header names as sent: Fastify's `location`, Koa's (the peer's) `Location`. */
const locationOf = (headers: Record<string, string>) => headers.location ?? headers.Location;

const expectStatus = (expected: number, { status, body }: Response) =>
  status === expected ? undefined : `${status} ${body.slice(0, 200)}`;

function oauthOf(target: Target): OAuthTarget {
  if (!target.oauth) {
    throw new Error(`the ${target.kind} server registered no client`);
  }
  return target.oauth;
}

/**
 * GET the authorization endpoint → a redirect (`status`) to the redirect URI with a code and the
 * state; keeps the code. node-oidc-provider also wants `response_type` and `scope`, and the
 * signed-in user's session cookie, and redirects with 303 (adding `iss`, RFC 9207).
 */
function authorizeStep(oauth: OAuthTarget, status = 302, extra: Record<string, string> = {}): Step {
  const query = new URLSearchParams({
    client_id: oauth.clientId,
    redirect_uri: oauth.redirectUri,
    state: STATE,
    ...extra,
  });
  const prefix = `${oauth.redirectUri}?code=`;
  return {
    method: 'GET',
    path: `${oauth.authorizePath ?? ''}?${query.toString()}`,
    ...(oauth.authorizeCookie && { headers: { cookie: oauth.authorizeCookie } }),
    check: (response) => {
      const location = locationOf(response.headers) ?? '';
      return (
        expectStatus(status, response) ??
        (location.startsWith(prefix) &&
        location.length > prefix.length + 1 &&
        (location.endsWith(`&state=${STATE}`) || location.includes(`&state=${STATE}&`))
          ? undefined
          : `redirected to ${location}`)
      );
    },
    keep: (state, headers) => {
      state.code = new URL(locationOf(headers) ?? prefix).searchParams.get('code') ?? undefined;
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

/** The peers' workloads, each with the app workload it is compared with. */
export const PEER_COMPARED_WITH: Record<string, string> = {
  'peer-jwt-exchange': 'exchange',
  'peer-exchange': 'exchange',
  'peer2-exchange': 'exchange',
  'peer-authorize': 'authorize',
  'peer-userinfo': 'list-users',
};

/**
 * Whether `--only` (undefined: everything) selects a workload: by its id, or, for a peer's, by
 * the id of the app workload it is compared with.
 */
export function isSelected(only: string[] | undefined, id: string): boolean {
  const comparedWith = PEER_COMPARED_WITH[id];
  return !only || only.includes(id) || (comparedWith !== undefined && only.includes(comparedWith));
}

/**
 * Every peer's workloads: the three code exchanges (node-oidc-provider with JWT and with opaque
 * access tokens, oauth2-server), then node-oidc-provider's authorize and userinfo.
 */
export function peerWorkloads(peers: Target[]): Workload[] {
  return [
    ...peers.map(peerExchangeWorkload),
    ...peers.filter((peer) => peer.kind === 'peer').flatMap(peerEndpointWorkloads),
  ];
}

/** node-oidc-provider (opaque or JWT access tokens) or oauth2-server: the same code exchange. */
function peerExchangeWorkload(target: Target): Workload {
  const titles: Partial<Record<Target['kind'], [id: string, title: string]>> = {
    peer: ['peer-exchange', 'node-oidc-provider, opaque access tokens: code exchange'],
    'peer-jwt': ['peer-jwt-exchange', 'node-oidc-provider, ES256 JWT access tokens: code exchange'],
    peer2: ['peer2-exchange', '@node-oauth/oauth2-server, in-memory model: code exchange'],
  };
  const [id, title] = titles[target.kind] ?? [`${target.kind}-exchange`, target.kind];
  return {
    id,
    title: `${title}, client_secret_post`,
    target,
    codesPerOperation: 1,
    steps: [exchangeStep(oauthOf(target))],
  };
}

/**
 * node-oidc-provider's authorization endpoint and its userinfo, on the opaque peer: a signed-in
 * user whose grant covers the client asks for a code (303 with it, no interaction); userinfo
 * with an opaque access token of scope openid (200 with the user's `sub`).
 */
function peerEndpointWorkloads(target: Target): Workload[] {
  const oauth = oauthOf(target);
  return [
    {
      id: 'peer-authorize',
      title: 'node-oidc-provider: GET /auth, signed in, granted → 303 with a code',
      target,
      codesPerOperation: 0,
      steps: [authorizeStep(oauth, 303, { response_type: 'code', scope: 'openid' })],
    },
    {
      id: 'peer-userinfo',
      title: 'node-oidc-provider: GET /me, opaque bearer token (scope openid)',
      target,
      codesPerOperation: 0,
      steps: [
        {
          method: 'GET',
          path: oauth.userinfoPath ?? '',
          headers: { authorization: `Bearer ${target.token ?? ''}` },
          check: (response) =>
            expectStatus(200, response) ??
            (response.body.includes('"sub":"') ? undefined : `no sub: ${response.body}`),
        },
      ],
    },
  ];
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
