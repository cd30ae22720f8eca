/**
 * The snapshot store, one folder per service and environment:
 *   <store>/<service>/<env>/latest.json        last good snapshot (the environment answered)
 *   <store>/<service>/<env>/last-attempt.json  latest attempt, good or not
 *   <store>/<service>/<env>/history/<time>.json every attempt, the newest HISTORY_KEEP kept
 * Writes go to a temporary file first and are renamed, so a reader never sees half a file.
 * Recorded demo snapshots (same layout, latest.json only) stand in when the store has none.
 */
import { copyFile, link, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { replaceAtomically, writeAtomically } from '../lib/atomic.ts';
import { snapshotSchema, type EnvironmentName, type Snapshot } from '../schemas/snapshot.ts';
import { redact } from './redact.ts';
import { fromRecords, serviceHistorySchema, type ServiceHistory } from './history.ts';

export const HISTORY_KEEP = 60;
export const DEFAULT_STORE = '.paritybook/snapshots';
export const DEFAULT_DEMO = 'content/.parity-demo';

/** Store folder: the flag, else PARITYBOOK_SNAPSHOT_DIR, else `.paritybook/snapshots`. */
export function resolveStoreDir(root: string, flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(root, flag ?? env.PARITYBOOK_SNAPSHOT_DIR ?? DEFAULT_STORE);
}

const SAFE = /^[a-z0-9][a-z0-9-]*$/;
function folder(store: string, service: string, environment: EnvironmentName): string {
  // Service ids are validated by the schema; checked again because they become paths.
  if (!SAFE.test(service)) throw new Error(`unsafe service id for a path: ${JSON.stringify(service)}`);
  return path.join(store, service, environment);
}

const fileTime = (iso: string) => iso.replace(/[:.]/g, '-');

/** A snapshot is good when the environment answered: its health probe (or, without one, any probe) succeeded. */
export function isGood(snapshot: Snapshot): boolean {
  const outcomes = Object.entries(snapshot.probes);
  const health = snapshot.probes.health;
  if (health) return health.ok;
  return outcomes.some(([, o]) => o?.ok);
}

export async function saveAttempt(store: string, snapshot: Snapshot): Promise<void> {
  const dir = folder(store, snapshot.service, snapshot.environment);
  const historyDir = path.join(dir, 'history');
  // Redacted once more at the last moment: whatever the caller did, no secret reaches the disk.
  const text = `${JSON.stringify(redact(snapshot), null, 2)}\n`;
  const historyFile = path.join(historyDir, `${fileTime(snapshot.takenAt)}.json`);
  await writeAtomically(historyFile, text);
  // The other two names are hard links to the history file: same bytes, no second write.
  await relink(historyFile, path.join(dir, 'last-attempt.json'));
  if (isGood(snapshot)) await relink(historyFile, path.join(dir, 'latest.json'));
  await pruneHistory(historyDir);
}

/** Points `name` at `target` atomically (link to a temporary name, then rename over). */
async function relink(target: string, name: string): Promise<void> {
  await replaceAtomically(name, async (temporary) => {
    try {
      await link(target, temporary);
    } catch {
      // File systems without hard links get a copy.
      await copyFile(target, temporary);
    }
  });
}

async function pruneHistory(dir: string): Promise<void> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  await Promise.all(
    files.slice(0, Math.max(0, files.length - HISTORY_KEEP)).map((f) => rm(path.join(dir, f), { force: true })),
  );
}

/** Reads and validates one snapshot file; a missing file is null, a corrupt one an error with the file name. */
export async function readSnapshot(file: string): Promise<Snapshot | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const parsed = snapshotSchema.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new Error(`${file} is not a valid snapshot: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  // Redacted again on the way in: a file written by an older version, recorded for the demo or
  // edited by hand goes through today's rules before it reaches a page.
  return redact(parsed.data);
}

export interface StoredEnvironment {
  latestGood: Snapshot | null;
  lastAttempt: Snapshot | null;
}

/**
 * Reads what the store knows about one environment. `current` is this run's attempt, already in
 * memory; without one (a build) both files are read.
 */
export async function readEnvironment(
  store: string,
  demoDir: string | null,
  service: string,
  environment: EnvironmentName,
  current?: Snapshot,
): Promise<StoredEnvironment> {
  const dir = folder(store, service, environment);
  const lastAttempt = current ?? (await readSnapshot(path.join(dir, 'last-attempt.json')));
  let latestGood = current && isGood(current) ? current : await readSnapshot(path.join(dir, 'latest.json'));
  if (!latestGood && demoDir) {
    const demo = await readSnapshot(path.join(folder(demoDir, service, environment), 'latest.json'));
    if (demo) latestGood = { ...demo, demo: true };
  }
  return { latestGood, lastAttempt };
}

const historyFile = (store: string, service: string) => {
  if (!SAFE.test(service)) throw new Error(`unsafe service id for a path: ${JSON.stringify(service)}`);
  return path.join(store, service, 'drift-history.json');
};

/**
 * The drift history of a service in the local store, null when there is none. A file of an older
 * version (a list of runs) is converted; one that does not parse counts as none, since history
 * only refines the page ("since"), and the next run writes a good one.
 */
export async function readHistory(store: string, service: string): Promise<ServiceHistory | null> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(historyFile(store, service), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || error instanceof SyntaxError) return null;
    throw error;
  }
  if (Array.isArray(parsed)) {
    const records = redact(parsed as { takenAt: string; drift: string[] }[]).filter(
      (r) => typeof r?.takenAt === 'string' && Array.isArray(r.drift),
    );
    return fromRecords(records);
  }
  const history = serviceHistorySchema.safeParse(redact(parsed));
  return history.success ? history.data : null;
}

export async function saveHistory(store: string, service: string, history: ServiceHistory): Promise<void> {
  await writeAtomically(historyFile(store, service), `${JSON.stringify(redact(history))}\n`);
}
