import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import type { Clock } from '../../lib/clock.ts';
import type { Store } from '../../store/store.ts';
import { exportAuditEvents, listAuditEvents, type AuditFilters } from '../../audit/audit-log.ts';
import { auditCsv } from '../../audit/audit-csv.ts';
import {
  AUDIT_CSV_FILENAME,
  AuditCsvResponse,
  AuditEventSchema,
  ExportLogsQuerySchema,
  ListLogsQuerySchema,
} from '../schemas/logs.ts';
import { problemResponses } from '../schemas/problem.ts';
import { isoTime, secondsOf } from '../../lib/iso-time.ts';

const tags = ['Logs'];
const auditReaders = { access: { token: 'user', roles: ['CompanyAdmin', 'Compliance'] } } as const;

export async function logsRoutes(
  parent: FastifyInstance,
  deps: { store: Store; clock: Clock },
): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/Logs/ListLogs',
    {
      config: auditReaders,
      schema: {
        tags,
        summary: 'The security audit log, newest first',
        querystring: ListLogsQuerySchema,
        response: { 200: Type.Array(AuditEventSchema), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { results, skip, ...filters } = request.query;
      const events = await listAuditEvents(deps, { results, skip, ...filtersOf(filters) });
      return events.map((event) => ({ ...event, at: isoTime(event.at) }));
    },
  );

  app.get(
    '/api/Logs/ExportLogs',
    {
      config: auditReaders,
      schema: {
        tags,
        summary: 'The security audit log as a CSV download, newest first, with the same filters',
        querystring: ExportLogsQuerySchema,
        response: { 200: AuditCsvResponse, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const pages = await exportAuditEvents(deps, filtersOf(request.query));
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${AUDIT_CSV_FILENAME}"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(auditCsv(pages)));
    },
  );
}

/** The query's filters, its ISO 8601 moments as the Unix seconds the domain takes. */
function filtersOf({
  since,
  until,
  ...filters
}: Static<typeof ExportLogsQuerySchema>): AuditFilters {
  return {
    ...filters,
    since: since === undefined ? undefined : secondsOf(since),
    until: until === undefined ? undefined : secondsOf(until),
  };
}
