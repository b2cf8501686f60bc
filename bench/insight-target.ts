import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../src/app.ts';
import { createUser } from '../src/users/users.ts';
import { promptEvent, recordTurn } from '../src/activity/record-turn.ts';
import { accessToken } from './access-token.ts';
import type { OAuthTarget, RecordingCost } from './protocol.ts';

/** What the AskAgent workload asks, and what the turn recorder records in its place. */
export const INSIGHT_QUESTION = 'Please draft a short summary of the quarterly sales report.';
const CLIENT_IP = '198.51.100.7';

/**
 * A CompanyAdmin's token (Compliance and Dashboards both admit it) and a demo agent assigned to
 * them, to ask.
 */
export async function insightUser(
  app: FastifyInstance,
  deps: AppDeps,
  oauth: OAuthTarget,
): Promise<{ token: string; agentId: string; userId: string }> {
  const admin = await createUser(deps, {
    email: 'bench-insight@example.com',
    name: 'Benchmark insight reader',
    roles: ['CompanyAdmin'],
  });
  const token = await accessToken(app, oauth, admin.id);
  const agent = await app.inject({
    method: 'POST',
    url: '/api/Agents/CreateAgent',
    headers: { authorization: `Bearer ${token}` },
    payload: { name: 'Benchmark demo agent', engine: 'demo', model: 'demo' },
  });
  if (agent.statusCode !== 201) {
    throw new Error(`CreateAgent answered ${agent.statusCode}: ${agent.body}`);
  }
  const agentId = agent.json<{ id: string }>().id;
  const assigned = await app.inject({
    method: 'POST',
    url: '/api/Agents/AssignAgent',
    headers: { authorization: `Bearer ${token}` },
    payload: { agentid: agentId, userid: admin.id },
  });
  if (assigned.statusCode !== 204) {
    throw new Error(`AssignAgent answered ${assigned.statusCode}: ${assigned.body}`);
  }
  return { token, agentId, userId: admin.id };
}

/**
 * Records `turns` turns' activity one after the other, exactly as AskAgent records a turn (the
 * prompt event with its country lookup, the answer priced at the model's price, both written
 * with findings, daily sums and queue rows), each in a transaction of its own, so that its cost
 * can be set beside AskAgent's. Its own transaction is an upper bound: in AskAgent these
 * statements share the turn's transaction (and its commit) with the messages.
 */
export function turnRecorder(
  deps: AppDeps,
  actor: { userId: string; agent: { id: string; engine: string; model: string } },
): (turns: number) => Promise<RecordingCost> {
  return async (turns) => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let turn = 0; turn < turns; turn += 1) {
      const now = deps.clock.nowSeconds();
      const prompt = await promptEvent(
        now,
        { ...actor, conversationId: randomUUID(), clientIp: CLIENT_IP },
        { id: randomUUID(), text: INSIGHT_QUESTION, scans: [] },
      );
      await deps.store.transaction((store) =>
        recordTurn(store, prompt, {
          id: randomUUID(),
          text: 'I received 1 message.',
          scans: [],
          usage: { promptTokens: 12, completionTokens: 5 },
        }),
      );
    }
    const used = process.cpuUsage(cpu);
    return { turns, cpuMicros: used.user + used.system, wallMs: performance.now() - started };
  };
}
