import { systemClock } from '../src/lib/clock.ts';
import { openStore } from '../src/store/kysely-store.ts';
import { createUser } from '../src/users/users.ts';
import { createAgent } from '../src/chat/agents.ts';
import { assignAgent } from '../src/chat/assignments.ts';
import { SCANNER_NAMES } from '../src/vocabulary/scanners.ts';
import type { BenchDatabase } from './bench-database.ts';
import type { OAuthTarget } from './protocol.ts';

/** The demo agents the workload asks: each pause and scanner setting it measures. */
export interface GatewayAgents {
  /** No pause; the company's default scanners. */
  scanned: string;
  /** No pause; every scanner off for this agent. */
  unscanned: string;
  /** `firstTokenMs` before each word, scanners on and off. */
  pacedScanned: string;
  pacedUnscanned: string;
  /** `streamPauseMs` before each word, the default scanners: the concurrent streams'. */
  streams: string;
}

export interface GatewayUser {
  userId: string;
  token: string;
  agents: GatewayAgents;
}

const NO_SCANNERS = Object.fromEntries(SCANNER_NAMES.map((name) => [name, { enabled: false }]));

/**
 * A plain user, and demo agents assigned to them, made through the domain functions the admin
 * API and CLI call, over a connection of the workload's own to the app child's database (as
 * bench/mint-codes.ts mints codes); then the user's token from the child, as a client gets one:
 * authorize with `userid`, then exchange the code.
 */
export async function gatewayUser(
  database: BenchDatabase,
  baseUrl: string,
  oauth: OAuthTarget,
  pauses: { firstTokenMs: number; streamPauseMs: number },
): Promise<GatewayUser> {
  const store = await openStore(database.url, { searchPath: database.searchPath });
  try {
    const deps = { store, clock: systemClock, masterKey: Buffer.alloc(32) };
    const user = await createUser(deps, {
      email: 'bench-chat@example.com',
      name: 'Benchmark chat user',
    });
    const agent = async (name: string, pauseMs: number, scanned: boolean) => {
      const created = await createAgent(deps, {
        name,
        engine: 'demo',
        model: `demo-${pauseMs}ms`,
        ...(!scanned && { scanners: NO_SCANNERS }),
      });
      await assignAgent(deps, { agentId: created.id, userId: user.id });
      return created.id;
    };
    const agents: GatewayAgents = {
      scanned: await agent('Gateway, scanned', 0, true),
      unscanned: await agent('Gateway, no scanners', 0, false),
      pacedScanned: await agent('Gateway, paced, scanned', pauses.firstTokenMs, true),
      pacedUnscanned: await agent('Gateway, paced, no scanners', pauses.firstTokenMs, false),
      streams: await agent('Gateway, streams', pauses.streamPauseMs, true),
    };
    return { userId: user.id, token: await userToken(baseUrl, oauth, user.id), agents };
  } finally {
    await store.close();
  }
}

async function userToken(baseUrl: string, oauth: OAuthTarget, userid: string): Promise<string> {
  const query = new URLSearchParams({
    client_id: oauth.clientId,
    redirect_uri: oauth.redirectUri,
    userid,
  });
  const authorize = await fetch(`${baseUrl}${oauth.authorizePath}?${query.toString()}`, {
    redirect: 'manual',
  });
  const location = authorize.headers.get('location');
  const code = location ? new URL(location).searchParams.get('code') : null;
  if (authorize.status !== 302 || !code) {
    throw new Error(`authorize answered ${authorize.status}: ${await authorize.text()}`);
  }
  const exchange = await fetch(`${baseUrl}${oauth.tokenPath}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_id: oauth.clientId,
      client_secret: oauth.clientSecret,
      redirect_uri: oauth.redirectUri,
      code,
    }),
  });
  if (exchange.status !== 200) {
    throw new Error(`the token endpoint answered ${exchange.status}: ${await exchange.text()}`);
  }
  return ((await exchange.json()) as { access_token: string }).access_token;
}
