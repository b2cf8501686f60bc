import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

// Client generators read /openapi.json: it must be a valid OpenAPI 3.1 document, and each path's
// template segments must be exactly its path parameters (a generator cannot fill an unnamed one).

interface Operation {
  parameters?: { in: string; name: string; schema?: object }[];
  requestBody?: { content: Record<string, { schema?: { properties?: object } }> };
  responses: Record<
    string,
    { content?: Record<string, unknown>; headers?: Record<string, { schema?: object }> }
  >;
}

/** Every number and integer schema in a request schema, with where it is; iterative. */
function numbersIn(schema: unknown, where: string): [string, Record<string, unknown>][] {
  const found: [string, Record<string, unknown>][] = [];
  const pending: [string, unknown][] = [[where, schema]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [at, node] = next;
    if (typeof node !== 'object' || node === null) {
      continue;
    }
    const record = node as Record<string, unknown>;
    if (record.type === 'integer' || record.type === 'number') {
      found.push([at, record]);
    }
    for (const [key, inner] of Object.entries(record)) {
      pending.push([key === 'properties' ? at : `${at}.${key}`, inner]);
    }
  }
  return found;
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

  // Issue #12: an unbounded number reached the store as a value it could not hold (a 500).
  it('bounds every number a request carries, in the query, the path and the body', () => {
    const numbers = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations).flatMap(([method, operation]) => [
        ...(operation.parameters ?? []).flatMap((parameter) =>
          numbersIn(parameter.schema, `${method} ${path} ${parameter.name}`),
        ),
        ...Object.values(operation.requestBody?.content ?? {}).flatMap((body) =>
          numbersIn(body.schema, `${method} ${path} body`),
        ),
      ]),
    );
    expect(numbers.length).toBeGreaterThan(10);
    // Metadata values are stored as text whatever their JSON type: no number reaches the store.
    const keptAsText = /body\.metadata\./;
    const unbounded = numbers
      .filter(([at]) => !keptAsText.test(at))
      .filter(([, schema]) => schema.minimum === undefined || schema.maximum === undefined)
      .map(([at]) => at);
    expect(unbounded).toEqual([]);
  });

  it('documents errors in the media types they are answered in', () => {
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        key: `${method} ${path}`,
        operation,
      })),
    );
    for (const { key, operation } of operations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) >= 400) {
          expect(Object.keys(response.content ?? {}), `${key} ${status}`).toContain(
            'application/problem+json',
          );
        }
      }
    }
    const token = document.paths['/api/oauth2/Token']?.post;
    expect(Object.keys(token?.responses['400']?.content ?? {})).toContain('text/plain');
    expect(document.paths['/api/oauth2']?.get?.responses).toHaveProperty('302');
  });

  it('describes each response header with a schema of its own, not a schema wrapped twice', () => {
    const headers = Object.values(document.paths)
      .flatMap((methods) => Object.values(methods))
      .flatMap((operation) => Object.values(operation.responses))
      .flatMap((response) => Object.entries(response.headers ?? {}));
    expect(headers.map(([name]) => name)).toEqual(
      expect.arrayContaining(['Location', 'Retry-After']),
    );
    for (const [name, header] of headers) {
      expect(header.schema, name).toHaveProperty('type');
      expect(header.schema, name).not.toHaveProperty('schema');
    }
  });

  it('leaves the documentation’s path variants out', () => {
    const paths = Object.keys(document.paths).map((path) => path.toLowerCase());
    for (const variant of ['/api/listusers', '/api/getconversations', '/api/api/oauth2/token']) {
      expect(paths).not.toContain(variant);
    }
  });
});
