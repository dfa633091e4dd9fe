// Flat config: typescript-eslint's recommended rules plus the one architectural rule that matters most here —
// apps import libs, libs never import apps, and an app never imports another app.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '*.js', '*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // CommonJS that runs before any TypeScript can: loaded with `node --require` (test/support/ts-register.cjs), or
    // deciding whether to compile (tools/build/build-when-stale.cjs).
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', __dirname: 'readonly', process: 'readonly', console: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['libs/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/apps/**', 'apps/*'], message: 'libs never import apps' }] }],
    },
  },
  {
    files: ['libs/text/**/*.ts', 'libs/stories/**/*.ts', 'libs/nlp/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/*', 'typeorm', 'bullmq', 'ioredis', 'pg'], message: 'domain libs stay framework-free' },
            { group: ['**/apps/**'], message: 'libs never import apps' },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['../../*/src/**', '**/apps/**'], message: 'an app never imports another app; share through libs/' }] }],
    },
  },
);
