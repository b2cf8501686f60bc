import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { addUserToGroup, removeUserFromGroup, type GroupsDeps } from '../../groups/groups.ts';
import { MembershipBodySchema, MembershipSchema } from '../schemas/users.ts';
import { noContent, problemResponses } from '../schemas/problem.ts';
import { adminOnly } from '../access.ts';

const tags = ['Users'];

export async function userGroupsRoutes(parent: FastifyInstance, deps: GroupsDeps): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/api/Users/AddUserToGroup',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Adds a user to a group (idempotent)',
        body: MembershipBodySchema,
        response: { 200: MembershipSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { userId, groupId } = request.body;
      return { userId, groupId, added: await addUserToGroup(deps, userId, groupId) };
    },
  );

  app.post(
    '/api/Users/RemoveUserFromGroup',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Removes a user from a group; the user stays',
        body: MembershipBodySchema,
        response: { ...noContent('Removed'), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await removeUserFromGroup(deps, request.body.userId, request.body.groupId);
      return reply.code(204).send(null);
    },
  );
}
