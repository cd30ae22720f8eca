/** The real snapshot command, spawned: argument handling, exit codes, stdout/stderr split. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contractJsonText } from '../../src/parity/contract.ts';
import { storeArgs } from '../support/parity.ts';
import { scratchDir } from '../support/scratch.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, ['scripts/snapshot.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function contentWith(serviceYaml: string): string {
  const dir = scratchDir('paritybook-cli-');
  mkdirSync(path.join(dir, 'content', 'services'), { recursive: true });
  mkdirSync(path.join(dir, 'content', 'teams'), { recursive: true });
  writeFileSync(
    path.join(dir, 'content', 'teams', 'payments.yaml'),
    'id: payments\nname: Payments\ncontact: { chat: "#payments" }\n',
  );
  writeFileSync(path.join(dir, 'content', 'services', 'down-api.yaml'), serviceYaml);
  return dir;
}

// Port 9 (discard) on loopback: nothing listens there in a test environment.
const DOWN = `id: down-api
name: Down API
owner: payments
environments:
  staging: { url: "http://127.0.0.1:9" }
  production: { url: "http://127.0.0.1:9" }
probe: { probes: [health, parity], timeoutMs: 1000 }
`;

describe('npm run snapshot', () => {
  it('prints a help that fits a screen', () => {
    const { code, stdout } = run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('--strict');
    expect(stdout.split('\n').length).toBeLessThan(25);
  });

  it('exits 2 on an unknown flag, with the help on stderr', () => {
    const { code, stdout, stderr } = run(['--bogus']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain("Unknown option '--bogus'");
  });

  it('exits 2 on an unknown service and names the known ones', () => {
    const dir = contentWith(DOWN);
    const { code, stderr } = run([...storeArgs(dir), '--service', 'nope']);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown service "nope"; known: down-api');
  });

  it('exits 2 on a bad service file, naming file, line and field', () => {
    const dir = contentWith(DOWN.replace('http://127.0.0.1:9" }\n  production', 'ftp://x" }\n  production'));
    const { code, stderr } = run(storeArgs(dir));
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /content\/services\/down-api\.yaml:5 environments\.staging\.url: found "ftp:\/\/x"; expected use an absolute http:\/\/ or https:\/\/ URL/,
    );
  });

  it('exits 1 when an environment is down, 2 with --strict, and reports JSON on stdout', () => {
    const dir = contentWith(DOWN);
    const args = [...storeArgs(dir), '--demo', 'none', '--json'];
    const lenient = run(args);
    expect(lenient.code).toBe(1);
    const report = JSON.parse(lenient.stdout);
    expect(report.services[0].id).toBe('down-api');
    expect(
      report.services[0].drift.map(
        (e: { path: string; class: string; severity: string }) => `${e.severity} ${e.class} ${e.path}`,
      ),
    ).toEqual(['critical probe-failed health', 'warning probe-failed health']);
    expect(report.services[0].errors[0]).toMatchObject({
      environment: 'staging',
      probe: 'health',
      code: 'unreachable',
    });
    expect(lenient.stderr).toContain('down-api staging: DOWN');
    const strict = run([...args, '--strict']);
    expect(strict.code).toBe(2);
    // The store keeps the failed attempt with its reason.
    const attempt = JSON.parse(
      readFileSync(path.join(dir, 'store', 'down-api', 'production', 'last-attempt.json'), 'utf8'),
    );
    expect(attempt.probes.health).toMatchObject({ ok: false, code: 'unreachable' });
  });

  it('honours PARITYBOOK_SNAPSHOT_DIR', () => {
    const dir = contentWith(DOWN);
    run(['--content', path.join(dir, 'content'), '--demo', 'none'], {
      PARITYBOOK_SNAPSHOT_DIR: path.join(dir, 'elsewhere'),
    });
    expect(readFileSync(path.join(dir, 'elsewhere', 'down-api', 'staging', 'last-attempt.json'), 'utf8')).toContain(
      '"unreachable"',
    );
  });
});

describe('contract JSON Schema', () => {
  it('examples/parity.schema.json is generated from the zod schema (run node scripts/parity-schema.ts)', () => {
    expect(readFileSync(path.join(ROOT, 'examples', 'parity.schema.json'), 'utf8')).toBe(contractJsonText());
  });
});
