import { Type } from 'typebox';
import { PageQuerySchema } from './users.ts';

export const ListLogsQuerySchema = Type.Object({
  results: PageQuerySchema.properties.results,
  skip: PageQuerySchema.properties.skip,
  since: Type.Optional(Type.Integer({ minimum: 0, description: 'Unix seconds, inclusive' })),
  until: Type.Optional(Type.Integer({ minimum: 0, description: 'Unix seconds, exclusive' })),
  event: Type.Optional(Type.String({ maxLength: 64, examples: ['token_denied'] })),
});

export const AuditEventSchema = Type.Object({
  id: Type.String(),
  at: Type.String({ description: 'UTC, ISO 8601', examples: ['2026-11-27T13:12:17Z'] }),
  event: Type.String({ examples: ['token_issued'] }),
  outcome: Type.Union([Type.Literal('success'), Type.Literal('failure')]),
  clientId: Type.Union([Type.String(), Type.Null()]),
  userId: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
});
