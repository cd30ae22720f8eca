import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'tests/unit/**/*.test.ts',
      'tests/integration/**/*.test.ts',
      'tests/security/**/*.test.ts',
      'src/**/*.test.ts',
    ],
    // Many tests spawn the real commands, a Node process each: on a busy 2-core runner a test that
    // spawns a few took 80 s. Tests that build a site set their own budget (tests/support/budgets.ts).
    testTimeout: 180_000,
    hookTimeout: 300_000,
    // Integration tests start real servers on fixed loopback ports they pick themselves.
    fileParallelism: true,
  },
});
