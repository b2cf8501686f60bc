import type { SeedReport } from './seed.ts';

/** What the parent asks the child server (bench/server.ts) to serve, in its argv. */
export type TargetKind = 'ceiling' | 'app';

/** The environment the parent passes an `app` child: the database it created for this run. */
export const DATABASE_URL_VAR = 'BENCH_DATABASE_URL';
export const SEARCH_PATH_VAR = 'BENCH_SEARCH_PATH';

/** The ceiling's route and its exact body. */
export const CEILING_PATH = '/ceiling';
export const CEILING_BODY = { hello: 'world' };

/** The one message the child sends: listening, or why it could not. */
export type ReadyMessage =
  | { type: 'ready'; port: number; token?: string; seed?: SeedReport }
  | { type: 'failed'; message: string };

/** The one message the parent sends when it is done with the child. */
export const CLOSE_MESSAGE = 'close';
