import { setTimeout as sleep } from 'node:timers/promises';
import { IDLE_TIMEOUT_MS } from '../src/files/extraction-pool.ts';
import { docx, docxOfXml, pdf, pdfOfContent } from '../test/helpers/file-fixtures.ts';
import { loadOnce, type Sample, type Workload } from './load.ts';
import { summarize, type Measurement } from './measure.ts';
import type { Target } from './target.ts';

/**
 * The extraction workload (issue #12, items 5 and 6): hostile documents uploaded in a loop
 * while autocannon measures /healthz, and the server's resident memory before, during and
 * after. The app runs with the default AIRISK_EXTRACT_* limits.
 */

/** The reproductions: a few kB to a few MB that take a parser gigabytes or minutes. */
const HOSTILE = [
  { name: 'xml.docx', what: '20 MiB of XML', bytes: () => docxOfXml(20) },
  {
    name: 'text-runs.pdf',
    what: 'a content stream inflating to 512 MiB of text runs',
    bytes: () => pdfOfContent('BT /F1 1 Tf 0 0 Td (x) Tj ET\n', 512),
  },
  {
    name: 'comments.pdf',
    what: 'a content stream inflating to 512 MiB of comments',
    bytes: () => pdfOfContent(`${'%'.repeat(63)}\n`, 512),
  },
];
/** As many uploads at once as the pool has workers by default (min(2, cores)). */
const UPLOADERS = 2;
const HOSTILE_SECONDS = 30;
/** An idle worker exits after IDLE_TIMEOUT_MS, giving back what its documents took; then some. */
export const SETTLE_MS = IDLE_TIMEOUT_MS + 5000;
const RSS_WINDOW_MS = 1000;
export const HEALTHZ_P99_WANTED_MS = 50;
export const RSS_GROWTH_WANTED_MIB = 64;

export interface HealthLatency {
  requestsPerSecond: number;
  latencyMs: Measurement['latencyMs'];
  failed: number;
}

export interface ExtractionRun {
  documents: { name: string; what: string; bytes: number }[];
  idle: HealthLatency;
  hostile: HealthLatency;
  /** Answers to the hostile uploads, by status (all 422 when the limits hold). */
  uploads: Record<string, number>;
  rssMiB: { before: number; peak: number; after: number };
}

/** Runs the workload against an app target that has an upload target. */
export async function measureExtraction(
  target: Target,
  progress: (message: string) => void,
): Promise<ExtractionRun> {
  const { uploads } = target;
  if (!uploads) {
    throw new Error('the app server gave no upload target');
  }
  progress('building the hostile documents');
  const documents = await Promise.all(
    HOSTILE.map(async ({ name, what, bytes }) => ({ name, what, content: await bytes() })),
  );
  // The baseline is a server that has read documents: the first ones load the parsers into
  // workers and grow the allocator's arenas, which it keeps for the next threads. What the hostile
  // documents must not leave behind is measured from there.
  progress('reading a normal PDF and Word document, then waiting for their worker to exit');
  for (const [name, content] of [
    ['normal.pdf', await pdf(['A page of a normal document.'])],
    ['normal.docx', await docx(['A paragraph of a normal document.'])],
  ] as const) {
    const status = await upload(target.baseUrl, uploads, name, content);
    if (status !== 201) {
      throw new Error(`uploading ${name} answered ${status}, not 201`);
    }
  }
  await sleep(SETTLE_MS);
  const health = healthWorkload(target);
  const idle = await loadFor(health, 2);
  // After the idle load, so that what serving /healthz takes is in both figures.
  const before = await quietRss(target);
  progress(
    `idle /healthz p99 ${idle.latencyMs.p99} ms; uploading hostile documents for ${HOSTILE_SECONDS} s`,
  );

  await target.stats();
  const answers: Record<string, number> = {};
  const deadline = performance.now() + HOSTILE_SECONDS * 1000;
  const uploading = Promise.all(
    Array.from({ length: UPLOADERS }, async (_, uploader) => {
      for (let next = uploader; performance.now() < deadline; next += 1) {
        const { name, content } = documents[next % documents.length]!;
        const status = await upload(target.baseUrl, uploads, name, content);
        answers[status] = (answers[status] ?? 0) + 1;
      }
    }),
  );
  const hostile = await loadFor(health, HOSTILE_SECONDS / 2, () => performance.now() < deadline);
  await uploading;
  const peak = (await target.stats()).peakRssBytes;
  progress(
    `hostile /healthz p99 ${hostile.latencyMs.p99} ms; uploads answered ${JSON.stringify(answers)}`,
  );

  await sleep(SETTLE_MS);
  const after = await quietRss(target);
  return {
    documents: documents.map(({ name, what, content }) => ({ name, what, bytes: content.length })),
    idle,
    hostile,
    uploads: answers,
    rssMiB: { before, peak: peak / 2 ** 20, after },
  };
}

function healthWorkload(target: Target): Workload {
  return {
    id: 'healthz',
    title: 'GET /healthz',
    target,
    codesPerOperation: 0,
    steps: [
      {
        method: 'GET',
        path: '/healthz',
        check: ({ status, body }) => (status === 200 ? undefined : `${status} ${body}`),
      },
    ],
  };
}

/** Loads /healthz in runs of loadOnce (2 s each) at most `runs` times, while `going` holds. */
async function loadFor(
  workload: Workload,
  runs: number,
  going = () => true,
): Promise<HealthLatency> {
  const samples: Sample[] = [];
  while (samples.length < runs && going()) {
    samples.push(await loadOnce(workload, []));
  }
  const sum = (pick: (sample: Sample) => number) =>
    samples.reduce((total, sample) => total + pick(sample), 0);
  return {
    requestsPerSecond: sum((s) => s.operations) / sum((s) => s.seconds),
    latencyMs: summarize(samples.flatMap((sample) => sample.latencies)),
    failed: sum((s) => s.unexpected + s.errors + s.timeouts),
  };
}

/** The server's resident memory over a quiet second, MiB. */
async function quietRss(target: Target): Promise<number> {
  await target.stats();
  await sleep(RSS_WINDOW_MS);
  return (await target.stats()).peakRssBytes / 2 ** 20;
}

/** One multipart upload of one file; the answer's status. */
async function upload(
  baseUrl: string,
  { token, path }: { token: string; path: string },
  name: string,
  content: Buffer,
): Promise<number> {
  const form = new FormData();
  form.append('file', new Blob([content]), name);
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  await response.arrayBuffer();
  return response.status;
}
