import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  createUser,
  deleteUser,
  getUser,
  listUsers,
  updateUser,
  type UsersDeps,
} from '../../users/users.ts';
import {
  CreateUserBodySchema,
  ListUsersQuerySchema,
  UpdateUserBodySchema,
  UserIdBodySchema,
  UserIdParamsSchema,
  UserSchema,
} from '../schemas/users.ts';
import { noContent, problemResponses } from '../schemas/problem.ts';
import { nextPageLink } from '../next-page-link.ts';
import { publicUser } from '../../users/public-user.ts';
import { adminOnly, anyToken, userToken } from '../access.ts';

const tags = ['Users'];

export async function usersRoutes(parent: FastifyInstance, deps: UsersDeps): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/Users/ListUsers',
    {
      config: anyToken,
      schema: {
        tags,
        summary: 'Lists users, ordered by email',
        querystring: ListUsersQuerySchema,
        response: { 200: Type.Array(UserSchema), ...problemResponses(400, 401) },
      },
    },
    async (request, reply) => {
      const page = await listUsers(deps, request.query);
      if (page.nextAfter !== undefined) {
        reply.header('link', nextPageLink(request, { after: page.nextAfter, skip: undefined }));
      }
      return page.users.map(publicUser);
    },
  );

  app.get(
    '/api/Users/GetUser/:userId',
    {
      config: userToken,
      schema: {
        tags,
        summary: 'One user, with its groups',
        params: UserIdParamsSchema,
        response: { 200: UserSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => publicUser(await getUser(deps, request.params.userId)),
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
      reply.code(201).send(publicUser(await createUser(deps, request.body))),
  );

  app.post(
    '/api/Users/UpdateUser',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: "Changes a user's name, email, roles or disabled state",
        description: 'Demoting or disabling the last enabled CompanyAdmin answers 409.',
        body: UpdateUserBodySchema,
        response: { 200: UserSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { userId, ...changes } = request.body;
      return publicUser(await updateUser(deps, userId, changes));
    },
  );

  const remove = {
    tags,
    summary: 'Deletes a user with its memberships; its tokens stop working at once',
    description: 'Deleting the last enabled CompanyAdmin answers 409.',
    response: { ...noContent('Deleted'), ...problemResponses(401, 403, 404, 409) },
  };

  app.delete(
    '/api/Users/DeleteUser/:userId',
    {
      config: adminOnly,
      schema: { ...remove, params: UserIdParamsSchema },
    },
    async (request, reply) => {
      await deleteUser(deps, request.params.userId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/Users/DeleteUser',
    {
      config: adminOnly,
      schema: { ...remove, body: UserIdBodySchema },
    },
    async (request, reply) => {
      await deleteUser(deps, request.body.userId);
      return reply.code(204).send(null);
    },
  );
}
