import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../src/app.ts';
import { createUser } from '../src/users/users.ts';
import { accessToken } from './access-token.ts';
import type { OAuthTarget } from './protocol.ts';

/**
 * A new CompanyAdmin, their token, and a demo agent they created: made through the same API and
 * domain functions an administrator uses.
 */
export async function adminWithDemoAgent(
  app: FastifyInstance,
  deps: AppDeps,
  oauth: OAuthTarget,
  names: { email: string; name: string; agentName: string },
): Promise<{ token: string; agentId: string; userId: string }> {
  const admin = await createUser(deps, {
    email: names.email,
    name: names.name,
    roles: ['CompanyAdmin'],
  });
  const token = await accessToken(app, oauth, admin.id);
  const agent = await app.inject({
    method: 'POST',
    url: '/api/Agents/CreateAgent',
    headers: { authorization: `Bearer ${token}` },
    payload: { name: names.agentName, engine: 'demo', model: 'demo' },
  });
  if (agent.statusCode !== 201) {
    throw new Error(`CreateAgent answered ${agent.statusCode}: ${agent.body}`);
  }
  return { token, agentId: agent.json<{ id: string }>().id, userId: admin.id };
}
