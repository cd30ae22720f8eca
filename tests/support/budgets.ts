/**
 * Time budgets of the inherently heavy test steps, sized for a shared 2-core CI runner that
 * other jobs keep busy: there, one Astro build of a small site takes about 30 s (seconds when
 * the machine is idle). A test that waits on a condition needs no budget of its own.
 */

/** One `astro build` (or the import, build and serve of a temporary site) spawned by a test. */
export const BUILD_BUDGET_MS = 180_000;
