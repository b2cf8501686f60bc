import { describe, expect, it } from 'vitest';
import {
  asUser,
  del,
  expectInsufficientScope,
  expectInvalidToken,
  expectProblem,
  genericToken,
  post,
  type Caller,
} from '../helpers/api-requests.ts';
import { text, toAgent, toConversation, upload, type FileResponse } from '../helpers/chat.ts';
import { SYSTEM_PROMPT, useFileWorld, type FileWorld } from '../helpers/chat-fixtures.ts';
import { docx, DOCX, exe, pdf, png, zip } from '../helpers/file-fixtures.ts';

// Uploads to a conversation and deleting files, checked by what the model then receives: the fake
// provider records the one system message of every request, so a file's text reaches it or not.

const ACCEPTED = /\.txt.*\.md.*\.csv.*\.json.*\.pdf.*\.docx/;

const start = useFileWorld();

const SUPPORTED = [
  {
    name: 'notes.txt',
    mediaType: 'text/plain',
    word: 'Quokka',
    bytes: async () => Buffer.from('Quokka supply notes'),
  },
  {
    name: 'plan.md',
    mediaType: 'text/markdown',
    word: 'ocelot',
    bytes: async () => Buffer.from('# Plan\n\nThe ocelot migration is due in May.'),
  },
  {
    name: 'risks.csv',
    mediaType: 'text/csv',
    word: 'pangolin',
    bytes: async () => Buffer.from('risk,score\npangolin exposure,4\n'),
  },
  {
    name: 'facts.json',
    mediaType: 'application/json',
    word: 'narwhal',
    bytes: async () => Buffer.from('{"risk": "narwhal drift", "score": 2}'),
  },
  {
    name: 'report.pdf',
    mediaType: 'application/pdf',
    word: 'Axolotl',
    bytes: () => pdf(['Axolotl quarterly risk']),
  },
  { name: 'memo.docx', mediaType: DOCX, word: 'Capybara', bytes: () => docx(['Capybara lock-in']) },
];

describe('AddFileToConversation', () => {
  it.each(SUPPORTED)(
    'takes $name: its text reaches the model and it is linked to the question',
    async ({ name, mediaType, word, bytes }) => {
      const { t, user, agent, createConversation, conversationDetail, systemSent } = await start();
      const conversationId = await createConversation(user.token, agent.id);
      const content = await bytes();

      const response = await upload(t, user.token, toConversation(conversationId), [
        { name, content },
      ]);

      expect(response.statusCode, response.body).toBe(201);
      const file = response.json<FileResponse>();
      expect(file).toEqual({
        id: expect.any(String),
        name,
        mediaType,
        sizeBytes: content.length,
        conversationId,
        agentId: null,
        messageId: null,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      });
      const system = await systemSent(user.token, {
        agentid: agent.id,
        conversationId: conversationId,
      });
      expect(system.startsWith(SYSTEM_PROMPT)).toBe(true);
      expect(system).toContain(`File: ${name}`);
      expect(system).toContain(word);
      const detail = await conversationDetail(user.token, conversationId);
      const [question, answer] = detail.messages;
      expect(question?.role).toBe('user');
      expect(question?.files).toEqual([{ ...file, messageId: question?.id }]);
      expect(answer?.files).toEqual([]);
      expect(detail.files).toEqual([{ ...file, messageId: question?.id }]);
    },
  );

  it('keeps the file for later questions, linked only to the first one it went with', async () => {
    const { t, user, agent, createConversation, conversationDetail, systemSent } = await start();
    const conversationId = await createConversation(user.token, agent.id);
    await upload(t, user.token, toConversation(conversationId), [text('notes.txt', 'Wombat')]);
    await systemSent(user.token, { agentid: agent.id, conversationId });

    expect(await systemSent(user.token, { agentid: agent.id, conversationId })).toContain('Wombat');
    const [first, , second] = (await conversationDetail(user.token, conversationId)).messages;
    expect(first?.files.map((file) => file.name)).toEqual(['notes.txt']);
    expect(second?.files).toEqual([]);
  });

  it('stores a path sent as the file name under its last segment', async () => {
    const { t, user, agent, createConversation, systemSent } = await start();
    const conversationId = await createConversation(user.token, agent.id);

    const response = await upload(t, user.token, toConversation(conversationId), [
      text('../../etc/passwd.txt', 'Harmless words'),
    ]);

    expect(response.statusCode, response.body).toBe(201);
    expect(response.json<FileResponse>().name).toBe('passwd.txt');
    const system = await systemSent(user.token, { agentid: agent.id, conversationId });
    expect(system).toContain('File: passwd.txt');
    expect(system).not.toContain('../');
  });

  it('refuses a file over AIRISK_UPLOAD_MAX_BYTES with 413 naming the limit; one at it is fine', async () => {
    const { t, user, agent, createConversation, conversationDetail, systemSent } = await start({
      AIRISK_UPLOAD_MAX_BYTES: '2048',
    });
    const conversationId = await createConversation(user.token, agent.id);

    const tooBig = await upload(t, user.token, toConversation(conversationId), [
      text('big.txt', 'Bilby '.repeat(342)), // 2052 bytes
    ]);

    expectProblem(tooBig, 413, /2048 bytes/);
    expect((await conversationDetail(user.token, conversationId)).files).toEqual([]);
    expect(await systemSent(user.token, { agentid: agent.id, conversationId })).toBe(SYSTEM_PROMPT);
    const atLimit = await upload(t, user.token, toConversation(conversationId), [
      text('limit.txt', 'x'.repeat(2048)),
    ]);
    expect(atLimit.statusCode, atLimit.body).toBe(201);
  });

  it.each([
    ['a PNG image', 'image.png', async () => png],
    ['a Windows executable', 'setup.exe', async () => exe()],
    ['a zip archive', 'archive.zip', () => zip({ 'notes.txt': 'hello' })],
  ])('refuses %s with 415 naming the accepted types', async (_kind, name, bytes) => {
    const { t, user, agent, createConversation, conversationDetail } = await start();
    const conversationId = await createConversation(user.token, agent.id);

    const response = await upload(t, user.token, toConversation(conversationId), [
      { name, content: await bytes(), type: 'text/plain' },
    ]);

    const problem = expectProblem(response, 415);
    expect(problem.detail).toContain(name);
    expect(problem.detail).toMatch(ACCEPTED);
    expect((await conversationDetail(user.token, conversationId)).files).toEqual([]);
  });

  it('refuses a JSON body (415), a form without a file and two files (400), saying why', async () => {
    const { t, user, agent, createConversation, conversationDetail, postFormWithoutFile } =
      await start();
    const conversationId = await createConversation(user.token, agent.id);

    const json = await post(t, user.token, toConversation(conversationId), { file: 'notes' });
    const none = await postFormWithoutFile(user.token, toConversation(conversationId));
    const two = await upload(t, user.token, toConversation(conversationId), [
      text('a.txt', 'First'),
      text('b.txt', 'Second'),
    ]);

    expectProblem(json, 415, /multipart\/form-data/);
    expectProblem(none, 400, /exactly one file/);
    expectProblem(two, 400, /exactly one file/);
    expect((await conversationDetail(user.token, conversationId)).files).toEqual([]);
  });

  it("answers 404 for another user's conversation and stores nothing in it", async () => {
    const { t, user, agent, createConversation, conversationDetail } = await start();
    const intruder = await asUser(t);
    const conversationId = await createConversation(user.token, agent.id);

    const response = await upload(t, intruder.token, toConversation(conversationId), [
      text('notes.txt', 'Planted words'),
    ]);

    expectProblem(response, 404);
    expect((await conversationDetail(user.token, conversationId)).files).toEqual([]);
  });
});

describe('DeleteFile', () => {
  async function conversationWithFile(
    { t, createConversation }: FileWorld,
    caller: Caller,
    agentId: string,
  ) {
    const conversationId = await createConversation(caller.token, agentId);
    const response = await upload(t, caller.token, toConversation(conversationId), [
      text('notes.txt', 'Platypus findings'),
    ]);
    expect(response.statusCode, response.body).toBe(201);
    return { conversationId, fileId: response.json<FileResponse>().id };
  }

  it('deletes the file: 204, then the model no longer reads it; a second delete is 404', async () => {
    const world = await start();
    const { t, user, agent, conversationDetail, systemSent } = world;
    const { conversationId, fileId } = await conversationWithFile(world, user, agent.id);
    expect(await systemSent(user.token, { agentid: agent.id, conversationId })).toContain(
      'Platypus',
    );

    const deleted = await del(t, user.token, `/api/Chat/DeleteFile/${fileId}`);

    expect(deleted.statusCode, deleted.body).toBe(204);
    expect(await systemSent(user.token, { agentid: agent.id, conversationId })).toBe(SYSTEM_PROMPT);
    const detail = await conversationDetail(user.token, conversationId);
    expect(detail.files).toEqual([]);
    expect(detail.messages.flatMap((message) => message.files)).toEqual([]);
    expectProblem(await del(t, user.token, `/api/Chat/DeleteFile/${fileId}`), 404);
  });

  it("answers 404 for another user's file and leaves it in place", async () => {
    const world = await start();
    const { t, user, agent, systemSent } = world;
    const intruder = await asUser(t);
    const { conversationId, fileId } = await conversationWithFile(world, user, agent.id);

    expectProblem(await del(t, intruder.token, `/api/Chat/DeleteFile/${fileId}`), 404);

    expect(await systemSent(user.token, { agentid: agent.id, conversationId })).toContain(
      'Platypus',
    );
  });

  it("removes one of the agent's files from every conversation, keeping the others", async () => {
    const { t, user, agent, systemInNewConversation } = await start();
    const uploaded = await upload(t, user.token, toAgent(agent.id), [
      text('keep.txt', 'Echidna'),
      text('drop.txt', 'Numbat'),
    ]);
    const [, drop] = uploaded.json<FileResponse[]>();

    expect((await del(t, user.token, `/api/Chat/DeleteFile/${drop?.id}`)).statusCode).toBe(204);

    const system = await systemInNewConversation(user.token, agent.id);
    expect(system).toContain('Echidna');
    expect(system).not.toContain('Numbat');
  });
});

describe('the file endpoints', () => {
  it('need a user token', async () => {
    const { t, user, agent, createConversation, conversationDetail } = await start();
    const conversationId = await createConversation(user.token, agent.id);
    const stored = await upload(t, user.token, toConversation(conversationId), [
      text('notes.txt', 'Words'),
    ]);
    const generic = await genericToken(t);
    const parts = [text('notes.txt', 'Words')];

    expectInvalidToken(
      await t.app.inject({ method: 'POST', url: toConversation(conversationId), payload: '' }),
    );
    expectInsufficientScope(await upload(t, generic, toConversation(conversationId), parts));
    expectInsufficientScope(await upload(t, generic, toAgent(agent.id), parts));
    expectInsufficientScope(
      await del(t, generic, `/api/Chat/DeleteFile/${stored.json<FileResponse>().id}`),
    );
    expect((await conversationDetail(user.token, conversationId)).files).toHaveLength(1);
  });
});
