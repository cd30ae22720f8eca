import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/content-check/checks.ts';
import { formatProblem } from '../../src/content-check/problem.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('the demo knowledge base', () => {
  it('passes npm run check without errors, fast', async () => {
    // CPU time, not wall time: the check's own work, which other processes on a busy machine do not stretch.
    const started = process.cpuUsage();
    const { problems, context } = await runChecks({
      contentDir: path.join(ROOT, 'content'),
      rootDir: ROOT,
      projectDir: ROOT,
    });
    const used = process.cpuUsage(started);
    const seconds = (used.user + used.system) / 1e6;
    expect(problems.filter((p) => p.severity === 'error').map(formatProblem)).toEqual([]);
    expect(context.files.length).toBeGreaterThan(20);
    // Typically well under one second.
    expect(seconds).toBeLessThan(5);
  });
});
