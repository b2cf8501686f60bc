import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  createCustomApi,
  deleteCustomApi,
  getCustomApi,
  listCustomApis,
  updateCustomApi,
} from '../../tools/custom-apis/custom-apis.ts';
import { importOpenApi } from '../../tools/custom-apis/import-openapi.ts';
import { testCustomApi } from '../../tools/custom-apis/test-custom-api.ts';
import type { ToolDeps } from '../../tools/tool-deps.ts';
import {
  ApiIdParamsSchema,
  CreateApiBodySchema,
  CustomApiSchema,
  ImportOpenApiBodySchema,
  ImportPreviewSchema,
  TestApiBodySchema,
  ToolTestSchema,
  UpdateApiBodySchema,
  customApiResponse,
} from '../schemas/custom-apis.ts';
import { noContent, problemResponses } from '../schemas/problem.ts';
import { adminOnly, userIdOf } from '../access.ts';

const tags = ['Custom APIs'];

// An OpenAPI document may be far larger than the API's other requests (1 MiB).
const IMPORT_BODY_LIMIT_BYTES = 8 * 1024 * 1024;

export async function customApisRoutes(parent: FastifyInstance, deps: ToolDeps): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/CustomApis/ListApis',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Lists the custom APIs by name, with the agents that may call each',
        description: 'Secrets appear by their custom secret name, never their value.',
        response: { 200: Type.Array(CustomApiSchema), ...problemResponses(401, 403) },
      },
    },
    async () => (await listCustomApis(deps)).map(customApiResponse),
  );

  app.get(
    '/api/CustomApis/GetApi/:apiId',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'One custom API: its endpoint, parameters, auth and the agents using it',
        params: ApiIdParamsSchema,
        response: { 200: CustomApiSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => customApiResponse(await getCustomApi(deps, request.params.apiId)),
  );

  app.post(
    '/api/CustomApis/CreateApi',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Describes an HTTP endpoint agents may call as a tool (201)',
        description:
          "The model sees a tool named as the API, with its description and its parameters (those not fixed); a call goes to baseUrl + path, to baseUrl's host only. Private, loopback and link-local addresses are refused unless the server's AIRISK_OUTBOUND_ALLOWED_NETWORKS allows them. A secret the auth names must exist (404); the name must be free (409). Give it to agents with UpdateAgent (customApis).",
        body: CreateApiBodySchema,
        response: { 201: CustomApiSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const api = await createCustomApi(deps, request.body, userIdOf(request));
      return reply.code(201).send(customApiResponse(api));
    },
  );

  app.post(
    '/api/CustomApis/UpdateApi',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Changes the fields given; parameters and auth, when given, replace their own',
        description:
          'Agents that may call the API get the change from their next turn. A secret named must exist (404); a new name must be free (409).',
        body: UpdateApiBodySchema,
        response: { 200: CustomApiSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { apiId, ...changes } = request.body;
      return customApiResponse(await updateCustomApi(deps, apiId, changes, userIdOf(request)));
    },
  );

  app.delete(
    '/api/CustomApis/DeleteApi/:apiId',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Deletes a custom API no agent uses',
        description:
          'Refused (409, naming them) while agents may call it: take it off them first (UpdateAgent with customApis).',
        params: ApiIdParamsSchema,
        response: { ...noContent('Deleted'), ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await deleteCustomApi(deps, request.params.apiId, userIdOf(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/CustomApis/ImportOpenApi',
    {
      config: adminOnly,
      bodyLimit: IMPORT_BODY_LIMIT_BYTES,
      schema: {
        tags,
        summary: 'Creates custom APIs from the operations of an OpenAPI 3 document (201)',
        description:
          'One API per operation, named by its operationId (else its method and path), with its parameters and JSON body properties. All are created or none (400 naming the operation at fault, 409 naming the names taken). dryRun: true creates nothing and answers 200 with what would be created, a name taken included (nameTaken), so a document already partly imported can still be listed.',
        body: ImportOpenApiBodySchema,
        response: {
          200: Type.Array(ImportPreviewSchema, {
            description: 'dryRun: what would be created, and which names are taken',
          }),
          201: Type.Array(CustomApiSchema, { description: 'The APIs created' }),
          ...problemResponses(400, 401, 403, 404, 409, 413),
        },
      },
    },
    async (request, reply) => {
      const outcome = await importOpenApi(deps, request.body, userIdOf(request));
      return outcome.dryRun
        ? reply.code(200).send(outcome.apis)
        : reply.code(201).send(outcome.apis.map(customApiResponse));
    },
  );

  app.post(
    '/api/CustomApis/TestApi',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Calls the API once, as an agent would, and shows what the model would get',
        description:
          "A real call, under the same outbound rules, limits and auth (a userToken API sends the calling admin's own token). A failure is an answer (200, ok false, error as the model would read it), not an error status.",
        body: TestApiBodySchema,
        response: { 200: ToolTestSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { apiId, arguments: args = {} } = request.body;
      const test = await testCustomApi(deps, apiId, args, userIdOf(request));
      return test.ok
        ? { ok: true, result: test.result, error: null, durationMs: test.durationMs }
        : { ok: false, result: null, error: test.error, durationMs: test.durationMs };
    },
  );
}
