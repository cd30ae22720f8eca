/**
 * npm run bench:check: how long `npm run check` takes on one very long note, per megabyte.
 * Usage: npm run bench:check -- [--mb 5] [--runs 3] [--json]
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { runChecks } from '../src/content-check/index.ts';
import { longNote } from './bench/long-note.ts';

const HELP = `Usage: npm run bench:check -- [options]

Writes one runbook of --mb megabytes beside the demo content in a temporary folder and
runs every check of npm run check on it, --runs times; prints wall and CPU seconds per MB.

Options:
  --mb <n>     size of the note in MB (default: 5)
  --runs <n>   runs; the median is reported (default: 3)
  --json       print the result as JSON
  -h, --help   show this help
`;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function run(): Promise<number> {
  const { values } = parseArgs({
    options: {
      mb: { type: 'string', default: '5' },
      runs: { type: 'string', default: '3' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const mb = Number(values.mb);
  const runs = Number(values.runs);
  if (!(mb > 0) || !Number.isInteger(runs) || runs < 1) {
    process.stderr.write('bench:check: --mb must be a positive number and --runs a positive integer\n');
    return 2;
  }
  const root = mkdtempSync(path.join(tmpdir(), 'paritybook-bench-check-'));
  try {
    const content = path.join(root, 'content');
    cpSync(path.resolve('content'), content, { recursive: true });
    const body = longNote(mb);
    writeFileSync(
      path.join(content, 'runbooks', 'long-note.md'),
      `---\ntitle: Long note\nsummary: A very long runbook.\nseverity: low\nowner: platform\nlastReviewed: 2026-11-01\n---\n\n${body}\n`,
    );
    const megabytes = Buffer.byteLength(body) / 1024 / 1024;
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      const started = performance.now();
      const cpuStarted = process.cpuUsage();
      await runChecks({ contentDir: content, projectDir: root });
      const used = process.cpuUsage(cpuStarted);
      wall.push((performance.now() - started) / 1000);
      cpu.push((used.user + used.system) / 1e6);
      process.stderr.write(`run ${i + 1}: ${wall.at(-1)!.toFixed(2)} s wall, ${cpu.at(-1)!.toFixed(2)} s CPU\n`);
    }
    const result = {
      megabytes: Number(megabytes.toFixed(2)),
      runs,
      wallSeconds: Number(median(wall).toFixed(2)),
      cpuSeconds: Number(median(cpu).toFixed(2)),
      cpuSecondsPerMB: Number((median(cpu) / megabytes).toFixed(2)),
      wallSecondsPerMB: Number((median(wall) / megabytes).toFixed(2)),
    };
    process.stdout.write(
      values.json
        ? `${JSON.stringify(result, null, 2)}\n`
        : `check of a ${result.megabytes} MB note: ${result.wallSeconds} s wall, ${result.cpuSeconds} s CPU (median of ${runs}); ${result.cpuSecondsPerMB} s CPU per MB\n`,
    );
    return 0;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

run().then((code) => {
  process.exitCode = code;
});
