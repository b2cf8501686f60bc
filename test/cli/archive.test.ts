import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../../src/users/users.ts';
import { createAgent } from '../../src/chat/agents.ts';
import { writeProfile } from '../../src/company/stored-settings.ts';
import { generateId } from '../../src/lib/secrets.ts';
import {
  cliDatabase,
  parseJson,
  runCli,
  type CliDatabase,
  type OpenedApp,
} from '../helpers/run-cli.ts';

// `airisk archive` and `airisk compliance holds`: the data archive from the command line, over
// a database a server shares, as the scheduled run does it.

const DAY = 86_400;

describe('airisk archive', () => {
  let db: CliDatabase;
  let opened: OpenedApp;
  let dir: string;
  let env: Record<string, string>;
  let conversations: string[];

  /** A conversation with a question and an answer whose last activity was `daysAgo` days ago. */
  async function aConversation(userId: string, agentId: string, daysAgo: number): Promise<string> {
    const at = Math.floor(Date.now() / 1000) - daysAgo * DAY;
    const id = generateId();
    await opened.store.conversations.insert({
      id,
      userId,
      agentId,
      title: `Asked ${daysAgo} days ago`,
      metadata: { project: 'archive' },
      createdAt: at,
      updatedAt: at,
    });
    const message = {
      userId,
      agentId,
      engine: 'demo',
      model: 'demo',
      feedback: null,
      scans: null,
      toolCalls: null,
    };
    await opened.store.messages.append(
      id,
      [
        {
          ...message,
          id: generateId(),
          conversationId: id,
          role: 'user',
          content: 'Hello',
          createdAt: at,
          promptTokens: null,
          completionTokens: null,
        },
        {
          ...message,
          id: generateId(),
          conversationId: id,
          role: 'assistant',
          content: 'Hi',
          createdAt: at,
          promptTokens: 3,
          completionTokens: 1,
        },
      ],
      at,
    );
    return id;
  }

  beforeEach(async () => {
    db = await cliDatabase();
    opened = await db.openApp();
    dir = mkdtempSync(join(tmpdir(), 'airisk-cli-archive-'));
    env = { AIRISK_DATABASE_URL: db.url, AIRISK_MASTER_KEY: db.masterKey, AIRISK_ARCHIVE_DIR: dir };
    const ada = await createUser(opened, { email: 'ada@example.com', name: 'Ada' });
    const agent = await createAgent(opened, { name: 'Helper', engine: 'demo', model: 'demo' });
    await writeProfile(opened.store, { archiveAfterDays: 30 }, Math.floor(Date.now() / 1000));
    conversations = [
      await aConversation(ada.id, agent.id, 40),
      await aConversation(ada.id, agent.id, 50),
      await aConversation(ada.id, agent.id, 5),
    ];
  });
  afterEach(async () => {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts, holds, archives, lists and restores, with progress on stderr', async () => {
    const dryRun = await runCli(['archive', '--dry-run', '--json'], env);
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(parseJson(dryRun)).toMatchObject({
      dryRun: true,
      due: 2,
      held: 0,
      written: 0,
      file: null,
    });

    const placed = await runCli(
      [
        'compliance',
        'holds',
        'place',
        '--name',
        'Case 7',
        '--conversation',
        conversations[1]!,
        '--json',
      ],
      env,
    );
    expect(placed.code, placed.stderr).toBe(0);
    const hold = parseJson<{ id: string; conversationIds: string[] }>(placed);
    expect(hold.conversationIds).toEqual([conversations[1]]);

    const run = await runCli(['archive', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const result = parseJson<{ file: string; archived: number; held: number }>(run);
    expect(result).toMatchObject({ archived: 1, held: 1 });
    expect(run.stderr).toMatch(/archive: 2 due, 1 held, 1 written/);
    expect(await opened.store.archive.existing(conversations)).toEqual(
      expect.arrayContaining([conversations[1], conversations[2]]),
    );
    expect(await opened.store.archive.existing([conversations[0]!])).toEqual([]);

    const listed = await runCli(['archive', 'list', '--json'], env);
    expect(parseJson(listed)).toEqual([
      expect.objectContaining({
        path: result.file,
        conversationIds: [conversations[0]],
        counts: { conversations: 1, messages: 2, files: 0 },
      }),
    ]);

    const restored = await runCli(['archive', 'restore', result.file, '--json'], env);
    expect(restored.code, restored.stderr).toBe(0);
    expect(parseJson(restored)).toMatchObject({ restored: 1, present: 0 });
    expect(await opened.store.archive.existing([conversations[0]!])).toEqual([conversations[0]]);

    const holds = await runCli(['compliance', 'holds', 'list'], env);
    expect(holds.stdout).toContain('Case 7');
    const released = await runCli(['compliance', 'holds', 'release', hold.id], env);
    expect(released.code, released.stderr).toBe(0);
    expect(await opened.store.archive.listHolds()).toEqual([]);
  });

  it('refuses to restore a changed archive, exit 1, naming the checksum', async () => {
    const run = await runCli(['archive', '--json'], env);
    const { file } = parseJson<{ file: string }>(run);
    const bytes = readFileSync(file);
    bytes[10]! ^= 0xff;
    writeFileSync(file, bytes);

    const restored = await runCli(['archive', 'restore', file], env);

    expect(restored.code).toBe(1);
    expect(restored.stderr).toMatch(/checksum/);
    expect(await opened.store.archive.existing(conversations.slice(0, 2))).toEqual([]);
  });
});
