import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { asUser, get, post, type Caller } from '../helpers/api-requests.ts';
import { ask, chatWorld, type ChatWorld } from '../helpers/chat.ts';
import { TEXTS } from '../helpers/scanners.ts';
import { search } from '../helpers/compliance.ts';

// END TO END: activity recorded by real chat turns (demo engine, default scanners) is what
// compliance finds: an answered turn, a blocked prompt by its finding type, and the conversation.

let t: TestApp;
let world: ChatWorld;
let officer: Caller;

beforeEach(async () => {
  t = await createTestApp();
  world = await chatWorld(t);
  officer = await asUser(t, ['Compliance']);
});
afterEach(() => t.close());

describe('compliance over real chat turns', () => {
  it('finds a blocked prompt by its finding type, redacted, and opens an answered conversation', async () => {
    const turn = await ask(t, world.user.token, {
      agentid: world.agent.id,
      question: 'How do quarterly forecasts work?',
    });
    const blocked = await post(t, world.user.token, '/api/Chat/AskAgent', {
      agentid: world.agent.id,
      question: `Deploy with ${TEXTS.githubToken} please`,
    });
    expect(blocked.statusCode, blocked.body).toBe(422);

    const { results } = await search(t, officer.token, { findingTypes: ['apiKey'] });
    expect(results).toHaveLength(1);
    const [hit] = results;
    expect(hit).toMatchObject({
      kind: 'blocked',
      verdict: 'block',
      scanners: ['secrets'],
      user: { id: world.user.user.id, email: world.user.user.email },
      agent: { id: world.agent.id, name: world.agent.name },
    });
    expect(hit!.snippet.text).not.toContain(TEXTS.githubToken);
    const byText = await search(t, officer.token, { text: 'deploy', kinds: ['blocked'] });
    expect(byText.results.map((r) => r.id)).toEqual([hit!.id]);

    const forecasts = await search(t, officer.token, { text: 'quarterly forecasts' });
    const prompt = forecasts.results.find((r) => r.kind === 'prompt');
    expect(prompt?.conversationId).toBe(turn.conversationId);
    const view = await get(
      t,
      officer.token,
      `/api/Compliance/GetConversation?conversationId=${turn.conversationId}`,
    );
    expect(view.statusCode, view.body).toBe(200);
    const body = view.json<{ title: string | null; ownerId: string; events: { kind: string }[] }>();
    expect(body.ownerId).toBe(world.user.user.id);
    expect(body.title).toEqual(expect.any(String));
    expect(body.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['prompt', 'answer']));
  });
});
