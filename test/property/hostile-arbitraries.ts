import fc from 'fast-check';
import type { RawRequest } from '../helpers/raw-http.ts';

// What a hostile client sends, for hostile-requests.test.ts: values that once broke a parser or
// a query (huge numbers, NUL, bad percent-encodings, lone surrogates), names in every disguise,
// bodies of every kind with the wrong content type, nested too deep or cut off.

/** An operation of the OpenAPI document, with the names it documents. */
export interface Operation {
  method: string;
  path: string;
  pathNames: string[];
  queryNames: string[];
  bodyNames: string[];
}

const HOSTILE_VALUES = [
  '',
  ' ',
  '0',
  '-1',
  '1e20',
  '99999999999999999999',
  '2147483648',
  '-9223372036854775809',
  '1.5',
  'NaN',
  'Infinity',
  '0x10',
  'true',
  'null',
  '[]',
  '{}',
  '%',
  '%zz',
  '%00',
  '\u0000',
  '\uD800',
  '\r\n',
  '../../etc/passwd',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  'http://127.0.0.1:99999/cb',
  'javascript:alert(1)',
  '🙂'.repeat(50),
  'a'.repeat(5000),
];

export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_VALUES),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 40 }),
);

/** A JSON value as a hostile client would put one where a string or number belongs. */
const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  hostileText,
  fc.double(),
  fc.integer(),
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 0.1),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileText, { maxLength: 3 }),
  fc.dictionary(hostileText, hostileText, { maxKeys: 3 }),
);

/** A documented name as sent: another case, an array suffix, percent-encoded letters. */
function disguised(names: readonly string[]): fc.Arbitrary<string> {
  const known = names.length > 0 ? fc.constantFrom(...names) : fc.constant('id');
  return fc.oneof(
    { weight: 4, arbitrary: known },
    { weight: 1, arbitrary: known.map((name) => name.toUpperCase()) },
    { weight: 1, arbitrary: known.map((name) => `${name}[]`) },
    { weight: 1, arbitrary: known.map((name) => `${name}[0]`) },
    {
      weight: 1,
      arbitrary: known.map((name) =>
        name.replace(/[a-z_]/, (c) => `%${c.charCodeAt(0).toString(16)}`),
      ),
    },
    { weight: 1, arbitrary: hostileText },
  );
}

/** Percent-encodes what cannot be on a request line, and leaves a bare `%` bare at times. */
function onTheLine(text: string, keepPercent: boolean): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) => {
      const char = String.fromCharCode(byte);
      if (char === '%' && keepPercent) {
        return char;
      }
      const plain = byte > 0x20 && byte < 0x7f && !'%&=#?+ "<>\\^`{|}'.includes(char);
      return plain ? char : `%${byte.toString(16).padStart(2, '0').toUpperCase()}`;
    })
    .join('');
}

function pairs(names: readonly string[]): fc.Arbitrary<[string, string][]> {
  return fc.array(fc.tuple(disguised(names), hostileText), { maxLength: 6 });
}

function encodedPairs(entries: [string, string][], keepPercent: boolean): string {
  return entries
    .map(([name, value]) => `${onTheLine(name, keepPercent)}=${onTheLine(value, keepPercent)}`)
    .join('&');
}

interface Body {
  contentType?: string;
  body?: Buffer;
}

const contentTypes = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-16',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'text/plain',
  'application/xml',
  'application/octet-stream',
);

function jsonBody(names: readonly string[]): fc.Arbitrary<Body> {
  const document = fc.oneof(
    fc.dictionary(disguised(names), hostileJson, { maxKeys: 8 }).map((o) => JSON.stringify(o)),
    hostileJson.map((value) => JSON.stringify(value) ?? 'null'),
    fc.nat({ max: 30_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
    fc
      .nat({ max: 30_000 })
      .map((depth) => `{"a":${'{"a":'.repeat(depth)}1${'}'.repeat(depth + 1)}`),
    fc.nat({ max: 30_000 }).map((depth) => '['.repeat(depth)),
    fc.constantFrom('{', '{"a":', 'nul', '{"__proto__":{"admin":true}}', '\uFEFF{}', '{}{}'),
    hostileText,
  );
  return document.map((text) => ({ contentType: 'application/json', body: Buffer.from(text) }));
}

function formBody(names: readonly string[]): fc.Arbitrary<Body> {
  return fc.tuple(pairs(names), fc.boolean()).map(([entries, keepPercent]) => ({
    contentType: 'application/x-www-form-urlencoded',
    body: Buffer.from(encodedPairs(entries, keepPercent)),
  }));
}

const fileContents = fc.oneof(
  fc.uint8Array({ maxLength: 2000 }).map((bytes) => Buffer.from(bytes)),
  hostileText.map((text) => Buffer.from(text)),
  fc
    .uint8Array({ maxLength: 500 })
    .map((bytes) => Buffer.concat([Buffer.from('%PDF-1.7\n'), bytes])),
  fc
    .uint8Array({ maxLength: 500 })
    .map((bytes) => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), bytes])),
);

const multipartBody: fc.Arbitrary<Body> = fc
  .record({
    parts: fc.array(
      fc.record({ field: hostileText, filename: hostileText, content: fileContents }),
      { maxLength: 3 },
    ),
    // Where the body is cut off, as a share of its length: 1 keeps it whole.
    keep: fc.oneof(fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
    boundary: fc.oneof(fc.constant('hostile-boundary'), fc.constant(''), hostileText),
  })
  .map(({ parts, keep, boundary }) => {
    const chunks = parts.flatMap(({ field, filename, content }) => [
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\n\r\n`,
      ),
      content,
      Buffer.from('\r\n'),
    ]);
    const whole = Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]);
    return {
      contentType: `multipart/form-data; boundary=${onTheLine(boundary, false)}`,
      body: whole.subarray(0, Math.floor(whole.length * keep)),
    };
  });

function anyBody(names: readonly string[]): fc.Arbitrary<Body> {
  return fc.oneof(
    fc.constant({}),
    jsonBody(names),
    formBody(names),
    multipartBody,
    fc
      .tuple(contentTypes, fc.uint8Array({ maxLength: 300 }))
      .map(([contentType, bytes]) => ({ contentType, body: Buffer.from(bytes) })),
  );
}

/** The request target: the path with each parameter a known id or hostile text, and a query. */
function target(operation: Operation, ids: readonly string[]): fc.Arbitrary<string> {
  const segment = fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...ids) },
    {
      weight: 1,
      arbitrary: fc.tuple(hostileText, fc.boolean()).map(([text, keep]) => onTheLine(text, keep)),
    },
  );
  return fc
    .record({
      segments: fc.array(segment, {
        minLength: operation.pathNames.length,
        maxLength: operation.pathNames.length,
      }),
      query: pairs(operation.queryNames),
      keepPercent: fc.boolean(),
    })
    .map(({ segments, query, keepPercent }) => {
      let index = 0;
      const path = operation.path.replace(/\{[^}]+\}/g, () => segments[index++] || 'x');
      return query.length === 0 ? path : `${path}?${encodedPairs(query, keepPercent)}`;
    });
}

/** A hostile request for the operation: target, credentials, body, in any combination. */
export function hostileRequest(
  operation: Operation,
  ids: readonly string[],
  tokens: readonly string[],
): fc.Arbitrary<RawRequest> {
  const authorization = fc.oneof(
    fc.constant(undefined),
    fc.constantFrom(...tokens).map((token) => `Bearer ${token}`),
    fc.constantFrom('Bearer', 'Bearer x.y.z', 'Basic !!!', 'Basic Og==', 'bearer  '),
  );
  return fc
    .record({
      target: target(operation, ids),
      authorization,
      body: anyBody(operation.bodyNames),
      accept: fc.constantFrom('*/*', 'application/json', 'text/event-stream', 'application/xml'),
    })
    .map(({ target: path, authorization: credentials, body, accept }) => ({
      method: operation.method,
      target: path,
      headers: {
        accept,
        ...(credentials === undefined ? {} : { authorization: credentials }),
        ...(body.contentType === undefined ? {} : { 'content-type': body.contentType }),
      },
      ...(body.body === undefined ? {} : { body: body.body }),
    }));
}
