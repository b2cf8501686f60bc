import type { Store } from '../store/store.ts';
import type { Assignee } from '../store/chat-store.ts';
import type { AgentsDeps } from './agents.ts';
import { findAgent } from './agents.ts';
import { NotFoundError, ValidationError } from '../lib/errors.ts';
import { userNotFound } from '../users/users.ts';

/** To whom an agent is (un)assigned: exactly one of a user and a group. */
export interface AssignmentInput {
  agentId: string;
  userId?: string | undefined;
  groupId?: string | undefined;
}

function assigneeOf({ userId, groupId }: AssignmentInput): Assignee {
  if ((userId === undefined) === (groupId === undefined)) {
    throw new ValidationError('Give exactly one of userId and groupId');
  }
  return userId !== undefined ? { userId } : { groupId: groupId as string };
}

/** Idempotent; returns false when the agent already was assigned there. */
export async function assignAgent(
  { store, clock }: Pick<AgentsDeps, 'store' | 'clock'>,
  input: AssignmentInput,
): Promise<boolean> {
  const assignee = assigneeOf(input);
  await findAgent(store, input.agentId);
  await assertAssigneeExists(store, assignee);
  return store.agents.assign(input.agentId, assignee, clock.nowSeconds());
}

export async function unassignAgent(
  { store }: Pick<AgentsDeps, 'store'>,
  input: AssignmentInput,
): Promise<void> {
  const assignee = assigneeOf(input);
  await findAgent(store, input.agentId);
  if (!(await store.agents.unassign(input.agentId, assignee))) {
    const who = 'userId' in assignee ? `user "${assignee.userId}"` : `group "${assignee.groupId}"`;
    throw new NotFoundError(`Agent "${input.agentId}" is not assigned to ${who}`);
  }
}

/**
 * Sets the user's default agent, which the user may then use even unassigned (so only admins
 * set it); `agentId: null` clears it.
 */
export async function setDefaultAgent(
  { store }: Pick<AgentsDeps, 'store'>,
  input: { userId: string; agentId: string | null },
): Promise<void> {
  if (input.agentId !== null) {
    await findAgent(store, input.agentId);
  }
  if (!(await store.agents.setDefault(input.userId, input.agentId))) {
    throw userNotFound(input.userId);
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
