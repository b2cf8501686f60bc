import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  createGroup,
  deleteGroup,
  getGroup,
  listGroups,
  renameGroup,
  type GroupsDeps,
} from '../../groups/groups.ts';
import {
  CreateGroupBodySchema,
  GroupDetailSchema,
  GroupIdParamsSchema,
  GroupSchema,
  GroupSummarySchema,
  UpdateGroupBodySchema,
} from '../schemas/groups.ts';
import { SearchPageQuerySchema } from '../schemas/common.ts';
import { noContent, problemResponses } from '../schemas/problem.ts';
import { adminOnly, userToken } from '../access.ts';

const tags = ['Groups'];

export async function groupsRoutes(parent: FastifyInstance, deps: GroupsDeps): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/api/Groups/CreateGroup',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Creates a group; names are unique in any case',
        body: CreateGroupBodySchema,
        response: { 201: GroupSchema, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const { id, name, description } = await createGroup(deps, request.body);
      return reply.code(201).send({ id, name, description });
    },
  );

  app.get(
    '/api/Groups/ListGroups',
    {
      config: userToken,
      schema: {
        tags,
        summary: 'Lists groups by name, with their member counts',
        querystring: SearchPageQuerySchema,
        response: { 200: Type.Array(GroupSummarySchema), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => listGroups(deps, request.query),
  );

  app.get(
    '/api/Groups/GetGroup/:groupId',
    {
      config: userToken,
      schema: {
        tags,
        summary: 'A group with its members',
        params: GroupIdParamsSchema,
        response: { 200: GroupDetailSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => getGroup(deps, request.params.groupId),
  );

  app.post(
    '/api/Groups/UpdateGroup',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Renames a group; names are unique in any case',
        body: UpdateGroupBodySchema,
        response: { 200: GroupSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { id, name, description } = await renameGroup(deps, request.body);
      return { id, name, description };
    },
  );

  app.delete(
    '/api/Groups/DeleteGroup/:groupId',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Deletes a group; its users stay',
        params: GroupIdParamsSchema,
        response: { ...noContent('Deleted'), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deleteGroup(deps, request.params.groupId);
      return reply.code(204).send(null);
    },
  );
}
