import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { createUser } from '../../src/users/users.ts';
import { createGroup, addUserToGroup } from '../../src/groups/groups.ts';
import { anActivityEvent } from '../helpers/activity-events.ts';
import {
  cliDatabase,
  parseJson,
  runCli,
  type CliDatabase,
  type OpenedApp,
} from '../helpers/run-cli.ts';

// `airisk compliance search`: the activity record from the command line, with the API's filters
// named as admins know them (emails, group and agent names), --json and --export.

describe('airisk compliance search', () => {
  let db: CliDatabase;
  let opened: OpenedApp;
  let seqs: number[];
  beforeEach(async () => {
    db = await cliDatabase();
    opened = await db.openApp();
    const ada = await createUser(opened, { email: 'ada@example.com', name: 'Ada' });
    const group = await createGroup(opened, { name: 'Finance', description: '' });
    await addUserToGroup(opened, ada.id, group.id);
    const at = Math.floor(Date.parse('2026-11-20T10:00:00Z') / 1000);
    seqs = await opened.store.activity.record([
      anActivityEvent({ at, userId: ada.id, text: 'Quarterly Straße forecast' }),
      anActivityEvent({
        at: at + 86_400,
        userId: ada.id,
        kind: 'blocked',
        verdict: 'block',
        scanners: ['secrets'],
        findingTypes: ['apiKey'],
        text: 'deploy with [API_KEY_1]',
      }),
      anActivityEvent({ at: at + 2 * 86_400, text: '=cmd forecast', feedbackRating: 4 }),
    ]);
  });
  afterEach(() => db.drop());

  const cli = (...args: string[]) => runCli(args, { AIRISK_DATABASE_URL: db.url });
  const ids = async (...args: string[]) => {
    const result = await cli('--json', 'compliance', 'search', ...args);
    expect(result.code, result.stderr).toBe(0);
    return parseJson<{ id: number }[]>(result).map((r) => r.id);
  };

  it('searches text and every filter, newest first', async () => {
    const [a, b, c] = seqs as [number, number, number];
    expect(await ids()).toEqual([c, b, a]);
    expect(await ids('forecast')).toEqual([c, a]);
    expect(await ids('STRASSE')).toEqual([]);
    expect(await ids('straße')).toEqual([a]);
    expect(await ids('fore*', '--user', 'ada@example.com')).toEqual([a]);
    expect(await ids('--group', 'finance')).toEqual([b, a]);
    expect(await ids('--finding-type', 'apiKey')).toEqual([b]);
    expect(await ids('--scanner', 'secrets', '--verdict', 'block', '--kind', 'blocked')).toEqual([
      b,
    ]);
    expect(await ids('--rating', '4')).toEqual([c]);
    expect(await ids('--since', '2026-11-21T00:00:00Z', '--until', '2026-11-22T00:00:00Z')).toEqual(
      [b],
    );
    expect(await ids('--limit', '1')).toEqual([c]);
  });

  it('prints a table, and says what is wrong with exit 1', async () => {
    const table = await cli('compliance', 'search', 'deploy');
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^ID\s+AT\s+KIND\s+USER/);
    expect(table.stdout).toContain('ada@example.com');
    expect(table.stdout).toContain('deploy with [API_KEY_1]');
    for (const [args, message] of [
      [['--user', 'nobody@example.com'], 'No user has the email nobody@example.com'],
      [['--group', 'Nope'], 'No group is named Nope'],
      [['--agent', 'Nope'], 'No agent is named Nope'],
      [['--kind', 'gossip'], 'kind: "gossip" is not one of'],
      [['--rating', '9'], '--rating must be a whole number from 1 to 5'],
      [['--limit', '0'], '--limit must be a whole number from 1 to 100'],
      [['--since', 'soon'], '"soon" is neither an ISO 8601 time nor Unix seconds'],
      [['--export', 'xlsx'], '--export must be csv or jsonl'],
    ] as const) {
      const result = await cli('compliance', 'search', ...args);
      expect(result.code, result.stdout).toBe(1);
      expect(result.stderr).toContain(message);
    }
  });

  it('--export writes every match as CSV or JSON Lines to stdout, audited', async () => {
    const csv = await cli('compliance', 'search', 'forecast', '--export', 'csv');
    expect(csv.code, csv.stderr).toBe(0);
    const rows: string[][] = parse(csv.stdout);
    expect(rows.map((row) => row[0])).toEqual(['id', String(seqs[2]), String(seqs[0])]);
    expect(rows[1]!.at(-1)).toBe("'=cmd forecast");
    const jsonl = await cli(
      'compliance',
      'search',
      '--user',
      'ada@example.com',
      '--export',
      'jsonl',
    );
    expect(jsonl.code, jsonl.stderr).toBe(0);
    const lines = jsonl.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: number; text: string });
    expect(lines.map((l) => l.id)).toEqual([seqs[1], seqs[0]]);
    const audit = await opened.store.audit.list({
      event: 'compliance_search_exported',
      limit: 10,
      offset: 0,
    });
    expect(audit.map((e) => [e.userId, e.details.format]).sort()).toEqual([
      [null, 'csv'],
      [null, 'jsonl'],
    ]);
  });
});
