/**
 * The one command that runs every test, as CI does: installs missing system programs,
 * runs unit and integration tests, builds the demo site and runs the browser tests on it.
 * Usage: npm test [-- --skip-e2e] [-- --only unit|e2e]
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { ensureSystem } from './lib/system.ts';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    'skip-e2e': { type: 'boolean', default: false },
  },
});

const log = (line: string) => process.stderr.write(`[test] ${line}\n`);

function step(name: string, command: string, args: string[]): boolean {
  log(`${name}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
  const ok = result.status === 0;
  log(`${name}: ${ok ? 'passed' : `failed (exit ${result.status ?? result.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return ok;
}

function run(): number {
  const missing = ensureSystem(['chromium', 'nginx', 'fastapi'], log);
  if (missing.length > 0) {
    log(`Cannot run every test without: ${missing.map((m) => m.name).join(', ')}.`);
    return 2;
  }
  const steps: [string, () => boolean][] = [
    ['typecheck', () => step('typecheck', 'astro', ['check', '--minimumSeverity', 'warning'])],
    ['unit and integration', () => step('unit and integration', 'vitest', ['run'])],
    ['build', () => step('build', 'npm', ['run', '--silent', 'build'])],
    ['end-to-end', () => step('end-to-end', 'playwright', ['test'])],
  ];
  const selected = steps.filter(([name]) => {
    if (values.only === 'unit') return name === 'unit and integration';
    if (values.only === 'e2e') return name === 'build' || name === 'end-to-end';
    return !(values['skip-e2e'] && name === 'end-to-end');
  });
  const failed = selected.filter(([, execute]) => !execute()).map(([name]) => name);
  if (failed.length > 0) {
    log(`FAILED: ${failed.join(', ')}`);
    return 1;
  }
  log('All tests passed.');
  return 0;
}

process.exitCode = run();
