import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_BUDGET_MS } from '../support/budgets.ts';

const root = path.resolve(import.meta.dirname, '../..');

describe('astro build with invalid content', () => {
  let work: string;
  let result: ReturnType<typeof spawnSync>;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'paritybook-broken-'));
    await cp(path.join(root, 'content'), path.join(work, 'content'), { recursive: true });
    const file = path.join(work, 'content/runbooks/cdn-502-504.mdx');
    const text = await readFile(file, 'utf8');
    await writeFile(
      file,
      text.replace(/^owner: platform$/m, 'owner: platfrom').replace(/^severity: critical$/m, 'severity: sev1'),
    );
    result = spawnSync(path.join(root, 'node_modules/.bin/astro'), ['build', '--outDir', path.join(work, 'dist')], {
      cwd: root,
      encoding: 'utf8',
      env: {
        ...process.env,
        PARITYBOOK_CONTENT_DIR: path.join(work, 'content'),
        ASTRO_TELEMETRY_DISABLED: '1',
        NO_COLOR: '1',
        FORCE_COLOR: '0',
      },
      timeout: BUILD_BUDGET_MS,
    });
  }, BUILD_BUDGET_MS);
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('fails before rendering, with one line per problem naming file, line, field, found and expected', () => {
    const output = `${result.stdout}${result.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
    expect(result.status).not.toBe(0);
    const file = path.relative(root, path.join(work, 'content/runbooks/cdn-502-504.mdx'));
    expect(output).toContain('2 problems in content:');
    expect(output).toMatch(
      new RegExp(
        `${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+ severity: found "sev1"; expected one of "critical", "high", "medium", "low", "info"`,
      ),
    );
    expect(output).toContain('Fix each line above');
    expect(output).not.toContain('generating static routes');
  });
});
