import { describe, expect, it } from 'vitest';
import { auditCsv, csvCell } from '../../src/audit/audit-csv.ts';
import { exportAuditEvents, MAX_EXPORTED_AUDIT_EVENTS } from '../../src/audit/audit-log.ts';
import type { AuditEventRecord, AuditQuery, Store } from '../../src/store/store.ts';
import { TestClock } from '../helpers/test-app.ts';

// The audit export's CSV (RFC 4180 with OWASP's CSV-injection guard) and its row limit.

describe('csvCell', () => {
  it.each([
    ['=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
    ['+1+2', "'+1+2"],
    ['-2-3', "'-2-3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', `"'\rcmd"`],
  ])('prefixes a formula start with an apostrophe: %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('quotes only when it must: %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('writes null as an empty cell', () => {
    expect(csvCell(null)).toBe('');
  });
});

function anEvent(n: number): AuditEventRecord {
  return {
    id: `e${n}`,
    at: 1_800_000_000 - n,
    event: 'token_issued',
    outcome: 'success',
    clientId: null,
    userId: null,
    ip: null,
    reason: null,
    details: {},
  };
}

/** A store whose audit log holds `total` events and records each query it is asked. */
function storeWith(total: number, queries: AuditQuery[]): Store {
  const list = (query: AuditQuery) => {
    queries.push(query);
    const start = query.before ? Number(query.before.id.slice(1)) + 1 : 0;
    const end = Math.min(total, start + query.limit);
    return Promise.resolve(Array.from({ length: end - start }, (_, i) => anEvent(start + i)));
  };
  return { audit: { list } } as unknown as Store;
}

describe('exportAuditEvents', () => {
  it(`stops at ${MAX_EXPORTED_AUDIT_EVENTS} events, reading on from each page's last`, async () => {
    const queries: AuditQuery[] = [];
    const store = storeWith(MAX_EXPORTED_AUDIT_EVENTS + 5000, queries);
    const pages = await exportAuditEvents(
      { store, clock: new TestClock() },
      { event: 'bulk', userId: 'u1' },
    );
    let rows = 0;
    for await (const chunk of auditCsv(pages)) {
      rows += chunk.split('\r\n').length - 1;
    }

    expect(rows).toBe(MAX_EXPORTED_AUDIT_EVENTS + 1);
    expect(queries[0]).toMatchObject({ event: 'bulk', userId: 'u1', before: undefined });
    expect(queries[1]?.before).toEqual({ at: anEvent(999).at, id: 'e999' });
    expect(queries.every((query) => query.offset === 0 && query.limit <= 1000)).toBe(true);
  });

  it('reads the first page before it resolves, and no more once a page comes back short', async () => {
    const queries: AuditQuery[] = [];
    const pages = await exportAuditEvents(
      { store: storeWith(1500, queries), clock: new TestClock() },
      {},
    );
    expect(queries).toHaveLength(1);
    const read: AuditEventRecord[][] = [];
    for await (const page of pages) {
      read.push(page);
    }
    expect(read.map((page) => page.length)).toEqual([1000, 500]);
    expect(queries).toHaveLength(2);
  });
});
