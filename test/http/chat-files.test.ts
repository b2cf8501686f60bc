import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import {
  asUser,
  del,
  expectInsufficientScope,
  expectInvalidToken,
  expectProblem,
  genericToken,
  get,
  post,
  type Caller,
} from '../helpers/api-requests.ts';
import {
  anAgent,
  answerWith,
  ask,
  assign,
  chatWorld,
  fakeLlamaAgent,
  upload,
  type ChatWorld,
  type UploadPart,
} from '../helpers/chat.ts';
import { startFakeProvider, type FakeProvider } from '../helpers/fake-providers/fake-server.ts';
import { docx, DOCX, exe, pdf, png, zip } from '../helpers/file-fixtures.ts';

// Uploads through the HTTP API, checked by what the model then receives: the fake provider records
// the one system message of every request, so a file's text either reaches it or it does not.

const SYSTEM_PROMPT = 'You are a careful risk analyst.';
const ACCEPTED = /\.txt.*\.md.*\.csv.*\.json.*\.pdf.*\.docx/;

interface FileResponse {
  id: string;
  name: string;
  mediaType: string;
  sizeBytes: number;
  conversationId: string | null;
  agentId: string | null;
  messageId: string | null;
  createdAt: number;
}

interface ConversationDetail {
  id: string;
  messages: { id: string; role: string; files: FileResponse[] }[];
  files: FileResponse[];
}

let t: TestApp;
let fake: FakeProvider;

beforeEach(async () => {
  fake = await startFakeProvider();
  answerWith(fake, ['Noted.']);
});

afterEach(async () => {
  await t.close();
  await fake.close();
});

/** The app (with these settings), an admin, a user and a fake-provider agent assigned to the user. */
async function start(env: Record<string, string> = {}): Promise<ChatWorld> {
  t = await createTestApp(env);
  return chatWorld(t, fakeLlamaAgent(fake, { systemPrompt: SYSTEM_PROMPT }));
}

async function createConversation(token: string, agentId: string): Promise<string> {
  const response = await post(t, token, '/api/Chat/CreateConversation', { agentid: agentId });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>().id;
}

async function conversationDetail(token: string, id: string): Promise<ConversationDetail> {
  const response = await get(t, token, `/api/Chat/GetConversation/${id}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<ConversationDetail>();
}

/** Asks through AskAgent and returns the system message the model received ('' for none). */
async function systemSent(
  token: string,
  body: { agentid: string; question?: string; conversationid?: string },
): Promise<string> {
  const before = fake.requests.length;
  await ask(t, token, { question: 'What do my files say?', ...body });
  expect(fake.requests).toHaveLength(before + 1);
  const { messages } = fake.requests[before]?.json as {
    messages: { role: string; content: string }[];
  };
  const system = messages.filter((message) => message.role === 'system');
  expect(system.length).toBeLessThanOrEqual(1);
  return system[0]?.content ?? '';
}

/**
 * The system message for a question in a conversation made with CreateConversation, so that
 * the agent's files are read (see the test of a conversation's first AskAgent for the other way).
 */
async function systemInNewConversation(token: string, agentId: string): Promise<string> {
  const conversationid = await createConversation(token, agentId);
  return systemSent(token, { agentid: agentId, conversationid });
}

const toConversation = (id: string) => `/api/Chat/AddFileToConversation/${id}`;
const toAgent = (id: string) => `/api/Chat/AddFilesToAgent/${id}`;

const text = (name: string, content: string): UploadPart => ({ name, content });

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
      const { user, agent } = await start();
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
        createdAt: expect.any(Number),
      });
      const system = await systemSent(user.token, {
        agentid: agent.id,
        conversationid: conversationId,
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
    const { user, agent } = await start();
    const conversationid = await createConversation(user.token, agent.id);
    await upload(t, user.token, toConversation(conversationid), [text('notes.txt', 'Wombat')]);
    await systemSent(user.token, { agentid: agent.id, conversationid });

    expect(await systemSent(user.token, { agentid: agent.id, conversationid })).toContain('Wombat');
    const [first, , second] = (await conversationDetail(user.token, conversationid)).messages;
    expect(first?.files.map((file) => file.name)).toEqual(['notes.txt']);
    expect(second?.files).toEqual([]);
  });

  it('stores a path sent as the file name under its last segment', async () => {
    const { user, agent } = await start();
    const conversationid = await createConversation(user.token, agent.id);

    const response = await upload(t, user.token, toConversation(conversationid), [
      text('../../etc/passwd.txt', 'Harmless words'),
    ]);

    expect(response.statusCode, response.body).toBe(201);
    expect(response.json<FileResponse>().name).toBe('passwd.txt');
    const system = await systemSent(user.token, { agentid: agent.id, conversationid });
    expect(system).toContain('File: passwd.txt');
    expect(system).not.toContain('../');
  });

  it('refuses a file over AIRISK_UPLOAD_MAX_BYTES with 413 naming the limit; one at it is fine', async () => {
    const { user, agent } = await start({ AIRISK_UPLOAD_MAX_BYTES: '2048' });
    const conversationid = await createConversation(user.token, agent.id);

    const tooBig = await upload(t, user.token, toConversation(conversationid), [
      text('big.txt', 'Bilby '.repeat(342)), // 2052 bytes
    ]);

    expectProblem(tooBig, 413, /2048 bytes/);
    expect((await conversationDetail(user.token, conversationid)).files).toEqual([]);
    expect(await systemSent(user.token, { agentid: agent.id, conversationid })).toBe(SYSTEM_PROMPT);
    const atLimit = await upload(t, user.token, toConversation(conversationid), [
      text('limit.txt', 'x'.repeat(2048)),
    ]);
    expect(atLimit.statusCode, atLimit.body).toBe(201);
  });

  it.each([
    ['a PNG image', 'image.png', async () => png],
    ['a Windows executable', 'setup.exe', async () => exe()],
    ['a zip archive', 'archive.zip', () => zip({ 'notes.txt': 'hello' })],
  ])('refuses %s with 415 naming the accepted types', async (_kind, name, bytes) => {
    const { user, agent } = await start();
    const conversationid = await createConversation(user.token, agent.id);

    const response = await upload(t, user.token, toConversation(conversationid), [
      { name, content: await bytes(), type: 'text/plain' },
    ]);

    const problem = expectProblem(response, 415);
    expect(problem.detail).toContain(name);
    expect(problem.detail).toMatch(ACCEPTED);
    expect((await conversationDetail(user.token, conversationid)).files).toEqual([]);
  });

  it('refuses a JSON body (415), a form without a file and two files (400), saying why', async () => {
    const { user, agent } = await start();
    const conversationid = await createConversation(user.token, agent.id);

    const json = await post(t, user.token, toConversation(conversationid), { file: 'notes' });
    const none = await postFormWithoutFile(user.token, toConversation(conversationid));
    const two = await upload(t, user.token, toConversation(conversationid), [
      text('a.txt', 'First'),
      text('b.txt', 'Second'),
    ]);

    expectProblem(json, 415, /multipart\/form-data/);
    expectProblem(none, 400, /exactly one file/);
    expectProblem(two, 400, /exactly one file/);
    expect((await conversationDetail(user.token, conversationid)).files).toEqual([]);
  });

  it("answers 404 for another user's conversation and stores nothing in it", async () => {
    const { user, agent } = await start();
    const intruder = await asUser(t);
    const conversationid = await createConversation(user.token, agent.id);

    const response = await upload(t, intruder.token, toConversation(conversationid), [
      text('notes.txt', 'Planted words'),
    ]);

    expectProblem(response, 404);
    expect((await conversationDetail(user.token, conversationid)).files).toEqual([]);
  });
});

/** A multipart form whose only part is a plain field. */
function postFormWithoutFile(token: string, url: string) {
  const boundary = '----airisk-test-no-file';
  return t.app.inject({
    method: 'POST',
    url,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
    payload: `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--${boundary}--\r\n`,
  });
}

describe('AddFilesToAgent', () => {
  const THREE = async (): Promise<UploadPart[]> => [
    text('a.txt', 'Kakapo notes'),
    text('b.md', '# Quoll\n\nstatus'),
    { name: 'c.pdf', content: await pdf(['Tuatara report']) },
  ];
  const WORDS = ['Kakapo', 'Quoll', 'Tuatara'];

  it('stores several files, read in every conversation of the user with the agent', async () => {
    const { user, agent } = await start();
    const first = await createConversation(user.token, agent.id);

    const response = await upload(t, user.token, toAgent(agent.id), await THREE());

    expect(response.statusCode, response.body).toBe(201);
    const files = response.json<FileResponse[]>();
    expect(
      files.map(({ name, agentId, conversationId, messageId }) => ({
        name,
        agentId,
        conversationId,
        messageId,
      })),
    ).toEqual(
      ['a.txt', 'b.md', 'c.pdf'].map((name) => ({
        name,
        agentId: agent.id,
        conversationId: null,
        messageId: null,
      })),
    );
    const second = await createConversation(user.token, agent.id);
    for (const conversationid of [first, second, first]) {
      const system = await systemSent(user.token, { agentid: agent.id, conversationid });
      for (const word of WORDS) {
        expect(system).toContain(word);
      }
    }
  });

  it('gives them to the model with the question that starts a conversation', async () => {
    const { user, agent } = await start();
    await upload(t, user.token, toAgent(agent.id), await THREE());

    const system = await systemSent(user.token, { agentid: agent.id });

    for (const word of WORDS) {
      expect(system).toContain(word);
    }
  });

  it("keeps them out of another user's conversations and the user's other agents'", async () => {
    const { admin, user, agent } = await start();
    const colleague = await asUser(t);
    await assign(t, admin.token, agent.id, { userid: colleague.user.id });
    const otherAgent = await anAgent(
      t,
      admin.token,
      fakeLlamaAgent(fake, { systemPrompt: SYSTEM_PROMPT }),
    );
    await assign(t, admin.token, otherAgent.id, { userid: user.user.id });
    await upload(t, user.token, toAgent(agent.id), await THREE());

    const colleagues = await createConversation(colleague.token, agent.id);
    const withOtherAgent = await createConversation(user.token, otherAgent.id);

    expect(
      await systemSent(colleague.token, { agentid: agent.id, conversationid: colleagues }),
    ).toBe(SYSTEM_PROMPT);
    expect(
      await systemSent(user.token, { agentid: otherAgent.id, conversationid: withOtherAgent }),
    ).toBe(SYSTEM_PROMPT);
  });

  it.each([
    ['415 for a PNG', 415, 'image.png', async () => png],
    ['400 for broken JSON', 400, 'broken.json', async () => Buffer.from('{"risk": ')],
  ])('stores none when one file is bad: %s', async (_case, status, name, bytes) => {
    const { user, agent } = await start();

    const response = await upload(t, user.token, toAgent(agent.id), [
      text('good.txt', 'Dugong'),
      { name, content: await bytes() },
      text('also-good.md', 'Dingo'),
    ]);

    const problem = expectProblem(response, status);
    expect(problem.detail).toContain(name);
    expect(await systemInNewConversation(user.token, agent.id)).toBe(SYSTEM_PROMPT);
  });

  it('stores none when one file is over the size limit (413)', async () => {
    const { user, agent } = await start({ AIRISK_UPLOAD_MAX_BYTES: '2048' });

    const response = await upload(t, user.token, toAgent(agent.id), [
      text('good.txt', 'Dugong'),
      text('big.txt', 'y'.repeat(2049)),
    ]);

    expectProblem(response, 413, /2048 bytes/);
    expect(await systemInNewConversation(user.token, agent.id)).toBe(SYSTEM_PROMPT);
  });

  it('refuses a form without a file with 400', async () => {
    const { user, agent } = await start();

    expectProblem(
      await postFormWithoutFile(user.token, toAgent(agent.id)),
      400,
      /at least one file/,
    );
  });

  it('answers 404 for an agent the user may not use, or that does not exist', async () => {
    const { admin, user } = await start();
    const unassigned = await anAgent(t, admin.token, fakeLlamaAgent(fake));

    const parts = [text('notes.txt', 'Words')];
    expectProblem(await upload(t, user.token, toAgent(unassigned.id), parts), 404);
    expectProblem(await upload(t, user.token, toAgent('no-such-agent'), parts), 404);
  });
});

describe('DeleteFile', () => {
  async function conversationWithFile(caller: Caller, agentId: string) {
    const conversationid = await createConversation(caller.token, agentId);
    const response = await upload(t, caller.token, toConversation(conversationid), [
      text('notes.txt', 'Platypus findings'),
    ]);
    expect(response.statusCode, response.body).toBe(201);
    return { conversationid, fileId: response.json<FileResponse>().id };
  }

  it('deletes the file: 204, then the model no longer reads it; a second delete is 404', async () => {
    const { user, agent } = await start();
    const { conversationid, fileId } = await conversationWithFile(user, agent.id);
    expect(await systemSent(user.token, { agentid: agent.id, conversationid })).toContain(
      'Platypus',
    );

    const deleted = await del(t, user.token, `/api/Chat/DeleteFile/${fileId}`);

    expect(deleted.statusCode, deleted.body).toBe(204);
    expect(await systemSent(user.token, { agentid: agent.id, conversationid })).toBe(SYSTEM_PROMPT);
    const detail = await conversationDetail(user.token, conversationid);
    expect(detail.files).toEqual([]);
    expect(detail.messages.flatMap((message) => message.files)).toEqual([]);
    expectProblem(await del(t, user.token, `/api/Chat/DeleteFile/${fileId}`), 404);
  });

  it("answers 404 for another user's file and leaves it in place", async () => {
    const { user, agent } = await start();
    const intruder = await asUser(t);
    const { conversationid, fileId } = await conversationWithFile(user, agent.id);

    expectProblem(await del(t, intruder.token, `/api/Chat/DeleteFile/${fileId}`), 404);

    expect(await systemSent(user.token, { agentid: agent.id, conversationid })).toContain(
      'Platypus',
    );
  });

  it("removes one of the agent's files from every conversation, keeping the others", async () => {
    const { user, agent } = await start();
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
    const { user, agent } = await start();
    const conversationid = await createConversation(user.token, agent.id);
    const stored = await upload(t, user.token, toConversation(conversationid), [
      text('notes.txt', 'Words'),
    ]);
    const generic = await genericToken(t);
    const parts = [text('notes.txt', 'Words')];

    expectInvalidToken(
      await t.app.inject({ method: 'POST', url: toConversation(conversationid), payload: '' }),
    );
    expectInsufficientScope(await upload(t, generic, toConversation(conversationid), parts));
    expectInsufficientScope(await upload(t, generic, toAgent(agent.id), parts));
    expectInsufficientScope(
      await del(t, generic, `/api/Chat/DeleteFile/${stored.json<FileResponse>().id}`),
    );
    expect((await conversationDetail(user.token, conversationid)).files).toHaveLength(1);
  });
});

describe('a file larger than AIRISK_FILE_CONTEXT_CHARS', () => {
  const BUDGET = 1000;
  // The intro line and the file's header line around the chosen text.
  const FRAMING_CHARS = 200;
  const RARE = 'The zymurgy subcontractor failed its hygiene inspection in March.';
  const filler = (i: number) =>
    `Paragraph ${i} records routine observations about supplier audits, staffing levels and ` +
    `quarterly budgets, written in the usual way with nothing remarkable to note here.`;
  const paragraphs = Array.from({ length: 40 }, (_, i) => (i === 25 ? RARE : filler(i)));

  it('sends the chunks relevant to the question, within the budget', async () => {
    const { user, agent } = await start({ AIRISK_FILE_CONTEXT_CHARS: String(BUDGET) });
    const conversationid = await createConversation(user.token, agent.id);
    const document = paragraphs.join('\n\n');
    expect(document.length).toBeGreaterThan(BUDGET * 5);
    await upload(t, user.token, toConversation(conversationid), [text('ledger.txt', document)]);

    const system = await systemSent(user.token, {
      agentid: agent.id,
      conversationid,
      question: 'What happened with the zymurgy subcontractor?',
    });

    expect(system).toContain(RARE);
    expect(system).not.toContain(filler(0));
    const [, fileText = ''] = system.split('--- File: ledger.txt ---\n');
    expect(fileText.length).toBeGreaterThan(0);
    expect(fileText.length).toBeLessThanOrEqual(BUDGET);
    expect(system.length).toBeLessThanOrEqual(SYSTEM_PROMPT.length + BUDGET + FRAMING_CHARS);
  });
});
