import { describe, expect, it, onTestFinished } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { post } from '../helpers/api-requests.ts';
import { answerWith, ask, chatWorld, createConversation, fakeLlamaAgent } from '../helpers/chat.ts';
import {
  errorReply,
  gate,
  startFakeProvider,
  streamReply,
  type FakeProvider,
} from '../helpers/fake-providers/fake-server.ts';
import { llamaWire } from '../helpers/fake-providers/openai-wire.ts';
import { TEXTS } from '../helpers/scanners.ts';
import { createListeningApp } from '../helpers/listening-app.ts';
import { pollUntil } from '../helpers/eventually.ts';
import { scrape, total } from '../helpers/metrics-scrape.ts';

// GET /metrics (issue #18) after chat turns against a loopback provider: engine calls, their
// time, tokens and failures by engine and model, scanners' verdicts, and answer streams open.

const TOKEN = 'metrics-token-0123456789abcdef';

/** An app of this test's own with the metrics token set, and a fake provider, closed after. */
async function chatApp(): Promise<{ t: TestApp; fake: FakeProvider }> {
  const t = await createTestApp({ AIRISK_METRICS_TOKEN: TOKEN });
  onTestFinished(() => t.close());
  const fake = await startFakeProvider();
  onTestFinished(() => fake.close());
  return { t, fake };
}

describe('chat', () => {
  it('counts engine calls, their time and tokens by engine and model, and their errors', async () => {
    const { t, fake } = await chatApp();
    const { user, agent } = await chatWorld(t, fakeLlamaAgent(fake));
    answerWith(fake, ['Hello ', 'there.'], { input: 11, output: 7 });
    await ask(t, user.token, { agentid: agent.id, question: 'What is a risk?' });
    fake.reply = errorReply(500, '{"error":{"message":"down"}}');
    const failed = await post(t, user.token, '/api/Chat/AskAgent', {
      agentid: agent.id,
      question: 'And again?',
    });
    expect(failed.statusCode).toBe(502);
    const { samples } = await scrape(t, TOKEN);
    const engine = { engine: 'llama', model: 'fake-model' };
    expect(total(samples, 'airisk_engine_calls_total', engine)).toBe(2);
    expect(total(samples, 'airisk_engine_call_duration_seconds_count', engine)).toBe(2);
    expect(total(samples, 'airisk_engine_tokens_total', { ...engine, type: 'input' })).toBe(11);
    expect(total(samples, 'airisk_engine_tokens_total', { ...engine, type: 'output' })).toBe(7);
    expect(total(samples, 'airisk_engine_errors_total', { ...engine, kind: 'unavailable' })).toBe(
      1,
    );
  });

  it("counts the scanners' verdicts by scanner and verdict", async () => {
    const { t, fake } = await chatApp();
    const { user, agent } = await chatWorld(t, fakeLlamaAgent(fake));
    answerWith(fake, ['Fine.']);
    await ask(t, user.token, { agentid: agent.id, question: 'Is this fine?' });
    const before = total((await scrape(t, TOKEN)).samples, 'airisk_scanner_verdicts_total', {
      scanner: 'secrets',
      verdict: 'pass',
    });
    expect(before).toBeGreaterThan(0);
    const blocked = await post(t, user.token, '/api/Chat/AskAgent', {
      agentid: agent.id,
      question: `Deploy with ${TEXTS.githubToken}`,
    });
    expect(blocked.statusCode).toBe(422);
    const { text, samples } = await scrape(t, TOKEN);
    const secrets = { scanner: 'secrets' };
    expect(total(samples, 'airisk_scanner_verdicts_total', { ...secrets, verdict: 'block' })).toBe(
      1,
    );
    expect(total(samples, 'airisk_scanner_verdicts_total', { ...secrets, verdict: 'pass' })).toBe(
      before,
    );
    expect(text).not.toContain(TEXTS.githubToken);
  });

  it('counts the answer streams open while they are', async () => {
    const { t, fake } = await chatApp();
    const { user, agent } = await chatWorld(t, fakeLlamaAgent(fake));
    const conversationId = await createConversation(t, user.token, agent.id);
    const hold = gate();
    const frames = llamaWire.answer(['Risks ', 'are ', 'harms.'], { input: 3, output: 3 });
    fake.reply = streamReply(llamaWire.contentType, frames, { holdAfterFirst: hold.opened });
    const streamed = t.app.inject({
      method: 'POST',
      url: '/api/Chat/ChatWithAgent',
      headers: { authorization: `Bearer ${user.token}`, accept: 'text/event-stream' },
      payload: { conversationId, message: 'What is a risk?' },
    });
    await fake.request();
    expect(total((await scrape(t, TOKEN)).samples, 'airisk_sse_streams_open')).toBe(1);
    hold.open();
    const response = await streamed;
    expect(response.body).toContain('event: done');
    expect(total((await scrape(t, TOKEN)).samples, 'airisk_sse_streams_open')).toBe(0);
  });

  it('counts a stream closed, and its engine call cancelled, when the client leaves', async () => {
    const t = await createListeningApp({ AIRISK_METRICS_TOKEN: TOKEN });
    onTestFinished(async () => {
      t.app.server.closeAllConnections();
      await t.close();
    });
    const fake = await startFakeProvider();
    onTestFinished(() => fake.close());
    const { user, agent } = await chatWorld(t, fakeLlamaAgent(fake));
    const conversationId = await createConversation(t, user.token, agent.id);
    const hold = gate();
    onTestFinished(() => hold.open());
    const frames = llamaWire.answer(['Risks ', 'are ', 'harms.'], { input: 3, output: 3 });
    fake.reply = streamReply(llamaWire.contentType, frames, { holdAfterFirst: hold.opened });
    const leave = new AbortController();
    const response = await fetch(`${t.issuer}/api/Chat/ChatWithAgent`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${user.token}`,
        accept: 'text/event-stream',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ conversationId, message: 'What is a risk?' }),
      signal: leave.signal,
    });
    await response.body?.getReader().read();
    expect(total((await scrape(t, TOKEN)).samples, 'airisk_sse_streams_open')).toBe(1);
    leave.abort();
    const closed = await pollUntil(
      async () => (await scrape(t, TOKEN)).samples,
      (samples) =>
        total(samples, 'airisk_sse_streams_open') === 0 &&
        total(samples, 'airisk_engine_errors_total', { kind: 'cancelled' }) === 1,
    );
    expect(closed.done).toBe(true);
  });
});
