import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  deleteSecret,
  listSecrets,
  setSecret,
  type SecretsDeps,
} from '../../secrets/custom-secrets.ts';
import {
  SecretNameParamsSchema,
  SecretSchema,
  SetSecretBodySchema,
  secretResponse,
} from '../schemas/secrets.ts';
import { noContent, problemResponses } from '../schemas/problem.ts';
import { adminOnly } from '../access.ts';

const tags = ['Custom secrets'];

export async function secretsRoutes(parent: FastifyInstance, deps: SecretsDeps): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/Secrets/ListSecrets',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Lists the custom secrets by name, with the agents using each; never a value',
        response: { 200: Type.Array(SecretSchema), ...problemResponses(401, 403) },
      },
    },
    async () => (await listSecrets(deps)).map(secretResponse),
  );

  app.post(
    '/api/Secrets/SetSecret',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Creates a custom secret (201), or replaces its value (200)',
        description:
          'The value is sealed with the master key and never returned. Agents naming the secret (apiKeySecret) use the new value from their next call.',
        body: SetSecretBodySchema,
        response: { 200: SecretSchema, 201: SecretSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { created, secret } = await setSecret(deps, request.body);
      return reply.code(created ? 201 : 200).send(secretResponse(secret));
    },
  );

  app.delete(
    '/api/Secrets/DeleteSecret/:name',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Deletes a custom secret no agent uses',
        params: SecretNameParamsSchema,
        response: { ...noContent('Deleted'), ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await deleteSecret(deps, request.params.name);
      return reply.code(204).send(null);
    },
  );
}
