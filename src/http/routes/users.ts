import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { UserRecord } from '../../store/store.ts';
import { createUser, deleteUser, listUsers, type UsersDeps } from '../../users/users.ts';
import {
  CreateUserBodySchema,
  DeleteUserBodySchema,
  ListUsersQuerySchema,
  UserIdParamsSchema,
  UserSchema,
} from '../schemas/users.ts';
import { problemResponses } from '../schemas/problem.ts';

// Groups arrive with the groups API; until then no user belongs to one.
const toResponse = (user: UserRecord) => ({
  id: user.id,
  email: user.email,
  name: user.name,
  roles: user.roles,
  groups: [],
});

const tags = ['Users'];
const adminOnly = { access: { token: 'user', role: 'CompanyAdmin' } } as const;

export async function usersRoutes(parent: FastifyInstance, deps: UsersDeps): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/Users/ListUsers',
    {
      config: { access: { token: 'generic-or-user' } },
      schema: {
        tags,
        summary: 'Lists users, ordered by email',
        querystring: ListUsersQuerySchema,
        response: { 200: Type.Array(UserSchema), ...problemResponses(400, 401) },
      },
    },
    async (request) => (await listUsers(deps, request.query)).map(toResponse),
  );

  app.post(
    '/api/Users/CreateUser',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Creates a user',
        body: CreateUserBodySchema,
        response: { 201: UserSchema, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(toResponse(await createUser(deps, request.body))),
  );

  const remove = {
    tags,
    summary: 'Deletes a user; its tokens stop working at once',
    response: { 204: { type: 'null', description: 'Deleted' }, ...problemResponses(401, 403, 404) },
  };

  app.delete(
    '/api/Users/DeleteUser/:userid',
    {
      config: adminOnly,
      schema: { ...remove, params: UserIdParamsSchema },
    },
    async (request, reply) => {
      await deleteUser(deps, request.params.userid);
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/Users/DeleteUser',
    {
      config: adminOnly,
      schema: { ...remove, body: DeleteUserBodySchema },
    },
    async (request, reply) => {
      await deleteUser(deps, request.body.userid);
      return reply.code(204).send();
    },
  );
}
