import type { ParameterType } from '../vocabulary/tools.ts';

/** Whether a JSON value is of the parameter type, as JSON Schema means it (1.0 is an integer). */
export function isOfType(type: ParameterType, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isSafeInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
  }
}

/** "a string", "an array", "null": what a value was, for an error the model can correct. */
export function describeValue(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  const kind = typeof value;
  if (kind === 'number') {
    return Number.isInteger(value) ? 'an integer' : 'a number';
  }
  return kind === 'object' || kind === 'undefined' ? `an ${kind}` : `a ${kind}`;
}

/** "an integer", "a string": a type as said in an error. */
export function article(type: ParameterType): string {
  return type === 'integer' || type === 'object' || type === 'array' ? `an ${type}` : `a ${type}`;
}

/** A value as it goes in a path, a query or a header: text as is, the rest as JSON. */
export function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
