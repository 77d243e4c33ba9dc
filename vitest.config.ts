import { defineConfig } from 'vitest/config';

// Two projects: fast pure unit tests, and integration tests against the real Postgres and
// Redis (see CONTRIBUTING.md). Integration files end in `.int.test.ts`.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{apps,packages,tools}/**/src/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**', 'e2e/**'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['{apps,packages,tools}/**/src/**/*.int.test.ts'],
          exclude: ['**/node_modules/**', 'e2e/**'],
          globalSetup: ['tools/testing/integration-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
