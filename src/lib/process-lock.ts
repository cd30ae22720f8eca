/**
 * Whether a process still runs, and locks that belong to a running process: a file created
 * exclusively beside what it protects, naming its holder by pid and start time. A lock whose
 * holder no longer runs (killed, machine restarted, pid reused by another program) is taken over,
 * and the new holder learns whose it was, so it can say so.
 *
 * Not `proper-lockfile`: its locks go stale by age unless the holder touches them every few
 * seconds, and a build spends minutes in a synchronous child process that would let its lock
 * expire while it still runs.
 */
import { readFileSync } from 'node:fs';
import { link, readFile, rm, writeFile } from 'node:fs/promises';

/** Who holds a lock. */
export interface LockHolder {
  pid: number;
  /** Start of the process in clock ticks since boot (Linux /proc), telling a reused pid apart. */
  startTicks?: number;
  /** When the lock was taken (ISO 8601). */
  since?: string;
}

/** State and start time of a process from /proc; `null` when there is no such process, `undefined` without /proc. */
function procStat(pid: number): { state: string; startTicks: number } | null | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    try {
      readFileSync('/proc/self/stat');
      return null;
    } catch {
      return undefined;
    }
  }
  // The command name (field 2) is in parentheses and may hold spaces; fields 3 onwards follow it.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0], startTicks: Number(fields[19]) };
}

/**
 * Whether `pid` is a running process, and the same one that started at `startTicks` when given.
 * A zombie (killed, not yet reaped by its parent) does not run.
 */
export function isRunning(pid: number, startTicks?: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  const proc = procStat(pid);
  if (proc === null) return false;
  if (proc)
    return proc.state !== 'Z' && proc.state !== 'X' && (startTicks === undefined || proc.startTicks === startTicks);
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** This process, as a lock names it. */
export function thisProcess(): LockHolder {
  return { pid: process.pid, startTicks: procStat(process.pid)?.startTicks, since: new Date().toISOString() };
}

/** Reads a lock file: JSON written by `acquireLock`, or a bare pid as older versions wrote. */
function parseHolder(text: string): LockHolder | undefined {
  if (/^\s*\d+\s*$/.test(text)) return { pid: Number(text) };
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    return Number.isInteger(parsed.pid) ? (parsed as LockHolder) : undefined;
  } catch {
    return undefined;
  }
}

/** The lock is held by a process that still runs. */
export class LockHeldError extends Error {
  override name = 'LockHeldError';
  readonly file: string;
  readonly holder: LockHolder;
  constructor(file: string, holder: LockHolder) {
    super(`${file} is held by pid ${holder.pid}${holder.since ? ` since ${holder.since}` : ''}`);
    this.file = file;
    this.holder = holder;
  }
}

export interface Lock {
  /** The holder of a lock left behind by a process that no longer runs, taken over by this one. */
  tookOverFrom?: LockHolder;
  /** Removes the lock, if it is still this process's. */
  release(): Promise<void>;
}

/**
 * Creates `file` with `text` only if it does not exist, never leaving it partly written: the
 * text goes to a file of its own first, which is then hard-linked to `file` (link fails when
 * `file` exists, atomically, also on network file systems).
 */
async function createExclusive(file: string, text: string): Promise<boolean> {
  const draft = `${file}.${process.pid}.draft`;
  await writeFile(draft, text);
  try {
    await link(draft, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(draft, { force: true });
  }
}

const readIfThere = (file: string) =>
  readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });

/**
 * Takes the lock `file` for this process. Throws `LockHeldError` when a running process holds it,
 * and the file-system error (with its code and path) when the folder cannot be written.
 */
export async function acquireLock(file: string): Promise<Lock> {
  const text = `${JSON.stringify(thisProcess())}\n`;
  let tookOverFrom: LockHolder | undefined;
  let holder: LockHolder = { pid: 0 };
  // A few rounds: each lost one means another process took or dropped the lock in between.
  for (let round = 0; round < 3; round++) {
    if (await createExclusive(file, text)) {
      return {
        tookOverFrom,
        release: async () => {
          if ((await readIfThere(file)) === text) await rm(file, { force: true });
        },
      };
    }
    const found = await readIfThere(file);
    if (found === undefined) continue;
    holder = parseHolder(found) ?? { pid: 0 };
    if (isRunning(holder.pid, holder.startTicks)) throw new LockHeldError(file, holder);
    // Left by a process that no longer runs: remove it, unless another process replaced it meanwhile.
    if ((await readIfThere(file)) === found) await rm(file, { force: true });
    tookOverFrom = holder;
  }
  throw new LockHeldError(file, holder);
}
