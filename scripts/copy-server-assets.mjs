// The second half of `npm run build`: tsc emits the server's JavaScript to dist/, but not the
// files the server reads next to its modules (src/scanners/general/data/given-names.json, read
// through `new URL(…, import.meta.url)`). This copies every file under src/ that is not
// TypeScript to the same place under dist/, so that dist/ runs as src/ does.
// Plain JavaScript: it runs during `npm ci` (prepare), with nothing but Node.
import { cpSync, existsSync } from 'node:fs';
import { fileURLToPath, URL } from 'node:url';

const source = fileURLToPath(new URL('../src', import.meta.url));
const target = fileURLToPath(new URL('../dist', import.meta.url));

if (!existsSync(target)) {
  throw new Error('dist/ is missing: run `tsc -p tsconfig.build.json` first (npm run build)');
}
// Folders are entered; of files, only what tsc neither compiles nor needs (.ts, .tsx) is left,
// and the tsx loader entry, which only the .ts sources use.
const isAsset = (path) => !/\.tsx?$/.test(path) && !path.endsWith('-tsx.mjs');
cpSync(source, target, { recursive: true, filter: isAsset });
