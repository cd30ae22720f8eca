import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/content-check/checks.ts';
import { formatProblem } from '../../src/content-check/problem.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('the demo knowledge base', () => {
  it('passes npm run check without errors, fast', async () => {
    const started = performance.now();
    const { problems, context } = await runChecks({
      contentDir: path.join(ROOT, 'content'),
      rootDir: ROOT,
      projectDir: ROOT,
    });
    const seconds = (performance.now() - started) / 1000;
    expect(problems.filter((p) => p.severity === 'error').map(formatProblem)).toEqual([]);
    expect(context.files.length).toBeGreaterThan(20);
    // Generous for a loaded CI machine; typically a few hundred milliseconds.
    expect(seconds).toBeLessThan(10);
  });
});
