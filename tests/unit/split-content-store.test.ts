import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitStoreModule } from '../../src/lib/split-content-store.ts';

/** Astro's shape of the content store module. */
const storeModule = (store: unknown) => `export default JSON.parse(${JSON.stringify(JSON.stringify(store))})`;

/** Runs a module's default export expression. */
const evaluate = (code: string): unknown => new Function(code.replace('export default ', 'return '))();

const store = {
  runbooks: [
    ['cdn-502', { title: 'CDN "502" \\ backslash', html: '<p>line\nbreak\u2028sep</p>', emoji: '🚒🔥 pager' }],
    ['ünïcode', { body: 'x'.repeat(200) + '😀'.repeat(40) }],
  ],
};

describe('splitStoreModule', () => {
  it('cuts the store into pieces that join into the same store, pairs of surrogates kept whole', () => {
    const code = storeModule(store);
    for (const pieceChars of [7, 8, 9, 64]) {
      const split = splitStoreModule(code, pieceChars);
      expect(split).toBeDefined();
      expect(split!.split('\n').length).toBeGreaterThan(5);
      expect(split).not.toMatch(/\\ud[89ab][0-9a-f]{2}"/i);
      expect(evaluate(split!)).toEqual(store);
    }
  });

  it('leaves a module of any other shape, or a short one, as it is', () => {
    expect(splitStoreModule(storeModule(store))).toBeUndefined();
    expect(splitStoreModule('export default new Map()', 4)).toBeUndefined();
    expect(splitStoreModule(`export default{"runbooks":[(await import("astro:data-layer-chunk/a.txt"))]}`, 4)).toBe(
      undefined,
    );
    expect(splitStoreModule(`export default JSON.parse("[1]") + JSON.parse("[2]")`, 4)).toBeUndefined();
  });

  it('still matches the module Astro writes (else the build is several seconds slower at thousands of notes)', () => {
    const plugin = readFileSync(
      new URL('../../node_modules/astro/dist/content/vite-plugin-content-virtual-mod.js', import.meta.url),
      'utf8',
    );
    expect(plugin).toContain('code: `export default JSON.parse(${JSON.stringify(jsonData)})`');
  });
});
