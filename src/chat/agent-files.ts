import type { AgentRecord, FileSummary } from '../store/chat-store.ts';
import type { Actor } from '../users/user-credentials.ts';
import { agentNotFound, findAgent } from './agents.ts';
import { storeFiles, type FilesDeps, type Upload } from './chat-files.ts';

// An agent's files (the AIRisk documentation's Admin > AI Agents > Files): a CompanyAdmin's
// upload is the agent's own, shared with all its users; a user's stays that user's.

/** A file of an agent, saying whether it is shared with all its users or someone's own. */
export interface AgentFileView extends FileSummary {
  shared: boolean;
}

/**
 * A CompanyAdmin attaches the files to the agent itself, any agent: every user's conversations
 * with it read them. Anyone else adds files read only in their own conversations with an
 * agent they may use.
 */
export async function addFilesToAgent(
  deps: FilesDeps,
  actor: Actor,
  agentId: string,
  uploads: readonly Upload[],
  clientIp: string | null,
): Promise<AgentFileView[]> {
  const { scope, agent } = await fileScopeOn(deps, actor, agentId);
  const files = await storeFiles(
    deps,
    {
      userId: scope === 'agent' ? null : actor.userId,
      uploadedBy: actor.userId,
      conversationId: null,
      agentId,
    },
    uploads,
    { agent, clientIp },
  );
  return files.map(viewAgentFile);
}

/**
 * Oldest first, the order the model reads them in: for a CompanyAdmin every file of the agent,
 * for anyone else the shared ones and their own.
 */
export async function listAgentFiles(
  deps: Pick<FilesDeps, 'store'>,
  actor: Actor,
  agentId: string,
): Promise<AgentFileView[]> {
  const { scope } = await fileScopeOn(deps, actor, agentId);
  const files = await deps.store.files.listForAgent(
    agentId,
    scope === 'agent' ? undefined : actor.userId,
  );
  return files.map(viewAgentFile);
}

/**
 * Which of the agent's files the actor manages: a CompanyAdmin the agent's own (any existing
 * agent, assigned to them or not), a user their own for an agent they may use. Any other agent
 * is 404, whether it exists or not.
 */
async function fileScopeOn(
  { store }: Pick<FilesDeps, 'store'>,
  actor: Actor,
  agentId: string,
): Promise<{ scope: 'agent' | 'own'; agent: AgentRecord }> {
  if (actor.roles.includes('CompanyAdmin')) {
    return { scope: 'agent', agent: await findAgent(store, agentId) };
  }
  const agent = await store.agents.findUsable(agentId, actor.userId);
  if (!agent) {
    throw agentNotFound(agentId);
  }
  return { scope: 'own', agent };
}

function viewAgentFile(file: FileSummary): AgentFileView {
  return { ...file, shared: file.userId === null };
}
