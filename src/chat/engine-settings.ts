import type { Store } from '../store/store.ts';
import type { AgentRecord } from '../store/chat-store.ts';
import type { EngineSettings } from './engines/engine.ts';
import { decryptWithMasterKey } from '../lib/encryption.ts';
import { ValidationError } from '../lib/errors.ts';

/** The agent's engine settings with its key unsealed: the agent's own, or the user's. */
export async function engineSettingsFor(
  store: Store,
  masterKey: Buffer,
  agent: AgentRecord,
  userId: string,
): Promise<EngineSettings> {
  const sealed = agent.useUserKey
    ? await store.credentials.findSecret(userId, agent.engine)
    : agent.apiKeyEncrypted;
  if (agent.useUserKey && sealed === undefined) {
    throw new ValidationError(
      `Agent "${agent.name}" uses each user's own ${agent.engine} key, and you have none: set it with POST /api/Users/SetUserToken {"userId":"${userId}","provider":"${agent.engine}","token":"…"}`,
    );
  }
  return {
    engine: agent.engine,
    model: agent.model,
    endpoint: agent.endpoint,
    region: agent.region,
    apiKey: sealed ? decryptWithMasterKey(masterKey, sealed) : null,
    temperature: agent.temperature,
    maxOutputTokens: agent.maxOutputTokens,
  };
}
