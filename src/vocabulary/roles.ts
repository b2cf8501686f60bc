/** The roles an AIRisk user may hold; a user may hold several. */
export const ROLES = ['CompanyAdmin', 'User', 'Monitor', 'Compliance'] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Who watches over usage: monitoring rules and issues, dashboards. */
export const MONITORING_ROLES = ['Monitor', 'CompanyAdmin'] as const satisfies readonly Role[];

/** Who may read other people's conversations: compliance search. */
export const COMPLIANCE_ROLES = ['Compliance', 'CompanyAdmin'] as const satisfies readonly Role[];

/** Who may see every agent's id and name: to pick one in a rule, a search or a dashboard filter. */
export const OVERSIGHT_ROLES = [
  'CompanyAdmin',
  'Monitor',
  'Compliance',
] as const satisfies readonly Role[];
