import { Type, type Static } from 'typebox';
import { Id, Nullable } from './common.ts';
import { AGENT_TEMPLATES } from '../../chat/agent-templates.ts';
import { parseEngine } from '../../chat/agent-input.ts';
import { ENGINE_NAMES } from '../../vocabulary/engines.ts';
import { MAX_NAME_CHARS, MAX_SECRET_CHARS } from '../../vocabulary/limits.ts';

export const AgentTemplateSchema = Type.Object({
  template: Type.String({
    description: 'The name `airisk agents create --template` takes',
    examples: ['demo'],
  }),
  name: Type.String({ examples: ['Demo assistant'] }),
  description: Type.String(),
  engine: Type.Enum(ENGINE_NAMES),
  model: Type.String({ examples: ['demo'] }),
  endpoint: Nullable(Type.String()),
  region: Nullable(Type.String()),
});

export const TestConnectionBodySchema = Type.Object({
  agentId: Type.Optional(
    Id({ description: "Test this agent's saved settings, with the fields given overriding them" }),
  ),
  engine: Type.Optional(
    Type.String({
      maxLength: 40,
      description: `One of ${ENGINE_NAMES.join(', ')}; required without agentId`,
    }),
  ),
  model: Type.Optional(
    Type.String({ maxLength: MAX_NAME_CHARS, description: 'Required without agentId' }),
  ),
  endpoint: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  region: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
  apiKey: Type.Optional(
    Nullable(
      Type.String({
        maxLength: MAX_SECRET_CHARS,
        description:
          "Used for this call only, never stored. Left out: the agent's saved key, or for a useUserKey agent without one, your own key for the engine",
      }),
    ),
  ),
});

export const ConnectionTestSchema = Type.Object({
  ok: Type.Boolean({ description: 'Whether the provider answered' }),
  latencyMs: Type.Integer({ description: 'How long the call took' }),
  answer: Nullable(Type.String({ maxLength: 500, description: "The model's answer" })),
  error: Nullable(
    Type.String({
      maxLength: 500,
      description: "Why the call failed, with the provider's message; never the key",
    }),
  ),
});

/** The templates in the CLI's order, each with every field (absent ones null). */
export function agentTemplatesResponse(): Static<typeof AgentTemplateSchema>[] {
  return Object.entries(AGENT_TEMPLATES).map(([template, settings]) => ({
    template,
    name: settings.name,
    description: settings.description,
    engine: parseEngine(settings.engine),
    model: settings.model,
    endpoint: 'endpoint' in settings ? settings.endpoint : null,
    region: 'region' in settings ? settings.region : null,
  }));
}
