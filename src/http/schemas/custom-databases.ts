import { Type, type Static } from 'typebox';
import { Id, Nullable, Timestamp } from './common.ts';
import { isoTime } from '../../lib/iso-time.ts';
import type { CustomDatabaseView } from '../../tools/custom-databases/custom-databases.ts';
import {
  MAX_DATABASE_QUERIES,
  MAX_QUERY_PARAMETERS,
  MAX_QUERY_SQL_CHARS,
  QUERY_PARAMETER_TYPES,
} from '../../tools/custom-databases/query-input.ts';
import {
  MAX_STATEMENT_TIMEOUT_MS,
  MIN_STATEMENT_TIMEOUT_MS,
} from '../../tools/custom-databases/database-input.ts';
import { MAX_DESCRIPTION_CHARS } from '../../vocabulary/limits.ts';
import {
  DATABASE_ENGINES,
  DEFAULT_DATABASE_ROWS,
  DEFAULT_DATABASE_TIMEOUT_MS,
  MAX_DATABASE_ROWS,
} from '../../vocabulary/tools.ts';

// Admin → Custom Database: a read-only database agents query through the admin's queries (and,
// when allowed, SQL of the model's own). Request fields left out take the defaults the
// descriptions give.

const MODEL_SQL =
  "Also offers the tool <name>_sql: one SELECT of the model's own, in a READ ONLY transaction, timed out and row-capped";

const description = (what: string) =>
  Type.String({ maxLength: MAX_DESCRIPTION_CHARS, description: `Told to the model: ${what}` });

const queryParameterFields = () => ({
  name: Type.String({
    maxLength: 64,
    description: 'The argument the model fills in; the n-th parameter is $n in the SQL',
  }),
  type: Type.Enum(QUERY_PARAMETER_TYPES),
  description: description('what to put in it'),
  required: Type.Boolean(),
});

const queryFields = () => ({
  name: Type.String({
    maxLength: 64,
    description: 'The tool is <database name>_<query name>; "sql" is reserved for allowModelSql',
    examples: ['orders_by_customer'],
  }),
  description: description('what the query answers and when to use it'),
  sql: Type.String({
    maxLength: MAX_QUERY_SQL_CHARS,
    description: 'One SELECT (or WITH … SELECT), $1… its parameters in order; run read-only',
    examples: ['SELECT id, total FROM orders WHERE customer_id = $1 ORDER BY id DESC'],
  }),
});

const QuerySchema = Type.Object({
  ...queryFields(),
  parameters: Type.Array(Type.Object(queryParameterFields())),
});

const QueryInputSchema = (() => {
  const { name, type, ...rest } = queryParameterFields();
  const parameter = Type.Object(
    {
      name,
      type,
      ...Type.Partial(Type.Object(rest)).properties,
    },
    { additionalProperties: false, description: "description defaults to '', required to true" },
  );
  const { name: queryName, sql, description: queryDescription } = queryFields();
  return Type.Object(
    {
      name: queryName,
      sql,
      description: Type.Optional(queryDescription),
      parameters: Type.Optional(
        Type.Array(parameter, { maxItems: MAX_QUERY_PARAMETERS, description: 'Default: []' }),
      ),
    },
    { additionalProperties: false },
  );
})();

const definitionFields = () => ({
  name: Type.String({
    maxLength: 62,
    description:
      'A letter, then letters, digits, "_" or "-"; unique in any case; prefixes its tools\' names',
    examples: ['warehouse'],
  }),
  description: description('what the database holds'),
  engine: Type.Enum(DATABASE_ENGINES),
  connectionSecret: Type.String({
    maxLength: 100,
    description:
      "The custom secret (GET /api/Secrets/ListSecrets) holding the connection string, e.g. postgres://reader:…@db.example.com/sales: use a read-only role's",
    examples: ['WAREHOUSE_READER_URL'],
  }),
  queries: Type.Array(QuerySchema),
  allowModelSql: Type.Boolean({ description: MODEL_SQL }),
  maxRows: Type.Integer({
    minimum: 1,
    maximum: MAX_DATABASE_ROWS,
    description: 'Rows a query gives the model at most; the rest are left out, and it is told so',
  }),
  statementTimeoutMs: Type.Integer({
    minimum: MIN_STATEMENT_TIMEOUT_MS,
    maximum: MAX_STATEMENT_TIMEOUT_MS,
    description: 'A query running longer is cancelled',
  }),
});

export const CustomDatabaseSchema = Type.Object({
  id: Type.String(),
  ...definitionFields(),
  createdAt: Timestamp(),
  updatedAt: Timestamp(),
  usedBy: Type.Array(Type.Object({ id: Type.String(), name: Type.String() }), {
    description: 'The agents that may query it (their customDatabases)',
  }),
});

const inputFields = () => {
  const fields = definitionFields();
  return {
    ...Type.Partial(Type.Object(fields)).properties,
    description: Type.Optional(description("what the database holds; default: ''")),
    engine: Type.Optional(Type.Enum(DATABASE_ENGINES, { description: 'Default: postgres' })),
    queries: Type.Optional(
      Type.Array(QueryInputSchema, {
        maxItems: MAX_DATABASE_QUERIES,
        description: 'Default: []; on update, the list given replaces them all',
      }),
    ),
    allowModelSql: Type.Optional(Type.Boolean({ description: `${MODEL_SQL}; default: false` })),
    maxRows: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_DATABASE_ROWS,
        description: `Rows a query gives the model at most; default: ${DEFAULT_DATABASE_ROWS}`,
      }),
    ),
    statementTimeoutMs: Type.Optional(
      Type.Integer({
        minimum: MIN_STATEMENT_TIMEOUT_MS,
        maximum: MAX_STATEMENT_TIMEOUT_MS,
        description: `A query running longer is cancelled; default: ${DEFAULT_DATABASE_TIMEOUT_MS}`,
      }),
    ),
  };
};

export const CreateDatabaseBodySchema = Type.Object({
  ...inputFields(),
  name: definitionFields().name,
  connectionSecret: definitionFields().connectionSecret,
});

export const UpdateDatabaseBodySchema = Type.Object({
  databaseId: Id({ description: 'The database to change; the fields given replace its own' }),
  ...inputFields(),
});

export const DatabaseIdParamsSchema = Type.Object({ databaseId: Id() });

export const TestDatabaseBodySchema = Type.Object({ databaseId: Id() });

export const DatabaseTestSchema = Type.Object({
  ok: Type.Boolean({
    description: 'Whether it connected and PostgreSQL could plan every query',
  }),
  error: Nullable(
    Type.String({ description: 'Why not: the connection failure, or the queries that fail' }),
  ),
  warnings: Type.Array(Type.String(), {
    description:
      'What the role may do beyond reading (INSERT, UPDATE or DELETE on a table it sees): agents only read, but a read-only role is the safeguard that does not depend on AIRisk',
  }),
});

export function customDatabaseResponse(
  database: CustomDatabaseView,
): Static<typeof CustomDatabaseSchema> {
  return {
    ...database,
    createdAt: isoTime(database.createdAt),
    updatedAt: isoTime(database.updatedAt),
  };
}
