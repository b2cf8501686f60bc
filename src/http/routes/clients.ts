import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import {
  createClient,
  deleteClient,
  getClient,
  listClients,
  rotateClientSecret,
  unlockClient,
  updateClient,
  type ClientsDeps,
} from '../../clients/clients.ts';
import type { ClientRecord } from '../../store/store.ts';
import {
  ApiClientSchema,
  ClientIdBodySchema,
  ClientIdParamsSchema,
  ClientWithSecretSchema,
  CreateClientBodySchema,
  RotateClientSecretBodySchema,
  UpdateClientBodySchema,
} from '../schemas/clients.ts';
import { noContent, problemResponses } from '../schemas/problem.ts';
import { adminOnly } from '../access.ts';
import { isoTime } from '../../lib/iso-time.ts';

const tags = ['Clients'];

// The API clients of the OAuth2 flow ("APIUser" in the original's documentation). The web app's
// built-in client is no row: never listed, and 404 to every change.
export async function clientsRoutes(parent: FastifyInstance, deps: ClientsDeps): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const view = (client: ClientRecord) => apiClient(client, deps.clock.nowSeconds());
  const viewById = async (clientId: string) => view(await getClient(deps, clientId));

  app.get(
    '/api/Clients/ListClients',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Lists the API clients by name; never their secrets',
        response: { 200: Type.Array(ApiClientSchema), ...problemResponses(401, 403) },
      },
    },
    async () => (await listClients(deps)).map(view),
  );

  app.post(
    '/api/Clients/CreateClient',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Registers an API client; its secret is in this answer only',
        body: CreateClientBodySchema,
        response: { 201: ClientWithSecretSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { client, clientSecret } = await createClient(deps, request.body);
      return reply.code(201).send({ client: view(client), clientSecret });
    },
  );

  app.post(
    '/api/Clients/UpdateClient',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Renames a client, replaces its redirect URIs, or disables or enables it',
        body: UpdateClientBodySchema,
        response: { 200: ApiClientSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { clientId, ...changes } = request.body;
      return view(await updateClient(deps, clientId, changes));
    },
  );

  app.post(
    '/api/Clients/RotateClientSecret',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Replaces the secret; the old one works until previousSecretExpiresAt',
        body: RotateClientSecretBodySchema,
        response: { 200: ClientWithSecretSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { clientId, graceSeconds } = request.body;
      const clientSecret = await rotateClientSecret(deps, clientId, graceSeconds);
      return { client: await viewById(clientId), clientSecret };
    },
  );

  app.post(
    '/api/Clients/UnlockClient',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Lifts a lock-out after repeated failed authentications',
        body: ClientIdBodySchema,
        response: { 200: ApiClientSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await unlockClient(deps, request.body.clientId);
      return viewById(request.body.clientId);
    },
  );

  app.delete(
    '/api/Clients/DeleteClient/:clientId',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Deletes a client; its codes and tokens go with it',
        params: ClientIdParamsSchema,
        response: { ...noContent('Deleted'), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deleteClient(deps, request.params.clientId);
      return reply.code(204).send(null);
    },
  );
}

/**
 * A client as the API shows it: no secret, and a lock or an old secret's grace only while it
 * lasts (an expired one stays in the row until the next change, but no longer counts).
 */
function apiClient(client: ClientRecord, now: number): Static<typeof ApiClientSchema> {
  const live = (until: number | null) => (until !== null && until > now ? isoTime(until) : null);
  return {
    id: client.id,
    name: client.name,
    redirectUris: client.redirectUris,
    createdAt: isoTime(client.createdAt),
    disabled: client.disabledAt !== null,
    lockedUntil: live(client.lockedUntil),
    previousSecretExpiresAt: live(client.previousSecretExpiresAt),
  };
}
