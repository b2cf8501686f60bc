/**
 * Child process of bench/run.ts: one server on 127.0.0.1:<ephemeral>, apart from the load
 * generator so that the two do not share an event loop. argv[2] is the TargetKind; the parent's
 * requests (mint codes, report stats, close) arrive over IPC (bench/protocol.ts).
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import Fastify from 'fastify';
import { loadConfig } from '../src/config/config.ts';
import { openAppDeps } from '../src/deps.ts';
import { buildApp, type AppDeps } from '../src/app.ts';
import { createClient } from '../src/clients/clients.ts';
import { seedAtScale } from './scale-seed.ts';
import { importUsersThroughCsv } from './csv-import.ts';
import { codeMinter } from './mint-codes.ts';
import { accessToken } from './access-token.ts';
import { uploadTarget } from './upload-target.ts';
import { seedInsight } from './insight-seed.ts';
import { insightUser, turnRecorder } from './insight-target.ts';
import {
  CEILING_BODY,
  CEILING_PATH,
  CLIENTS_VAR,
  DATABASE_URL_VAR,
  IMPORTED_VAR,
  INSIGHT_VAR,
  SEARCH_PATH_VAR,
  UPLOADS_VAR,
  USERS_VAR,
  type ChildMessage,
  type ParentMessage,
  type RecordingCost,
  type TargetKind,
} from './protocol.ts';

const REDIRECT_URI = 'https://localhost/callback';
// Limits stay on (their cost is part of every OAuth2 request) but far above the load's rate.
const UNREACHABLE_LIMIT = '1000000000';
const RSS_SAMPLE_MS = 100;

function send(message: ChildMessage): void {
  if (!process.send) {
    throw new Error('bench/server.ts runs as a child of bench/run.ts (it needs an IPC channel)');
  }
  process.send(message);
}

/** A listening child: what it tells the parent, and how it answers the parent's requests. */
interface Served {
  server: Server;
  ready: Omit<Extract<ChildMessage, { type: 'ready' }>, 'type' | 'port'>;
  mint?: (count: number) => Promise<string[]>;
  statements?: () => number;
  record?: (turns: number) => Promise<RecordingCost>;
  close: () => Promise<void>;
}

async function ceiling(): Promise<Served> {
  const app = Fastify({ logger: false });
  app.get(CEILING_PATH, async () => CEILING_BODY);
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { server: app.server, ready: {}, close: () => app.close() };
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
}

/** The real app (loadConfig → openAppDeps → buildApp, as src/main.ts), without request logs. */
async function realApp(): Promise<Served> {
  const url = requiredEnv(DATABASE_URL_VAR);
  const searchPath = process.env[SEARCH_PATH_VAR] || undefined;
  const config = loadConfig({
    AIRISK_DATABASE_URL: url,
    AIRISK_ISSUER: 'http://airisk.bench',
    AIRISK_MASTER_KEY: randomBytes(32).toString('base64'),
    AIRISK_RATE_LIMIT_PER_IP: UNREACHABLE_LIMIT,
    AIRISK_RATE_LIMIT_PER_CLIENT: UNREACHABLE_LIMIT,
  });
  let statements = 0;
  const deps: AppDeps = await openAppDeps(config, {
    database: { searchPath, backgroundCheckpoints: true, onQuery: () => (statements += 1) },
  });
  const minter = codeMinter(url, { searchPath }, config.codeTtlSeconds);
  try {
    const users = Number(requiredEnv(USERS_VAR));
    const imported = Number(process.env[IMPORTED_VAR] ?? 0);
    // The import first, into an empty table (as onboarding does), so that the bulk seed's
    // VACUUM / ANALYZE covers its rows too and no autovacuum runs under the load.
    const importReport =
      imported > 0 ? await importUsersThroughCsv(deps, users - imported, imported) : undefined;
    const seed = {
      bulk: await seedAtScale(url, searchPath, {
        users: users - imported,
        clients: Number(requiredEnv(CLIENTS_VAR)),
      }),
      imported: importReport,
    };
    const insightEvents = Number(process.env[INSIGHT_VAR] ?? 0);
    const insightSeed =
      insightEvents > 0
        ? await seedInsight(url, searchPath, insightEvents, (message) =>
            process.stderr.write(`[bench insight seed] ${message}\n`),
          )
        : undefined;
    // The server's connection plans with statistics of the seeded tables, as maintenance would
    // give it; the seed's own ANALYZE ran on another connection.
    await deps.store.refreshStatistics();
    // What seeding left on the heap is collected now, not in a pause under the load.
    (globalThis as { gc?: () => void }).gc?.();
    const { client, clientSecret } = await createClient(deps, {
      name: 'Benchmark client',
      redirectUris: [REDIRECT_URI],
    });
    const app = await buildApp(deps);
    const oauth = {
      clientId: client.id,
      clientSecret,
      redirectUri: REDIRECT_URI,
      tokenPath: '/api/oauth2/Token',
      authorizePath: '/api/oauth2',
    };
    const token = await accessToken(app, oauth);
    const uploads = process.env[UPLOADS_VAR] ? await uploadTarget(app, deps, oauth) : undefined;
    const reader = insightSeed ? await insightUser(app, deps, oauth) : undefined;
    const insight = reader &&
      insightSeed && { token: reader.token, agentId: reader.agentId, seed: insightSeed };
    const record =
      reader &&
      turnRecorder(deps, {
        userId: reader.userId,
        agent: { id: reader.agentId, engine: 'demo', model: 'demo' },
      });
    await app.listen({ host: '127.0.0.1', port: 0 });
    return {
      server: app.server,
      ready: { oauth, token, seed, uploads, insight },
      record,
      mint: (count) => minter.mint({ id: client.id, redirectUri: REDIRECT_URI }, count),
      statements: () => statements,
      close: async () => {
        await app.close();
        await minter.close();
        await deps.store.close();
      },
    };
  } catch (error) {
    // Open connections would keep this child alive after it reports the failure.
    await minter.close();
    await deps.store.close();
    throw error;
  }
}

/** node-oidc-provider, with opaque or JWT access tokens (bench/peer.ts). */
async function oidcProvider(format: 'opaque' | 'jwt'): Promise<Served> {
  // Only these children load node-oidc-provider (it warns on Node 20, once, on stderr).
  const { startPeer } = await import('./peer.ts');
  const started = await startPeer(format);
  return {
    server: started.server,
    ready: {
      oauth: {
        ...started.client,
        tokenPath: started.tokenPath,
        authorizePath: started.authorize?.path,
        authorizeCookie: started.authorize?.cookie,
        userinfoPath: started.userinfo?.path,
      },
      token: started.userinfo?.token,
    },
    mint: (count) => started.mintCodes(count),
    close: () => started.close(),
  };
}

/** @node-oauth/oauth2-server over an in-memory model (bench/oauth2-server-peer.ts). */
async function oauth2Server(): Promise<Served> {
  const { startOAuth2ServerPeer } = await import('./oauth2-server-peer.ts');
  const started = await startOAuth2ServerPeer();
  return {
    server: started.server,
    ready: { oauth: { ...started.client, tokenPath: started.tokenPath } },
    mint: async (count) => started.mintCodes(count),
    close: () => started.close(),
  };
}

const STARTERS: Record<TargetKind, () => Promise<Served>> = {
  ceiling,
  app: realApp,
  peer: () => oidcProvider('opaque'),
  'peer-jwt': () => oidcProvider('jwt'),
  peer2: oauth2Server,
};

/** The peak resident set size between two `stats` requests, sampled while under load. */
function rssSampler(): () => number {
  let peak = process.memoryUsage.rss();
  setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, RSS_SAMPLE_MS).unref();
  return () => {
    const measured = Math.max(peak, process.memoryUsage.rss());
    peak = 0;
    return measured;
  };
}

/** SQL statements sent since the previous call. */
function statementCounter(served: Served): () => number {
  let counted = 0;
  return () => {
    const total = served.statements?.() ?? 0;
    const since = total - counted;
    counted = total;
    return since;
  };
}

async function answer(
  served: Served,
  message: ParentMessage,
  sampled: { peakRss: () => number; statements: () => number },
) {
  switch (message.type) {
    case 'mint':
      if (!served.mint) {
        throw new Error('this target has no authorization codes to mint');
      }
      send({ type: 'minted', codes: await served.mint(message.count) });
      return;
    case 'stats':
      send({ type: 'stats', peakRssBytes: sampled.peakRss(), statements: sampled.statements() });
      return;
    case 'cpu': {
      const used = process.cpuUsage();
      send({ type: 'cpu', micros: used.user + used.system });
      return;
    }
    case 'record':
      if (!served.record) {
        throw new Error('this target records no activity');
      }
      send({ type: 'recorded', ...(await served.record(message.turns)) });
      return;
    case 'gc': {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (!gc) {
        // Not fatal: the parent reports the measurement as unavailable rather than a number.
        send({ type: 'failed', message: 'gc is not exposed (the child needs --expose-gc)' });
        return;
      }
      gc();
      const { heapUsed, rss } = process.memoryUsage();
      send({ type: 'heap', usedBytes: heapUsed, rssBytes: rss });
      return;
    }
    case 'close':
      await served.close();
      process.disconnect();
  }
}

async function main(): Promise<void> {
  const kind = process.argv[2] as TargetKind;
  const served = await STARTERS[kind]();
  const sampled = { peakRss: rssSampler(), statements: statementCounter(served) };
  process.on('message', (message: ParentMessage) => {
    answer(served, message, sampled).catch((error: unknown) => fail(error));
  });
  const address = served.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  send({ type: 'ready', port, ...served.ready });
}

function fail(error: unknown): void {
  send({
    type: 'failed',
    message: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  process.disconnect();
  process.exitCode = 1;
}

main().catch(fail);
