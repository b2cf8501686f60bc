import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  createCustomDatabase,
  deleteCustomDatabase,
  getCustomDatabase,
  listCustomDatabases,
  updateCustomDatabase,
} from '../../tools/custom-databases/custom-databases.ts';
import { testCustomDatabase } from '../../tools/custom-databases/database-check.ts';
import type { ToolDeps } from '../../tools/tool-deps.ts';
import {
  CreateDatabaseBodySchema,
  CustomDatabaseSchema,
  DatabaseIdParamsSchema,
  DatabaseTestSchema,
  TestDatabaseBodySchema,
  UpdateDatabaseBodySchema,
  customDatabaseResponse,
} from '../schemas/custom-databases.ts';
import { noContent, problemResponses } from '../schemas/problem.ts';
import { adminOnly, userIdOf } from '../access.ts';

const tags = ['Custom databases'];

export async function customDatabasesRoutes(
  parent: FastifyInstance,
  deps: ToolDeps,
): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/CustomDatabases/ListDatabases',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Lists the custom databases by name, with the agents that may query each',
        description: 'The connection string is never shown: only the custom secret holding it.',
        response: { 200: Type.Array(CustomDatabaseSchema), ...problemResponses(401, 403) },
      },
    },
    async () => (await listCustomDatabases(deps)).map(customDatabaseResponse),
  );

  app.get(
    '/api/CustomDatabases/GetDatabase/:databaseId',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'One custom database: its queries, limits and the agents using it',
        params: DatabaseIdParamsSchema,
        response: { 200: CustomDatabaseSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) =>
      customDatabaseResponse(await getCustomDatabase(deps, request.params.databaseId)),
  );

  app.post(
    '/api/CustomDatabases/CreateDatabase',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Describes a read-only database agents may query (201)',
        description:
          "Each query becomes a tool <name>_<query name> the model calls with the query's parameters; allowModelSql adds <name>_sql, one SELECT of the model's own. Every query runs in a READ ONLY transaction with the statement timeout and the row cap. The connection secret must exist (404 otherwise); the name must be free (409). Give it to agents with UpdateAgent (customDatabases).",
        body: CreateDatabaseBodySchema,
        response: { 201: CustomDatabaseSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const database = await createCustomDatabase(deps, userIdOf(request), request.body);
      return reply.code(201).send(customDatabaseResponse(database));
    },
  );

  app.post(
    '/api/CustomDatabases/UpdateDatabase',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Changes the fields given; queries, when given, replaces them all',
        description:
          'Agents using the database get the change from their next turn. A new connection secret must exist (404); a new name must be free (409).',
        body: UpdateDatabaseBodySchema,
        response: { 200: CustomDatabaseSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { databaseId, ...changes } = request.body;
      return customDatabaseResponse(
        await updateCustomDatabase(deps, userIdOf(request), databaseId, changes),
      );
    },
  );

  app.delete(
    '/api/CustomDatabases/DeleteDatabase/:databaseId',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Deletes a custom database no agent uses',
        description:
          'Refused (409, naming them) while agents may query it: take it off them first (UpdateAgent with customDatabases).',
        params: DatabaseIdParamsSchema,
        response: { ...noContent('Deleted'), ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await deleteCustomDatabase(deps, userIdOf(request), request.params.databaseId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/CustomDatabases/TestDatabase',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Connects as agents would, has each query planned, and checks the role',
        description:
          'A failure is an answer (200, ok false, error saying why), not an error status. warnings lists what the role could write: connect as a read-only role.',
        body: TestDatabaseBodySchema,
        response: { 200: DatabaseTestSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const check = await testCustomDatabase(deps, request.body.databaseId, userIdOf(request));
      return { ok: check.ok, error: check.error ?? null, warnings: check.warnings };
    },
  );
}
