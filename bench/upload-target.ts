import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../src/app.ts';
import { createUser } from '../src/users/users.ts';
import { accessToken } from './access-token.ts';
import type { OAuthTarget, UploadTarget } from './protocol.ts';

/**
 * A CompanyAdmin's token and a demo agent to give files to, for the extraction workload: made
 * through the same API and domain functions an administrator uses.
 */
export async function uploadTarget(
  app: FastifyInstance,
  deps: AppDeps,
  oauth: OAuthTarget,
): Promise<UploadTarget> {
  const admin = await createUser(deps, {
    email: 'bench-admin@example.com',
    name: 'Benchmark admin',
    roles: ['CompanyAdmin'],
  });
  const token = await accessToken(app, oauth, admin.id);
  const agent = await app.inject({
    method: 'POST',
    url: '/api/Agents/CreateAgent',
    headers: { authorization: `Bearer ${token}` },
    payload: { name: 'Benchmark agent', engine: 'demo', model: 'demo' },
  });
  if (agent.statusCode !== 201) {
    throw new Error(`CreateAgent answered ${agent.statusCode}: ${agent.body}`);
  }
  return { token, path: `/api/Chat/AddFilesToAgent/${agent.json<{ id: string }>().id}` };
}
