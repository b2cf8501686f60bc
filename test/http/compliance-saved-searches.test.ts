import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { asUser, del, expectProblem, get, post, type Caller } from '../helpers/api-requests.ts';
import { idsFound, search, seedActivity } from '../helpers/compliance.ts';

// Saved searches (shared by every compliance reader, changed only by their author or a
// CompanyAdmin) and GET /api/Compliance/GetConversation (a conversation's whole record, audited).

interface SavedSearch {
  id: string;
  name: string;
  criteria: Record<string, unknown>;
  ownerId: string;
  createdAt: string;
  updatedAt: string;
}

let t: TestApp;
let officer: Caller;

beforeEach(async () => {
  t = await createTestApp();
  officer = await asUser(t, ['Compliance']);
});
afterEach(() => t.close());

async function auditEvents(event: string) {
  const admin = await asUser(t, ['CompanyAdmin']);
  const response = await get(t, admin.token, `/api/Logs/ListLogs?event=${event}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ userId: string; details: Record<string, unknown> }[]>();
}

describe('saved searches', () => {
  const criteria = { text: '"api key"', findingTypes: ['Secrets'], verdicts: ['block'] };

  it('are created, listed, read, run, updated and deleted; each change audited', async () => {
    const created = await post(t, officer.token, '/api/Compliance/CreateSearch', {
      name: '  Leaked keys ',
      criteria,
    });
    expect(created.statusCode, created.body).toBe(201);
    const saved = created.json<SavedSearch>();
    expect(saved).toMatchObject({ name: 'Leaked keys', criteria, ownerId: officer.user.id });

    // Shared: another compliance reader sees it and runs its criteria.
    const colleague = await asUser(t, ['Compliance']);
    const listed = await get(t, colleague.token, '/api/Compliance/ListSearches');
    expect(listed.json<SavedSearch[]>()).toEqual([saved]);
    const read = await get(t, colleague.token, `/api/Compliance/GetSearch?searchId=${saved.id}`);
    expect(read.json<SavedSearch>()).toEqual(saved);
    const [hit] = await seedActivity(t, [
      {
        text: 'my API key is [SECRET]',
        verdict: 'block',
        kind: 'blocked',
        scanners: ['secrets'],
        findingTypes: ['Secrets'],
      },
      { text: 'my API key is fine' },
    ]);
    expect(await idsFound(t, colleague.token, read.json<SavedSearch>().criteria)).toEqual([hit]);

    t.clock.advance(5);
    const updated = await post(
      t,
      officer.token,
      `/api/Compliance/UpdateSearch?searchId=${saved.id}`,
      {
        name: 'Keys',
        criteria: { kinds: ['blocked'] },
      },
    );
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json<SavedSearch>()).toMatchObject({
      name: 'Keys',
      criteria: { kinds: ['blocked'] },
    });
    expect(updated.json<SavedSearch>().updatedAt > saved.updatedAt).toBe(true);

    const deleted = await del(
      t,
      officer.token,
      `/api/Compliance/DeleteSearch?searchId=${saved.id}`,
    );
    expect(deleted.statusCode, deleted.body).toBe(204);
    expect((await get(t, officer.token, '/api/Compliance/ListSearches')).json()).toEqual([]);
    expectProblem(
      await get(t, officer.token, `/api/Compliance/GetSearch?searchId=${saved.id}`),
      404,
    );

    for (const event of [
      'compliance_search_saved',
      'compliance_search_updated',
      'compliance_search_deleted',
    ]) {
      expect(await auditEvents(event)).toEqual([
        expect.objectContaining({ userId: officer.user.id, details: { searchId: saved.id } }),
      ]);
    }
  });

  it('are changed only by their author or a CompanyAdmin', async () => {
    const saved = (
      await post(t, officer.token, '/api/Compliance/CreateSearch', { name: 'Mine', criteria: {} })
    ).json<SavedSearch>();
    const colleague = await asUser(t, ['Compliance']);
    const change = { name: 'Theirs', criteria: {} };
    expectProblem(
      await post(t, colleague.token, `/api/Compliance/UpdateSearch?searchId=${saved.id}`, change),
      403,
    );
    expectProblem(
      await del(t, colleague.token, `/api/Compliance/DeleteSearch?searchId=${saved.id}`),
      403,
    );
    const admin = await asUser(t, ['CompanyAdmin']);
    const byAdmin = await post(
      t,
      admin.token,
      `/api/Compliance/UpdateSearch?searchId=${saved.id}`,
      change,
    );
    expect(byAdmin.statusCode, byAdmin.body).toBe(200);
    expect(
      (await del(t, admin.token, `/api/Compliance/DeleteSearch?searchId=${saved.id}`)).statusCode,
    ).toBe(204);
  });

  it('refuses bad names and criteria with 400 and unknown ids with 404', async () => {
    for (const body of [
      {},
      { name: '', criteria: {} },
      { name: '   ', criteria: {} },
      { name: 'x'.repeat(101), criteria: {} },
      { name: 'n' },
      { name: 'n', criteria: { kinds: ['gossip'] } },
      { name: 'n', criteria: { since: '2026-02-01T00:00:00Z', until: '2026-01-01T00:00:00Z' } },
      { name: 'n', criteria: { text: Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ') } },
    ]) {
      expectProblem(await post(t, officer.token, '/api/Compliance/CreateSearch', body), 400);
    }
    const change = { name: 'n', criteria: {} };
    expectProblem(
      await post(t, officer.token, '/api/Compliance/UpdateSearch?searchId=nope', change),
      404,
    );
    expectProblem(await del(t, officer.token, '/api/Compliance/DeleteSearch?searchId=nope'), 404);
    expectProblem(await get(t, officer.token, '/api/Compliance/GetSearch'), 400);
  });
});

describe('a conversation opened from a result', () => {
  it('shows all its activity in order, blocked attempts included, and the reading is audited', async () => {
    const owner = await asUser(t, ['User']);
    const [prompt, blocked, answer] = await seedActivity(t, [
      { userId: owner.user.id, conversationId: 'conv-9', text: 'first question' },
      {
        userId: owner.user.id,
        conversationId: 'conv-9',
        kind: 'blocked',
        verdict: 'block',
        text: 'key [SECRET]',
      },
      { userId: owner.user.id, conversationId: 'conv-9', kind: 'answer', text: 'an answer' },
      { userId: owner.user.id, conversationId: 'other', text: 'elsewhere' },
    ]);
    const response = await get(
      t,
      officer.token,
      '/api/Compliance/GetConversation?conversationId=conv-9',
    );
    expect(response.statusCode, response.body).toBe(200);
    const view = response.json<{
      title: string | null;
      ownerId: string;
      events: { id: number; kind: string; text: string }[];
    }>();
    // The conversation itself is gone (never stored here): its record remains.
    expect(view.title).toBeNull();
    expect(view.ownerId).toBe(owner.user.id);
    expect(view.events.map((e) => [e.id, e.kind, e.text])).toEqual([
      [prompt, 'prompt', 'first question'],
      [blocked, 'blocked', 'key [SECRET]'],
      [answer, 'answer', 'an answer'],
    ]);
    expect(await auditEvents('compliance_conversation_viewed')).toEqual([
      expect.objectContaining({
        userId: officer.user.id,
        details: { conversationId: 'conv-9', ownerId: owner.user.id },
      }),
    ]);
    const [result] = (await search(t, officer.token, { text: 'secret' })).results;
    expect(result!.conversationId).toBe('conv-9');
  });

  it('is 404 when nothing was recorded for it, and 400 without an id', async () => {
    expectProblem(
      await get(t, officer.token, '/api/Compliance/GetConversation?conversationId=none'),
      404,
    );
    expectProblem(await get(t, officer.token, '/api/Compliance/GetConversation'), 400);
    expect(await auditEvents('compliance_conversation_viewed')).toEqual([]);
  });
});
