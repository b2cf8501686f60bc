import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOnce, type Workload } from '../../bench/load.ts';
import { CEILING_BODY, CEILING_PATH } from '../../bench/protocol.ts';
import type { Target } from '../../bench/target.ts';
import { ceilingWorkload } from '../../bench/workloads.ts';
import { isPostgres } from '../helpers/test-store.ts';

// The benchmark must never report errors as speed: every response is checked against what its
// workload expects, and a workload that redeems codes stops when they run out rather than send
// one twice. Each loadOnce is a real run (a warm-up, then the measured seconds) on loopback.
// No database is involved, so it runs once, with the SQLite project.

const REDEEM_PATH = '/redeem';
// A run is 0.5 s of warm-up and 2 s measured; a run that stops early is shorter still.
const RUN_DEADLINE_MS = 12_000;

let server: FastifyInstance | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** What loadOnce needs of a target: where it listens. The rest is never called. */
function fakeTarget(baseUrl: string): Target {
  return {
    kind: 'ceiling',
    pid: undefined,
    baseUrl,
    oauth: undefined,
    token: undefined,
    seed: undefined,
    uploads: undefined,
    insight: undefined,
    mint: () => Promise.reject(new Error('not a real target')),
    stats: () => Promise.reject(new Error('not a real target')),
    cpuMicros: () => Promise.reject(new Error('not a real target')),
    record: () => Promise.reject(new Error('not a real target')),
    heapAfterGc: () => Promise.reject(new Error('not a real target')),
    close: () => Promise.resolve(),
  };
}

/**
 * The ceiling route, failing every `failEvery`th request with a 500 (never, when 0), and a route
 * that records every code posted to it.
 */
async function startServer(failEvery: number): Promise<{ target: Target; codesSeen: string[] }> {
  const codesSeen: string[] = [];
  let requests = 0;
  server = Fastify();
  server.get(CEILING_PATH, async (_request, reply) => {
    requests += 1;
    if (failEvery > 0 && requests % failEvery === 0) {
      return reply.code(500).send({ error: 'boom' });
    }
    return CEILING_BODY;
  });
  server.post<{ Body: { code?: string } }>(REDEEM_PATH, async (request) => {
    codesSeen.push(request.body.code ?? '');
    return { redeemed: true };
  });
  server.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  const address = await server.listen({ host: '127.0.0.1', port: 0 });
  return { target: fakeTarget(address), codesSeen };
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe.skipIf(isPostgres)('bench loadOnce', () => {
  it('counts unexpected responses, with their reasons, and none from a clean server', async () => {
    const failing = await startServer(10);
    const faulty = await within(
      loadOnce(ceilingWorkload(failing.target), []),
      RUN_DEADLINE_MS,
      'loadOnce',
    );
    expect(faulty.operations).toBeGreaterThan(0);
    // About one response in ten, warm-up included (its responses are checked too).
    expect(faulty.unexpected).toBeGreaterThan(0);
    expect(faulty.unexpected).toBeLessThan(faulty.allOperations);
    expect(faulty.reasons.length).toBeGreaterThan(0);
    expect(faulty.reasons.every((reason) => reason.includes('500'))).toBe(true);
    expect(faulty.ranOut).toBe(false);
    await server?.close();

    const clean = await startServer(0);
    const sample = await within(
      loadOnce(ceilingWorkload(clean.target), []),
      RUN_DEADLINE_MS,
      'loadOnce',
    );
    expect(sample).toMatchObject({ unexpected: 0, reasons: [], errors: 0, timeouts: 0 });
    expect(sample.operations).toBeGreaterThan(0);
    expect(sample.latencies).toHaveLength(sample.operations);
    expect(sample.allOperations).toBeGreaterThanOrEqual(sample.operations);
  });

  it('stops when the codes run out, never sending one twice', async () => {
    const { target, codesSeen } = await startServer(0);
    const codes = Array.from({ length: 20 }, (_, index) => `code-${index}`);
    const workload: Workload = {
      id: 'redeem',
      title: 'a code per operation',
      target,
      codesPerOperation: 1,
      steps: [
        {
          method: 'POST',
          path: REDEEM_PATH,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: (state) => `code=${encodeURIComponent(state.code ?? '')}`,
          check: ({ status }) => (status === 200 ? undefined : `status ${status}`),
        },
      ],
    };
    const sample = await within(loadOnce(workload, codes), RUN_DEADLINE_MS, 'loadOnce');
    expect(sample.ranOut).toBe(true);
    expect(sample.unexpected).toBe(0);
    // Every code reached the server at most once, and nothing but the codes given.
    const repeated = codesSeen.filter((code, index) => codesSeen.indexOf(code) !== index);
    expect(repeated).toEqual([]);
    expect(codesSeen.every((code) => codes.includes(code))).toBe(true);
  });
});
