import { describe, expect, it } from 'vitest';
import { expectProblem } from '../helpers/api-requests.ts';
import { toAgent, toConversation, upload, type UploadPart } from '../helpers/chat.ts';
import { useFileWorld, type FileWorld } from '../helpers/chat-fixtures.ts';
import { docx, docxOfXml, pdf, pdfOfContent } from '../helpers/file-fixtures.ts';

// PDF and Word documents are parsed in worker threads, within limits (AIRISK_EXTRACT_*): a
// document that would take the parser gigabytes or minutes costs a worker, answers 422, and
// never stalls the server. Issue #12, items 5 and 6; SECURITY.md "File extraction".

const start = useFileWorld();

/** Small limits, so that hostile documents pass them fast; a normal document stays well within. */
const TIGHT = {
  AIRISK_EXTRACT_WORKERS: '1',
  AIRISK_EXTRACT_QUEUE: '1',
  AIRISK_EXTRACT_HEAP_MB: '64',
  AIRISK_EXTRACT_TIMEOUT_MS: '30000',
};

const WITHIN_LIMITS =
  /^(\S+) could not be read within the limits \((.+)\); split it into smaller files, or save its text as \.txt and upload that$/;

// Text drawing operators: pdfjs keeps an object per text run, so 32 MiB of them passes the heap.
const textRuns = () => pdfOfContent('BT /F1 1 Tf 0 0 Td (x) Tj ET\n', 32);
// Saving and restoring the graphics state allocates nothing that stays: only time passes.
const busyWork = () => pdfOfContent('q Q\n', 64);

async function uploadToConversation(world: FileWorld, part: UploadPart) {
  const conversationId = await world.createConversation(world.user.token, world.agent.id);
  return upload(world.t, world.user.token, toConversation(conversationId), [part]);
}

describe('Reading uploaded documents within limits', () => {
  it.each([
    ['a Word document of 20 MiB of XML', 'bomb.docx', () => docxOfXml(20)],
    ['a PDF whose content inflates to 32 MiB of text runs', 'bomb.pdf', textRuns],
  ])('refuses %s with 422: it needed more memory than a worker has', async (_, name, bytes) => {
    const world = await start(TIGHT);
    const content = await bytes();
    expect(content.length).toBeLessThan(100 * 1024);

    const response = await uploadToConversation(world, { name, content });

    const { detail } = expectProblem(response, 422, WITHIN_LIMITS);
    expect(detail).toContain(`${name} could not be read within the limits`);
    expect(detail).toContain('reading it needed more than 64 MB of memory');
    // The worker that ran out was ended; none is left behind.
    expect(world.t.extraction.threadCount()).toBe(0);
  });

  it('refuses with 422 a PDF that takes longer than AIRISK_EXTRACT_TIMEOUT_MS, ending its worker', async () => {
    const world = await start({ ...TIGHT, AIRISK_EXTRACT_TIMEOUT_MS: '1000' });

    const response = await uploadToConversation(world, {
      name: 'slow.pdf',
      content: await busyWork(),
    });

    expectProblem(response, 422, WITHIN_LIMITS);
    expect(response.json<{ detail: string }>().detail).toContain(
      'slow.pdf could not be read within the limits (reading it took longer than 1 s)',
    );
    // Terminated, not left spinning: the pool has no thread once the answer is out.
    expect(world.t.extraction.threadCount()).toBe(0);
  });

  it('refuses with 422 a document whose text is longer than AIRISK_EXTRACT_MAX_CHARS', async () => {
    const world = await start({ AIRISK_EXTRACT_MAX_CHARS: '1000' });
    const page = 'Risk '.repeat(20).trim(); // 99 characters

    const pages = (count: number) => pdf(Array<string>(count).fill(page));
    const tooLongPdf = await uploadToConversation(world, {
      name: 'long.pdf',
      content: await pages(11),
    });
    const tooLongDocx = await uploadToConversation(world, {
      name: 'long.docx',
      content: await docx([page.repeat(11)]),
    });
    const within = await uploadToConversation(world, {
      name: 'short.pdf',
      content: await pages(9),
    });

    for (const [response, name] of [
      [tooLongPdf, 'long.pdf'],
      [tooLongDocx, 'long.docx'],
    ] as const) {
      expectProblem(
        response,
        422,
        `${name} could not be read within the limits (its text is longer than 1000 characters); split it into smaller files, or save its text as .txt and upload that`,
      );
    }
    expect(within.statusCode, within.body).toBe(201);
  });

  it('still reads normal PDF and Word documents under the same limits', async () => {
    const world = await start(TIGHT);

    const response = await upload(world.t, world.admin.token, toAgent(world.agent.id), [
      { name: 'report.pdf', content: await pdf(['Axolotl quarterly risk']) },
      { name: 'memo.docx', content: await docx(['Capybara lock-in']) },
    ]);

    expect(response.statusCode, response.body).toBe(201);
    const system = await world.systemInNewConversation(world.user.token, world.agent.id);
    expect(system).toContain('Axolotl quarterly risk');
    expect(system).toContain('Capybara lock-in');
  });

  it('answers /healthz while a hostile document is being read', async () => {
    const world = await start({ ...TIGHT, AIRISK_EXTRACT_TIMEOUT_MS: '3000' });
    let settled = false;
    const uploading = uploadToConversation(world, {
      name: 'slow.pdf',
      content: await busyWork(),
    }).finally(() => (settled = true));
    await untilReading(world);

    for (let count = 0; count < 10; count++) {
      const health = await world.t.app.inject({ method: 'GET', url: '/healthz' });
      expect(health.statusCode).toBe(200);
    }

    // Ten answers while the worker was still on the document: the event loop never waited for it.
    expect(settled).toBe(false);
    expectProblem(await uploading, 422, WITHIN_LIMITS);
  });

  it('answers 503 with Retry-After when every worker and queue place is taken', async () => {
    const world = await start({ ...TIGHT, AIRISK_EXTRACT_TIMEOUT_MS: '2000' });
    const content = await busyWork();
    const conversationId = await world.createConversation(world.user.token, world.agent.id);
    const send = (name: string) =>
      upload(world.t, world.user.token, toConversation(conversationId), [{ name, content }]);

    // One worker and one queue place: the third document finds no room.
    const responses = await Promise.all([send('a.pdf'), send('b.pdf'), send('c.pdf')]);

    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses).toEqual([422, 422, 503]);
    const busy = responses.find((response) => response.statusCode === 503)!;
    expectProblem(
      busy,
      503,
      /^The server is reading as many documents as it can; send [abc]\.pdf again in 2 s$/,
    );
    expect(busy.headers['retry-after']).toBe('2');
  });

  it('leaves no worker thread once the app is closed', async () => {
    const world = await start({ ...TIGHT, AIRISK_EXTRACT_TIMEOUT_MS: '60000' });
    const uploading = uploadToConversation(world, { name: 'slow.pdf', content: await busyWork() });
    await untilReading(world);

    await world.t.app.close();

    expect(world.t.extraction.threadCount()).toBe(0);
    expectProblem(await uploading, 503, 'The server is shutting down');
  });
});

/** Waits until the pool has started a worker for the upload in flight. */
async function untilReading(world: FileWorld): Promise<void> {
  while (world.t.extraction.threadCount() === 0) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
