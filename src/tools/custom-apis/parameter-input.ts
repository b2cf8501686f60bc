import type { ApiParameter } from '../../store/tools-store.ts';
import { ValidationError } from '../../lib/errors.ts';
import { MAX_DESCRIPTION_CHARS } from '../../vocabulary/limits.ts';
import {
  PARAMETER_LOCATIONS,
  PARAMETER_TYPES,
  type ParameterLocation,
  type ParameterType,
} from '../../vocabulary/tools.ts';
import { article, isOfType } from '../parameter-values.ts';

/** A parameter as an admin writes it; left out: type string, not required, no default. */
export interface ApiParameterInput {
  name: string;
  in: ParameterLocation;
  type?: ParameterType | undefined;
  description?: string | undefined;
  required?: boolean | undefined;
  default?: unknown;
  fixed?: boolean | undefined;
}

// What every engine accepts as a property of a tool's arguments (OpenAI's rule), and an HTTP
// header name (RFC 9110 §5.6.2 token) too.
const PARAMETER_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const MAX_PARAMETERS = 50;
// Headers the HTTP client sets from the request itself; a parameter must not contradict them.
const RESERVED_HEADERS = ['host', 'content-length', 'transfer-encoding', 'connection', 'upgrade'];
// A path, query or header value is one text: structured values go in the body.
const SCALAR_ONLY: Partial<Record<ParameterLocation, ParameterType[]>> = {
  path: ['object', 'array'],
  header: ['object', 'array'],
  query: ['object'],
};

export function parseParameters(raw: readonly ApiParameterInput[]): ApiParameter[] {
  if (raw.length > MAX_PARAMETERS) {
    throw new ValidationError(`An API takes at most ${MAX_PARAMETERS} parameters`);
  }
  const parameters = raw.map(parseParameter);
  assertDistinct(parameters);
  return parameters;
}

function parseParameter(input: ApiParameterInput): ApiParameter {
  const name = String(input.name ?? '');
  const where = `Parameter "${name}"`;
  if (!PARAMETER_NAME.test(name)) {
    throw new ValidationError(
      `Parameter names are 1 to 64 letters, digits, "_", "." or "-"; "${name}" is not one`,
    );
  }
  if (!PARAMETER_LOCATIONS.includes(input.in)) {
    throw new ValidationError(`${where}: "in" must be one of ${PARAMETER_LOCATIONS.join(', ')}`);
  }
  const type = input.type ?? 'string';
  if (!PARAMETER_TYPES.includes(type)) {
    throw new ValidationError(`${where}: type must be one of ${PARAMETER_TYPES.join(', ')}`);
  }
  if (SCALAR_ONLY[input.in]?.includes(type)) {
    throw new ValidationError(`${where}: a ${input.in} parameter cannot be ${article(type)}`);
  }
  if (input.in === 'header' && RESERVED_HEADERS.includes(name.toLowerCase())) {
    throw new ValidationError(`${where}: the ${name} header is set by the server itself`);
  }
  const description = (input.description ?? '').trim();
  if (description.length > MAX_DESCRIPTION_CHARS) {
    throw new ValidationError(
      `${where}: description must be at most ${MAX_DESCRIPTION_CHARS} characters`,
    );
  }
  const fallback = input.default ?? null;
  if (fallback !== null && !isOfType(type, fallback)) {
    throw new ValidationError(`${where}: its default must be ${article(type)}`);
  }
  const fixed = input.fixed ?? false;
  if (fixed && fallback === null) {
    throw new ValidationError(`${where}: a fixed parameter needs a default, the value always sent`);
  }
  // A path cannot have a hole: its parameter is required unless it has a default.
  const required = input.required ?? (input.in === 'path' && fallback === null);
  if (input.in === 'path' && !required && fallback === null) {
    throw new ValidationError(`${where}: a path parameter must be required or have a default`);
  }
  return { name, in: input.in, type, description, required, default: fallback, fixed };
}

/**
 * One name per location (header names case-insensitively, as HTTP compares them); and the
 * model's arguments are one object, so the parameters it sets need distinct names overall.
 */
function assertDistinct(parameters: ApiParameter[]): void {
  const seen = new Map<string, ApiParameter>();
  const modelSees = new Map<string, ApiParameter>();
  for (const parameter of parameters) {
    const key = `${parameter.in}:${parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name}`;
    if (seen.has(key)) {
      throw new ValidationError(`Two ${parameter.in} parameters are named "${parameter.name}"`);
    }
    seen.set(key, parameter);
    const twin = modelSees.get(parameter.name);
    if (!parameter.fixed && twin !== undefined) {
      throw new ValidationError(
        `Parameters "${parameter.name}" (${twin.in}) and "${parameter.name}" (${parameter.in}) would both be the model's argument "${parameter.name}": rename one, or make one fixed`,
      );
    }
    if (!parameter.fixed) {
      modelSees.set(parameter.name, parameter);
    }
  }
}
