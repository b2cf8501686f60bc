import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { InsightDeps } from '../../activity/insight-deps.ts';
import type { MonitorTargetRecord } from '../../store/monitoring-notifications-store.ts';
import { ISSUE_ROLES } from '../../monitoring/issues.ts';
import { ruleNotFound } from '../../monitoring/rules.ts';
import {
  addTarget,
  announcement,
  listTargets,
  removeTarget,
} from '../../monitoring/notification-targets.ts';
import { attempt, startDeliveryWorker } from '../../monitoring/delivery-worker.ts';
import { generateId } from '../../lib/secrets.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { RULE_TEST_EVENT } from '../../vocabulary/monitoring-notifications.ts';
import {
  AddTargetBodySchema,
  DeliverySchema,
  NewTargetSchema,
  TargetIdParamsSchema,
  TargetSchema,
  TestResultSchema,
} from '../schemas/monitoring-notifications.ts';
import { IssueIdParamsSchema, RuleIdParamsSchema } from '../schemas/monitoring.ts';
import { noContent, problemResponses } from '../schemas/problem.ts';
import { userIdOf } from '../access.ts';
import { isoTime } from '../../lib/iso-time.ts';

const tags = ['Monitoring'];
const monitors = { access: { token: 'user', roles: ISSUE_ROLES } } as const;

const targetResponse = ({ sealedSecret: _sealed, ...target }: MonitorTargetRecord) => ({
  ...target,
  createdAt: isoTime(target.createdAt),
});

/** Where monitoring rules announce their issues, and the outbox worker that announces them. */
export async function monitoringNotificationRoutes(
  parent: FastifyInstance,
  deps: InsightDeps,
): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const worker = startDeliveryWorker({
    store: deps.store,
    masterKey: deps.masterKey,
    mailer: deps.mailer,
    log: parent.log,
    intervalMs: deps.config.monitorIntervalMs,
    retryBaseMs: deps.config.notifyRetryBaseMs,
  });
  parent.addHook('onClose', () => worker.stop());

  app.post(
    '/api/Monitoring/AddTarget',
    {
      config: monitors,
      schema: {
        tags,
        summary: "Announces the rule's new issues by a signed webhook or by email",
        body: AddTargetBodySchema,
        response: { 201: NewTargetSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { target, secret } = await addTarget(deps, request.body, userIdOf(request));
      return reply.code(201).send({ ...targetResponse(target), secret });
    },
  );

  app.get(
    '/api/Monitoring/ListTargets/:ruleId',
    {
      config: monitors,
      schema: {
        tags,
        summary: "A rule's notification targets (never a webhook's secret)",
        params: RuleIdParamsSchema,
        response: { 200: Type.Array(TargetSchema), ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => (await listTargets(deps.store, request.params.ruleId)).map(targetResponse),
  );

  app.delete(
    '/api/Monitoring/RemoveTarget/:targetId',
    {
      config: monitors,
      schema: {
        tags,
        summary: 'Removes a notification target with its pending deliveries',
        params: TargetIdParamsSchema,
        response: { ...noContent('Removed'), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await removeTarget(deps, request.params.targetId, userIdOf(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/Monitoring/TestRule/:ruleId',
    {
      config: monitors,
      schema: {
        tags,
        summary: "Sends a test notification to each of the rule's targets now, once each",
        params: RuleIdParamsSchema,
        response: { 200: Type.Array(TestResultSchema), ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const rule = await deps.store.monitoring.findRule(request.params.ruleId);
      if (!rule) {
        throw ruleNotFound(request.params.ruleId);
      }
      const payload = announcement(RULE_TEST_EVENT, deps.clock.nowSeconds(), rule, null);
      const targets = await deps.store.monitoringNotifications.listTargets(rule.id);
      return Promise.all(
        targets.map(async (target) => {
          const result = await attempt(deps, target, `msg_${generateId()}`, payload);
          return {
            targetId: target.id,
            kind: target.kind,
            address: target.address,
            delivered: result.outcome === 'delivered',
            error: result.outcome === 'delivered' ? null : result.error,
          };
        }),
      );
    },
  );

  app.get(
    '/api/Monitoring/ListDeliveries/:issueId',
    {
      config: monitors,
      schema: {
        tags,
        summary: "The notifications of an issue's opening, with their attempts",
        params: IssueIdParamsSchema,
        response: { 200: Type.Array(DeliverySchema), ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const { issueId } = request.params;
      if (!(await deps.store.monitoring.findIssue(issueId))) {
        throw new NotFoundError(`No issue has id ${issueId}`);
      }
      const deliveries = await deps.store.monitoringNotifications.listDeliveries(issueId);
      return deliveries.map(({ payload: _payload, issueId: _issue, ...delivery }) => ({
        ...delivery,
        status: delivery.status as 'pending' | 'delivered' | 'failed',
        kind: delivery.kind as 'webhook' | 'email',
        nextAttemptAt:
          delivery.status === 'pending' ? isoTime(Math.floor(delivery.nextAttemptAt / 1000)) : null,
        createdAt: isoTime(delivery.createdAt),
        updatedAt: isoTime(delivery.updatedAt),
      }));
    },
  );
}
