import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { InsightDeps } from '../../activity/insight-deps.ts';
import { actorOf } from '../access.ts';
import { isoTime } from '../../lib/iso-time.ts';
import {
  conversationActivity,
  exportActivity,
  searchActivity,
  type Reader,
} from '../../compliance/compliance-search.ts';
import { criteriaOf } from '../../compliance/criteria.ts';
import {
  createSavedSearch,
  deleteSavedSearch,
  getSavedSearch,
  updateSavedSearch,
  type Editor,
} from '../../compliance/saved-searches.ts';
import { activityCsv, activityJsonLines, eventView, resultView } from '../../compliance/results.ts';
import type { SavedSearchRecord } from '../../store/compliance-store.ts';
import {
  ConversationActivitySchema,
  ConversationQuerySchema,
  EXPORT_FILENAME,
  ExportQuerySchema,
  ExportResponse,
  SavedSearchInputSchema,
  SavedSearchSchema,
  SearchBodySchema,
  SearchCriteriaSchema,
  SearchIdQuerySchema,
  SearchPageSchema,
} from '../schemas/compliance.ts';
import { noContent, problemResponses } from '../schemas/problem.ts';

const tags = ['Compliance'];
/** Compliance officers and admins: who reads activity and keeps it (holds). */
export const complianceReaders = {
  access: { token: 'user', roles: ['Compliance', 'CompanyAdmin'] },
} as const;

function editorOf(request: FastifyRequest): Editor {
  const { userId, roles } = actorOf(request);
  return { userId, roles, ip: request.ip };
}

export const readerOf = (request: FastifyRequest): Reader => ({
  userId: actorOf(request).userId,
  ip: request.ip,
});

const savedView = (search: SavedSearchRecord) => ({
  ...search,
  createdAt: isoTime(search.createdAt),
  updatedAt: isoTime(search.updatedAt),
});

export async function complianceRoutes(parent: FastifyInstance, deps: InsightDeps): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/api/Compliance/Search',
    {
      config: complianceReaders,
      schema: {
        tags,
        summary: 'Searches every user’s recorded activity, newest first, a page at a time',
        body: SearchBodySchema,
        response: { 200: SearchPageSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { limit, cursor } = request.body;
      const page = await searchActivity(deps, criteriaOf(request.body), { limit, cursor });
      return { results: page.results.map(resultView), next: page.next };
    },
  );

  app.post(
    '/api/Compliance/ExportSearch',
    {
      config: complianceReaders,
      schema: {
        tags,
        summary: 'Every event a search matches, as a CSV or JSON Lines download (audited)',
        querystring: ExportQuerySchema,
        body: SearchCriteriaSchema,
        response: { 200: ExportResponse, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const format = request.query.format ?? 'csv';
      const pages = await exportActivity(deps, readerOf(request), criteriaOf(request.body), format);
      const [type, lines] =
        format === 'csv'
          ? ['text/csv; charset=utf-8', activityCsv(pages)]
          : ['application/jsonl; charset=utf-8', activityJsonLines(pages)];
      return reply
        .header('content-type', type)
        .header('content-disposition', `attachment; filename="${EXPORT_FILENAME}.${format}"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(lines));
    },
  );

  app.get(
    '/api/Compliance/GetConversation',
    {
      config: complianceReaders,
      schema: {
        tags,
        summary: 'A conversation’s whole record in order, blocked attempts included (audited)',
        querystring: ConversationQuerySchema,
        response: { 200: ConversationActivitySchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { conversationId } = request.query;
      const found = await conversationActivity(deps, readerOf(request), conversationId);
      return {
        conversationId,
        title: found.conversation?.title ?? null,
        ownerId: found.ownerId,
        events: found.events.map((event) => ({
          ...eventView(event),
          snippet: { text: event.text, highlights: [] },
          text: event.text,
        })),
      };
    },
  );

  app.get(
    '/api/Compliance/ListSearches',
    {
      config: complianceReaders,
      schema: {
        tags,
        summary: 'Every saved search, by name: they are shared by all compliance readers',
        response: { 200: Type.Array(SavedSearchSchema), ...problemResponses(401, 403) },
      },
    },
    async () => (await deps.store.compliance.listSearches()).map(savedView),
  );

  app.post(
    '/api/Compliance/CreateSearch',
    {
      config: complianceReaders,
      schema: {
        tags,
        summary: 'Saves a search by name',
        body: SavedSearchInputSchema,
        response: { 201: SavedSearchSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const search = await createSavedSearch(deps, editorOf(request), request.body);
      return reply.code(201).send(savedView(search));
    },
  );

  app.get(
    '/api/Compliance/GetSearch',
    {
      config: complianceReaders,
      schema: {
        tags,
        summary: 'One saved search',
        querystring: SearchIdQuerySchema,
        response: { 200: SavedSearchSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => savedView(await getSavedSearch(deps, request.query.searchId)),
  );

  app.post(
    '/api/Compliance/UpdateSearch',
    {
      config: complianceReaders,
      schema: {
        tags,
        summary: 'Renames a saved search or changes its criteria (its author or a CompanyAdmin)',
        querystring: SearchIdQuerySchema,
        body: SavedSearchInputSchema,
        response: { 200: SavedSearchSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      savedView(
        await updateSavedSearch(deps, editorOf(request), request.query.searchId, request.body),
      ),
  );

  app.delete(
    '/api/Compliance/DeleteSearch',
    {
      config: complianceReaders,
      schema: {
        tags,
        summary: 'Deletes a saved search (its author or a CompanyAdmin)',
        querystring: SearchIdQuerySchema,
        response: { ...noContent('Deleted'), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deleteSavedSearch(deps, editorOf(request), request.query.searchId);
      return reply.code(204).send(null);
    },
  );
}
