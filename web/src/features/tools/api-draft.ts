import {
  authDraftOf,
  authErrors,
  authInputOf,
  isHttpUrl,
  NO_AUTH,
  type ApiAuth,
  type AuthDraft,
} from './auth-draft.ts';
import {
  DEFAULT_TOOL_RESPONSE_BYTES,
  DEFAULT_TOOL_TIMEOUT_MS,
  MAX_TOOL_RESPONSE_BYTES,
  MAX_TOOL_TIMEOUT_MS,
  TOOL_NAME,
  TOOL_NAME_RULE,
  type HttpMethod,
  type ParameterLocation,
  type ParameterType,
} from './tool-words.ts';

// The custom API form's state: what the inputs hold (text, as typed); its problems, field by
// field, before the server is asked; and the API body made from it. Its auth: auth-draft.ts.

export type { ApiAuth, AuthDraft };

export interface ParameterDraft {
  name: string;
  in: ParameterLocation;
  type: ParameterType;
  description: string;
  required: boolean;
  /** As typed: text for a string, JSON for the rest; empty: no default. */
  default: string;
  fixed: boolean;
}

export interface ApiDraft {
  name: string;
  description: string;
  baseUrl: string;
  method: HttpMethod;
  path: string;
  parameters: ParameterDraft[];
  auth: AuthDraft;
  responsePath: string;
  /** Kilobytes (1024 bytes), as typed. */
  maxResponseKb: string;
  /** Seconds, as typed. */
  timeoutSeconds: string;
}

export type JsonValue = unknown;

/** What the API stores of a parameter (ApiParameter). */
export interface ApiParameter {
  name: string;
  in: ParameterLocation;
  type: ParameterType;
  description: string;
  required: boolean;
  default: JsonValue;
  fixed: boolean;
}

/** CreateApi's body (UpdateApi's with apiId). */
export interface ApiInput {
  name: string;
  description: string;
  baseUrl: string;
  method: HttpMethod;
  path: string;
  parameters: ApiParameter[];
  auth: ApiAuth;
  responsePath: string | null;
  maxResponseBytes: number;
  timeoutMs: number;
}

export const NEW_PARAMETER: ParameterDraft = {
  name: '',
  in: 'query',
  type: 'string',
  description: '',
  required: false,
  default: '',
  fixed: false,
};

export const NEW_API: ApiDraft = {
  name: '',
  description: '',
  baseUrl: 'https://',
  method: 'GET',
  path: '',
  parameters: [],
  auth: NO_AUTH,
  responsePath: '',
  maxResponseKb: String(DEFAULT_TOOL_RESPONSE_BYTES / 1024),
  timeoutSeconds: String(DEFAULT_TOOL_TIMEOUT_MS / 1000),
};

/** A saved API, as the form shows it to be changed. */
export function draftOfApi(api: ApiInput): ApiDraft {
  return {
    name: api.name,
    description: api.description,
    baseUrl: api.baseUrl,
    method: api.method,
    path: api.path,
    parameters: api.parameters.map((parameter) => ({
      ...parameter,
      default: defaultText(parameter.type, parameter.default),
    })),
    auth: authDraftOf(api.auth),
    responsePath: api.responsePath ?? '',
    maxResponseKb: String(api.maxResponseBytes / 1024),
    timeoutSeconds: String(api.timeoutMs / 1000),
  };
}

/** A default as the table shows it: a string as itself, anything else as JSON. */
export function defaultText(type: ParameterType, value: JsonValue): string {
  if (value === null || value === undefined) {
    return '';
  }
  return type === 'string' && typeof value === 'string' ? value : JSON.stringify(value);
}

/** The typed default, or the reason it is not one of its type. */
export function parseDefault(
  type: ParameterType,
  text: string,
): { value: JsonValue } | { error: string } {
  if (text.trim() === '') {
    return { value: null };
  }
  if (type === 'string') {
    return { value: text };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const fits =
    (type === 'integer' && Number.isInteger(value)) ||
    (type === 'number' && typeof value === 'number') ||
    (type === 'boolean' && typeof value === 'boolean') ||
    (type === 'array' && Array.isArray(value)) ||
    (type === 'object' && typeof value === 'object' && value !== null && !Array.isArray(value));
  return fits ? { value } : { error: `Not ${TYPE_EXAMPLES[type]}.` };
}

const TYPE_EXAMPLES: Record<Exclude<ParameterType, 'string'>, string> = {
  integer: 'a whole number, such as 42',
  number: 'a number, such as 4.5',
  boolean: 'true or false',
  object: 'a JSON object, such as {"a": 1}',
  array: 'a JSON list, such as [1, 2]',
};

/** The `{name}` marks of a path. */
export function pathParameters(path: string): string[] {
  return [...path.matchAll(/\{([^{}]+)\}/g)].map((match) => match[1] ?? '');
}

/** What is wrong with the draft, by field: `name`, `parameters.2.default`, `auth.secret`… */
export type DraftErrors = Record<string, string>;

export function apiDraftErrors(draft: ApiDraft): DraftErrors {
  const errors: DraftErrors = {};
  if (!TOOL_NAME.test(draft.name.trim())) {
    errors.name = TOOL_NAME_RULE;
  }
  if (!isHttpUrl(draft.baseUrl.trim())) {
    errors.baseUrl = 'An http:// or https:// address, such as https://api.example.com/v1.';
  }
  const names = new Map<string, number>();
  draft.parameters.forEach((parameter, index) => {
    const at = `parameters.${index}`;
    const name = parameter.name.trim();
    if (!name) {
      errors[`${at}.name`] = 'Give the parameter a name.';
    } else if (names.has(`${parameter.in}:${name}`)) {
      errors[`${at}.name`] =
        `Parameter ${(names.get(`${parameter.in}:${name}`) ?? 0) + 1} has this name already.`;
    }
    names.set(`${parameter.in}:${name}`, index);
    const parsed = parseDefault(parameter.type, parameter.default);
    if ('error' in parsed) {
      errors[`${at}.default`] = parsed.error;
    } else if (parameter.fixed && parsed.value === null) {
      errors[`${at}.default`] = 'A fixed parameter is always sent with its default: give one.';
    }
  });
  const inPath = pathParameters(draft.path);
  const declared = draft.parameters.filter((p) => p.in === 'path').map((p) => p.name.trim());
  const undeclared = inPath.filter((name) => !declared.includes(name));
  const missing = declared.filter((name) => name && !inPath.includes(name));
  if (undeclared.length > 0) {
    errors.path = `Add a path parameter for ${undeclared.map((name) => `{${name}}`).join(', ')}.`;
  } else if (missing.length > 0) {
    errors.path = `The path has no ${missing.map((name) => `{${name}}`).join(', ')} for its path parameter.`;
  }
  Object.assign(errors, authErrors(draft.auth));
  const kb = Number(draft.maxResponseKb);
  if (!(kb * 1024 >= 1 && kb * 1024 <= MAX_TOOL_RESPONSE_BYTES)) {
    errors.maxResponseKb = `From 1 to ${MAX_TOOL_RESPONSE_BYTES / 1024} KB.`;
  }
  const seconds = Number(draft.timeoutSeconds);
  if (!(seconds * 1000 >= 1 && seconds * 1000 <= MAX_TOOL_TIMEOUT_MS)) {
    errors.timeoutSeconds = `From 0.1 to ${MAX_TOOL_TIMEOUT_MS / 1000} seconds.`;
  }
  return errors;
}

/** The API body of a draft without errors (apiDraftErrors is empty). */
export function apiInputOf(draft: ApiDraft): ApiInput {
  return {
    name: draft.name.trim(),
    description: draft.description.trim(),
    baseUrl: draft.baseUrl.trim(),
    method: draft.method,
    path: draft.path.trim(),
    parameters: draft.parameters.map((parameter) => {
      const parsed = parseDefault(parameter.type, parameter.default);
      return {
        name: parameter.name.trim(),
        in: parameter.in,
        type: parameter.type,
        description: parameter.description.trim(),
        required: parameter.required,
        default: 'value' in parsed ? parsed.value : null,
        fixed: parameter.fixed,
      };
    }),
    auth: authInputOf(draft.auth),
    responsePath: draft.responsePath.trim() || null,
    maxResponseBytes: Math.round(Number(draft.maxResponseKb) * 1024),
    timeoutMs: Math.round(Number(draft.timeoutSeconds) * 1000),
  };
}

/**
 * The Test call panel's first arguments: each parameter the model fills in, with its default or
 * an example of its type (fixed ones are the admin's and are left out).
 */
export function exampleArguments(parameters: readonly ApiParameter[]): string {
  const example: Record<string, JsonValue> = {};
  for (const parameter of parameters) {
    if (!parameter.fixed) {
      example[parameter.name] = parameter.default ?? EXAMPLES[parameter.type];
    }
  }
  return JSON.stringify(example, null, 2);
}

const EXAMPLES: Record<ParameterType, JsonValue> = {
  string: '',
  integer: 0,
  number: 0,
  boolean: false,
  object: {},
  array: [],
};
