// Lint errors fail `npm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'web/dist', 'coverage', '**/.traction', 'examples/northwind/data'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/utils', '**/utils/*'], message: 'no utils dumping ground' }] }],
    },
  },
  {
    // Dependencies point inwards: modules never import cli, server or web.
    files: ['src/domain/**', 'src/workspace/**', 'src/portfolio/**', 'src/readiness/**', 'src/impact/**', 'src/gates/**', 'src/bench/**', 'src/usage/**', 'src/assessment/**', 'src/store/**', 'src/templates/**', 'src/imports/**', 'src/application/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/cli/*', '**/server/*', '**/web/*'], message: 'modules never import cli, server or web (see ARCHITECTURE.md)' }] }],
    },
  },
  {
    // Imports read the bytes handed in: no store, no files, no network, no application layer above them.
    files: ['src/imports/**'],
    ignores: ['src/imports/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/cli/*', '**/server/*', '**/web/*', '**/store/*', '**/application/*', 'node:fs', 'node:fs/*', 'node:net', 'node:http'], message: 'src/imports reads the bytes handed in; the application layer reads and writes (src/imports/README.md)' }] }],
    },
  },
  {
    files: ['src/domain/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['../*', 'node:*'], message: 'src/domain imports nothing else of ours and does no I/O' }] }],
    },
  },
  {
    files: ['src/report/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['../*', 'node:*'], message: 'src/report is pure: the application layer fills its model (see src/report/README.md)' }] }],
    },
  },
);
