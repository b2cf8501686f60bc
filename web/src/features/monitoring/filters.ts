import { ISSUE_STATUSES, type IssueFilters, type IssueStatus } from './api.ts';

// The issues list's filters, kept in the address (?status=, ?rule=, ?mine=1) so that a filtered
// list can be shared, reloaded and gone back to. Without a status: the open issues.

export type StatusFilter = IssueStatus | 'all';

export interface ListFilters {
  status: StatusFilter;
  rule: string;
  mine: boolean;
}

export const STATUS_OPTIONS: readonly (readonly [StatusFilter, string])[] = [
  ...ISSUE_STATUSES.map((option) => [option.value, option.label] as const),
  ['all', 'Any status'],
];

const isStatus = (value: string | null): value is StatusFilter =>
  STATUS_OPTIONS.some(([option]) => option === value);

export function filtersOf(params: URLSearchParams): ListFilters {
  const status = params.get('status');
  return {
    status: isStatus(status) ? status : 'open',
    rule: params.get('rule') ?? '',
    mine: params.get('mine') === '1',
  };
}

export function paramsOf(filters: ListFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.status !== 'open') {
    params.set('status', filters.status);
  }
  if (filters.rule) {
    params.set('rule', filters.rule);
  }
  if (filters.mine) {
    params.set('mine', '1');
  }
  return params;
}

/** The ListIssues query for these filters, "mine" being the signed-in person. */
export function issueFiltersOf(filters: ListFilters, meId: string): IssueFilters {
  return {
    ...(filters.status !== 'all' && { status: filters.status }),
    ...(filters.rule && { ruleId: filters.rule }),
    ...(filters.mine && { assigneeId: meId }),
  };
}
