import type { ProviderWire } from './fake-server.ts';

/**
 * Gemini `streamGenerateContent?alt=sse`: server-sent GenerateContentResponse objects
 * (CRLF-separated, as Google sends them), each with the running `usageMetadata`; the last one
 * has `finishReason: STOP`.
 */
export const googleWire: ProviderWire = {
  contentType: 'text/event-stream',
  answer: (deltas, usage) =>
    deltas.map((text, index) => {
      const last = index === deltas.length - 1;
      const response = {
        candidates: [
          {
            content: { parts: [{ text }], role: 'model' },
            index: 0,
            ...(last && { finishReason: 'STOP' }),
          },
        ],
        usageMetadata: {
          promptTokenCount: usage.input,
          ...(last && { candidatesTokenCount: usage.output }),
          totalTokenCount: usage.input + (last ? usage.output : 0),
        },
        modelVersion: 'gemini-2.0-flash',
        responseId: 'fake-response',
      };
      return `data: ${JSON.stringify(response)}\r\n\r\n`;
    }),
  errorBody: (status, message) =>
    JSON.stringify({ error: { code: status, message, status: googleStatus(status) } }),
};

function googleStatus(status: number): string {
  switch (status) {
    case 401:
      return 'UNAUTHENTICATED';
    case 429:
      return 'RESOURCE_EXHAUSTED';
    case 500:
      return 'INTERNAL';
    default:
      return 'INVALID_ARGUMENT';
  }
}
