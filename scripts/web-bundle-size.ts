// Prints the web app's first-load JavaScript: the entry chunk and every chunk it imports
// statically, gzipped, from Vite's manifest. Fails above the budget (issue 14: 250 kB).
// Run by `npm run web:build`; test/docs/web-bundle-size.test.ts asserts the same.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

export const FIRST_LOAD_BUDGET_BYTES = 250 * 1000;
export const WEB_DIST = fileURLToPath(new URL('../web/dist', import.meta.url));

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
}

export interface FirstLoad {
  files: { file: string; gzipBytes: number }[];
  totalGzipBytes: number;
}

/** The gzipped size of what a browser must run before the app's first page shows. */
export function firstLoad(distDir: string): FirstLoad {
  const manifest = JSON.parse(
    readFileSync(join(distDir, '.vite', 'manifest.json'), 'utf8'),
  ) as Record<string, ManifestChunk>;
  const entries = Object.keys(manifest).filter((key) => manifest[key]?.isEntry);
  if (entries.length === 0) {
    throw new Error(`${distDir}/.vite/manifest.json names no entry chunk`);
  }
  const seen = new Set<string>();
  const visit = (key: string): void => {
    const chunk = manifest[key];
    if (!chunk || seen.has(chunk.file)) {
      return;
    }
    seen.add(chunk.file);
    chunk.imports?.forEach(visit);
  };
  entries.forEach(visit);
  const files = [...seen]
    .filter((file) => file.endsWith('.js'))
    .map((file) => ({ file, gzipBytes: gzipSync(readFileSync(join(distDir, file))).length }));
  return { files, totalGzipBytes: files.reduce((sum, file) => sum + file.gzipBytes, 0) };
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { files, totalGzipBytes } = firstLoad(process.argv[2] ?? WEB_DIST);
  for (const { file, gzipBytes } of files) {
    console.log(`  ${file.padEnd(40)} ${kB(gzipBytes).padStart(10)} gzip`);
  }
  const verdict = totalGzipBytes <= FIRST_LOAD_BUDGET_BYTES ? 'within' : 'OVER';
  console.log(
    `First-load JavaScript: ${kB(totalGzipBytes)} gzip (${verdict} the ${kB(FIRST_LOAD_BUDGET_BYTES)} budget)`,
  );
  if (totalGzipBytes > FIRST_LOAD_BUDGET_BYTES) {
    process.exitCode = 1;
  }
}
