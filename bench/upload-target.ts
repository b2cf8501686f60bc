import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../src/app.ts';
import { adminWithDemoAgent } from './demo-agent.ts';
import type { OAuthTarget, UploadTarget } from './protocol.ts';

/** A CompanyAdmin's token and a demo agent to give files to, for the extraction workload. */
export async function uploadTarget(
  app: FastifyInstance,
  deps: AppDeps,
  oauth: OAuthTarget,
): Promise<UploadTarget> {
  const { token, agentId } = await adminWithDemoAgent(app, deps, oauth, {
    email: 'bench-admin@example.com',
    name: 'Benchmark admin',
    agentName: 'Benchmark agent',
  });
  return { token, path: `/api/Chat/AddFilesToAgent/${agentId}` };
}
