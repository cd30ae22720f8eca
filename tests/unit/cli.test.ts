/**
 * The shared command runner of scripts/: parsing, generated help, exit codes, and the entry guard of a
 * real command run from a folder whose name a file URL has to encode.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  defineCommand,
  parseCommandArgs,
  renderHelp,
  runCommand,
  UsageError,
  wholeNumber,
  type CommandIO,
} from '../../scripts/lib/cli.ts';
import { copyProject, removeProjectCopy } from '../support/project-copy.ts';

class StoreDownError extends Error {
  override name = 'StoreDownError';
}

const greet = defineCommand({
  name: 'greet',
  summary: 'Greets someone, as often as asked.',
  positionals: { label: '[name]', description: 'whom to greet' },
  options: {
    times: { type: 'string', default: '1', value: 'N', description: 'how often' },
    shout: { type: 'boolean', default: false, description: 'in capitals' },
    polite: { type: 'boolean', default: true, description: 'without "please"' },
    tag: { type: 'string', multiple: true, value: 'tag', description: 'a tag to add', defaultText: 'none' },
  },
  allowNegative: true,
  exitCodes: { 0: 'greeted', 2: 'usage error', 3: 'the store is down' },
  notes: 'Example:\n  npm run greet -- Ada --times 2',
  errors: [{ type: StoreDownError, exitCode: 3 }],
  run({ values, positionals, log }) {
    const name = positionals[0] ?? 'world';
    if (name === 'store') throw new StoreDownError('the greeting store is down', { cause: new Error('ECONNREFUSED') });
    if (name === 'bug') throw new TypeError('x is not a function');
    const times = wholeNumber('times', values.times, { min: 1, max: 3 });
    for (let i = 0; i < times; i++) log(`${values.polite ? '' : 'please, '}hello ${name}`);
    // Three greetings are too many: a result the command reports with its own exit code.
    return times === 3 ? 1 : undefined;
  },
});

/** Runs `command` in memory: what it printed and its exit code. */
async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out = { stdout: '', stderr: '' };
  const io: CommandIO = {
    stdout: (text) => void (out.stdout += text),
    stderr: (text) => void (out.stderr += text),
    env,
  };
  const code = await runCommand(greet, argv, io);
  return { code, ...out };
}

describe('generated help', () => {
  it('lists the usage, summary, arguments, options with defaults, exit codes and notes', () => {
    expect(renderHelp(greet)).toMatchInlineSnapshot(`
      "Usage: npm run greet -- [name] [options]

      Greets someone, as often as asked.

      Arguments:
        [name]       whom to greet

      Options:
        --times <N>  how often (default: 1)
        --shout      in capitals
        --no-polite  without "please"
        --tag <tag>  a tag to add (repeatable; default: none)
        -h, --help   show this help
        --verbose    print the stack trace of an unexpected error (as DEBUG=1 does)

      Exit status: 0 greeted, 2 usage error, 3 the store is down.

      Example:
        npm run greet -- Ada --times 2
      "
    `);
  });

  it('--help prints it on stdout and exits 0 without running the command', async () => {
    const result = await run(['--help', 'store']);
    expect(result).toEqual({ code: 0, stdout: renderHelp(greet), stderr: '' });
  });
});

describe('exit codes', () => {
  it('runs the command: its return value is the exit code, nothing is 0', async () => {
    expect(await run(['Ada'])).toEqual({ code: 0, stdout: '', stderr: 'hello Ada\n' });
    expect((await run(['Ada', '--times', '3'])).code).toBe(1);
  });

  it('an unknown option is a usage error: exit 2, the reason, the usage line, a pointer to --help', async () => {
    const result = await run(['--loud']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toEqual([
      expect.stringMatching(/^greet: Unknown option '--loud'/),
      'Usage: npm run greet -- [name] [options]',
      'Run "npm run greet -- --help" for the options.',
      '',
    ]);
  });

  it.each([
    [['--times'], "Option '--times <value>' argument missing"],
    [['--times', 'often'], '--times takes a whole number, got "often"'],
    [['--times', '9'], '--times must be between 1 and 3, got 9'],
    [['--shout=yes'], "Option '--shout' does not take an argument"],
  ])('a bad value is a usage error too: %j', async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('Usage: npm run greet -- [name] [options]');
  });

  it('a typed error the command expects exits with its code, its message and cause, no stack', async () => {
    const result = await run(['store']);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('greet: the greeting store is down\n  cause: ECONNREFUSED\n');
  });

  it('any other error exits 2 with its message; the stack only with --verbose or DEBUG', async () => {
    const quiet = await run(['bug']);
    expect(quiet.code).toBe(2);
    expect(quiet.stderr).toBe(
      'greet: x is not a function\nRun again with --verbose (or DEBUG=1) for the stack trace.\n',
    );
    for (const result of [await run(['bug', '--verbose']), await run(['bug'], { DEBUG: '1' })]) {
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^greet: x is not a function\nTypeError: x is not a function\n\s+at /);
    }
  });

  it('a command with a log prefix prefixes every line it writes, errors as "failed:"', async () => {
    const prefixed = defineCommand({ ...greet, logPrefix: '[greet]', unexpectedExitCode: 1 });
    let stderr = '';
    const io: CommandIO = { stdout: () => {}, stderr: (text) => void (stderr += text), env: {} };
    expect(await runCommand(prefixed, ['bug'], io)).toBe(1);
    expect(stderr).toBe(
      '[greet] failed: x is not a function\n[greet] Run again with --verbose (or DEBUG=1) for the stack trace.\n',
    );
  });
});

describe('parsing', () => {
  it('types the values from the option table, with defaults and negations', () => {
    const { values, positionals } = parseCommandArgs(greet, ['Ada', '--no-polite', '--tag', 'a', '--tag=b']);
    expect(positionals).toEqual(['Ada']);
    expect(values).toEqual({ times: '1', shout: false, polite: false, tag: ['a', 'b'], help: false, verbose: false });
  });

  it('refuses positionals when the command declares none', () => {
    expect(() => parseCommandArgs({ options: {} }, ['extra'])).toThrow(UsageError);
  });

  it('with forwardUnknown, hands what it does not know to the program it runs, in order', () => {
    const wrapper = { options: { strict: { type: 'boolean', description: 'strict' } }, forwardUnknown: true } as const;
    const parsed = parseCommandArgs(wrapper, ['--config', 'x.mjs', '--strict', '--', '--site=y']);
    expect(parsed.values.strict).toBe(true);
    expect(parsed.forwarded).toEqual(['--config', 'x.mjs', '--site=y']);
  });
});

describe('entry guard', () => {
  // A space and a percent sign: a file URL encodes both, so comparing it with process.argv[1] fails.
  const project = copyProject('paritybook cli 100% ');
  afterAll(() => removeProjectCopy(project));
  const node = (script: string, args: string[]) =>
    spawnSync(process.execPath, [path.join(project, 'scripts', script), ...args], {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, PARITYBOOK_CONTENT_DIR: '', PARITYBOOK_TODAY: '2026-11-27', GITHUB_ACTIONS: '' },
    });

  it('runs a real command from a folder whose name has a space and a percent sign', () => {
    expect(project).toContain(' 100% ');
    const check = node('check.ts', []);
    expect(check.stderr).toMatch(/^Checked \d+ files in /);
    expect(check.stdout).toContain('No problems');
    expect(check.status).toBe(0);
    const bad = node('check.ts', ['--bogus']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("check: Unknown option '--bogus'");
  });

  it('does not run a command that another module imports', () => {
    const url = pathToFileURL(path.join(project, 'scripts', 'check.ts')).href;
    const imported = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { checkCommand } = await import(${JSON.stringify(url)}); console.log(checkCommand.name);`,
      ],
      { cwd: project, encoding: 'utf8' },
    );
    expect(imported).toMatchObject({ status: 0, stdout: 'check\n', stderr: '' });
  });
});
