import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { EAGER_COMPILE_HINT, eagerCompileHint } from '../../src/search/compile-hint.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'paritybook-compile-hint-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A real minified Vite build of a page script that loads a dialog's code on demand, as Search.astro loads ui.ts. */
async function buildDemo(): Promise<Map<string, string>> {
  writeFileSync(
    path.join(root, 'page.js'),
    `export const open = () => import('./dialog.js').then((m) => m.search('x'));\n`,
  );
  writeFileSync(
    path.join(root, 'dialog.js'),
    `/* a comment the minifier drops */\nfunction rank(word) { return word.length; }\nexport function search(query) { return rank(query) + 1; }\n`,
  );
  await build({
    root,
    logLevel: 'silent',
    plugins: [eagerCompileHint([/[\\/]dialog\.js$/])],
    build: {
      outDir: path.join(root, 'dist'),
      minify: true,
      lib: { entry: path.join(root, 'page.js'), formats: ['es'], fileName: 'page' },
    },
  });
  const files = new Map<string, string>();
  for (const name of readdirSync(path.join(root, 'dist')))
    files.set(name, readFileSync(path.join(root, 'dist', name), 'utf8'));
  return files;
}

describe('eager compile hint', () => {
  it("puts V8's hint on the first line of the marked chunk only, after minification, and the code still runs", async () => {
    const files = await buildDemo();
    const dialog = [...files].find(([name]) => name.startsWith('dialog'));
    const page = [...files].find(([name]) => name.startsWith('page'));
    expect(dialog, [...files.keys()].join(', ')).toBeDefined();
    expect(dialog![1].split('\n')[0]).toBe(EAGER_COMPILE_HINT);
    expect(dialog![1]).not.toContain('a comment the minifier drops');
    expect(page![1]).not.toContain(EAGER_COMPILE_HINT);
    const loaded = (await import(pathToFileURL(path.join(root, 'dist', page![0])).href)) as { open(): Promise<number> };
    await expect(loaded.open()).resolves.toBe(2);
  });
});
