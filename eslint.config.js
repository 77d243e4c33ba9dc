// ESLint flat config. Module boundaries (STYLE.md §3) are enforced with no-restricted-imports
// zones; `npm run lint` also runs madge to refuse circular imports.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const internal = (...names) => names.map((name) => `@medrank/${name}`);
const forbid = (names, message) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: names.map((name) => ({ name, message })),
      patterns: [
        {
          group: ['@prisma/*', '!@prisma/adapter-pg'],
          message: 'only packages/db talks to Prisma',
        },
      ],
    },
  ],
});

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/.next/**',
      '**/dist/**',
      'packages/db/src/generated/**',
      'e2e/test-results/**',
      'e2e/playwright-report/**',
      '.peers/**',
      '.medrank/**',
      '**/next-env.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.ts', '*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // server-only throws outside Next's server bundle (the worker, the CLI).
    files: ['packages/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='server-only']",
          message: 'server-only belongs in apps/web only',
        },
      ],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  // ── boundaries ──
  {
    files: ['packages/metrics/**'],
    rules: forbid(
      internal('core', 'db', 'jobs', 'formats', 'scoring', 'storage'),
      'metrics imports nothing internal',
    ),
  },
  {
    files: ['packages/core/**'],
    rules: forbid(
      internal('db', 'jobs', 'metrics', 'formats', 'scoring', 'storage'),
      'core depends only on zod',
    ),
  },
  {
    files: ['packages/formats/**'],
    rules: forbid(
      internal('db', 'jobs', 'metrics', 'scoring', 'storage'),
      'formats may import core only',
    ),
  },
  {
    files: ['packages/jobs/**', 'packages/storage/**'],
    rules: forbid(
      internal('db', 'metrics', 'formats', 'scoring'),
      'this package may import core only',
    ),
  },
  {
    files: ['packages/db/src/**'],
    ignores: ['packages/db/src/generated/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: internal('jobs', 'metrics', 'formats', 'scoring', 'storage').map((name) => ({
            name,
            message: 'db may import core only',
          })),
        },
      ],
    },
  },
  {
    // Tests may score (the AUROC equality check); the runner itself does not.
    files: ['packages/model-runner/**'],
    ignores: ['**/*.test.ts'],
    rules: forbid(
      internal('db', 'jobs', 'metrics', 'scoring', 'storage', 'curation'),
      'model-runner may import core, formats and task-contracts',
    ),
  },
  {
    files: ['packages/scoring/**'],
    rules: forbid(internal('db', 'jobs', 'storage'), 'scoring is pure: core, metrics, formats'),
  },
  {
    files: ['apps/web/**'],
    rules: forbid(
      internal('scoring', 'model-runner', 'worker', 'cli'),
      'web never computes scores, runs models nor imports another app',
    ),
  },
  {
    files: ['apps/worker/**'],
    rules: forbid(internal('web', 'cli'), 'apps never import each other'),
  },
  {
    files: ['apps/cli/**'],
    rules: forbid(internal('web', 'worker'), 'apps never import each other'),
  },
  {
    files: ['apps/web/src/**', 'apps/worker/src/**'],
    ignores: ['**/env.ts', '**/*.test.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'read configuration through env.ts' },
      ],
    },
  },
  {
    files: ['**/*.test.ts', '**/*.spec.ts', 'e2e/**', 'bench/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
