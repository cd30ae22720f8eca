/**
 * The one way a command in scripts/ starts: typed options (node:util parseArgs, strict), a `--help`
 * generated from the same option table, and one place that turns an error into an exit code.
 *
 * ```ts
 * export const hello = defineCommand({
 *   name: 'hello',
 *   summary: 'Greets someone.',
 *   options: { name: { type: 'string', default: 'world', value: 'who', description: 'whom to greet' } },
 *   run({ values }) {
 *     process.stdout.write(`hello ${values.name}\n`);
 *   },
 * });
 * if (import.meta.main) await runMain(hello);
 * ```
 *
 * `import.meta.main` (Node ≥ 24.2) is the one entry guard: true only when node runs the file itself,
 * whatever its path holds, while tests and other scripts import the command without running it.
 * Comparing `import.meta.url` with `file://${process.argv[1]}` fails for a path with a space or a
 * `%`, which the URL encodes.
 *
 * Exit codes: what `run()` returns (nothing is 0); 2 for a {@link UsageError} (a bad or missing
 * argument), with its message, the usage line and a pointer to `--help`; the code a command declares for
 * each typed error it expects, with the message and no stack trace; `unexpectedExitCode` (2 unless
 * the command says otherwise) for anything else, with the stack only under `--verbose` or `DEBUG`.
 */
import { inspect, parseArgs, type ParseArgsOptionDescriptor } from 'node:util';

/** A bad or missing argument: exit 2, with the message, the usage line and a pointer to `--help`. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** One option: its parseArgs descriptor and what `--help` says about it. */
export interface OptionSpec extends ParseArgsOptionDescriptor {
  /** What it does, for `--help`; "\n" starts a continuation line under the first. */
  description: string;
  /** Name of a string option's value in `--help`: `value: 'dir'` shows `--out <dir>`. */
  value?: string;
  /** Shown as "(default: …)" when the default is worked out at run time rather than given as `default`. */
  defaultText?: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

/** Options every command takes. */
const BUILT_IN = {
  help: { type: 'boolean', short: 'h', default: false, description: 'show this help' },
  verbose: {
    type: 'boolean',
    default: false,
    description: 'print the stack trace of an unexpected error (as DEBUG=1 does)',
  },
} as const satisfies OptionSpecs;

/** The `--content` option of every command that reads the knowledge base; resolve it with resolveContentDir(). */
export const contentOption = {
  type: 'string',
  value: 'dir',
  description: 'content folder',
  defaultText: '$PARITYBOOK_CONTENT_DIR, package.json "paritybook.contentDir", or content',
} as const satisfies OptionSpec;

type ParseConfig<O extends OptionSpecs> = {
  options: O & typeof BUILT_IN;
  strict: true;
  allowPositionals: true;
};

/** The parsed options of a command, typed from its option table as parseArgs types them. */
export type OptionValues<O extends OptionSpecs> = ReturnType<typeof parseArgs<ParseConfig<O>>>['values'];

/** A typed error a command expects, and the exit code it stands for. */
export interface ExpectedError {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any error class, whatever its constructor takes
  type: abstract new (...args: any[]) => Error;
  exitCode: number;
}

export interface CommandContext<O extends OptionSpecs> {
  values: OptionValues<O>;
  positionals: string[];
  /** With `forwardUnknown`: the arguments the command does not know, in their order, for the program it runs. */
  forwarded: string[];
  /** Progress on stderr, with the command's `logPrefix` and `redact`. */
  log: (line: string) => void;
}

export interface CommandSpec<O extends OptionSpecs> {
  /** What messages call the command: "check" prints `check: …`. */
  name: string;
  /** What it does, for `--help`: a sentence or a short paragraph (lines up to 100 characters). */
  summary: string;
  /** How a person runs it (default: `npm run <name> --`); `--help` and the pointer to it start with this. */
  invocation?: string;
  /** The arguments part of the usage line (default: the positionals' label, then `[options]`). */
  usage?: string;
  options: O;
  /** Positional arguments, when the command takes any; the command checks their number itself. */
  positionals?: { label: string; description: string };
  /** Accept `--no-<name>` for boolean options; one that defaults to true shows as `--no-<name>` in `--help`. */
  allowNegative?: boolean;
  /** Pass options the command does not know (and positionals) to `run()` as `forwarded` instead of refusing them. */
  forwardUnknown?: boolean;
  /** Exit codes and their meaning, listed in `--help`. */
  exitCodes?: Record<number, string>;
  /** More for `--help`, after the options. */
  notes?: string;
  /** Typed errors the command expects, first match wins: their message, no stack, their exit code. */
  errors?: readonly ExpectedError[];
  /** Exit code of an error the command does not expect (default 2). */
  unexpectedExitCode?: number;
  /** Start of the command's progress lines, like "[build]"; without it, progress lines are bare and errors read "<name>: …". */
  logPrefix?: string;
  /** Applied to every line the runner writes to stderr, such as a redaction of secrets. */
  redact?: (text: string) => string;
  /** The work; returns the exit code (nothing is 0). */
  run(context: CommandContext<O>): Promise<number | void> | number | void;
}

/** Gives a command its types; returns it unchanged. */
export function defineCommand<O extends OptionSpecs>(command: CommandSpec<O>): CommandSpec<O> {
  return command;
}

/** Where the runner writes, and the environment it reads (DEBUG); tests pass their own. */
export interface CommandIO {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
}

const processIO: CommandIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
};

type ParsedArgs<O extends OptionSpecs> = Pick<CommandContext<O>, 'values' | 'positionals' | 'forwarded'>;
type ParserSpec<O extends OptionSpecs> = Pick<
  CommandSpec<O>,
  'options' | 'positionals' | 'allowNegative' | 'forwardUnknown'
>;

/** Parses `argv` as `command` takes it (strictly; help and verbose included); throws a UsageError. */
export function parseCommandArgs<O extends OptionSpecs>(
  command: ParserSpec<O>,
  argv: readonly string[],
): ParsedArgs<O> {
  const options = { ...command.options, ...BUILT_IN };
  let known = argv;
  const forwarded: string[] = [];
  if (command.forwardUnknown) {
    // A lenient pass only to tell which arguments are this command's; those are then parsed strictly.
    const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
    const mine = new Set<number>();
    for (const token of tokens) {
      if (token.kind !== 'option' || !Object.hasOwn(options, token.name)) continue;
      mine.add(token.index);
      if (token.value !== undefined && !token.inlineValue) mine.add(token.index + 1);
    }
    const terminator = tokens.find((token) => token.kind === 'option-terminator')?.index;
    known = argv.filter((_, index) => mine.has(index));
    forwarded.push(...argv.filter((_, index) => !mine.has(index) && index !== terminator));
  }
  try {
    const { values, positionals } = parseArgs({
      args: [...known],
      options,
      strict: true,
      allowPositionals: command.positionals !== undefined,
      allowNegative: command.allowNegative,
    });
    return { values: values as OptionValues<O>, positionals, forwarded };
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
}

/**
 * The whole number an option gives, within bounds, or a UsageError naming the option:
 * `wholeNumber('runs', '3', { min: 1, max: 50 })`.
 */
export function wholeNumber(name: string, text: string, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`--${name} takes a whole number, got "${text}"`);
  const value = Number(text);
  if (value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `between ${min} and ${max}`;
    throw new UsageError(`--${name} must be ${range}, got ${value}`);
  }
  return value;
}

const DEFAULT_EXIT = 2;
/** Columns of `--help`: option descriptions and the exit codes wrap to fit. */
const HELP_WIDTH = 100;

const invocationOf = (command: { name: string; invocation?: string }) =>
  command.invocation ?? `npm run ${command.name} --`;

/** The first line of `--help`, also printed under a usage error: `Usage: npm run check -- [options]`. */
export function usageLine(command: Pick<CommandSpec<OptionSpecs>, 'name' | 'invocation' | 'usage' | 'positionals'>) {
  const usage = command.usage ?? [command.positionals?.label, '[options]'].filter(Boolean).join(' ');
  return `Usage: ${invocationOf(command)} ${usage}`;
}

/** The `--help` text: usage line, summary, options with their defaults, exit codes, notes. */
export function renderHelp<O extends OptionSpecs>(command: CommandSpec<O>): string {
  const lines = [usageLine(command), '', command.summary, ''];
  const options: [string, string][] = Object.entries({ ...command.options, ...BUILT_IN } as OptionSpecs).map(
    ([name, option]) => {
      const negated = command.allowNegative && option.type === 'boolean' && option.default === true;
      const flag = `${option.short ? `-${option.short}, ` : ''}${negated ? '--no-' : '--'}${name}`;
      const label = option.type === 'string' ? `${flag} <${option.value ?? 'value'}>` : flag;
      const fallback = option.defaultText ?? (typeof option.default === 'string' ? option.default : '');
      const extras = [option.multiple && 'repeatable', fallback && `default: ${fallback}`].filter(Boolean);
      return [label, extras.length ? `${option.description} (${extras.join('; ')})` : option.description];
    },
  );
  const args: [string, string][] = command.positionals
    ? [[command.positionals.label, command.positionals.description]]
    : [];
  // One column for every label, so a long one does not push the others out of line.
  const width = Math.min(Math.max(...[...args, ...options].map(([label]) => label.length)), 24);
  const table = (rows: [string, string][]) =>
    rows.flatMap(([label, description]) => {
      const [first, ...rest] = description.split('\n').flatMap((line) => wrap(line, HELP_WIDTH - width - 4));
      return [`  ${label.padEnd(width)}  ${first}`, ...rest.map((line) => `${' '.repeat(width + 4)}${line}`)];
    });
  if (args.length) lines.push('Arguments:', ...table(args), '');
  lines.push('Options:', ...table(options));
  if (command.exitCodes) {
    const codes = Object.entries(command.exitCodes).map(([code, meaning]) => `${code} ${meaning}`);
    lines.push('', ...wrap(`Exit status: ${codes.join(', ')}.`, HELP_WIDTH));
  }
  if (command.notes) lines.push('', command.notes);
  return `${lines.join('\n')}\n`;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

/**
 * Runs `command` on `argv` and returns its exit code; never throws. Help goes to stdout, errors to
 * stderr as the module comment describes.
 */
export async function runCommand<O extends OptionSpecs>(
  command: CommandSpec<O>,
  argv: readonly string[] = process.argv.slice(2),
  io: CommandIO = processIO,
): Promise<number> {
  const redact = command.redact ?? ((text: string) => text);
  const prefix = command.logPrefix ? `${command.logPrefix} ` : '';
  const log = (line: string) => io.stderr(`${prefix}${redact(line)}\n`);
  /** An error's lines: "[x] failed: …" for commands with a log prefix, "x: …" for the others. */
  const report = (lines: string[], failed: boolean) => {
    const [first, ...rest] = lines;
    log(command.logPrefix ? `${failed ? 'failed: ' : ''}${first}` : `${command.name}: ${first}`);
    for (const line of rest) log(line);
  };
  let verbose = Boolean(io.env.DEBUG);
  try {
    const parsed = parseCommandArgs(command, argv);
    const builtIn = parsed.values as OptionValues<typeof BUILT_IN>;
    verbose ||= builtIn.verbose;
    if (builtIn.help) {
      io.stdout(renderHelp(command));
      return 0;
    }
    return (await command.run({ ...parsed, log })) ?? 0;
  } catch (error) {
    if (error instanceof UsageError) {
      report([error.message, usageLine(command), `Run "${invocationOf(command)} --help" for the options.`], false);
      return 2;
    }
    const expected = command.errors?.find((entry) => error instanceof entry.type);
    const lines = [error instanceof Error ? error.message : String(error), ...causesOf(error)];
    if (expected) {
      report(lines, true);
      return expected.exitCode;
    }
    report(
      verbose ? [...lines, inspect(error)] : [...lines, 'Run again with --verbose (or DEBUG=1) for the stack trace.'],
      true,
    );
    return command.unexpectedExitCode ?? DEFAULT_EXIT;
  }
}

/** "  cause: …" lines for the causes whose message the error's own message does not already carry. */
function causesOf(error: unknown): string[] {
  const lines: string[] = [];
  let said = error instanceof Error ? error.message : String(error);
  let cause = error instanceof Error ? error.cause : undefined;
  for (let depth = 0; cause instanceof Error && depth < 3; depth++, cause = cause.cause) {
    if (said.includes(cause.message)) continue;
    lines.push(`  cause: ${cause.message}`);
    said += cause.message;
  }
  return lines;
}

/** Runs `command` on this process's arguments and sets its exit code: the end of every script in scripts/. */
export async function runMain<O extends OptionSpecs>(command: CommandSpec<O>): Promise<void> {
  process.exitCode = await runCommand(command);
}
