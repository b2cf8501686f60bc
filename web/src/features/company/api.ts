// Company > General information: /api/Company/* (CompanyAdmin), typed by the server's OpenAPI
// document; the logo goes as the image's own bytes through authorizedFetch.
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { accountOptionsQuery } from '../../lib/account-options.ts';
import { api, apiError, authorizedFetch, unwrap, type ApiPaths } from '../../lib/api.ts';

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;

export type CompanySettings = Json<ApiPaths['/api/Company/Settings']['get']['responses'][200]>;
export type CompanySettingsInput = Json<
  NonNullable<ApiPaths['/api/Company/Settings']['put']['requestBody']>
>;
export type SsoInput = NonNullable<CompanySettingsInput['sso']>;
export type SmtpInput = NonNullable<CompanySettingsInput['smtp']>;
export type SettingsSource = CompanySettings['sso']['source'];

/** What the server takes as a logo (src/vocabulary/company.ts). */
export const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export const LOGO_MAX_BYTES = 256 * 1024;

export const companyKeys = {
  settings: ['company', 'settings'] as const,
  agents: ['company', 'agents'] as const,
};

export const companySettingsQuery = queryOptions({
  queryKey: companyKeys.settings,
  queryFn: async ({ signal }) => unwrap(await api.GET('/api/Company/Settings', { signal })),
});

/** Every agent, to pick the one new users get. */
export const companyAgentsQuery = queryOptions({
  queryKey: companyKeys.agents,
  queryFn: async ({ signal }) => {
    const agents = unwrap(await api.GET('/api/Agents/ListAllAgents', { signal }));
    return agents.map(({ id, name, model }) => ({ id, name, model }));
  },
  staleTime: 60_000,
});

/** The name and the logo show in the header and on the sign-in page (GET /api/Account/Options). */
function useRefreshBrand() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: accountOptionsQuery.queryKey });
}

/** PUT /api/Company/Settings with the fields given; the answer is the settings as they apply. */
export function useUpdateCompanySettings() {
  const queryClient = useQueryClient();
  const refreshBrand = useRefreshBrand();
  return useMutation({
    mutationFn: async (body: CompanySettingsInput) =>
      unwrap(await api.PUT('/api/Company/Settings', { body })),
    onSuccess: async (settings) => {
      queryClient.setQueryData(companyKeys.settings, settings);
      await refreshBrand();
    },
  });
}

async function noContent(response: Response): Promise<void> {
  if (!response.ok) {
    const error: unknown = await response.json().catch(() => undefined);
    throw apiError({ error, response });
  }
}

/** PUT /api/Company/Logo: the file's bytes, with its type. */
export function useUploadLogo() {
  const queryClient = useQueryClient();
  const refreshBrand = useRefreshBrand();
  return useMutation({
    mutationFn: async (file: File) =>
      noContent(
        await authorizedFetch('/api/Company/Logo', {
          method: 'PUT',
          headers: { 'Content-Type': file.type || 'application/octet-stream' },
          body: file,
        }),
      ),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: companyKeys.settings }),
        refreshBrand(),
      ]);
    },
  });
}

export function useRemoveLogo() {
  const queryClient = useQueryClient();
  const refreshBrand = useRefreshBrand();
  return useMutation({
    mutationFn: async () => unwrap(await api.DELETE('/api/Company/Logo')),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: companyKeys.settings }),
        refreshBrand(),
      ]);
    },
  });
}

/** POST /api/Company/SendTestMail: to `to`, or to the admin's own address. */
export function useSendTestMail() {
  return useMutation({
    mutationFn: async (to: string) =>
      unwrap(await api.POST('/api/Company/SendTestMail', { body: to ? { to } : {} })),
  });
}
