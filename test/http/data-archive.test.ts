import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestApp, openTestApp, type TestApp } from '../helpers/test-app.ts';
import { sharedDatabase, type IsolatedDatabase } from '../helpers/test-store.ts';
import { pollUntil } from '../helpers/eventually.ts';
import { scheduledArchive, startArchiving } from '../../src/maintenance/archive-schedule.ts';
import { asUser, clientOf, del, get, post, type Caller } from '../helpers/api-requests.ts';
import { getToken } from '../helpers/oauth-flow.ts';
import { ask, chatWorld, text, toConversation, upload, type ChatWorld } from '../helpers/chat.ts';
import { changeSettings, putSettings } from '../helpers/company-requests.ts';
import { ArchiveBusyError, runArchive } from '../../src/archive/archive-run.ts';
import { restoreArchive } from '../../src/archive/archive-restore.ts';
import { deleteConversation } from '../../src/chat/conversations.ts';
import { deleteUser } from '../../src/users/users.ts';
import type { Store } from '../../src/store/store.ts';
import { ActivitySignal } from '../../src/activity/activity-signal.ts';
import { ConflictError, NotFoundError } from '../../src/lib/errors.ts';
import { placeHold } from '../../src/compliance/holds.ts';

// The data archive end to end through the API: what is due goes to a file and out of the
// database, and comes back from it exactly as the API showed it; holds keep what they cover.

const DAY = 86_400;

/** The store, and its transactions, with every listed hold out of sight of the checks. */
function blindToListedHolds(store: Store): Store {
  return {
    ...store,
    archive: { ...store.archive, heldByList: () => Promise.resolve([]) },
    transaction: (work) => store.transaction((tx) => work(blindToListedHolds(tx))),
  };
}

describe('data archive', () => {
  let t: TestApp;
  let dir: string;
  let world: ChatWorld;
  let officer: Caller;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'airisk-archive-'));
    t = await createTestApp({ AIRISK_ARCHIVE_DIR: dir });
    world = await chatWorld(t);
    officer = await asUser(t, ['Compliance']);
  });
  afterEach(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Moves the clock on by whole days, and gets everyone a token that is still valid. */
  async function later(seconds: number): Promise<void> {
    t.clock.advance(seconds);
    for (const caller of [world.user, world.admin, officer]) {
      caller.token = await getToken(t, await clientOf(t), { userid: caller.user.id });
    }
  }

  const archiveAfter = (days: number | null) =>
    changeSettings(t, world.admin.token, { archiveAfterDays: days });

  /** A conversation with two turns, a file and a rating: every row that hangs off one. */
  async function aFullConversation(question = 'May I fly business class?'): Promise<string> {
    const first = await ask(t, world.user.token, { agentid: world.agent.id, question });
    const id = first.conversationId;
    const uploaded = await upload(t, world.user.token, toConversation(id), [
      text('policy.md', '# Travel\nEconomy below six hours.'),
    ]);
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    await ask(t, world.user.token, {
      agentid: world.agent.id,
      question: 'And trains?',
      conversationId: id,
    });
    const rated = await post(
      t,
      world.user.token,
      `/api/Chat/SubmitFeedback?messageId=${first.messageId}&rating=4&comment=clear`,
    );
    expect(rated.statusCode, rated.body).toBe(200);
    return id;
  }

  /** What the API shows of these conversations, to the owner and to compliance, as raw bodies. */
  async function apiViews(ids: string[]) {
    const views: Record<string, string> = {};
    views.list = (await get(t, world.user.token, '/api/Chat/GetConversations')).body;
    for (const id of ids) {
      views[`own ${id}`] = (await get(t, world.user.token, `/api/Chat/GetConversation/${id}`)).body;
      views[`compliance ${id}`] = (
        await get(t, officer.token, `/api/Compliance/GetConversation?conversationId=${id}`)
      ).body;
    }
    return views;
  }

  const status = async (id: string) =>
    (await get(t, world.user.token, `/api/Chat/GetConversation/${id}`)).statusCode;

  it('archives what is past its retention and restores it to the byte, each conversation once', async () => {
    const old = [await aFullConversation(), await aFullConversation('Hotel limits in Paris?')];
    await archiveAfter(30);
    await later(31 * DAY);
    const recent = await aFullConversation('Taxi or metro?');
    const before = await apiViews([...old, recent]);

    const run = await runArchive(t);

    expect(run).toMatchObject({ written: 2, archived: 2, held: 0, changed: 0 });
    expect(run.counts).toEqual({ conversations: 2, messages: 8, files: 2 });
    expect(await status(old[0]!)).toBe(404);
    expect(await status(old[1]!)).toBe(404);
    expect(await status(recent)).toBe(200);
    const manifest = JSON.parse(readFileSync(run.manifest!, 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      formatVersion: 1,
      file: expect.stringMatching(/^archive-.+\.jsonl\.gz$/),
    });
    expect([...(manifest.conversationIds as string[])].sort()).toEqual([...old].sort());
    expect(await runArchive(t)).toMatchObject({ file: null, archived: 0 });

    const restored = await restoreArchive(t, run.file!);
    expect(restored).toMatchObject({ conversations: 2, restored: 2, present: 0, ownerMissing: [] });
    expect(await apiViews([...old, recent])).toEqual(before);
    // Restoring again (or an archive whose deletion never ran) duplicates nothing.
    expect(await restoreArchive(t, run.manifest!)).toMatchObject({ restored: 0, present: 2 });
    expect(await apiViews([...old, recent])).toEqual(before);
  });

  it("applies an agent's own retention before the company's", async () => {
    const quick = await post(t, world.admin.token, '/api/Agents/UpdateAgent', {
      agentId: world.agent.id,
      archiveAfterDays: 10,
    });
    expect(quick.statusCode, quick.body).toBe(200);
    expect(quick.json()).toMatchObject({ archiveAfterDays: 10 });
    const fast = await aFullConversation();
    const other = await chatWorldAgent();
    await archiveAfter(365);
    await later(11 * DAY);

    const run = await runArchive(t);

    expect(run.archived).toBe(1);
    expect(await status(fast)).toBe(404);
    expect(await status(other)).toBe(200);
  });

  it('archives nothing while neither the company nor the agent sets a retention', async () => {
    const id = await aFullConversation();
    await later(10_000 * DAY);
    expect(await runArchive(t)).toMatchObject({ due: 0, file: null });
    expect(await status(id)).toBe(200);
    expect(readdirSync(dir)).toEqual([]);
  });

  /** A conversation of the user with a second agent, which keeps the company's retention. */
  async function chatWorldAgent(): Promise<string> {
    const created = await post(t, world.admin.token, '/api/Agents/CreateAgent', {
      name: 'Second agent',
      engine: 'demo',
      model: 'demo',
    });
    const agentId = created.json<{ id: string }>().id;
    await post(t, world.admin.token, '/api/Agents/AssignAgent', {
      agentId,
      userId: world.user.user.id,
    });
    return (await ask(t, world.user.token, { agentid: agentId, question: 'Per diem?' }))
      .conversationId;
  }

  it('never archives or deletes a held conversation, listed or matched by a saved search', async () => {
    const listed = await aFullConversation('Listed question');
    const matched = await aFullConversation('Zeppelin travel allowance');
    const free = await aFullConversation('Ordinary question');
    const hold = await post(t, officer.token, '/api/Compliance/PlaceHold', {
      name: 'Case 114',
      conversationIds: [listed],
    });
    expect(hold.statusCode, hold.body).toBe(201);
    const search = await post(t, officer.token, '/api/Compliance/CreateSearch', {
      name: 'Zeppelins',
      criteria: { text: 'zeppelin' },
    });
    const bySearch = await post(t, officer.token, '/api/Compliance/PlaceHold', {
      name: 'Zeppelin inquiry',
      searchId: search.json<{ id: string }>().id,
    });
    expect(bySearch.statusCode, bySearch.body).toBe(201);
    expect(bySearch.json()).toMatchObject({ kind: 'search', criteria: { text: 'zeppelin' } });
    await archiveAfter(1);
    await later(2 * DAY);

    const run = await runArchive(t);

    expect(run).toMatchObject({ archived: 1, held: 2 });
    expect(await status(free)).toBe(404);
    expect(await status(listed)).toBe(200);
    expect(await status(matched)).toBe(200);
    for (const id of [listed, matched]) {
      const refused = await del(t, world.user.token, `/api/Chat/DeleteConversation/${id}`);
      expect(refused.statusCode, refused.body).toBe(409);
      expect(refused.json<{ detail: string }>().detail).toMatch(/compliance hold/);
    }
    const userDeletion = await del(
      t,
      world.admin.token,
      `/api/Users/DeleteUser/${world.user.user.id}`,
    );
    expect(userDeletion.statusCode, userDeletion.body).toBe(409);

    const holdId = hold.json<{ id: string }>().id;
    const released = await del(t, officer.token, `/api/Compliance/ReleaseHold?holdId=${holdId}`);
    expect(released.statusCode, released.body).toBe(204);
    const listedHolds = await get(t, officer.token, '/api/Compliance/ListHolds');
    expect(listedHolds.json<{ id: string }[]>().map((h) => h.id)).toEqual([
      bySearch.json<{ id: string }>().id,
    ]);
    const deleted = await del(t, world.user.token, `/api/Chat/DeleteConversation/${listed}`);
    expect(deleted.statusCode, deleted.body).toBe(204);
    const logs = await get(t, world.admin.token, '/api/Logs/ListLogs?results=100');
    const events = logs.json<{ event: string }[]>().map((entry) => entry.event);
    expect(events).toEqual(
      expect.arrayContaining([
        'compliance_hold_placed',
        'compliance_hold_released',
        'conversations_archived',
      ]),
    );
  });

  it('answers 409, and deletes nothing, when a hold comes between the check and the deletion', async () => {
    const id = await aFullConversation('Raced question');
    const hold = await post(t, officer.token, '/api/Compliance/PlaceHold', {
      name: 'Placed meanwhile',
      conversationIds: [id],
    });
    expect(hold.statusCode, hold.body).toBe(201);
    // The checks read the holds as they were a moment before this one was placed.
    const before = {
      store: blindToListedHolds(t.store),
      clock: t.clock,
      activitySignal: new ActivitySignal(),
    };
    const what = /a compliance hold was placed on its conversations meanwhile/;
    await expect(deleteConversation(before, world.user.user.id, id, null)).rejects.toThrow(what);
    await expect(deleteUser(before, world.user.user.id)).rejects.toThrow(ConflictError);
    expect(await status(id)).toBe(200);
    const user = await get(t, world.admin.token, `/api/Users/GetUser/${world.user.user.id}`);
    expect(user.statusCode).toBe(200);
  });

  it('answers 404 when a listed conversation goes between the check and the hold', async () => {
    // The check saw the conversation, which has gone since (deleted, or archived).
    const store = {
      ...t.store,
      archive: { ...t.store.archive, existing: (ids: string[]) => Promise.resolve(ids) },
    };
    const placing = placeHold(
      { store, clock: t.clock },
      { userId: officer.user.id, ip: null },
      {
        name: 'Too late',
        conversationIds: ['gone-meanwhile'],
      },
    );
    await expect(placing).rejects.toThrow(NotFoundError);
    expect((await get(t, officer.token, '/api/Compliance/ListHolds')).json()).toEqual([]);
  });

  it('takes archiveAfterDays from 1 to 36500 days, or null, for the company and an agent', async () => {
    for (const days of [0, 36_501, 1.5]) {
      expect((await putSettings(t, world.admin.token, { archiveAfterDays: days })).statusCode).toBe(
        400,
      );
      const agent = await post(t, world.admin.token, '/api/Agents/UpdateAgent', {
        agentId: world.agent.id,
        archiveAfterDays: days,
      });
      expect(agent.statusCode).toBe(400);
    }
    expect(await archiveAfter(36_500)).toMatchObject({ archiveAfterDays: 36_500 });
    const century = await post(t, world.admin.token, '/api/Agents/UpdateAgent', {
      agentId: world.agent.id,
      archiveAfterDays: 36_500,
    });
    expect(century.statusCode, century.body).toBe(200);
    // A century in seconds is past a 32-bit integer: the run still works it out.
    const id = await aFullConversation();
    expect(await runArchive(t)).toMatchObject({ archived: 0 });
    expect(await status(id)).toBe(200);
    expect(await archiveAfter(null)).toMatchObject({ archiveAfterDays: null });
  });

  it('lets only compliance officers and admins manage holds', async () => {
    const id = await aFullConversation();
    const refused = await post(t, world.user.token, '/api/Compliance/PlaceHold', {
      name: 'Mine',
      conversationIds: [id],
    });
    expect(refused.statusCode).toBe(403);
    const unknown = await post(t, world.admin.token, '/api/Compliance/PlaceHold', {
      name: 'Nothing',
      conversationIds: ['no-such-conversation'],
    });
    expect(unknown.statusCode).toBe(404);
    const both = await post(t, world.admin.token, '/api/Compliance/PlaceHold', { name: 'Neither' });
    expect(both.statusCode).toBe(400);
  });

  it('refuses an archive changed by a single byte, and restores nothing from it', async () => {
    const id = await aFullConversation();
    await archiveAfter(1);
    await later(2 * DAY);
    const run = await runArchive(t);
    const bytes = readFileSync(run.file!);
    bytes[bytes.length >> 1]! ^= 0x01;
    writeFileSync(run.file!, bytes);

    await expect(restoreArchive(t, run.file!)).rejects.toThrow(/checksum/);
    expect(await status(id)).toBe(404);
  });

  it('runs one archive at a time: a concurrent run is refused and archives nothing twice', async () => {
    const ids = [await aFullConversation(), await aFullConversation('Second')];
    await archiveAfter(1);
    await later(2 * DAY);

    const runs = await Promise.allSettled([runArchive(t), runArchive(t)]);

    const done = runs.filter((r) => r.status === 'fulfilled');
    const refused = runs.filter((r) => r.status === 'rejected');
    expect(done).toHaveLength(1);
    expect(refused.map((r) => r.reason as unknown)).toEqual([expect.any(ArchiveBusyError)]);
    expect(readdirSync(dir).filter((name) => name.endsWith('.jsonl.gz'))).toHaveLength(1);
    for (const id of ids) {
      expect(await status(id)).toBe(404);
    }
  });

  it('keeps a conversation that changed between writing and deleting', async () => {
    const id = await aFullConversation();
    await archiveAfter(1);
    await later(2 * DAY);
    // The owner renames it just as the archive's deletion is about to read its rows again.
    const original = t.store.transaction.bind(t.store);
    t.store.transaction = (work) =>
      original(async (tx) => {
        await tx.conversations.update(id, world.user.user.id, { title: 'Renamed meanwhile' });
        return work(tx);
      });

    const run = await runArchive(t);

    expect(run).toMatchObject({ written: 1, archived: 0, changed: 1 });
    expect(await status(id)).toBe(200);
  });
});

describe('data archive on a schedule, several instances sharing one database', () => {
  let database: IsolatedDatabase;
  let dir: string;
  const apps: TestApp[] = [];

  beforeEach(async () => {
    database = await sharedDatabase();
    dir = mkdtempSync(join(tmpdir(), 'airisk-archive-'));
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const masterKey = randomBytes(32).toString('base64');
  const instance = async (env: Record<string, string> = {}) => {
    const app = await openTestApp(database, {
      AIRISK_ARCHIVE_DIR: dir,
      AIRISK_MASTER_KEY: masterKey,
      ...env,
    });
    apps.push(app);
    return app;
  };

  async function dueConversation(t: TestApp): Promise<string> {
    const world = await chatWorld(t);
    await changeSettings(t, world.admin.token, { archiveAfterDays: 1 });
    const { conversationId } = await ask(t, world.user.token, {
      agentid: world.agent.id,
      question: 'Old question',
    });
    return conversationId;
  }

  const exists = async (t: TestApp, id: string) =>
    (await t.store.archive.existing([id])).length === 1;

  it('archives on its own once the interval has passed', async () => {
    const t = await instance({ AIRISK_ARCHIVE_INTERVAL: '1' });
    const id = await dueConversation(t);
    t.clock.advance(2 * DAY);
    const log = { info: vi.fn(), error: vi.fn() };

    const stop = startArchiving(t, log);
    const gone = await pollUntil(
      () => exists(t, id),
      (found) => !found,
      5000,
    );
    stop();

    expect(gone.done).toBe(true);
    expect(log.error).not.toHaveBeenCalled();
    expect(readdirSync(dir).filter((name) => name.endsWith('.manifest.json'))).toHaveLength(1);
  });

  it('runs on one instance at a time: the other skips while the lease is held', async () => {
    const first = await instance();
    const second = await instance();
    const id = await dueConversation(first);
    first.clock.advance(2 * DAY);
    second.clock.advance(2 * DAY);
    const logs = [first, second].map(() => ({ info: vi.fn(), error: vi.fn() }));

    const results = await Promise.all([
      scheduledArchive(first, logs[0]!),
      scheduledArchive(second, logs[1]!),
    ]);

    expect(results.filter((result) => result !== undefined)).toEqual([
      expect.objectContaining({ archived: 1 }),
    ]);
    const skipped = logs.flatMap((log) => log.info.mock.calls.map((call) => call.at(-1) as string));
    expect(skipped).toContain('archive run skipped: another one is in progress');
    expect(logs.every((log) => log.error.mock.calls.length === 0)).toBe(true);
    expect(await exists(first, id)).toBe(false);
  });
});
