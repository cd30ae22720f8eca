/**
 * npm run bench:check: how long `npm run check` takes on one very long note, per megabyte, as a user runs it
 * (a new process each run, startup included), for a `.md` and an `.mdx` note.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { longNote } from './bench/long-note.ts';
import { median } from './bench/stats.ts';
import { defineCommand, runMain, wholeNumber, UsageError } from './lib/cli.ts';

const CHECK = path.resolve(import.meta.dirname, 'check.ts');
const FORMATS = ['md', 'mdx'] as const;

interface FormatResult {
  format: (typeof FORMATS)[number];
  wallSeconds: number;
  /** Median wall time divided by the note's size: startup is counted in, so this errs on the slow side. */
  wallSecondsPerMB: number;
  runs: number[];
}

/** Seconds one `npm run check` of `content` takes; fails when the check does not finish with exit 0. */
function timeCheck(content: string): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, [CHECK, '--content', content], { encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`check exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return seconds;
}

const frontmatter = (title: string) =>
  `---\ntitle: ${title}\nsummary: A very long runbook.\nseverity: low\nowner: platform\nlastReviewed: 2026-11-01\n---\n\n`;

export const benchCheck = defineCommand({
  name: 'bench:check',
  summary:
    'Writes one runbook of --mb megabytes beside the demo content in a temporary folder, as .md and as .mdx, and\n' +
    'times `npm run check` on it --runs times each (a new process each run); prints medians and seconds per MB.',
  options: {
    mb: { type: 'string', default: '5', value: 'n', description: 'size of the note in MB' },
    runs: { type: 'string', default: '3', value: 'n', description: 'runs per format; the median is reported' },
    json: { type: 'boolean', default: false, description: 'print the result as JSON' },
  },
  run({ values, log }) {
    const mb = Number(values.mb);
    if (!(mb > 0)) throw new UsageError('--mb must be a positive number');
    const runs = wholeNumber('runs', values.runs, { min: 1 });
    const root = mkdtempSync(path.join(tmpdir(), 'paritybook-bench-check-'));
    try {
      const content = path.join(root, 'content');
      cpSync(path.resolve('content'), content, { recursive: true });
      const baseline = median(Array.from({ length: runs }, () => timeCheck(content))) ?? 0;
      log(`demo content alone: ${baseline.toFixed(2)} s`);
      const body = longNote(mb);
      const megabytes = Buffer.byteLength(body) / 1024 / 1024;
      const results: FormatResult[] = FORMATS.map((format) => {
        const file = path.join(content, 'runbooks', `long-note.${format}`);
        writeFileSync(file, `${frontmatter('Long note')}${body}\n`);
        const times = Array.from({ length: runs }, (_, run) => {
          const seconds = timeCheck(content);
          log(`${format} run ${run + 1}: ${seconds.toFixed(2)} s`);
          return seconds;
        });
        rmSync(file);
        const wall = median(times) ?? 0;
        return {
          format,
          wallSeconds: Number(wall.toFixed(2)),
          wallSecondsPerMB: Number((wall / megabytes).toFixed(2)),
          runs: times.map((t) => Number(t.toFixed(2))),
        };
      });
      const result = {
        megabytes: Number(megabytes.toFixed(2)),
        runs,
        baselineSeconds: Number(baseline.toFixed(2)),
        results,
      };
      process.stdout.write(
        values.json
          ? `${JSON.stringify(result, null, 2)}\n`
          : results
              .map(
                (r) =>
                  `check of a ${result.megabytes} MB .${r.format} note: ${r.wallSeconds} s (median of ${runs}), ${r.wallSecondsPerMB} s per MB\n`,
              )
              .join('') + `demo content alone: ${result.baselineSeconds} s\n`,
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
});

if (import.meta.main) await runMain(benchCheck);
