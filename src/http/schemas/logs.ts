import { AUDIT_EVENTS } from '../../vocabulary/audit-events.ts';
import { Type } from 'typebox';
import { Id, Nullable, Results, Skip, Timestamp } from './common.ts';
import { MAX_EXPORTED_AUDIT_EVENTS } from '../../audit/audit-log.ts';

const Moment = (description: string) =>
  Type.Optional(
    Type.String({ format: 'date-time', description, examples: ['2026-11-27T00:00:00Z'] }),
  );

/** The filters ListLogs and ExportLogs share. */
const AuditFilterFields = {
  since: Moment('From this moment, inclusive (ISO 8601)'),
  until: Moment('Before this moment (ISO 8601)'),
  event: Type.Optional(Type.String({ maxLength: 64, examples: ['token_denied'] })),
  userId: Type.Optional(Id({ description: 'Only the events of this user' })),
  clientId: Type.Optional(Id({ description: 'Only the events of this API client' })),
};

export const ListLogsQuerySchema = Type.Object({
  results: Results,
  skip: Skip,
  ...AuditFilterFields,
});

export const ExportLogsQuerySchema = Type.Object(AuditFilterFields);

export const AuditEventSchema = Type.Object({
  id: Type.String(),
  at: Timestamp(),
  event: Type.Enum(AUDIT_EVENTS, { examples: ['token_issued'] }),
  outcome: Type.Union([Type.Literal('success'), Type.Literal('failure')]),
  clientId: Nullable(Type.String()),
  userId: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
});

export const AUDIT_CSV_FILENAME = 'airisk-audit-log.csv';

/** ExportLogs' answer: a CSV download, not JSON. */
export const AuditCsvResponse = {
  description: `RFC 4180 CSV with a header row, newest first, at most ${MAX_EXPORTED_AUDIT_EVENTS} events; a cell starting with = + - @, a tab or a carriage return is prefixed with ' so that no spreadsheet runs it`,
  headers: {
    'Content-Disposition': {
      type: 'string',
      examples: [`attachment; filename="${AUDIT_CSV_FILENAME}"`],
    },
  },
  content: {
    // Plain JSON Schema, not TypeBox: the route sends a stream, which a typed string would refuse.
    'text/csv': {
      schema: {
        type: 'string',
        examples: [
          'at,event,outcome,userId,clientId,ip,reason,details,id\r\n2026-11-27T13:12:17Z,token_issued,success,4f1c…,9a2e…,203.0.113.7,,{},c0d1…\r\n',
        ],
      },
    },
  },
};
