import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from './api.ts';

const NAMES_STALE_MS = 5 * 60_000;

/** Every agent's id and name (ListAgentNames: CompanyAdmin, Monitor, Compliance), by name. */
export const agentNamesQuery = queryOptions({
  queryKey: ['agent-names'] as const,
  queryFn: async ({ signal }) => unwrap(await api.GET('/api/Agents/ListAgentNames', { signal })),
  staleTime: NAMES_STALE_MS,
});

/** An agent's name by its id; the id itself while the names load, or once it is deleted. */
export function useAgentName(): (agentId: string) => string {
  const names = useQuery(agentNamesQuery);
  return (agentId) => names.data?.find((agent) => agent.id === agentId)?.name ?? agentId;
}
