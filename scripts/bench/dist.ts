/**
 * Static measurements of a built site: size and file count, search index size, and per runbook
 * page the HTML bytes and the JavaScript a reader downloads before opening search (scripts the
 * page references plus their static-import closure, gzip-compressed as a CDN would send them).
 */
import { existsSync, readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { median } from './stats.ts';

export interface PageWeight {
  url: string;
  htmlBytes: number;
  htmlGzipBytes: number;
  /** Gzip bytes of external scripts (and their static imports) plus inline scripts. */
  jsGzipBytes: number;
  jsFiles: number;
  cssGzipBytes: number;
}

export interface DistMeasure {
  totalBytes: number;
  totalFiles: number;
  htmlFiles: number;
  /** Folder of the Pagefind index, relative to dist, if there is one. */
  indexDir: string | null;
  indexBytes: number;
  indexFiles: number;
  runbookPages: number;
  medianRunbookHtmlBytes: number | null;
  maxRunbookHtmlBytes: number | null;
  /** Medians over the sampled runbook pages. */
  medianRunbookHtmlGzipBytes: number | null;
  medianRunbookJsGzipBytes: number | null;
  medianRunbookCssGzipBytes: number | null;
  sample: PageWeight[];
}

interface FileInfo {
  file: string;
  size: number;
}

async function walk(dir: string): Promise<FileInfo[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
  const out: FileInfo[] = [];
  for (let i = 0; i < files.length; i += 256) {
    const batch = files.slice(i, i + 256);
    const sizes = await Promise.all(batch.map((file) => stat(file).then((info) => info.size)));
    batch.forEach((file, k) => out.push({ file, size: sizes[k] }));
  }
  return out;
}

/** Script URLs a page loads up front: <script src>, and module preloads. */
export function scriptRefs(html: string): string[] {
  const refs = new Set<string>();
  for (const match of html.matchAll(/<script\b[^>]*\bsrc=["']?([^"' >]+)/gi)) refs.add(match[1]);
  for (const match of html.matchAll(/<link\b[^>]*>/gi)) {
    if (!/rel=["']?modulepreload/i.test(match[0])) continue;
    const href = /href=["']?([^"' >]+)/i.exec(match[0]);
    if (href) refs.add(href[1]);
  }
  return [...refs];
}

export function inlineScripts(html: string): string[] {
  return (
    [...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)]
      // JSON data islands are not executed.
      .filter((match) => !/type=["']?application\/(?:ld\+)?json/i.test(match[0].slice(0, match[0].indexOf('>'))))
      .map((match) => match[1])
      .filter((code) => code.trim().length > 0)
  );
}

export function stylesheetRefs(html: string): string[] {
  const refs: string[] = [];
  for (const match of html.matchAll(/<link\b[^>]*>/gi)) {
    if (!/rel=["']?stylesheet/i.test(match[0])) continue;
    const href = /href=["']?([^"' >]+)/i.exec(match[0]);
    if (href) refs.push(href[1]);
  }
  return refs;
}

/** Static imports of an ES module (`import x from "./a.js"`, `import "./b.js"`, `export * from`). */
export function staticImports(code: string): string[] {
  const found: string[] = [];
  for (const match of code.matchAll(
    /(?:^|[;\s}])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["']([^"']+\.m?js)["']/g,
  ))
    found.push(match[1]);
  return found;
}

export async function measureDist(dist: string, runbookIds: Set<string>, sampleSize = 40): Promise<DistMeasure> {
  const files = await walk(dist);
  const html = files.filter((info) => info.file.endsWith('.html'));
  // An index is the folder holding pagefind.js (Pagefind's default is /pagefind/).
  const entry = files.find((info) => path.basename(info.file) === 'pagefind.js');
  const indexDir = entry ? path.dirname(entry.file) : null;
  const index = indexDir ? files.filter((info) => info.file.startsWith(indexDir + path.sep)) : [];

  const runbookPages = html
    .filter((info) => {
      const name =
        path.basename(info.file) === 'index.html'
          ? path.basename(path.dirname(info.file))
          : path.basename(info.file, '.html');
      return runbookIds.has(name);
    })
    .sort((a, b) => a.file.localeCompare(b.file));

  const gzipCache = new Map<string, number>();
  const gzipOf = (file: string) => {
    let size = gzipCache.get(file);
    if (size === undefined) {
      size = existsSync(file) ? gzipSync(readFileSync(file)).length : 0;
      gzipCache.set(file, size);
    }
    return size;
  };
  const resolveUrl = (ref: string, pageDir: string) => {
    const clean = ref.split(/[?#]/)[0];
    if (/^[a-z]+:/i.test(clean) || clean.startsWith('//')) return null; // external: not ours
    return clean.startsWith('/') ? path.join(dist, clean) : path.resolve(pageDir, clean);
  };

  const step = Math.max(1, Math.floor(runbookPages.length / sampleSize));
  const sample: PageWeight[] = [];
  for (let i = 0; i < runbookPages.length && sample.length < sampleSize; i += step) {
    const page = runbookPages[i];
    const text = readFileSync(page.file, 'utf8');
    const pageDir = path.dirname(page.file);
    const js = new Set<string>();
    const stack = scriptRefs(text)
      .map((ref) => resolveUrl(ref, pageDir))
      .filter((file): file is string => Boolean(file));
    while (stack.length) {
      const file = stack.pop()!;
      if (js.has(file) || !existsSync(file)) continue;
      js.add(file);
      for (const spec of staticImports(readFileSync(file, 'utf8'))) {
        const target = spec.startsWith('/')
          ? path.join(dist, spec)
          : spec.startsWith('.')
            ? path.resolve(path.dirname(file), spec)
            : null;
        if (target) stack.push(target);
      }
    }
    const inline = inlineScripts(text).join('\n');
    const css = stylesheetRefs(text)
      .map((ref) => resolveUrl(ref, pageDir))
      .filter((file): file is string => Boolean(file));
    sample.push({
      url:
        '/' +
        path
          .relative(dist, page.file)
          .split(path.sep)
          .join('/')
          .replace(/index\.html$/, ''),
      htmlBytes: page.size,
      htmlGzipBytes: gzipSync(text).length,
      jsGzipBytes: [...js].reduce((sum, file) => sum + gzipOf(file), 0) + (inline ? gzipSync(inline).length : 0),
      jsFiles: js.size,
      cssGzipBytes: css.reduce((sum, file) => sum + gzipOf(file), 0),
    });
  }
  const sizes = runbookPages.map((page) => page.size);
  return {
    totalBytes: files.reduce((sum, info) => sum + info.size, 0),
    totalFiles: files.length,
    htmlFiles: html.length,
    indexDir: indexDir ? path.relative(dist, indexDir) : null,
    indexBytes: index.reduce((sum, info) => sum + info.size, 0),
    indexFiles: index.length,
    runbookPages: runbookPages.length,
    medianRunbookHtmlBytes: median(sizes),
    maxRunbookHtmlBytes: sizes.length ? Math.max(...sizes) : null,
    medianRunbookHtmlGzipBytes: median(sample.map((page) => page.htmlGzipBytes)),
    medianRunbookJsGzipBytes: median(sample.map((page) => page.jsGzipBytes)),
    medianRunbookCssGzipBytes: median(sample.map((page) => page.cssGzipBytes)),
    sample,
  };
}
