import { giveGroupDefaultAgents } from '../chat/default-agents.ts';
import type { Clock } from '../lib/clock.ts';
import type { GroupRecord, GroupWithCount, Store, UserRecord } from '../store/store.ts';
import { NotFoundError } from '../lib/errors.ts';
import { generateId } from '../lib/secrets.ts';
import { parseName } from '../users/user-input.ts';
import { parsePage, type PageInput } from '../vocabulary/paging.ts';
import { userNotFound } from '../users/users.ts';
import { recordAudit } from '../audit/audit.ts';

export interface GroupsDeps {
  store: Store;
  clock: Clock;
}

export interface CreateGroupInput {
  name: string;
  description?: string | undefined;
}

export interface GroupWithMembers extends GroupRecord {
  members: UserRecord[];
}

export async function createGroup(
  { store, clock }: GroupsDeps,
  input: CreateGroupInput,
): Promise<GroupRecord> {
  const group: GroupRecord = {
    id: generateId(),
    name: parseName(input.name),
    description: (input.description ?? '').trim(),
    createdAt: clock.nowSeconds(),
  };
  await store.groups.insert(group);
  await recordAudit(store, clock, {
    event: 'group_created',
    details: { groupId: group.id, name: group.name },
  });
  return group;
}

export function listGroups(
  { store }: GroupsDeps,
  input: PageInput & { search?: string | undefined },
): Promise<GroupWithCount[]> {
  const { limit, offset } = parsePage(input);
  return limit === 0
    ? Promise.resolve([])
    : store.groups.list({ limit, offset, search: input.search?.trim() });
}

export async function getGroup({ store }: GroupsDeps, groupId: string): Promise<GroupWithMembers> {
  const group = await findGroup(store, groupId);
  return { ...group, members: await store.groups.listMembers(groupId) };
}

/** Renames the group; names stay unique in any case (ConflictError), its own included. */
export async function renameGroup(
  { store, clock }: GroupsDeps,
  input: { groupId: string; name: string },
): Promise<GroupRecord> {
  const renamed = await store.groups.rename(input.groupId, parseName(input.name));
  if (!renamed) {
    throw groupNotFound(input.groupId);
  }
  await recordAudit(store, clock, {
    event: 'group_renamed',
    details: { groupId: renamed.id, name: renamed.name },
  });
  return renamed;
}

/** Deletes the group and its memberships; its users stay. */
export async function deleteGroup({ store, clock }: GroupsDeps, groupId: string): Promise<void> {
  if (!(await store.groups.remove(groupId))) {
    throw groupNotFound(groupId);
  }
  await recordAudit(store, clock, { event: 'group_deleted', details: { groupId } });
}

/** Idempotent: adding a member twice leaves one membership. Returns false when it already was. */
export async function addUserToGroup(
  { store, clock }: GroupsDeps,
  userId: string,
  groupId: string,
): Promise<boolean> {
  await findGroup(store, groupId);
  if (!(await store.users.findById(userId))) {
    throw userNotFound(userId);
  }
  const now = clock.nowSeconds();
  return store.transaction(async (tx) => {
    const added = await tx.groups.addMember(groupId, userId, now);
    if (added) {
      await giveGroupDefaultAgents(tx, groupId, userId, now);
      await recordAudit(tx, clock, { event: 'group_member_added', userId, details: { groupId } });
    }
    return added;
  });
}

/** A user who is not a member is a 404: there is no such membership. */
export async function removeUserFromGroup(
  { store, clock }: GroupsDeps,
  userId: string,
  groupId: string,
): Promise<void> {
  await findGroup(store, groupId);
  if (!(await store.groups.removeMember(groupId, userId))) {
    throw new NotFoundError(`User "${userId}" is not a member of group "${groupId}"`);
  }
  await recordAudit(store, clock, { event: 'group_member_removed', userId, details: { groupId } });
}

async function findGroup(store: Store, groupId: string): Promise<GroupRecord> {
  const group = await store.groups.findById(groupId);
  if (!group) {
    throw groupNotFound(groupId);
  }
  return group;
}

function groupNotFound(groupId: string): NotFoundError {
  return new NotFoundError(`No group with id "${groupId}"`);
}
