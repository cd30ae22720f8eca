import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { COLLECTION_NAMES, COLLECTIONS, resolveContentDir } from '../../src/collections.ts';
import { alertUrl, entryFile, entryUrl, tagUrl } from '../../src/routes.ts';

describe('the collection registry', () => {
  it('names only registry collections as reference targets', () => {
    for (const name of COLLECTION_NAMES) {
      for (const reference of COLLECTIONS[name].references) {
        expect(COLLECTION_NAMES, `${name}.${reference.field}`).toContain(reference.target);
      }
    }
  });

  it('gives every collection its own folder, route and kind', () => {
    for (const key of ['folder', 'route', 'kind'] as const) {
      const values = COLLECTION_NAMES.map((name) => COLLECTIONS[name][key]);
      expect(new Set(values).size, key).toBe(values.length);
    }
  });
});

describe('routes', () => {
  it('build entry pages and their built files from the registry, encoding each segment', () => {
    expect(entryUrl('runbooks', 'cdn-502-504')).toBe('/runbooks/cdn-502-504/');
    expect(entryUrl('runbooks', 'prom/node/disk full')).toBe('/runbooks/prom/node/disk%20full/');
    expect(entryFile('changes', 'a/b')).toBe('changes/a/b/index.html');
    expect(alertUrl('KubePodCrashLooping')).toBe('/alerts/KubePodCrashLooping/');
    expect(tagUrl('Upload limits')).toBe('/tags/upload-limits/');
  });
});

describe('resolveContentDir', () => {
  let root: string;
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('takes an explicit choice, then PARITYBOOK_CONTENT_DIR, then package.json, then content/', () => {
    root = mkdtempSync(path.join(tmpdir(), 'paritybook-resolve-'));
    expect(resolveContentDir(root, undefined, {})).toBe(path.join(root, 'content'));
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ paritybook: { contentDir: 'kb' } }));
    expect(resolveContentDir(root, undefined, {})).toBe(path.join(root, 'kb'));
    expect(resolveContentDir(root, undefined, { PARITYBOOK_CONTENT_DIR: 'from-env' })).toBe(
      path.join(root, 'from-env'),
    );
    expect(resolveContentDir(root, 'flag', { PARITYBOOK_CONTENT_DIR: 'from-env' })).toBe(path.join(root, 'flag'));
  });
});
