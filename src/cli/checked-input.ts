import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { ValidationError } from '../lib/errors.ts';

/**
 * The input checked against the request schema the API validates the same fields with, so that
 * a definition file is held to what a CreateApi body is (and a wrong type is a message, not a
 * fault in the domain). `source` names where it came from ("def.json and the options").
 */
export function checkedInput<T extends TSchema>(
  schema: T,
  input: Record<string, unknown>,
  source: string,
): Static<T> {
  if (Value.Check(schema, input)) {
    return input;
  }
  // A property a closed object does not take fails twice; its "additionalProperties" says which.
  const failure = Value.Errors(schema, input).find((error) => error.keyword !== 'boolean');
  if (!failure) {
    throw new ValidationError(`${source}: not a valid definition`);
  }
  const where = failure.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const params = failure.params as {
    allowedValues?: unknown[];
    additionalProperties?: string[];
    requiredProperties?: string[];
  };
  if (params.requiredProperties) {
    const missing = params.requiredProperties.map((name) => (where ? `${where}.${name}` : name));
    throw new ValidationError(
      `${source}: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} required`,
    );
  }
  const what = params.additionalProperties
    ? `has an unknown field ${params.additionalProperties.join(', ')}`
    : params.allowedValues
      ? `must be one of: ${params.allowedValues.join(', ')}`
      : failure.message;
  throw new ValidationError(`${source}: ${where || 'the definition'} ${what}`);
}
