/**
 * scripts/finish-build.ts: the search index and the delivery files for a build that `astro build` made with
 * PARITYBOOK_FINISH_PLAN set (src/finish.ts). `npm run build` does this itself; the benchmark runs the two steps
 * one after the other to measure them as the build command runs them.
 */
import path from 'node:path';
import { finishBuild } from '../src/finish.ts';
import { defineCommand, runMain, UsageError } from './lib/cli.ts';

export const finishBuildCommand = defineCommand({
  name: 'finish-build',
  summary:
    'Writes the search index and the delivery files into <out-dir>, as planned in <plan-dir> by an\n' +
    '`astro build` run with PARITYBOOK_FINISH_PLAN=<plan-dir>.',
  usage: '<plan-dir> <out-dir>',
  positionals: { label: '<plan-dir> <out-dir>', description: 'the plan folder and the build folder' },
  options: {},
  exitCodes: { 0: 'finished', 1: 'indexing or delivery failed', 2: 'usage error' },
  unexpectedExitCode: 1,
  async run({ positionals, log }) {
    if (positionals.length !== 2) throw new UsageError('give the plan folder and the build folder');
    const [plan, outDir] = positionals.map((p) => path.resolve(p));
    await finishBuild(plan, outDir, { info: log, warn: (line) => log(`warning: ${line}`) });
  },
});

if (import.meta.main) await runMain(finishBuildCommand);
