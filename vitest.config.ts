import { defineConfig } from 'vitest/config';

// Every suite runs on the embedded SQLite store, and again on PostgreSQL when
// AIRISK_TEST_DATABASE_URL is set (CI sets it): one code path, two stores.
const postgresUrl = process.env.AIRISK_TEST_DATABASE_URL;

const stores = [{ name: 'sqlite', url: 'sqlite::memory:' }];
if (postgresUrl) {
  stores.push({ name: 'postgres', url: postgresUrl });
}

export default defineConfig({
  test: {
    globalSetup: ['test/helpers/global-setup.ts'],
    // Files share their worker's module graph (fastify, the ai SDK, pdfjs… load once per worker,
    // not once per file): importing the app was most of a small file's time. Module state is
    // shared between files, so no test mocks modules; a global a test stubs is restored before
    // the next test runs.
    isolate: false,
    unstubGlobals: true,
    // Two files at a time even on two cores (vitest's default there is one): most of a file's
    // time is spent waiting on PostgreSQL, a browser or a child server, not on the CPU.
    maxWorkers: 2,
    projects: stores.map((store) => ({
      extends: true,
      test: {
        name: store.name,
        include: ['test/**/*.test.ts'],
        // The engine adapters and the scanners touch no store, and the README runs the embedded
        // default: once. So do the browser tests: they test the web app, whose server's store is
        // covered on both stores by the HTTP tests, and a second pass would cost CI a minute.
        exclude:
          store.name === 'sqlite'
            ? []
            : ['test/engines/**', 'test/docs/**', 'test/unit/scanners/**', 'test/browser/**'],
        env: { AIRISK_TEST_STORE_URL: store.url },
        testTimeout: 20_000,
        hookTimeout: 20_000,
      },
    })),
  },
});
