/**
 * The one command that runs every test, as CI does: installs missing system programs,
 * runs unit and integration tests, builds the demo site and runs the browser tests on it.
 * Usage: npm test [-- --skip-e2e] [-- --only unit|e2e]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineCommand, runMain, UsageError, type OptionSpecs, type OptionValues } from './lib/cli.ts';
import { ensureSystem } from './lib/system.ts';

const OPTIONS = {
  only: {
    type: 'string',
    value: 'unit|e2e',
    description: 'only the unit and integration tests (with the content check), or only build and end-to-end',
  },
  'skip-e2e': { type: 'boolean', default: false, description: 'everything but the end-to-end tests' },
} satisfies OptionSpecs;
const ONLY = ['unit', 'e2e'];

const log = (line: string) => process.stderr.write(`[test] ${line}\n`);

/** Test counts read from the runners' JSON reports, for one summary line at the end. */
const counts = { passed: 0, failed: 0, skipped: 0 };
const reports = mkdtempSync(path.join(tmpdir(), 'paritybook-test-'));
const vitestReport = path.join(reports, 'vitest.json');
const playwrightReport = path.join(reports, 'playwright.json');

function readReport<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

function countVitest(): void {
  const report = readReport<{
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  }>(vitestReport);
  if (!report) return;
  counts.passed += report.numPassedTests;
  counts.failed += report.numFailedTests;
  counts.skipped += report.numPendingTests + report.numTodoTests;
}

function countPlaywright(): void {
  const report = readReport<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(
    playwrightReport,
  );
  if (!report) return;
  counts.passed += report.stats.expected;
  counts.failed += report.stats.unexpected + report.stats.flaky;
  counts.skipped += report.stats.skipped;
}

function step(name: string, command: string, args: string[], env: Record<string, string> = {}): boolean {
  log(`${name}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', ...env },
  });
  const ok = result.status === 0;
  log(
    `${name}: ${ok ? 'passed' : `failed (exit ${result.status ?? result.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return ok;
}

function run(values: OptionValues<typeof OPTIONS>): number {
  if (values.only !== undefined && !ONLY.includes(values.only))
    throw new UsageError(`--only takes unit or e2e, got "${values.only}"`);
  const missing = ensureSystem(['chromium', 'nginx', 'fastapi', 'strace'], log);
  if (missing.length > 0) {
    log(`Cannot run every test without: ${missing.map((m) => m.name).join(', ')}.`);
    return 2;
  }
  const steps: [string, () => boolean][] = [
    ['format', () => step('format', 'prettier', ['--check', '--log-level', 'warn', '.'])],
    ['typecheck', () => step('typecheck', 'astro', ['check', '--minimumSeverity', 'warning'])],
    ['content check', () => step('content check', 'node', ['scripts/check.ts'])],
    [
      'unit and integration',
      () => {
        const ok = step('unit and integration', 'vitest', [
          'run',
          '--reporter=default',
          '--reporter=json',
          `--outputFile.json=${vitestReport}`,
        ]);
        countVitest();
        return ok;
      },
    ],
    ['build', () => step('build', 'npm', ['run', '--silent', 'build'])],
    [
      'end-to-end',
      () => {
        const ok = step('end-to-end', 'playwright', ['test', '--reporter=list,json'], {
          PLAYWRIGHT_JSON_OUTPUT_FILE: playwrightReport,
        });
        countPlaywright();
        return ok;
      },
    ],
  ];
  const selected = steps.filter(([name]) => {
    if (values.only === 'unit') return name === 'unit and integration' || name === 'content check';
    if (values.only === 'e2e') return name === 'build' || name === 'end-to-end';
    return !(values['skip-e2e'] && name === 'end-to-end');
  });
  const failed = selected.filter(([, execute]) => !execute()).map(([name]) => name);
  rmSync(reports, { recursive: true, force: true });
  // One plain line that any CI can read, whatever the runners print.
  process.stdout.write(
    `\n${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}\n`,
  );
  if (failed.length > 0) {
    log(`FAILED: ${failed.join(', ')}`);
    return 1;
  }
  log('All tests passed.');
  return 0;
}

export const testCommand = defineCommand({
  name: 'test',
  invocation: 'npm test --',
  summary: `Runs every test as CI does: installs missing system programs (chromium, nginx, FastAPI, strace),
checks format, types and content, runs unit and integration tests, builds the site and runs the
browser tests on it. Ends with one line: "<n> passed, <n> failed".`,
  options: OPTIONS,
  exitCodes: { 0: 'all passed', 1: 'a step failed', 2: 'usage error, or a system program is missing' },
  logPrefix: '[test]',
  run: ({ values }) => run(values),
});

if (import.meta.main) await runMain(testCommand);
