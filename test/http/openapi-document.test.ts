import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

// Client generators read /openapi.json: it must be a valid OpenAPI 3.1 document, and each path's
// template segments must be exactly its path parameters (a generator cannot fill an unnamed one).

interface Operation {
  parameters?: { in: string; name: string }[];
  requestBody?: { content: Record<string, { schema?: { properties?: object } }> };
}

let t: TestApp;
let document: { paths: Record<string, Record<string, Operation>> };

beforeAll(async () => {
  t = await createTestApp();
  document = (await t.app.inject({ url: '/openapi.json' })).json();
});
afterAll(() => t.close());

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('declares, for every path, exactly the parameters its template names', () => {
    for (const [path, operations] of Object.entries(document.paths)) {
      const template = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
      for (const [method, operation] of Object.entries(operations)) {
        const declared = (operation.parameters ?? [])
          .filter((parameter) => parameter.in === 'path')
          .map((parameter) => parameter.name)
          .sort();
        expect(declared, `${method} ${path}`).toEqual(template);
      }
    }
  });

  it('names parameters and properties in camelCase outside OAuth2, as responses are', () => {
    const lowercaseIds =
      /^(userid|groupid|agentid|conversationid|messageid|fileid|metadatasearch)$/;
    const names = Object.entries(document.paths)
      .filter(([path]) => !path.startsWith('/api/oauth2'))
      .flatMap(([, operations]) => Object.values(operations))
      .flatMap((operation) => [
        ...(operation.parameters ?? []).map((parameter) => parameter.name),
        ...Object.values(operation.requestBody?.content ?? {}).flatMap((body) =>
          Object.keys(body.schema?.properties ?? {}),
        ),
      ]);
    expect(names.length).toBeGreaterThan(50);
    expect(names.filter((name) => lowercaseIds.test(name))).toEqual([]);
  });

  it('leaves the documentation’s path variants out', () => {
    const paths = Object.keys(document.paths).map((path) => path.toLowerCase());
    for (const variant of ['/api/listusers', '/api/getconversations', '/api/api/oauth2/token']) {
      expect(paths).not.toContain(variant);
    }
  });
});
