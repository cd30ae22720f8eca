/**
 * Time budgets of the inherently heavy test steps, sized for a shared 2-core CI runner that
 * other jobs keep busy: there one Astro build of a small site took 30 s with two CPU-bound
 * processes beside it and 100 s with several test suites beside it (seconds on an idle machine).
 * A test that waits on a condition needs no budget of its own.
 */

/** One `astro build` (or the import, build and serve of a temporary site) spawned by a test. */
export const BUILD_BUDGET_MS = 300_000;

/**
 * Storing the whole site in the browser's offline copy: about 200 files, each checked against its
 * hash, take a few seconds on an idle machine and over a minute on a runner with a load of 25.
 */
export const OFFLINE_COPY_BUDGET_MS = 240_000;
