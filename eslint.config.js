import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Layer rule (STYLE.md): the domain never imports the HTTP layer, the framework or the query builder.
const domainRestrictions = {
  patterns: [
    { group: ['**/http/**', '**/cli/**'], message: 'The domain must not depend on http/ or cli/.' },
    {
      group: ['fastify', '@fastify/*', 'kysely', 'pg', 'better-sqlite3'],
      message: 'Keep frameworks and SQL out of the domain.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'data/'] },
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
  {
    files: [
      'src/oauth/**',
      'src/users/**',
      'src/clients/**',
      'src/lib/**',
      'src/chat/**',
      'src/files/**',
    ],
    rules: { 'no-restricted-imports': ['error', domainRestrictions] },
  },
  {
    files: ['test/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  { files: ['*.js'], ...tseslint.configs.disableTypeChecked },
);
