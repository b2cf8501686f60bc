import type { NewActivityEvent } from '../../src/store/activity-store.ts';
import type { UserRecord } from '../../src/store/store.ts';
import { post } from '../helpers/api-requests.ts';
import { seedActivity } from '../helpers/compliance.ts';
import { aUser } from '../helpers/test-app.ts';
import {
  freshConversation,
  freshGroup,
  get,
  postJson,
  unique,
  type Prepare,
  type Sent,
  type World,
} from './case-world.ts';

// The request cases of the Compliance and Dashboards operations (activity search and export,
// saved searches, dashboard elements and saved dashboards), in the form of request-cases.ts.
// The activity they read is recorded through the store for fresh users, on days long past, so
// that what one case records never shows in another's answer.

const seconds = (iso: string) => Date.parse(iso) / 1000;
const DAY = 86_400;

/** A fresh user of a fixed name; its id and email, made up, are read as `as`. */
async function freshPerson(w: World, as: string): Promise<[UserRecord, Record<string, string>]> {
  const email = `${unique('casing-')}@example.com`;
  const user = await aUser(w.t, { id: unique('case_user_'), email, name: `Casing ${as}` });
  return [user, { [as]: user.id, [`${as}Email`]: email }];
}

/** Events recorded in this order; their ids (recording sequence numbers) read as event0, … */
async function recorded(w: World, events: Partial<NewActivityEvent>[]) {
  const seqs = await seedActivity(w.t, events);
  const made = Object.fromEntries(seqs.map((seq, i) => [`event${i}`, `"id":${seq},`]));
  return { seqs, made };
}

const cursorOf = (seq: number) => Buffer.from(`s${seq}`).toString('base64url');

// Search: the criteria find a rated answer of one user flagged for a key; each criterion has
// an event of its own that only it leaves out, so that a name left unbound shows.
const NOON = seconds('2004-05-06T12:00:00Z');
const FOUND: Partial<NewActivityEvent> = {
  kind: 'answer',
  at: NOON,
  verdict: 'redact',
  scanners: ['secrets'],
  findingTypes: ['ApiKey'],
  feedbackRating: 2,
  text: 'the casing deploy key',
};

/** The events a search is sent over: two found, what only one criterion leaves out, one found. */
async function searchScene(w: World) {
  const [found, foundMade] = await freshPerson(w, 'found');
  const [outsider, outsiderMade] = await freshPerson(w, 'outsider');
  const [member, memberMade] = await freshPerson(w, 'member');
  const groupId = await freshGroup(w);
  for (const userId of [found.id, member.id]) {
    await w.t.store.groups.addMember(groupId, userId, w.t.clock.nowSeconds());
  }
  const of = (event: Partial<NewActivityEvent>) => ({
    ...FOUND,
    userId: found.id,
    agentId: w.agentId,
    ...event,
  });
  // Newest first, a page of one shows the found event below the cursor unless a criterion is
  // left out: then the event that only it leaves out, recorded after, comes first.
  const { seqs, made } = await recorded(w, [
    of({ at: NOON + 60 }),
    of({ at: NOON + 120 }),
    of({ text: 'the casing release notes' }),
    of({ userId: member.id }),
    of({ userId: outsider.id }),
    of({ agentId: null }),
    of({ at: NOON - DAY }),
    of({ at: NOON + DAY }),
    of({ kind: 'prompt' }),
    of({ scanners: ['regex'] }),
    of({ verdict: 'flag' }),
    of({ findingTypes: ['Email'] }),
    of({ feedbackRating: 4 }),
    of({ at: NOON + 180 }),
  ]);
  const criteria = {
    text: 'casing deploy',
    userIds: [found.id, outsider.id],
    groupIds: [groupId],
    agentIds: [w.agentId],
    since: '2004-05-06T00:00:00Z',
    until: '2004-05-07T00:00:00Z',
    kinds: ['answer'],
    scanners: ['secrets', 'personalInformation'],
    verdicts: ['redact', 'block'],
    findingTypes: ['ApiKey'],
    ratings: [1, 2],
  };
  return { seqs, criteria, made: { ...made, ...foundMade, ...outsiderMade, ...memberMade } };
}

const SAVED_CRITERIA = { text: '"api key"', kinds: ['prompt'], verdicts: ['block'] };

/** A fresh saved search: its id, and its made-up name to read as `name`. */
async function freshSearch(w: World): Promise<{ id: string; made: Record<string, string> }> {
  const name = unique('Casing search ');
  const response = await post(w.t, w.admin.token, '/api/Compliance/CreateSearch', {
    name,
    criteria: { text: 'password' },
  });
  return { id: response.json<{ id: string }>().id, made: { name } };
}

/** A request naming a fresh saved search by `searchId` in its query. */
const ofFreshSearch =
  (method: Sent['method'], url: string, body?: Record<string, unknown>): Prepare =>
  async (w) => {
    const { id, made } = await freshSearch(w);
    return {
      method,
      url,
      token: w.admin.token,
      query: { searchId: id },
      ...(body && { body }),
      made,
    };
  };

const ELEMENT = { title: 'Top users', query: { kind: 'topN', dimension: 'user', limit: 5 } };
const OTHER_ELEMENT = {
  title: 'Tokens by day',
  query: { kind: 'chart', metric: 'tokens', range: { lastDays: 7 } },
};

/** A fresh dashboard's URL under `path`, and its made-up name to read as `name`. */
async function freshDashboard(w: World, path: string) {
  const name = unique('Casing dashboard ');
  const response = await post(w.t, w.admin.token, '/api/Dashboards/CreateDashboard', {
    name,
    elements: [ELEMENT],
  });
  return { url: `${path}/${response.json<{ id: string }>().id}`, made: { name } };
}

// QueryElement: the heavy user asks once at length, the chatty one thrice in short; an outsider
// uses more tokens than both, on the same days. Days of 2003, far from the default last 30 days.
const ELEMENT_DAY = seconds('2003-01-02T09:00:00Z');

async function elementScene(w: World) {
  const [heavy, heavyMade] = await freshPerson(w, 'heavy');
  const [chatty, chattyMade] = await freshPerson(w, 'chatty');
  const [outsider, outsiderMade] = await freshPerson(w, 'outsider');
  const prompt = (userId: string, promptTokens: number) => ({
    kind: 'prompt' as const,
    at: ELEMENT_DAY,
    userId,
    promptTokens,
  });
  await seedActivity(w.t, [
    prompt(heavy.id, 500),
    ...[1, 2, 3].map(() => prompt(chatty.id, 10)),
    prompt(outsider.id, 900),
  ]);
  return { userIds: [heavy.id, chatty.id], made: { ...heavyMade, ...chattyMade, ...outsiderMade } };
}

export const COMPLIANCE_DASHBOARD_CASES: Record<string, Prepare[]> = {
  'POST /api/Compliance/Search': [
    async (w) => {
      const { seqs, criteria, made } = await searchScene(w);
      // Sent past the last event: a page of one, the second event found, and a next page.
      const cursor = cursorOf(seqs.at(-1) ?? 0);
      const next = cursorOf(seqs[1] ?? 0);
      return {
        ...postJson('/api/Compliance/Search', w.admin.token, { ...criteria, limit: 1, cursor }),
        made: { ...made, cursor, next },
      };
    },
  ],
  'POST /api/Compliance/ExportSearch': [
    async (w) => {
      const { criteria, made } = await searchScene(w);
      return {
        ...postJson('/api/Compliance/ExportSearch', w.admin.token, criteria),
        query: { format: 'jsonl' },
        made,
      };
    },
  ],
  'GET /api/Compliance/GetConversation': [
    async (w) => {
      const conversationId = await freshConversation(w);
      const { made } = await recorded(w, [
        { kind: 'prompt', userId: w.user.user.id, conversationId, text: 'Casing question' },
        { kind: 'answer', userId: w.user.user.id, conversationId, text: 'Casing answer' },
      ]);
      return { ...get('/api/Compliance/GetConversation', w.admin.token, { conversationId }), made };
    },
  ],
  'GET /api/Compliance/ListSearches': [
    async (w) => get('/api/Compliance/ListSearches', w.admin.token),
  ],
  'POST /api/Compliance/CreateSearch': [
    async (w) => {
      const name = unique('Casing search ');
      return {
        ...postJson('/api/Compliance/CreateSearch', w.admin.token, {
          name,
          criteria: SAVED_CRITERIA,
        }),
        made: { name },
      };
    },
  ],
  'GET /api/Compliance/GetSearch': [ofFreshSearch('GET', '/api/Compliance/GetSearch')],
  'POST /api/Compliance/UpdateSearch': [
    async (w) => {
      const name = unique('Renamed search ');
      const sent = await ofFreshSearch('POST', '/api/Compliance/UpdateSearch', {
        name,
        criteria: SAVED_CRITERIA,
      })(w);
      return { ...sent, made: { ...sent.made, renamed: name } };
    },
  ],
  'DELETE /api/Compliance/DeleteSearch': [ofFreshSearch('DELETE', '/api/Compliance/DeleteSearch')],
  'POST /api/Dashboards/QueryElement': [
    async (w) => {
      const { userIds, made } = await elementScene(w);
      return {
        ...postJson('/api/Dashboards/QueryElement', w.admin.token, {
          kind: 'topN',
          metric: 'tokens',
          dimension: 'user',
          limit: 1,
          range: { since: '2003-01-01', until: '2003-01-03' },
          filters: { userIds },
        }),
        made,
      };
    },
  ],
  'GET /api/Dashboards/ListDashboards': [
    async (w) => get('/api/Dashboards/ListDashboards', w.admin.token),
  ],
  'POST /api/Dashboards/CreateDashboard': [
    async (w) => {
      const name = unique('Casing dashboard ');
      return {
        ...postJson('/api/Dashboards/CreateDashboard', w.admin.token, {
          name,
          elements: [ELEMENT, OTHER_ELEMENT],
        }),
        made: { name },
      };
    },
  ],
  'GET /api/Dashboards/GetDashboard/{dashboardId}': [
    async (w) => {
      const { url, made } = await freshDashboard(w, '/api/Dashboards/GetDashboard');
      return { ...get(url, w.admin.token), made };
    },
  ],
  'POST /api/Dashboards/UpdateDashboard/{dashboardId}': [
    async (w) => {
      const { url, made } = await freshDashboard(w, '/api/Dashboards/UpdateDashboard');
      const name = unique('Renamed dashboard ');
      return {
        ...postJson(url, w.admin.token, { name, elements: [OTHER_ELEMENT] }),
        made: { ...made, renamed: name },
      };
    },
  ],
  'POST /api/Dashboards/DeleteDashboard/{dashboardId}': [
    async (w) => {
      const { url, made } = await freshDashboard(w, '/api/Dashboards/DeleteDashboard');
      return { method: 'POST', url, token: w.admin.token, made };
    },
  ],
};
