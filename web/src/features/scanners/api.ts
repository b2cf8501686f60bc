// The scanner defaults' calls (/api/Scanners/Defaults, /api/Scanner/Scan) and the agent lists the
// scanner pages pick from, typed by the server's OpenAPI document through lib/api.ts.
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type ApiPaths } from '../../lib/api.ts';

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;
type Body<R> = R extends { content: { 'application/json': infer T } } ? T : never;

/** Every scanner's policy: GET /api/Scanners/Defaults' answer. */
export type ScannerPolicies = Json<ApiPaths['/api/Scanners/Defaults']['get']['responses'][200]>;

/**
 * A change to some scanners' policies: PUT /api/Scanners/Defaults' body, and an agent's own
 * `scanners`. What is left out keeps its value; `settings` changes only the settings it names.
 */
export type ScannerPoliciesPatch = NonNullable<
  Body<ApiPaths['/api/Scanners/Defaults']['put']['requestBody']>
>;

export type ScannerName = keyof ScannerPolicies;
export type ScannerPolicy = ScannerPolicies[ScannerName];
export type ScanDirection = ScannerPolicy['directions'][number];
export type ScanAction = ScannerPolicy['action'];
export type OnError = ScannerPolicy['onError'];

export type ScanInput = Body<ApiPaths['/api/Scanner/Scan']['post']['requestBody']>;
export type ScanReport = Json<ApiPaths['/api/Scanner/Scan']['post']['responses'][200]>;
export type ScanResult = ScanReport['results'][number];
export type ScanFinding = ScanResult['findings'][number];
export type ScanVerdict = ScanReport['verdict'];

export const scannerKeys = {
  defaults: ['scanners', 'defaults'] as const,
  allAgents: ['scanners', 'agents', 'all'] as const,
  usableAgents: ['scanners', 'agents', 'usable'] as const,
};

export const scannerDefaultsQuery = queryOptions({
  queryKey: scannerKeys.defaults,
  queryFn: async ({ signal }) => unwrap(await api.GET('/api/Scanners/Defaults', { signal })),
});

/** Every agent (CompanyAdmin): the AI scanners' scanner agent is one of them. */
export const allAgentsQuery = queryOptions({
  queryKey: scannerKeys.allAgents,
  queryFn: async ({ signal }) => {
    const agents = unwrap(await api.GET('/api/Agents/ListAllAgents', { signal }));
    return agents.map(({ id, name, engine, model }) => ({ id, name, engine, model }));
  },
  staleTime: 60_000,
});

/** The agents the signed-in person may use: a scan under an agent's policy needs one of them. */
export const usableAgentsQuery = queryOptions({
  queryKey: scannerKeys.usableAgents,
  queryFn: async ({ signal }) => unwrap(await api.GET('/api/Chat/ListAgents', { signal })),
  staleTime: 60_000,
});

/** PUT /api/Scanners/Defaults with only what changed; the answer is the new defaults. */
export function useSaveScannerDefaults() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: ScannerPoliciesPatch) =>
      unwrap(await api.PUT('/api/Scanners/Defaults', { body })),
    onSuccess: (policies) => queryClient.setQueryData(scannerKeys.defaults, policies),
  });
}

/** POST /api/Scanner/Scan: nothing is stored; a block is a verdict here, not an error. */
export function useScan() {
  return useMutation({
    mutationFn: async (body: ScanInput) => unwrap(await api.POST('/api/Scanner/Scan', { body })),
  });
}
