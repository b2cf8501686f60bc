import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Clock } from '../../lib/clock.ts';
import type { Store } from '../../store/store.ts';
import { listAuditEvents } from '../../audit/audit-log.ts';
import { AuditEventSchema, ListLogsQuerySchema } from '../schemas/logs.ts';
import { problemResponses } from '../schemas/problem.ts';
import { isoTime, secondsOf } from '../../lib/iso-time.ts';

export async function logsRoutes(
  parent: FastifyInstance,
  deps: { store: Store; clock: Clock },
): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/Logs/ListLogs',
    {
      config: { access: { token: 'user', roles: ['CompanyAdmin', 'Compliance'] } },
      schema: {
        tags: ['Logs'],
        summary: 'The security audit log, newest first',
        querystring: ListLogsQuerySchema,
        response: { 200: Type.Array(AuditEventSchema), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { since, until, ...page } = request.query;
      const events = await listAuditEvents(deps, {
        ...page,
        since: since === undefined ? undefined : secondsOf(since),
        until: until === undefined ? undefined : secondsOf(until),
      });
      return events.map((event) => ({ ...event, at: isoTime(event.at) }));
    },
  );
}
