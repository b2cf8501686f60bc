import { Writable } from 'node:stream';

/** Every line a pino logger writes, kept in memory: give `stream` to the app's logger. */
export interface LogCollector {
  stream: Writable;
  /** The log as written. */
  text(): string;
  /** Each line parsed. */
  entries(): Record<string, unknown>[];
}

export function logCollector(): LogCollector {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const text = () => chunks.join('');
  return {
    stream,
    text,
    entries: () =>
      text()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
