import type { AgentRecord } from '../store/chat-store.ts';
import type { EngineSettings } from './engines/engine.ts';
import { decryptWithMasterKey } from '../lib/encryption.ts';
import { ValidationError } from '../lib/errors.ts';
import { useSecret, type SecretsDeps } from '../secrets/custom-secrets.ts';

/**
 * The agent's engine settings with its key unsealed: the agent's own, a custom secret's (each
 * use audited), or the user's. `userId` is null when the company asks (an AI scanner's judge).
 */
export async function engineSettingsFor(
  deps: SecretsDeps,
  agent: AgentRecord,
  userId: string | null,
): Promise<EngineSettings> {
  return {
    engine: agent.engine,
    model: agent.model,
    endpoint: agent.endpoint,
    region: agent.region,
    apiKey: await agentKey(deps, agent, userId),
    temperature: agent.temperature,
    maxOutputTokens: agent.maxOutputTokens,
  };
}

/** The key chat would use for the agent; null for an engine that needs none. */
export async function agentKey(
  deps: SecretsDeps,
  agent: AgentRecord,
  userId: string | null,
): Promise<string | null> {
  if (agent.apiKeySecret !== null) {
    return useSecret(deps, agent.apiKeySecret, { agentId: agent.id, userId });
  }
  if (!agent.useUserKey || userId === null) {
    return agent.apiKeyEncrypted && decryptWithMasterKey(deps.masterKey, agent.apiKeyEncrypted);
  }
  const sealed = await deps.store.credentials.findSecret(userId, agent.engine);
  if (sealed === undefined) {
    throw new ValidationError(
      `Agent "${agent.name}" uses each user's own ${agent.engine} key, and you have none: set it with POST /api/Users/SetUserToken {"userId":"${userId}","provider":"${agent.engine}","token":"…"}`,
    );
  }
  return decryptWithMasterKey(deps.masterKey, sealed);
}
