import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { multipart } from '../helpers/chat.ts';
import { startFakeProvider, type FakeProvider } from '../helpers/fake-providers/fake-server.ts';
import { buildWorld, closeWorld, type Sent, type World } from './case-world.ts';
import { CASES } from './request-cases.ts';

// Spec §0: requests bind parameter names as ASP.NET does, in any case. Every operation of the
// OpenAPI document is sent with its documented names, then with the same names in random cases:
// both must answer alike (made-up ids and times aside).

const RUNS_PER_OPERATION = 3;

type Recase = (name: string) => string;

const flip = (c: string) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase());
// Every name is sent in another case than documented: all lower, all upper or mixed at random.
const casings: fc.Arbitrary<Recase> = fc
  .oneof(
    fc.constant((name: string) => name.toLowerCase()),
    fc.constant((name: string) => name.toUpperCase()),
    fc
      .array(fc.boolean(), { minLength: 16, maxLength: 16 })
      .map(
        (mask) => (name: string) => [...name].map((c, i) => (mask[i % 16] ? flip(c) : c)).join(''),
      ),
  )
  .map((recase) => (name: string) => {
    const recased = recase(name);
    return recased === name ? name.replace(/[a-z]/i, flip) : recased;
  });

interface Operation {
  key: string;
  documented: string[];
}

/** Every operation with the names of its query and body parameters (path segments aside). */
function operationsOf(document: {
  paths: Record<string, Record<string, OpenApiOperation>>;
}): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => {
      const query = (operation.parameters ?? []).filter((p) => p.in === 'query');
      const bodies = Object.values(operation.requestBody?.content ?? {});
      const names = new Set([
        ...query.map((p) => p.name),
        ...bodies.flatMap((body) => Object.keys(body.schema?.properties ?? {})),
      ]);
      return { key: `${method.toUpperCase()} ${path}`, documented: [...names].sort() };
    }),
  );
}

interface OpenApiOperation {
  parameters?: { in: string; name: string }[];
  requestBody?: { content: Record<string, { schema?: { properties?: object } }> };
}

function send(t: TestApp, sent: Sent, recase: Recase) {
  const rename = (values: Record<string, unknown> = {}) =>
    Object.fromEntries(Object.entries(values).map(([name, value]) => [recase(name), value]));
  const query = new URLSearchParams(rename(sent.query) as Record<string, string>).toString();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (sent.token) {
    headers.authorization = `Bearer ${sent.token}`;
  }
  if (sent.browser) {
    headers.cookie = sent.browser.cookie;
    headers['x-csrf-token'] = sent.browser.csrfToken;
  }
  let payload: string | Buffer | undefined;
  if (sent.raw) {
    headers['content-type'] = sent.raw.contentType;
    payload = sent.raw.payload;
  } else if (sent.files) {
    const form = multipart(sent.files);
    headers['content-type'] = form.contentType;
    payload = form.body;
  } else if (sent.body && sent.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    payload = new URLSearchParams(rename(sent.body) as Record<string, string>).toString();
  } else if (sent.body) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(rename(sent.body));
  }
  return (sent.t ?? t).app.inject({
    method: sent.method,
    url: query ? `${sent.url}?${query}` : sent.url,
    headers,
    ...(payload === undefined ? {} : { payload }),
  });
}

/** The answer with what differs by construction (fresh ids, codes, tokens, trace ids) named. */
function comparable(response: Awaited<ReturnType<typeof send>>, made: Record<string, string> = {}) {
  let text = `${response.headers.location ?? ''}\n${metricFamilies(response) ?? response.body}`;
  for (const [name, value] of Object.entries(made).sort((a, b) => b[1].length - a[1].length)) {
    text = text.replaceAll(value, `<${name}>`);
  }
  text = text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
    .replace(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/g, '<jwt>')
    .replace(/00-[0-9a-f]{32}-[0-9a-f]{16}-00/g, '<trace>')
    .replace(/([?&]code=)[^&\s]+/g, '$1<code>')
    .replace(/#token=[\w-]+/g, '#token=<token>')
    .replace(/"csrfToken":"[\w-]+"/g, '"csrfToken":"<csrf>"')
    .replace(/"clientSecret":"[\w-]+"/g, '"clientSecret":"<secret>"')
    .replace(/([?&](?:state|nonce|code_challenge)=)[^&\s]+/g, '$1<random>')
    .replace(/\b[A-Z2-7]{32}\b/g, '<totp secret>')
    .replace(/"qrSvg":"(?:[^"\\]|\\.)*"/g, '"qrSvg":"<svg>"')
    .replace(/\b[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}\b/g, '<recovery code>')
    .replace(/"(durationMs|latencyMs)":[\d.e-]+/g, '"$1":<ms>');
  return { status: response.statusCode, type: response.headers['content-type'], text };
}

/**
 * A Prometheus scrape as the families it names: its samples move with every request, the
 * scrapes that compare them included.
 */
function metricFamilies(response: Awaited<ReturnType<typeof send>>): string | undefined {
  if (!String(response.headers['content-type']).startsWith('text/plain; version=0.0.4')) {
    return undefined;
  }
  return response.body
    .split('\n')
    .filter((line) => line.startsWith('# TYPE '))
    .join('\n');
}

describe('parameter names in any case, on every operation of the OpenAPI document', () => {
  let t: TestApp;
  let fake: FakeProvider;
  let world: World;
  let operations: Operation[];

  beforeAll(async () => {
    fake = await startFakeProvider();
    t = await createTestApp({
      AIRISK_RATE_LIMIT_PER_IP: '0',
      AIRISK_RATE_LIMIT_PER_CLIENT: '0',
      AIRISK_LOCKOUT_THRESHOLD: '0',
      AIRISK_METRICS_TOKEN: 'property-metrics-token-0123456789',
    });
    world = await buildWorld(t, fake);
    operations = operationsOf((await t.app.inject({ url: '/openapi.json' })).json());
  });
  afterAll(async () => {
    await closeWorld(world);
    await t.close();
    await fake.close();
  });

  it('has a case for every operation, and the cases send every documented parameter', async () => {
    expect(Object.keys(CASES).sort()).toEqual(operations.map((op) => op.key).sort());
    for (const { key, documented } of operations) {
      const sent = new Set<string>();
      for (const prepare of CASES[key] ?? []) {
        const request = await prepare(world);
        for (const name of Object.keys({ ...request.query, ...request.body })) {
          sent.add(name);
        }
      }
      expect([...sent].sort(), key).toEqual(documented);
    }
  });

  it.each(Object.keys(CASES))('%s answers alike whatever the case of the names', async (key) => {
    const variants = CASES[key] ?? [];
    await fc.assert(
      fc.asyncProperty(casings, fc.nat(), async (recase, pick) => {
        const prepare = variants[pick % variants.length];
        if (!prepare) {
          return;
        }
        const documented = await prepare(world);
        const expected = await send(t, documented, (name) => name);
        expect(expected.statusCode, expected.body).toBeLessThan(400);
        const recased = await prepare(world);
        const actual = await send(t, recased, recase);
        expect(comparable(actual, recased.made)).toEqual(comparable(expected, documented.made));
      }),
      { numRuns: RUNS_PER_OPERATION },
    );
  });
});
