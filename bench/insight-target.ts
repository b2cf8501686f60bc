import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../src/app.ts';
import { promptEvent, recordTurn } from '../src/activity/record-turn.ts';
import { adminWithDemoAgent } from './demo-agent.ts';
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
  const { token, agentId, userId } = await adminWithDemoAgent(app, deps, oauth, {
    email: 'bench-insight@example.com',
    name: 'Benchmark insight reader',
    agentName: 'Benchmark demo agent',
  });
  const assigned = await app.inject({
    method: 'POST',
    url: '/api/Agents/AssignAgent',
    headers: { authorization: `Bearer ${token}` },
    payload: { agentid: agentId, userid: userId },
  });
  if (assigned.statusCode !== 204) {
    throw new Error(`AssignAgent answered ${assigned.statusCode}: ${assigned.body}`);
  }
  return { token, agentId, userId };
}

type Actor = { userId: string; agent: { id: string; engine: string; model: string } };

/**
 * Stores one turn as AskAgent's last step does, in one transaction: the conversation, the
 * question and the answer, and (`recorded`) the turn's activity: the prompt event with its
 * country lookup, the answer priced at the model's price, their findings, daily sums and queue
 * rows.
 */
async function storeTurn(deps: AppDeps, actor: Actor, recorded: boolean): Promise<void> {
  const now = deps.clock.nowSeconds();
  const conversationId = randomUUID();
  const common = {
    conversationId,
    createdAt: now,
    userId: actor.userId,
    agentId: actor.agent.id,
    feedback: null,
    scans: [],
    toolCalls: null,
  };
  const question = {
    ...common,
    id: randomUUID(),
    role: 'user' as const,
    content: INSIGHT_QUESTION,
    engine: null,
    model: null,
    promptTokens: null,
    completionTokens: null,
  };
  const usage = { promptTokens: 12, completionTokens: 5 };
  const answer = {
    ...common,
    id: randomUUID(),
    role: 'assistant' as const,
    content: 'I received 1 message.',
    engine: actor.agent.engine,
    model: actor.agent.model,
    ...usage,
  };
  const prompt = await promptEvent(
    now,
    { ...actor, conversationId, clientIp: CLIENT_IP },
    { id: question.id, text: question.content, scans: [] },
  );
  await deps.store.transaction(async (store) => {
    await store.conversations.insert({
      id: conversationId,
      userId: actor.userId,
      agentId: actor.agent.id,
      title: INSIGHT_QUESTION,
      metadata: {},
      createdAt: now,
      updatedAt: now,
    });
    await store.messages.append(conversationId, [question, answer], now);
    if (recorded) {
      await recordTurn(store, prompt, { id: answer.id, text: answer.content, scans: [], usage });
    }
  });
}

async function storeTurns(deps: AppDeps, actor: Actor, turns: number, recorded: boolean) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let turn = 0; turn < turns; turn += 1) {
    await storeTurn(deps, actor, recorded);
  }
  const used = process.cpuUsage(cpu);
  return { cpuMicros: used.user + used.system, wallMs: performance.now() - started };
}

/**
 * What recording adds to storing a turn: `turns` turns stored with their activity, then as many
 * without, one after the other, the difference of their CPU and wall time. So the cost is the
 * recording's alone, its statements sharing the turn's transaction and commit as in AskAgent.
 */
export function turnRecorder(
  deps: AppDeps,
  actor: Actor,
): (turns: number) => Promise<RecordingCost> {
  return async (turns) => {
    const recorded = await storeTurns(deps, actor, turns, true);
    const bare = await storeTurns(deps, actor, turns, false);
    return {
      turns,
      cpuMicros: recorded.cpuMicros - bare.cpuMicros,
      wallMs: recorded.wallMs - bare.wallMs,
    };
  };
}
