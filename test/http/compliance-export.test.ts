import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createListeningApp, type ListeningApp } from '../helpers/listening-app.ts';
import { asUser, expectProblem, get, iso, post } from '../helpers/api-requests.ts';
import { seedActivity } from '../helpers/compliance.ts';

// POST /api/Compliance/ExportSearch?format=csv|jsonl: every event a search matches, newest first,
// streamed page by page (never the whole answer in memory), formula-safe CSV, audited.

const HEADER =
  'id,at,kind,userId,userEmail,agentId,agentName,conversationId,messageId,engine,model,clientIp,country,verdict,scanners,findingTypes,feedbackRating,text';

/** A row of the CSV export: these columns as given, every other one empty. */
function csvRow(fields: Record<string, string>): string[] {
  return HEADER.split(',').map((column) => fields[column] ?? '');
}

let t: TestApp | ListeningApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('the export', () => {
  it('writes CSV and JSON Lines of the matching events, formula-safe, and is audited', async () => {
    const app = await createTestApp();
    t = app;
    const officer = await asUser(app, ['Compliance']);
    const owner = await asUser(app, ['User'], { email: 'owner@example.com' });
    const [blocked, formula] = await seedActivity(app, [
      {
        userId: owner.user.id,
        kind: 'blocked',
        verdict: 'block',
        scanners: ['secrets'],
        findingTypes: ['Secrets', 'ApiKey'],
        text: 'my key is [SECRET], "quoted", on\ntwo lines',
        country: 'FR',
      },
      { userId: owner.user.id, text: '=HYPERLINK("http://evil.example") key' },
      { userId: owner.user.id, text: 'unrelated' },
    ]);
    const criteria = { text: 'key' };
    const csv = await post(app, officer.token, '/api/Compliance/ExportSearch?format=csv', criteria);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(
      'attachment; filename="airisk-compliance-search.csv"',
    );
    const rows: string[][] = parse(csv.body);
    expect(rows[0]!.join(',')).toBe(HEADER);
    const at = iso(app.clock.nowSeconds());
    expect(rows.slice(1)).toEqual([
      csvRow({
        id: String(formula),
        at,
        kind: 'prompt',
        userId: owner.user.id,
        userEmail: 'owner@example.com',
        verdict: 'pass',
        text: `'=HYPERLINK("http://evil.example") key`,
      }),
      csvRow({
        id: String(blocked),
        at,
        kind: 'blocked',
        userId: owner.user.id,
        userEmail: 'owner@example.com',
        country: 'FR',
        verdict: 'block',
        scanners: 'secrets',
        findingTypes: 'Secrets ApiKey',
        text: 'my key is [SECRET], "quoted", on\ntwo lines',
      }),
    ]);

    app.clock.advance(1);
    const jsonl = await post(app, officer.token, '/api/Compliance/ExportSearch?format=jsonl', {
      findingTypes: ['ApiKey'],
    });
    expect(jsonl.statusCode, jsonl.body).toBe(200);
    expect(jsonl.headers['content-type']).toBe('application/jsonl; charset=utf-8');
    const lines = jsonl.body
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({
        id: blocked,
        kind: 'blocked',
        user: { id: owner.user.id, email: 'owner@example.com', name: owner.user.name },
        findingTypes: ['Secrets', 'ApiKey'],
        text: 'my key is [SECRET], "quoted", on\ntwo lines',
      }),
    ]);

    const admin = await asUser(app, ['CompanyAdmin']);
    const audit = await get(
      app,
      admin.token,
      '/api/Logs/ListLogs?event=compliance_search_exported',
    );
    expect(audit.json()).toEqual([
      expect.objectContaining({
        userId: officer.user.id,
        details: { format: 'jsonl', criteria: { findingTypes: ['ApiKey'] } },
      }),
      expect.objectContaining({ userId: officer.user.id, details: { format: 'csv', criteria } }),
    ]);
  });

  it('refuses an unknown format and bad criteria with 400, unaudited', async () => {
    const app = await createTestApp();
    t = app;
    const officer = await asUser(app, ['Compliance']);
    expectProblem(
      await post(app, officer.token, '/api/Compliance/ExportSearch?format=xlsx', {}),
      400,
    );
    expectProblem(
      await post(app, officer.token, '/api/Compliance/ExportSearch', { kinds: ['x'] }),
      400,
    );
    const admin = await asUser(app, ['CompanyAdmin']);
    const audit = await get(
      app,
      admin.token,
      '/api/Logs/ListLogs?event=compliance_search_exported',
    );
    expect(audit.json()).toEqual([]);
  });
});

describe('streaming', () => {
  const ROWS = 100_000;
  const TEXT = 'lorem ipsum dolor sit amet '.repeat(20); // ~540 bytes a row: a ~55 MB file

  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;

  it.each(['csv', 'jsonl'])(
    'exports %s of 100,000 events (55 MB) with flat memory',
    async (format) => {
      const app = await createListeningApp();
      t = app;
      const officer = await asUser(app, ['Compliance']);
      for (let i = 0; i < ROWS; i += 5000) {
        await seedActivity(
          app,
          Array.from({ length: 5000 }, () => ({ text: TEXT })),
        );
      }
      gc();
      const before = process.memoryUsage().heapUsed;
      let peak = before;
      const response = await fetch(`${app.issuer}/api/Compliance/ExportSearch?format=${format}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${officer.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'lorem' }),
      });
      expect(response.status).toBe(200);
      let bytes = 0;
      let lineEnds = 0;
      let nextSample = 0;
      for await (const chunk of response.body!) {
        bytes += chunk.byteLength;
        lineEnds += (chunk as Uint8Array).filter((byte: number) => byte === 0x0a).length;
        // Live memory, garbage collected, every few megabytes of the download.
        if (bytes >= nextSample) {
          gc();
          peak = Math.max(peak, process.memoryUsage().heapUsed);
          nextSample += 5_000_000;
        }
      }
      expect(lineEnds).toBe(format === 'csv' ? ROWS + 1 : ROWS);
      expect(bytes).toBeGreaterThan(50_000_000);
      // A file built in memory would hold all of it at once; a stream holds a page or two.
      expect(peak - before).toBeLessThan(bytes / 5);
    },
    600_000,
  );
});
