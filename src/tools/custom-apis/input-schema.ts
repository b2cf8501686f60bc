import type { JSONSchema7 } from 'ai';
import type { CustomApiRecord } from '../../store/tools-store.ts';

/**
 * The arguments the model may give, as a JSON Schema object: the API's parameters except the
 * fixed ones (the admin's values, which the model is not told of), each with its description and
 * default. Unknown properties are refused (buildApiRequest says which it takes).
 */
export function inputSchemaOf(api: CustomApiRecord): JSONSchema7 {
  const settable = api.parameters.filter((parameter) => !parameter.fixed);
  const properties: Record<string, JSONSchema7> = {};
  for (const parameter of settable) {
    properties[parameter.name] = {
      type: parameter.type,
      // OpenAI refuses an array schema without items; the element type is not described.
      ...(parameter.type === 'array' && { items: {} }),
      ...(parameter.description !== '' && { description: parameter.description }),
      ...(parameter.default !== null && { default: parameter.default as JSONSchema7['default'] }),
    };
  }
  return {
    type: 'object',
    properties,
    // One with a default may be left out: the default is sent.
    required: settable.filter((p) => p.required && p.default === null).map((p) => p.name),
    additionalProperties: false,
  };
}
