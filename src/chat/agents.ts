import type { Clock } from '../lib/clock.ts';
import type { Store } from '../store/store.ts';
import type { AgentAssignments, AgentRecord } from '../store/chat-store.ts';
import { NotFoundError, ValidationError } from '../lib/errors.ts';
import { encryptWithMasterKey } from '../lib/encryption.ts';
import { assertSecretExists } from '../secrets/custom-secrets.ts';
import { generateId } from '../lib/secrets.ts';
import { parseAgentScanners } from '../scanners/company-policies.ts';
import { parseArchiveAfterDays } from '../archive/retention.ts';
import { demoPauseMs, MAX_DEMO_PAUSE_MS } from './engines/demo-model.ts';
import {
  allToolSources,
  resolveAgentTools,
  toolNamesOf,
  type AgentToolNames,
} from './agent-tool-choice.ts';
import {
  DEFAULT_MAX_MESSAGES,
  parseApiKey,
  parseDescription,
  parseEndpoint,
  parseEngine,
  parseMaxMessages,
  parseMaxOutputTokens,
  parseMaxToolSteps,
  parseModel,
  parseName,
  parseRegion,
  parseSystemPrompt,
  parseTemperature,
  type AgentInput,
} from './agent-input.ts';

export interface AgentsDeps {
  store: Store;
  clock: Clock;
  masterKey: Buffer;
}

/**
 * An agent as admins see it: the API key only as whether it is set and its last 4 characters,
 * and the custom APIs and databases it may call by name.
 */
export type AgentView = Omit<AgentRecord, 'apiKeyEncrypted' | 'apiKeyLast4'> &
  AgentToolNames & {
    hasApiKey: boolean;
    apiKeyLast4: string | null;
  };

export function viewAgent(
  { apiKeyEncrypted, ...agent }: AgentRecord,
  tools: AgentToolNames,
): AgentView {
  return { ...agent, ...tools, hasApiKey: apiKeyEncrypted !== null };
}

/** The agent's view, its tools read from the store. */
async function viewOf(store: Store, agent: AgentRecord): Promise<AgentView> {
  const [tools, all] = await Promise.all([store.agentTools.find(agent.id), allToolSources(store)]);
  return viewAgent(agent, toolNamesOf(tools, all));
}

export const DEFAULT_SYSTEM_PROMPT = 'You are a helpful assistant.';

export async function createAgent(
  { store, clock, masterKey }: AgentsDeps,
  input: AgentInput,
): Promise<AgentView> {
  const now = clock.nowSeconds();
  const agent: AgentRecord = {
    id: generateId(),
    name: parseName(input.name ?? ''),
    description: parseDescription(input.description ?? ''),
    engine: parseEngine(input.engine ?? ''),
    model: parseModel(input.model ?? ''),
    endpoint: parseEndpoint(input.endpoint ?? null),
    region: parseRegion(input.region ?? null),
    apiKeyEncrypted: null,
    apiKeyLast4: null,
    apiKeySecret: null,
    ...(await keyFields(store, masterKey, input)),
    useUserKey: input.useUserKey ?? false,
    systemPrompt: parseSystemPrompt(input.systemPrompt ?? DEFAULT_SYSTEM_PROMPT),
    temperature: parseTemperature(input.temperature ?? null),
    maxMessages: parseMaxMessages(input.maxMessages ?? DEFAULT_MAX_MESSAGES),
    maxOutputTokens: parseMaxOutputTokens(input.maxOutputTokens ?? null),
    maxToolSteps: parseMaxToolSteps(input.maxToolSteps ?? null),
    scanners: await parseAgentScanners(input.scanners ?? {}),
    archiveAfterDays: parseArchiveAfterDays(input.archiveAfterDays ?? null),
    createdAt: now,
    updatedAt: now,
  };
  assertReachable(agent);
  const tools = await resolveAgentTools(store, input, { customApiIds: [], customDatabaseIds: [] });
  await store.agents.insert(agent);
  if (tools) {
    await store.agentTools.set(agent.id, tools);
  }
  return viewOf(store, agent);
}

/** Changes only the fields given; `apiKey: null` clears the agent's own key. */
export async function updateAgent(
  { store, clock, masterKey }: AgentsDeps,
  agentId: string,
  input: AgentInput,
): Promise<AgentView> {
  const current = await findAgent(store, agentId);
  const changes: Partial<AgentRecord> = {
    ...(input.name !== undefined && { name: parseName(input.name) }),
    ...(input.description !== undefined && { description: parseDescription(input.description) }),
    ...(input.engine !== undefined && { engine: parseEngine(input.engine) }),
    ...(input.model !== undefined && { model: parseModel(input.model) }),
    ...(input.endpoint !== undefined && { endpoint: parseEndpoint(input.endpoint) }),
    ...(input.region !== undefined && { region: parseRegion(input.region) }),
    ...(await keyFields(store, masterKey, input)),
    ...(input.useUserKey !== undefined && { useUserKey: input.useUserKey }),
    ...(input.systemPrompt !== undefined && {
      systemPrompt: parseSystemPrompt(input.systemPrompt),
    }),
    ...(input.temperature !== undefined && { temperature: parseTemperature(input.temperature) }),
    ...(input.maxMessages !== undefined && { maxMessages: parseMaxMessages(input.maxMessages) }),
    ...(input.maxOutputTokens !== undefined && {
      maxOutputTokens: parseMaxOutputTokens(input.maxOutputTokens),
    }),
    ...(input.scanners !== undefined && {
      scanners: await parseAgentScanners(input.scanners ?? {}),
    }),
    ...(input.archiveAfterDays !== undefined && {
      archiveAfterDays: parseArchiveAfterDays(input.archiveAfterDays),
    }),
    ...(input.maxToolSteps !== undefined && {
      maxToolSteps: parseMaxToolSteps(input.maxToolSteps),
    }),
    updatedAt: clock.nowSeconds(),
  };
  assertReachable({ ...current, ...changes });
  const tools = await resolveAgentTools(store, input, await store.agentTools.find(agentId));
  const updated = await store.agents.update(agentId, changes);
  if (!updated) {
    throw agentNotFound(agentId);
  }
  if (tools) {
    await store.agentTools.set(agentId, tools);
  }
  return viewOf(store, updated);
}

/** Replaces the agent's scanner overrides (the CLI's `scanners set --agent`). */
export async function updateAgentScanners(
  { store, clock }: Pick<AgentsDeps, 'store' | 'clock'>,
  agentId: string,
  scanners: Record<string, unknown>,
): Promise<AgentView> {
  const updated = await store.agents.update(agentId, {
    scanners: await parseAgentScanners(scanners),
    updatedAt: clock.nowSeconds(),
  });
  if (!updated) {
    throw agentNotFound(agentId);
  }
  return viewOf(store, updated);
}

export async function listAllAgents({
  store,
}: Pick<AgentsDeps, 'store'>): Promise<(AgentView & AgentAssignments)[]> {
  const [agents, all] = await Promise.all([store.agents.list(), allToolSources(store)]);
  return Promise.all(
    agents.map(async ({ userIds, groupIds, ...agent }) => ({
      ...viewAgent(agent, toolNamesOf(await store.agentTools.find(agent.id), all)),
      userIds,
      groupIds,
    })),
  );
}

/** What a user sees of the agents it may use: nothing of their keys, endpoints or prompts. */
export async function usableAgents(
  { store }: Pick<AgentsDeps, 'store'>,
  userId: string,
): Promise<
  (Pick<AgentRecord, 'id' | 'name' | 'description' | 'engine' | 'model'> & { isDefault: boolean })[]
> {
  return (await store.agents.listUsable(userId)).map(
    ({ id, name, description, engine, model, isDefault }) => ({
      id,
      name,
      description,
      engine,
      model,
      isDefault,
    }),
  );
}

export async function deleteAgent(
  { store }: Pick<AgentsDeps, 'store'>,
  agentId: string,
): Promise<void> {
  if (!(await store.agents.remove(agentId))) {
    throw agentNotFound(agentId);
  }
}

export async function findAgent(store: Store, agentId: string): Promise<AgentRecord> {
  const agent = await store.agents.findById(agentId);
  if (!agent) {
    throw agentNotFound(agentId);
  }
  return agent;
}

export function agentNotFound(agentId: string): NotFoundError {
  return new NotFoundError(`No agent with id "${agentId}"`);
}

/**
 * The key fields the input changes: its own key (`apiKey`, sealed) or a custom secret's name
 * (`apiKeySecret`); setting one drops the other, and null clears it.
 */
async function keyFields(
  store: Store,
  masterKey: Buffer,
  { apiKey, apiKeySecret }: AgentInput,
): Promise<Partial<Pick<AgentRecord, 'apiKeyEncrypted' | 'apiKeyLast4' | 'apiKeySecret'>>> {
  if (typeof apiKey === 'string' && typeof apiKeySecret === 'string') {
    throw new ValidationError(
      'Give apiKey or apiKeySecret, not both: they are two ways to one key',
    );
  }
  const ownKeyCleared = { apiKeyEncrypted: null, apiKeyLast4: null };
  if (typeof apiKeySecret === 'string') {
    return { ...ownKeyCleared, apiKeySecret: await assertSecretExists(store, apiKeySecret) };
  }
  const key = apiKey === undefined ? undefined : parseApiKey(apiKey);
  return {
    ...(apiKeySecret === null && { apiKeySecret: null }),
    ...(key === null && ownKeyCleared),
    ...(typeof key === 'string' && {
      apiKeyEncrypted: encryptWithMasterKey(masterKey, key),
      apiKeyLast4: key.slice(-4),
      apiKeySecret: null,
    }),
  };
}

const NEEDS_ENDPOINT = new Set(['azure-openai', 'llama']);
const NEEDS_KEY = new Set(['openai', 'azure-openai', 'mistral', 'google', 'bedrock']);

/** Refuses an agent that could never answer, saying which setting is missing. */
function assertReachable(agent: AgentRecord): void {
  if (NEEDS_ENDPOINT.has(agent.engine) && agent.endpoint === null) {
    throw new ValidationError(
      `The ${agent.engine} engine needs an endpoint: the base URL of your ${
        agent.engine === 'llama'
          ? 'OpenAI-compatible server, e.g. http://localhost:11434/v1'
          : 'Azure OpenAI resource, e.g. https://NAME.openai.azure.com/openai'
      }`,
    );
  }
  if (agent.engine === 'demo' && demoPauseMs(agent.model) === undefined) {
    throw new ValidationError(
      `The demo engine's model "${agent.model}" names no pause: demo-<N>ms pauses N milliseconds before each word (N from 0 to ${MAX_DEMO_PAUSE_MS}, e.g. demo-25ms); any other model, such as demo, pauses 10`,
    );
  }
  if (agent.apiKeySecret !== null && agent.useUserKey) {
    throw new ValidationError(
      "apiKeySecret and useUserKey are two different keys for every user: set useUserKey false to use the custom secret, or apiKeySecret null to use each user's own key",
    );
  }
  const hasKey = agent.apiKeyEncrypted !== null || agent.apiKeySecret !== null;
  if (NEEDS_KEY.has(agent.engine) && !hasKey && !agent.useUserKey) {
    throw new ValidationError(
      `The ${agent.engine} engine needs an API key: set apiKey (CLI: --api-key-env VARIABLE), apiKeySecret (a custom secret's name), or useUserKey so that each user's own key (SetUserToken) is used`,
    );
  }
}
