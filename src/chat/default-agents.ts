import type { Clock } from '../lib/clock.ts';
import type { DefaultAgentRecord } from '../store/chat-store.ts';
import type { Store } from '../store/store.ts';
import { NotFoundError } from '../lib/errors.ts';
import { recordAudit } from '../audit/audit.ts';
import { findAgent } from './agents.ts';

// Server Admin → Default Agents. A default agent is *given*: assigned to the user directly when
// the user is created (server-wide list) or joins a group (that group's list), so it stays when
// the user leaves the group, and an admin may still take it away from one user.

export interface DefaultAgentsDeps {
  store: Store;
  clock: Clock;
}

/** Where a default applies: every new user without `groupId`, else whoever joins that group. */
export interface DefaultAgentInput {
  agentId: string;
  groupId?: string | null | undefined;
}

export interface AddDefaultAgentInput extends DefaultAgentInput {
  /** Also give it now to every existing user (or every current member of the group). */
  giveToExisting?: boolean | undefined;
}

export interface AddedDefaultAgent {
  /** False when it already was a default there (adding twice is not an error). */
  added: boolean;
  /** Users who were given the agent now (with `giveToExisting`), not counting those who had it. */
  usersGiven: number;
}

export function listDefaultAgents({ store }: DefaultAgentsDeps): Promise<DefaultAgentRecord[]> {
  return store.defaultAgents.list();
}

export async function addDefaultAgent(
  { store, clock }: DefaultAgentsDeps,
  input: AddDefaultAgentInput,
): Promise<AddedDefaultAgent> {
  const groupId = input.groupId ?? null;
  await findAgent(store, input.agentId);
  await assertGroupExists(store, groupId);
  const now = clock.nowSeconds();
  return store.transaction(async (tx) => {
    const added = await tx.defaultAgents.add(input.agentId, groupId, now);
    const usersGiven = input.giveToExisting
      ? await tx.defaultAgents.giveToEveryone(input.agentId, groupId, now)
      : 0;
    if (added || usersGiven > 0) {
      await recordAudit(tx, clock, {
        event: 'default_agent_added',
        details: { agentId: input.agentId, groupId, usersGiven },
      });
    }
    return { added, usersGiven };
  });
}

/** Users already given the agent keep it; only who is given it from now on changes. */
export async function removeDefaultAgent(
  { store, clock }: DefaultAgentsDeps,
  input: DefaultAgentInput,
): Promise<void> {
  const groupId = input.groupId ?? null;
  if (!(await store.defaultAgents.remove(input.agentId, groupId))) {
    const where = groupId === null ? 'for new users' : `of group "${groupId}"`;
    throw new NotFoundError(`Agent "${input.agentId}" is not a default agent ${where}`);
  }
  await recordAudit(store, clock, {
    event: 'default_agent_removed',
    details: { agentId: input.agentId, groupId },
  });
}

/** For a user just created: the server-wide default agents. */
export function giveNewUserDefaultAgents(store: Store, userId: string, now: number) {
  return store.defaultAgents.giveToUser(userId, null, now);
}

/** For a user who just joined the group: that group's default agents. */
export function giveGroupDefaultAgents(store: Store, groupId: string, userId: string, now: number) {
  return store.defaultAgents.giveToUser(userId, groupId, now);
}

async function assertGroupExists(store: Store, groupId: string | null): Promise<void> {
  if (groupId !== null && !(await store.groups.findById(groupId))) {
    throw new NotFoundError(`No group with id "${groupId}"`);
  }
}
