import { describe, expect, it } from 'vitest';
import { asUser, expectProblem } from '../helpers/api-requests.ts';
import {
  anAgent,
  assign,
  fakeLlamaAgent,
  text,
  toAgent,
  toConversation,
  upload,
  type FileResponse,
  type UploadPart,
} from '../helpers/chat.ts';
import { SYSTEM_PROMPT, useFileWorld } from '../helpers/chat-fixtures.ts';
import { pdf, png } from '../helpers/file-fixtures.ts';

// An agent's files, read in every conversation of the user with it, and how much of a large file
// reaches the model: checked by the system message the fake provider records for each request.

const start = useFileWorld();

describe('AddFilesToAgent', () => {
  const THREE = async (): Promise<UploadPart[]> => [
    text('a.txt', 'Kakapo notes'),
    text('b.md', '# Quoll\n\nstatus'),
    { name: 'c.pdf', content: await pdf(['Tuatara report']) },
  ];
  const WORDS = ['Kakapo', 'Quoll', 'Tuatara'];

  it('stores several files, read in every conversation of the user with the agent', async () => {
    const { t, user, agent, createConversation, systemSent } = await start();
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
    for (const conversationId of [first, second, first]) {
      const system = await systemSent(user.token, { agentid: agent.id, conversationId });
      for (const word of WORDS) {
        expect(system).toContain(word);
      }
    }
  });

  it('gives them to the model with the question that starts a conversation', async () => {
    const { t, user, agent, systemSent } = await start();
    await upload(t, user.token, toAgent(agent.id), await THREE());

    const system = await systemSent(user.token, { agentid: agent.id });

    for (const word of WORDS) {
      expect(system).toContain(word);
    }
  });

  it("keeps them out of another user's conversations and the user's other agents'", async () => {
    const { t, fake, admin, user, agent, createConversation, systemSent } = await start();
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
      await systemSent(colleague.token, { agentid: agent.id, conversationId: colleagues }),
    ).toBe(SYSTEM_PROMPT);
    expect(
      await systemSent(user.token, { agentid: otherAgent.id, conversationId: withOtherAgent }),
    ).toBe(SYSTEM_PROMPT);
  });

  it.each([
    ['415 for a PNG', 415, 'image.png', async () => png],
    ['400 for broken JSON', 400, 'broken.json', async () => Buffer.from('{"risk": ')],
  ])('stores none when one file is bad: %s', async (_case, status, name, bytes) => {
    const { t, user, agent, systemInNewConversation } = await start();

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
    const { t, user, agent, systemInNewConversation } = await start({
      AIRISK_UPLOAD_MAX_BYTES: '2048',
    });

    const response = await upload(t, user.token, toAgent(agent.id), [
      text('good.txt', 'Dugong'),
      text('big.txt', 'y'.repeat(2049)),
    ]);

    expectProblem(response, 413, /2048 bytes/);
    expect(await systemInNewConversation(user.token, agent.id)).toBe(SYSTEM_PROMPT);
  });

  it('refuses a form without a file with 400', async () => {
    const { user, agent, postFormWithoutFile } = await start();

    expectProblem(
      await postFormWithoutFile(user.token, toAgent(agent.id)),
      400,
      /at least one file/,
    );
  });

  it('answers 404 for an agent the user may not use, or that does not exist', async () => {
    const { t, fake, admin, user } = await start();
    const unassigned = await anAgent(t, admin.token, fakeLlamaAgent(fake));

    const parts = [text('notes.txt', 'Words')];
    expectProblem(await upload(t, user.token, toAgent(unassigned.id), parts), 404);
    expectProblem(await upload(t, user.token, toAgent('no-such-agent'), parts), 404);
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
    const { t, user, agent, createConversation, systemSent } = await start({
      AIRISK_FILE_CONTEXT_CHARS: String(BUDGET),
    });
    const conversationId = await createConversation(user.token, agent.id);
    const document = paragraphs.join('\n\n');
    expect(document.length).toBeGreaterThan(BUDGET * 5);
    await upload(t, user.token, toConversation(conversationId), [text('ledger.txt', document)]);

    const system = await systemSent(user.token, {
      agentid: agent.id,
      conversationId,
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
