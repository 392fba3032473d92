import { defineConfig } from 'vitest/config';
import LongestFirstSequencer from './vitest.sequencer.ts';

const apiTests = ['apps/server/test/api/**/*.test.ts'];
const e2eTests = ['apps/server/test/e2e/**/*.test.ts'];
const webTests = ['apps/web/test/**/*.test.{ts,tsx}'];
const browserTests = ['apps/web/test/browser/**/*.test.ts'];
const clusterTests = ['apps/server/test/cluster/**/*.test.ts'];
const imageTests = ['apps/server/test/deploy/image.test.ts'];
const awsTests = ['deploy/aws/test/**/*.test.ts'];

/**
 * Projects: pure and parser tests; the API suite on embedded PGlite; the same API suite on the
 * machine's PostgreSQL (skipped with a message when unreachable, mandatory with CI=true); and the
 * end-to-end race (simulator → server → spectator) on the embedded defaults; the web app's component
 * tests in jsdom; browser tests driving Debian's Chromium against the built app and a real server; the
 * real image built by buildah and run (deploy); the AWS CDK app's synthesised template (aws); and the
 * cluster of real processes.
 */
export default defineConfig({
  test: {
    // Vitest's default on this 2-core machine is one worker: every file ran one after another (30 min).
    // Two workers, the long files started first (vitest.sequencer.ts), halve the run's wall time.
    maxWorkers: Number(process.env.VITEST_MAX_WORKERS ?? 2),
    sequence: { sequencer: LongestFirstSequencer },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts'],
          exclude: [...apiTests, ...e2eTests, ...webTests, ...clusterTests, ...imageTests],
        },
      },
      // The API files share their worker's modules (isolate: false): each file still builds its own app
      // on its own database, but the app's modules and PGlite's WebAssembly load once per worker, not
      // once per file (api-pglite 327 s -> 136 s of CPU, api-postgres 160 s -> 51 s). Workers are not
      // shared between projects, so each project's ECHELON_TEST_DB holds.
      {
        extends: true,
        test: { name: 'api-pglite', include: apiTests, isolate: false, env: { ECHELON_TEST_DB: 'pglite' } },
      },
      {
        extends: true,
        test: {
          name: 'api-postgres',
          include: apiTests,
          isolate: false,
          env: { ECHELON_TEST_DB: 'postgres' },
        },
      },
      { extends: true, test: { name: 'e2e', include: e2eTests, env: { ECHELON_TEST_DB: 'pglite' } } },
      {
        extends: true,
        test: { name: 'web', include: webTests, exclude: browserTests, environment: 'jsdom' },
      },
      {
        extends: true,
        test: { name: 'browser', include: browserTests, env: { ECHELON_TEST_DB: 'pglite' } },
      },
      // The real image: the Dockerfile built by buildah and run (issue 18); minutes, so its own project.
      {
        extends: true,
        test: { name: 'deploy', include: imageTests, testTimeout: 600_000, hookTimeout: 1_200_000 },
      },
      // The AWS CDK app synthesised and its template asserted (no AWS account needed).
      { extends: true, test: { name: 'aws', include: awsTests, testTimeout: 120_000 } },
      // Real processes of every role on NATS and a PostgreSQL of the test's own (issue 8).
      { extends: true, test: { name: 'cluster', include: clusterTests } },
    ],
  },
});
