import { Ajv, type Options } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { compiledOnce } from './compiled-schemas.ts';

const addFormats = addFormatsPlugin as unknown as (ajv: Ajv) => Ajv;

const common: Options = {
  useDefaults: true,
  removeAdditional: false,
  allErrors: false,
  strict: false,
  // Failures carry the failing schema and value, for messages that give the allowed range.
  verbose: true,
};

type Validate = ReturnType<Ajv['compile']>;

// One pair of compilers per process: a schema compiled for one app serves every other.
const bodies = addFormats(new Ajv({ ...common, coerceTypes: false }));
const text = addFormats(new Ajv({ ...common, coerceTypes: true }));
const validators = new Map<string, Map<string, Validate>>();

/**
 * Bodies are validated as sent: a number where a string belongs, or a parameter repeated in a
 * form body (parsed as an array), is a 400, never silently coerced. Query strings and path
 * parameters are text by nature, so they may be coerced to the schema's numbers.
 */
export function installValidation(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? bodies : text;
    const context = httpPart === 'body' ? 'body' : 'text';
    return compiledOnce(validators, context, schema, () =>
      compiledOnFirstUse(() => ajv.compile(schema)),
    );
  });
}

/**
 * Compiling every route's schemas was most of what starting the server cost (a second on two
 * busy cores), so each is compiled when its route first validates a request. The stand-in passes
 * what Fastify gives it (the parent object, for ajv to coerce a root value in place) and shows
 * the compiled function's `schemaEnv` and `errors`, as Fastify reads them.
 */
function compiledOnFirstUse(compile: () => Validate): Validate {
  let compiled: Validate | undefined;
  const validator = (): Validate => (compiled ??= compile());
  const validate = function (
    this: unknown,
    data: unknown,
    dataCxt?: Parameters<Validate>[1],
  ): boolean {
    const compiledValidate = validator();
    const valid = compiledValidate.call(this, data, dataCxt);
    validate.errors = compiledValidate.errors;
    return valid;
  } as Validate;
  Object.defineProperty(validate, 'schemaEnv', { get: () => validator().schemaEnv });
  return validate;
}
