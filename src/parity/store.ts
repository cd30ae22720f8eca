/**
 * The snapshot store, one folder per service and environment:
 *   <store>/<service>/<env>/latest.json        last good snapshot (the environment answered)
 *   <store>/<service>/<env>/last-attempt.json  latest attempt, good or not
 *   <store>/<service>/<env>/history/<time>.json every attempt, the newest HISTORY_KEEP kept
 * Writes go to a temporary file first and are renamed, so a reader never sees half a file.
 * Recorded demo snapshots (same layout, latest.json only) stand in when the store has none.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { snapshotSchema, type EnvironmentName, type Snapshot } from '../schemas/snapshot.ts';
import { redact } from './redact.ts';

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

async function writeAtomic(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  // Redacted once more at the last moment: whatever the caller did, no secret reaches the disk.
  await writeFile(temporary, `${JSON.stringify(redact(value), null, 2)}\n`, { mode: 0o644 });
  await rename(temporary, file);
}

/** A snapshot is good when the environment answered: its health probe (or, without one, any probe) succeeded. */
export function isGood(snapshot: Snapshot): boolean {
  const outcomes = Object.entries(snapshot.probes);
  const health = snapshot.probes.health;
  if (health) return health.ok;
  return outcomes.some(([, o]) => o?.ok);
}

export async function saveAttempt(store: string, snapshot: Snapshot): Promise<void> {
  const dir = folder(store, snapshot.service, snapshot.environment);
  await writeAtomic(path.join(dir, 'history', `${fileTime(snapshot.takenAt)}.json`), snapshot);
  await writeAtomic(path.join(dir, 'last-attempt.json'), snapshot);
  if (isGood(snapshot)) await writeAtomic(path.join(dir, 'latest.json'), snapshot);
  await pruneHistory(path.join(dir, 'history'));
}

async function pruneHistory(dir: string): Promise<void> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  await Promise.all(files.slice(0, Math.max(0, files.length - HISTORY_KEEP)).map((f) => rm(path.join(dir, f), { force: true })));
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
  if (!parsed.success) throw new Error(`${file} is not a valid snapshot: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

export interface StoredEnvironment {
  latestGood: Snapshot | null;
  lastAttempt: Snapshot | null;
  /** Good snapshots, newest first. */
  history: Snapshot[];
}

export async function readEnvironment(store: string, demoDir: string | null, service: string, environment: EnvironmentName): Promise<StoredEnvironment> {
  const dir = folder(store, service, environment);
  let latestGood = await readSnapshot(path.join(dir, 'latest.json'));
  const lastAttempt = await readSnapshot(path.join(dir, 'last-attempt.json'));
  let history: Snapshot[] = [];
  try {
    const files = (await readdir(path.join(dir, 'history'))).filter((f) => f.endsWith('.json')).sort().reverse();
    const read = await Promise.all(files.map((f) => readSnapshot(path.join(dir, 'history', f)).catch(() => null)));
    history = read.filter((s): s is Snapshot => s !== null && isGood(s));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (!latestGood && demoDir) {
    const demo = await readSnapshot(path.join(folder(demoDir, service, environment), 'latest.json'));
    if (demo) latestGood = { ...demo, demo: true };
  }
  return { latestGood, lastAttempt, history };
}
