/**
 * The one command that runs every test, as CI does: installs missing system programs,
 * runs unit and integration tests, builds the demo site and runs the browser tests on it.
 * Usage: npm test [-- --skip-e2e] [-- --only unit|e2e]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureSystem } from './lib/system.ts';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    'skip-e2e': { type: 'boolean', default: false },
  },
});

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

function run(): number {
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

process.exitCode = run();
