/**
 * Atomic build and atomic deploy, with the real commands, behind the real nginx pair.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy } from '../../src/delivery/deploy.ts';
import { swapIn } from '../../scripts/build.ts';
import { buildFixtureSite } from './cdn-fixture.ts';
import { startCdnStack, type CdnStack } from './cdn-nginx.ts';

const repo = path.resolve(import.meta.dirname, '../..');
const node = process.execPath;
const temporary: string[] = [];
const tempDir = async (name: string) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), `paritybook-${name}-`));
  temporary.push(dir);
  return dir;
};
afterAll(async () => {
  for (const dir of temporary) await rm(dir, { recursive: true, force: true });
});

/** Every local asset a page references. */
const assetsOf = (html: string) =>
  [...html.matchAll(/(?:href|src)="(\/[^"]+)"/g)].map((m) => m[1]).filter((url) => url.startsWith('/_astro/'));

describe('npm run deploy', () => {
  let stack: CdnStack;
  let target: string;
  const builds: Awaited<ReturnType<typeof buildFixtureSite>>[] = [];

  beforeAll(async () => {
    target = await tempDir('target');
    for (const version of ['a', 'b', 'c', 'd']) {
      const site = await buildFixtureSite(version);
      temporary.push(site.root);
      builds.push(site);
    }
    await deploy({ source: builds[0].root, target, keep: 1 });
    stack = await startCdnStack(target);
  });
  afterAll(async () => stack?.stop());

  it('publishes assets before HTML and the service worker last, keeping the previous deploy’s hashed files', async () => {
    const page = await (await fetch(`${stack.cdn.url}/runbooks/db-down/`)).text();
    const oldAssets = assetsOf(page);
    expect(oldAssets.length).toBe(2);
    for (const url of oldAssets) expect((await fetch(`${stack.cdn.url}${url}`)).status).toBe(200);

    // Readers keep loading pages while build b goes out: every page they get must find its assets.
    const child = spawn(
      node,
      [path.join(repo, 'scripts/deploy.ts'), '--from', builds[1].root, '--target', target, '--keep', '1'],
      {
        cwd: repo,
        stdio: 'ignore',
      },
    );
    const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
    let done = false;
    void exited.then(() => (done = true));
    let checked = 0;
    while (!done || checked === 0) {
      const html = await (await fetch(`${stack.cdn.url}/runbooks/db-down/?r=${checked}`)).text();
      for (const url of assetsOf(html)) expect((await fetch(`${stack.cdn.url}${url}`)).status, url).toBe(200);
      checked++;
    }
    expect(await exited).toBe(0);

    const newPage = await (await fetch(`${stack.cdn.url}/runbooks/db-down/`)).text();
    expect(newPage).toContain('(build b)');
    // The old page, still open in a browser or cached somewhere, still finds its files.
    for (const url of oldAssets) expect((await fetch(`${stack.cdn.url}${url}?after=b`)).status).toBe(200);

    // Order on disk: hashed files, then HTML, then the service worker.
    const mtime = async (file: string) => (await stat(path.join(target, file))).mtimeMs;
    const newAssets = assetsOf(newPage);
    const htmlTime = await mtime('runbooks/db-down/index.html');
    for (const url of newAssets) expect(await mtime(url.slice(1))).toBeLessThanOrEqual(htmlTime);
    expect(htmlTime).toBeLessThanOrEqual(await mtime('sw.js'));
  });

  it('prunes hashed files older than --keep deploys, and pages a build no longer has', async () => {
    const aAssets = [`/${builds[0].cssName}`, `/${builds[0].jsName}`];
    const bAssets = [`/${builds[1].cssName}`, `/${builds[1].jsName}`];
    await deploy({ source: builds[2].root, target, keep: 1 });
    for (const url of aAssets) expect(existsSync(path.join(target, url)), `${url} pruned after keep=1`).toBe(false);
    for (const url of bAssets) expect(existsSync(path.join(target, url)), `${url} kept`).toBe(true);

    await rm(path.join(builds[3].root, 'runbooks/disk-full'), {
      recursive: true,
    });
    const result = await deploy({ source: builds[3].root, target, keep: 1 });
    expect(result.pruned).toContain('runbooks/disk-full/index.html');
    for (const url of bAssets) expect(existsSync(path.join(target, url))).toBe(false);
    expect((await fetch(`${stack.cdn.url}/runbooks/disk-full/`)).status).toBe(404);
    const history = JSON.parse(await readFile(path.join(target, '.paritybook/deploys.json'), 'utf8')) as unknown[];
    expect(history).toHaveLength(4);
    expect(result.nginxConfigChanged).toBe(false);
  });

  it('refuses a second deploy into the same folder at once, and a build folder without pages', async () => {
    await writeFile(path.join(target, '.paritybook/deploy.lock'), String(process.pid));
    await expect(deploy({ source: builds[3].root, target, keep: 1 })).rejects.toThrow(/another deploy/);
    await rm(path.join(target, '.paritybook/deploy.lock'));
    const empty = await tempDir('empty');
    const run = spawnSync(node, [path.join(repo, 'scripts/deploy.ts'), '--from', empty, '--target', target], {
      cwd: repo,
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('holds no index.html; run "npm run build" first');
  });
});

describe('npm run build', () => {
  it('swaps a finished build into dist/ and removes the previous one in the background, leaving no folder', async () => {
    const root = await tempDir('swap');
    await mkdir(path.join(root, 'dist'));
    await writeFile(path.join(root, 'dist/old.txt'), 'old');
    await mkdir(path.join(root, '.dist-next-1'));
    await writeFile(path.join(root, '.dist-next-1/index.html'), 'new');
    const { removed } = await swapIn(path.join(root, '.dist-next-1'), path.join(root, 'dist'));
    expect(await readdir(path.join(root, 'dist'))).toEqual(['index.html']);
    await removed();
    expect(await readdir(root)).toEqual(['dist']);
    expect(await readdir(path.join(root, 'dist'))).toEqual(['index.html']);
  });

  it('a failed build leaves the previous dist/ untouched and says so', async () => {
    const root = await tempDir('failed-build');
    await mkdir(path.join(root, 'dist'));
    await writeFile(path.join(root, 'dist/index.html'), 'previous build');
    const run = spawnSync(node, [path.join(repo, 'scripts/build.ts'), '--config', 'missing.config.mjs'], {
      cwd: root,
      encoding: 'utf8',
      env: {
        ...process.env,
        PATH: `${path.join(repo, 'node_modules/.bin')}:${process.env.PATH}`,
        ASTRO_TELEMETRY_DISABLED: '1',
      },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('parity snapshot: scripts/snapshot.ts not present, skipped');
    expect(run.stderr).toMatch(/Build failed; dist\/ still holds the previous build from \d{4}-\d\d-\d\dT/);
    expect(await readFile(path.join(root, 'dist/index.html'), 'utf8')).toBe('previous build');
    expect((await readdir(root)).sort()).toEqual(['dist']);
  });

  it('rejects --outDir', () => {
    const run = spawnSync(node, [path.join(repo, 'scripts/build.ts'), '--outDir', 'elsewhere'], {
      cwd: repo,
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--outDir is not supported');
  });
});
