import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CredentialRecord, GroupRecord, Store, UserRecord } from '../../src/store/store.ts';
import { ConflictError } from '../../src/lib/errors.ts';
import { openTestStore } from '../helpers/test-store.ts';

// The GroupRepository and CredentialRepository contracts, and UserRepository.lockActiveAdmins,
// on whichever store the suite runs (SQLite or PostgreSQL).

const NOW = 1_700_000_000;

let store: Store;
let close: () => Promise<void>;
beforeEach(async () => {
  ({ store, close } = await openTestStore());
});
afterEach(() => close());

function aGroup(overrides: Partial<GroupRecord> = {}): GroupRecord {
  const suffix = randomBytes(4).toString('hex');
  return {
    id: `g_${suffix}`,
    name: `Group ${suffix}`,
    description: '',
    createdAt: NOW,
    ...overrides,
  };
}

async function aUser(overrides: Partial<UserRecord> = {}): Promise<UserRecord> {
  const suffix = randomBytes(4).toString('hex');
  const user: UserRecord = {
    id: `user_${suffix}`,
    email: `${suffix}@example.com`,
    name: `User ${suffix}`,
    roles: ['User'],
    createdAt: NOW,
    disabledAt: null,
    defaultAgentId: null,
    ...overrides,
  };
  await store.users.insert(user);
  return user;
}

async function insertGroup(overrides: Partial<GroupRecord> = {}): Promise<GroupRecord> {
  const group = aGroup(overrides);
  await store.groups.insert(group);
  return group;
}

const ids = (records: { id: string }[]) => records.map((record) => record.id);

describe('groups repository', () => {
  it('finds an inserted group by id, exactly as inserted', async () => {
    const group = await insertGroup({ id: 'g1', name: 'Finance', description: 'Money' });
    expect(await store.groups.findById('g1')).toEqual(group);
    expect(await store.groups.findById('G1')).toBeUndefined();
    expect(await store.groups.findById('nope')).toBeUndefined();
  });

  it('refuses a name taken in another case with ConflictError', async () => {
    await insertGroup({ name: 'Finance' });
    await expect(store.groups.insert(aGroup({ name: 'fINANCE' }))).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect(await store.groups.list({ limit: 10, offset: 0 })).toHaveLength(1);
  });

  it('finds groups by names in any case', async () => {
    const finance = await insertGroup({ name: 'Finance' });
    const legal = await insertGroup({ name: 'legal' });
    await insertGroup({ name: 'Sales' });

    const found = await store.groups.findByNames(['FINANCE', 'Legal', 'unknown']);

    expect(found.sort((a, b) => a.name.localeCompare(b.name))).toEqual([finance, legal]);
    expect(await store.groups.findByNames([])).toEqual([]);
  });

  it('lists pages by name in any case, with member counts and a literal search', async () => {
    const beta = await insertGroup({ name: 'beta' });
    const alpha = await insertGroup({ name: 'Alpha' });
    const gamma = await insertGroup({ name: 'Gamma 50%' });
    await insertGroup({ name: 'Gamma 500' });
    const [u1, u2] = [await aUser(), await aUser()];
    await store.groups.addMember(beta.id, u1.id, NOW);
    await store.groups.addMember(beta.id, u2.id, NOW);
    await store.groups.addMember(alpha.id, u1.id, NOW);

    const page = await store.groups.list({ limit: 3, offset: 0 });

    expect(page).toEqual([
      { ...alpha, memberCount: 1 },
      { ...beta, memberCount: 2 },
      { ...gamma, memberCount: 0 },
    ]);
    expect(ids(await store.groups.list({ limit: 2, offset: 1 }))).toEqual([beta.id, gamma.id]);
    expect(ids(await store.groups.list({ limit: 10, offset: 0, search: '50%' }))).toEqual([
      gamma.id,
    ]);
    expect(ids(await store.groups.list({ limit: 10, offset: 0, search: 'ALP' }))).toEqual([
      alpha.id,
    ]);
  });

  it('removes a group with its memberships, never its users; then answers false', async () => {
    const group = await insertGroup();
    const other = await insertGroup();
    const user = await aUser();
    await store.groups.addMember(group.id, user.id, NOW);
    await store.groups.addMember(other.id, user.id, NOW);

    expect(await store.groups.remove(group.id)).toBe(true);

    expect(await store.groups.findById(group.id)).toBeUndefined();
    expect(await store.groups.listMembers(group.id)).toEqual([]);
    expect(await store.users.findById(user.id)).toEqual(user);
    expect((await store.groups.groupIdsOfUsers([user.id])).get(user.id)).toEqual([other.id]);
    expect(await store.groups.remove(group.id)).toBe(false);
  });

  it('adds a member once (true, then false) and removes it once (true, then false)', async () => {
    const group = await insertGroup();
    const user = await aUser();

    expect(await store.groups.addMember(group.id, user.id, NOW)).toBe(true);
    expect(await store.groups.addMember(group.id, user.id, NOW + 1)).toBe(false);
    expect(ids(await store.groups.listMembers(group.id))).toEqual([user.id]);

    expect(await store.groups.removeMember(group.id, user.id)).toBe(true);
    expect(await store.groups.removeMember(group.id, user.id)).toBe(false);
    expect(await store.groups.listMembers(group.id)).toEqual([]);
  });

  it('lists members as full user records ordered by email in any case', async () => {
    const group = await insertGroup();
    const carol = await aUser({ email: 'carol@example.com', roles: ['Monitor'] });
    const alice = await aUser({ email: 'Alice@example.com' });
    const bob = await aUser({ email: 'bob@example.com', disabledAt: NOW });
    await aUser({ email: 'aaron@example.com' });
    for (const user of [carol, alice, bob]) {
      await store.groups.addMember(group.id, user.id, NOW);
    }

    expect(await store.groups.listMembers(group.id)).toEqual([alice, bob, carol]);
  });

  it("drops a deleted user's memberships", async () => {
    const group = await insertGroup();
    const [stays, goes] = [await aUser(), await aUser()];
    await store.groups.addMember(group.id, stays.id, NOW);
    await store.groups.addMember(group.id, goes.id, NOW);

    expect(await store.users.remove(goes.id)).toBe(true);

    expect(ids(await store.groups.listMembers(group.id))).toEqual([stays.id]);
    expect((await store.groups.list({ limit: 1, offset: 0 }))[0]?.memberCount).toBe(1);
  });

  it('maps every asked user to its group ids, ordered by id', async () => {
    const [g1, g2, g3] = [
      await insertGroup({ id: 'g_b' }),
      await insertGroup({ id: 'g_a' }),
      await insertGroup({ id: 'g_c' }),
    ];
    const [u1, u2, u3] = [await aUser(), await aUser(), await aUser()];
    await store.groups.addMember(g1.id, u1.id, NOW);
    await store.groups.addMember(g2.id, u1.id, NOW);
    await store.groups.addMember(g3.id, u2.id, NOW);

    const map = await store.groups.groupIdsOfUsers([u1.id, u3.id, 'nobody']);

    expect(Object.fromEntries(map)).toEqual({ [u1.id]: ['g_a', 'g_b'], [u3.id]: [], nobody: [] });
    expect((await store.groups.groupIdsOfUsers([])).size).toBe(0);
  });
});

describe('credentials repository', () => {
  const aCredential = (userId: string, overrides: Partial<CredentialRecord> = {}) => ({
    userId,
    provider: 'openai',
    secretEncrypted: `v1.sealed-${randomBytes(8).toString('hex')}`,
    last4: 'AAAA',
    updatedAt: NOW,
    ...overrides,
  });

  it('lists what was upserted, by provider, without the secret', async () => {
    const user = await aUser();
    const other = await aUser();
    const openai = aCredential(user.id);
    await store.credentials.upsert(openai);
    await store.credentials.upsert(aCredential(user.id, { provider: 'azure', last4: 'BBBB' }));
    await store.credentials.upsert(aCredential(other.id, { last4: 'CCCC' }));

    const listed = await store.credentials.list(user.id);

    expect(listed).toEqual([
      { userId: user.id, provider: 'azure', last4: 'BBBB', updatedAt: NOW },
      { userId: user.id, provider: 'openai', last4: 'AAAA', updatedAt: NOW },
    ]);
    expect(JSON.stringify(listed)).not.toContain(openai.secretEncrypted);
    expect(await store.credentials.list('nobody')).toEqual([]);
  });

  it('replaces on a second upsert for the same user and provider', async () => {
    const user = await aUser();
    await store.credentials.upsert(aCredential(user.id));
    await store.credentials.upsert(aCredential(user.id, { last4: 'ZZZZ', updatedAt: NOW + 5 }));

    expect(await store.credentials.list(user.id)).toEqual([
      { userId: user.id, provider: 'openai', last4: 'ZZZZ', updatedAt: NOW + 5 },
    ]);
  });

  it('removes once (true, then false), and goes with its user', async () => {
    const user = await aUser();
    await store.credentials.upsert(aCredential(user.id));
    await store.credentials.upsert(aCredential(user.id, { provider: 'mistral' }));

    expect(await store.credentials.remove(user.id, 'openai')).toBe(true);
    expect(await store.credentials.remove(user.id, 'openai')).toBe(false);
    expect((await store.credentials.list(user.id)).map((c) => c.provider)).toEqual(['mistral']);

    await store.users.remove(user.id);
    expect(await store.credentials.list(user.id)).toEqual([]);
  });
});

describe('users.lockActiveAdmins', () => {
  it('answers the enabled CompanyAdmins only', async () => {
    const a = await aUser({ roles: ['CompanyAdmin'] });
    const b = await aUser({ roles: ['Monitor', 'CompanyAdmin'] });
    await aUser({ roles: ['CompanyAdmin'], disabledAt: NOW });
    await aUser({ roles: ['User', 'Monitor', 'Compliance'] });

    expect((await store.users.lockActiveAdmins()).sort()).toEqual([a.id, b.id].sort());
  });

  it('makes a second transaction wait until the first has committed, then see its change', async () => {
    const a = await aUser({ roles: ['CompanyAdmin'] });
    const b = await aUser({ roles: ['CompanyAdmin'] });
    let locked!: () => void;
    let release!: () => void;
    const firstLocked = new Promise<void>((resolve) => (locked = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    const events: string[] = [];

    const first = store.transaction(async (tx) => {
      expect((await tx.users.lockActiveAdmins()).sort()).toEqual([a.id, b.id].sort());
      locked();
      await released;
      await tx.users.update(a.id, { roles: ['User'] });
      events.push('first done');
    });
    await firstLocked;
    const second = store.transaction(async (tx) => {
      const admins = await tx.users.lockActiveAdmins();
      events.push('second locked');
      return admins;
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(events).toEqual([]);

    release();
    await first;

    expect(await second).toEqual([b.id]);
    expect(events).toEqual(['first done', 'second locked']);
  });
});
