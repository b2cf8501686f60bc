/**
 * Child process of bench/run.ts: one server on 127.0.0.1:<ephemeral>. It runs apart from the
 * load generator so the two do not share an event loop. argv[2] is the TargetKind:
 * - `ceiling`: a bare Fastify route returning a small JSON, the most any route here can do;
 * - `app`: the real app (loadConfig → openAppDeps → buildApp) over the database the parent
 *   created, seeded with the benchmark's users, with a generic token for the load generator.
 */
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { loadConfig } from '../src/config/config.ts';
import { openAppDeps } from '../src/deps.ts';
import { buildApp, type AppDeps } from '../src/app.ts';
import { createClient } from '../src/clients/clients.ts';
import { seedUsers, type SeedReport } from './seed.ts';
import {
  CEILING_BODY,
  CEILING_PATH,
  CLOSE_MESSAGE,
  DATABASE_URL_VAR,
  SEARCH_PATH_VAR,
  type ReadyMessage,
  type TargetKind,
} from './protocol.ts';

const REDIRECT_URI = 'https://localhost/callback';

function send(message: ReadyMessage): void {
  if (!process.send) {
    throw new Error('bench/server.ts runs as a child of bench/run.ts (it needs an IPC channel)');
  }
  process.send(message);
}

interface Served {
  app: FastifyInstance;
  close: () => Promise<void>;
  token?: string;
  seed?: SeedReport;
}

async function ceiling(): Promise<Served> {
  const app = Fastify({ logger: false });
  app.get(CEILING_PATH, async () => CEILING_BODY);
  await app.ready();
  return { app, close: () => app.close() };
}

/** A generic token, obtained as a client would: authorization code, then the token endpoint. */
async function genericToken(app: FastifyInstance, deps: AppDeps): Promise<string> {
  const { client, clientSecret } = await createClient(deps, {
    name: 'Benchmark client',
    redirectUris: [REDIRECT_URI],
  });
  const query = new URLSearchParams({ client_id: client.id, redirect_uri: REDIRECT_URI });
  const authorize = await app.inject({ method: 'GET', url: `/api/oauth2?${query.toString()}` });
  const location = authorize.headers.location;
  const code = typeof location === 'string' ? new URL(location).searchParams.get('code') : null;
  if (authorize.statusCode !== 302 || !code) {
    throw new Error(`authorize answered ${authorize.statusCode}: ${authorize.body}`);
  }
  const token = await app.inject({
    method: 'POST',
    url: '/api/oauth2/Token',
    payload: {
      client_id: client.id,
      client_secret: clientSecret,
      redirect_uri: REDIRECT_URI,
      code,
    },
  });
  if (token.statusCode !== 200) {
    throw new Error(`the token endpoint answered ${token.statusCode}: ${token.body}`);
  }
  return token.json<{ access_token: string }>().access_token;
}

async function realApp(): Promise<Served> {
  const url = process.env[DATABASE_URL_VAR];
  if (!url) {
    throw new Error(`${DATABASE_URL_VAR} is not set`);
  }
  const config = loadConfig({
    AIRISK_DATABASE_URL: url,
    AIRISK_ISSUER: 'http://airisk.bench',
    AIRISK_MASTER_KEY: randomBytes(32).toString('base64'),
  });
  const deps = await openAppDeps(config, {
    database: { searchPath: process.env[SEARCH_PATH_VAR] || undefined },
  });
  try {
    const seed = await seedUsers(deps);
    const app = await buildApp(deps);
    const token = await genericToken(app, deps);
    const close = async () => {
      await app.close();
      await deps.store.close();
    };
    return { app, close, token, seed };
  } catch (error) {
    // An open pool would keep this child alive after it reports the failure.
    await deps.store.close();
    throw error;
  }
}

async function main(): Promise<void> {
  const kind = process.argv[2] as TargetKind;
  const target = kind === 'ceiling' ? await ceiling() : await realApp();
  const address = await target.app.listen({ host: '127.0.0.1', port: 0 });
  process.once('message', (message) => {
    if (message === CLOSE_MESSAGE) {
      void target.close().finally(() => process.disconnect());
    }
  });
  const { token, seed } = target;
  send({ type: 'ready', port: Number(new URL(address).port), token, seed });
}

main().catch((error: unknown) => {
  send({
    type: 'failed',
    message: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  process.disconnect();
  process.exitCode = 1;
});
