import { askEngine } from '../src/chat/engines/ask-engine.ts';
import type { EngineMessage, EngineSettings } from '../src/chat/engines/engine.ts';

const DEMO: EngineSettings = {
  engine: 'demo',
  model: 'demo-0ms',
  endpoint: null,
  region: null,
  apiKey: null,
  temperature: null,
  maxOutputTokens: null,
};
const WARMUP_CALLS = 200;
const HISTORY = 19;

export interface ProviderCallCost {
  calls: number;
  cpuMsPerCall: number;
  wallMsPerCall: number;
}

/**
 * The provider call alone, as a turn makes it: askEngine over the demo engine with no pause
 * (the AI SDK's streamText, its web streams and stream-part checks), with a turn's messages at
 * the agent's 20-message history, one call at a time in the bench's own process. Our cost per
 * turn includes it whatever the server does around it: the floor the SDK sets under that cost.
 */
export async function measureProviderCall(calls: number): Promise<ProviderCallCost> {
  const messages: EngineMessage[] = [
    { role: 'system', content: 'You answer questions about the budget review.' },
    ...Array.from({ length: HISTORY }, (_, i): EngineMessage => ({
      role: i % 2 === 0 ? 'user' : 'assistant',
      content: `Message ${i} of the conversation about the budget review.`,
    })),
  ];
  const call = async (i: number) => {
    const question = `What is item ${i} of the budget review?`;
    const answer = askEngine(DEMO, [...messages, { role: 'user', content: question }], {
      timeoutMs: 60_000,
    });
    let text = '';
    for await (const piece of answer.textStream) {
      text += piece;
    }
    await answer.usage;
    if (!text.includes(question)) {
      throw new Error(`the demo engine answered ${JSON.stringify(text)}, not an echo`);
    }
  };
  for (let i = 0; i < WARMUP_CALLS; i += 1) {
    await call(i);
  }
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < calls; i += 1) {
    await call(i);
  }
  const used = process.cpuUsage(cpu);
  return {
    calls,
    cpuMsPerCall: (used.user + used.system) / 1000 / calls,
    wallMsPerCall: (performance.now() - started) / calls,
  };
}
