import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { aUser, createTestApp, type TestApp } from '../helpers/test-app.ts';
import { setSecret } from '../../src/secrets/custom-secrets.ts';
import { createToolDeps, type ToolDeps } from '../../src/tools/tool-deps.ts';
import { createCustomApi, type CustomApiView } from '../../src/tools/custom-apis/custom-apis.ts';
import type { CustomApiInput } from '../../src/tools/custom-apis/custom-api-input.ts';
import { customApiTool } from '../../src/tools/custom-apis/custom-api-tool.ts';
import type { ToolOutput } from '../../src/tools/agent-tool.ts';

// Custom API tests: the real app over its own database, and an HTTP server of the test's own on
// loopback, which the outbound policy reaches only because the test allows 127.0.0.1.

export const LOOPBACK_ALLOWED = { AIRISK_OUTBOUND_ALLOWED_NETWORKS: '127.0.0.1/32' };

export interface SeenRequest {
  method: string;
  /** As sent on the wire: path and query, still percent-encoded. */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface TestServer {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  seen: SeenRequest[];
  close(): Promise<void>;
}

type Handler = (request: SeenRequest, response: ServerResponse) => void;

/** A loopback HTTP server answering with `handler`, recording each request it got. */
export async function aServer(handler: Handler, host = '127.0.0.1'): Promise<TestServer> {
  const seen: SeenRequest[] = [];
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const request = {
        method: incoming.method ?? '',
        url: incoming.url ?? '',
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(request);
      handler(request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers JSON. */
export function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

export interface World {
  t: TestApp;
  deps: ToolDeps;
  userId: string;
}

export async function aWorld(env: Record<string, string> = LOOPBACK_ALLOWED): Promise<World> {
  const t = await createTestApp(env);
  const user = await aUser(t);
  return { t, deps: createToolDeps(t), userId: user.id };
}

export function anApi(
  world: World,
  input: Partial<CustomApiInput> & { baseUrl: string },
): Promise<CustomApiView> {
  return createCustomApi(world.t, { name: 'lookup', description: 'Looks things up', ...input });
}

export function aSecret(world: World, name: string, value: string): Promise<unknown> {
  return setSecret(world.t, { name, value });
}

/** The API called as the model would, as the world's user. */
export function call(
  world: World,
  api: CustomApiView,
  args: unknown = {},
  signal?: AbortSignal,
): Promise<ToolOutput> {
  return customApiTool(world.deps, api).run(args, {
    userId: world.userId,
    signal: signal ?? new AbortController().signal,
  });
}
