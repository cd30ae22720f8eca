/**
 * `npm run screenshots`: one screenshot of every page type on a phone and a desktop, in light and
 * dark, from the built site (dist/, built first when missing), for side-by-side comparison with
 * other documentation sites. Files go to screenshots/ (git-ignored), named
 * <page>-<phone|desktop>-<light|dark>.png.
 * Usage: npm run screenshots [-- --out screenshots] [-- --build]
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { createPreviewServer } from './lib/preview-server.ts';
import { CHROMIUM_ARGS, chromiumPath } from './lib/system.ts';

const HELP = `Usage: npm run screenshots [-- options]

Screenshots every page type (phone 390×844 and desktop 1366×900, light and dark) into screenshots/.

Options:
  --out <dir>   where to write the PNG files (default screenshots)
  --build       build the site first even when dist/ exists
  --help        show this help`;

/** One page of every kind, by a name for the file. */
export const PAGES: Record<string, string> = {
  home: '/',
  runbooks: '/runbooks/',
  runbook: '/runbooks/cdn-502-504/',
  alerts: '/alerts/',
  changes: '/changes/',
  change: '/changes/checkout-db-pool-sizing/',
  'change-planned': '/changes/db-roles-automatic-rotation/',
  services: '/services/',
  service: '/services/checkout-api/',
  teams: '/teams/',
  team: '/teams/platform/',
  checklists: '/checklists/',
  checklist: '/checklists/implementation/',
  tags: '/tags/',
  tag: '/tags/cdn/',
  parity: '/parity/',
  reviews: '/reviews/',
  search: '/search/',
  'not-found': '/404.html',
};

export const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1366, height: 900 },
} as const;

const log = (line: string) => process.stderr.write(`[screenshots] ${line}\n`);

async function run(): Promise<number> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'screenshots' },
      build: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const dist = path.resolve('dist');
  if (values.build || !existsSync(path.join(dist, 'index.html'))) {
    log('Building the site ...');
    if (spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' }).status !== 0) {
      log('The build failed; see the messages above.');
      return 1;
    }
  }
  const out = path.resolve(values.out);
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });

  const server = createPreviewServer({ root: dist });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  let written = 0;
  try {
    for (const [device, viewport] of Object.entries(VIEWPORTS)) {
      for (const colorScheme of ['light', 'dark'] as const) {
        // The offline copy's service worker would answer later requests itself; screenshots show the network build.
        const context = await browser.newContext({ viewport, colorScheme, serviceWorkers: 'block' });
        const page = await context.newPage();
        for (const [name, url] of Object.entries(PAGES)) {
          await page.goto(`${origin}${url}`, { waitUntil: 'networkidle' });
          await page.screenshot({ path: path.join(out, `${name}-${device}-${colorScheme}.png`), fullPage: true });
          written += 1;
        }
        await context.close();
      }
      log(`${device}: done`);
    }
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  log(`${written} screenshots in ${path.relative(process.cwd(), out) || '.'}/`);
  return 0;
}

process.exitCode = await run();
