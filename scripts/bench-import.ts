/**
 * npm run bench:import: a team's first hour with paritybook, timed. A real runbook repository is imported beside
 * the demo content into a temporary folder, checked, and built cold, --runs times; medians of wall and CPU time.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runMeasured, type RunResult } from './bench/run.ts';
import { median } from './bench/stats.ts';
import { defineCommand, runMain, wholeNumber } from './lib/cli.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const STEPS = ['import', 'check', 'build'] as const;
type Step = (typeof STEPS)[number];

const roundOrNull = (value: number | null) => (value === null ? null : Number(value.toFixed(1)));

/** Every .html file under `dir`: the pages a build wrote. */
const countPages = (dir: string): number =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.html')).length;

async function runStep(step: Step, command: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  const result = await runMeasured(process.execPath, command, { cwd: ROOT, env, timeoutSeconds: 3600 });
  if (result.exitCode !== 0) {
    const tail = result.lines
      .slice(-20)
      .map((line) => line.text)
      .join('\n');
    throw new Error(`${step} exited ${result.exitCode ?? result.signal}:\n${tail}`);
  }
  return result;
}

export const benchImport = defineCommand({
  name: 'bench:import',
  summary:
    'Imports a runbook repository beside the demo content in a temporary folder, runs `npm run check` and a cold\n' +
    'build on it, --runs times; prints the median wall and CPU seconds of each step.',
  options: {
    corpus: {
      type: 'string',
      default: 'tests/fixtures/gitlab-runbooks',
      value: 'dir',
      description: 'repository (folder of Markdown runbooks) to import',
    },
    runs: { type: 'string', default: '3', value: 'n', description: 'runs; the median is reported' },
    json: { type: 'boolean', default: false, description: 'print the result as JSON' },
  },
  async run({ values, log }) {
    const runs = wholeNumber('runs', values.runs, { min: 1 });
    const corpus = path.resolve(values.corpus);
    const times: Record<Step, RunResult[]> = { import: [], check: [], build: [] };
    let pages = 0;
    for (let run = 1; run <= runs; run += 1) {
      const root = mkdtempSync(path.join(tmpdir(), 'paritybook-bench-import-'));
      try {
        const content = path.join(root, 'content');
        const snapshots = path.join(root, 'snapshots');
        cpSync(path.join(ROOT, 'content'), content, { recursive: true });
        await mkdir(snapshots);
        const env = {
          ...process.env,
          PARITYBOOK_CONTENT_DIR: content,
          PARITYBOOK_SNAPSHOT_DIR: snapshots,
          ASTRO_TELEMETRY_DISABLED: '1',
        };
        // A cold build, as on a fresh CI runner: no content store, generated types or Vite cache.
        for (const dir of ['node_modules/.astro', '.astro', 'node_modules/.vite'])
          rmSync(path.join(ROOT, dir), { recursive: true, force: true });
        const commands: Record<Step, string[]> = {
          import: [
            path.join(ROOT, 'scripts/import.ts'),
            corpus,
            '--out',
            content,
            '--into',
            path.basename(corpus),
            '--report',
            path.join(root, 'import-report.md'),
          ],
          check: [path.join(ROOT, 'scripts/check.ts'), '--content', content],
          build: [path.join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', path.join(root, 'dist')],
        };
        for (const step of STEPS) {
          const result = await runStep(step, commands[step], env);
          times[step].push(result);
          log(
            `run ${run} ${step}: ${result.wallSeconds.toFixed(1)} s wall, ${result.cpuSeconds?.toFixed(1) ?? '?'} s CPU`,
          );
        }
        pages = countPages(path.join(root, 'dist'));
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    }
    const summary = Object.fromEntries(
      STEPS.map((step) => [
        step,
        {
          wallSeconds: Number((median(times[step].map((r) => r.wallSeconds)) ?? 0).toFixed(1)),
          cpuSeconds: roundOrNull(median(times[step].map((r) => r.cpuSeconds))),
          peakTreeRssMB: Math.round((median(times[step].map((r) => r.peakTreeRssBytes)) ?? 0) / 1024 / 1024),
        },
      ]),
    ) as Record<Step, { wallSeconds: number; cpuSeconds: number | null; peakTreeRssMB: number }>;
    const result = { corpus: path.relative(ROOT, corpus) || corpus, runs, pages, steps: summary };
    process.stdout.write(
      values.json
        ? `${JSON.stringify(result, null, 2)}\n`
        : `${STEPS.map(
            (step) =>
              `${step}: ${summary[step].wallSeconds} s wall, ${summary[step].cpuSeconds?.toFixed(1) ?? '?'} s CPU, ` +
              `${summary[step].peakTreeRssMB} MB peak (median of ${runs})`,
          ).join('\n')}\n${pages} pages built from ${result.corpus} and the demo content\n`,
    );
  },
});

if (import.meta.main) await runMain(benchImport);
