import { Type } from 'typebox';
import { Nullable, Results, Skip, Timestamp } from './common.ts';

const Moment = (description: string) =>
  Type.Optional(
    Type.String({ format: 'date-time', description, examples: ['2026-11-27T00:00:00Z'] }),
  );

export const ListLogsQuerySchema = Type.Object({
  results: Results,
  skip: Skip,
  since: Moment('From this moment, inclusive (ISO 8601)'),
  until: Moment('Before this moment (ISO 8601)'),
  event: Type.Optional(Type.String({ maxLength: 64, examples: ['token_denied'] })),
});

export const AuditEventSchema = Type.Object({
  id: Type.String(),
  at: Timestamp(),
  event: Type.String({ examples: ['token_issued'] }),
  outcome: Type.Union([Type.Literal('success'), Type.Literal('failure')]),
  clientId: Nullable(Type.String()),
  userId: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
});
