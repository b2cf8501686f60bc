import SerializerSelector, {
  type SerializerCompiler,
  type SerializerFactory,
} from '@fastify/fast-json-stringify-compiler';

/**
 * Compiling schemas into validators and serializers is most of what building the app costs, and
 * a compiled function depends only on the schema's JSON and the compiler's fixed options: the
 * same problem responses appear on every route, and every app one process builds (a test suite
 * builds hundreds) has the same routes. So each distinct schema is compiled once per process, and
 * the compiled function, which keeps no state between calls, is shared. The number of distinct
 * schemas is fixed by the code, so the cache stays small.
 */
export function compiledOnce<F>(
  cache: Map<string, Map<string, F>>,
  context: string,
  schema: unknown,
  compile: () => F,
): F {
  let ofContext = cache.get(context);
  if (ofContext === undefined) {
    ofContext = new Map();
    cache.set(context, ofContext);
  }
  const key = jsonOf(schema);
  let compiled = ofContext.get(key);
  if (compiled === undefined) {
    compiled = compile();
    ofContext.set(key, compiled);
  }
  return compiled;
}

// Every build passes the routes' own schema objects again: their JSON is written once (writing
// it for every route of every build was a fifth of building the app).
const texts = new WeakMap<object, string>();

function jsonOf(schema: unknown): string {
  if (typeof schema !== 'object' || schema === null) {
    return JSON.stringify(schema);
  }
  let text = texts.get(schema);
  if (text === undefined) {
    text = JSON.stringify(schema);
    texts.set(schema, text);
  }
  return text;
}

const serializers = new Map<string, Map<string, ReturnType<SerializerCompiler>>>();
const fastJsonStringify = SerializerSelector();

/**
 * Fastify's default serializer compiler (fast-json-stringify), reusing what it compiled for an
 * equal schema under the same shared schemas and options. Pass it as
 * `schemaController.compilersFactory.buildSerializer`.
 */
export const sharedSerializers: SerializerFactory = (externalSchemas, options) => {
  const compile = fastJsonStringify(externalSchemas, options);
  const context = JSON.stringify([externalSchemas, options]);
  return (route) =>
    compiledOnce(serializers, context, route.schema, () => {
      // Compiled for the first response that uses it, not at start (see validation.ts).
      let serialize: ReturnType<SerializerCompiler> | undefined;
      return (data) => {
        serialize ??= compile(route);
        return serialize(data);
      };
    });
};
