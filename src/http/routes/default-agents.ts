import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  addDefaultAgent,
  listDefaultAgents,
  removeDefaultAgent,
  type DefaultAgentsDeps,
} from '../../chat/default-agents.ts';
import {
  AddDefaultAgentBodySchema,
  AddedDefaultAgentSchema,
  DefaultAgentBodySchema,
  DefaultAgentSchema,
  defaultAgentResponse,
} from '../schemas/default-agents.ts';
import { noContent, problemResponses } from '../schemas/problem.ts';
import { adminOnly } from '../access.ts';

const tags = ['Default agents'];

export async function defaultAgentsRoutes(
  parent: FastifyInstance,
  deps: DefaultAgentsDeps,
): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/DefaultAgents/ListDefaultAgents',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Lists the agents given to every new user, then those given per group',
        response: { 200: Type.Array(DefaultAgentSchema), ...problemResponses(401, 403) },
      },
    },
    async () => (await listDefaultAgents(deps)).map(defaultAgentResponse),
  );

  app.post(
    '/api/DefaultAgents/AddDefaultAgent',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Gives the agent to every new user, or to every user who joins the group',
        description:
          'The agent is assigned to each such user directly, so they keep it after leaving the group. Adding twice is not an error. With giveToExisting, users who are already there get it too.',
        body: AddDefaultAgentBodySchema,
        response: { 200: AddedDefaultAgentSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    (request) => addDefaultAgent(deps, request.body),
  );

  app.post(
    '/api/DefaultAgents/RemoveDefaultAgent',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Stops giving the agent; users who were given it keep it',
        body: DefaultAgentBodySchema,
        response: { ...noContent('Removed'), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await removeDefaultAgent(deps, request.body);
      return reply.code(204).send(null);
    },
  );
}
