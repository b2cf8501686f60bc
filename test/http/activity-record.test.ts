import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { asUser, expectProblem, del, get, post, type Caller } from '../helpers/api-requests.ts';
import { purgeExpired } from '../../src/maintenance/purge.ts';
import {
  anAgent,
  answerWith,
  ask,
  fakeLlamaAgent,
  text,
  toConversation,
  upload,
  userWithAgent,
} from '../helpers/chat.ts';
import { startFakeProvider, type FakeProvider } from '../helpers/fake-providers/fake-server.ts';
import { setDefaults, TEXTS } from '../helpers/scanners.ts';
import { recordedActivity } from '../helpers/recorded-activity.ts';

// The activity record as the chat writes it, through the real app, on both stores.

let t: TestApp;
let fake: FakeProvider;
let admin: Caller;

beforeAll(async () => {
  t = await createTestApp();
  fake = await startFakeProvider();
  admin = await asUser(t, ['CompanyAdmin']);
});
afterAll(async () => {
  await t.close();
  await fake.close();
});

const world = (agentBody: Record<string, unknown> = {}) => userWithAgent(t, admin.token, agentBody);

async function eventsOf(userId: string) {
  return (await recordedActivity(t)).filter((event) => event.userId === userId);
}

describe('a turn', () => {
  it('records its prompt and answer with who, where, agent, model, tokens and message ids', async () => {
    const { user, agent } = await world();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/Chat/AskAgent',
      headers: { authorization: `Bearer ${user.token}` },
      payload: { agentid: agent.id, question: 'Where is the moon?' },
      remoteAddress: '8.8.8.8',
    });
    expect(response.statusCode, response.body).toBe(200);
    const answer = response.json<{
      conversationId: string;
      messageId: string;
      usage: { promptTokens: number; completionTokens: number };
    }>();
    const [prompt, recorded, ...rest] = await eventsOf(user.user.id);
    expect(rest).toEqual([]);
    const common = {
      at: t.clock.nowSeconds(),
      userId: user.user.id,
      agentId: agent.id,
      conversationId: answer.conversationId,
      engine: 'demo',
      model: 'demo',
      clientIp: '8.8.8.8',
      country: 'US',
      verdict: 'pass',
      scanners: [],
      findingTypes: [],
    };
    expect(prompt).toMatchObject({
      ...common,
      kind: 'prompt',
      text: 'Where is the moon?',
      messageId: expect.any(String),
    });
    expect(prompt?.messageId).not.toBe(answer.messageId);
    expect(recorded).toMatchObject({
      ...common,
      kind: 'answer',
      messageId: answer.messageId,
      promptTokens: answer.usage.promptTokens,
      completionTokens: answer.usage.completionTokens,
      costMicros: null,
    });
  });

  it('records a redacted prompt as stored, with its verdict and finding types; loopback has no country', async () => {
    const { user, agent } = await world();
    await ask(t, user.token, { agentid: agent.id, question: `Mail ${TEXTS.email} please` });
    const [prompt] = await eventsOf(user.user.id);
    expect(prompt).toMatchObject({
      kind: 'prompt',
      verdict: 'redact',
      scanners: ['personalInformation'],
      findingTypes: ['email'],
      country: null,
    });
    expect(prompt?.text).not.toContain(TEXTS.email);
  });

  it('that fails at the provider records no prompt or answer, only the provider error', async () => {
    const { user, agent } = await world({
      engine: 'llama',
      model: 'down',
      endpoint: 'http://127.0.0.1:1/v1',
    });
    const response = await post(t, user.token, '/api/Chat/AskAgent', {
      agentid: agent.id,
      question: 'Anyone there?',
    });
    expect(response.statusCode).toBeGreaterThanOrEqual(500);
    expect(await eventsOf(user.user.id)).toEqual([
      expect.objectContaining({
        kind: 'provider_error',
        agentId: agent.id,
        engine: 'llama',
        model: 'down',
        messageId: null,
        details: expect.objectContaining({ kind: expect.any(String), message: expect.any(String) }),
      }),
    ]);
  });
});

describe('blocked texts', () => {
  it('a blocked prompt is recorded redacted with its direction, and no prompt event', async () => {
    const { user, agent } = await world();
    const response = await post(t, user.token, '/api/Chat/AskAgent', {
      agentid: agent.id,
      question: `Deploy with ${TEXTS.githubToken}`,
    });
    expect(response.statusCode).toBe(422);
    const events = await eventsOf(user.user.id);
    expect(events).toEqual([
      expect.objectContaining({
        kind: 'blocked',
        verdict: 'block',
        scanners: ['secrets'],
        findingTypes: expect.arrayContaining(['apiKey']),
        details: { direction: 'prompt' },
        messageId: null,
      }),
    ]);
    expect(events[0]?.text).not.toContain(TEXTS.githubToken);
    expect(events[0]?.text).toContain('[API_KEY_1]');
  });

  it('a blocked answer records the prompt that reached the model, then the block', async () => {
    const { user, agent } = await world(
      fakeLlamaAgent(fake, { scanners: { secrets: { directions: ['prompt', 'answer'] } } }),
    );
    answerWith(fake, [`Use ${TEXTS.githubToken}`]);
    const response = await post(t, user.token, '/api/Chat/AskAgent', {
      agentid: agent.id,
      question: 'What is the token?',
    });
    expect(response.statusCode).toBe(422);
    const events = await eventsOf(user.user.id);
    expect(events).toMatchObject([
      { kind: 'prompt', text: 'What is the token?', messageId: null },
      { kind: 'blocked', verdict: 'block', details: { direction: 'answer' } },
    ]);
    expect(events[1]?.text).not.toContain(TEXTS.githubToken);
  });
});

describe('other events', () => {
  it('file upload, feedback and deletion of a conversation', async () => {
    const { user, agent } = await world();
    const answer = await ask(t, user.token, { agentid: agent.id, question: 'Hi' });
    const uploaded = await upload(t, user.token, toConversation(answer.conversationId), [
      text('notes.txt', 'The plan is simple.'),
    ]);
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const rated = await post(
      t,
      user.token,
      `/api/Chat/SubmitFeedback?messageId=${answer.messageId}&rating=2&comment=Too%20short`,
    );
    expect(rated.statusCode, rated.body).toBe(200);
    const deleted = await del(
      t,
      user.token,
      `/api/Chat/DeleteConversation/${answer.conversationId}`,
    );
    expect(deleted.statusCode).toBe(204);

    const events = await eventsOf(user.user.id);
    expect(events.map((event) => event.kind)).toEqual([
      'prompt',
      'answer',
      'file_upload',
      'feedback',
      'conversation_deleted',
    ]);
    const [, recordedAnswer, file, feedback, gone] = events;
    expect(recordedAnswer?.feedbackRating).toBe(2);
    expect(file).toMatchObject({
      agentId: agent.id,
      conversationId: answer.conversationId,
      text: 'The plan is simple.',
      details: {
        name: 'notes.txt',
        mediaType: 'text/plain',
        sizeBytes: 19,
        fileId: expect.any(String),
      },
    });
    expect(feedback).toMatchObject({
      messageId: answer.messageId,
      feedbackRating: 2,
      text: 'Too short',
    });
    expect(gone).toMatchObject({ conversationId: answer.conversationId, agentId: agent.id });
  });

  it('settings changes name the fields, never the values', async () => {
    const agent = await anAgent(t, admin.token, { apiKey: 'sk-secret-value-1234' });
    const updated = await post(t, admin.token, '/api/Agents/UpdateAgent', {
      agentId: agent.id,
      temperature: 0.3,
      apiKey: 'sk-other-secret-5678',
    });
    expect(updated.statusCode, updated.body).toBe(200);
    await setDefaults(t, admin.token, { secrets: { action: 'block' } });
    expect((await del(t, admin.token, `/api/Agents/DeleteAgent/${agent.id}`)).statusCode).toBe(204);

    const events = (await eventsOf(admin.user.id)).filter(
      (e) =>
        e.kind === 'settings_changed' &&
        (e.agentId === agent.id || e.details['setting'] === 'scannerDefaults'),
    );
    expect(events.map((event) => event.details)).toEqual([
      { setting: 'agent', action: 'created', fields: expect.arrayContaining(['apiKey', 'name']) },
      { setting: 'agent', action: 'updated', fields: ['temperature', 'apiKey'] },
      { setting: 'scannerDefaults', action: 'updated', fields: ['secrets'] },
      { setting: 'agent', action: 'deleted', fields: [] },
    ]);
    expect(JSON.stringify(events)).not.toMatch(/sk-secret|sk-other/);
  });
});

describe('retention', () => {
  const settings = (body: Record<string, unknown>) =>
    t.app.inject({
      method: 'PUT',
      url: '/api/Company/Settings',
      headers: { authorization: `Bearer ${admin.token}` },
      payload: body,
    });

  it('is a company setting the maintenance purge applies; null keeps everything', async () => {
    const before = await get(t, admin.token, '/api/Company/Settings');
    expect(before.json()).toMatchObject({ activityRetentionDays: null });
    const { user, agent } = await world();
    await ask(t, user.token, { agentid: agent.id, question: 'Old news' });
    t.clock.advance(3 * 86_400);
    admin = await asUser(t, ['CompanyAdmin']);
    const fresh = await world();
    await ask(t, fresh.user.token, { agentid: fresh.agent.id, question: 'New news' });
    expect((await purgeExpired(t.store, t.clock, t.config)).activity).toBe(0);

    const set = await settings({ activityRetentionDays: 2 });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ activityRetentionDays: 2 });
    expect((await purgeExpired(t.store, t.clock, t.config)).activity).toBeGreaterThanOrEqual(2);
    expect(await eventsOf(user.user.id)).toEqual([]);
    expect(await eventsOf(fresh.user.user.id)).toHaveLength(2);

    expect((await settings({ activityRetentionDays: null })).json()).toMatchObject({
      activityRetentionDays: null,
    });
    for (const bad of [0, 1.5, 'x', 40_000]) {
      expectProblem(await settings({ activityRetentionDays: bad }), 400);
    }
  });

  it("keeps a held conversation's events, and every event while a search hold stands", async () => {
    const { user, agent } = await world();
    const held = await ask(t, user.token, { agentid: agent.id, question: 'Held news' });
    await ask(t, user.token, { agentid: agent.id, question: 'Unheld news' });
    const placeHold = async (body: Record<string, unknown>) => {
      const placed = await post(t, admin.token, '/api/Compliance/PlaceHold', body);
      expect(placed.statusCode, placed.body).toBe(201);
      return placed.json<{ id: string }>().id;
    };
    const listed = await placeHold({ name: 'Listed', conversationIds: [held.conversationId] });
    const search = await post(t, admin.token, '/api/Compliance/CreateSearch', {
      name: 'Any news',
      criteria: { text: 'news' },
    });
    const bySearch = await placeHold({
      name: 'Search',
      searchId: search.json<{ id: string }>().id,
    });
    t.clock.advance(3 * 86_400);
    admin = await asUser(t, ['CompanyAdmin']);
    expect((await settings({ activityRetentionDays: 2 })).statusCode).toBe(200);
    const conversationsOf = async () =>
      new Set((await eventsOf(user.user.id)).map((event) => event.conversationId));

    expect((await purgeExpired(t.store, t.clock, t.config)).activity).toBe(0);
    expect((await conversationsOf()).size).toBe(2);
    const release = (holdId: string) =>
      del(t, admin.token, `/api/Compliance/ReleaseHold?holdId=${holdId}`);
    expect((await release(bySearch)).statusCode).toBe(204);
    expect((await purgeExpired(t.store, t.clock, t.config)).activity).toBeGreaterThan(0);
    expect([...(await conversationsOf())]).toEqual([held.conversationId]);
    expect((await release(listed)).statusCode).toBe(204);
    await purgeExpired(t.store, t.clock, t.config);
    expect(await eventsOf(user.user.id)).toEqual([]);
    await settings({ activityRetentionDays: null });
  });
});
