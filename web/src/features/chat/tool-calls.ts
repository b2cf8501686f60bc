// The tools an answer called, as the chat shows them: stored with the message (toolCalls), or
// arriving with the streamed answer (the `tool-call` and `tool-result` events).

export type ToolCallStatus = 'ok' | 'error' | 'blocked';

/** One call as the chat shows it; `running` until its result arrives. */
export interface ShownToolCall {
  id: string;
  tool: string;
  arguments: unknown;
  status: ToolCallStatus | 'running';
  /** What the model was given (after the scanners); null when it failed. */
  result: string | null;
  error: string | null;
  durationMs?: number | undefined;
}

/** The `tool-call` event: the model asked for a call, about to be made. */
export interface ToolCallEvent {
  id: string;
  tool: string;
  arguments: unknown;
}

/** The `tool-result` event: how the call ended, the result as the model got it. */
export interface ToolResultEvent {
  id: string;
  tool: string;
  status: ToolCallStatus;
  result: string | null;
  error: string | null;
}

/** The calls of a streamed answer after one more event. */
export function withToolEvent(
  calls: readonly ShownToolCall[],
  event: { call: ToolCallEvent } | { result: ToolResultEvent },
): ShownToolCall[] {
  if ('call' in event) {
    const { id, tool, arguments: args } = event.call;
    return [...calls, { id, tool, arguments: args, status: 'running', result: null, error: null }];
  }
  const { id, status, result, error } = event.result;
  const known = calls.some((call) => call.id === id);
  return known
    ? calls.map((call) => (call.id === id ? { ...call, status, result, error } : call))
    : [...calls, { ...event.result, arguments: undefined }];
}

/** How the call ended, in words (never by colour alone). */
export function toolCallStatusText(call: ShownToolCall): string {
  switch (call.status) {
    case 'running':
      return 'running…';
    case 'ok':
      return call.durationMs === undefined ? 'answered' : `answered in ${call.durationMs} ms`;
    case 'error':
      return 'failed';
    case 'blocked':
      return 'blocked by the scanners';
  }
}

/** The text pretty-printed when it is JSON, else as it is. */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** Arguments (a value) as indented JSON. */
export function argumentsText(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? '';
}
