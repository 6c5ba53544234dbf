import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { CHROMIUM_TEST_ARGS, findChromium } from './host/browser/findChromium.ts';

const chromium = findChromium();
const argv = process.argv.join(' ');
const nodeOnly = /--project[ =](node|e2e)\b/.test(argv) && !/--project[ =]browser\b/.test(argv);
if (!chromium.ok && !nodeOnly) {
  throw new Error(chromium.message);
}

export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['**/*.test.{ts,tsx}'],
          exclude: ['**/*.browser.test.{ts,tsx}', 'tests/e2e/**', 'node_modules/**', 'dist/**'],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          // End-to-end runs (conductor, several Chromium processes) run alone: their timing
          // assertions must not compete with other suites for a 2-core machine.
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          // Conductors started by these tests (and the ones they spawn) serve the pages' test build,
          // whose test hooks the tests read (host/server/builtPages.ts).
          env: { PANORAMA_PAGES: 'test' },
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 240_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['**/*.browser.test.{ts,tsx}'],
          exclude: ['node_modules/**', 'dist/**'],
          testTimeout: 60_000,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({
              launchOptions: {
                executablePath: chromium.ok ? chromium.path : undefined,
                args: [...CHROMIUM_TEST_ARGS],
              },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
