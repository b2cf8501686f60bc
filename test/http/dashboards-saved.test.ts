import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { asUser, expectProblem, get, post, type Caller } from '../helpers/api-requests.ts';

// Saved dashboards: a name and elements (a title and an element query each), shared by every
// Monitor and CompanyAdmin, validated on save, audited.

interface Dashboard {
  id: string;
  name: string;
  elements: { title: string; query: Record<string, unknown> }[];
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

let t: TestApp;
let monitor: Caller;
let admin: Caller;

const ELEMENTS = [
  { title: 'This month', query: { kind: 'totals', range: { lastDays: 30 } } },
  { title: 'Top users', query: { kind: 'topN', dimension: 'user', metric: 'cost', limit: 5 } },
  { title: 'Per day', query: { kind: 'chart', metric: 'messages' } },
  { title: 'Where', query: { kind: 'map', metric: 'blocks' } },
];

async function create(body: Record<string, unknown>, token = monitor.token): Promise<Dashboard> {
  const response = await post(t, token, '/api/Dashboards/CreateDashboard', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Dashboard>();
}

beforeEach(async () => {
  t = await createTestApp();
  monitor = await asUser(t, ['Monitor']);
  admin = await asUser(t, ['CompanyAdmin']);
});

afterEach(async () => {
  await t.close();
});

describe('Saved dashboards', () => {
  it('are created, listed by name, read, changed and deleted by any monitor', async () => {
    const usage = await create({ name: 'Usage', elements: ELEMENTS });
    expect(usage).toMatchObject({ name: 'Usage', elements: ELEMENTS, createdBy: monitor.user.id });
    await create({ name: 'Abuse', elements: [] }, admin.token);
    const list = await get(t, admin.token, '/api/Dashboards/ListDashboards');
    expect(list.json<Dashboard[]>().map((d) => d.name)).toEqual(['Abuse', 'Usage']);

    const read = await get(t, admin.token, `/api/Dashboards/GetDashboard/${usage.id}`);
    expect(read.json<Dashboard>()).toEqual(usage);

    t.clock.advance(60);
    const renamed = await post(t, admin.token, `/api/Dashboards/UpdateDashboard/${usage.id}`, {
      name: 'Usage this month',
      elements: ELEMENTS.slice(0, 1),
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const changed = renamed.json<Dashboard>();
    expect(changed).toMatchObject({ name: 'Usage this month', elements: ELEMENTS.slice(0, 1) });
    expect(Date.parse(changed.updatedAt)).toBe(Date.parse(usage.updatedAt) + 60_000);

    t.clock.advance(1);
    const deleted = await post(t, monitor.token, `/api/Dashboards/DeleteDashboard/${usage.id}`);
    expect(deleted.statusCode).toBe(204);
    expectProblem(await get(t, monitor.token, `/api/Dashboards/GetDashboard/${usage.id}`), 404);
    expectProblem(await post(t, monitor.token, `/api/Dashboards/DeleteDashboard/${usage.id}`), 404);

    const events = (await get(t, admin.token, '/api/Logs/ListLogs?results=100')).json<
      { event: string; userId: string | null; details: { dashboardId?: string } }[]
    >();
    const mine = events.filter((e) => e.details.dashboardId === usage.id);
    expect(mine.map((e) => [e.event, e.userId])).toEqual([
      ['dashboard_deleted', monitor.user.id],
      ['dashboard_updated', admin.user.id],
      ['dashboard_created', monitor.user.id],
    ]);
  });

  it('keep names unique in any case', async () => {
    const first = await create({ name: 'Usage', elements: [] });
    expectProblem(
      await post(t, monitor.token, '/api/Dashboards/CreateDashboard', {
        name: 'USAGE',
        elements: [],
      }),
      409,
      /Usage|USAGE/,
    );
    const other = await create({ name: 'Other', elements: [] });
    expectProblem(
      await post(t, monitor.token, `/api/Dashboards/UpdateDashboard/${other.id}`, {
        name: 'usage',
      }),
      409,
    );
    expect(
      (await get(t, monitor.token, `/api/Dashboards/GetDashboard/${first.id}`)).statusCode,
    ).toBe(200);
  });

  it('refuse an invalid element with a problem naming it, and store nothing', async () => {
    const bad = async (elements: unknown[], detail: RegExp) =>
      expectProblem(
        await post(t, monitor.token, '/api/Dashboards/CreateDashboard', { name: 'Bad', elements }),
        400,
        detail,
      );
    await bad(
      [ELEMENTS[0], { title: 'No dimension', query: { kind: 'topN' } }],
      /elements\[1\]\.query\.dimension/,
    );
    await bad(
      [
        {
          title: 'Backwards',
          query: { kind: 'totals', range: { since: '2026-02-01', until: '2026-01-01' } },
        },
      ],
      /elements\[0\]\.query\.range/,
    );
    await bad([{ title: '', query: { kind: 'totals' } }], /title/);
    await bad([{ title: 'Pie', query: { kind: 'pie' } }], /kind/);
    await bad(
      Array.from({ length: 25 }, () => ELEMENTS[0]),
      /elements/,
    );
    const list = await get(t, monitor.token, '/api/Dashboards/ListDashboards');
    expect(list.json()).toEqual([]);
  });

  it('are for Monitor and CompanyAdmin only', async () => {
    const usage = await create({ name: 'Usage', elements: ELEMENTS });
    for (const roles of [['User'], ['Compliance']] as const) {
      const caller = await asUser(t, [...roles]);
      expectProblem(await get(t, caller.token, '/api/Dashboards/ListDashboards'), 403);
      expectProblem(await get(t, caller.token, `/api/Dashboards/GetDashboard/${usage.id}`), 403);
      expectProblem(
        await post(t, caller.token, '/api/Dashboards/CreateDashboard', { name: 'X', elements: [] }),
        403,
      );
      expectProblem(
        await post(t, caller.token, `/api/Dashboards/DeleteDashboard/${usage.id}`),
        403,
      );
    }
  });
});
