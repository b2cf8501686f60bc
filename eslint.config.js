import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Layer rule (STYLE.md): http/ and cli/ → domain → store/ interfaces, with the shared vocabulary
// and lib/ beneath them all. No layer imports the one above it.
const DOMAIN = [
  'oauth',
  'users',
  'clients',
  'groups',
  'audit',
  'chat',
  'files',
  'maintenance',
  'scanners',
  'accounts',
  'mail',
  'company',
  'secrets',
  'tools',
];
const FRAMEWORKS = ['fastify', '@fastify/*', 'kysely', 'pg', 'better-sqlite3'];
const folders = (names) => names.map((name) => `**/${name}/**`);
const noHttpOrCli = {
  group: ['**/http/**', '**/cli/**'],
  message: 'Nothing below the HTTP and CLI layers depends on them.',
};
const noFrameworks = { group: FRAMEWORKS, message: 'Keep frameworks and SQL out of the domain.' };
const noDomain = {
  group: folders(DOMAIN),
  message: 'The store and the configuration never depend on the domain.',
};
// What the web app may use without importing it (no `globals` package among the dependencies).
const BROWSER_GLOBALS = Object.fromEntries(
  [
    ...['window', 'document', 'location', 'history', 'navigator', 'localStorage', 'matchMedia'],
    ...['fetch', 'Request', 'Response', 'Headers', 'FormData', 'Blob', 'File', 'URL'],
    ...['URLSearchParams', 'AbortController', 'ReadableStream', 'TextEncoder', 'TextDecoder'],
    ...['TextDecoderStream', 'crypto', 'btoa', 'atob', 'setTimeout', 'clearTimeout'],
    ...['setInterval', 'clearInterval', 'requestAnimationFrame', 'console', 'sessionStorage'],
  ].map((name) => [name, 'readonly']),
);
const layerRules = [
  { files: DOMAIN.map((name) => `src/${name}/**`), patterns: [noHttpOrCli, noFrameworks] },
  // A custom database is a company system the agents' tools connect to, as custom APIs are
  // reached over HTTP: `pg` there is that connection's client, not the server's store.
  {
    files: ['src/tools/custom-databases/**'],
    patterns: [
      noHttpOrCli,
      { ...noFrameworks, group: FRAMEWORKS.filter((name) => name !== 'pg') },
    ],
  },
  { files: ['src/store/**'], patterns: [noHttpOrCli, noDomain] },
  {
    files: ['src/config/**'],
    patterns: [
      noHttpOrCli,
      noDomain,
      noFrameworks,
      { group: ['**/store/**'], message: 'Configuration is read before any store is opened.' },
    ],
  },
  {
    files: ['src/lib/**', 'src/vocabulary/**'],
    patterns: [
      noHttpOrCli,
      noDomain,
      noFrameworks,
      { group: ['**/store/**', '**/config/**'], message: 'lib/ and vocabulary/ stand alone.' },
    ],
  },
];

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'coverage/',
      'data/',
      'web/dist/',
      'web/src/lib/api-schema.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      '@typescript-eslint/require-await': 'off',
      // `const { secret: _, ...rest } = row` is how a field is left out of a copy.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
      eqeqeq: 'error',
      curly: 'error',
    },
  },
  ...layerRules.map(({ files, patterns }) => ({
    files,
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  })),
  {
    files: ['test/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  // The web app runs in the browser (web/tsconfig.json gives it the DOM types, not Node's).
  {
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { globals: BROWSER_GLOBALS },
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*'], message: 'The web app runs in the browser.' }] },
      ],
    },
  },
  { files: ['*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
