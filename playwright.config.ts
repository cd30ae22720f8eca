import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './scripts/lib/system.ts';

const port = Number(process.env.PARITYBOOK_E2E_PORT ?? 4329);

export default defineConfig({
  testDir: 'tests/e2e',
  forbidOnly: Boolean(process.env.CI),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  // Enough for a page test on a busy 2-core CI runner; heavier tests mark themselves slow or set their own.
  timeout: 30_000,
  // Conditions (a dialog open, results drawn) take longer to come true on a busy machine.
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    // The production build registers a service worker (offline copy); it would answer requests
    // that tests intercept or count. Offline specs opt in with test.use({ serviceWorkers: 'allow' }).
    serviceWorkers: 'block',
    launchOptions: {
      executablePath: chromiumPath(),
      args: CHROMIUM_ARGS,
    },
  },
  webServer: {
    command: `node scripts/serve.ts --dir dist --port ${port}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    // Starting Node is quick on an idle machine and slow on a busy CI runner.
    timeout: 60_000,
  },
});
