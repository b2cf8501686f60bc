import type { Clock } from '../lib/clock.ts';
import type { NewUserRecord, Store, UserChanges, UserRecord } from '../store/store.ts';
import { NotFoundError } from '../lib/errors.ts';
import { generateId } from '../lib/secrets.ts';
import { parseEmail, parseName, parseRoles, parseUserId } from './user-input.ts';
import { parsePage, type PageInput } from '../vocabulary/paging.ts';
import { assertNotLastAdmin } from './last-admin.ts';
import { assertNotHeld, unlessHeldMeanwhile } from '../compliance/holds.ts';
import { recordAudit } from '../audit/audit.ts';
import { applyCompanyDefaultAgent } from '../company/default-agent.ts';
import { giveNewUserDefaultAgents } from '../chat/default-agents.ts';

export interface UsersDeps {
  store: Store;
  clock: Clock;
}

/** A user as the API shows it: with the ids of its groups. */
export interface UserView extends UserRecord {
  groups: string[];
}

export interface CreateUserInput {
  email: string;
  name: string;
  id?: string | undefined;
  roles?: readonly string[] | undefined;
}

export interface ListUsersInput extends PageInput {
  search?: string | undefined;
  /** Keyset cursor: the email of the last user of the previous page. */
  after?: string | undefined;
}

export interface UserPage {
  users: UserView[];
  /** Cursor for the next page, when this one was full. */
  nextAfter: string | undefined;
}

export interface UpdateUserInput {
  email?: string | undefined;
  name?: string | undefined;
  roles?: readonly string[] | undefined;
  disabled?: boolean | undefined;
}

export async function createUser(
  { store, clock }: UsersDeps,
  input: CreateUserInput,
): Promise<UserRecord> {
  const user: NewUserRecord = {
    id: input.id === undefined ? generateId() : parseUserId(input.id),
    email: parseEmail(input.email),
    name: parseName(input.name),
    roles: parseRoles(input.roles ?? ['User']),
    createdAt: clock.nowSeconds(),
    disabledAt: null,
  };
  // Every way in (CreateUser, an invitation, a CSV import, a first SSO sign-in) comes here, and
  // the user exists only with what a new user is given.
  return store.transaction(async (tx) => {
    await tx.users.insert(user);
    const defaultAgentId = await applyCompanyDefaultAgent(tx, user.id);
    await giveNewUserDefaultAgents(tx, user.id, user.createdAt);
    await recordAudit(tx, clock, {
      event: 'user_created',
      userId: user.id,
      details: { roles: user.roles },
    });
    return { ...user, defaultAgentId };
  });
}

export async function listUsers({ store }: UsersDeps, input: ListUsersInput): Promise<UserPage> {
  const { limit, offset } = parsePage(input);
  const users =
    limit === 0
      ? []
      : await store.users.listWithGroupIds({
          limit,
          offset,
          search: input.search?.trim(),
          afterEmail: input.after,
        });
  const last = users.at(-1);
  return {
    users: users.map(({ groupIds, ...user }) => ({ ...user, groups: groupIds })),
    nextAfter: last && users.length === limit ? last.email.toLowerCase() : undefined,
  };
}

export async function getUser({ store }: UsersDeps, userId: string): Promise<UserView> {
  const user = await store.users.findById(userId);
  if (!user) {
    throw userNotFound(userId);
  }
  const [view] = await withGroups(store, [user]);
  return view as UserView;
}

/** Changes what is given; demoting or disabling the last enabled CompanyAdmin is refused. */
export async function updateUser(
  deps: UsersDeps,
  userId: string,
  input: UpdateUserInput,
): Promise<UserView> {
  const changes: UserChanges = {
    ...(input.email === undefined ? {} : { email: parseEmail(input.email) }),
    ...(input.name === undefined ? {} : { name: parseName(input.name) }),
    ...(input.roles === undefined ? {} : { roles: parseRoles(input.roles) }),
  };
  await deps.store.transaction(async (tx) => {
    const user = await tx.users.findById(userId);
    if (!user) {
      throw userNotFound(userId);
    }
    if (input.disabled !== undefined) {
      changes.disabledAt = input.disabled ? (user.disabledAt ?? deps.clock.nowSeconds()) : null;
    }
    const losesAdmin =
      (changes.roles !== undefined && !changes.roles.includes('CompanyAdmin')) ||
      input.disabled === true;
    if (losesAdmin) {
      await assertNotLastAdmin(tx, userId);
    }
    await tx.users.update(userId, changes);
    if (input.disabled === true) {
      // Ended, not just refused while disabled: enabling the user again revives none of them.
      await tx.sessions.revokeAllOfUser(userId, deps.clock.nowSeconds());
    }
    await recordAudit(tx, deps.clock, {
      event: 'user_updated',
      userId,
      details: {
        changed: Object.keys(changes),
        ...(changes.roles ? { roles: changes.roles } : {}),
      },
    });
  });
  return getUser(deps, userId);
}

/** Deletes the user; its memberships, codes and tokens go with it, so its tokens fail at once. */
export async function deleteUser({ store, clock }: UsersDeps, userId: string): Promise<void> {
  const what = 'The user cannot be deleted';
  await unlessHeldMeanwhile(what, () =>
    store.transaction(async (tx) => {
      await assertNotLastAdmin(tx, userId);
      // Deleting a user deletes their conversations: not while a compliance hold keeps one.
      await assertNotHeld(tx, await tx.archive.conversationIdsOf(userId), what);
      if (!(await tx.users.remove(userId))) {
        throw userNotFound(userId);
      }
      await recordAudit(tx, clock, { event: 'user_deleted', userId });
    }),
  );
}

async function withGroups(store: Store, users: UserRecord[]): Promise<UserView[]> {
  const groups = await store.groups.groupIdsOfUsers(users.map((user) => user.id));
  return users.map((user) => ({ ...user, groups: groups.get(user.id) ?? [] }));
}

export function userNotFound(userId: string): NotFoundError {
  return new NotFoundError(`No user with id "${userId}"`);
}
