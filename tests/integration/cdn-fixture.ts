/**
 * A small built site with one file of every delivery class: pages, hashed /_astro assets, a
 * real Pagefind 1.6 index (index, fragment, filter chunks, metadata, entry files), public files;
 * then the real delivery step writes _headers, the nginx snippet and sw.js into it.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as pagefind from 'pagefind';
import { emitDelivery } from '../../src/delivery/emit.ts';
import { deliveryOptionsSchema, type DeliveryOptions } from '../../src/delivery/options.ts';

const quiet = { info: () => undefined, warn: () => undefined };

export async function buildFixtureSite(version: string, options: DeliveryOptions = {}, into?: string) {
  const root = into ?? (await mkdtemp(path.join(os.tmpdir(), `paritybook-site-${version}-`)));
  const css = `body{color:#${createHash('sha256').update(version).digest('hex').slice(0, 6)}}`;
  const js = `document.documentElement.dataset.version=${JSON.stringify(version)};`;
  const hash = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 8);
  const cssName = `_astro/index.${hash(css)}.css`;
  const jsName = `_astro/page.${hash(js)}.js`;
  const page = (title: string, body: string) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><link rel="stylesheet" href="/${cssName}"><script type="module" src="/${jsName}"></script></head>` +
    `<body><main data-pagefind-body><h1>${title}</h1><p data-pagefind-filter="kind">runbook</p><p>${body} (build ${version})</p></main></body></html>`;
  const files: Record<string, string> = {
    'index.html': page('paritybook', 'Start page'),
    'runbooks/db-down/index.html': page(
      'Database down',
      'KubePodCrashLooping psycopg2.OperationalError on the primary',
    ),
    'runbooks/disk-full/index.html': page('Disk full', 'NodeFilesystemAlmostOutOfSpace'),
    '404.html': page('Not found', 'No such page'),
    [cssName]: css,
    [jsName]: js,
    'favicon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
    'theme-init.js': '// theme',
  };
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
  const { index } = await pagefind.createIndex({});
  if (!index) throw new Error('pagefind.createIndex failed');
  await index.addDirectory({ path: root });
  await index.writeFiles({ outputPath: path.join(root, 'pagefind') });
  await pagefind.close();
  const resolved = deliveryOptionsSchema.parse(options);
  const manifest = await emitDelivery(root, resolved, quiet);
  return { root, cssName, jsName, manifest, options: resolved };
}
