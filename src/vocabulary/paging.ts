import { ValidationError } from '../lib/errors.ts';

/**
 * How every AIRisk list pages (the documentation's Pagination page): `results` items after
 * skipping `skip = (page - 1) * results`. The schemas, the domain and the CLI share these bounds.
 */
export interface PageInput {
  results?: number | undefined;
  skip?: number | undefined;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 1000;
// The original's paging values are .NET ints; a larger skip could only ever return nothing.
export const MAX_SKIP = 2_147_483_647;

export function parsePage(input: PageInput): { limit: number; offset: number } {
  const limit = input.results ?? DEFAULT_PAGE_SIZE;
  const offset = input.skip ?? 0;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE_SIZE) {
    throw new ValidationError(`results must be a whole number from 0 to ${MAX_PAGE_SIZE}`);
  }
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_SKIP) {
    throw new ValidationError(`skip must be a whole number from 0 to ${MAX_SKIP}`);
  }
  return { limit, offset };
}
