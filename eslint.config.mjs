// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'media/**', 'src/core/lint/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      // `import fs = require('node:fs')` is how src/ imports Node's own modules: esbuild bundles it
      // as a plain require, where `import * as fs` makes an interop copy of the module's exports in
      // every importing module (0.5 ms of each CLI start). Other require() calls stay flagged.
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
      eqeqeq: ['error', 'smart'],
      'no-console': 'off',
    },
  },
  {
    // The pure core must never depend on VS Code: the CLI and plain-Node tests run it.
    files: ['src/core/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core and src/cli are pure: no vscode import.' }] }],
    },
  },
  {
    // The sandbox is a product of its own (an emulator); the core that the extension, the CLI
    // and the language server share never depends on it.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/core is pure: no vscode import.' }],
          patterns: [{ group: ['**/sandbox/*', '**/sandbox'], message: 'src/core never imports the sandbox (src/sandbox); shared constants live in src/core/send/localSandbox.ts.' }],
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.mjs', 'scripts/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', fetch: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly', __dirname: 'readonly', require: 'readonly' } },
  },
);
