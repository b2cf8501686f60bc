/** The roles an AIRisk user may hold; a user may hold several. */
export const ROLES = ['CompanyAdmin', 'User', 'Monitor', 'Compliance'] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
