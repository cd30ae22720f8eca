/**
 * Static hosts' file limits: `npm run deploy` says when a build has more files than a host
 * accepts, and what to do about it.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileLimitWarnings, HOST_FILE_LIMITS } from '../../src/delivery/host-limits.ts';

const repo = path.resolve(import.meta.dirname, '../..');
const temporary: string[] = [];
afterAll(async () => {
  for (const dir of temporary) await rm(dir, { recursive: true, force: true });
});

describe('host file limits', () => {
  it('stays quiet well under a limit, notes the last 10 % and warns past it with what to do', () => {
    const cloudflare = HOST_FILE_LIMITS.find((limit) => limit.host === 'Cloudflare Pages')!;
    expect(cloudflare.maxFiles).toBe(20_000);
    expect(fileLimitWarnings(17_999)).toEqual([]);
    const near = fileLimitWarnings(19_000);
    expect(near).toHaveLength(1);
    expect(near[0]).toContain('close to the 20,000 Cloudflare Pages accepts');
    expect(near[0]).toContain('about 500 more notes fit');
    const over = fileLimitWarnings(20_001);
    expect(over).toHaveLength(1);
    expect(over[0]).toContain('20,001 files; Cloudflare Pages accepts at most 20,000');
    expect(over[0]).toMatch(/nginx-paritybook\.conf/);
    expect(over[0]).toMatch(/split the knowledge base/);
  });

  it('npm run deploy warns about a build of more than 20,000 files, and still publishes (dry run here)', async () => {
    const source = await mkdtemp(path.join(os.tmpdir(), 'paritybook-many-files-'));
    temporary.push(source);
    await writeFile(path.join(source, 'index.html'), '<!doctype html><title>x</title>');
    // 20,000 tiny pages beside index.html: one over Cloudflare Pages' limit.
    for (let folder = 0; folder < 200; folder++) {
      const dir = path.join(source, 'runbooks', `f${folder}`);
      await mkdir(dir, { recursive: true });
      await Promise.all(
        Array.from({ length: 100 }, (_, i) => writeFile(path.join(dir, `p${i}.html`), `<p>${folder}-${i}</p>`)),
      );
    }
    const target = path.join(source, '..', `${path.basename(source)}-target`);
    temporary.push(target);
    const result = spawnSync(
      process.execPath,
      [path.join(repo, 'scripts/deploy.ts'), '--from', source, '--target', target, '--dry-run', '--json'],
      { cwd: repo, encoding: 'utf8' },
    );
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      '[deploy] warning: this build has 20,001 files; Cloudflare Pages accepts at most 20,000',
    );
    const json = JSON.parse(result.stdout) as { files: number; warnings: string[] };
    expect(json.files).toBe(20_001);
    expect(json.warnings).toHaveLength(1);
  });
});
