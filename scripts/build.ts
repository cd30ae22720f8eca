/**
 * Atomic build: parity snapshot (when the snapshot command exists), `astro build` into a fresh
 * folder next to dist/, the search index and delivery files once Astro's process has exited (so their
 * memory does not add to Astro's), then a swap by rename. dist/ is either the previous complete build or
 * the new complete one, never a half-written mix; a failed build leaves it untouched.
 *
 * One build at a time per project (a lock file beside dist/). A build killed between the two
 * renames of the swap leaves dist/ missing and the previous build in .dist-prev-<pid>; the next
 * build puts that back before anything else.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { FINISH_PLAN_ENV } from '../src/deferred.ts';
import { finishBuild } from '../src/finish.ts';
import { explainFsError } from '../src/lib/fs-errors.ts';
import { acquireLock, isRunning, LockHeldError, type Lock } from '../src/lib/process-lock.ts';
import { defineCommand, runMain, UsageError } from './lib/cli.ts';

const root = process.cwd();
const dist = path.join(root, 'dist');
/** Held while a build runs; beside dist/, so taking it also proves the build can write there. */
const LOCK_FILE = path.join(root, '.dist.lock');
/** Files every finished build has; sw.js is the last one it writes. */
const COMPLETE_BUILD = ['index.html', '_headers', 'sw.js'];
const log = (line: string) => process.stderr.write(`[build] ${line}\n`);

export class BuildError extends Error {
  override name = 'BuildError';
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', ...env },
  });
  if (result.error) throw new BuildError(`could not start ${command}`, { cause: result.error });
  return result.status ?? 1;
}

/** Exit codes of scripts/snapshot.ts: 0 no drift, 1 drift found, 2 an environment could not be read. */
function snapshot(strict: boolean, previous: string | undefined): void {
  const script = path.join(root, 'scripts', 'snapshot.ts');
  if (!existsSync(script)) {
    log('parity snapshot: scripts/snapshot.ts not present, skipped');
    return;
  }
  const args = [...(strict ? ['--strict'] : []), ...(previous ? ['--previous', previous] : [])];
  log(`parity snapshot: node scripts/snapshot.ts ${args.join(' ')}`.trim());
  const code = run(process.execPath, [script, ...args]);
  if (code === 0) log('parity snapshot: no unexpected drift');
  else if (code === 1) log('parity snapshot: drift found (shown on the service pages); building on');
  else if (strict) throw new BuildError(`parity snapshot failed (exit ${code}) and --strict was given`);
  else
    log(
      `parity snapshot: failed (exit ${code}); the pages show the last good snapshot. Building on (use --strict to stop here)`,
    );
}

async function previousBuildTime(): Promise<string | undefined> {
  const info = await stat(dist).catch(() => undefined);
  return info?.isDirectory() ? info.mtime.toISOString() : undefined;
}

/**
 * When dist/ is missing, a build was killed between the two renames of its swap: the newest
 * complete .dist-prev-<pid> is the last good build. Puts it back and returns its folder name.
 */
export async function restoreMissingDist(target: string): Promise<string | undefined> {
  if (existsSync(target)) return undefined;
  const folder = path.dirname(target);
  const candidates: { name: string; mtimeMs: number }[] = [];
  for (const name of await readdir(folder)) {
    if (!/^\.dist-prev-\d+$/.test(name)) continue;
    if (!COMPLETE_BUILD.every((file) => existsSync(path.join(folder, name, file)))) continue;
    candidates.push({ name, mtimeMs: (await stat(path.join(folder, name))).mtimeMs });
  }
  const newest = candidates.sort((a, b) => b.mtimeMs - a.mtimeMs)[0];
  if (!newest) return undefined;
  await rename(path.join(folder, newest.name), target);
  return newest.name;
}

/** Leftovers of builds that were killed (power cut, Ctrl-C during the swap), and previous builds not yet removed. */
async function removeLeftovers(): Promise<void> {
  for (const name of await readdir(root)) {
    if (/^\.dist-old-\d+$/.test(name)) removeInBackground(path.join(root, name));
    else if (/^\.dist-(?:next|prev|plan)-\d+$/.test(name)) {
      const pid = Number(name.split('-').at(-1));
      if (pid !== process.pid && !isRunning(pid)) await rm(path.join(root, name), { recursive: true, force: true });
    }
  }
}

/** Takes the build lock, or says why not and returns the exit code. */
async function lockBuild(): Promise<Lock | number> {
  try {
    const lock = await acquireLock(LOCK_FILE);
    const previous = lock.tookOverFrom;
    if (previous)
      log(
        `took over the lock of build pid ${previous.pid || '?'}${previous.since ? ` (started ${previous.since})` : ''}, which no longer runs`,
      );
    return lock;
  } catch (error) {
    if (error instanceof LockHeldError) {
      const { pid, since } = error.holder;
      log(
        `another build (pid ${pid}, started ${since ?? 'at an unknown time'}) is running in ${root}; ` +
          `wait for it to finish, or stop it with "kill ${pid}"`,
      );
      return 2;
    }
    const explained = explainFsError(error);
    if (!explained) throw error;
    log(
      `cannot write in ${root}: ${explained}. The build writes the new site beside dist/ and swaps it in, ` +
        'so this folder must be writable.',
    );
    return 1;
  }
}

/**
 * Swap `next` into dist/: two renames on one file system; dist/ is never a partial tree. The previous build is
 * renamed once more, out of the way of a restore (restoreMissingDist), and removed by a process of its own: at
 * thousands of notes removing it takes seconds, which nobody needs to wait for. `removed()` waits until it is gone;
 * a removal that was cut short is finished by the next build (removeLeftovers).
 */
export async function swapIn(next: string, target: string): Promise<{ removed: () => Promise<void> }> {
  const folder = path.dirname(target);
  const previous = path.join(folder, `.dist-prev-${process.pid}`);
  const hadPrevious = existsSync(target);
  if (hadPrevious) await rename(target, previous);
  try {
    await rename(next, target);
  } catch (error) {
    if (hadPrevious) await rename(previous, target);
    throw new BuildError('could not move the new build into dist/; the previous build is back in place', {
      cause: error,
    });
  }
  if (!hadPrevious) return { removed: () => Promise.resolve() };
  const old = path.join(folder, `.dist-old-${process.pid}`);
  await rename(previous, old);
  return { removed: removeInBackground(old) };
}

/**
 * Removes a folder in a detached process that outlives this one. The returned function waits for that process to
 * end (and keeps this one running until it has).
 */
function removeInBackground(folder: string): () => Promise<void> {
  const remover = spawn(
    process.execPath,
    ['-e', 'require("node:fs").rmSync(process.argv[1], { recursive: true, force: true })', folder],
    { detached: true, stdio: 'ignore' },
  );
  remover.unref();
  const ended = new Promise<void>((resolve) => {
    remover.once('error', () => resolve());
    remover.once('exit', () => resolve());
  });
  return () => {
    if (remover.exitCode === null && remover.signalCode === null) remover.ref();
    return ended;
  };
}

interface BuildOptions {
  strict: boolean;
  skipSnapshot: boolean;
  /** The last deploy, a folder or the live site's URL: its published parity history (`--previous`). */
  previous?: string;
  astroArgs: string[];
}

async function build({ strict, skipSnapshot, previous: previousDeploy, astroArgs }: BuildOptions): Promise<number> {
  const started = Date.now();
  const lock = await lockBuild();
  if (typeof lock === 'number') return lock;
  const next = path.join(root, `.dist-next-${process.pid}`);
  // The search index and the delivery files are planned here while Astro runs and written once its process has
  // exited (src/finish.ts). Beside the build rather than in the system's temporary folder, so the next build
  // sweeps it up with the rest when this one is killed.
  const plan = path.join(root, `.dist-plan-${process.pid}`);
  const cleanUp = () => Promise.all([next, plan].map((folder) => rm(folder, { recursive: true, force: true })));
  const onSignal = (signal: NodeJS.Signals) => {
    void cleanUp()
      .then(() => lock.release())
      .finally(() => process.kill(process.pid, signal));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let previous: string | undefined;
  try {
    const restored = await restoreMissingDist(dist);
    if (restored)
      log(`dist/ was missing: restored the previous build from ${restored} (a build was stopped during its swap)`);
    previous = await previousBuildTime();
    await removeLeftovers();
    if (!previousDeploy)
      log('no --previous deploy given: parity "since" and "new" come from the local snapshot store only');
    if (!skipSnapshot) snapshot(strict, previousDeploy);
    // A folder is read before the swap replaces it: the previous build may be the dist/ being replaced.
    const previousForAstro =
      previousDeploy && !/^https?:/i.test(previousDeploy) ? path.resolve(root, previousDeploy) : previousDeploy;
    log(`astro build --outDir ${path.relative(root, next)} ${astroArgs.join(' ')}`.trim());
    const astro = path.join(root, 'node_modules', '.bin', 'astro');
    await rm(plan, { recursive: true, force: true }); // left by an earlier build that had the same pid
    await mkdir(plan);
    const code = run(existsSync(astro) ? astro : 'astro', ['build', '--outDir', next, ...astroArgs], {
      [FINISH_PLAN_ENV]: plan,
      ...(previousForAstro ? { PARITYBOOK_PREVIOUS: previousForAstro } : {}),
    });
    if (code !== 0) throw new BuildError(`astro build exited with ${code}`);
    if (!existsSync(path.join(next, 'index.html'))) throw new BuildError('astro build finished without an index.html');
    await finishBuild(plan, next, { info: (line) => log(line), warn: (line) => log(`warning: ${line}`) });
    await swapIn(next, dist);
  } catch (error) {
    await cleanUp();
    const message = error instanceof Error ? error.message : String(error);
    const explained = explainFsError(error) ?? (error instanceof Error ? explainFsError(error.cause) : undefined);
    log(explained ? `${message}: ${explained}` : message);
    log(
      previous
        ? `Build failed; dist/ still holds the previous build from ${previous}`
        : 'Build failed; there is no previous build in dist/',
    );
    return 1;
  } finally {
    await rm(plan, { recursive: true, force: true });
    await lock.release();
  }
  log(`dist/ now holds the new build (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return 0;
}

export const buildCommand = defineCommand({
  name: 'build',
  usage: '[options] [astro build options]',
  summary: 'Builds the site into a temporary folder and swaps it into dist/ only when the build succeeded.',
  options: {
    strict: {
      type: 'boolean',
      default: false,
      description: 'fail the build when the parity snapshot cannot reach an environment',
    },
    'skip-snapshot': { type: 'boolean', default: false, description: 'do not run scripts/snapshot.ts first' },
    previous: {
      type: 'string',
      value: 'dir|url',
      description:
        'the last deploy (its folder or the live site): its published parity history\nkeeps "since" and "new" across fresh clones',
    },
  },
  forwardUnknown: true,
  notes: `Any other option, and --verbose, is passed to "astro build"; not --outDir: the output is
always dist/.`,
  exitCodes: { 0: 'built', 1: 'the build failed', 2: 'usage error, or another build is running' },
  unexpectedExitCode: 1,
  logPrefix: '[build]',
  run({ values, forwarded }) {
    const outDir = forwarded.find((arg) => arg === '--outDir' || arg.startsWith('--outDir='));
    if (outDir)
      throw new UsageError(
        '--outDir is not supported: the build always ends in dist/ (it is built next to it and swapped in).',
      );
    return build({
      strict: values.strict,
      skipSnapshot: values['skip-snapshot'],
      previous: values.previous,
      astroArgs: [...forwarded, ...(values.verbose ? ['--verbose'] : [])],
    });
  },
});

if (import.meta.main) await runMain(buildCommand);
