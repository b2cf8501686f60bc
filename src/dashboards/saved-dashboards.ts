import type { Clock } from '../lib/clock.ts';
import type { Store } from '../store/store.ts';
import type { DashboardRecord } from '../store/dashboards-store.ts';
import type { DashboardBody } from '../http/schemas/dashboards.ts';
import { NotFoundError } from '../lib/errors.ts';
import { generateId } from '../lib/secrets.ts';
import { recordAudit } from '../audit/audit.ts';
import { checkElement } from './query-element.ts';

interface DashboardDeps {
  store: Store;
  clock: Clock;
}

// Dashboards are shared: every Monitor and CompanyAdmin sees and may edit each one, and the
// last save wins (the audit log says who changed what).

function checkElements(elements: DashboardBody['elements'], now: number): void {
  elements.forEach((element, index) =>
    checkElement(element.query, now, `elements[${index}].query.`),
  );
}

function notFound(id: string): NotFoundError {
  return new NotFoundError(
    `No dashboard "${id}": list them with GET /api/Dashboards/ListDashboards`,
  );
}

export async function createDashboard(
  { store, clock }: DashboardDeps,
  actorId: string,
  body: DashboardBody,
): Promise<DashboardRecord> {
  const now = clock.nowSeconds();
  checkElements(body.elements, now);
  const dashboard: DashboardRecord = {
    id: generateId(),
    name: body.name.trim(),
    elements: body.elements,
    createdBy: actorId,
    createdAt: now,
    updatedAt: now,
  };
  await store.dashboards.insert(dashboard);
  await recordAudit(store, clock, {
    event: 'dashboard_created',
    userId: actorId,
    details: { dashboardId: dashboard.id, name: dashboard.name },
  });
  return dashboard;
}

export async function getDashboard({ store }: DashboardDeps, id: string): Promise<DashboardRecord> {
  const dashboard = await store.dashboards.findById(id);
  if (!dashboard) {
    throw notFound(id);
  }
  return dashboard;
}

export async function updateDashboard(
  { store, clock }: DashboardDeps,
  actorId: string,
  id: string,
  body: Partial<DashboardBody>,
): Promise<DashboardRecord> {
  const now = clock.nowSeconds();
  if (body.elements) {
    checkElements(body.elements, now);
  }
  const dashboard = await store.dashboards.update(id, {
    ...(body.name !== undefined && { name: body.name.trim() }),
    ...(body.elements && { elements: body.elements }),
    updatedAt: now,
  });
  if (!dashboard) {
    throw notFound(id);
  }
  await recordAudit(store, clock, {
    event: 'dashboard_updated',
    userId: actorId,
    details: { dashboardId: id, changed: Object.keys(body) },
  });
  return dashboard;
}

export async function deleteDashboard(
  { store, clock }: DashboardDeps,
  actorId: string,
  id: string,
): Promise<void> {
  if (!(await store.dashboards.remove(id))) {
    throw notFound(id);
  }
  await recordAudit(store, clock, {
    event: 'dashboard_deleted',
    userId: actorId,
    details: { dashboardId: id },
  });
}
