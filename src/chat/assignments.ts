import type { Store } from '../store/store.ts';
import type { Assignee } from '../store/chat-store.ts';
import type { AgentsDeps } from './agents.ts';
import { findAgent } from './agents.ts';
import { NotFoundError, ValidationError } from '../lib/errors.ts';
import { userNotFound } from '../users/users.ts';

/** To whom an agent is (un)assigned: exactly one of a user and a group. */
export interface AssignmentInput {
  agentid: string;
  userid?: string | undefined;
  groupid?: string | undefined;
}

function assigneeOf({ userid, groupid }: AssignmentInput): Assignee {
  if ((userid === undefined) === (groupid === undefined)) {
    throw new ValidationError('Give exactly one of userid and groupid');
  }
  return userid !== undefined ? { userId: userid } : { groupId: groupid as string };
}

/** Idempotent; returns false when the agent already was assigned there. */
export async function assignAgent(
  { store, clock }: Pick<AgentsDeps, 'store' | 'clock'>,
  input: AssignmentInput,
): Promise<boolean> {
  const assignee = assigneeOf(input);
  await findAgent(store, input.agentid);
  await assertAssigneeExists(store, assignee);
  return store.agents.assign(input.agentid, assignee, clock.nowSeconds());
}

export async function unassignAgent(
  { store }: Pick<AgentsDeps, 'store'>,
  input: AssignmentInput,
): Promise<void> {
  const assignee = assigneeOf(input);
  await findAgent(store, input.agentid);
  if (!(await store.agents.unassign(input.agentid, assignee))) {
    const who = 'userId' in assignee ? `user "${assignee.userId}"` : `group "${assignee.groupId}"`;
    throw new NotFoundError(`Agent "${input.agentid}" is not assigned to ${who}`);
  }
}

/**
 * Sets the user's default agent, which the user may then use even unassigned (so only admins
 * set it); `agentid: null` clears it.
 */
export async function setDefaultAgent(
  { store }: Pick<AgentsDeps, 'store'>,
  input: { userid: string; agentid: string | null },
): Promise<void> {
  if (input.agentid !== null) {
    await findAgent(store, input.agentid);
  }
  if (!(await store.agents.setDefault(input.userid, input.agentid))) {
    throw userNotFound(input.userid);
  }
}

async function assertAssigneeExists(store: Store, assignee: Assignee): Promise<void> {
  if ('userId' in assignee) {
    if (!(await store.users.findById(assignee.userId))) {
      throw userNotFound(assignee.userId);
    }
  } else if (!(await store.groups.findById(assignee.groupId))) {
    throw new NotFoundError(`No group with id "${assignee.groupId}"`);
  }
}
