import { post } from '../helpers/api-requests.ts';
import {
  freshAgent,
  freshGroup,
  get,
  postJson,
  unique,
  type Prepare,
  type World,
} from './case-world.ts';

// The request cases of the Server Admin operations (default agents, custom secrets), in the form
// of request-cases.ts.

const defaultAgent =
  (url: string, scope: 'everyone' | 'group', addFirst: boolean): Prepare =>
  async (w) => {
    const agentId = await freshAgent(w);
    const body = scope === 'group' ? { agentId, groupId: await freshGroup(w) } : { agentId };
    if (addFirst) {
      await post(w.t, w.admin.token, '/api/DefaultAgents/AddDefaultAgent', body);
    }
    const extra = addFirst ? {} : { giveToExisting: true };
    return { ...postJson(url, w.admin.token, { ...body, ...extra }), made: { agentId } };
  };

/** A new custom secret's name. */
export async function freshSecret(w: World): Promise<string> {
  const name = unique('CASE_SECRET_').replace(/[^A-Za-z0-9_]/g, '_');
  await post(w.t, w.admin.token, '/api/Secrets/SetSecret', { name, value: 'case-secret-value' });
  return name;
}

export const SERVER_ADMIN_CASES: Record<string, Prepare[]> = {
  'GET /api/DefaultAgents/ListDefaultAgents': [
    async (w) => get('/api/DefaultAgents/ListDefaultAgents', w.admin.token),
  ],
  'POST /api/DefaultAgents/AddDefaultAgent': [
    defaultAgent('/api/DefaultAgents/AddDefaultAgent', 'everyone', false),
    defaultAgent('/api/DefaultAgents/AddDefaultAgent', 'group', false),
  ],
  'POST /api/DefaultAgents/RemoveDefaultAgent': [
    defaultAgent('/api/DefaultAgents/RemoveDefaultAgent', 'everyone', true),
    defaultAgent('/api/DefaultAgents/RemoveDefaultAgent', 'group', true),
  ],
  'GET /api/Secrets/ListSecrets': [async (w) => get('/api/Secrets/ListSecrets', w.admin.token)],
  'POST /api/Secrets/SetSecret': [
    async (w) => {
      const name = unique('CASE_SECRET_').replace(/[^A-Za-z0-9_]/g, '_');
      const body = { name, value: 'case-secret-value', description: 'A case' };
      return { ...postJson('/api/Secrets/SetSecret', w.admin.token, body), made: { name } };
    },
  ],
  'DELETE /api/Secrets/DeleteSecret/{name}': [
    async (w) => ({
      method: 'DELETE',
      url: `/api/Secrets/DeleteSecret/${await freshSecret(w)}`,
      token: w.admin.token,
    }),
  ],
};
