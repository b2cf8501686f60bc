import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import { FIRST_LOAD_BUDGET_BYTES, firstLoad } from '../../scripts/web-bundle-size.ts';

// Issue 14: the web app's first load is at most 250 kB of JavaScript, gzipped. The app is built
// from the sources as they are now, into a folder of its own (web/dist stays as it was).

const CONFIG = fileURLToPath(new URL('../../web/vite.config.ts', import.meta.url));
let outDir: string;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'airisk-web-build-'));
  await build({
    configFile: CONFIG,
    logLevel: 'error',
    build: { outDir, emptyOutDir: true, reportCompressedSize: false },
  });
}, 180_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the web app build', () => {
  it(`loads at most ${FIRST_LOAD_BUDGET_BYTES / 1000} kB of JavaScript (gzip) first`, () => {
    const { files, totalGzipBytes } = firstLoad(outDir);
    expect(files.length).toBeGreaterThan(0);
    expect(totalGzipBytes).toBeLessThanOrEqual(FIRST_LOAD_BUDGET_BYTES);
  });

  it('loads the pages on demand', () => {
    const lazy = readdirSync(join(outDir, 'assets')).filter((name) =>
      /^(SignInPage|AccountPage)-.*\.js$/.test(name),
    );
    expect(lazy).toHaveLength(2);
    const first = firstLoad(outDir).files.map(({ file }) => file);
    expect(first.filter((file) => lazy.some((name) => file.endsWith(name)))).toEqual([]);
  });
});
