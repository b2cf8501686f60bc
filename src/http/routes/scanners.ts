import type { FastifyInstance } from 'fastify';
import { recordSettingsChange } from '../../activity/activity-events.ts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ScanningDeps } from '../../scanners/enforce.ts';
import { scanOnDemand } from '../../scanners/scan-on-demand.ts';
import { companyPolicies, updateCompanyPolicies } from '../../scanners/company-policies.ts';
import {
  ScanBodySchema,
  ScannerPoliciesPatchSchema,
  ScannerPoliciesSchema,
  ScanResponseSchema,
  policiesResponse,
} from '../schemas/scanners.ts';
import { problemResponses } from '../schemas/problem.ts';
import { adminOnly, userIdOf, userToken } from '../access.ts';

const tags = ['Scanners'];

export async function scannersRoutes(parent: FastifyInstance, deps: ScanningDeps): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/api/Scanner/Scan',
    {
      config: userToken,
      schema: {
        tags,
        summary: "Runs the scanners on a text: an agent's policy, or the company's defaults",
        description:
          'Nothing is stored or recorded. A block is an answer here (verdict "block"), not an error.',
        body: ScanBodySchema,
        response: { 200: ScanResponseSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => scanOnDemand(deps, userIdOf(request), request.body, request.ip),
  );

  app.get(
    '/api/Scanners/Defaults',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: "The company's scanner defaults (Admin > Agent Scanner Defaults)",
        response: { 200: ScannerPoliciesSchema, ...problemResponses(401, 403) },
      },
    },
    async () => policiesResponse(await companyPolicies(deps.store)),
  );

  app.put(
    '/api/Scanners/Defaults',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Changes the scanner defaults given; scanners and fields left out keep theirs',
        description:
          'Agents follow the defaults except where their own `scanners` say otherwise. A setting a scanner cannot use (a regex that does not compile) is a 400 naming the field.',
        body: ScannerPoliciesPatchSchema,
        response: { 200: ScannerPoliciesSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const policies = await updateCompanyPolicies(deps, request.body);
      await recordSettingsChange(
        deps,
        { userId: userIdOf(request), clientIp: request.ip },
        { setting: 'scannerDefaults', action: 'updated', fields: Object.keys(request.body) },
      );
      return policiesResponse(policies);
    },
  );
}
