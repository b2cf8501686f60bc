import type { FastifyError } from 'fastify';

/** What Ajv reports of a failure (with `verbose`: the failing schema and the value). */
interface Failure {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
  parentSchema?: { type?: unknown; minimum?: number; maximum?: number };
  data?: unknown;
}

/**
 * A validation failure said as what the parameter must be, with its allowed values or range, so
 * that the client can correct it without reading the OpenAPI document.
 */
export function describeValidation(error: FastifyError, formBody: boolean): string {
  const failure = error.validation?.[0] as Failure | undefined;
  const missing = failure?.params.missingProperty;
  if (typeof missing === 'string') {
    return `${missing} is required`;
  }
  const field = failure?.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const unknown = failure?.params.additionalProperty;
  if (typeof unknown === 'string') {
    return `Unknown field ${field ? `${field}.` : ''}${unknown}: see /openapi.json for the fields ${field || `the request ${error.validationContext ?? 'input'}`} takes`;
  }
  if (!failure || !field) {
    return `The request ${error.validationContext ?? 'input'} ${failure?.message ?? 'is not valid'}`;
  }
  // A query or form parameter sent twice arrives as an array where one value belongs.
  const repeatable = error.validationContext !== 'body' || formBody;
  if (repeatable && Array.isArray(failure.data) && failure.parentSchema?.type !== 'array') {
    return `${field} was sent more than once; send it once`;
  }
  return `${field} ${expectation(failure)}`;
}

function expectation({ keyword, params, message, parentSchema = {} }: Failure): string {
  const { type, minimum, maximum } = parentSchema;
  if (keyword === 'enum') {
    return `must be one of: ${(params.allowedValues as unknown[]).join(', ')}`;
  }
  if (
    (type === 'integer' || type === 'number') &&
    ['type', 'minimum', 'maximum', 'multipleOf'].includes(keyword)
  ) {
    const kind = type === 'integer' ? 'a whole number' : 'a number';
    if (minimum !== undefined && maximum !== undefined) {
      return `must be ${kind} from ${minimum} to ${maximum}`;
    }
    return keyword === 'type' ? `must be ${kind}` : (message ?? 'is out of range');
  }
  switch (keyword) {
    case 'maxLength':
      return `must be at most ${String(params.limit)} characters long`;
    case 'minLength':
      return params.limit === 1
        ? 'must not be empty'
        : `must be at least ${String(params.limit)} characters long`;
    case 'type':
      return `must be ${article(String(params.type))}`;
    case 'format':
      return `must be a valid ${String(params.format)}`;
    default:
      return message ?? 'is not valid';
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
