/**
 * The seeded users' emails: zero-padded, so that they sort (as ListUsers orders them) in the
 * order of `index`, and every workload knows the exact page it must get back.
 */
export function emailOf(index: number): string {
  return `user${String(index).padStart(6, '0')}@bench.example`;
}
