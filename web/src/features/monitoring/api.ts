import {
  infiniteQueryOptions,
  queryOptions,
  useMutation,
  useQueryClient,
} from '@tanstack/react-query';
import { api, unwrap, type ApiPaths } from '../../lib/api.ts';

// The monitoring pages' calls (tag Monitoring; roles Monitor and CompanyAdmin): the rules, the
// issues they open, and where a rule's issues are announced.

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

export type Rule = Json<ApiPaths['/api/Monitoring/ListRules']['get']['responses'][200]>[number];
export type NewRule = Json<ApiPaths['/api/Monitoring/CreateRule']['post']['requestBody']>;
export type Issue = Json<ApiPaths['/api/Monitoring/ListIssues']['get']['responses'][200]>[number];
export type IssueDetail = Json<
  ApiPaths['/api/Monitoring/GetIssue/{issueId}']['get']['responses'][200]
>;
export type IssueEvent = IssueDetail['history'][number];
export type IssueStatus = Issue['status'];
export type Severity = Issue['severity'];
export type Target = Json<
  ApiPaths['/api/Monitoring/ListTargets/{ruleId}']['get']['responses'][200]
>[number];
export type NewTarget = Json<ApiPaths['/api/Monitoring/AddTarget']['post']['responses'][201]>;
export type TargetKind = Target['kind'];
export type TestResult = Json<
  ApiPaths['/api/Monitoring/TestRule/{ruleId}']['post']['responses'][200]
>[number];

export const ISSUE_STATUSES: readonly { value: IssueStatus; label: string }[] = [
  { value: 'open', label: 'Open' },
  { value: 'acknowledged', label: 'Acknowledged' },
  { value: 'resolved', label: 'Resolved' },
];

export const SEVERITIES: readonly { value: Severity; label: string }[] = [
  { value: 'low', label: 'Low' },
  { value: 'medium', label: 'Medium' },
  { value: 'high', label: 'High' },
  { value: 'critical', label: 'Critical' },
];

export function statusLabel(status: IssueStatus): string {
  return ISSUE_STATUSES.find((option) => option.value === status)?.label ?? status;
}

export function severityLabel(severity: Severity): string {
  return SEVERITIES.find((option) => option.value === severity)?.label ?? severity;
}

export const ISSUES_PAGE_SIZE = 50;

export interface IssueFilters {
  status?: IssueStatus | undefined;
  ruleId?: string | undefined;
  assigneeId?: string | undefined;
}

export const issuesQuery = (filters: IssueFilters) =>
  infiniteQueryOptions({
    queryKey: ['monitoring', 'issues', filters] as const,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/Monitoring/ListIssues', {
          params: { query: { ...filters, results: ISSUES_PAGE_SIZE, skip: pageParam } },
        }),
      ),
    initialPageParam: 0,
    getNextPageParam: (page, pages) =>
      page.length === ISSUES_PAGE_SIZE ? pages.length * ISSUES_PAGE_SIZE : undefined,
  });

export const issueQuery = (issueId: string) =>
  queryOptions({
    queryKey: ['monitoring', 'issue', issueId] as const,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/Monitoring/GetIssue/{issueId}', { params: { path: { issueId } } }),
      ),
  });

export const deliveriesQuery = (issueId: string) =>
  queryOptions({
    queryKey: ['monitoring', 'deliveries', issueId] as const,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/Monitoring/ListDeliveries/{issueId}', {
          params: { path: { issueId } },
        }),
      ),
  });

export const rulesQuery = queryOptions({
  queryKey: ['monitoring', 'rules'] as const,
  queryFn: async () => unwrap(await api.GET('/api/Monitoring/ListRules')),
});

export const targetsQuery = (ruleId: string) =>
  queryOptions({
    queryKey: ['monitoring', 'targets', ruleId] as const,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/Monitoring/ListTargets/{ruleId}', { params: { path: { ruleId } } }),
      ),
  });

/** After any change: the rules, issues and targets shown are read again. */
function useRefresh() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['monitoring'] });
}

export function useUpdateIssue() {
  const queryClient = useQueryClient();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (body: {
      issueId: string;
      status?: IssueStatus;
      assigneeId?: string | null;
    }) => unwrap(await api.POST('/api/Monitoring/UpdateIssue', { body })),
    onSuccess: async (issue) => {
      queryClient.setQueryData(issueQuery(issue.id).queryKey, issue);
      await refresh();
    },
  });
}

export function useCommentIssue() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (body: { issueId: string; comment: string }) =>
      unwrap(await api.POST('/api/Monitoring/CommentIssue', { body })),
    // Not awaited: the comment box clears as soon as the comment is taken, before the history
    // that shows it is read again (awaited, the comment showed twice for a moment).
    onSuccess: () => void refresh(),
  });
}

export function useCreateRule() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (body: NewRule) =>
      unwrap(await api.POST('/api/Monitoring/CreateRule', { body })),
    onSuccess: refresh,
  });
}

export function useUpdateRule() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (body: Partial<NewRule> & { ruleId: string }) =>
      unwrap(await api.POST('/api/Monitoring/UpdateRule', { body })),
    onSuccess: refresh,
  });
}

export function useDeleteRule() {
  return useMutation({
    mutationFn: async (ruleId: string) =>
      unwrap(
        await api.DELETE('/api/Monitoring/DeleteRule/{ruleId}', { params: { path: { ruleId } } }),
      ),
  });
}

/**
 * After a rule is deleted and its page left (so that the page never shows "no such rule"): the
 * rules list stops showing it at once, and its issues and targets are read afresh when shown.
 */
export function useForgetRule() {
  const queryClient = useQueryClient();
  return async (ruleId: string) => {
    queryClient.setQueryData(rulesQuery.queryKey, (rules) =>
      rules?.filter((rule) => rule.id !== ruleId),
    );
    await queryClient.invalidateQueries({ queryKey: ['monitoring'] });
  };
}

export function useAddTarget() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (body: { ruleId: string; kind: TargetKind; address: string }) =>
      unwrap(await api.POST('/api/Monitoring/AddTarget', { body })),
    onSuccess: refresh,
  });
}

export function useRemoveTarget() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (targetId: string) =>
      unwrap(
        await api.DELETE('/api/Monitoring/RemoveTarget/{targetId}', {
          params: { path: { targetId } },
        }),
      ),
    onSuccess: refresh,
  });
}

export function useTestRule() {
  return useMutation({
    mutationFn: async (ruleId: string) =>
      unwrap(await api.POST('/api/Monitoring/TestRule/{ruleId}', { params: { path: { ruleId } } })),
  });
}
