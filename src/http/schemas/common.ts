import { Type, type TSchema } from 'typebox';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_SKIP } from '../../vocabulary/paging.ts';
import { MAX_ID_CHARS, MAX_SEARCH_CHARS } from '../../vocabulary/limits.ts';

// The schema pieces every route file shares. Request names are canonical in camelCase, and bound
// in any case (request-names.ts); responses are camelCase with ISO 8601 UTC times.

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** An id as requests carry it. */
export const Id = (options: { description?: string; examples?: string[] } = {}) =>
  Type.String({ maxLength: MAX_ID_CHARS, ...options });

export const Results = Type.Optional(
  Type.Integer({
    minimum: 0,
    maximum: MAX_PAGE_SIZE,
    default: DEFAULT_PAGE_SIZE,
    description: 'Page size',
  }),
);

export const Skip = Type.Optional(
  Type.Integer({
    minimum: 0,
    maximum: MAX_SKIP,
    default: 0,
    description: 'How many to skip: (page-1)*results',
  }),
);

export const PageQuerySchema = Type.Object({ results: Results, skip: Skip });

export const SearchPageQuerySchema = Type.Object({
  ...PageQuerySchema.properties,
  search: Type.Optional(
    Type.String({ maxLength: MAX_SEARCH_CHARS, description: 'Substring to look for, any case' }),
  ),
});

/** A moment in a response: UTC, ISO 8601 to the second, as the token's `expiration`. */
export const Timestamp = (description = 'UTC, ISO 8601') =>
  Type.String({ format: 'date-time', description, examples: ['2026-11-27T13:12:17Z'] });
