import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

// A real HTTP server on loopback (port 0) standing in for a webhook receiver: it keeps every
// request with the time it arrived and answers with the statuses it was told to, in order.

export interface ReceivedWebhook {
  /** Date.now() when the request had fully arrived. */
  at: number;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface WebhookReceiver {
  /** The receiver's base URL, `http://127.0.0.1:<port>`; any path is accepted. */
  url: string;
  received: ReceivedWebhook[];
  close(): Promise<void>;
}

/**
 * `statuses`: the answer to the first, second, ... request; once used up, `thereafter`.
 * `redirectTo`: the Location sent with a 3xx answer.
 */
export async function startWebhookReceiver({
  statuses = [] as number[],
  thereafter = 200,
  redirectTo = 'http://127.0.0.1:9/elsewhere',
} = {}): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const status = statuses[received.length] ?? thereafter;
      received.push({
        at: Date.now(),
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const location = status >= 300 && status < 400 ? { location: redirectTo } : {};
      response.writeHead(status, location).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
