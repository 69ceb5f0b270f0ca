import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeModules = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'net', 'url', 'util', 'events', 'stream', 'worker_threads', 'better-sqlite3'];

/**
 * Boundaries from the house style, enforced: core and shared never import Electron; shared
 * imports no Node either; the renderer reaches neither the core nor Node.
 */
export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src/core/**', 'src/host/**'],
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only src/main and src/preload may use Electron.' }] }],
    },
  },
  {
    // A deferred transaction that reads before it writes fails at once when another process writes.
    files: ['src/core/**'],
    ignores: ['src/core/db/open-database.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='transaction']",
          message: 'Use writeTransaction(db, fn) from db/open-database: it begins IMMEDIATE so it waits for other writers.',
        },
      ],
    },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'src/shared runs everywhere: no Electron.' }],
          patterns: [
            { group: nodeModules, message: 'src/shared runs everywhere: no Node modules.' },
            { group: ['**/core/**', '**/main/**', '**/renderer/**', '**/host/**'], message: 'src/shared depends on nothing else in src.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**', 'test/components/**'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: globals.browser },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks to the core through the Api only.' }],
          patterns: [
            { group: nodeModules, message: 'The renderer runs in a browser sandbox: no Node modules.' },
            { group: ['**/core/**', '**/main/**', '**/host/**', '**/preload/**'], message: 'The renderer talks to the core through the Api only.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/**', 'src/preload/**', 'scripts/**', 'bin/**', 'test/**', '*.config.*'],
    languageOptions: { globals: { ...globals.node } },
  },
);
