// Lint keeps workflow code deterministic: workflows may import only the Temporal workflow
// API, pure domain modules and *types* of activities (see docs/conventions.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['.tmp-klokregels-*/**', 'node_modules/**', '.data/**', 'dist/**', 'coverage/**', 'tests/artifacts/**', 'web/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // The Temporal-compatible server is a package of its own: the app reaches it by name only.
    files: ['**/*.ts'],
    ignores: ['temporal-server/**', 'tests/temporal-server/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{ regex: '^\\.{1,2}/(.*/)?temporal-server(/|$)', message: "Import '@werkroute/temporal-server' instead of its files." }],
      }],
    },
  },
  {
    // The server's messages have real types (temporal-server/proto/wire.ts over @temporalio/proto), and an
    // `any` that comes in from outside (JSON.parse, require) is narrowed before use; the app keeps `any`
    // allowed for now.
    files: ['temporal-server/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unsafe-argument': 'error',
      '@typescript-eslint/no-unsafe-assignment': 'error',
      '@typescript-eslint/no-unsafe-call': 'error',
      '@typescript-eslint/no-unsafe-member-access': 'error',
      '@typescript-eslint/no-unsafe-return': 'error',
    },
  },
  {
    // The server reads time only through its injected clock (temporal-server/clock/), so tests and time
    // skipping control all of it.
    files: ['temporal-server/**/*.ts'],
    ignores: ['temporal-server/clock/**'],
    rules: {
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'Use the injected clock (engine.clock.now() or .wallNow()).' },
        { object: 'performance', property: 'now', message: 'Use the injected clock.' },
      ],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Use the injected clock: new Date(clock.wallNow()).' }],
    },
  },
  {
    files: ['workflows/**/*.ts', 'domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process', 'worker_threads', 'timers', 'process'], message: 'Workflow and domain code must be deterministic: no Node built-ins.' },
          { group: ['**/activities/**', '**/activities', '**/db/**', '**/api/**', '**/temporal-server/**', 'postgres', 'drizzle-orm', 'drizzle-orm/*', 'express', '@temporalio/client', '@temporalio/worker', '@temporalio/activity'], allowTypeImports: true, message: 'Workflow and domain code may import only @temporalio/workflow, pure domain modules and types of activities.' },
        ],
      }],
      'no-restricted-globals': ['error',
        { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Not deterministic.' },
        { name: 'fetch', message: 'No I/O in workflow code.' },
        { name: 'process', message: 'No process state in workflow code.' },
      ],
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process', 'process'], message: 'Domain code is pure: no Node built-ins.' },
          { group: ['@temporalio/*', '**/activities/**', '**/db/**', '**/api/**', '**/workflows/**', '**/temporal-server/**', 'postgres', 'drizzle-orm', 'express'], message: 'Domain code is pure and imports only other domain modules.' },
        ],
      }],
    },
  },
);
