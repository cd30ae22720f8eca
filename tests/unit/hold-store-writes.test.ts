import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { holdingStoreWrites } from '../../src/loaders/hold-store-writes.ts';

/** Astro's meta store as far as the hold uses it: counts the touches. */
function countingMeta() {
  const meta = {
    touches: 0,
    set: () => void (meta.touches += 1),
    get: () => undefined,
    has: () => false,
    delete: () => {},
  };
  return meta;
}

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((yes, no) => ((resolve = yes), (reject = no)));
  return { promise, resolve, reject };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('holding back Astro store writes while folders load', () => {
  it('touches the store more often than every 500 ms until the last overlapping load has settled', async () => {
    const meta = countingMeta();
    const first = deferred();
    const second = deferred();
    const loads = [holdingStoreWrites(meta, () => first.promise), holdingStoreWrites(meta, () => second.promise)];

    // Each 500 ms window (Astro's debounce) sees at least two touches.
    for (let window = 0; window < 6; window += 1) {
      const before = meta.touches;
      await vi.advanceTimersByTimeAsync(500);
      expect(meta.touches - before).toBeGreaterThanOrEqual(2);
    }

    first.resolve();
    await vi.advanceTimersByTimeAsync(1000);
    expect(meta.touches).toBeGreaterThanOrEqual(15);

    second.reject(new Error('a folder failed'));
    await expect(loads[1]).rejects.toThrow('a folder failed');
    await expect(loads[0]).resolves.toBeUndefined();
    const settled = meta.touches;
    await vi.advanceTimersByTimeAsync(5000);
    expect(meta.touches).toBe(settled);
    expect(vi.getTimerCount()).toBe(0);
  });
});
