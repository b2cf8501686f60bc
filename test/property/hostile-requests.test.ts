import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createListeningApp, type ListeningApp } from '../helpers/listening-app.ts';
import { rawRequest } from '../helpers/raw-http.ts';
import { startFakeProvider, type FakeProvider } from '../helpers/fake-providers/fake-server.ts';
import { getToken } from '../helpers/oauth-flow.ts';
import { aClient } from '../helpers/test-app.ts';
import { buildWorld, closeWorld, type World } from './case-world.ts';
import { CASES } from './request-cases.ts';
import { hostileRequest, type Operation } from './hostile-arbitraries.ts';

// Issue #12: whatever a client sends, to whichever route of the OpenAPI document, the server
// answers it with a 4xx or a success: never a 5xx, never a dropped connection, never an
// unhandled rejection, and it is healthy afterwards. Requests go over a real socket, byte for
// byte, so that nothing is repaired on the way.

const RUNS_PER_OPERATION = Number(process.env.AIRISK_PROPERTY_RUNS ?? 100);
const METRICS_TOKEN = 'hostile-metrics-token-0123456789';

interface OpenApiOperation {
  parameters?: { in: string; name: string }[];
  requestBody?: { content: Record<string, { schema?: { properties?: object } }> };
}

function operationsOf(document: {
  paths: Record<string, Record<string, OpenApiOperation>>;
}): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => {
      const named = (where: string) =>
        (operation.parameters ?? []).filter((p) => p.in === where).map((p) => p.name);
      const bodies = Object.values(operation.requestBody?.content ?? {});
      return {
        method: method.toUpperCase(),
        path,
        pathNames: named('path'),
        queryNames: named('query'),
        bodyNames: [
          ...new Set(bodies.flatMap((body) => Object.keys(body.schema?.properties ?? {}))),
        ],
      };
    }),
  );
}

describe('hostile requests to every operation of the OpenAPI document', () => {
  let t: ListeningApp;
  let fake: FakeProvider;
  let world: World;
  let operations: Operation[];
  let ids: string[];
  let tokens: string[];
  const port = () => Number(new URL(t.issuer).port);
  const rejections: unknown[] = [];
  const recordRejection = (reason: unknown) => rejections.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', recordRejection);
    fake = await startFakeProvider();
    t = await createListeningApp({
      AIRISK_RATE_LIMIT_PER_IP: '0',
      AIRISK_RATE_LIMIT_PER_CLIENT: '0',
      AIRISK_LOCKOUT_THRESHOLD: '0',
      AIRISK_METRICS_TOKEN: METRICS_TOKEN,
    });
    world = await buildWorld(t, fake);
    operations = operationsOf((await t.app.inject({ url: '/openapi.json' })).json());
    const conversations = await t.app.inject({
      url: '/api/Chat/GetConversations',
      headers: { authorization: `Bearer ${world.user.token}` },
    });
    ids = [
      world.agentId,
      world.groupId,
      world.user.user.id,
      world.admin.user.id,
      world.credentials.client.id,
      ...conversations.json<{ id: string }[]>().map((conversation) => conversation.id),
    ];
    tokens = [
      world.admin.token,
      world.user.token,
      await getToken(t, world.credentials),
      METRICS_TOKEN,
    ];
  });
  afterAll(async () => {
    process.off('unhandledRejection', recordRejection);
    await closeWorld(world);
    await t.close();
    await fake.close();
  });

  const keyOf = (operation: Operation) => `${operation.method} ${operation.path}`;

  // The operations are named before the app exists, from the cases the casing test keeps in step
  // with the document; this checks that they still are.
  it('covers every operation', () => {
    expect(operations.map(keyOf).sort()).toEqual(Object.keys(CASES).sort());
  });

  it.each(Object.keys(CASES))('%s: no 5xx, whatever is sent', async (key) => {
    const operation = operations.find((candidate) => keyOf(candidate) === key);
    if (!operation) {
      throw new Error(`${key} is not in the OpenAPI document`);
    }
    await fc.assert(
      fc.asyncProperty(hostileRequest(operation, ids, tokens), async (request) => {
        const response = await rawRequest(port(), request);
        const said = `${request.method} ${request.target} → ${response.head}\n${response.body}`;
        expect(response.status, said).toBeGreaterThanOrEqual(200);
        expect(response.status, said).toBeLessThan(500);
        expect(response.body, said).not.toMatch(/\n\s+at .+:\d+:\d+/);
      }),
      { numRuns: RUNS_PER_OPERATION },
    );
  });

  it('leaves no unhandled rejection, and the server healthy', async () => {
    expect(rejections).toEqual([]);
    const health = await fetch(`${t.issuer}/healthz`);
    expect(health.status).toBe(200);
    const users = await fetch(`${t.issuer}/api/Users/ListUsers?results=1`, {
      // A client of its own: the hostile requests may well have disabled or deleted the world's.
      headers: { authorization: `Bearer ${await getToken(t, await aClient(t))}` },
    });
    expect(users.status).toBe(200);
  });
});
