import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/test-app.ts';
import { appWithRawRows } from '../helpers/raw-database.ts';
import {
  asUser,
  del,
  expectInsufficientScope,
  expectProblem,
  genericToken,
  get,
  post,
  type Caller,
} from '../helpers/api-requests.ts';
import {
  ask,
  assign,
  chatWorld,
  getConversation,
  text,
  toAgent,
  toConversation,
  upload,
  type ChatWorld,
  type ConversationResponse,
  type FileResponse,
} from '../helpers/chat.ts';

// Issue 11: a user renames a conversation or replaces its metadata (UpdateConversation), and
// deletes it with everything in it (DeleteConversation). Only the owner; any other is 404.

let t: TestApp;
let rows: (table: string) => Promise<Record<string, unknown>[]>;
let world: ChatWorld;

beforeEach(async () => {
  ({ t, rows } = await appWithRawRows());
  world = await chatWorld(t);
});
afterEach(() => t.close());

async function aConversation(
  body: { title?: string; metadata?: Record<string, unknown> } = {},
  caller: Caller = world.user,
): Promise<ConversationResponse> {
  const response = await post(t, caller.token, '/api/Chat/CreateConversation', {
    agentid: world.agent.id,
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  t.clock.advance(60);
  return response.json<ConversationResponse>();
}

async function listed(query = '', caller: Caller = world.user): Promise<ConversationResponse[]> {
  const response = await get(t, caller.token, `/api/Chat/GetConversations?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<ConversationResponse[]>();
}

const update = (body: Record<string, unknown>, caller: Caller = world.user) =>
  post(t, caller.token, '/api/Chat/UpdateConversation', body);

const remove = (id: string, caller: Caller = world.user) =>
  del(t, caller.token, `/api/Chat/DeleteConversation/${id}`);

/** The 404 of a conversation that is not the caller's, exactly as for one that does not exist. */
const absent = (id: string) => `No conversation with id "${id}"`;

describe('UpdateConversation', () => {
  it('renames the conversation, keeping its metadata, time and place in the list', async () => {
    const older = await aConversation({ title: 'Draft', metadata: { project: 'Apollo' } });
    const newer = await aConversation({ title: 'Newer' });

    const response = await update({ conversationId: older.id, title: '  Budget review ' });

    expect(response.statusCode, response.body).toBe(200);
    const renamed = { ...older, title: 'Budget review' };
    expect(response.json()).toEqual(renamed);
    expect(await listed()).toEqual([newer, renamed]);
  });

  it('replaces the metadata as a whole, values kept as text; search finds only the new', async () => {
    const conversation = await aConversation({
      title: 'Review',
      metadata: { project: 'Apollo', phase: 'one' },
    });

    const response = await update({
      conversationId: conversation.id,
      metadata: { project: 'Gemini', year: 2025, draft: false },
    });

    expect(response.statusCode, response.body).toBe(200);
    const replaced = {
      ...conversation,
      metadata: { project: 'Gemini', year: '2025', draft: 'false' },
    };
    expect(response.json()).toEqual(replaced);
    const detail = await getConversation(t, world.user.token, conversation.id);
    expect(detail).toMatchObject(replaced);
    expect(await listed('metadatasearch=gemini')).toEqual([replaced]);
    expect(await listed('metadatasearch=apollo')).toEqual([]);
    expect(await listed('metadatasearch=one')).toEqual([]);
  });

  it('changes title and metadata together; search finds the new title', async () => {
    const conversation = await aConversation({ title: 'Old name', metadata: { a: '1' } });

    const response = await update({
      conversationId: conversation.id,
      title: 'Zeppelin',
      metadata: {},
    });

    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ ...conversation, title: 'Zeppelin', metadata: {} });
    expect((await listed('metadatasearch=zeppelin')).map((c) => c.id)).toEqual([conversation.id]);
    expect(await listed('metadatasearch=old%20name')).toEqual([]);
  });

  it('keeps both of two concurrent changes, one of the title and one of the metadata', async () => {
    const conversation = await aConversation({ title: 'Before', metadata: { k: 'before' } });

    const responses = await Promise.all([
      update({ conversationId: conversation.id, title: 'Title after' }),
      update({ conversationId: conversation.id, metadata: { k: 'metadata after' } }),
    ]);

    expect(responses.map((r) => r.statusCode)).toEqual([200, 200]);
    const detail = await getConversation(t, world.user.token, conversation.id);
    expect(detail).toMatchObject({ title: 'Title after', metadata: { k: 'metadata after' } });
    for (const search of ['title%20after', 'metadata%20after']) {
      expect((await listed(`metadatasearch=${search}`)).map((c) => c.id)).toEqual([
        conversation.id,
      ]);
    }
  });

  it.each([
    ['neither title nor metadata', {}, /title, metadata or both/],
    ['a 201-character title', { title: 't'.repeat(201) }, undefined],
    [
      '51 metadata keys',
      { metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) },
      /at most 50 keys/,
    ],
    ['a nested metadata value', { metadata: { project: { name: 'Apollo' } } }, undefined],
    ['a 1001-character metadata value', { metadata: { k: 'v'.repeat(1001) } }, /1000/],
  ])('answers %s with 400 and changes nothing', async (_case, body, detail) => {
    const conversation = await aConversation({ title: 'Kept', metadata: { kept: 'yes' } });

    expectProblem(await update({ conversationId: conversation.id, ...body }), 400, detail);

    expect(await listed()).toEqual([conversation]);
  });

  it('answers 400 without a conversationId', async () => {
    expectProblem(await update({ title: 'Orphan' }), 400, /conversationId/);
  });

  it("answers 404 for another user's conversation, and for an unknown one", async () => {
    const conversation = await aConversation({ title: 'Mine' });
    const other = await asUser(t);
    await assign(t, world.admin.token, world.agent.id, { userid: other.user.id });

    expectProblem(
      await update({ conversationId: conversation.id, title: 'Theirs' }, other),
      404,
      absent(conversation.id),
    );
    expectProblem(
      await update({ conversationId: 'no-such-conversation', title: 'X' }),
      404,
      absent('no-such-conversation'),
    );

    expect(await listed()).toEqual([conversation]);
  });
});

describe('DeleteConversation', () => {
  /** A conversation with a question, its rated answer and a file sent with the question. */
  async function aFullConversation(caller: Caller = world.user) {
    const conversation = await aConversation({}, caller);
    const file = await upload(t, caller.token, toConversation(conversation.id), [
      text('notes.txt', 'Kept words'),
    ]);
    expect(file.statusCode, file.body).toBe(201);
    const answer = await ask(t, caller.token, {
      agentid: world.agent.id,
      question: 'What do my notes say?',
      conversationId: conversation.id,
    });
    const rated = await post(
      t,
      caller.token,
      `/api/Chat/SubmitFeedback?messageId=${answer.messageId}&rating=4`,
    );
    expect(rated.statusCode, rated.body).toBe(200);
    return { id: conversation.id, fileId: file.json<FileResponse>().id, answer };
  }

  const rowsOf = async (table: string, conversationId: string) =>
    (await rows(table)).filter((row) => row.conversation_id === conversationId);

  it('deletes it with its messages, their feedback and its files: 204, then all is gone', async () => {
    const { user } = world;
    const doomed = await aFullConversation();
    expect(await rowsOf('messages', doomed.id)).toHaveLength(2);
    expect(await rowsOf('files', doomed.id)).toHaveLength(1);

    const response = await remove(doomed.id);

    expect(response.statusCode, response.body).toBe(204);
    expect(response.body).toBe('');
    expect((await rows('conversations')).filter((row) => row.id === doomed.id)).toEqual([]);
    expect(await rowsOf('messages', doomed.id)).toEqual([]);
    expect(await rowsOf('files', doomed.id)).toEqual([]);
    expect(await listed()).toEqual([]);
    expectProblem(await get(t, user.token, `/api/Chat/GetConversation/${doomed.id}`), 404);
    expectProblem(await del(t, user.token, `/api/Chat/DeleteFile/${doomed.fileId}`), 404);
    const rerate = `/api/Chat/SubmitFeedback?messageId=${doomed.answer.messageId}&rating=5`;
    expectProblem(await post(t, user.token, rerate), 404);
    expectProblem(await remove(doomed.id), 404, absent(doomed.id));
  });

  it("leaves the user's other conversations and files for the agent as they were", async () => {
    const { user, agent } = world;
    const kept = await aFullConversation();
    const doomed = await aFullConversation();
    const agentFile = await upload(t, user.token, toAgent(agent.id), [text('a.txt', 'Agent')]);
    expect(agentFile.statusCode, agentFile.body).toBe(201);
    const keptBefore = await getConversation(t, user.token, kept.id);
    const filesBefore = (await rows('files')).filter((row) => row.conversation_id !== doomed.id);

    expect((await remove(doomed.id)).statusCode).toBe(204);

    expect(await getConversation(t, user.token, kept.id)).toEqual(keptBefore);
    expect(await rowsOf('messages', kept.id)).toHaveLength(2);
    expect(await rows('files')).toEqual(filesBefore);
    expect((await listed()).map((c) => c.id)).toEqual([kept.id]);
  });

  it("answers 404 for another user's conversation and leaves it whole", async () => {
    const theirs = await aFullConversation();
    const intruder = await asUser(t);
    await assign(t, world.admin.token, world.agent.id, { userid: intruder.user.id });
    const before = await getConversation(t, world.user.token, theirs.id);

    expectProblem(await remove(theirs.id, intruder), 404, absent(theirs.id));
    expectProblem(await remove(theirs.id, world.admin), 404, absent(theirs.id));

    expect(await getConversation(t, world.user.token, theirs.id)).toEqual(before);
    expect(await rowsOf('files', theirs.id)).toHaveLength(1);
  });

  it('answers 404 for an unknown conversation', async () => {
    expectProblem(await remove('no-such-conversation'), 404, absent('no-such-conversation'));
  });
});

describe('a generic token', () => {
  it('is refused with 403 insufficient_scope by both endpoints', async () => {
    const conversation = await aConversation();
    const token = await genericToken(t);

    expectInsufficientScope(
      await post(t, token, '/api/Chat/UpdateConversation', {
        conversationId: conversation.id,
        title: 'X',
      }),
    );
    expectInsufficientScope(await del(t, token, `/api/Chat/DeleteConversation/${conversation.id}`));
    expect(await listed()).toEqual([conversation]);
  });
});
