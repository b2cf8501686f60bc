import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent } from '../../src/chat/agents.ts';
import {
  cliDatabase,
  parseJson,
  runCli,
  type CliDatabase,
  type OpenedApp,
} from '../helpers/run-cli.ts';
import { TEXTS } from '../helpers/scanners.ts';

// `airisk scanners defaults | set | test`, run as real processes on one database; what they
// change is read back through the store.

describe('airisk scanners', () => {
  let db: CliDatabase;
  let opened: OpenedApp;
  beforeAll(async () => {
    db = await cliDatabase();
    opened = await db.openApp();
  });
  afterAll(() => db.drop());

  const cli = (...args: string[]) => runCli(args, { AIRISK_DATABASE_URL: db.url });

  it('defaults lists every scanner in order; set changes one; a bad pattern exits 1 naming it', async () => {
    const listed = await cli('scanners', 'defaults');
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/^SCANNER\s+KIND\s+ENABLED/);
    expect(listed.stdout).toMatch(/personalInformation\s+general\s+yes\s+redact/);

    const set = await cli(
      ...['--json', 'scanners', 'set', 'regex', '--action', 'block'],
      ...['--settings', '{"patterns":[{"name":"Project","pattern":"APOLLO-\\\\d+"}]}'],
    );
    expect(set.code, set.stderr).toBe(0);
    expect(parseJson<{ regex: { settings: unknown } }>(set).regex.settings).toEqual({
      patterns: [{ name: 'Project', pattern: 'APOLLO-\\d+' }],
    });

    const bad = await cli(
      'scanners',
      'set',
      'regex',
      '--settings',
      '{"patterns":[{"name":"x","pattern":"("}]}',
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^Error: regex\.settings\.patterns\[0\]\.pattern /);
    const unknown = await cli('scanners', 'set', 'nope', '--enable');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/Unknown scanner nope; scanners are geoGating/);
  });

  it("test scans a text under the defaults or an agent's policy, and --agent set changes only that agent", async () => {
    const agent = await createAgent(opened, { name: 'Lenient', engine: 'demo', model: 'demo' });
    const off = await cli(
      'scanners',
      'set',
      'personalInformation',
      '--agent',
      agent.id,
      '--no-enable',
    );
    expect(off.code, off.stderr).toBe(0);
    expect((await opened.store.agents.findById(agent.id))?.scanners).toEqual({
      personalInformation: { enabled: false },
    });

    const text = `Mail ${TEXTS.email} about APOLLO-7`;
    const strict = parseJson<{ verdict: string; redactedText: string }>(
      await cli('--json', 'scanners', 'test', text),
    );
    expect(strict).toMatchObject({ verdict: 'block' });
    const lenient = await cli('scanners', 'test', `Mail ${TEXTS.email}`, '--agent', agent.id);
    expect(lenient.code, lenient.stderr).toBe(0);
    expect(lenient.stdout).toContain('Verdict: pass');
    expect(lenient.stdout).toContain(`Redacted text: Mail ${TEXTS.email}`);
  });
});
