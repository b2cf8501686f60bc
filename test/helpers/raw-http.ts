import { connect } from 'node:net';

export interface RawRequest {
  method: string;
  /** The request target exactly as it goes on the request line: nothing is encoded for it. */
  target: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface RawResponse {
  /** 0 when the server closed the connection without a status line. */
  status: number;
  head: string;
  body: string;
}

/**
 * One HTTP/1.1 request written byte for byte on a fresh connection: fetch and inject would
 * refuse or repair what a hostile client sends (bad percent-encodings, lone surrogates, broken
 * multipart), and what they repair never reaches the server.
 */
export function rawRequest(
  port: number,
  request: RawRequest,
  timeoutMs = 15_000,
): Promise<RawResponse> {
  const body = request.body ?? Buffer.alloc(0);
  const headers = {
    host: `127.0.0.1:${port}`,
    connection: 'close',
    'content-length': String(body.length),
    ...request.headers,
  };
  const head = [
    `${request.method} ${request.target} HTTP/1.1`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    '',
    '',
  ].join('\r\n');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(Buffer.concat([Buffer.from(head, 'latin1'), body]));
    });
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(
        new Error(`No answer to ${request.method} ${request.target} within ${timeoutMs} ms`),
      ),
    );
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A server may answer before reading the whole body and close: the answer is what counts.
    socket.on('error', (error) => (chunks.length === 0 ? reject(error) : socket.destroy()));
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1];
      resolve({
        status: status === undefined ? 0 : Number(status),
        head: split < 0 ? text : text.slice(0, split),
        body: split < 0 ? '' : text.slice(split + 4),
      });
    });
  });
}
