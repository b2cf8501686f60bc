import { listAllAgents, type AgentView } from '../chat/agents.ts';
import { NotFoundError } from '../lib/errors.ts';
import type { CliContext } from './context.ts';

/** The agent an admin names on the command line: by id, else by name in any case. */
export async function resolveAgent(context: CliContext, idOrName: string): Promise<AgentView> {
  const all = await listAllAgents(context);
  const agent =
    all.find((a) => a.id === idOrName) ??
    all.find((a) => a.name.toLowerCase() === idOrName.trim().toLowerCase());
  if (!agent) {
    throw new NotFoundError(`No agent with id or name "${idOrName}"`);
  }
  return agent;
}
