import { afterEach, expect, it } from 'vitest';
import { openStore } from '../../src/store/kysely-store.ts';
import type { Store } from '../../src/store/store.ts';
import type { MessageRecord } from '../../src/store/chat-store.ts';
import { isPostgres, sharedDatabase } from '../helpers/test-store.ts';

// MessageRepository.append numbers a conversation's messages 1, 2, …: two servers appending to
// one conversation at once (two connections on PostgreSQL) must neither collide nor interleave a turn.

const NOW = 1_700_000_000;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup();
  }
});

/**
 * Two connections on PostgreSQL. On SQLite, one: better-sqlite3 waits for a lock synchronously,
 * so two connections in one process would wait on each other (two processes do not); one
 * store's concurrent transactions are what a SQLite server sees.
 */
async function twoStores(): Promise<[Store, Store]> {
  const database = await sharedDatabase();
  cleanups.push(() => database.drop());
  const open = async () => {
    const store = await openStore(database.url, { searchPath: database.searchPath });
    cleanups.push(() => store.close());
    return store;
  };
  const first = await open();
  return [first, isPostgres ? await open() : first];
}

function turn(conversationId: string, label: string): MessageRecord[] {
  const message = (role: 'user' | 'assistant'): MessageRecord => ({
    id: `${label}-${role}`,
    conversationId,
    role,
    content: `${label} ${role}`,
    scans: null,
    toolCalls: null,
    createdAt: NOW,
    userId: 'u1',
    agentId: null,
    engine: null,
    model: null,
    promptTokens: null,
    completionTokens: null,
    feedback: null,
  });
  return [message('user'), message('assistant')];
}

it('keeps every turn whole and in one numbering when two connections append at once', async () => {
  const [a, b] = await twoStores();
  await a.users.insert({
    id: 'u1',
    email: 'u1@example.com',
    name: 'U',
    roles: ['User'],
    createdAt: NOW,
    disabledAt: null,
  });
  const conversation = {
    id: 'c1',
    userId: 'u1',
    agentId: null,
    title: 't',
    metadata: {},
    createdAt: NOW,
    updatedAt: NOW,
  };
  await a.conversations.insert(conversation);

  const labels = Array.from({ length: 12 }, (_, i) => `turn${i}`);
  await Promise.all(
    labels.map((label, i) =>
      (i % 2 === 0 ? a : b).messages.append('c1', turn('c1', label), NOW + i),
    ),
  );

  const messages = await b.messages.list('c1');
  expect(messages).toHaveLength(24);
  // Each question is directly followed by its own answer.
  for (let i = 0; i < messages.length; i += 2) {
    const label = messages[i]?.content.split(' ')[0];
    expect(messages[i]?.content).toBe(`${label} user`);
    expect(messages[i + 1]?.content).toBe(`${label} assistant`);
  }
  expect(new Set(messages.map((m) => m.id)).size).toBe(24);
  expect(await a.messages.latest('c1', 3)).toEqual(messages.slice(-3));
});
