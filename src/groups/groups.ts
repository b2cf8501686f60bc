import type { Clock } from '../lib/clock.ts';
import type { GroupRecord, GroupWithCount, Store, UserRecord } from '../store/store.ts';
import { NotFoundError } from '../lib/errors.ts';
import { generateId } from '../lib/secrets.ts';
import { parseName } from '../users/user-input.ts';
import { parsePage, type PageInput } from '../vocabulary/paging.ts';
import { userNotFound } from '../users/users.ts';

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

/** Deletes the group and its memberships; its users stay. */
export async function deleteGroup({ store }: GroupsDeps, groupId: string): Promise<void> {
  if (!(await store.groups.remove(groupId))) {
    throw groupNotFound(groupId);
  }
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
  return store.groups.addMember(groupId, userId, clock.nowSeconds());
}

/** A user who is not a member is a 404: there is no such membership. */
export async function removeUserFromGroup(
  { store }: GroupsDeps,
  userId: string,
  groupId: string,
): Promise<void> {
  await findGroup(store, groupId);
  if (!(await store.groups.removeMember(groupId, userId))) {
    throw new NotFoundError(`User "${userId}" is not a member of group "${groupId}"`);
  }
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
