import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  clearUserToken,
  listUserTokens,
  setUserToken,
  type CredentialsDeps,
} from '../../users/user-credentials.ts';
import {
  ClearUserTokenQuerySchema,
  SetUserTokenBodySchema,
  UserIdParamsSchema,
  UserTokenSchema,
  userTokenResponse,
} from '../schemas/users.ts';
import { noContent, problemResponses } from '../schemas/problem.ts';
import { actorOf, userToken } from '../access.ts';

const tags = ['Users'];
// Users manage their own tokens; the domain lets a CompanyAdmin manage anyone's.
const note = "A user may manage its own tokens; another user's need the CompanyAdmin role.";

export async function userTokensRoutes(
  parent: FastifyInstance,
  deps: CredentialsDeps,
): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/api/Users/SetUserToken',
    {
      config: userToken,
      schema: {
        tags,
        summary: "Stores a user's own credential for a provider, encrypted; never returned",
        description: note,
        body: SetUserTokenBodySchema,
        response: { 200: UserTokenSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => userTokenResponse(await setUserToken(deps, actorOf(request), request.body)),
  );

  app.delete(
    '/api/Users/SetUserToken',
    {
      config: userToken,
      schema: {
        tags,
        summary: "Clears a user's credential for a provider",
        description: note,
        querystring: ClearUserTokenQuerySchema,
        response: { ...noContent('Cleared'), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await clearUserToken(deps, actorOf(request), request.query);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/Users/ListUserTokens/:userId',
    {
      config: userToken,
      schema: {
        tags,
        summary: 'Which provider credentials a user has set (last 4 characters only)',
        description: note,
        params: UserIdParamsSchema,
        response: { 200: Type.Array(UserTokenSchema), ...problemResponses(401, 403, 404) },
      },
    },
    async (request) =>
      (await listUserTokens(deps, actorOf(request), request.params.userId)).map(userTokenResponse),
  );
}
