import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import {
  asUser,
  expectInsufficientScope,
  expectProblem,
  expectRoleDenied,
  genericToken,
  get,
  post,
  type Caller,
} from '../helpers/api-requests.ts';
import { anAgent, assign } from '../helpers/chat.ts';
import { TEXTS } from '../helpers/scanners.ts';
import { scannerFindings } from '../helpers/recorded-activity.ts';

// "Calling the Scanner" (POST /api/Scanner/Scan) and the scanner defaults, black-box: roles,
// results, and every kind of bad input answered 400 naming the field.

let t: TestApp;
let admin: Caller;
let user: Caller;

beforeAll(async () => {
  t = await createTestApp();
  admin = await asUser(t, ['CompanyAdmin']);
  user = await asUser(t);
});
afterAll(() => t.close());

const put = (token: string, payload: unknown) =>
  t.app.inject({
    method: 'PUT',
    url: '/api/Scanners/Defaults',
    headers: { authorization: `Bearer ${token}` },
    payload: payload as Record<string, unknown>,
  });
const scan = (token: string, payload: unknown) => post(t, token, '/api/Scanner/Scan', payload);

interface ScanReport {
  verdict: string;
  redactedText: string;
  results: { scanner: string; verdict: string; findings: { type: string; label: string }[] }[];
}

describe('POST /api/Scanner/Scan', () => {
  it("runs the company's scanners and returns verdict, results and the redacted text", async () => {
    const response = await scan(user.token, { text: `Mail ${TEXTS.email}, SSN ${TEXTS.ssn}` });
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json<ScanReport>();
    expect(report.verdict).toBe('redact');
    expect(report.redactedText).toBe('Mail [EMAIL_1], SSN [SSN_1]');
    const pii = report.results.find((result) => result.scanner === 'personalInformation');
    expect(pii?.findings.map((finding) => finding.type)).toEqual(['email', 'ssn']);
    expect(JSON.stringify(pii?.findings)).not.toContain(TEXTS.ssn);
  });

  it('a block is a verdict here, not an error; nothing is recorded', async () => {
    const response = await scan(user.token, {
      text: TEXTS.injection,
      scanners: ['promptInjection'],
    });
    expect(response.json<ScanReport>()).toMatchObject({
      verdict: 'block',
      results: [{ scanner: 'promptInjection', verdict: 'block' }],
    });
    expect(await scannerFindings(t, user.user.id)).toEqual([]);
  });

  it("under an agent's policy, for an agent the user may use", async () => {
    const agent = await anAgent(t, admin.token, {
      scanners: { personalInformation: { enabled: false } },
    });
    const notYet = await scan(user.token, { text: TEXTS.email, agentId: agent.id });
    expectProblem(notYet, 404, `No agent with id "${agent.id}" that you may use`);
    await assign(t, admin.token, agent.id, { userid: user.user.id });
    const report = (
      await scan(user.token, { text: TEXTS.email, agentid: agent.id })
    ).json<ScanReport>();
    expect(report).toMatchObject({ verdict: 'pass', redactedText: TEXTS.email });
  });

  it('needs a user token', async () => {
    expectInsufficientScope(await scan(await genericToken(t), { text: 'x' }));
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/Scanner/Scan' }), 401);
  });

  it.each([
    [{}, /text/],
    [{ text: '' }, /text/],
    [{ text: 'x', direction: 'sideways' }, /direction/],
    [{ text: 'x', scanners: ['nope'] }, /scanners/],
  ])('bad input %j is a 400 naming the field', async (payload, field) => {
    expectProblem(await scan(user.token, payload), 400, field);
  });
});

describe('/api/Scanners/Defaults', () => {
  it('is for CompanyAdmins only', async () => {
    expectRoleDenied(await get(t, user.token, '/api/Scanners/Defaults'));
    expectRoleDenied(await put(user.token, { toxicity: { enabled: false } }));
  });

  it('lists every scanner with its policy; PUT changes only what it names', async () => {
    const before = (await get(t, admin.token, '/api/Scanners/Defaults')).json<
      Record<string, { enabled: boolean; threshold: number; settings: Record<string, unknown> }>
    >();
    expect(Object.keys(before)).toEqual([
      'geoGating',
      'allowedFileTypes',
      'languageDetection',
      'secrets',
      'personalInformation',
      'regex',
      'promptInjection',
      'toxicity',
      'topic',
      'aiPromptInjection',
      'aiToxicity',
      'aiTopic',
    ]);
    const changed = await put(admin.token, {
      Regex: {
        Settings: { Patterns: [{ name: 'Project', pattern: 'APOLLO-\\d+', action: 'redact' }] },
      },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const after = changed.json<typeof before>();
    expect(after.regex?.settings.patterns).toEqual([
      expect.objectContaining({ name: 'Project', pattern: 'APOLLO-\\d+', action: 'redact' }),
    ]);
    expect(after.toxicity).toEqual(before.toxicity);
    const report = (await scan(user.token, { text: 'see APOLLO-42' })).json<ScanReport>();
    expect(report.redactedText).toBe('see [PATTERN_1]');
    await put(admin.token, { regex: { settings: { patterns: [] } } });
  });

  it.each([
    [
      { regex: { settings: { patterns: [{ name: 'bad', pattern: '(a' }] } } },
      /^regex\.settings\.patterns\[0\]\.pattern /,
    ],
    [
      { regex: { settings: { patterns: [{ name: 'lookahead', pattern: 'a(?=b)' }] } } },
      /^regex\.settings\.patterns\[0\]\.pattern /,
    ],
    [{ toxicityy: { enabled: true } }, /^Unknown field toxicityy: see \/openapi.json/],
    [{ toxicity: { colour: 'red' } }, /^Unknown field toxicity\.colour/],
    [{ toxicity: { threshold: 2 } }, /^toxicity\.threshold /],
    [{ toxicity: { action: 'explode' } }, /toxicity\.action/],
    [{ topic: { action: 'redact' } }, /topic\.action/],
  ])('%j is a 400 naming the field, and changes nothing', async (payload, field) => {
    const before = (await get(t, admin.token, '/api/Scanners/Defaults')).body;
    const response = await put(admin.token, payload);
    expectProblem(response, 400, field);
    expect((await get(t, admin.token, '/api/Scanners/Defaults')).body).toBe(before);
  });

  it('an agent with bad scanner settings is refused the same way', async () => {
    const response = await post(t, admin.token, '/api/Agents/CreateAgent', {
      name: 'Bad scanners',
      engine: 'demo',
      model: 'demo',
      scanners: { regex: { settings: { patterns: [{ name: 'x', pattern: '[' }] } } },
    });
    expectProblem(response, 400, /^regex\.settings\.patterns\[0\]\.pattern /);
  });
});
