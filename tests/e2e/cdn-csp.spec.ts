/**
 * Every kind of page under the production headers (scripts/serve.ts applies dist/_headers):
 * no CSP violation, no inline script or style, and search (Pagefind worker + WebAssembly) works
 * under script-src 'self' 'wasm-unsafe-eval'.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { urlOf } from '../../src/delivery/offline.ts';
import { listFiles } from '../../src/delivery/walk.ts';
import { aRunbook, dist, pageKinds } from './cdn-helpers.ts';

/** Collects CSP violations from the page (event) and from workers and the console (message). */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('__reportViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { __reportViolation(text: string): void }).__reportViolation(
        `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

test('no page of the build carries an inline script, inline style element or style attribute', async () => {
  const offenders: string[] = [];
  for (const file of await listFiles(dist)) {
    if (!file.path.endsWith('.html')) continue;
    const html = await readFile(path.join(dist, file.path), 'utf8');
    for (const tag of html.match(/<script\b[^>]*>/gi) ?? []) {
      const dataBlock = /type="?application\/(?:ld\+)?json/i.test(tag);
      if (!/\bsrc=/i.test(tag) && !dataBlock) offenders.push(`${urlOf(file.path)}: inline ${tag}`);
    }
    if (/<style[\s>]/i.test(html)) offenders.push(`${urlOf(file.path)}: <style> element`);
    if (/<[a-z][^>]*\sstyle="/i.test(html)) offenders.push(`${urlOf(file.path)}: style="" attribute`);
    if (/\son[a-z]+="/i.test(html)) offenders.push(`${urlOf(file.path)}: inline event handler`);
  }
  expect(offenders, 'the production CSP blocks these; ship them as files under /_astro/').toEqual([]);
});

test('every kind of page loads under the production CSP without a violation', async ({ page }) => {
  test.slow('opens one page of every kind, one after the other');
  const violations = await watchViolations(page);
  const urls = [...(await pageKinds()), '/no-such-page/'];
  for (const url of urls) {
    const response = await page.goto(url);
    expect(response, url).not.toBeNull();
    expect(response!.status(), url).toBe(url === '/no-such-page/' ? 404 : 200);
    const csp = await response!.headerValue('content-security-policy');
    expect(csp, url).toContain("script-src 'self' 'wasm-unsafe-eval'");
    await page.waitForLoadState('load');
    // An alert page forwards to its runbook with a meta refresh: let that navigation finish before the next goto.
    if (/^\/alerts\/[^/]+\/$/.test(url)) await page.waitForURL(/\/runbooks\//);
  }
  expect(violations, `pages checked: ${urls.join(', ')}`).toEqual([]);
});

test('search runs its worker and WebAssembly under the CSP', async ({ page }) => {
  const violations = await watchViolations(page);
  await page.goto(await aRunbook());
  const term = (await page.locator('h1').first().textContent())?.trim().split(/\s+/)[0] ?? 'runbook';
  const found = await page.evaluate(async (word) => {
    const pagefind = await import(/* @vite-ignore */ `${location.origin}/pagefind/pagefind.js`);
    await pagefind.options({});
    const search = await pagefind.search(word);
    const first = search.results[0] ? await search.results[0].data() : undefined;
    return { count: search.results.length, url: first?.url };
  }, term);
  expect(found.count).toBeGreaterThan(0);
  expect(violations).toEqual([]);
});
