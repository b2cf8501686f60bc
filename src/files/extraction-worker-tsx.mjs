// The extraction pool's worker entry when the server runs from its .ts sources (npm start,
// vitest): a worker thread starts without the parent's TypeScript loader, so this one registers
// tsx, then loads the worker module. The built server starts the compiled worker module instead.
import { register } from 'tsx/esm/api';

// The parsers first, before tsx's hooks are on: it would transform them too, which takes
// seconds for pdfjs, in every new worker.
await import('pdfjs-dist/legacy/build/pdf.mjs');
await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
await import('mammoth');
register();
const worker = await import('./extraction-worker.ts');

export default worker.default;
