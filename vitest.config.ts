import { defineConfig } from 'vitest/config';

const apiTests = ['apps/server/test/api/**/*.test.ts'];
const e2eTests = ['apps/server/test/e2e/**/*.test.ts'];

/**
 * Four projects: pure and parser tests; the API suite on embedded PGlite; the same API suite on the
 * machine's PostgreSQL (skipped with a message when unreachable, mandatory with CI=true); and the
 * end-to-end race (simulator → server → spectator) on the embedded defaults.
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts'],
          exclude: [...apiTests, ...e2eTests],
        },
      },
      { extends: true, test: { name: 'api-pglite', include: apiTests, env: { ECHELON_TEST_DB: 'pglite' } } },
      {
        extends: true,
        test: { name: 'api-postgres', include: apiTests, env: { ECHELON_TEST_DB: 'postgres' } },
      },
      { extends: true, test: { name: 'e2e', include: e2eTests, env: { ECHELON_TEST_DB: 'pglite' } } },
    ],
  },
});
