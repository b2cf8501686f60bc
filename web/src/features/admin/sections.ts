import type { Role } from '../../lib/roles.ts';

// The admin console's sections and who may open each: the API decides (a 403 is still possible),
// the navigation only leaves out what the person's roles could not use.

export interface AdminSection {
  path: string;
  label: string;
  roles: readonly Role[];
}

export const ADMIN_SECTIONS: readonly AdminSection[] = [
  { path: 'users', label: 'Users', roles: ['CompanyAdmin'] },
  { path: 'groups', label: 'Groups', roles: ['CompanyAdmin'] },
  { path: 'agents', label: 'AI agents', roles: ['CompanyAdmin'] },
  { path: 'custom-apis', label: 'Custom APIs', roles: ['CompanyAdmin'] },
  { path: 'custom-databases', label: 'Custom databases', roles: ['CompanyAdmin'] },
  { path: 'scanners', label: 'Scanner defaults', roles: ['CompanyAdmin'] },
  { path: 'clients', label: 'API clients', roles: ['CompanyAdmin'] },
  { path: 'usage', label: 'Usage & budgets', roles: ['CompanyAdmin'] },
  { path: 'logs', label: 'Logs', roles: ['CompanyAdmin', 'Compliance'] },
  { path: 'dashboards', label: 'Dashboards', roles: ['Monitor', 'CompanyAdmin'] },
  { path: 'monitoring', label: 'Monitoring', roles: ['Monitor', 'CompanyAdmin'] },
  { path: 'compliance', label: 'Compliance', roles: ['Compliance', 'CompanyAdmin'] },
  { path: 'company', label: 'Company', roles: ['CompanyAdmin'] },
];

export function sectionsFor(roles: readonly string[]): AdminSection[] {
  return ADMIN_SECTIONS.filter((section) => section.roles.some((role) => roles.includes(role)));
}
