import type { ScaleSeedReport } from './scale-seed.ts';
import type { CsvImportReport } from './csv-import.ts';
import type { InsightSeedReport } from './insight-seed.ts';

/** How an app child's database was filled. */
export interface DatasetReport {
  bulk: ScaleSeedReport;
  imported: CsvImportReport | undefined;
}

/**
 * What the parent asks a child server (bench/server.ts) to serve, in its argv:
 * - `ceiling`: a bare Fastify route returning a small JSON;
 * - `app`: the real app over the database the parent created, seeded at the scale it names;
 * - `peer`: node-oidc-provider with opaque access tokens: its token endpoint, for the same code
 *   exchange, its authorization endpoint (a signed-in user with a grant) and its userinfo;
 * - `peer-jwt`: node-oidc-provider issuing ES256 JWT access tokens, for the same code exchange;
 * - `peer2`: @node-oauth/oauth2-server's token endpoint over an in-memory model, the same.
 */
export type TargetKind = 'ceiling' | 'app' | 'peer' | 'peer-jwt' | 'peer2';

/** The environment the parent passes an `app` child: its database and how much to seed. */
export const DATABASE_URL_VAR = 'BENCH_DATABASE_URL';
export const SEARCH_PATH_VAR = 'BENCH_SEARCH_PATH';
export const USERS_VAR = 'BENCH_USERS';
export const CLIENTS_VAR = 'BENCH_CLIENTS';
/** Of BENCH_USERS, how many (the last ones) go through the CSV import rather than bulk SQL. */
export const IMPORTED_VAR = 'BENCH_IMPORTED';
/**
 * Set for the extraction workload's child only: it also makes a CompanyAdmin and an agent to
 * upload to. That user would be listed among the others, on the ListUsers workloads' pages.
 */
export const UPLOADS_VAR = 'BENCH_UPLOADS';

/**
 * Set for the insight workload's child only: how many activity events to seed (over
 * INSIGHT_USERS of the BENCH_USERS users), and it makes a CompanyAdmin and a demo agent.
 */
export const INSIGHT_VAR = 'BENCH_INSIGHT_EVENTS';

/** The ceiling's route and its exact body. */
export const CEILING_PATH = '/ceiling';
export const CEILING_BODY = { hello: 'world' };

/** A confidential client registered on a child, and where its endpoints are. */
export interface OAuthTarget {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  tokenPath: string;
  /** The authorization endpoint (the app's; node-oidc-provider's with `authorizeCookie`). */
  authorizePath?: string;
  /** The Cookie header of a signed-in user whose grant covers the client (node-oidc-provider). */
  authorizeCookie?: string;
  /** node-oidc-provider's userinfo endpoint, for the child's `token`. */
  userinfoPath?: string;
}

/** Where the extraction workload uploads files: an agent's, as a CompanyAdmin. */
export interface UploadTarget {
  token: string;
  path: string;
}

/** Who queries the insight child's activity record, and the agent it asks. */
export interface InsightTarget {
  token: string;
  agentId: string;
  seed: InsightSeedReport;
}

/** Recording `turns` turns' activity in-process, one after the other: what it cost. */
export interface RecordingCost {
  turns: number;
  cpuMicros: number;
  wallMs: number;
}

/**
 * Messages a child sends: listening (or why not), then answers to the parent's requests. A
 * `failed` answering `gc` (the child was started without `--expose-gc`) leaves the child running.
 */
export type ChildMessage =
  | {
      type: 'ready';
      port: number;
      oauth?: OAuthTarget;
      /** A generic access token (the app's) or one for userinfo (the peer's), for the bearer workloads. */
      token?: string;
      seed?: DatasetReport;
      uploads?: UploadTarget;
      insight?: InsightTarget;
    }
  | { type: 'failed'; message: string }
  | { type: 'minted'; codes: string[] }
  | { type: 'stats'; peakRssBytes: number; statements: number }
  | { type: 'cpu'; micros: number }
  | ({ type: 'recorded' } & RecordingCost)
  | { type: 'heap'; usedBytes: number; rssBytes: number };

/**
 * Messages the parent sends: mint `count` authorization codes for the child's client; report
 * (and reset) the peak RSS and the SQL statements sent since the last `stats`; report the CPU
 * time the process has used; record `turns` turns' activity as AskAgent does (insight child);
 * collect garbage (a full collection, `globalThis.gc`) and report the V8 heap used and the RSS
 * after it; close.
 */
export type ParentMessage =
  | { type: 'mint'; count: number }
  | { type: 'stats' }
  | { type: 'cpu' }
  | { type: 'record'; turns: number }
  | { type: 'gc' }
  | { type: 'close' };
