import { Type } from 'typebox';
import { Id, Nullable, Timestamp } from './common.ts';
import { ACTIVITY_KINDS } from '../../vocabulary/activity.ts';
import { SCANNER_NAMES, SCAN_VERDICTS } from '../../vocabulary/scanners.ts';
import { DEFAULT_SEARCH_PAGE, MAX_SEARCH_PAGE } from '../../compliance/compliance-search.ts';

const MAX_LISTED = 100;
const MAX_TEXT_CHARS = 1000;

const Ids = (description: string) =>
  Type.Optional(Type.Array(Id(), { maxItems: MAX_LISTED, description }));

const Moment = (description: string) =>
  Type.Optional(
    Type.String({ format: 'date-time', description, examples: ['2026-11-27T00:00:00Z'] }),
  );

/** What a search looks for: fields ANDed, each list's values ORed, every field optional. */
export const SearchCriteriaSchema = Type.Object({
  text: Type.Optional(
    Type.String({
      maxLength: MAX_TEXT_CHARS,
      description:
        'Words (all must match, any case), "quoted phrases", a trailing * for a prefix; other punctuation separates words',
      examples: ['"api key" deploy*'],
    }),
  ),
  userIds: Ids('Only these users’ activity'),
  groupIds: Ids('Only the activity of these groups’ current members'),
  agentIds: Ids('Only activity with these agents'),
  since: Moment('From this moment, inclusive (ISO 8601)'),
  until: Moment('Before this moment (ISO 8601)'),
  kinds: Type.Optional(Type.Array(Type.Enum(ACTIVITY_KINDS), { maxItems: ACTIVITY_KINDS.length })),
  scanners: Type.Optional(Type.Array(Type.Enum(SCANNER_NAMES), { maxItems: SCANNER_NAMES.length })),
  verdicts: Type.Optional(Type.Array(Type.Enum(SCAN_VERDICTS), { maxItems: SCAN_VERDICTS.length })),
  findingTypes: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
      maxItems: MAX_LISTED,
      examples: [['Secrets']],
    }),
  ),
  ratings: Type.Optional(
    Type.Array(Type.Integer({ minimum: 1, maximum: 5 }), {
      maxItems: 5,
      description: 'Feedback ratings, 1 (bad) to 5 (good)',
    }),
  ),
});

export const SearchBodySchema = Type.Object({
  ...SearchCriteriaSchema.properties,
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: MAX_SEARCH_PAGE, default: DEFAULT_SEARCH_PAGE }),
  ),
  cursor: Type.Optional(Type.String({ maxLength: 64, description: 'The previous page’s `next`' })),
});

const Highlight = Type.Object({
  start: Type.Integer({ description: 'Offset into the snippet (UTF-16 code units)' }),
  end: Type.Integer({ description: 'Offset just after the match' }),
});

export const ActivityResultSchema = Type.Object({
  id: Type.Integer({ description: 'The event’s recording sequence number' }),
  at: Timestamp(),
  kind: Type.Enum(ACTIVITY_KINDS),
  user: Nullable(
    Type.Object({
      id: Type.String(),
      email: Nullable(Type.String()),
      name: Nullable(Type.String()),
    }),
  ),
  agent: Nullable(Type.Object({ id: Type.String(), name: Nullable(Type.String()) })),
  conversationId: Nullable(Type.String()),
  messageId: Nullable(Type.String()),
  engine: Nullable(Type.String()),
  model: Nullable(Type.String()),
  clientIp: Nullable(Type.String()),
  country: Nullable(Type.String()),
  verdict: Type.Enum(SCAN_VERDICTS),
  scanners: Type.Array(Type.String()),
  findingTypes: Type.Array(Type.String()),
  feedbackRating: Nullable(Type.Integer()),
  snippet: Type.Object({ text: Type.String(), highlights: Type.Array(Highlight) }),
});

export const SearchPageSchema = Type.Object({
  results: Type.Array(ActivityResultSchema),
  next: Nullable(Type.String({ description: 'Send as `cursor` for the next page' })),
});

export const ConversationActivitySchema = Type.Object({
  conversationId: Type.String(),
  title: Nullable(Type.String({ description: 'Null once the conversation was deleted' })),
  ownerId: Nullable(Type.String()),
  events: Type.Array(Type.Object({ ...ActivityResultSchema.properties, text: Type.String() })),
});

export const ConversationQuerySchema = Type.Object({ conversationId: Id() });

export const SavedSearchInputSchema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
  criteria: SearchCriteriaSchema,
});

export const SavedSearchSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  criteria: SearchCriteriaSchema,
  ownerId: Type.String(),
  createdAt: Timestamp(),
  updatedAt: Timestamp(),
});

export const SearchIdQuerySchema = Type.Object({ searchId: Id() });

export const ExportQuerySchema = Type.Object({
  format: Type.Optional(
    Type.Union([Type.Literal('csv'), Type.Literal('jsonl')], { default: 'csv' }),
  ),
});

export const EXPORT_FILENAME = 'airisk-compliance-search';

/** ExportSearch's answer: a download, not JSON. */
export const ExportResponse = {
  description:
    "Every matching event, newest first: RFC 4180 CSV with a header row (a cell starting with = + - @, a tab or a carriage return is prefixed with ') or JSON Lines, one result per line with its full text",
  content: {
    // Plain JSON Schema, not TypeBox: the route sends a stream, which a typed string would refuse.
    'text/csv': { schema: { type: 'string' } },
    'application/jsonl': { schema: { type: 'string' } },
  },
};
