// `npm run build`: the server as one bundle (dist/main.js, its lazily loaded parts and what it
// shares with the others in dist/chunks/), the admin CLI (dist/cli.js, run by bin/airisk.mjs)
// and the document extraction worker (dist/files/extraction-worker.js). Node loads
// a bundle in about half the time it takes to find, read and link the ~1,900 modules the
// server's dependency tree has (bench/README.md, "Start-up"). Files the server reads beside its
// code are found from the installation's root (src/lib/install-root.ts), not from dist/.
// Plain JavaScript: it runs during `npm ci` (prepare), with nothing but Node and esbuild.
import { rmSync } from 'node:fs';
import { fileURLToPath, URL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

// Left to Node to load from node_modules: native addons, and packages that find files of their
// own beside their code (worker scripts, static assets, their package.json) through __dirname.
const EXTERNAL = [
  'better-sqlite3',
  '@node-rs/argon2',
  'pg-native',
  'pdfjs-dist',
  'piscina',
  'pino',
  '@fastify/swagger',
  '@fastify/swagger-ui',
];

rmSync(`${root}dist`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: {
    main: 'src/main.ts',
    cli: 'src/cli/main.ts',
    'files/extraction-worker': 'src/files/extraction-worker.ts',
  },
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  // Dynamic imports (the AI SDK's providers, the password dictionaries) stay separate chunks,
  // loaded when first used.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  external: EXTERNAL,
  // The CommonJS packages bundled into ES modules still call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __airiskCreateRequire } from 'node:module'; const require = __airiskCreateRequire(import.meta.url);",
  },
  sourcemap: 'linked',
  // Less for Node to read and parse at every start; names are kept, for stack traces and logs.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
