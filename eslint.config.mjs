// Flat config: typescript-eslint's recommended rules plus the architectural ones: imports follow the module floors
// (tools/lint/boundaries.cjs: libs down the floors, then apps, then tools; an app never imports another app), and the
// domain libs stay framework-free.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import boundaries from './tools/lint/boundaries.cjs';

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
    files: ['{apps,libs,tools,test}/**/*.{ts,cjs}'],
    plugins: { storyline: boundaries.plugin },
    rules: { 'storyline/boundaries': 'error' },
  },
  {
    files: ['libs/text/**/*.ts', 'libs/stories/**/*.ts', 'libs/nlp/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@nestjs/*', 'typeorm', 'bullmq', 'ioredis', 'pg'], message: 'domain libs stay framework-free' }] },
      ],
    },
  },
);
