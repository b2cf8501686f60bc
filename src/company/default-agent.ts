import type { Store } from '../store/store.ts';
import { readProfile } from './stored-settings.ts';

/**
 * Gives a new user the company's default agent (Company settings, defaultAgentId), as
 * SetDefaultAgent would; nothing when none is set or the agent has been deleted since. Returns
 * the agent given, or null.
 */
export async function applyCompanyDefaultAgent(
  store: Store,
  userId: string,
): Promise<string | null> {
  const { defaultAgentId } = await readProfile(store);
  if (defaultAgentId === undefined || !(await store.agents.findById(defaultAgentId))) {
    return null;
  }
  await store.agents.setDefault(userId, defaultAgentId);
  return defaultAgentId;
}
