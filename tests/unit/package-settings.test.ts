import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { packageSettings } from '../../src/integration.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'paritybook-settings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const root = pathToFileURL(`${dir}/`);
const write = (manifest: unknown) => writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest));

describe('package.json "paritybook" settings', () => {
  it('reads site, edit URL and title, and the environment overrides them', () => {
    write({ paritybook: { site: 'https://runbooks.acme.test/', editUrl: 'https://git.acme.test/edit/main/' } });
    expect(packageSettings(root, {})).toEqual({
      site: 'https://runbooks.acme.test/',
      editUrl: 'https://git.acme.test/edit/main/',
    });
    expect(packageSettings(root, { PARITYBOOK_SITE: 'http://127.0.0.1:4400/' }).site).toBe('http://127.0.0.1:4400/');
  });

  it('has no site or edit URL unless configured: nothing is guessed', () => {
    write({ name: 'kb' });
    expect(packageSettings(root, {})).toEqual({});
  });

  it('names the field and the fix for a wrong value', () => {
    write({ paritybook: { site: 'runbooks.acme.test', editURL: 'x' } });
    expect(() => packageSettings(root, {})).toThrowErrorMatchingInlineSnapshot(`
      [Error: Invalid "paritybook" settings in package.json (or PARITYBOOK_SITE / PARITYBOOK_EDIT_URL):
        paritybook.site: Invalid URL
        paritybook: Unrecognized key: "editURL" (known: site, editUrl, title, contentDir)]
    `);
  });
});
