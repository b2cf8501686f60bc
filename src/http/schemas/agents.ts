import { Type, type Static } from 'typebox';
import { Id, Nullable, Timestamp } from './common.ts';
import type { AgentView } from '../../chat/agents.ts';
import type { AgentAssignments } from '../../store/chat-store.ts';
import { isoTime } from '../../lib/iso-time.ts';
import { ENGINE_NAMES } from '../../vocabulary/engines.ts';
import { MAX_RETENTION_DAYS } from '../../vocabulary/limits.ts';
import { DEFAULT_TOOL_STEPS, MAX_TOOL_STEPS } from '../../vocabulary/tools.ts';
import { MAX_AGENT_TOOL_SOURCES } from '../../chat/agent-tool-choice.ts';
import { ScannerPoliciesPatchSchema } from './scanners.ts';

const EngineSchema = Type.Enum(ENGINE_NAMES, {
  description:
    'demo needs no network; llama is any OpenAI-compatible server (Ollama, vLLM, llama.cpp)',
});

const AgentSettings = {
  name: Type.String({ maxLength: 200, examples: ['Policy helper'] }),
  description: Type.String({ maxLength: 2000 }),
  engine: EngineSchema,
  model: Type.String({
    maxLength: 200,
    description: 'Model id; for Azure OpenAI the deployment name',
    examples: ['gpt-4o-mini'],
  }),
  endpoint: Nullable(
    Type.String({
      maxLength: 2000,
      description:
        "The provider's base URL; null: its public default (required for azure-openai and llama)",
    }),
  ),
  region: Nullable(Type.String({ maxLength: 40, description: 'AWS region (bedrock)' })),
  apiKeySecret: Nullable(
    Type.String({
      maxLength: 100,
      description:
        "The name of a custom secret (GET /api/Secrets/ListSecrets) whose value is the agent's API key, instead of an apiKey of its own; null: none",
    }),
  ),
  useUserKey: Type.Boolean({
    description: "Use each user's own key for the engine (SetUserToken, provider = engine name)",
  }),
  systemPrompt: Type.String({ maxLength: 100_000 }),
  temperature: Nullable(Type.Number({ minimum: 0, maximum: 2 })),
  maxMessages: Type.Integer({
    minimum: 1,
    maximum: 1000,
    description:
      'Only the last N messages (the question included) go to the model; the system prompt always does',
  }),
  maxOutputTokens: Nullable(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  archiveAfterDays: Nullable(
    Type.Integer({
      minimum: 1,
      maximum: MAX_RETENTION_DAYS,
      description:
        "Days after its last activity a conversation with this agent is archived; null: the company's archiveAfterDays",
    }),
  ),
  customApis: Type.Array(Type.String({ maxLength: 64 }), {
    maxItems: MAX_AGENT_TOOL_SOURCES,
    description:
      'The custom APIs (GET /api/CustomApis/ListApis) the model may call, by name; each is a tool named as the API. On update the list replaces the earlier one; [] removes them all',
    examples: [['get_order']],
  }),
  customDatabases: Type.Array(Type.String({ maxLength: 64 }), {
    maxItems: MAX_AGENT_TOOL_SOURCES,
    description:
      "The custom databases (GET /api/CustomDatabases/ListDatabases) the model may query, by name: their queries are tools named <database>_<query>, and <database>_sql when allowModelSql. No two of the agent's tools may share a name (409). On update the list replaces the earlier one",
    examples: [['warehouse']],
  }),
  maxToolSteps: Nullable(
    Type.Integer({
      minimum: 1,
      maximum: MAX_TOOL_STEPS,
      description: `Model steps one answer may take when it calls tools (a step may call several); null: ${DEFAULT_TOOL_STEPS}`,
    }),
  ),
};

const ApiKeyInput = Nullable(
  Type.String({ maxLength: 8192, description: 'Write-only, stored encrypted; null clears it' }),
);

const AgentScanners = Type.Object(ScannerPoliciesPatchSchema.properties, {
  additionalProperties: false,
  description:
    "The agent's own changes to the company's scanner defaults (GET /api/Scanners/Defaults), by scanner; scanners and fields left out follow the defaults",
});

export const AgentSchema = Type.Object({
  id: Type.String(),
  ...AgentSettings,
  scanners: AgentScanners,
  hasApiKey: Type.Boolean(),
  apiKeyLast4: Nullable(Type.String()),
  createdAt: Timestamp(),
  updatedAt: Timestamp(),
});

/** What a Monitor or a Compliance officer sees of an agent: enough to name it and pick it. */
export const AgentNameSchema = Type.Object({ id: Type.String(), name: Type.String() });

export const AgentWithAssignmentsSchema = Type.Object({
  ...AgentSchema.properties,
  userIds: Type.Array(Type.String()),
  groupIds: Type.Array(Type.String()),
});

const ScannersInput = Type.Optional(
  Nullable(
    Type.Object(AgentScanners.properties, {
      additionalProperties: false,
      description:
        "The agent's own changes to the scanner defaults; on update they replace the earlier ones, and null or {} removes them",
    }),
  ),
);

export const CreateAgentBodySchema = Type.Object({
  ...Type.Partial(Type.Object(AgentSettings)).properties,
  scanners: ScannersInput,
  name: AgentSettings.name,
  engine: Type.String({ maxLength: 40, description: `One of ${ENGINE_NAMES.join(', ')}` }),
  model: AgentSettings.model,
  apiKey: Type.Optional(ApiKeyInput),
});

export const UpdateAgentBodySchema = Type.Object({
  ...Type.Partial(Type.Object(AgentSettings)).properties,
  scanners: ScannersInput,
  agentId: Id(),
  engine: Type.Optional(Type.String({ maxLength: 40 })),
  apiKey: Type.Optional(ApiKeyInput),
});

export const AgentIdParamsSchema = Type.Object({ agentId: Id() });

export const AssignAgentBodySchema = Type.Object({
  agentId: Id(),
  userId: Type.Optional(Id()),
  groupId: Type.Optional(Id()),
});

export const SetDefaultAgentBodySchema = Type.Object({
  userId: Id(),
  agentId: Nullable(Id({ description: 'null clears the default' })),
});

export const UsableAgentSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  engine: EngineSchema,
  model: Type.String(),
  isDefault: Type.Boolean(),
});

export function agentResponse(agent: AgentView): Static<typeof AgentSchema> {
  return { ...agent, createdAt: isoTime(agent.createdAt), updatedAt: isoTime(agent.updatedAt) };
}

export function agentWithAssignmentsResponse(
  agent: AgentView & AgentAssignments,
): Static<typeof AgentWithAssignmentsSchema> {
  return { ...agentResponse(agent), userIds: agent.userIds, groupIds: agent.groupIds };
}
