import type { LanguageModel } from 'ai';

// The demo engine's tool calling (demo-model.ts): deterministic, so that an admin can try a
// custom API or database from the chat, and tests can drive a whole tool turn, without a model.

type LanguageModelV3 = Extract<LanguageModel, { specificationVersion: 'v3' }>;
type CallOptions = Parameters<LanguageModelV3['doStream']>[0];
type PromptMessage = CallOptions['prompt'][number];
type ToolResultOutput = Extract<
  Extract<PromptMessage, { role: 'tool' }>['content'][number],
  { type: 'tool-result' }
>['output'];

/** A whole tool call, as the model part carries it: the input is JSON text. */
export interface DemoToolCall {
  toolCallId: string;
  toolName: string;
  input: string;
}

/** What the demo engine does about tools: call one, or say something (undefined: echo as usual). */
export type DemoToolStep = { call: DemoToolCall } | { say: string };

const CALL = /^call\s+(\S+)\s*([\s\S]*)$/i;
const QUOTED_RESULT_CHARS = 500;
// Our tools answer a failure in words the model reads (chat/turn-tools.ts).
const FAILED = 'Error: ';
const DEMO = 'Demo engine (no AI model was called): ';

/**
 * `call <tool> <json>` as the last user message calls that tool (the arguments `{}` when none
 * are given), unless its result is in already: then the demo answers with the result. A call
 * of a tool the agent does not have is told so, after the usual echo (`echo`).
 */
export function demoToolStep(options: CallOptions, echo: () => string): DemoToolStep | undefined {
  const { prompt } = options;
  const last = prompt.at(-1);
  if (last?.role === 'tool') {
    return { say: DEMO + last.content.map(resultSentence).join(' ') };
  }
  const request = last?.role === 'user' ? CALL.exec(textOf(last).trim()) : null;
  if (!request) {
    return undefined;
  }
  const [, toolName = '', json = ''] = request;
  const tools = (options.tools ?? []).map((tool) => tool.name);
  if (!tools.includes(toolName)) {
    const offered =
      tools.length > 0 ? `this agent's tools: ${tools.join(', ')}` : 'this agent has no tools';
    return { say: `${echo()} There is no tool named "${toolName}"; ${offered}.` };
  }
  const input = json.trim() || '{}';
  if (!isJsonObject(input)) {
    return { say: `${echo()} The arguments of ${toolName} must be a JSON object.` };
  }
  const calls = prompt.filter((message) => message.role === 'tool').length;
  return { call: { toolCallId: `demo-call-${calls + 1}`, toolName, input } };
}

/** A message's text, tool calls and results included (the demo counts its tokens by it). */
export function textOf(message: PromptMessage): string {
  if (typeof message.content === 'string') {
    return message.content;
  }
  return message.content
    .map((part) => {
      switch (part.type) {
        case 'text':
        case 'reasoning':
          return part.text;
        case 'tool-call':
          return JSON.stringify(part.input);
        case 'tool-result':
          return outputText(part.output).text;
        case 'file':
        case 'tool-approval-response':
          return '';
      }
    })
    .join('');
}

function resultSentence(part: PromptMessage['content'][number]): string {
  if (typeof part === 'string' || part.type !== 'tool-result') {
    return '';
  }
  const { text, failed } = outputText(part.output);
  return failed
    ? `${part.toolName} failed: ${text}`
    : `${part.toolName} answered: ${text.slice(0, QUOTED_RESULT_CHARS)}`;
}

function outputText(output: ToolResultOutput): { text: string; failed: boolean } {
  switch (output.type) {
    case 'text':
      return output.value.startsWith(FAILED)
        ? { text: output.value.slice(FAILED.length), failed: true }
        : { text: output.value, failed: false };
    case 'error-text':
      return { text: output.value, failed: true };
    case 'json':
    case 'error-json':
      return { text: JSON.stringify(output.value), failed: output.type === 'error-json' };
    case 'execution-denied':
      return { text: output.reason ?? 'the call was denied', failed: true };
    case 'content':
      return { text: '(content)', failed: false };
  }
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}
