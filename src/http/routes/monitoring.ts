import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { InsightDeps } from '../../activity/insight-deps.ts';
import type {
  IssueEventRecord,
  MonitorIssueRecord,
  MonitorRuleRecord,
} from '../../store/monitoring-store.ts';
import { createRule, deleteRule, updateRule } from '../../monitoring/rules.ts';
import {
  commentIssue,
  getIssue,
  ISSUE_ROLES,
  listIssues,
  updateIssue,
} from '../../monitoring/issues.ts';
import { startEvaluator } from '../../monitoring/evaluator.ts';
import type { IssueEventKind, IssueStatus, Severity } from '../../vocabulary/monitoring.ts';
import {
  CommentIssueBodySchema,
  CreateRuleBodySchema,
  IssueDetailSchema,
  IssueEventSchema,
  IssueIdParamsSchema,
  IssueSchema,
  ListIssuesQuerySchema,
  RuleIdParamsSchema,
  RuleSchema,
  UpdateIssueBodySchema,
  UpdateRuleBodySchema,
} from '../schemas/monitoring.ts';
import { noContent, problemResponses } from '../schemas/problem.ts';
import { userIdOf } from '../access.ts';
import { isoTime } from '../../lib/iso-time.ts';

const tags = ['Monitoring'];
const monitors = { access: { token: 'user', roles: ISSUE_ROLES } } as const;

const ruleResponse = (rule: MonitorRuleRecord) => ({
  ...rule,
  severity: rule.severity as Severity,
  createdAt: isoTime(rule.createdAt),
  updatedAt: isoTime(rule.updatedAt),
});

const issueResponse = ({ lastSeq: _lastSeq, ...issue }: MonitorIssueRecord) => ({
  ...issue,
  severity: issue.severity as Severity,
  status: issue.status as IssueStatus,
  firstSeenAt: isoTime(issue.firstSeenAt),
  lastSeenAt: isoTime(issue.lastSeenAt),
  createdAt: isoTime(issue.createdAt),
  updatedAt: isoTime(issue.updatedAt),
});

const eventResponse = ({ issueId: _issueId, ...event }: IssueEventRecord) => ({
  ...event,
  kind: event.kind as IssueEventKind,
  at: isoTime(event.at),
});

const detailResponse = ({ history, ...issue }: Awaited<ReturnType<typeof getIssue>>) => ({
  ...issueResponse(issue),
  history: history.map(eventResponse),
});

/** The /api/Monitoring/… routes, and the evaluation of the rules as events are recorded. */
export async function monitoringRoutes(parent: FastifyInstance, deps: InsightDeps): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const evaluator = startEvaluator({
    store: deps.store,
    activitySignal: deps.activitySignal,
    log: parent.log,
    intervalMs: deps.config.monitorIntervalMs,
  });
  parent.addHook('onClose', () => evaluator.stop());

  app.get(
    '/api/Monitoring/ListRules',
    {
      config: monitors,
      schema: {
        tags,
        summary: 'The monitoring rules, by name',
        response: { 200: Type.Array(RuleSchema), ...problemResponses(401, 403) },
      },
    },
    async () => (await deps.store.monitoring.listRules()).map(ruleResponse),
  );

  app.post(
    '/api/Monitoring/CreateRule',
    {
      config: monitors,
      schema: {
        tags,
        summary: 'Creates a rule, evaluated on every activity event recorded from now on',
        body: CreateRuleBodySchema,
        response: { 201: RuleSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(ruleResponse(await createRule(deps, request.body, userIdOf(request)))),
  );

  app.post(
    '/api/Monitoring/UpdateRule',
    {
      config: monitors,
      schema: {
        tags,
        summary: 'Changes what the body names; issues already opened stay as they are',
        body: UpdateRuleBodySchema,
        response: { 200: RuleSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ruleResponse(await updateRule(deps, request.body, userIdOf(request))),
  );

  app.delete(
    '/api/Monitoring/DeleteRule/:ruleId',
    {
      config: monitors,
      schema: {
        tags,
        summary: 'Deletes a rule with its issues',
        params: RuleIdParamsSchema,
        response: { ...noContent('Deleted'), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deleteRule(deps, request.params.ruleId, userIdOf(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/Monitoring/ListIssues',
    {
      config: monitors,
      schema: {
        tags,
        summary: 'Issues the rules opened, most recently seen first',
        querystring: ListIssuesQuerySchema,
        response: { 200: Type.Array(IssueSchema), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => (await listIssues(deps, request.query)).map(issueResponse),
  );

  app.get(
    '/api/Monitoring/GetIssue/:issueId',
    {
      config: monitors,
      schema: {
        tags,
        summary: 'An issue with its history and comments',
        params: IssueIdParamsSchema,
        response: { 200: IssueDetailSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => detailResponse(await getIssue(deps, request.params.issueId)),
  );

  app.post(
    '/api/Monitoring/UpdateIssue',
    {
      config: monitors,
      schema: {
        tags,
        summary:
          'Acknowledges, resolves, reopens or assigns an issue; each change joins its history',
        body: UpdateIssueBodySchema,
        response: { 200: IssueDetailSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => detailResponse(await updateIssue(deps, request.body, userIdOf(request))),
  );

  app.post(
    '/api/Monitoring/CommentIssue',
    {
      config: monitors,
      schema: {
        tags,
        summary: "Adds a comment to an issue's history",
        body: CommentIssueBodySchema,
        response: { 201: IssueEventSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(eventResponse(await commentIssue(deps, request.body, userIdOf(request)))),
  );
}
