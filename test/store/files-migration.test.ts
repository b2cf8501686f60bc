import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.ts';
import { migrateTo } from '../helpers/migrate-to.ts';
import { sharedDatabase, type IsolatedDatabase } from '../helpers/test-store.ts';
import { openTestApp, type TestApp } from '../helpers/test-app.ts';
import { clientOf, del, get, post, iso } from '../helpers/api-requests.ts';
import { getToken } from '../helpers/oauth-flow.ts';
import { answerWith, type ConversationDetail } from '../helpers/chat.ts';
import { startFakeProvider, type FakeProvider } from '../helpers/fake-providers/fake-server.ts';

// Migration 0005 rebuilds the files table so that an agent's files can be shared. Files stored
// before it (a conversation's, sent with a question, and a user's own for an agent) must come
// through it whole, on both databases, and keep working as before.

const NOW = 1_700_000_000;
const USER = 'user-before-0005';
const AGENT = 'agent-before-0005';
const CONVERSATION = 'conversation-before-0005';
const QUESTION = 'message-before-0005';

let database: IsolatedDatabase | undefined;
let t: TestApp | undefined;
let fake: FakeProvider | undefined;

afterEach(async () => {
  await t?.close();
  await fake?.close();
  await database?.drop();
  t = fake = database = undefined;
});

/** A database migrated up to 0004 only, holding a user, an agent, a conversation and files. */
async function databaseBefore0005(providerOrigin: string): Promise<IsolatedDatabase> {
  const created = await sharedDatabase();
  const opened = openDatabase(created.url, { searchPath: created.searchPath });
  const { db } = opened;
  try {
    await migrateTo(opened, '0004-chat');
    const at = { createdAt: NOW };
    await db
      .insertInto('users')
      .values({
        id: USER,
        email: 'old@example.com',
        emailNormalized: 'old@example.com',
        name: 'Old',
        roles: '["User"]',
        ...at,
        disabledAt: null,
      })
      .execute();
    await db
      .insertInto('agents')
      .values({
        id: AGENT,
        name: 'Old agent',
        nameNormalized: 'old agent',
        description: '',
        engine: 'llama',
        model: 'fake-model',
        endpoint: `${providerOrigin}/v1`,
        region: null,
        apiKeyEncrypted: null,
        apiKeyLast4: null,
        useUserKey: 0,
        systemPrompt: 'Be brief.',
        temperature: null,
        maxMessages: 20,
        maxOutputTokens: null,
        ...at,
        updatedAt: NOW,
      })
      .execute();
    await db
      .insertInto('agentUserAssignments')
      .values({ agentId: AGENT, userId: USER, assignedAt: NOW })
      .execute();
    await db
      .insertInto('conversations')
      .values({
        id: CONVERSATION,
        userId: USER,
        agentId: AGENT,
        title: 'Old conversation',
        metadata: '{}',
        searchText: 'old conversation',
        ...at,
        updatedAt: NOW,
      })
      .execute();
    await db
      .insertInto('messages')
      .values({
        id: QUESTION,
        conversationId: CONVERSATION,
        position: 1,
        role: 'user',
        content: 'What does the memo say?',
        ...at,
        userId: USER,
        agentId: AGENT,
        engine: null,
        model: null,
        promptTokens: null,
        completionTokens: null,
        feedbackRating: null,
        feedbackComment: null,
        feedbackAt: null,
      })
      .execute();
    const file = { userId: USER, mediaType: 'text/plain', sizeBytes: 6, ...at };
    await db
      .insertInto('files')
      .values([
        {
          ...file,
          id: 'conversation-file',
          conversationId: CONVERSATION,
          agentId: null,
          messageId: QUESTION,
          name: 'memo.txt',
          text: 'Kakapo',
        },
        {
          ...file,
          id: 'agent-file',
          conversationId: null,
          agentId: AGENT,
          messageId: null,
          name: 'own.txt',
          text: 'Tuatara',
        },
      ])
      .execute();
  } finally {
    await opened.close();
  }
  return created;
}

/** Each file's uploaded_by, read beside the app: the user who owned it before 0005. */
async function uploaders(at: IsolatedDatabase): Promise<Record<string, string | null>> {
  const opened = openDatabase(at.url, { searchPath: at.searchPath });
  try {
    const rows = await opened.db.selectFrom('files').select(['id', 'uploadedBy']).execute();
    return Object.fromEntries(rows.map((row) => [row.id, row.uploadedBy]));
  } finally {
    await opened.close();
  }
}

describe('migration 0005 (shared agent files)', () => {
  it('keeps the files stored before it: read by the model, listed, deletable', async () => {
    fake = await startFakeProvider();
    answerWith(fake, ['Noted.']);
    database = await databaseBefore0005(fake.origin);

    t = await openTestApp(database);
    const token = await getToken(t, await clientOf(t), { userid: USER });
    expect(await uploaders(database)).toEqual({ 'agent-file': USER, 'conversation-file': USER });

    const detail = await get(t, token, `/api/Chat/GetConversation/${CONVERSATION}`);
    expect(detail.statusCode, detail.body).toBe(200);
    const { files, messages } = detail.json<ConversationDetail>();
    expect(files.map((f) => [f.id, f.messageId])).toEqual([['conversation-file', QUESTION]]);
    expect(messages[0]?.files.map((f) => f.name)).toEqual(['memo.txt']);

    const listed = await get(t, token, `/api/Agents/ListAgentFiles/${AGENT}`);
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json()).toEqual([
      {
        id: 'agent-file',
        name: 'own.txt',
        mediaType: 'text/plain',
        sizeBytes: 6,
        conversationId: null,
        agentId: AGENT,
        messageId: null,
        createdAt: iso(NOW),
        userId: USER,
        shared: false,
      },
    ]);

    const asked = await post(t, token, '/api/Chat/AskAgent', {
      agentid: AGENT,
      conversationId: CONVERSATION,
      question: 'And now?',
    });
    expect(asked.statusCode, asked.body).toBe(200);
    const system = JSON.stringify(fake.requests.at(-1)?.json);
    expect(system).toContain('Kakapo');
    expect(system).toContain('Tuatara');

    const deleted = await del(t, token, '/api/Chat/DeleteFile/agent-file');
    expect(deleted.statusCode, deleted.body).toBe(204);
    const after = await get(t, token, `/api/Agents/ListAgentFiles/${AGENT}`);
    expect(after.json()).toEqual([]);
  });
});
