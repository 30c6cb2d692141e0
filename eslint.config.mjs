// Type-aware lint over everything tsc checks: src/, test/, bench/ and migrations/.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'node_modules/**', '**/*.js', '**/*.mjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_name` marks a parameter a signature requires but the body does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // `import x = require()` is TypeScript's typed import of a CommonJS `export =` module
      // (@stdlib's t quantile has no default export); a bare require() stays forbidden.
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'src/**/*.spec.ts'],
    rules: {
      // supertest's `res.body`, raw query rows and jest's asymmetric matchers are `any` by
      // design, and reading them (passing an id on, returning a body from a helper) is what a
      // test's expect() then checks. src/ keeps every no-unsafe-* rule.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['test/faults/**/*.ts'],
    rules: {
      // The fault suite drives separate processes over HTTP and raw SQL and reads their JSON
      // and rows untyped, the way an operator's script would.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
