import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import {
  asUser,
  del,
  expectInsufficientScope,
  expectProblem,
  expectRoleDenied,
  genericToken,
  get,
  iso,
  post,
  type Caller,
} from '../helpers/api-requests.ts';
import { idsFound, search, searchRequest, seedActivity } from '../helpers/compliance.ts';

// POST /api/Compliance/Search over the activity record (seeded through the store for exact
// control): roles, every filter, full text in two languages, paging, highlights, hostile queries.

let t: TestApp;
let officer: Caller;

beforeEach(async () => {
  t = await createTestApp();
  officer = await asUser(t, ['Compliance']);
});
afterEach(() => t.close());

describe('who may search', () => {
  const routes: [string, (token: string) => ReturnType<typeof get>][] = [
    ['Search', (token) => post(t, token, '/api/Compliance/Search', {})],
    ['ExportSearch', (token) => post(t, token, '/api/Compliance/ExportSearch', {})],
    [
      'GetConversation',
      (token) => get(t, token, '/api/Compliance/GetConversation?conversationId=c'),
    ],
    ['ListSearches', (token) => get(t, token, '/api/Compliance/ListSearches')],
    [
      'CreateSearch',
      (token) => post(t, token, '/api/Compliance/CreateSearch', { name: 'n', criteria: {} }),
    ],
    ['GetSearch', (token) => get(t, token, '/api/Compliance/GetSearch?searchId=s')],
    [
      'UpdateSearch',
      (token) =>
        post(t, token, '/api/Compliance/UpdateSearch?searchId=s', { name: 'n', criteria: {} }),
    ],
    ['DeleteSearch', (token) => del(t, token, '/api/Compliance/DeleteSearch?searchId=s')],
  ];

  it.each(routes)(
    '%s refuses a plain User and a Monitor with 403 naming the role',
    async (_name, call) => {
      for (const roles of [['User'], ['Monitor']] as const) {
        const caller = await asUser(t, [...roles]);
        expectRoleDenied(await call(caller.token), 'Compliance');
      }
    },
  );

  it.each(routes)('%s refuses a generic token', async (_name, call) => {
    expectInsufficientScope(await call(await genericToken(t)));
  });

  it('lets Compliance and CompanyAdmin search', async () => {
    await seedActivity(t, [{ text: 'hello world' }]);
    const admin = await asUser(t, ['CompanyAdmin']);
    for (const caller of [officer, admin]) {
      expect((await search(t, caller.token, {})).results).toHaveLength(1);
    }
  });
});

describe('filters', () => {
  it('finds by user, group (current members), agent, kind, verdict, scanner, finding type, rating and dates', async () => {
    const alice = await asUser(t, ['User'], { name: 'Alice' });
    const bob = await asUser(t, ['User']);
    const carol = await asUser(t, ['User']);
    const now = t.clock.nowSeconds();
    await t.store.groups.insert({ id: 'g1', name: 'Team', description: '', createdAt: now });
    await t.store.groups.addMember('g1', alice.user.id, now);
    await t.store.groups.addMember('g1', carol.user.id, now);
    await t.store.groups.removeMember('g1', carol.user.id);
    const [a1, a2, b1, b2, c1] = await seedActivity(t, [
      { userId: alice.user.id, agentId: 'agent-a', at: now - 3 * 86_400, kind: 'prompt' },
      {
        userId: alice.user.id,
        agentId: 'agent-b',
        at: now - 2 * 86_400,
        kind: 'blocked',
        verdict: 'block',
        scanners: ['secrets'],
        findingTypes: ['Secrets', 'ApiKey'],
      },
      {
        userId: bob.user.id,
        agentId: 'agent-a',
        at: now - 86_400,
        kind: 'answer',
        verdict: 'flag',
        scanners: ['personalInformation'],
        findingTypes: ['Email'],
        feedbackRating: 2,
      },
      { userId: bob.user.id, agentId: 'agent-b', at: now, kind: 'answer', feedbackRating: 5 },
      { userId: carol.user.id, at: now, kind: 'file_upload' },
    ]);
    const find = (body: Record<string, unknown>) => idsFound(t, officer.token, body);
    expect(await find({})).toEqual([c1, b2, b1, a2, a1]);
    expect(await find({ userIds: [alice.user.id] })).toEqual([a2, a1]);
    expect(await find({ userIds: [alice.user.id, bob.user.id] })).toEqual([b2, b1, a2, a1]);
    // Carol left the group: only current members' events.
    expect(await find({ groupIds: ['g1'] })).toEqual([a2, a1]);
    expect(await find({ agentIds: ['agent-a'] })).toEqual([b1, a1]);
    expect(await find({ kinds: ['answer', 'file_upload'] })).toEqual([c1, b2, b1]);
    expect(await find({ verdicts: ['block'] })).toEqual([a2]);
    expect(await find({ verdicts: ['flag', 'block'] })).toEqual([b1, a2]);
    expect(await find({ scanners: ['secrets'] })).toEqual([a2]);
    expect(await find({ scanners: ['personalInformation', 'secrets'] })).toEqual([b1, a2]);
    expect(await find({ findingTypes: ['ApiKey'] })).toEqual([a2]);
    expect(await find({ findingTypes: ['Email', 'Secrets'] })).toEqual([b1, a2]);
    expect(await find({ ratings: [5] })).toEqual([b2]);
    expect(await find({ ratings: [1, 2] })).toEqual([b1]);
    expect(await find({ since: iso(now - 2 * 86_400) })).toEqual([c1, b2, b1, a2]);
    expect(await find({ until: iso(now - 2 * 86_400) })).toEqual([a1]);
    expect(await find({ since: iso(now - 2 * 86_400), until: iso(now) })).toEqual([b1, a2]);
    expect(await find({ userIds: [bob.user.id], agentIds: ['agent-b'] })).toEqual([b2]);
    expect(await find({ userIds: ['nobody'] })).toEqual([]);
  });

  it('answers who and with which agent, and the event’s facts', async () => {
    const alice = await asUser(t, ['User'], { name: 'Alice Adams', email: 'alice@example.com' });
    const [id] = await seedActivity(t, [
      {
        userId: alice.user.id,
        agentId: 'gone-agent',
        conversationId: 'conv-1',
        messageId: 'msg-1',
        engine: 'demo',
        model: 'demo-1',
        clientIp: '203.0.113.7',
        country: 'DE',
        verdict: 'redact',
        scanners: ['personalInformation'],
        findingTypes: ['Email'],
        text: 'write to [EMAIL] today',
      },
    ]);
    const [result] = (await search(t, officer.token, {})).results;
    expect(result).toEqual({
      id,
      at: iso(t.clock.nowSeconds()),
      kind: 'prompt',
      user: { id: alice.user.id, email: 'alice@example.com', name: 'Alice Adams' },
      agent: { id: 'gone-agent', name: null },
      conversationId: 'conv-1',
      messageId: 'msg-1',
      engine: 'demo',
      model: 'demo-1',
      clientIp: '203.0.113.7',
      country: 'DE',
      verdict: 'redact',
      scanners: ['personalInformation'],
      findingTypes: ['Email'],
      feedbackRating: null,
      snippet: { text: 'write to [EMAIL] today', highlights: [] },
    });
  });

  it('refuses since after until, unknown kinds, verdicts and scanners, and bad ratings with 400', async () => {
    for (const body of [
      { since: '2026-01-02T00:00:00Z', until: '2026-01-01T00:00:00Z' },
      { since: 'yesterday' },
      { kinds: ['gossip'] },
      { verdicts: ['maybe'] },
      { scanners: ['nope'] },
      { ratings: [0] },
      { ratings: [6] },
      { userIds: 'alice' },
      { limit: 0 },
      { limit: 101 },
      { text: 'x'.repeat(1001) },
    ]) {
      expectProblem(await searchRequest(t, officer.token, body), 400);
    }
  });
});

describe('full text', () => {
  let ids: Record<string, number>;

  beforeEach(async () => {
    const texts = {
      en: 'Please rotate the API key before the Friday deployment',
      en2: 'The deployment key was pasted into the chat',
      de: 'Die Straße ist wegen Ärger gesperrt; GRÜßE aus München',
      fr: 'Le café était fermé à cause de l’été',
      other: 'Nothing relevant here',
    };
    const seqs = await seedActivity(
      t,
      Object.values(texts).map((text) => ({ text })),
    );
    ids = Object.fromEntries(Object.keys(texts).map((key, i) => [key, seqs[i]!]));
  });

  const find = (text: string) => idsFound(t, officer.token, { text });

  it('ANDs words, in any case', async () => {
    expect(await find('deployment')).toEqual([ids.en2, ids.en]);
    expect(await find('DEPLOYMENT key')).toEqual([ids.en2, ids.en]);
    expect(await find('deployment friday')).toEqual([ids.en]);
    expect(await find('deployment absent')).toEqual([]);
  });

  it('matches German and French words with their accents, in any case', async () => {
    expect(await find('straße')).toEqual([ids.de]);
    expect(await find('ÄRGER')).toEqual([ids.de]);
    expect(await find('grüße münchen')).toEqual([ids.de]);
    expect(await find('café')).toEqual([ids.fr]);
    expect(await find('ÉTÉ')).toEqual([ids.fr]);
  });

  it('matches "phrases" only as words in a row', async () => {
    expect(await find('"api key"')).toEqual([ids.en]);
    expect(await find('"key api"')).toEqual([]);
    expect(await find('"deployment key"')).toEqual([ids.en2]);
    expect(await find('"wegen ärger" gesperrt')).toEqual([ids.de]);
  });

  it('matches a trailing * as a prefix', async () => {
    expect(await find('deploy*')).toEqual([ids.en2, ids.en]);
    expect(await find('deploy')).toEqual([]);
    expect(await find('mün*')).toEqual([ids.de]);
  });

  it('highlights every match in a snippet around the first', async () => {
    const long = `${'filler '.repeat(60)}the secret Token and another TOKEN ${'tail '.repeat(60)}`;
    const [seq] = await seedActivity(t, [{ text: long }]);
    const [result] = (await search(t, officer.token, { text: 'token' })).results;
    expect(result!.id).toBe(seq);
    const { text, highlights } = result!.snippet;
    expect(text.startsWith('…')).toBe(true);
    expect(text.endsWith('…')).toBe(true);
    expect(text.length).toBeLessThan(long.length);
    expect(highlights.map((h) => text.slice(h.start, h.end))).toEqual(['Token', 'TOKEN']);

    const [phrase] = (await search(t, officer.token, { text: '"api key" deploy*' })).results;
    expect(
      phrase!.snippet.highlights.map((h) => phrase!.snippet.text.slice(h.start, h.end)),
    ).toEqual(['API key', 'deployment']);
    const [german] = (await search(t, officer.token, { text: 'STRASSE straße' })).results ?? [];
    expect(german).toBeUndefined();
  });

  it('answers hostile queries with a clean result or a 400, never a 500', async () => {
    const hostile = [
      '"',
      '"""',
      '*',
      '***',
      'AND OR NOT',
      'NEAR(a b)',
      'a OR b',
      '-key',
      'key:*',
      "' or 1=1; drop table activity_events; --",
      'text: key',
      '(key) & !api | <-> :*',
      '\\',
      '\u0000',
      '^key',
      '{key}',
      'é*"',
      '😀',
    ];
    for (const text of hostile) {
      const response = await searchRequest(t, officer.token, { text });
      expect([200, 400], `${text}: ${response.body}`).toContain(response.statusCode);
      if (response.statusCode === 400) {
        expectProblem(response, 400);
      }
    }
    // Operators are words like any other: "and" is searched, not obeyed.
    expect(await find('key AND deployment')).toEqual([]);
    expect(await find('"key" "deployment"')).toEqual([ids.en2, ids.en]);
    expectProblem(
      await searchRequest(t, officer.token, {
        text: Array.from({ length: 100 }, (_, i) => `w${i}`).join(' '),
      }),
      400,
      /at most 32 words/,
    );
    expectProblem(await searchRequest(t, officer.token, { text: 'word '.repeat(200) }), 400);
    // Nothing to search for: every event.
    expect(await find('!!! ,,, ***')).toHaveLength(5);
  });
});

describe('paging', () => {
  it('pages newest first with an opaque cursor, none repeated or skipped', async () => {
    const seqs = await seedActivity(
      t,
      Array.from({ length: 45 }, (_, i) => ({ text: `note number ${i}` })),
    );
    const seen: number[] = [];
    let cursor: string | undefined;
    const sizes: number[] = [];
    do {
      const page = await search(t, officer.token, { text: 'note', limit: 20, cursor });
      sizes.push(page.results.length);
      seen.push(...page.results.map((r) => r.id));
      cursor = page.next ?? undefined;
    } while (cursor);
    expect(sizes).toEqual([20, 20, 5]);
    expect(seen).toEqual([...seqs].reverse());
    // Default page size.
    expect((await search(t, officer.token, {})).results).toHaveLength(20);
    // Events recorded after the first page do not shift the next one.
    const first = await search(t, officer.token, { limit: 10 });
    await seedActivity(t, [{ text: 'note late' }]);
    const second = await search(t, officer.token, { limit: 10, cursor: first.next });
    expect(second.results[0]!.id).toBe(seqs[seqs.length - 11]);
  });

  it('refuses a cursor it did not give with 400', async () => {
    for (const cursor of ['nonsense', '', '!!', Buffer.from('s-1').toString('base64url')]) {
      expectProblem(await searchRequest(t, officer.token, { cursor }), 400);
    }
  });
});

describe('a large record', () => {
  it('finds a rare word, an old date range and a sparse user below the newest 60,000 events', async () => {
    const start = t.clock.nowSeconds() - 100_000;
    const [old] = await seedActivity(t, [
      { at: start, text: 'zanzibar memo', userId: 'rare-user' },
    ]);
    for (let i = 0; i < 60_000; i += 5000) {
      await seedActivity(
        t,
        Array.from({ length: 5000 }, (_, k) => ({ at: start + 10 + i + k, text: 'routine note' })),
      );
    }
    const [recent] = await seedActivity(t, [{ text: 'zanzibar again', userId: 'rare-user' }]);
    expect(await idsFound(t, officer.token, { text: 'zanzibar' })).toEqual([recent, old]);
    expect(await idsFound(t, officer.token, { until: iso(start + 1) })).toEqual([old]);
    expect(await idsFound(t, officer.token, { userIds: ['rare-user'] })).toEqual([recent, old]);
    const first = await search(t, officer.token, { text: 'zanzibar', limit: 1 });
    const second = await search(t, officer.token, {
      text: 'zanzibar',
      limit: 1,
      cursor: first.next,
    });
    expect([...first.results, ...second.results].map((r) => r.id)).toEqual([recent, old]);
    expect(second.next).toBeNull();
  }, 300_000);
});
