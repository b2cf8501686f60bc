import { post } from '../helpers/api-requests.ts';
import {
  freshConversation,
  get,
  postJson,
  unique,
  type Prepare,
  type World,
} from './case-world.ts';

// The request cases of the compliance holds' operations (data archive), in the form of
// request-cases.ts. Each hold covers a fresh conversation, or a saved search that matches
// nothing else: no other case's conversation is held.

/** A fresh saved search matching nothing: its id, and its made-up words (read as `text`). */
async function freshSearch(w: World): Promise<{ searchId: string; text: string }> {
  const text = unique('nothingmatches');
  const response = await post(w.t, w.admin.token, '/api/Compliance/CreateSearch', {
    name: unique('Hold search '),
    criteria: { text },
  });
  return { searchId: response.json<{ id: string }>().id, text };
}

async function freshHold(w: World): Promise<{ holdId: string; name: string }> {
  const name = unique('Casing hold ');
  const response = await post(w.t, w.admin.token, '/api/Compliance/PlaceHold', {
    name,
    conversationIds: [await freshConversation(w)],
  });
  return { holdId: response.json<{ id: string }>().id, name };
}

export const ARCHIVE_CASES: Record<string, Prepare[]> = {
  'GET /api/Compliance/ListHolds': [async (w) => get('/api/Compliance/ListHolds', w.admin.token)],
  'POST /api/Compliance/PlaceHold': [
    async (w) => {
      const name = unique('Casing hold ');
      const conversationId = await freshConversation(w);
      return {
        ...postJson('/api/Compliance/PlaceHold', w.admin.token, {
          name,
          conversationIds: [conversationId],
        }),
        made: { name, conversationId },
      };
    },
    async (w) => {
      const name = unique('Casing hold ');
      const { searchId, text } = await freshSearch(w);
      return {
        ...postJson('/api/Compliance/PlaceHold', w.admin.token, { name, searchId }),
        made: { name, searchId, text },
      };
    },
  ],
  'DELETE /api/Compliance/ReleaseHold': [
    async (w) => {
      const { holdId, name } = await freshHold(w);
      return {
        method: 'DELETE',
        url: '/api/Compliance/ReleaseHold',
        token: w.admin.token,
        query: { holdId },
        made: { holdId, name },
      };
    },
  ],
};
