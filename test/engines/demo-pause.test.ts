import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { askEngine } from '../../src/chat/engines/ask-engine.ts';
import { demoPauseMs } from '../../src/chat/engines/demo-model.ts';
import type { EngineSettings } from '../../src/chat/engines/engine.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { asUser, expectProblem, post, type Caller } from '../helpers/api-requests.ts';
import { CONVERSATION } from '../helpers/fake-providers/engine-contract.ts';

// The demo engine's pause before each word comes from its model id (`demo-25ms`, `demo-0ms`):
// what the chat benchmark sets to measure the gateway without a provider's latency, and an admin
// to watch streaming slowly. A model that starts with `demo-` and names no pause is refused.

const settings = (model: string): EngineSettings => ({
  engine: 'demo',
  model,
  endpoint: null,
  region: null,
  apiKey: null,
  temperature: null,
  maxOutputTokens: null,
});

async function words(model: string): Promise<string[]> {
  const deltas: string[] = [];
  for await (const delta of askEngine(settings(model), CONVERSATION, { timeoutMs: 5000 })
    .textStream) {
    deltas.push(delta);
  }
  return deltas;
}

describe('demo engine pause', () => {
  it('reads the pause from the model id; other models pause 10 ms', () => {
    expect(demoPauseMs('demo-25ms')).toBe(25);
    expect(demoPauseMs('demo-0ms')).toBe(0);
    expect(demoPauseMs('demo-60000ms')).toBe(60_000);
    expect(demoPauseMs('demo')).toBe(10);
    expect(demoPauseMs('judge')).toBe(10);
    expect(demoPauseMs('fleet-priced')).toBe(10);
    for (const refused of ['demo-60001ms', 'demo-fast', 'demo-25', 'demo--1ms', 'demo-2.5ms']) {
      expect(demoPauseMs(refused), refused).toBeUndefined();
    }
  });

  it('pauses before every word, the first included', async () => {
    const started = performance.now();
    const deltas = await words('demo-25ms');
    const elapsed = performance.now() - started;
    expect(deltas).toEqual(await words('demo-0ms'));
    expect(deltas.length).toBeGreaterThan(10);
    // Timers never fire early by more than a millisecond.
    expect(elapsed).toBeGreaterThanOrEqual(deltas.length * 24);
  });

  it('sets no timer with demo-0ms: the whole answer streams before the event loop turns', async () => {
    let turned = false;
    const immediate = setImmediate(() => {
      turned = true;
    });
    const deltas = await words('demo-0ms');
    clearImmediate(immediate);
    expect(turned).toBe(false);
    expect(deltas.join('')).toMatch(/^Demo engine \(no AI model was called\)/);
  });
});

describe('demo engine pause, as an agent setting', () => {
  let t: TestApp;
  let admin: Caller;

  beforeEach(async () => {
    t = await createTestApp();
    admin = await asUser(t, ['CompanyAdmin']);
  });
  afterEach(() => t.close());

  const create = (model: string) =>
    post(t, admin.token, '/api/Agents/CreateAgent', { name: model, engine: 'demo', model });

  it('takes demo-<N>ms from 0 to 60000 ms', async () => {
    for (const model of ['demo-0ms', 'demo-25ms', 'demo-60000ms']) {
      const response = await create(model);
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json()).toMatchObject({ engine: 'demo', model });
    }
  });

  it.each(['demo-fast', 'demo-60001ms', 'demo-25'])(
    'refuses the model %s with a 400 saying how to name a pause',
    async (model) => {
      expectProblem(
        await create(model),
        400,
        `The demo engine's model "${model}" names no pause: demo-<N>ms pauses N milliseconds before each word (N from 0 to 60000, e.g. demo-25ms); any other model, such as demo, pauses 10`,
      );
    },
  );

  it('refuses it on update too, leaving the agent as it was', async () => {
    const agent = (await create('demo-25ms')).json<{ id: string }>();
    const update = (model: string) =>
      post(t, admin.token, '/api/Agents/UpdateAgent', { agentid: agent.id, model });
    expectProblem(await update('demo-slow'), 400, /names no pause/);
    const changed = await update('demo-0ms');
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ model: 'demo-0ms' });
  });
});
