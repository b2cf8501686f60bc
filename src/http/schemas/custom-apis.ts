import { Type, type Static } from 'typebox';
import { Id, Nullable, Timestamp } from './common.ts';
import { AuthSchema, authInput } from './custom-api-auth.ts';
import { isoTime } from '../../lib/iso-time.ts';
import type { CustomApiView } from '../../tools/custom-apis/custom-apis.ts';
import { MAX_DESCRIPTION_CHARS } from '../../vocabulary/limits.ts';
import {
  DEFAULT_TOOL_RESPONSE_BYTES,
  DEFAULT_TOOL_TIMEOUT_MS,
  HTTP_METHODS,
  MAX_TOOL_RESPONSE_BYTES,
  MAX_TOOL_TIMEOUT_MS,
  PARAMETER_LOCATIONS,
  PARAMETER_TYPES,
} from '../../vocabulary/tools.ts';

// Admin → Custom APIs: a company HTTP endpoint described once, called by agents as a tool.

// As custom-api-input.ts checks it: a call cannot even connect in less.
const MIN_TOOL_TIMEOUT_MS = 100;

/** The parameter as stored and shown: every field set; `also` adds to a field's description. */
const parameterFields = (also: { type?: string; required?: string; fixed?: string } = {}) => ({
  name: Type.String({ maxLength: 64, description: 'As the endpoint and the model know it' }),
  in: Type.Enum(PARAMETER_LOCATIONS, {
    description: 'path fills {name} in the path; body parameters make the JSON body',
  }),
  type: Type.Enum(PARAMETER_TYPES, {
    description: `The JSON Schema type the model is told${also.type ?? ''}`,
  }),
  description: Type.String({
    maxLength: MAX_DESCRIPTION_CHARS,
    description: 'Told to the model: what to put in it',
  }),
  required: Type.Boolean({ description: `Path parameters always are${also.required ?? ''}` }),
  default: Type.Unknown({ description: 'A JSON value sent when the model gives none; null: none' }),
  fixed: Type.Boolean({
    description: `Always sent as the default, which the model is neither told of nor able to change (a tenant id, an API version)${also.fixed ?? ''}`,
  }),
});

const ParameterSchema = Type.Object(parameterFields());

const ParameterInputSchema = (() => {
  const {
    name,
    in: location,
    ...rest
  } = parameterFields({
    type: '; default: string',
    required: '; default: false',
    fixed: '; default: false',
  });
  return Type.Object(
    { name, in: location, ...Type.Partial(Type.Object(rest)).properties },
    { additionalProperties: false },
  );
})();

/** What an admin describes, every field set: what is stored, and what an import would create. */
const definitionFields = () => ({
  name: Type.String({
    maxLength: 64,
    description:
      'The tool name the model sees: a letter, then letters, digits, "_" or "-"; unique in any case',
    examples: ['get_order'],
  }),
  description: Type.String({
    maxLength: MAX_DESCRIPTION_CHARS,
    description: 'Told to the model: what the API does and when to call it',
  }),
  baseUrl: baseUrl('http(s) URL the path is appended to; calls go to its host only'),
  method: Type.Enum(HTTP_METHODS),
  path: Type.String({
    maxLength: 2000,
    description: '{name} marks a path parameter',
    examples: ['/orders/{orderId}'],
  }),
  parameters: Type.Array(ParameterSchema),
  auth: AuthSchema,
  responsePath: Nullable(
    Type.String({
      maxLength: 500,
      description:
        'A JSONPath (RFC 9535) selecting what of a JSON answer the model gets; null: all',
      examples: ['$.order'],
    }),
  ),
  maxResponseBytes: Type.Integer({
    minimum: 1,
    maximum: MAX_TOOL_RESPONSE_BYTES,
    description: 'A longer answer makes the call fail (it is not cut)',
  }),
  timeoutMs: Type.Integer({
    minimum: MIN_TOOL_TIMEOUT_MS,
    maximum: MAX_TOOL_TIMEOUT_MS,
    description: 'For the whole call, connection to last byte',
  }),
});

function baseUrl(description: string) {
  return Type.String({
    maxLength: 2000,
    description,
    examples: ['https://orders.example.com/api'],
  });
}

/** A dry run's operation: what it would create, and whether that name is taken already. */
export const ImportPreviewSchema = Type.Object({
  ...definitionFields(),
  nameTaken: Type.Boolean({
    description:
      'A custom API of this name (in any case) exists already: importing this operation would be refused (409)',
  }),
});

export const CustomApiSchema = Type.Object({
  id: Type.String(),
  ...definitionFields(),
  createdAt: Timestamp(),
  updatedAt: Timestamp(),
  usedBy: Type.Array(Type.Object({ id: Type.String(), name: Type.String() }), {
    description: 'The agents that may call it (their customApis)',
  }),
});

/** The editable fields as requests give them; on create, the absent ones take their default. */
const inputFields = () => {
  const fields = definitionFields();
  return {
    ...Type.Partial(Type.Object(fields)).properties,
    method: Type.Optional(Type.Enum(HTTP_METHODS, { description: 'Default: GET' })),
    path: Type.Optional(
      Type.String({ maxLength: 2000, description: "{name} marks a path parameter; default: ''" }),
    ),
    parameters: Type.Optional(
      Type.Array(ParameterInputSchema, { maxItems: 50, description: 'Default: []' }),
    ),
    auth: Type.Optional(authInput('How calls authenticate; default: none')),
    maxResponseBytes: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_TOOL_RESPONSE_BYTES,
        description: `A longer answer makes the call fail (it is not cut); default: ${DEFAULT_TOOL_RESPONSE_BYTES}`,
      }),
    ),
    timeoutMs: Type.Optional(
      Type.Integer({
        minimum: MIN_TOOL_TIMEOUT_MS,
        maximum: MAX_TOOL_TIMEOUT_MS,
        description: `For the whole call, connection to last byte; default: ${DEFAULT_TOOL_TIMEOUT_MS}`,
      }),
    ),
  };
};

export const CreateApiBodySchema = Type.Object({
  ...inputFields(),
  name: definitionFields().name,
  description: definitionFields().description,
  baseUrl: definitionFields().baseUrl,
});

export const UpdateApiBodySchema = Type.Object({
  apiId: Id({ description: 'The API to change; the fields given replace its own' }),
  ...inputFields(),
});

export const ApiIdParamsSchema = Type.Object({ apiId: Id() });

export const ImportOpenApiBodySchema = Type.Object({
  document: Type.Union([Type.String(), Type.Object({})], {
    description:
      'An OpenAPI 3 document: as an object, or as its JSON or YAML text (a document nesting deeper than a JSON body may, 16 levels, must be sent as text)',
  }),
  operations: Type.Optional(
    Type.Array(Type.String({ maxLength: 2000 }), {
      maxItems: 500,
      description:
        'The operations to import, by operationId or as "METHOD /path"; absent: all of them',
      examples: [['getOrder', 'GET /orders']],
    }),
  ),
  baseUrl: Type.Optional(
    baseUrl("Overrides the document's first server URL (required when it has none)"),
  ),
  auth: Type.Optional(authInput('How the imported APIs authenticate; default: none')),
  dryRun: Type.Optional(
    Type.Boolean({ description: 'true: create nothing, answer 200 with what would be created' }),
  ),
});

export const TestApiBodySchema = Type.Object({
  apiId: Id(),
  arguments: Type.Optional(
    Type.Record(Type.String(), Type.Unknown(), {
      description: "The call's arguments, as the model would give them; default: {}",
    }),
  ),
});

export const ToolTestSchema = Type.Object({
  ok: Type.Boolean(),
  result: Nullable(Type.String({ description: 'What the model would get; null when it failed' })),
  error: Nullable(Type.String({ description: 'Why it failed, as the model would be told' })),
  durationMs: Type.Number(),
});

export function customApiResponse(api: CustomApiView): Static<typeof CustomApiSchema> {
  return { ...api, createdAt: isoTime(api.createdAt), updatedAt: isoTime(api.updatedAt) };
}
