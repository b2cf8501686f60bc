import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { InsightDeps } from '../../activity/insight-deps.ts';
import type { DashboardRecord } from '../../store/dashboards-store.ts';
import { queryElement } from '../../dashboards/query-element.ts';
import {
  createDashboard,
  deleteDashboard,
  getDashboard,
  updateDashboard,
} from '../../dashboards/saved-dashboards.ts';
import {
  DashboardBodySchema,
  DashboardIdParamsSchema,
  DashboardSchema,
  ElementQuerySchema,
  ElementResultSchema,
  UpdateDashboardBodySchema,
  type DashboardBody,
} from '../schemas/dashboards.ts';
import { noContent, problemResponses } from '../schemas/problem.ts';
import { MONITORING_ROLES } from '../../vocabulary/roles.ts';
import { isoTime } from '../../lib/iso-time.ts';
import { userIdOf } from '../access.ts';

const tags = ['Dashboards'];
const monitors = { access: { token: 'user', roles: MONITORING_ROLES } } as const;

function dashboardView(dashboard: DashboardRecord) {
  return {
    ...dashboard,
    elements: dashboard.elements as DashboardBody['elements'],
    createdAt: isoTime(dashboard.createdAt),
    updatedAt: isoTime(dashboard.updatedAt),
  };
}

export async function dashboardsRoutes(parent: FastifyInstance, deps: InsightDeps): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/api/Dashboards/QueryElement',
    {
      config: monitors,
      schema: {
        tags,
        summary: "One dashboard element's numbers: Top N, Totals, a Chart or a Map",
        description:
          'Adds up the activity record per UTC day: ranges are whole days, and today counts as far as it has gone.',
        body: ElementQuerySchema,
        response: { 200: ElementResultSchema, ...problemResponses(400, 401, 403) },
      },
    },
    (request) => queryElement(deps, request.body),
  );

  app.get(
    '/api/Dashboards/ListDashboards',
    {
      config: monitors,
      schema: {
        tags,
        summary: 'Every saved dashboard, by name; shared by all Monitors and CompanyAdmins',
        response: { 200: Type.Array(DashboardSchema), ...problemResponses(401, 403) },
      },
    },
    async () => (await deps.store.dashboards.list()).map(dashboardView),
  );

  app.post(
    '/api/Dashboards/CreateDashboard',
    {
      config: monitors,
      schema: {
        tags,
        summary: 'Saves a dashboard: a name and its elements, each a title and an element query',
        body: DashboardBodySchema,
        response: { 201: DashboardSchema, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(dashboardView(await createDashboard(deps, userIdOf(request), request.body))),
  );

  app.get(
    '/api/Dashboards/GetDashboard/:dashboardId',
    {
      config: monitors,
      schema: {
        tags,
        summary: 'One saved dashboard',
        params: DashboardIdParamsSchema,
        response: { 200: DashboardSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => dashboardView(await getDashboard(deps, request.params.dashboardId)),
  );

  app.post(
    '/api/Dashboards/UpdateDashboard/:dashboardId',
    {
      config: monitors,
      schema: {
        tags,
        summary: 'Renames a dashboard or replaces its elements; the last save wins',
        params: DashboardIdParamsSchema,
        body: UpdateDashboardBodySchema,
        response: { 200: DashboardSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      dashboardView(
        await updateDashboard(deps, userIdOf(request), request.params.dashboardId, request.body),
      ),
  );

  app.post(
    '/api/Dashboards/DeleteDashboard/:dashboardId',
    {
      config: monitors,
      schema: {
        tags,
        summary: 'Deletes a saved dashboard',
        params: DashboardIdParamsSchema,
        response: { ...noContent('Deleted'), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deleteDashboard(deps, userIdOf(request), request.params.dashboardId);
      return reply.code(204).send(null);
    },
  );
}
