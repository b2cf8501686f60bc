import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { InsightDeps } from '../../activity/insight-deps.ts';
import { holdView, placeHold, releaseHold } from '../../compliance/holds.ts';
import { complianceReaders, readerOf } from './compliance.ts';
import { HoldIdQuerySchema, HoldSchema, PlaceHoldBodySchema } from '../schemas/compliance-holds.ts';
import { noContent, problemResponses } from '../schemas/problem.ts';

const tags = ['Compliance'];
/** Compliance holds: what they cover is never archived or deleted until they are released. */
export async function complianceHoldsRoutes(
  parent: FastifyInstance,
  deps: InsightDeps,
): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/Compliance/ListHolds',
    {
      config: complianceReaders,
      schema: {
        tags,
        summary: 'Every compliance hold in place, oldest first',
        response: { 200: Type.Array(HoldSchema), ...problemResponses(401, 403) },
      },
    },
    async () => (await deps.store.archive.listHolds()).map(holdView),
  );

  app.post(
    '/api/Compliance/PlaceHold',
    {
      config: complianceReaders,
      schema: {
        tags,
        summary:
          'Holds conversations, listed or matching a saved search: they are neither archived nor deleted until released (audited)',
        body: PlaceHoldBodySchema,
        response: { 201: HoldSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const hold = await placeHold(deps, readerOf(request), request.body);
      return reply.code(201).send(holdView(hold));
    },
  );

  app.delete(
    '/api/Compliance/ReleaseHold',
    {
      config: complianceReaders,
      schema: {
        tags,
        summary: 'Releases a compliance hold (audited)',
        querystring: HoldIdQuerySchema,
        response: { ...noContent('Released'), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await releaseHold(deps, readerOf(request), request.query.holdId);
      return reply.code(204).send(null);
    },
  );
}
