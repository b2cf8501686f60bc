import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ActivitySignal } from '../../activity/activity-signal.ts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  createAgent,
  deleteAgent,
  findAgent,
  listAllAgents,
  updateAgent,
  type AgentsDeps,
} from '../../chat/agents.ts';
import { assignAgent, setDefaultAgent, unassignAgent } from '../../chat/assignments.ts';
import {
  AgentIdParamsSchema,
  AgentNameSchema,
  AgentSchema,
  AgentWithAssignmentsSchema,
  AssignAgentBodySchema,
  CreateAgentBodySchema,
  SetDefaultAgentBodySchema,
  UpdateAgentBodySchema,
  agentResponse,
  agentWithAssignmentsResponse,
} from '../schemas/agents.ts';
import { noContent, problemResponses } from '../schemas/problem.ts';
import { adminOnly, userIdOf } from '../access.ts';
import { recordSettingsChange } from '../../activity/activity-events.ts';
import { OVERSIGHT_ROLES } from '../../vocabulary/roles.ts';

const tags = ['Agents'];
const overseers = { access: { token: 'user', roles: OVERSIGHT_ROLES } } as const;

/** Who changed an agent, for the activity record. */
const changer = (request: FastifyRequest) => ({ userId: userIdOf(request), clientIp: request.ip });

export async function agentsRoutes(
  parent: FastifyInstance,
  deps: AgentsDeps & { activitySignal: ActivitySignal },
): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/api/Agents/CreateAgent',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Creates an agent: an engine, a model and how to talk to it',
        description:
          'Naming a custom secret, custom API or custom database that does not exist is a 404 naming it; two tools of one name (an API and a database query) are a 409.',
        body: CreateAgentBodySchema,
        response: { 201: AgentSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const agent = await createAgent(deps, request.body);
      await recordSettingsChange(deps, changer(request), {
        setting: 'agent',
        action: 'created',
        agent,
        fields: Object.keys(request.body),
      });
      return reply.code(201).send(agentResponse(agent));
    },
  );

  app.get(
    '/api/Agents/ListAllAgents',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Every agent by name, with the users and groups it is assigned to',
        response: { 200: Type.Array(AgentWithAssignmentsSchema), ...problemResponses(401, 403) },
      },
    },
    async () => (await listAllAgents(deps)).map(agentWithAssignmentsResponse),
  );

  app.get(
    '/api/Agents/ListAgentNames',
    {
      config: overseers,
      schema: {
        tags,
        summary:
          "Every agent's id and name, by name: for a Monitor or a Compliance officer to pick one",
        response: { 200: Type.Array(AgentNameSchema), ...problemResponses(401, 403) },
      },
    },
    async () => (await listAllAgents(deps)).map(({ id, name }) => ({ id, name })),
  );

  app.post(
    '/api/Agents/UpdateAgent',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Changes the fields given; apiKey null clears the key',
        description:
          'customApis and customDatabases, when given, replace the lists the agent had ([] empties one); a name that does not exist is a 404 naming it, and two tools of one name a 409.',
        body: UpdateAgentBodySchema,
        response: { 200: AgentSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { agentId, ...changes } = request.body;
      const agent = await updateAgent(deps, agentId, changes);
      await recordSettingsChange(deps, changer(request), {
        setting: 'agent',
        action: 'updated',
        agent,
        fields: Object.keys(changes),
      });
      return agentResponse(agent);
    },
  );

  app.delete(
    '/api/Agents/DeleteAgent/:agentId',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Deletes an agent; its conversations stay, without an agent',
        params: AgentIdParamsSchema,
        response: { ...noContent('Deleted'), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const agent = await findAgent(deps.store, request.params.agentId);
      await deleteAgent(deps, agent.id);
      await recordSettingsChange(deps, changer(request), {
        setting: 'agent',
        action: 'deleted',
        agent,
        fields: [],
      });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/Agents/AssignAgent',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Lets a user, or every member of a group, use the agent',
        description: 'Give exactly one of userId and groupId. Assigning twice is not an error.',
        body: AssignAgentBodySchema,
        response: { ...noContent('Assigned'), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await assignAgent(deps, request.body);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/Agents/UnassignAgent',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Takes the agent away from a user or a group',
        description: 'Give exactly one of userId and groupId.',
        body: AssignAgentBodySchema,
        response: { ...noContent('Unassigned'), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await unassignAgent(deps, request.body);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/Users/SetDefaultAgent',
    {
      config: adminOnly,
      schema: {
        tags: ['Users', ...tags],
        summary: "Sets a user's default agent, which the user may then use; null clears it",
        body: SetDefaultAgentBodySchema,
        response: { ...noContent('Set'), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await setDefaultAgent(deps, request.body);
      return reply.code(204).send(null);
    },
  );
}
