import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { testConnection, type TestConnectionDeps } from '../../chat/test-connection.ts';
import {
  AgentTemplateSchema,
  ConnectionTestSchema,
  TestConnectionBodySchema,
  agentTemplatesResponse,
} from '../schemas/agent-tools.ts';
import { problemResponses } from '../schemas/problem.ts';
import { adminOnly, userIdOf } from '../access.ts';

const tags = ['Agents'];

/** What helps an admin set an agent up: the templates, and a trial call to its provider. */
export async function agentToolsRoutes(
  parent: FastifyInstance,
  deps: TestConnectionDeps,
): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/Agents/ListTemplates',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Starting points for a new agent, one per engine (as `airisk agents create`)',
        response: { 200: Type.Array(AgentTemplateSchema), ...problemResponses(401, 403) },
      },
    },
    async () => agentTemplatesResponse(),
  );

  app.post(
    '/api/Agents/TestConnection',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: "Makes one short call to an agent's provider and says how it went",
        description:
          'With agentId, the saved settings with the fields given overriding them; without it, ' +
          'engine and model are required. The provider is asked for one word (16 tokens at most, ' +
          'within the engine timeout and 30 s). Its failure is an answer (ok false, with its ' +
          'message), not an error status. Nothing is stored; an agent keyed by a custom secret ' +
          'records its use in the audit log.',
        body: TestConnectionBodySchema,
        response: { 200: ConnectionTestSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => testConnection(deps, userIdOf(request), request.body),
  );
}
