import { Ajv, type Options } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

const addFormats = addFormatsPlugin as unknown as (ajv: Ajv) => Ajv;

const common: Options = {
  useDefaults: true,
  removeAdditional: false,
  allErrors: false,
  strict: false,
  // Failures carry the failing schema and value, for messages that give the allowed range.
  verbose: true,
};

/**
 * Bodies are validated as sent: a number where a string belongs, or a parameter repeated in a
 * form body (parsed as an array), is a 400, never silently coerced. Query strings and path
 * parameters are text by nature, so they may be coerced to the schema's numbers.
 */
export function installValidation(app: FastifyInstance): void {
  const bodies = addFormats(new Ajv({ ...common, coerceTypes: false }));
  const text = addFormats(new Ajv({ ...common, coerceTypes: true }));
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? bodies : text).compile(schema),
  );
}
